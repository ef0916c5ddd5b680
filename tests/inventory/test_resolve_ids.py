"""Which standard a reference names: an id from the app, or what a person types."""

from __future__ import annotations

from pathlib import Path

from labregistry.services import inventory, records
from tests.certificates.helpers import make_registry, pressure_standard


def test_an_id_from_the_app_is_that_standard_even_when_a_certificate_number_reads_like_it(tmp_path: Path) -> None:
    reg, first = make_registry(tmp_path / "home")
    try:
        decoy = records.create_standard(reg, pressure_standard(certificate_no=str(first), name="数字温度计标准装置",
                                                               code="04113100", quantity="温度",
                                                               range_text="(-40～300) ℃", accuracy_text="0.1级"))
        assert inventory.resolve_standard(reg, first) == first
        assert inventory.resolve_standard(reg, decoy) == decoy
        assert inventory.resolve_standard(reg, str(first)) == decoy  # typed: the certificate number first
    finally:
        reg.close()
