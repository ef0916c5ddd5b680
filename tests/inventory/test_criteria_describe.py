"""What a report says was searched: the range in the user's unit, numbers as people write them."""

from __future__ import annotations

import pytest

from labregistry import i18n
from labregistry.inventory.criteria import build_criteria

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def described(**raw: str) -> dict[str, str]:
    pairs = build_criteria(kind="standards", **raw).describe()  # type: ignore[arg-type]
    return {label.render("en"): i18n.rendered(value, "en") for label, value in pairs}


def test_the_range_is_described_in_the_unit_typed_without_exponents() -> None:
    assert described(quantity="pressure", low="0", high="6", unit="MPa")["range"] == "0 ~ 6 MPa"
    assert described(quantity="pressure", low="0", high="6000000")["range"] == "0 ~ 6000000 Pa"
    assert described(low="-40", high="150", unit="℃")["range"] == "-40 ~ 150 °C"  # offset unit: back from K
    assert described(quantity="length", high="0.0001")["range"] == "~ 0.0001 m"


def test_the_same_criteria_read_in_either_language() -> None:
    """describe() gives both languages; the report or the page shows the reader's."""
    pairs = build_criteria(kind="standards", quantity="pressure", text="压力").describe()
    assert [(label.render("zh"), i18n.rendered(value, "zh")) for label, value in pairs] == [
        ("检索", "计量标准"), ("关键词", "压力"), ("量", "压力")]
    assert [(label.render("en"), i18n.rendered(value, "en")) for label, value in pairs] == [
        ("kind", "standards"), ("text", "压力"), ("quantity", "pressure")]
