"""What users enter, before and after validation.

``*Input`` dataclasses hold raw values as they come from a form, a ledger row or a CLI
flag (text, numbers, dates in any accepted spelling); ``validate_*`` in
:mod:`labregistry.domain.validation` turn them into ``Validated*`` values with
normalised codes, ranges, accuracies and dates.

The fields themselves (their names, types, limits, labels and where they appear) are
declared once, in :mod:`labregistry.domain.fields`; the labels used to render issues
(:data:`FIELD_LABELS`, :data:`ITEM_FIELD_LABELS`) are read from there, and a test checks
that these dataclasses hold exactly the registry's input fields. The choice lists
(GRADES, STATUSES ...) live in :mod:`labregistry.domain.choices` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from labregistry.domain import fields
from labregistry.domain.accuracy import Accuracy
from labregistry.domain.choices import (
    AUTH_FORMS,
    CREDENTIAL_KINDS,
    GRADES,
    INSTITUTE_KINDS,
    INSTRUMENT_ROLES,
    PROVINCES,
    REGISTRATIONS,
    SERVICE_KINDS,
    STAFF_STATUSES,
    STATUSES,
    Choices,
)
from labregistry.domain.codes import Procedure, StandardCode
from labregistry.domain.errormodel import ErrorModel
from labregistry.domain.quantities import MeasuredRange
from labregistry.errors import Issue, register_fields

#: The choice lists are re-exported from :mod:`labregistry.domain.choices`.
__all__ = [
    "AUTH_FORMS",
    "CREDENTIAL_KINDS",
    "FIELD_LABELS",
    "GRADES",
    "INSTITUTE_KINDS",
    "INSTRUMENT_ROLES",
    "ISSUE_LABELS",
    "ITEM_FIELD_LABELS",
    "PROVINCES",
    "REGISTRATIONS",
    "SERVICE_KINDS",
    "STAFF_STATUSES",
    "STATUSES",
    "AuthorisationInput",
    "AuthorisedItemInput",
    "Choices",
    "CredentialInput",
    "DateInput",
    "InstituteInput",
    "InstrumentInput",
    "CapabilityInput",
    "ServiceInput",
    "StaffInput",
    "StandardInput",
    "ValidatedAuthorisation",
    "ValidatedCapability",
    "ValidatedAuthorisedItem",
    "ValidatedCredential",
    "ValidatedInstitute",
    "ValidatedInstrument",
    "ValidatedService",
    "ValidatedStaff",
    "ValidatedStandard",
    "field_labels",
    "item_field",
]

# --------------------------------------------------------------------------------------
# Input: raw values from forms, ledgers, the CLI
# --------------------------------------------------------------------------------------

DateInput = Any  # date, datetime, Excel serial, or text (see dates.parse_date)


@dataclass
class InstrumentInput:
    """A main standard instrument (主标准器) or ancillary equipment (配套设备)."""

    name: str | None = None
    role: str | None = "main"
    model: str | None = None
    serial_no: str | None = None
    range_text: str | None = None
    accuracy_text: str | None = None
    traced_to_uscc: str | None = None
    traced_to_name: str | None = None
    calibration_cert_no: str | None = None
    calibration_due: DateInput = None


@dataclass
class ServiceInput:
    """A verification or calibration item the standard supports (开展的检定或校准项目)."""

    name: str | None = None
    procedure: str | None = None
    kind: str | None = "calibration"


@dataclass
class CapabilityInput:
    """One capability row (CMC) of a standard: a parameter with its own range and accuracy."""

    parameter: str | None = None
    range_text: str | None = None
    quantity: str | None = None  # expected quantity, checked against the range's unit
    accuracy_text: str | None = None
    conditions: str | None = None


@dataclass
class StandardInput:
    """A measurement standard (计量标准) and its assessment certificate (考核证书)."""

    name: str | None = None
    code: Any = None  # text, or a number when Excel dropped the leading zero
    grade: str | None = None
    certificate_no: Any = None
    certificate_authority: str | None = None
    issued_on: DateInput = None
    valid_until: DateInput = None
    range_text: str | None = None
    accuracy_text: str | None = None
    quantity: str | None = None  # expected quantity, e.g. "pressure" or "压力"
    responsible_person: str | None = None
    status: str | None = "valid"
    operators: str | None = None
    environment: str | None = None
    notes: str | None = None
    instruments: list[InstrumentInput] = field(default_factory=list)
    services: list[ServiceInput] = field(default_factory=list)
    capabilities: list[CapabilityInput] = field(default_factory=list)  # none: one from range and accuracy


@dataclass
class AuthorisedItemInput:
    """One authorised item of a metrology authorisation certificate."""

    name: str | None = None
    range_text: str | None = None
    accuracy_text: str | None = None
    procedure: str | None = None


@dataclass
class AuthorisationInput:
    """A metrology authorisation certificate (计量授权证书)."""

    certificate_no: Any = None
    form: str | None = None
    authority: str | None = None
    issued_on: DateInput = None
    valid_until: DateInput = None
    status: str | None = "valid"
    items: list[AuthorisedItemInput] = field(default_factory=list)


@dataclass
class CredentialInput:
    """A credential of a person: registered metrologist, verifier certificate, item certificate."""

    kind: str | None = None
    certificate_no: Any = None
    registration: str | None = None  # initial / renewal / change, for registered metrologists
    issued_on: DateInput = None
    valid_until: DateInput = None
    items: list[str] = field(default_factory=list)


@dataclass
class StaffInput:
    """A person. ``phone`` and ``id_number`` are private: they never leave the institute."""

    name: str | None = None
    department: str | None = None
    title: str | None = None
    phone: Any = None
    id_number: Any = None
    credentials: list[CredentialInput] = field(default_factory=list)
    status: str | None = "active"


@dataclass
class InstituteInput:
    """A metrology institute."""

    name: str | None = None
    uscc: str | None = None
    province: str | None = None
    city: str | None = None
    kind: str | None = None
    name_en: str | None = None
    address: str | None = None
    contact: str | None = None


# --------------------------------------------------------------------------------------
# Validated: normalised values, plus the warnings found
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidatedInstrument:
    role: str
    name: str
    model: str | None
    serial_no: str | None
    range_text: str | None
    accuracy_text: str | None
    traced_to_uscc: str | None
    traced_to_name: str | None
    calibration_cert_no: str | None
    calibration_due: dt.date | None


@dataclass(frozen=True)
class ValidatedService:
    name: str
    procedure: Procedure | None
    kind: str


@dataclass(frozen=True)
class ValidatedCapability:
    parameter: str | None
    range: MeasuredRange
    accuracy: Accuracy
    error: ErrorModel | None  # None: not comparable (docs/comparison.md)
    conditions: str | None


@dataclass(frozen=True)
class ValidatedStandard:
    name: str
    code: StandardCode
    grade: str
    certificate_no: str
    certificate_authority: str | None
    issued_on: dt.date | None
    valid_until: dt.date
    range: MeasuredRange
    accuracy: Accuracy
    responsible_person: str | None
    status: str
    operators: str | None
    environment: str | None
    notes: str | None
    instruments: tuple[ValidatedInstrument, ...]
    services: tuple[ValidatedService, ...]
    capabilities: tuple[ValidatedCapability, ...] = ()
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ValidatedAuthorisedItem:
    name: str
    range: MeasuredRange | None
    accuracy: Accuracy | None
    procedure: Procedure | None
    range_text: str | None
    accuracy_text: str | None


@dataclass(frozen=True)
class ValidatedAuthorisation:
    certificate_no: str
    form: str
    authority: str | None
    issued_on: dt.date | None
    valid_until: dt.date
    status: str
    items: tuple[ValidatedAuthorisedItem, ...]
    warnings: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ValidatedCredential:
    kind: str
    certificate_no: str
    registration: str | None
    issued_on: dt.date | None
    valid_until: dt.date | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class ValidatedStaff:
    name: str
    department: str | None
    title: str | None
    phone: str | None
    id_number: str | None
    credentials: tuple[ValidatedCredential, ...]
    warnings: tuple[Issue, ...] = ()
    status: str = "active"


@dataclass(frozen=True)
class ValidatedInstitute:
    name: str
    uscc: str
    province: str
    city: str
    kind: str | None
    name_en: str | None
    address: str | None
    contact: str | None
    warnings: tuple[Issue, ...] = ()


# --------------------------------------------------------------------------------------
# Field labels, for rendering issues (from the field registry)
# --------------------------------------------------------------------------------------

#: Names found in issues that are not a stored field (the domain's parsed range, a list ...).
ISSUE_LABELS: dict[str, tuple[str, str]] = {
    "procedure": ("依据的规程/规范", "procedure"),
    "range": ("测量范围", "measurement range"),
    "accuracy": (
        "不确定度/准确度等级/最大允许误差",
        "uncertainty / accuracy class / maximum permissible error",
    ),
    "date": ("日期", "date"),
    "items": ("授权项目", "authorised items"),
}


def field_labels(families: Iterable[fields.Family]) -> dict[str, tuple[str, str]]:
    """The labels of the records' own fields, and those of :data:`ISSUE_LABELS`.

    An issue names a record's field by its name alone, so two records' fields of one name
    must share a label (a ValueError says which does not).
    """
    labels = dict(ISSUE_LABELS)
    for family in families:
        for f in family.record:
            if f.label is not None and labels.setdefault(f.name, f.label) != f.label:
                raise ValueError(f"{family.name}.{f.name}: {f.label} where another record says {labels[f.name]}")
    return labels


def _item_field_labels() -> dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]]:
    out = {}
    for rt in fields.RECORD_TYPES:
        if rt.list_name is not None and rt.list_label is not None:
            out[rt.list_name] = (rt.list_label, {f.name: f.label for f in rt if f.label is not None})
    return out


FIELD_LABELS: dict[str, tuple[str, str]] = field_labels(fields.FAMILIES)

#: Labels of fields inside list items, by list: (list label zh, en), {field: (zh, en)}.
ITEM_FIELD_LABELS: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = _item_field_labels()

register_fields(FIELD_LABELS)
_registered_items: set[tuple[str, int]] = set()


def item_field(list_name: str, index: int, name: str) -> str:
    """``'instruments[0].calibration_due'``, with its label registered ("主标准器及配套设备第 1 项 · ...")."""
    if (list_name, index) not in _registered_items:
        (list_zh, list_en), fields = ITEM_FIELD_LABELS[list_name]
        register_fields(
            {
                f"{list_name}[{index}].{f}": (
                    f"{list_zh}第 {index + 1} 项 · {zh}",
                    f"{list_en} {index + 1}: {en}",
                )
                for f, (zh, en) in fields.items()
            }
        )
        _registered_items.add((list_name, index))
    return f"{list_name}[{index}].{name}"
