"""Identifiers the registry keys on: institute codes, standard codes, procedure numbers.

* Unified social credit code (统一社会信用代码, GB 32100-2015). It identifies an institute
  in every bundle and every traceability link, so a typo would silently create a second
  institute: the mod-31 check character is always verified.
* Measurement standard code (计量标准代码, JJF 1022-2014): eight digits, four levels.
  Search and statistics group standards by discipline, so the discipline must be real.
* Procedure numbers (JJG / JJF / GB ...): a verification certificate is only lawful under
  the right regulation, and editions are told apart by year, so they are normalised to
  one spelling ("JJG 52-2013").

Each code has ``*_issues(text) -> list[Issue]`` (errors and warnings, never raises) and a
``parse_*``/``check_*`` function that raises :class:`DomainError` on errors.
"""

from __future__ import annotations

import dataclasses
import re
from collections import OrderedDict
from dataclasses import dataclass

from labregistry.domain.quantities import QUANTITY_NAMES
from labregistry.domain.text import normalise
from labregistry.errors import DomainError, Issue

# --------------------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015)
# --------------------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

#: Registration authorities (登记管理部门代码, GB 32100-2015 table 1).
USCC_AUTHORITIES: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "public sector establishment"),
    "2": ("外交", "foreign affairs"),
    "3": ("司法行政", "justice administration"),
    "4": ("文化", "culture"),
    "5": ("民政", "civil affairs"),
    "6": ("旅游", "tourism"),
    "7": ("宗教", "religious affairs"),
    "8": ("工会", "trade unions"),
    "9": ("工商（市场监管）", "market regulation"),
    "A": ("中央军委改革和编制办公室", "CMC reform and establishment office"),
    "N": ("农业", "agriculture"),
    "Y": ("其他", "other"),
}

#: Province part of the administrative division code, for the Yangtze River Delta.
USCC_REGION_PROVINCES = {"31": "上海", "32": "江苏", "33": "浙江", "34": "安徽"}


def normalise_uscc(text: object) -> str:
    """Strip, half-width, upper-case, and drop inner spaces and hyphens people type."""
    return re.sub(r"[\s\-]", "", normalise(str(text))).upper()


def uscc_check_char(first17: str) -> str:
    """The 18th character for 17 characters of the USCC alphabet (mod 31)."""
    body = normalise_uscc(first17)
    if len(body) != 17 or any(ch not in _USCC_VALUE for ch in body):
        raise ValueError(f"need 17 characters of {USCC_ALPHABET}, got {first17!r}")
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(body, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The 9th character of an organisation code (GB 11714, mod 11; 10 -> X, 11 -> 0)."""
    if len(first8) != 8 or not first8.isalnum():
        raise ValueError(f"need 8 digits or capital letters, got {first8!r}")
    total = sum(int(ch, 36) * w for ch, w in zip(first8.upper(), _ORG_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(first17: str) -> str:
    """``first17`` with its check character appended (for generators and tests)."""
    body = normalise_uscc(first17)
    return body + uscc_check_char(body)


def build_uscc(authority: str, org_type: str, region: str, org_body: str) -> str:
    """A fully valid code from its parts: both the org-code and the final check are computed.

    ``build_uscc("1", "2", "310000", "42500054")`` -> a public institution in Shanghai.
    ``org_body`` is the 8-character body of the organisation code (GB 11714).
    """
    first17 = authority + org_type + region + org_body + org_code_check_char(org_body)
    return make_uscc(first17)


def uscc_issues(text: object, field: str = "uscc") -> list[Issue]:
    """Every problem with a USCC; the org-code check is a warning (see :func:`check_uscc`)."""
    code = normalise_uscc(text) if text is not None else ""
    if len(code) != 18:
        return [Issue("uscc.length", field, text, {"length": len(code)})]
    bad = sorted({ch for ch in code if ch not in _USCC_VALUE})
    if bad:
        return [Issue("uscc.charset", field, text, {"chars": " ".join(bad)})]
    issues: list[Issue] = []
    if code[0] not in USCC_AUTHORITIES:
        issues.append(Issue("uscc.authority", field, text, {"char": code[0]}))
    if not code[2:8].isdigit():
        issues.append(Issue("uscc.region", field, text, {"region": code[2:8]}))
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        issues.append(Issue("uscc.check", field, text, {"expected": expected, "actual": code[17]}))
    elif code[8:16].isalnum() and code[16] != org_code_check_char(code[8:16]):
        # A warning: a few codes issued in the transition years carry organisation
        # codes that do not satisfy GB 11714; the mod-31 check above already passed.
        issues.append(
            Issue("uscc.org_check", field, text, {"expected": org_code_check_char(code[8:16])}, warning=True)
        )
    return issues


def check_uscc(text: object, field: str = "uscc") -> str:
    """The normalised code, or DomainError. Warnings (org-code check) do not raise."""
    errors = [i for i in uscc_issues(text, field) if not i.warning]
    if errors:
        raise DomainError.from_issues(errors)
    return normalise_uscc(text)


def uscc_province(code: str) -> str | None:
    """上海/江苏/浙江/安徽 from the administrative division code, None elsewhere."""
    return USCC_REGION_PROVINCES.get(normalise_uscc(code)[2:4])


# --------------------------------------------------------------------------------------
# Measurement standard codes (JJF 1022-2014)
# --------------------------------------------------------------------------------------

DISCIPLINES: OrderedDict[str, tuple[str, str]] = OrderedDict(
    [
        ("01", ("几何量", "geometrical quantities")),
        ("04", ("热学", "thermometry")),
        ("12", ("力学", "mechanics")),
        ("15", ("电磁学", "electromagnetism")),
        ("23", ("无线电", "radio")),
        ("25", ("时间频率", "time and frequency")),
        ("28", ("光学", "optics")),
        ("33", ("声学", "acoustics")),
        ("37", ("电离辐射", "ionising radiation")),
        ("46", ("物理化学", "physical chemistry")),
        ("51", ("纺织", "textiles")),
        ("53", ("铁路", "railways")),
        ("55", ("气象", "meteorology")),
        ("57", ("海洋", "oceanography")),
        ("59", ("邮电", "post and telecommunications")),
        ("61", ("交通运输", "transport")),
        ("63", ("建材", "building materials")),
        ("65", ("农林牧渔", "agriculture, forestry, animal husbandry and fishery")),
    ]
)

#: In every discipline: a level in dB (an attenuation, an insertion or return loss, a vibration
#: level, a signal's level) and a ratio (review 9: an optical attenuator's '(0~60)dB' and an
#: environmental vibration's 振级 '(60~130)dB' were refused).
_EVERYWHERE = ("level", "dimensionless")
_GEOMETRY = ("length", "angle", "area", "volume")
_ELECTRICAL = ("voltage", "current", "resistance", "resistivity", "conductance", "conductivity", "capacitance",
               "inductance", "charge", "magnetic_flux_density", "magnetic_flux", "electric_field", "magnetic_field",
               "power", "energy", "frequency", "time", "angle", "voltage_level")

#: What a standard of a level-1 discipline measures: the quantities (``domain.quantities``'
#: names) its own measurement range may be of. A range of another quantity contradicts the
#: code (the eighth trial: 04 热学 with a pressure range), a wrong code or a wrong range.
#: Each set is a judgement, not JJF 1022's table: what the discipline's standards are built
#: for, generous where a discipline measures through another quantity (a thermocouple's emf, a
#: transmitter's (4~20)mA, a colour temperature in K, an X-ray tube's kV and mA, a counter's
#: count rate in s⁻¹ or cps (read as a frequency), a vibration's displacement or a charge
#: amplifier's pC, a taximeter's distance, a sound pressure in Pa, a pulsed laser's repetition
#: rate and pulse width). Review 9 widened 04, 12, 25, 28, 33 and 37 for real standards refused.
#: Not listed, so any quantity: 无线电 (its standards measure electrical, time, frequency, power,
#: field and attenuation quantities alike), 物理化学 and the trades (纺织 ... 农林牧渔), whose
#: standards measure the quantities of the basic disciplines (气象: temperature, humidity, air
#: pressure, wind speed). A range whose quantity is not known (a scale kept as written, no
#: unit) is never refused by this rule. JJF 1022's own table of level 2-4 codes was not found
#: (docs/standard-codes.md), so the rule reads level 1 only. It judges what is entered (editor,
#: ``add-standard``, ledgers); an edit of a stored standard that leaves its code and its range's
#: quantity is warned (:func:`stored_discipline_issues`); ``check`` flags own records that break
#: it, and neither an own export nor a peer's bundle is refused for it (a peer's signed record
#: is the peer's).
DISCIPLINE_QUANTITIES: dict[str, frozenset[str]] = {discipline: frozenset((*quantities, *_EVERYWHERE)) for
                                                    discipline, quantities in {
    "01": _GEOMETRY,
    "04": ("temperature", "humidity", "energy", "power", "power_density", "voltage", "current", "resistance",
           "volume_flow", "mass_flow", "density", "kinematic_viscosity"),  # g/m³ absolute humidity, m²/s diffusivity
    "12": ("mass", "force", "torque", "pressure", "density", "volume", "volume_flow", "mass_flow", "velocity",
           "acceleration", "rotational_speed", "dynamic_viscosity", "kinematic_viscosity", "energy", "power",
           "hardness", "length", "angle", "area", "frequency", "time", "current", "charge"),
    "15": _ELECTRICAL,
    "25": ("time", "frequency", "length", "velocity", "rotational_speed", "angle"),  # phase in °
    "28": ("illuminance", "luminous_intensity", "luminous_flux", "luminance", "power", "power_density",
           "power_level", "energy", "length", "angle", "temperature", "frequency", "time"),
    "33": ("pressure", "frequency", "power", "power_density", "velocity", "acceleration", "voltage",
           "length", "time", "angle", "voltage_level"),
    "37": ("activity", "absorbed_dose", "dose_equivalent", "absorbed_dose_rate", "dose_equivalent_rate",
           "exposure", "voltage", "current", "charge", "energy", "time", "length", "frequency"),  # count rates
}.items()}


def discipline_quantity_issues(code: object, quantity: str | None, field: str, value: object) -> list[Issue]:
    """The error when the range ``value`` (of ``quantity``) is of a quantity the code's level-1
    discipline does not measure (:data:`DISCIPLINE_QUANTITIES`); [] when it is, or when the
    code or the quantity is not known (their own checks say so; a unit of no known kind, as
    'm⁻¹' for a 焦度计's dioptres, reads as ``other:1/m``)."""
    normalised = _normalise_standard_code(code)
    allowed = DISCIPLINE_QUANTITIES.get(normalised[:2])
    if (quantity is None or quantity not in QUANTITY_NAMES  # 'other:1/m': no kind known
            or allowed is None or quantity in allowed or not re.fullmatch(r"\d{8}", normalised)):
        return []
    zh, en = DISCIPLINES[normalised[:2]]
    names = [QUANTITY_NAMES[q] for q in QUANTITY_NAMES if q in allowed]
    quantity_zh, quantity_en = QUANTITY_NAMES[quantity]
    params = {"standard_code": normalised, "discipline": normalised[:2], "discipline_zh": zh, "discipline_en": en,
              "quantity_zh": quantity_zh, "quantity_en": quantity_en,
              "allowed_zh": "、".join(n[0] for n in names), "allowed_en": ", ".join(n[1] for n in names)}
    return [Issue("standard_code.quantity", field, value, params)]


@dataclass(frozen=True)
class StoredCode:
    """A stored standard's code and its own range's quantity (``standard.code``,
    ``standard.quantity``): what :func:`stored_discipline_issues` compares an edit with."""

    code: str
    quantity: str | None


def stored_discipline_issues(issues: list[Issue], code: str, quantity: str | None,
                             stored: StoredCode | None) -> list[Issue]:
    """The discipline rule's ``issues`` for an edit of a stored standard: warnings
    (``standard_code.quantity_stored``) when neither the code nor the range's quantity changes.

    The rule binds what is entered; a standard stored before it (or before its sets were judged
    anew) must still be suspended, revoked or corrected in another field: refusing the save
    until the code or range were changed would keep a lab manager from recording that a
    standard is out of use. The warning names what to correct; changing the code or the
    quantity is entry, and the rule binds it again."""
    if stored is None or not issues or _normalise_standard_code(stored.code) != code or stored.quantity != quantity:
        return issues
    return [dataclasses.replace(i, code="standard_code.quantity_stored", warning=True) for i in issues]


#: Level values from here up are catch-all ("其他") entries of JJF 1022-2014.
CATCH_ALL_FROM = 90


@dataclass(frozen=True)
class StandardCode:
    """A JJF 1022-2014 code. ``temporary``: a provincial code below a catch-all entry."""

    code: str
    discipline: str
    discipline_name_zh: str
    discipline_name_en: str
    temporary: bool = False

    @property
    def levels(self) -> tuple[str, str, str, str]:
        c = self.code
        return (c[0:2], c[2:4], c[4:6], c[6:8])


def _normalise_standard_code(text: object) -> str:
    # Excel turns 01101000 into the number 1101000: put the leading zeros back.
    if isinstance(text, int) and not isinstance(text, bool) and 0 <= text < 10**8:
        return f"{text:08d}"
    if isinstance(text, float) and text.is_integer() and 0 <= text < 10**8:
        return f"{int(text):08d}"
    return re.sub(r"\s", "", normalise(str(text))) if text is not None else ""


def standard_code_issues(text: object, field: str = "code") -> list[Issue]:
    """Errors (format, discipline, level gap) and the ``temporary`` warning.

    Temporary-code rule: a level whose value is 90-99 is a catch-all ("其他") entry.
    A catch-all followed only by 00 is a normal national code (e.g. 12019000). A
    catch-all followed by a non-00 lower level is not in the national catalogue: such
    codes are issued by provinces as temporary codes (e.g. 01219001 under 012190xx).
    They are accepted and flagged ``temporary``.
    """
    code = _normalise_standard_code(text)
    if not re.fullmatch(r"\d{8}", code):
        return [Issue("standard_code.format", field, text)]
    levels = [code[i : i + 2] for i in range(0, 8, 2)]
    issues: list[Issue] = []
    if levels[0] not in DISCIPLINES:
        issues.append(Issue("standard_code.discipline", field, text, {"discipline": levels[0]}))
    for i in range(1, 3):
        if levels[i] == "00" and any(lv != "00" for lv in levels[i + 1 :]):
            issues.append(Issue("standard_code.level_gap", field, text, {"level": i + 1, "next": i + 2}))
            break
    catch_all = _temporary_level(levels)
    if catch_all is not None and not issues:
        params = {"level": catch_all + 1, "catch_all": levels[catch_all]}
        issues.append(Issue("standard_code.temporary", field, text, params, warning=True))
    return issues


def _temporary_level(levels: list[str]) -> int | None:
    """Index of the catch-all level that has a non-00 level below it, if any."""
    for i in range(1, 3):
        if int(levels[i]) >= CATCH_ALL_FROM and any(lv != "00" for lv in levels[i + 1 :]):
            return i
    return None


def parse_standard_code(text: object, field: str = "code") -> StandardCode:
    """The code with its discipline; DomainError on errors, temporary codes accepted."""
    issues = standard_code_issues(text, field)
    errors = [i for i in issues if not i.warning]
    if errors:
        raise DomainError.from_issues(errors)
    code = _normalise_standard_code(text)
    zh, en = DISCIPLINES[code[:2]]
    return StandardCode(code, code[:2], zh, en, temporary=bool(issues))


# --------------------------------------------------------------------------------------
# Procedures: JJG / JJF / GB / industry and local standards
# --------------------------------------------------------------------------------------

_PROC_PREFIX = (
    r"(?P<kind>"
    r"JJ[GF](?:\([^)]{1,8}\))?"  # JJG, JJF, and local/departmental JJG(沪), JJF(浙), JJG(铁道)
    r"|GB(?:/[TZ])?"  # national standards
    r"|DB\d{2}(?:/T)?"  # local standards: DB31 上海, DB32 江苏, DB33 浙江, DB34 安徽
    r"|ISO/IEC|ISO|IEC|OIML\s?[RD]"  # international documents
    r"|[A-Z]{1,3}(?:/[TZ])?"  # industry standards: JB/T, DL/T, HJ, YY/T, QX/T, SN/T ...
    r")"
)
_PROC_RE = re.compile(
    _PROC_PREFIX
    # 1059.1, 2423.1; dash-numbered parts only before an ISO-style ":year" (61000-4-2:2008)
    + r"\s*(?P<number>\d+(?:\.\d+)*(?:(?:-\d+)+(?=\s*:))?)"
    + r"(?:\s*[-:]\s*(?P<year>\d+))?"
    # a title may follow, in brackets or in Chinese: JJG 52-2013《弹性元件式...》
    + r"(?P<title>\s*(?:[《<(]|[^\x00-\x7f]).*)?$"
)


@dataclass(frozen=True)
class Procedure:
    """A procedure number. ``text`` is the normalised spelling, e.g. ``'JJG 52-2013'``."""

    kind: str
    number: str
    year: str | None
    text: str
    title: str | None = None

    @property
    def is_verification_regulation(self) -> bool:
        """JJG (national, local or departmental): the only basis for verification (检定)."""
        return self.kind.startswith("JJG")


def _normalise_procedure_text(text: str) -> str:
    s = normalise(text).replace("—", "-").replace("–", "-")
    m = re.match(r"[A-Za-z/ ]+", s)  # upper-case the Latin prefix; a Chinese title stays as typed
    return (m.group(0).upper() + s[m.end() :] if m else s).strip()


def _full_year(year: str | None) -> str | None:
    """The four-digit year, None when absent, '' when not a plausible year.

    Two-digit years ("JJG 52-99", "GB 3100-93") predate the switch to four digits around
    1999/2000, so 50-99 mean 19xx. 00-49 are refused: no edition was ever numbered so,
    and "JJG 52-13" is more likely a typo than 2013 or 1913.
    """
    if year is None:
        return None
    if len(year) == 4 and 1950 <= int(year) <= 2099:
        return year
    if len(year) == 2 and int(year) >= 50:
        return "19" + year
    return ""


def procedure_issues(text: object, field: str = "procedure") -> list[Issue]:
    """``procedure.format`` errors and the ``procedure.no_year`` warning."""
    if text is None or not str(text).strip():
        return [Issue("procedure.format", field, text)]
    m = _PROC_RE.match(_normalise_procedure_text(str(text)))
    if not m or _full_year(m.group("year")) == "":
        return [Issue("procedure.format", field, text)]
    if m.group("year") is None:
        return [Issue("procedure.no_year", field, text, warning=True)]
    return []


def parse_procedure(text: object, field: str = "procedure") -> Procedure:
    """``'ＪＪＧ52－2013'`` -> Procedure('JJG', '52', '2013', 'JJG 52-2013')."""
    errors = [i for i in procedure_issues(text, field) if not i.warning]
    if errors:
        raise DomainError.from_issues(errors)
    m = _PROC_RE.match(_normalise_procedure_text(str(text)))
    assert m is not None
    kind = re.sub(r"^OIML\s?", "OIML ", m.group("kind"))
    number, year = m.group("number"), _full_year(m.group("year"))
    sep = ":" if kind.startswith(("ISO", "IEC", "OIML")) else "-"
    norm = f"{kind} {number}" + (f"{sep}{year}" if year else "")
    title = (m.group("title") or "").strip().strip("《》<>()").strip() or None
    return Procedure(kind, number, year, norm, title)
