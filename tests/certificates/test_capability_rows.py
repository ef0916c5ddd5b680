"""A standard's certificate prints its capability rows, one line each, as recorded (content version 2).

The rows are part of the content whose digest the QR code signs, so what the paper states
is what verifies offline. A certificate issued before the rows were printed (content
version 1) still verifies, and is compared with the record as it then printed it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.certificates import content as contents
from labregistry.domain.records import CapabilityInput
from labregistry.registry import Registry
from labregistry.services import certificates as svc
from labregistry.services import records
from tests.certificates.helpers import (
    CERT_NO,
    ISSUED,
    assert_signs_the_rows,
    assert_verifies_unchanged,
    make_registry,
    pdf_text,
    poppler_text,
    pressure_standard,
)
from tests.conftest import PASSPHRASE

ROWS = [CapabilityInput("压力（表压）", "(0～60) MPa", None, "0.05级"),
        CapabilityInput("压力（绝压）", "(0～6) MPa", None, "Urel=5×10⁻⁵ (k=2)", "温度 (20±2)℃")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, int]]:
    reg, sid = make_registry(tmp_path_factory.mktemp("rows") / "home")
    assert records.update(reg, "standard", sid, pressure_standard(capabilities=list(ROWS)))
    yield reg, sid
    reg.close()


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_row_is_printed_as_recorded_and_signed(site: tuple[Registry, int], tmp_path: Path,
                                                   language: str) -> None:
    reg, sid = site
    out = tmp_path / f"{language}.pdf"
    svc.issue_standard(reg, CERT_NO, out, svc.unlock(reg, PASSPHRASE), language=language, issued_on=ISSUED)
    spec = svc.standard_spec(reg, CERT_NO, svc.unlock(reg, PASSPHRASE), issued_on=ISSUED)
    assert spec.content["version"] == 2
    assert [(r["parameter"], r["range_text"], r["accuracy_text"], r["conditions"])
            for r in spec.content["capabilities"]] == [(r.parameter, r.range_text, r.accuracy_text, r.conditions)
                                                       for r in ROWS]
    text = squeezed("".join(pdf_text(out)))
    assert ("测量能力" if language == "zh" else "Capabilities") in text
    for row in ROWS:  # the exponent of 5×10⁻⁵ included: a certificate once lost one
        for value in (row.parameter, row.range_text, row.accuracy_text, row.conditions):
            assert value is None or squeezed(value) in text, value
    poppler = poppler_text(out)
    if poppler is not None:
        assert squeezed("Urel=5×10⁻⁵ (k=2)") in squeezed(poppler)
    (check,) = svc.verify_source(reg, out)
    assert check.genuine and check.record_state == "unchanged" and check.page_checked

    row = records.get(reg, "standard", sid).capabilities[1]
    changed = [ROWS[0], CapabilityInput(row.parameter, row.range_text, None, "Urel=6×10⁻⁵ (k=2)", row.conditions)]
    assert_signs_the_rows(reg, sid, out, ROWS, changed)


def test_a_certificate_of_content_version_1_still_verifies_unchanged(site: tuple[Registry, int], tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """As issued before the rows were printed: the content without them, the digest over that."""
    reg, sid = site
    monkeypatch.setattr(svc.contents, "standard_content", functools.partial(contents.standard_content, version=1))
    out = tmp_path / "v1.pdf"
    issued = svc.issue_standard(reg, CERT_NO, out, svc.unlock(reg, PASSPHRASE), issued_on=ISSUED)
    monkeypatch.undo()
    assert "测量能力" not in "".join(pdf_text(out))
    assert_verifies_unchanged(reg, out, issued.payload)
