"""Measurement ranges: forms people write, canonical SI values, and every refusal."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry.domain import (
    QUANTITY_NAMES,
    lookup_unit,
    parse_range,
    quantity_key,
    range_issues,
    to_canonical,
)
from labregistry.errors import DomainError
from labregistry.domain.accuracy import parse_accuracy

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def _refused(text: str, quantity: str | None = None, field: str = "range") -> tuple[str, dict[str, object]]:
    with pytest.raises(DomainError) as exc:
        parse_range(text, quantity, field=field)
    [issue] = exc.value.issues
    assert issue.field == field and issue.value == text
    return issue.code, issue.params


@pytest.mark.parametrize(
    "text,quantity,low,high,unit",
    [
        ("(0~60)MPa", "pressure", 0.0, 60e6, "Pa"),
        ("(0～60) MPa", "pressure", 0.0, 60e6, "Pa"),
        ("（０～６０）ＭＰａ", "pressure", 0.0, 60e6, "Pa"),
        ("0.1mV～1000V", "voltage", 1e-4, 1000.0, "V"),
        ("0.1 mV ~ 1000 V", "voltage", 1e-4, 1000.0, "V"),
        ("0.1mV至1000V", "voltage", 1e-4, 1000.0, "V"),
        ("10Hz-1GHz", "frequency", 10.0, 1e9, "Hz"),
        ("10 Hz～1 GHz", "frequency", 10.0, 1e9, "Hz"),
        ("10 Hz—1 GHz", "frequency", 10.0, 1e9, "Hz"),
        ("(1~100)KHz", "frequency", 1e3, 1e5, "Hz"),
        ("(-40~150)℃", "temperature", 233.15, 423.15, "K"),
        ("(-40～+150)°C", "temperature", 233.15, 423.15, "K"),
        ("(−40～+150) ° C", "temperature", 233.15, 423.15, "K"),
        ("(0~100)℉", "temperature", 255.372222222, 310.927777778, "K"),
        ("(0~2000)kN", "force", 0.0, 2e6, "N"),
        ("(1~500) mm", "length", 1e-3, 0.5, "m"),
        ("(0~10)µm", "length", 0.0, 1e-5, "m"),
        ("(0~10)μm", "length", 0.0, 1e-5, "m"),
        ("(0~10)um", "length", 0.0, 1e-5, "m"),
        ("0.5 MPa", "pressure", 5e5, 5e5, "Pa"),
        ("1Ω~100MΩ", "resistance", 1.0, 1e8, "ohm"),
        ("(0.001~10)A", "current", 1e-3, 10.0, "A"),
        ("(0～1)mg/L", "mass_concentration", 0.0, 1e-3, "kg/m^3"),
        ("(0.5~2)g/cm3", "density", 500.0, 2000.0, "kg/m^3"),
        ("(-100~100) kPa", "pressure", -1e5, 1e5, "Pa"),
        ("(0~10)N·m", "torque", 0.0, 10.0, "N*m"),
        ("(0~10)N.m", "torque", 0.0, 10.0, "N*m"),
        ("(0~3000)r/min", "rotational_speed", 0.0, 100 * math.pi, "rad/s"),
        ("(0~360)°", "angle", 0.0, 2 * math.pi, "rad"),
        ("(10~1000)m3/h", "volume_flow", 10 / 3600, 1000 / 3600, "m^3/s"),
        ("(0~10)m/s²", "acceleration", 0.0, 10.0, "m/s^2"),
        ("(0~100)%", "dimensionless", 0.0, 1.0, "1"),
        ("±10 V", "voltage", -10.0, 10.0, "V"),
        ("(0~1,000)kN", "force", 0.0, 1e6, "N"),
        ("直流电压：(0~1000)V", "voltage", 0.0, 1000.0, "V"),
        ("(0~60)MPa；(0~100)kPa", "pressure", 0.0, 60e6, "Pa"),
        ("(0~10)mSv", "dose_equivalent", 0.0, 0.01, "Sv"),
        ("(0~10)Gy/h", "absorbed_dose_rate", 0.0, 10 / 3600, "Gy/s"),
        ("1×10^-3~1 Pa", "pressure", 1e-3, 1.0, "Pa"),
        ("(0~1000)lx", "illuminance", 0.0, 1000.0, "lx"),
    ],
)
def test_forms_people_write(text: str, quantity: str, low: float, high: float, unit: str) -> None:
    rng = parse_range(text)
    assert rng.text == text
    assert (rng.quantity, rng.unit) == (quantity, unit)
    assert rng.min == pytest.approx(low, rel=1e-9, abs=1e-15)
    assert rng.max == pytest.approx(high, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(
    "text,quantity,low,high,unit",
    [
        ("(20～90)%RH", "humidity", 20.0, 90.0, "%RH"),
        ("(0~100)dB", "level", 0.0, 100.0, "dB"),
        ("-60~60 dB", "level", -60.0, 60.0, "dB"),
        ("-60-60 dB", "level", -60.0, 60.0, "dB"),
        ("(30~130)dB(A)", "level", 30.0, 130.0, "dB"),
        ("(-10~20)dBm", "power_level", -10.0, 20.0, "dBm"),
        ("(0~14)pH", "ph", 0.0, 14.0, "pH"),
        ("(20~70)HRC", "hardness", 20.0, 70.0, "HRC"),
        ("(100~1000)HV", "hardness", 100.0, 1000.0, "HV"),
    ],
)
def test_scales_kept_as_written(text: str, quantity: str, low: float, high: float, unit: str) -> None:
    rng = parse_range(text)
    assert (rng.quantity, rng.min, rng.max, rng.unit) == (quantity, low, high, unit)


def test_negative_lower_bound_is_not_taken_for_the_separator() -> None:
    rng = parse_range("-100-100 kPa")
    assert (rng.min, rng.max) == (-1e5, 1e5)
    assert parse_range("(-100--50)kPa").max == -5e4


def test_minus_forty_celsius_is_233_15_kelvin() -> None:
    assert parse_range("-40 ℃").min == 233.15
    assert to_canonical(-40, "℃") == ("temperature", 233.15, "K")
    assert to_canonical(1, "℃", delta=True) == ("temperature", 1.0, "K")


def test_to_canonical_for_search_input() -> None:
    assert to_canonical(0.5, "MPa") == ("pressure", 500000.0, "Pa")
    assert to_canonical(1, "GHz") == ("frequency", 1e9, "Hz")
    assert to_canonical(50, "%RH") == ("humidity", 50.0, "%RH")
    with pytest.raises(DomainError) as exc:
        to_canonical(1, "furlongz")
    assert exc.value.issues[0].code == "range.unit_unknown"


def test_pressure_range_in_volts_is_refused_naming_range_text() -> None:
    code, params = _refused("(0~60)V", "pressure", field="range_text")
    assert code == "range.unit_quantity"
    assert params["quantity"] == "pressure" and params["unit"] == "V"
    with pytest.raises(DomainError) as exc:
        parse_range("(0~60)V", "pressure", field="range_text")
    assert exc.value.render("zh") == "测量范围 (range_text) = '(0~60)V': 单位“V”不是压力的单位"
    assert (
        exc.value.render("en") == "measurement range (range_text) = '(0~60)V': 'V' is not a unit of pressure"
    )


def test_expected_quantity_accepts_its_own_units_and_same_dimension_units() -> None:
    assert parse_range("(0~60)MPa", "pressure").max == 60e6
    assert parse_range("(0~10)kgf/cm^2", "pressure").quantity == "pressure"
    rng = parse_range("(0~10)N·m", "energy")  # same dimension: the caller's quantity wins
    assert (rng.quantity, rng.unit) == ("energy", "J")
    assert parse_range("(0~1)", "dimensionless").unit == "1"
    assert _refused("(0~100)dB", "pressure")[0] == "range.unit_quantity"
    with pytest.raises(ValueError):
        parse_range("(0~60)MPa", "no such quantity")


def test_min_greater_than_max_is_refused() -> None:
    code, params = _refused("(60~0)MPa")
    assert code == "range.min_gt_max"
    assert params == {"min": "60 MPa", "max": "0 MPa"}
    assert _refused("1 GHz~10 Hz")[0] == "range.min_gt_max"
    assert _refused("(150~-40)℃")[0] == "range.min_gt_max"


def test_mixed_quantities_are_refused() -> None:
    code, params = _refused("0 V ~ 10 A")
    assert code == "range.mixed_quantities"
    assert (params["first"], params["second"]) == ("V", "A")
    assert _refused("(0.1~1000)V, (10Hz~1MHz)")[0] == "range.mixed_quantities"
    assert _refused("20HRC~70HRB")[0] == "range.mixed_quantities"


@pytest.mark.parametrize(
    "text,code",
    [
        ("", "range.unparseable"),
        ("abc", "range.unparseable"),
        ("(0~60~100)MPa", "range.unparseable"),
        ("10 Hz~1000", "range.unparseable"),
        ("(0.1mV~1V)V", "range.unparseable"),
        ("(0~60)", "range.unit_missing"),
        ("(0~60)furlongz", "range.unit_unknown"),
        ("(0~60)米", "range.unit_unknown"),
    ],
)
def test_other_refusals(text: str, code: str) -> None:
    assert _refused(text)[0] == code
    assert [i.code for i in range_issues(text)] == [code]


def test_messages_in_both_languages() -> None:
    with pytest.raises(DomainError) as exc:
        parse_range("(0~60)furlongz")
    assert "无法识别的单位“furlongz”" in exc.value.render("zh")
    assert "unknown unit 'furlongz'" in exc.value.render("en")


def test_quantity_names_and_keys() -> None:
    assert QUANTITY_NAMES["pressure"] == ("压力", "pressure")
    assert QUANTITY_NAMES["voltage"][0] == "电压"
    for needed in (
        "frequency",
        "temperature",
        "length",
        "mass",
        "force",
        "torque",
        "current",
        "resistance",
        "time",
        "dimensionless",
        "level",
        "humidity",
    ):
        assert needed in QUANTITY_NAMES
    assert quantity_key("压力") == "pressure"
    assert quantity_key("Pressure") == "pressure"
    assert quantity_key("torque") == "torque"
    assert quantity_key("widgets") is None


def test_unit_lookup_is_cached() -> None:
    lookup_unit.cache_clear()
    first = lookup_unit("kPa")
    assert lookup_unit("kPa") is first
    assert lookup_unit.cache_info().hits >= 1
    assert lookup_unit("no-such-unit") is None


_UNITS = [("MPa", 1e6), ("mV", 1e-3), ("mm", 1e-3), ("kN", 1e3), ("Hz", 1.0), ("Ω", 1.0), ("μA", 1e-6)]
_finite = st.floats(-1e9, 1e9, allow_nan=False).filter(lambda x: x == 0 or abs(x) > 1e-9)


@given(_finite, _finite, st.sampled_from(_UNITS), st.sampled_from(["~", "～", " ~ ", "至"]), st.booleans())
def test_formatted_range_round_trips(
    a: float, b: float, unit: tuple[str, float], sep: str, space: bool
) -> None:
    low, high = sorted((a, b))
    symbol, scale = unit
    rng = parse_range(f"({low!r}{sep}{high!r}){' ' if space else ''}{symbol}")
    assert rng.min == pytest.approx(low * scale, rel=1e-10, abs=1e-300)
    assert rng.max == pytest.approx(high * scale, rel=1e-10, abs=1e-300)
    assert rng.min <= rng.max


@given(st.floats(-273, 3000, allow_nan=False), st.floats(-273, 3000, allow_nan=False))
def test_celsius_round_trips(a: float, b: float) -> None:
    low, high = sorted((a, b))
    rng = parse_range(f"({low!r}~{high!r})℃")
    assert rng.min == pytest.approx(low + 273.15, abs=1e-6)
    assert rng.max == pytest.approx(high + 273.15, abs=1e-6)


@given(st.text(max_size=40))
def test_arbitrary_text_is_parsed_or_refused_never_crashes(text: str) -> None:
    try:
        parse_range(text)
    except DomainError as err:
        assert err.issues[0].code.startswith("range.")


@given(st.text(alphabet="0123456789.-~()+± %°℃ΩμkmMGVAHzPa;,", max_size=25))
def test_range_like_text_never_crashes(text: str) -> None:
    try:
        rng = parse_range(text)
    except DomainError:
        return
    assert rng.min <= rng.max


@pytest.mark.parametrize("text,said_back", [
    ("(0,100) mV", "(0~100) mV"), ("[0,100]V", "[0~100]V"), ("（0，100）mV", "(0~100)mV"),
    ("(1,500) kPa", "(1~500) kPa"), ("(0.5,10) V", "(0.5~10) V"), ("(1,5) V", "(1~5) V"),
])
def test_a_comma_in_brackets_is_refused_not_read_as_one_value(text: str, said_back: str) -> None:
    """"(0,100) mV" was read as one value, 100 mV (its comma taken for a thousands separator):
    a search then took a 0~100 mV standard for one that measures 0.1 V only. Said back as the
    range it may be, every such bracket, and never "remove the comma" alone: (1,5) V may be a
    decimal comma, 1.5 V, which would read as 15."""
    with pytest.raises(DomainError) as raised:
        parse_range(text)
    assert raised.value.issues[0].code == "range.bracket_comma"
    assert f"若是范围请写作 {said_back}；若是一个数值，请不用逗号（小数点用“.”）" in raised.value.issues[0].message("zh")


def test_a_bracket_of_one_grouped_number_is_that_number_and_others_are_refused() -> None:
    """"(1,000,000) Pa" was said back as the range (1~000~000) Pa: it is one grouped number, and
    so is (2,000): no range ends at 000."""
    rng = parse_range("(1,000,000) Pa")
    assert (rng.min, rng.max) == (1e6, 1e6)
    assert (parse_range("(2,000) kPa").min, parse_range("(2,000) kPa").max) == (2e6, 2e6)
    assert parse_range("(2,000.5) V").max == 2000.5  # with its decimals: said back as (2~000.5) V before
    with pytest.raises(DomainError) as raised:
        parse_range("(0,100,200) mV")
    assert raised.value.issues[0].code == "range.comma"


@pytest.mark.parametrize("text", ["(1,500)kPa~(2,500)kPa", "(1,500)kPa~(2,000)kPa", "(2,000.) mV", "((0,100)) mV",
                                  "±(1,500) mV", "(- 1,500) mV", "(0, 100) mV"])
def test_no_range_said_back_that_reads_as_none(text: str) -> None:
    """"(1,500)kPa~(2,000)kPa" was said back as "(1~500)kPa~(2,000)kPa", "(2,000.) mV" as
    "(2~000.) mV": texts that read as no range. "(- 1,500) mV" was taken silently for -1.5 V."""
    with pytest.raises(DomainError) as raised:
        parse_range(text)
    assert raised.value.issues[0].code in ("range.bracket_commas", "range.bracket_comma"), text
    message = raised.value.issues[0].message("zh")
    if raised.value.issues[0].code == "range.bracket_comma":  # what it says back reads as a range
        said = message.split("若是范围请写作 ")[1].split("；")[0]
        assert parse_range(said).max >= parse_range(said).min


@pytest.mark.parametrize("text", ["0,100 mV", "1234,567 Pa", "1,50 Pa", "1,5000 Pa", "1,500,00 Pa", "00,100 Pa"])
def test_a_comma_that_does_not_group_thousands_is_refused(text: str) -> None:
    """'1234,567 Pa' was read as 1234567 Pa, '0,100 mV' as 100 mV: a comma groups thousands only
    in a number grouped as a whole, as the plain fields read it (domain.plainfields)."""
    with pytest.raises(DomainError) as raised:
        parse_range(text)
    assert raised.value.issues[0].code == "range.comma"
    assert raised.value.issues[0].message("en").startswith("a comma may only group thousands")


@pytest.mark.parametrize(
    "text,low,high",
    [("1,500 Pa", 1500.0, 1500.0), ("(0~1,500) kPa", 0.0, 1.5e6), ("2,000,000 Ω", 2e6, 2e6),
     ("1,500.5 Pa", 1500.5, 1500.5), ("(0~60)MPa, (0~1)kPa", 0.0, 6e7), ("(0~1，000)kN", 0.0, 1e6)],
)
def test_grouped_thousands_and_segment_commas_still_read(text: str, low: float, high: float) -> None:
    rng = parse_range(text)
    assert (rng.min, rng.max) == (low, high)


@pytest.mark.parametrize("text", ["U=0,05%, k=2", "MPE: ±0,5 ℃", "0,05级"])
def test_a_decimal_comma_in_an_accuracy_is_said_to_be_one(text: str) -> None:
    """"U=0,05%, k=2" was refused as "unknown unit ',05%'": the fault is the decimal comma."""
    with pytest.raises(DomainError) as raised:
        parse_accuracy(text, parse_range("(0~100)℃") if "℃" in text else None)
    assert raised.value.issues[0].code == "accuracy.comma", raised.value.issues[0]
    assert "小数点请用“.”" in raised.value.issues[0].message("zh")


def test_commas_an_accuracy_may_hold_still_read() -> None:
    assert parse_accuracy("U=0.05%,k=2").k == 2
    assert parse_accuracy("U=0.5℃，k=2", parse_range("(0~100)℃")).k == 2


def test_a_range_of_several_parts_names_the_whole_text_and_the_part_its_comma_fails() -> None:
    """"DCV (0~10)V; ACV (0,100) mV" was refused with the bare bracket message, which said neither
    which of the two parts it meant nor the range that part may be: the message names the whole
    text, the part (by number and as written) and the rule for that part."""
    text = "DCV (0~10)V; ACV (0,100) mV"
    with pytest.raises(DomainError) as raised:
        parse_range(text)
    (issue,) = raised.value.issues
    assert issue.value == text
    assert issue.message("zh") == (
        "“DCV (0~10)V; ACV (0,100) mV”的第 2 段“ACV (0,100) mV”：括号内的逗号有歧义（千位分隔、小数点，还是范围？）："
        "范围请用“~”写作 (0~100) mV 的形式；数值请不用逗号（小数点用“.”）")
    with pytest.raises(DomainError) as raised:
        parse_range("(0~10) V, (0,100) mV；(0~1) V")
    assert raised.value.issues[0].message("en") == (
        "part 2 of '(0~10) V, (0,100) mV；(0~1) V', '(0,100) mV': a comma inside brackets is ambiguous (thousands, "
        "a decimal point, or a range?): write a range as (0~100) mV; a single value without a comma (the decimal "
        "point is '.')")
    with pytest.raises(DomainError) as raised:
        parse_range("(0~10) V; 1,5 V")
    assert raised.value.issues[0].message("en").startswith("part 2 of '(0~10) V; 1,5 V', '1,5 V': a comma may only")
    # one part: the rule's own message, as before; thousands and segment commas still read
    with pytest.raises(DomainError) as raised:
        parse_range("(0,100) mV")
    assert raised.value.issues[0].code == "range.bracket_comma"
    assert parse_range("(0~1,500) kPa; (0~2,000) kPa").max == 2e6


@pytest.mark.parametrize("text,low,high,unit", [
    ("(1~10⁶)Ω", 1.0, 1e6, "ohm"),
    ("(10⁻⁹~10³)s", 1e-9, 1e3, "s"),
    ("10^-3 V~10^3 V", 1e-3, 1e3, "V"),
    ("(-10⁶~10⁶)Ω", -1e6, 1e6, "ohm"),
    ("(2~5)×10³Hz", 2e3, 5e3, "Hz"),  # a power after the bracket scales both bounds
    ("(1~1×10⁶)Ω", 1.0, 1e6, "ohm"),
])
def test_a_bare_power_of_ten_is_one_times_it(text: str, low: float, high: float, unit: str) -> None:
    """Chinese labs write (1~10⁶)Ω; it was refused while (1~1×10⁶)Ω read."""
    rng = parse_range(text)
    assert (rng.min, rng.max, rng.unit, rng.text) == (pytest.approx(low), pytest.approx(high), unit, text)
