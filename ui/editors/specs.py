"""What each record editor shows: field groups, lists, and the mapping to the core's inputs.

One :class:`EditorSpec` per record kind. ``to_input`` turns the form's text into the
core's ``*Input`` dataclass (the core validates and normalises it); ``from_record``
turns a stored aggregate (``records.get``) back into form text. Nothing here checks a
value: that is the core's job, and its issues come back to the form by field name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from labregistry.domain import validation
from labregistry.domain.quantities import QUANTITY_NAMES
from labregistry.domain.records import (
    AUTH_FORMS,
    CREDENTIAL_KINDS,
    GRADES,
    INSTRUMENT_ROLES,
    REGISTRATIONS,
    SERVICE_KINDS,
    STAFF_STATUSES,
    STATUSES,
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
)
from ui.forms import CHOICE, DATE, MULTILINE, FieldSpec, TableSpec
from ui.i18n import QT_TRANSLATE_NOOP

Values = dict[str, str]
Rows = dict[str, list[dict[str, str]]]

NOTES_LABEL = ("备注", "notes")
ITEM_SEPARATORS = re.compile(r"[;；、,，\n]+")


@dataclass(frozen=True)
class EditorSpec:
    kind: str  # the records service's kind: standard / authorisation / staff
    list_kind: str  # the list page: standards / authorisations / staff
    title: str  # English source, "RecordEditor" context
    new_title: str
    groups: tuple[tuple[str, tuple[FieldSpec, ...]], ...]  # (English group title, fields)
    tables: tuple[TableSpec, ...]
    to_input: Callable[[Values, Rows], Any]
    from_record: Callable[[Any], tuple[Values, Rows]]
    validate: Callable[[Any], Any]
    label_key: str  # the field that names a record in titles

    def fields(self) -> list[FieldSpec]:
        return [f for _, group in self.groups for f in group]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def _or_none(text: str | None) -> str | None:
    return text if text and text.strip() else None


def _columns(obj: Any, keys: list[str]) -> dict[str, str]:
    return {key: _text(getattr(obj, key, None)) for key in keys}


# --------------------------------------------------------------------------------------
# measurement standards
# --------------------------------------------------------------------------------------

STANDARD_FIELDS = {
    "certificate": (
        FieldSpec("name", required=True),
        FieldSpec("code", required=True, placeholder=QT_TRANSLATE_NOOP("Forms", "8 digits, e.g. 12113100")),
        FieldSpec("grade", CHOICE, GRADES, required=True),
        FieldSpec("status", CHOICE, STATUSES),
        FieldSpec(
            "certificate_no",
            required=True,
            placeholder=QT_TRANSLATE_NOOP("Forms", "e.g. [2023]沪量标证字第123号"),
        ),
        FieldSpec("certificate_authority"),
        FieldSpec("issued_on", DATE),
        FieldSpec("valid_until", DATE, required=True),
    ),
    "capability": (
        FieldSpec("quantity", CHOICE, QUANTITY_NAMES, editable=True),
        FieldSpec("range_text", required=True, placeholder=QT_TRANSLATE_NOOP("Forms", "e.g. (0~60) MPa")),
        FieldSpec(
            "accuracy_text",
            required=True,
            placeholder=QT_TRANSLATE_NOOP("Forms", "e.g. U=0.05%, k=2 or 0.05级 or MPE: ±0.1 MPa"),
        ),
    ),
    "people": (
        FieldSpec("responsible_person"),
        FieldSpec("operators"),
        FieldSpec("environment", MULTILINE),
        FieldSpec("notes", MULTILINE, label=NOTES_LABEL),
    ),
}

INSTRUMENTS = TableSpec(
    "instruments",
    (
        FieldSpec("role", CHOICE, INSTRUMENT_ROLES, width=110),
        FieldSpec("name", required=True, width=160),
        FieldSpec("model", width=90),
        FieldSpec("serial_no", width=100),
        FieldSpec("range_text", width=130),
        FieldSpec("accuracy_text", width=130),
        FieldSpec("traced_to_name", width=170),
        FieldSpec("traced_to_uscc", width=160),
        FieldSpec("calibration_cert_no", width=130),
        FieldSpec("calibration_due", DATE, width=110),
    ),
    defaults={"role": "main"},
    heading=QT_TRANSLATE_NOOP("Forms", "Main instruments and ancillary equipment"),
)

SERVICES = TableSpec(
    "services",
    (
        FieldSpec("name", required=True, width=260),
        FieldSpec("procedure", width=170),
        FieldSpec("kind", CHOICE, SERVICE_KINDS, width=110),
    ),
    defaults={"kind": "calibration"},
    heading=QT_TRANSLATE_NOOP("Forms", "Verification and calibration services"),
)

_STANDARD_KEYS = [f.key for group in STANDARD_FIELDS.values() for f in group]
_INSTRUMENT_KEYS = [c.key for c in INSTRUMENTS.columns]
_SERVICE_KEYS = [c.key for c in SERVICES.columns]


def standard_input(values: Values, rows: Rows) -> StandardInput:
    v = {key: _or_none(values.get(key)) for key in _STANDARD_KEYS}
    return StandardInput(
        **v,
        instruments=[
            InstrumentInput(**{key: _or_none(row.get(key)) for key in _INSTRUMENT_KEYS})
            for row in rows.get("instruments", [])
        ],
        services=[
            ServiceInput(**{key: _or_none(row.get(key)) for key in _SERVICE_KEYS})
            for row in rows.get("services", [])
        ],
    )


def standard_values(agg: Any) -> tuple[Values, Rows]:
    values = _columns(agg.standard, _STANDARD_KEYS)
    return values, {
        "instruments": [_columns(i, _INSTRUMENT_KEYS) for i in agg.instruments],
        "services": [_columns(s, _SERVICE_KEYS) for s in agg.services],
    }


STANDARD = EditorSpec(
    kind="standard",
    list_kind="standards",
    title=QT_TRANSLATE_NOOP("RecordEditor", "Measurement standard"),
    new_title=QT_TRANSLATE_NOOP("RecordEditor", "New measurement standard"),
    groups=(
        (
            QT_TRANSLATE_NOOP("RecordEditor", "Standard and assessment certificate"),
            STANDARD_FIELDS["certificate"],
        ),
        (QT_TRANSLATE_NOOP("RecordEditor", "Measuring range and accuracy"), STANDARD_FIELDS["capability"]),
        (QT_TRANSLATE_NOOP("RecordEditor", "People, environment, notes"), STANDARD_FIELDS["people"]),
    ),
    tables=(INSTRUMENTS, SERVICES),
    to_input=standard_input,
    from_record=standard_values,
    validate=validation.validate_standard,
    label_key="name",
)


# --------------------------------------------------------------------------------------
# authorisations
# --------------------------------------------------------------------------------------

AUTHORISATION_FIELDS = (
    FieldSpec(
        "certificate_no", required=True, placeholder=QT_TRANSLATE_NOOP("Forms", "e.g. (沪)法计(2024)01001号")
    ),
    FieldSpec("form", CHOICE, AUTH_FORMS, required=True),
    FieldSpec("authority"),
    FieldSpec("issued_on", DATE),
    FieldSpec("valid_until", DATE, required=True),
    FieldSpec("status", CHOICE, STATUSES),
)

AUTHORISED_ITEMS = TableSpec(
    "items",
    (
        FieldSpec("name", required=True, width=220),
        FieldSpec("range_text", width=170),
        FieldSpec("accuracy_text", width=190),
        FieldSpec("procedure", width=160),
    ),
    heading=QT_TRANSLATE_NOOP("Forms", "Authorised items"),
)

_AUTH_KEYS = [f.key for f in AUTHORISATION_FIELDS]
_ITEM_KEYS = [c.key for c in AUTHORISED_ITEMS.columns]


def authorisation_input(values: Values, rows: Rows) -> AuthorisationInput:
    v = {key: _or_none(values.get(key)) for key in _AUTH_KEYS}
    return AuthorisationInput(
        **v,
        items=[
            AuthorisedItemInput(**{key: _or_none(row.get(key)) for key in _ITEM_KEYS})
            for row in rows.get("items", [])
        ],
    )


def authorisation_values(agg: Any) -> tuple[Values, Rows]:
    return _columns(agg.authorisation, _AUTH_KEYS), {"items": [_columns(i, _ITEM_KEYS) for i in agg.items]}


AUTHORISATION = EditorSpec(
    kind="authorisation",
    list_kind="authorisations",
    title=QT_TRANSLATE_NOOP("RecordEditor", "Authorisation"),
    new_title=QT_TRANSLATE_NOOP("RecordEditor", "New authorisation"),
    groups=((QT_TRANSLATE_NOOP("RecordEditor", "Authorisation certificate"), AUTHORISATION_FIELDS),),
    tables=(AUTHORISED_ITEMS,),
    to_input=authorisation_input,
    from_record=authorisation_values,
    validate=validation.validate_authorisation,
    label_key="certificate_no",
)


# --------------------------------------------------------------------------------------
# staff
# --------------------------------------------------------------------------------------

STAFF_FIELDS = (
    FieldSpec("name", required=True),
    FieldSpec("department"),
    FieldSpec("title"),
    FieldSpec("status", CHOICE, STAFF_STATUSES),
)
PRIVATE_FIELDS = (FieldSpec("phone"), FieldSpec("id_number"))

CREDENTIALS = TableSpec(
    "credentials",
    (
        FieldSpec("kind", CHOICE, CREDENTIAL_KINDS, required=True, width=190),
        FieldSpec("certificate_no", required=True, width=150),
        FieldSpec("registration", CHOICE, REGISTRATIONS, optional=True, width=110),
        FieldSpec("issued_on", DATE, width=100),
        FieldSpec("valid_until", DATE, width=100),
        FieldSpec("items", width=240),
    ),
    heading=QT_TRANSLATE_NOOP("Forms", "Credentials"),
)

_STAFF_KEYS = [f.key for f in (*STAFF_FIELDS, *PRIVATE_FIELDS)]


def staff_input(values: Values, rows: Rows) -> StaffInput:
    v = {key: _or_none(values.get(key)) for key in _STAFF_KEYS}
    return StaffInput(
        **v,
        credentials=[
            CredentialInput(
                kind=_or_none(row.get("kind")),
                certificate_no=_or_none(row.get("certificate_no")),
                registration=_or_none(row.get("registration")),
                issued_on=_or_none(row.get("issued_on")),
                valid_until=_or_none(row.get("valid_until")),
                items=[t.strip() for t in ITEM_SEPARATORS.split(row.get("items") or "") if t.strip()],
            )
            for row in rows.get("credentials", [])
        ],
    )


def staff_values(agg: Any) -> tuple[Values, Rows]:
    values = _columns(agg.staff, _STAFF_KEYS)
    credentials = []
    for cred in agg.credentials:
        row = _columns(
            cred.credential, ["kind", "certificate_no", "registration", "issued_on", "valid_until"]
        )
        row["items"] = "；".join(item.name for item in cred.items)
        credentials.append(row)
    return values, {"credentials": credentials}


STAFF = EditorSpec(
    kind="staff",
    list_kind="staff",
    title=QT_TRANSLATE_NOOP("RecordEditor", "Person"),
    new_title=QT_TRANSLATE_NOOP("RecordEditor", "New person"),
    groups=(
        (QT_TRANSLATE_NOOP("RecordEditor", "Person"), STAFF_FIELDS),
        (QT_TRANSLATE_NOOP("RecordEditor", "Private: never leaves the institute"), PRIVATE_FIELDS),
    ),
    tables=(CREDENTIALS,),
    to_input=staff_input,
    from_record=staff_values,
    validate=validation.validate_staff,
    label_key="name",
)

SPECS: Mapping[str, EditorSpec] = {spec.list_kind: spec for spec in (STANDARD, AUTHORISATION, STAFF)}
