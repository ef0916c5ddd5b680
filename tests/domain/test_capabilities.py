"""Capability rows: read from one line (add-standard --capability), validated, derived when absent."""

from __future__ import annotations

import pytest

from labregistry.domain import parse_accuracy, parse_range
from labregistry.domain.capabilities import parse_capability, row_from_standard
from labregistry.domain.records import CapabilityInput, StandardInput
from labregistry.domain.validation import validate_standard
from labregistry.errors import DomainError

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


@pytest.mark.parametrize(
    "text,parameter,range_text,accuracy",
    [
        ("直流电压 (0~1000)V U=0.002%,k=2", "直流电压", "(0~1000)V", "U=0.002%,k=2"),
        ("交流电压 1kHz (0~750)V U=0.01%, k=2", "交流电压 1kHz", "(0~750)V", "U=0.01%, k=2"),  # a number in the name
        ("(0~60)MPa 0.05级", None, "(0~60)MPa", "0.05级"),  # no parameter
        ("直流电阻 1Ω~10MΩ MPE: ±(0.01%读数+0.005%量程)", "直流电阻", "1Ω~10MΩ", "MPE: ±(0.01%读数+0.005%量程)"),
    ],
)
def test_one_line_gives_parameter_range_and_accuracy(text: str, parameter: str | None, range_text: str,
                                                     accuracy: str) -> None:
    assert parse_capability(text) == CapabilityInput(parameter=parameter, range_text=range_text,
                                                     accuracy_text=accuracy)


@pytest.mark.parametrize("text", ["直流电压 (0~1000)", "直流电压 U=0.002%,k=2", "直流电压", ""])
def test_a_line_without_a_range_or_an_accuracy_is_refused_by_name(text: str) -> None:
    with pytest.raises(DomainError) as raised:
        parse_capability(text)
    [issue] = raised.value.issues
    assert (issue.code, issue.field, issue.value) == ("capability.unparseable", "capability", text)
    assert "直流电压 (0~1000)V U=0.002%,k=2" in raised.value.render("zh")


def _standard(**kw: object) -> StandardInput:
    base: dict[str, object] = dict(name="多功能校准器标准装置", code="15113100", grade="public", certificate_no="C-1",
                                   valid_until="2027-05-30", range_text="(0~1000)V", accuracy_text="U=0.002%,k=2")
    return StandardInput(**{**base, **kw})  # type: ignore[arg-type]


def test_rows_keep_their_own_range_accuracy_and_error() -> None:
    v = validate_standard(_standard(capabilities=[
        CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
        CapabilityInput("交流电压", "(0~750)V", "电压", "0.05级", "频率 1kHz"),
    ]))
    dc, ac = v.capabilities
    assert (dc.parameter, dc.range.max, dc.accuracy.text) == ("直流电压", 1000.0, "U=0.002%,k=2")
    assert dc.error is not None and dc.error.of_reading == pytest.approx(2e-5)
    assert (ac.parameter, ac.range.max, ac.conditions) == ("交流电压", 750.0, "频率 1kHz")
    assert ac.error is not None and (ac.error.basis, ac.error.of_span) == ("class", pytest.approx(5e-4))


def test_a_standard_without_rows_has_one_from_its_range_and_accuracy() -> None:
    [row] = validate_standard(_standard(code="01113100", accuracy_text="U=2μm+2×10⁻⁶L, k=2",
                                        range_text="(0~100)mm")).capabilities
    assert (row.parameter, row.range.text, row.accuracy.text) == (None, "(0~100)mm", "U=2μm+2×10⁻⁶L, k=2")
    assert row.error is not None and (row.error.constant, row.error.of_reading) == pytest.approx((2e-6, 2e-6))


def test_a_not_comparable_row_is_kept_without_an_error_model() -> None:
    [row] = validate_standard(_standard(accuracy_text="±(0.05%读数+2字)")).capabilities
    assert row.accuracy.text == "±(0.05%读数+2字)" and row.error is None


def test_a_bad_row_is_named_by_its_place() -> None:
    with pytest.raises(DomainError) as raised:
        validate_standard(_standard(capabilities=[
            CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
            CapabilityInput("直流电流", "(0~10)A", None, "U=0.5mV, k=2"),  # volts for a current
        ]))
    [issue] = raised.value.issues
    assert (issue.field, issue.code) == ("capabilities[1].accuracy_text", "accuracy.unit_quantity")
    assert raised.value.render("zh").startswith("测量能力第 2 项")


def test_a_peers_standard_without_rows_gets_one_from_its_stored_columns() -> None:
    rng = parse_range("(0~6)MPa")
    acc = parse_accuracy("MPE: ±0.05%FS", rng)
    row = row_from_standard({"range_text": rng.text, "quantity": rng.quantity, "range_min": rng.min,
                             "range_max": rng.max, "unit": rng.unit, "accuracy_text": acc.text})
    assert (row["position"], row["parameter"], row["range_max"], row["accuracy_kind"]) == (0, None, 6e6, "MPE")
    assert (row["accuracy_basis"], row["error_of_span"], row["error_of_reading"]) == ("mpe", 5e-4, 0.0)


def test_a_peers_accuracy_that_no_longer_reads_is_kept_not_comparable() -> None:
    row = row_from_standard({"range_text": "(0~6)MPa", "quantity": "pressure", "range_min": 0.0, "range_max": 6e6,
                             "unit": "Pa", "accuracy_text": "见证书", "accuracy_kind": "U"})
    assert (row["accuracy_text"], row["accuracy_basis"], row["error_constant"]) == ("见证书", None, None)


@pytest.mark.parametrize("text", ["(0~750)V 1kHz", "(0~750)V/1kHz", "(0~750)V@1kHz", "(0~750)V·1kHz", "(0~20)A 50Hz"])
def test_a_frequency_after_the_ranges_unit_is_refused_and_said_to_go_in_the_parameter(text: str) -> None:
    """'(0~750)V 1kHz' was stored as 0 to 750000 of 'kg*m**2/A/s**4' (V times kHz), no warning:
    a search by voltage never found it. A second amount after the unit is refused, naming it."""
    with pytest.raises(DomainError) as err:
        parse_range(text)
    [issue] = err.value.issues
    assert issue.code == "range.second_amount"
    amount = "1kHz" if "kHz" in text else "50Hz"
    assert f"“{amount}”" in issue.message("zh") and "参数" in issue.message("zh")
    assert "in the parameter" in issue.message("en")


@pytest.mark.parametrize("text", ["(0~10)m2", "(0~10)kg/m3", "(0~1)1/K", "(0~5)mm/m"])
def test_a_unit_with_digits_of_its_own_still_reads(text: str) -> None:
    assert parse_range(text).max > 0


@pytest.mark.parametrize("text,parameter,written", [
    ("交流电压 (0~750)V 1kHz U=0.01%,k=2", "交流电压 1kHz", "(0~750)V"),
    ("交流电流 (0~20)A 50Hz U=0.02%,k=2", "交流电流 50Hz", "(0~20)A"),
])
def test_a_single_value_range_after_a_parameter_holding_a_range_is_refused(text: str, parameter: str,
                                                                           written: str) -> None:
    """The second line was stored with parameter '交流电流 (0~20)A' and range '50Hz': the message
    says how to write it, the frequency in the parameter."""
    with pytest.raises(DomainError) as err:
        validate_standard(_standard(capabilities=[parse_capability(text)]))
    [issue] = err.value.issues
    assert (issue.code, issue.field) == ("capability.range_in_parameter", "capabilities[0].range_text")
    assert f"参数“{parameter}”、测量范围“{written}”" in issue.message("zh")
    assert f"parameter '{parameter}', range '{written}'" in issue.message("en")


def test_a_single_value_range_is_kept_when_the_parameter_holds_no_range() -> None:
    row = parse_capability("交流电压 1kHz 10V U=0.01%,k=2")
    [cap] = validate_standard(_standard(capabilities=[row])).capabilities
    assert (cap.parameter, cap.range.min, cap.range.max) == ("交流电压 1kHz", 10.0, 10.0)


@pytest.mark.parametrize("text,parameter,value", [
    ("交流电压 (10Hz~1MHz) 10V U=0.01%,k=2", "交流电压 (10Hz~1MHz)", 10.0),
    ("交流电流 (40~1000)Hz 1A U=0.05%,k=2", "交流电流 (40~1000)Hz", 1.0),
])
def test_a_single_value_at_a_span_of_frequencies_is_kept(text: str, parameter: str, value: float) -> None:
    """A CMC row measured at one value over a span of frequencies (10 V from 10 Hz to 1 MHz) is
    common and right: the parameter holds the frequencies, the range the measured value. Only a
    frequency taken for the range, its measured range left in the parameter, is refused."""
    [cap] = validate_standard(_standard(capabilities=[parse_capability(text)])).capabilities
    assert (cap.parameter, cap.range.min, cap.range.max) == (parameter, value, value)


@pytest.mark.parametrize("text", ["(1~2)×10^400 Ω", "(1~2)×10⁴⁰⁰ Ω", "(1~2)×10^-400 Ω", "(1~2)×10^99999999999 V"])
def test_a_power_of_ten_beyond_a_floats_reach_is_refused_not_a_crash(text: str) -> None:
    """'(1~2)×10^400 Ω' ended add-standard with an internal error (OverflowError), and in a
    ledger or a peer's bundle likewise; '×10^-400' read as (0~0) Ω. Both are refused."""
    from labregistry.domain.accuracy import accuracy_issues
    from labregistry.domain.quantities import range_issues

    assert [i.code for i in range_issues(text)] == ["range.unparseable"]
    assert accuracy_issues("Urel=" + text.split()[0].replace("(1~2)", "(2~5)") + ", k=2")


@pytest.mark.parametrize("text", ["U=1×10^400 V, k=2", "U=1e400 V, k=2", "U=1×10^-400 V, k=2", "(0~1e400)V"])
def test_a_figure_no_float_holds_is_refused_not_stored_as_infinity_or_zero(text: str) -> None:
    """'U=1e400 V' was taken as an uncertainty of inf V, '1×10^-400 V' as 0 V: stored and
    compared as such. Refused, as a figure that cannot be read."""
    from labregistry.domain.accuracy import accuracy_issues
    from labregistry.domain.quantities import range_issues

    issues = range_issues(text) if text.startswith("(") else accuracy_issues(text)
    assert issues and not any(i.warning for i in issues), issues


@pytest.mark.parametrize("text,unit", [("(0~100)kPa/1min", "kPa/1min"), ("(0~5)mg/1L", "mg/1L"),
                                       ("(0~400)mg/100mL", "mg/100mL")])
def test_a_rate_written_with_a_number_in_its_unit_is_refused_as_a_rate(text: str, unit: str) -> None:
    """'(0~100)kPa/1min' was told to put '1min' in the parameter like a frequency ('交流电压
    1min'): it is a rate's unit with a number in it. The message says so."""
    from labregistry.domain.quantities import range_issues

    [issue] = range_issues(text)
    assert issue.code == "range.rate_amount", issue
    assert f"“{unit}”" in issue.message("zh") and "交流电压" not in issue.message("zh"), issue.message("zh")
    assert f"'{unit}'" in issue.message("en"), issue.message("en")
