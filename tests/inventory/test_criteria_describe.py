"""What a report says was searched: the range in the user's unit, numbers as people write them."""

from __future__ import annotations

import pytest

from labregistry.inventory.criteria import build_criteria

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def described(**raw: str) -> dict[str, str]:
    return dict(build_criteria(kind="standards", **raw).describe("en"))  # type: ignore[arg-type]


def test_the_range_is_described_in_the_unit_typed_without_exponents() -> None:
    assert described(quantity="pressure", low="0", high="6", unit="MPa")["range"] == "0 ~ 6 MPa"
    assert described(quantity="pressure", low="0", high="6000000")["range"] == "0 ~ 6000000 Pa"
    assert described(low="-40", high="150", unit="℃")["range"] == "-40 ~ 150 °C"  # offset unit: back from K
    assert described(quantity="length", high="0.0001")["range"] == "~ 0.0001 m"
