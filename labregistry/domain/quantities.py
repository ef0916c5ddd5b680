"""Measurement ranges: the text users type, and a normalised form to compare and search.

A range such as ``"(0~60) MPa"`` or ``"0.1 mV ~ 1000 V"`` becomes a :class:`MeasuredRange`
with a quantity name (``"pressure"``), and min/max in the quantity's canonical SI unit
(``0.0``/``6e7`` ``"Pa"``), so that "who can calibrate 0.5 MPa" is a numeric query across
institutes that write MPa, kPa, bar or kgf/cm².

Unit parsing and conversion is pint's (one shared registry, created on first use). The
result of parsing each distinct unit text is cached, so a ledger of 20,000 rows parses
each unit with pint once and the rest is regular expressions and arithmetic.

A few scales are not convertible physical units and are kept as they are written,
each as its own quantity: decibel levels (dB, dBm, dBμV), relative humidity (%RH), pH,
hardness scales (HRC, HV ...), turbidity (NTU) and %LEL. Their min/max are in that
scale, and only equal units compare.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from labregistry.domain.text import GROUPED_THOUSANDS, normalise
from labregistry.errors import DomainError, Issue
from labregistry.i18n import Message


@dataclass(frozen=True)
class QuantityKind:
    """A quantity: stable ``name``, labels, pint's spelling of its canonical unit, and ours."""

    name: str
    zh: str
    en: str
    pint_unit: str | None  # None: a scale kept as written (dB, %RH, pH, hardness ...)
    unit: str  # canonical unit, ASCII
    marker: str | None = None  # regex on pint's unit names that picks this among equal dimensions


# Order matters twice: it is the order of QUANTITY_NAMES (drop-downs), and among kinds with
# the same dimensions the first without a marker is the default.
_KINDS: tuple[QuantityKind, ...] = (
    QuantityKind("length", "长度", "length", "meter", "m"),
    QuantityKind("angle", "角度", "angle", "radian", "rad", r"radian|degree|arcminute|arcsecond|turn|grad"),
    QuantityKind("area", "面积", "area", "meter**2", "m^2"),
    QuantityKind("volume", "容量", "volume", "meter**3", "m^3"),
    QuantityKind("mass", "质量", "mass", "kilogram", "kg"),
    QuantityKind("force", "力", "force", "newton", "N"),
    QuantityKind("torque", "扭矩", "torque", "newton*meter", "N*m", r"newton|force_"),
    QuantityKind("pressure", "压力", "pressure", "pascal", "Pa"),
    QuantityKind("density", "密度", "density", "kilogram/meter**3", "kg/m^3"),
    QuantityKind(
        "mass_concentration",
        "质量浓度",
        "mass concentration",
        "kilogram/meter**3",
        "kg/m^3",
        r"(?<![a-z])gram / (milli)?liter|(milli|micro|nano|pico)gram",
    ),
    QuantityKind(
        "amount_concentration", "物质的量浓度", "amount-of-substance concentration", "mol/m**3", "mol/m^3"
    ),
    QuantityKind("amount", "物质的量", "amount of substance", "mol", "mol"),
    QuantityKind("velocity", "速度", "velocity", "meter/second", "m/s"),
    QuantityKind("acceleration", "加速度", "acceleration", "meter/second**2", "m/s^2"),
    QuantityKind(
        "rotational_speed", "转速", "rotational speed", "radian/second", "rad/s", r"radian|revolution"
    ),
    QuantityKind("volume_flow", "体积流量", "volume flow rate", "meter**3/second", "m^3/s"),
    QuantityKind("mass_flow", "质量流量", "mass flow rate", "kilogram/second", "kg/s"),
    QuantityKind("dynamic_viscosity", "动力黏度", "dynamic viscosity", "pascal*second", "Pa*s"),
    QuantityKind("kinematic_viscosity", "运动黏度", "kinematic viscosity", "meter**2/second", "m^2/s"),
    QuantityKind("energy", "能量", "energy", "joule", "J"),
    QuantityKind("power", "功率", "power", "watt", "W"),
    QuantityKind("temperature", "温度", "temperature", "kelvin", "K"),
    QuantityKind("time", "时间", "time", "second", "s"),
    QuantityKind("frequency", "频率", "frequency", "hertz", "Hz"),
    QuantityKind("voltage", "电压", "voltage", "volt", "V"),
    QuantityKind("current", "电流", "current", "ampere", "A"),
    QuantityKind("resistance", "电阻", "resistance", "ohm", "ohm"),
    QuantityKind("resistivity", "电阻率", "resistivity", "ohm*meter", "ohm*m"),
    QuantityKind("conductance", "电导", "conductance", "siemens", "S"),
    QuantityKind("conductivity", "电导率", "conductivity", "siemens/meter", "S/m"),
    QuantityKind("capacitance", "电容", "capacitance", "farad", "F"),
    QuantityKind("inductance", "电感", "inductance", "henry", "H"),
    QuantityKind("charge", "电荷量", "electric charge", "coulomb", "C"),
    QuantityKind("magnetic_flux_density", "磁感应强度", "magnetic flux density", "tesla", "T"),
    QuantityKind("magnetic_flux", "磁通量", "magnetic flux", "weber", "Wb"),
    QuantityKind("electric_field", "电场强度", "electric field strength", "volt/meter", "V/m"),
    QuantityKind("magnetic_field", "磁场强度", "magnetic field strength", "ampere/meter", "A/m"),
    QuantityKind("power_density", "功率密度", "power density", "watt/meter**2", "W/m^2"),
    QuantityKind("illuminance", "照度", "illuminance", "lux", "lx"),
    QuantityKind("luminous_intensity", "发光强度", "luminous intensity", "candela", "cd"),
    QuantityKind("luminous_flux", "光通量", "luminous flux", "lumen", "lm"),
    QuantityKind("luminance", "亮度", "luminance", "candela/meter**2", "cd/m^2"),
    QuantityKind("activity", "活度", "activity", "becquerel", "Bq", r"becquerel|curie"),
    QuantityKind("absorbed_dose", "吸收剂量", "absorbed dose", "gray", "Gy"),
    QuantityKind("dose_equivalent", "剂量当量", "dose equivalent", "sievert", "Sv", r"sievert|rem\b"),
    QuantityKind("absorbed_dose_rate", "吸收剂量率", "absorbed dose rate", "gray/second", "Gy/s"),
    QuantityKind(
        "dose_equivalent_rate",
        "剂量当量率",
        "dose equivalent rate",
        "sievert/second",
        "Sv/s",
        r"sievert|rem\b",
    ),
    QuantityKind("exposure", "照射量", "exposure", "coulomb/kilogram", "C/kg"),
    QuantityKind("dimensionless", "无量纲量（比值）", "dimensionless (ratio)", "dimensionless", "1"),
    # Scales kept as written.
    QuantityKind("level", "电平/声压级（dB）", "level (dB)", None, "dB"),
    QuantityKind("power_level", "功率电平（dBm）", "power level (dBm)", None, "dBm"),
    QuantityKind("voltage_level", "电压电平（dBμV）", "voltage level (dBμV)", None, "dBuV"),
    QuantityKind("humidity", "相对湿度", "relative humidity", None, "%RH"),
    QuantityKind("ph", "pH 值", "pH", None, "pH"),
    QuantityKind("hardness", "硬度", "hardness", None, "HRC"),
    QuantityKind("turbidity", "浊度", "turbidity", None, "NTU"),
    QuantityKind("lel", "可燃气体浓度（%LEL）", "combustible gas (%LEL)", None, "%LEL"),
)
KINDS: dict[str, QuantityKind] = {k.name: k for k in _KINDS}

#: quantity name -> (Chinese, English), in a sensible drop-down order.
QUANTITY_NAMES: OrderedDict[str, tuple[str, str]] = OrderedDict((k.name, (k.zh, k.en)) for k in _KINDS)

_SPECIAL_UNITS: dict[str, tuple[str, str]] = {
    "dB": ("level", "dB"),
    "dB(A)": ("level", "dB"),
    "dBA": ("level", "dB"),
    "dB(C)": ("level", "dB"),
    "dB(Z)": ("level", "dB"),
    "dBm": ("power_level", "dBm"),
    "dBμV": ("voltage_level", "dBuV"),
    "dBuV": ("voltage_level", "dBuV"),
    "%RH": ("humidity", "%RH"),
    "%rh": ("humidity", "%RH"),
    "RH%": ("humidity", "%RH"),
    "RH": ("humidity", "%RH"),
    "pH": ("ph", "pH"),
    "NTU": ("turbidity", "NTU"),
    "%LEL": ("lel", "%LEL"),
    "LEL%": ("lel", "%LEL"),
    "LEL": ("lel", "%LEL"),
}
_HARDNESS = re.compile(
    r"HR[A-HK]|HR(?:15|30|45)[NTWXY]|HV\d*(?:\.\d+)?|HK\d*(?:\.\d+)?|HBW|HBS|HB|HL[DCG]?|HS|HA|HD"
)

# Spellings pint does not know, and typos common enough in ledgers to forgive.
_UNIT_ALIASES: dict[str, str] = {
    "°C": "degC",
    "°F": "degF",
    "°": "degree",
    "′′": "arcsecond",
    "″": "arcsecond",
    '"': "arcsecond",
    "′": "arcminute",
    "'": "arcminute",
    "r/min": "rpm",
    "r/s": "rps",
    "Torr": "torr",
    "ppb": "nmol/mol",
    "%vol": "percent",
    "%VOL": "percent",
    "%(V/V)": "percent",
    "%": "percent",
    "Ohm": "ohm",
    "Mpa": "MPa",
    "MPA": "MPa",
    "mpa": "MPa",
    "Kpa": "kPa",
    "KPa": "kPa",
    "KPA": "kPa",
    "kpa": "kPa",
    "Gpa": "GPa",
    "HZ": "Hz",
    "hz": "Hz",
    "KHz": "kHz",
    "KHZ": "kHz",
    "khz": "kHz",
    "Khz": "kHz",
    "MHZ": "MHz",
    "Mhz": "MHz",
    "GHZ": "GHz",
    "Ghz": "GHz",
    "KV": "kV",
    "Kv": "kV",
    "KW": "kW",
    "KΩ": "kΩ",
    "Kg": "kg",
    "KG": "kg",
    "KN": "kN",
    "Kn": "kN",
    "MM": "mm",
    "CM": "cm",
    "ML": "mL",
    "Ml": "mL",
}

_TEMPERATURE_SIGNS = re.compile(r"°\s*([CF])\b")
_EXPONENT_WITHOUT_CARET = re.compile(r"(?<![A-Za-zμ])([kcdmμu]?m|s)([23])(?![0-9A-Za-z])")
_DOT_PRODUCT = re.compile(r"(?<=[A-Za-z])\.(?=[A-Za-z])")


@dataclass(frozen=True)
class UnitInfo:
    """How to bring a value in one unit into its quantity's canonical unit.

    ``canonical = value * scale + offset``; ``offset`` is non-zero only for °C and °F,
    and a difference (an uncertainty) uses ``scale`` alone. Results are rounded to 12
    significant digits so that 10 μm is 1e-05 m and -40 ℃ is 233.15 K, not 233.14999...
    """

    quantity: str
    unit: str
    scale: float
    offset: float
    dims: Any  # pint dimensionality; None for scales kept as written

    def convert(self, value: float, delta: bool = False) -> float:
        result = value * self.scale + (0.0 if delta else self.offset)
        return float(f"{result:.12g}")


@lru_cache(maxsize=1)
def unit_registry() -> Any:
    """The shared pint registry (created on first use: it takes a tenth of a second)."""
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=1)
def _kinds_by_dims() -> dict[Any, list[QuantityKind]]:
    ureg = unit_registry()
    table: dict[Any, list[QuantityKind]] = {}
    for kind in _KINDS:
        if kind.pint_unit is not None:
            dims = ureg.get_dimensionality(ureg.parse_units(kind.pint_unit))
            table.setdefault(dims, []).append(kind)
    return table


def _dims_of(kind: QuantityKind) -> Any:
    ureg = unit_registry()
    return ureg.get_dimensionality(ureg.parse_units(kind.pint_unit)) if kind.pint_unit else None


def _pint_spelling(text: str) -> str:
    text = _TEMPERATURE_SIGNS.sub(r"°\1", text.strip())
    text = _UNIT_ALIASES.get(text, text)
    text = _EXPONENT_WITHOUT_CARET.sub(r"\1^\2", text)
    return _DOT_PRODUCT.sub("*", text)


def _special_unit(text: str) -> UnitInfo | None:
    compact = text.replace(" ", "")
    if compact in _SPECIAL_UNITS:
        quantity, unit = _SPECIAL_UNITS[compact]
        return UnitInfo(quantity, unit, 1.0, 0.0, None)
    if _HARDNESS.fullmatch(compact):
        return UnitInfo("hardness", compact, 1.0, 0.0, None)
    return None


@lru_cache(maxsize=4096)
def lookup_unit(text: str) -> UnitInfo | None:
    """The quantity and conversion of a unit as written (``'MPa'``, ``'℃'``, ``'μV'``), or None."""
    text = normalise(text).strip()
    if not text:
        return None
    special = _special_unit(text)
    if special is not None:
        return special
    ureg = unit_registry()
    try:
        unit = ureg.parse_units(_pint_spelling(text))
    except Exception:  # noqa: BLE001  # pint raises many kinds (undefined, syntax, assertion) on odd text
        return None
    dims = ureg.get_dimensionality(unit)
    kind = _pick_kind(unit, dims)
    try:
        return _conversion(unit, dims, kind)
    except Exception:  # noqa: BLE001  # logarithmic and other non-linear units: not a range unit here
        return None


def _pick_kind(unit: Any, dims: Any) -> QuantityKind | None:
    candidates = _kinds_by_dims().get(dims)
    if not candidates:
        return None
    ureg = unit_registry()
    names = f"{unit} | {ureg.Quantity(1.0, unit).to_root_units().units}" if len(candidates) > 1 else ""
    for kind in candidates:
        if kind.marker and re.search(kind.marker, names):
            return kind
    return next((k for k in candidates if k.marker is None), candidates[0])


def _conversion(unit: Any, dims: Any, kind: QuantityKind | None) -> UnitInfo | None:
    ureg = unit_registry()
    if kind is None:
        # A unit of a quantity not in the table (e.g. W/(m·K)): named by its SI base units.
        target = ureg.Quantity(1.0, unit).to_base_units().units
        label = f"{target:~C}"
        quantity = f"other:{label}"
    else:
        target, label, quantity = ureg.parse_units(kind.pint_unit), kind.unit, kind.name
    zero = ureg.Quantity(0.0, unit).to(target).magnitude
    one = ureg.Quantity(1.0, unit).to(target).magnitude
    if zero != 0.0 and dims != ureg.get_dimensionality(ureg.parse_units("kelvin")):
        return None  # offset units other than temperatures are not expected
    return UnitInfo(quantity, label, float(one - zero), float(zero), dims)


def fits_quantity(info: UnitInfo, quantity: str) -> bool:
    """True when a unit can express ``quantity`` (same name, or same SI dimensions)."""
    if info.quantity == quantity:
        return True
    kind = KINDS.get(quantity)
    return (
        kind is not None
        and kind.pint_unit is not None
        and info.dims is not None
        and info.dims == _dims_of(kind)
    )


def quantity_key(text: str) -> str | None:
    """The quantity name for a name or a label in either language (``'压力'`` -> ``'pressure'``)."""
    wanted = normalise(text).strip().lower()
    for name, (zh, en) in QUANTITY_NAMES.items():
        if wanted in (name, zh.lower(), en.lower()):
            return name
    return None


def quantity_params(quantity: str) -> dict[str, str]:
    """Message parameters naming a quantity in both languages."""
    zh, en = QUANTITY_NAMES.get(quantity, (quantity, quantity))
    return {"quantity": quantity, "quantity_zh": zh, "quantity_en": en}


def to_canonical(value: float, unit: str, delta: bool = False) -> tuple[str, float, str]:
    """``(0.5, 'MPa')`` -> ``('pressure', 500000.0, 'Pa')``, for search input.

    ``delta=True`` converts a difference (an uncertainty, a tolerance): 1 ℃ -> 1 K.
    """
    info = lookup_unit(unit)
    if info is None:
        raise DomainError.from_issues([Issue("range.unit_unknown", "unit", unit, {"unit": unit})])
    return info.quantity, info.convert(float(value), delta), info.unit


# --------------------------------------------------------------------------------------
# Range grammar
# --------------------------------------------------------------------------------------

# A bare power of ten, "10⁶" (normalised "10^6") or "10^-9", is 1×10⁶ as Chinese labs write it:
# "(1~10⁶)Ω" was refused while "(1~1×10⁶)Ω" read.
NUMBER = (r"[+-]?\s?(?:10\s?\^\s?[+-]?\d+|(?:\d+(?:\.\d*)?|\.\d+)"
          r"(?:\s?[×xX*·]\s?10\s?\^?\s?[+-]?\d+|[eE][+-]?\d+)?)")
_NUMBER_PARTS = re.compile(
    r"(?P<sign>[+-]?)\s?(?:10\s?\^\s?(?P<power>[+-]?\d+)|(?P<mant>\d+(?:\.\d*)?|\.\d+)"
    r"(?:\s?[×xX*·]\s?10\s?\^?\s?(?P<exp>[+-]?\d+)|[eE](?P<exp2>[+-]?\d+))?)"
)
# "(2~5)×10⁻⁶": a power of ten after the bracket multiplies both bounds (then the unit, if any).
_OUTER_POWER = re.compile(r"^[×xX*·]\s?10\s?\^\s?(?P<exp>[+-]?\d+)\s*(?P<unit>.*)$")
_BOUND = re.compile(rf"^\s*(?P<num>{NUMBER})\s*(?P<unit>.*?)\s*$")
_PLUS_MINUS = re.compile(rf"^[(\[]?\s*±\s*(?P<num>{NUMBER})\s*[)\]]?\s*(?P<unit>.*?)\s*$")
_BRACKETED = re.compile(r"^[(\[](?P<body>[^()\[\]]*)[)\]]\s*(?P<unit>.*?)\s*$")
_SEPARATORS = re.compile(r"\s*(?:~+|—+|–+|至|到|\bto\b)\s*")
_LABEL = re.compile(r"^[^\d:±(\[]*:\s*")
# A comma groups thousands only in a number grouped as a whole (text.GROUPED_THOUSANDS, the rule
# the plain fields read too): an interval "(0,100) mV" was read as one value, 100 mV.
_THOUSANDS = re.compile(rf"(?<![\d,.]){GROUPED_THOUSANDS}(?![\d,])")
_GROUPED = re.compile(rf"{GROUPED_THOUSANDS}(?:\.\d+)?")  # with its decimals: (2,000.5)
_STRAY_COMMA = re.compile(r"\d,\d")
_BRACKETED_COMMA = re.compile(r"[(\[]\s*[+-]?\s?\d[\d.]*(?:\s*,\s*[\d.]+)+\s*[)\]]")
_EXPONENT_BEFORE = re.compile(r"(?:[×xX*·]\s?10\s?\^?|\d[eE]|\^)\s*$")
# A second amount after the range's unit, "(0~750)V 1kHz", "V/1kHz", "V@1kHz", "V·1kHz": pint read
# it as a product (V·kHz, stored as 'kg*m**2/A/s**4', 0 to 750000) and a search by voltage missed it.
_SECOND_AMOUNT = re.compile(
    r"^(?P<unit>[^\d\s/@·⋅*×][^\s/@·⋅*×]*)\s*(?:\s|[/@·⋅*×])\s*(?P<amount>\d+(?:\.\d+)?\s*(?P<other>[^\d\s].*))$")


def to_float(number: str) -> float:
    """``'1×10^-6'``, ``'- 40'``, ``'5e-6'``, ``'.5'`` -> float."""
    m = _NUMBER_PARTS.fullmatch(number.strip())
    if m is None:
        raise ValueError(number)
    if m.group("power") is not None:
        value, nonzero = float(f"{m.group('sign')}1e{m.group('power')}"), True
    else:
        exp = m.group("exp") or m.group("exp2") or "0"
        value = float(f"{m.group('sign')}{m.group('mant')}e{exp}")
        nonzero = any(ch in "123456789" for ch in m.group("mant"))
    if not math.isfinite(value) or (value == 0 and nonzero):
        raise ValueError(number)  # '1e400' is no figure (inf), nor '1×10^-400' (0)
    return value


@dataclass(frozen=True)
class MeasuredRange:
    """A range as typed and normalised: min/max in ``unit``, the quantity's canonical unit."""

    text: str
    quantity: str
    min: float
    max: float
    unit: str

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max

    def overlaps(self, low: float, high: float) -> bool:
        return self.min <= high and low <= self.max


@dataclass(frozen=True)
class _Bound:
    text: str
    value: float
    unit: str | None


class RangeParseError(Exception):
    """A range or an amount that cannot be read: ``code`` is the message code, with params."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _split_segments(text: str) -> list[str]:
    """Parts separated by ; 、 newline, or commas outside brackets: '(0~60)MPa, (0~1)kPa'; never
    the comma of '1,5 V' (between two digits: the comma rule's, which names the part it is in)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if depth <= 0 and (ch in ";、\n" or (ch == "," and not (text[i - 1 : i].isdigit()
                                                                 and text[i + 1 : i + 2].isdigit()))):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _split_pair(body: str) -> list[str]:
    """One or two bounds: split on ~ (and its kin), else on a dash that is not a sign."""
    body = _SEPARATORS.sub("~", body)
    if "~" in body:
        return body.split("~")
    for i, ch in enumerate(body):
        if ch == "-" and i > 0:
            before = body[:i].rstrip()
            if before and before[-1] not in "(~±+-" and not _EXPONENT_BEFORE.search(before):
                return [body[:i], body[i + 1 :]]
    return [body]


def _bound(text: str) -> _Bound:
    m = _BOUND.match(text)
    if m is None:
        raise RangeParseError("range.unparseable")
    return _Bound(m.group("num"), to_float(m.group("num")), m.group("unit") or None)


def _segment_bounds(segment: str) -> tuple[_Bound, _Bound]:
    """The two bounds of one segment, each with its unit (None when no unit is written)."""
    segment = _LABEL.sub("", segment)
    pm = _PLUS_MINUS.match(segment)
    if pm:
        value = to_float(pm.group("num"))
        unit = pm.group("unit") or None
        return _Bound(f"-{pm.group('num')}", -abs(value), unit), _Bound(pm.group("num"), abs(value), unit)
    bracketed = _BRACKETED.match(segment)
    outer = None
    power = None
    if bracketed:
        segment, outer = bracketed.group("body"), bracketed.group("unit") or None
        scaled = _OUTER_POWER.match(outer or "")
        if scaled is not None:
            power, outer = scaled.group("exp"), scaled.group("unit") or None
    parts = _split_pair(segment)
    if len(parts) > 2:
        raise RangeParseError("range.unparseable")
    bounds = [_bound(p) for p in parts]
    if power is not None:
        bounds = [_Bound(f"{b.text}×10^{power}", _scaled(b.value, int(power)), b.unit) for b in bounds]
    low, high = bounds[0], bounds[-1]
    if outer and (low.unit or high.unit):
        raise RangeParseError("range.unparseable")
    if len(bounds) == 2 and low.unit and not high.unit:
        raise RangeParseError("range.unparseable")  # "10 Hz~1000": which unit is the 1000 in?
    high_unit = high.unit or outer
    low_unit = low.unit or high_unit
    return _Bound(low.text, low.value, low_unit), _Bound(high.text, high.value, high_unit)


def _unit(unit: str | None, expected: str | None) -> UnitInfo:
    if unit is None:
        if expected == "dimensionless":
            return UnitInfo("dimensionless", "1", 1.0, 0.0, None)
        raise RangeParseError("range.unit_missing")
    info = lookup_unit(unit)
    if info is None:
        raise RangeParseError("range.unit_unknown", unit=unit)
    if expected is not None and not fits_quantity(info, expected):
        raise RangeParseError("range.unit_quantity", unit=unit, **quantity_params(expected))
    return info


def _mixed(first: UnitInfo, second: UnitInfo) -> RangeParseError:
    zh1, en1 = QUANTITY_NAMES.get(first.quantity, (first.quantity, first.quantity))
    zh2, en2 = QUANTITY_NAMES.get(second.quantity, (second.quantity, second.quantity))
    return RangeParseError(
        "range.mixed_quantities",
        first=first.unit,
        second=second.unit,
        first_zh=zh1,
        first_en=en1,
        second_zh=zh2,
        second_en=en2,
    )


def _same_quantity(a: UnitInfo, b: UnitInfo) -> bool:
    if a.dims is None or b.dims is None:
        return a.quantity == b.quantity and a.unit == b.unit
    return a.quantity == b.quantity or a.dims == b.dims


def _second_amount(segment: str, unit: str | None) -> None:
    """Refuse a unit followed by an amount of another quantity ("V 1kHz": a frequency, a condition
    of the parameter's); "mm/100mm" or "kg/m3" are units."""
    m = _SECOND_AMOUNT.match(unit or "")
    if m is None:
        return
    first, other = lookup_unit(m.group("unit")), lookup_unit(m.group("other"))
    if first is None or other is None or _same_quantity(first, other):
        return
    amount = m.group("amount")
    if "/" in (unit or "")[len(m.group("unit")): (unit or "").rfind(amount)] and other.quantity != "frequency":
        # a rate or a concentration with a number in its unit ("kPa/1min", "mg/100mL"): no
        # condition to move into the parameter, as a frequency is ("V/1kHz")
        raise RangeParseError("range.rate_amount", unit=unit or "")
    written = segment[: segment.rfind(amount)].rstrip(" /@·⋅*×")
    raise RangeParseError("range.second_amount", unit=m.group("unit"), amount=amount, range=written)


def _segment(segment: str, expected: str | None) -> tuple[UnitInfo, float, float]:
    low, high = _segment_bounds(segment)
    _second_amount(segment, high.unit)
    low_info, high_info = _unit(low.unit, expected), _unit(high.unit, expected)
    if not _same_quantity(low_info, high_info):
        raise _mixed(low_info, high_info)
    lo, hi = low_info.convert(low.value), high_info.convert(high.value)
    if lo > hi:
        raise RangeParseError("range.min_gt_max", min=_shown(low), max=_shown(high))
    return low_info, lo, hi


def _shown(bound: _Bound) -> str:
    return f"{bound.text} {bound.unit}" if bound.unit else bound.text


def _name_and_unit(info: UnitInfo, expected: str | None) -> tuple[str, str]:
    if expected is not None and expected != info.quantity and expected in KINDS:
        return expected, KINDS[expected].unit
    return info.quantity, info.unit


def _said_as_range(plain: str) -> str | None:
    """``plain`` with the bracket holding two numbers and one comma, "(0,100)" or "(1,500)"
    (an interval, or a thousand?), written as the range it may be, "(0~100)"; None when no
    bracket is so, "" when several are (no one range to say back; the caller also says none
    back when what it would say reads as no range). A bracket of one grouped number,
    "(1,000,000)" or "(2,000)" (no range ends at 000), is that number."""
    ambiguous = 0

    def as_range(bracket: re.Match[str]) -> str:
        nonlocal ambiguous
        number = "".join(bracket.group()[1:-1].split())
        if number.count(",") != 1 or (_GROUPED.fullmatch(number.lstrip("+-")) and number.split(",")[1][0] == "0"):
            return bracket.group()
        ambiguous += 1
        return bracket.group().replace(",", "~")

    said = _BRACKETED_COMMA.sub(as_range, plain)
    return None if not ambiguous else said.strip() if ambiguous == 1 else ""


def _ungroup(match: re.Match[str]) -> str:
    return match.group(0).replace(",", "")


#: The comma rule's refusals (text.GROUPED_THOUSANDS), and ``range.part``: one of them in a part
#: of a text of several. An instrument's range, free text otherwise, is held to these alone.
COMMA_RULES = frozenset({"range.comma", "range.bracket_comma", "range.bracket_commas", "range.part"})


def _comma_error(plain: str, quantity: str | None, clean: str | None = None) -> RangeParseError | None:
    """The comma rule on a normalised text (``clean``: it with its thousands ungrouped, when the
    caller has it): an ambiguous bracket said back as the range it may be, or a comma that groups
    no thousands."""
    as_range = _said_as_range(plain)
    if as_range and isinstance(_parse(as_range, quantity), MeasuredRange):
        return RangeParseError("range.bracket_comma", range=as_range)
    if as_range is not None:  # several such brackets, or what it says back reads as no range
        return RangeParseError("range.bracket_commas")
    if _STRAY_COMMA.search(_THOUSANDS.sub(_ungroup, plain) if clean is None else clean):
        return RangeParseError("range.comma")
    return None


def _comma_error_of_parts(text: str, plain: str, clean: str, quantity: str | None) -> RangeParseError | None:
    """The comma rule on a text, its part named when it has several (``range.part``: the whole
    text, the part's number and words, and the rule broken there, with the range that part may
    be): "DCV (0~10)V; ACV (0,100) mV" said only the rule, not which part it meant."""
    error = _comma_error(plain, quantity, clean)
    if error is None:
        return None
    parts = _split_segments(plain)
    if len(parts) > 1:
        for n, part in enumerate(parts, start=1):
            found = _comma_error(part, quantity)
            if found is not None:
                return RangeParseError("range.part", text=text, n=n, part=part,
                                       reason=Message(found.code, dict(found.params)))
    return error


@lru_cache(maxsize=16384)
def _parse(text: str, quantity: str | None) -> MeasuredRange | RangeParseError:
    plain = normalise(text)
    clean = _THOUSANDS.sub(_ungroup, plain)
    comma = _comma_error_of_parts(text, plain, clean, quantity)
    if comma is not None:
        return comma
    segments = _split_segments(clean)
    if not segments:
        return RangeParseError("range.unparseable")
    try:
        parsed = [_segment(s, quantity) for s in segments]
    except RangeParseError as err:
        return err
    except ValueError:
        return RangeParseError("range.unparseable")
    first = parsed[0][0]
    for info, _, _ in parsed[1:]:
        if not _same_quantity(first, info):
            return _mixed(first, info)
    name, unit = _name_and_unit(first, quantity)
    low = min(p[1] for p in parsed)
    high = max(p[2] for p in parsed)
    if not (math.isfinite(low) and math.isfinite(high)):
        return RangeParseError("range.unparseable")
    return MeasuredRange(text, name, low, high, unit)


def parse_span(text: str, delta: bool = False) -> tuple[UnitInfo | None, float, float]:
    """Low and high of one amount or span: ``'0.5 ℃'``, ``'(0.1~0.5)%'``, ``'±0.1%'``, ``'1×10^-6'``.

    For values that are not ranges (uncertainties, errors); ``delta=True`` converts them
    as differences. The UnitInfo is None when no unit is written. Raises RangeParseError.
    """
    try:
        low, high = _segment_bounds(normalise(text))
    except ValueError:
        raise RangeParseError("range.unparseable") from None
    if low.unit is None:
        return None, low.value, high.value
    low_info, high_info = _unit(low.unit, None), _unit(high.unit, None)
    if not _same_quantity(low_info, high_info):
        raise _mixed(low_info, high_info)
    return low_info, low_info.convert(low.value, delta), high_info.convert(high.value, delta)


def _scaled(value: float, power: int) -> float:
    """``value`` × 10^``power``; refused when no float holds it ('×10^400' ended in an
    OverflowError, '×10^-400' read as 0)."""
    if abs(power) > 300:  # 10.0 ** 309 raises; nothing measured is written so
        raise RangeParseError("range.unparseable")
    scaled = float(f"{value * 10.0 ** power:.12g}")
    if not math.isfinite(scaled) or (scaled == 0) != (value == 0):
        raise RangeParseError("range.unparseable")
    return scaled


def comma_issues(text: object, field: str = "range") -> list[Issue]:
    """The comma rule alone (:data:`COMMA_RULES`), for a range that is otherwise free text: an
    instrument's (``DCV 0~10 V 等`` need not read), whose figures trace reads where it reads
    (:mod:`labregistry.inventory.trace`). "(0,100) mV" is refused there as in a standard's own
    range, with the same message, rather than taken silently and never read."""
    result = _parse(str(text), None)
    if isinstance(result, RangeParseError) and result.code in COMMA_RULES:
        return [Issue(result.code, field, text, dict(result.params))]
    return []


def range_issues(text: str, quantity: str | None = None, field: str = "range") -> list[Issue]:
    """The issue with a range text, or an empty list."""
    result = _parse(str(text), quantity)
    if isinstance(result, RangeParseError):
        return [Issue(result.code, field, text, dict(result.params))]
    return []


def parse_range(text: str, quantity: str | None = None, field: str = "range") -> MeasuredRange:
    """Parse a measurement range; with ``quantity``, its unit must measure that quantity.

    Several parts of one quantity ("(0~60)MPa；(0~100)kPa") give their envelope.
    Raises DomainError with one issue: range.unparseable, range.unit_unknown,
    range.unit_missing, range.unit_quantity, range.min_gt_max, range.mixed_quantities.
    """
    if quantity is not None and quantity not in KINDS:
        raise ValueError(f"unknown quantity {quantity!r}; see QUANTITY_NAMES")
    result = _parse(str(text), quantity)
    if isinstance(result, RangeParseError):
        raise DomainError.from_issues([Issue(result.code, field, text, dict(result.params))])
    return result
