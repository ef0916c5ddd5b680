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

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

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
    "input_names",
    "item_field",
    "make_input",
    "plain_fields",
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
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


@dataclass
class ServiceInput:
    """A verification or calibration item the standard supports (开展的检定或校准项目)."""

    name: str | None = None
    procedure: str | None = None
    kind: str | None = "calibration"
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


@dataclass
class CapabilityInput:
    """One capability row (CMC) of a standard: a parameter with its own range and accuracy."""

    parameter: str | None = None
    range_text: str | None = None
    quantity: str | None = None  # expected quantity, checked against the range's unit
    accuracy_text: str | None = None
    conditions: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


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
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


@dataclass
class AuthorisedItemInput:
    """One authorised item of a metrology authorisation certificate."""

    name: str | None = None
    range_text: str | None = None
    accuracy_text: str | None = None
    procedure: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


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
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


@dataclass
class CredentialInput:
    """A credential of a person: registered metrologist, verifier certificate, item certificate."""

    kind: str | None = None
    certificate_no: Any = None
    registration: str | None = None  # initial / renewal / change, for registered metrologists
    issued_on: DateInput = None
    valid_until: DateInput = None
    items: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


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
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


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
    extra: dict[str, Any] = field(default_factory=dict)  # plain registry fields (:func:`plain_fields`)


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
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


@dataclass(frozen=True)
class ValidatedService:
    name: str
    procedure: Procedure | None
    kind: str
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


@dataclass(frozen=True)
class ValidatedCapability:
    parameter: str | None
    range: MeasuredRange
    accuracy: Accuracy
    error: ErrorModel | None  # None: not comparable (docs/comparison.md)
    conditions: str | None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


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
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


@dataclass(frozen=True)
class ValidatedAuthorisedItem:
    name: str
    range: MeasuredRange | None
    accuracy: Accuracy | None
    procedure: Procedure | None
    range_text: str | None
    accuracy_text: str | None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


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
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


@dataclass(frozen=True)
class ValidatedCredential:
    kind: str
    certificate_no: str
    registration: str | None
    issued_on: dt.date | None
    valid_until: dt.date | None
    items: tuple[str, ...]
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


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
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


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
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)  # plain registry fields, validated


# --------------------------------------------------------------------------------------
# Plain fields: declared in the registry only, carried in ``extra``
# --------------------------------------------------------------------------------------

#: The ``*Input`` class of each record type a user types (a credential's items are names).
INPUT_TYPES: dict[str, type[Any]] = {
    "institute": InstituteInput, "standard": StandardInput, "instrument": InstrumentInput,
    "service": ServiceInput, "capability": CapabilityInput, "authorisation": AuthorisationInput,
    "authorisation_item": AuthorisedItemInput, "staff": StaffInput, "credential": CredentialInput,
}

#: The types a plain field may have: its declaration says all there is to check (a code,
#: a list or a yes/no has rules of its own, so it is written out like the fields above).
PLAIN_TYPES = frozenset({"text", "choice", "date", "int", "float"})


def plain_fields(record: fields.RecordType) -> tuple[fields.Field, ...]:
    """The record's input fields its ``*Input`` class has no attribute for.

    Such a field is *plain*: declared in the registry only, checked by its declared type,
    requiredness and choices (``validation``), carried in the ``extra`` mapping of the
    ``*Input`` and ``Validated*`` values, stored in the column the ORM model gets from the
    registry (``storage/models.py``). A field that needs a rule of its own is written out
    instead: an attribute here, its rule in ``validation`` (docs/fields.md).
    """
    cls = INPUT_TYPES.get(record.name)
    if cls is None:
        return ()
    own = {f.name for f in dataclasses.fields(cls)}
    found = tuple(f for f in record.inputs if f.name not in own)
    odd = [f"{record.name}.{f.name} ({f.type})" for f in found if f.type not in PLAIN_TYPES]
    if odd:
        raise ValueError(f"not plain fields, and no attribute of {cls.__name__}: {odd}")
    return found


#: The plain fields of each record type, found once (a ledger import validates 10^5 records).
PLAIN: dict[str, tuple[fields.Field, ...]] = {rt.name: plain_fields(rt) for rt in fields.RECORD_TYPES}
_RECORD_OF: dict[type[Any], str] = {cls: name for name, cls in INPUT_TYPES.items()}
_ATTRIBUTES: dict[type[Any], frozenset[str]] = {
    cls: frozenset(f.name for f in dataclasses.fields(cls)) for cls in INPUT_TYPES.values()
}

T = TypeVar("T")


def make_input(cls: type[T], values: Mapping[str, Any]) -> T:
    """``cls(**values)``, with the values of the record's plain fields in its ``extra``.

    The places that build an input from the registry's field names (a ledger row, an
    editor's form) call this, so that a plain field needs no attribute; a name that is
    neither an attribute nor a plain field is a TypeError, as ``cls(**values)`` would raise.
    """
    own = _ATTRIBUTES[cls]
    if own.issuperset(values):  # no plain field: the common case, a ledger's 10^5 records
        return cls(**values)
    extra = {k: v for k, v in values.items() if k not in own}
    unknown = sorted(set(extra) - {f.name for f in PLAIN[_RECORD_OF[cls]]})
    if unknown:
        raise TypeError(f"{cls.__name__}: no field {unknown}")
    return cls(**{k: v for k, v in values.items() if k in own}, **{"extra": extra})


def input_names(cls: type[Any]) -> frozenset[str]:
    """The names :func:`make_input` takes for ``cls``: its attributes and its plain fields."""
    return _ATTRIBUTES[cls] - {"extra"} | {f.name for f in PLAIN[_RECORD_OF[cls]]}


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


def item_label(list_name: str, index: int, label: tuple[str, str]) -> tuple[str, str]:
    """A field of a list's item as messages and the history name it: ("主标准器及配套设备第
    2 项 · 出厂编号", "instrument 2: serial number") for ``label`` ("出厂编号", "serial number")."""
    return list_item_label(ITEM_FIELD_LABELS[list_name][0], index, label)


def list_item_label(list_label: tuple[str, str], index: int, label: tuple[str, str]) -> tuple[str, str]:
    """:func:`item_label` by the list's own label (a list of a record no ledger holds: a
    comparison's results)."""
    (list_zh, list_en), (zh, en) = list_label, label
    return f"{list_zh}第 {index + 1} 项 · {zh}", f"{list_en} {index + 1}: {en}"


def item_field(list_name: str, index: int, name: str) -> str:
    """``'instruments[0].calibration_due'``, with its label registered ("主标准器及配套设备第 1 项 · ...")."""
    if (list_name, index) not in _registered_items:
        register_fields({f"{list_name}[{index}].{f}": item_label(list_name, index, labels)
                         for f, labels in ITEM_FIELD_LABELS[list_name][1].items()})
        _registered_items.add((list_name, index))
    return f"{list_name}[{index}].{name}"
