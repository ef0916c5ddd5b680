"""What each record editor shows: field groups, lists, and the mapping to the core's inputs.

One :class:`EditorSpec` per record kind. Its fields and tables, their widgets, widths and
labels are the core's field registry's (:mod:`labregistry.domain.fields`, the fields with
an editor hint); what is the UI's own is here: the group titles, table headings and
placeholders (English source texts for the translations). ``to_input`` turns the form's text into the
core's ``*Input`` dataclass (the core validates and normalises it); ``from_record``
turns a stored aggregate (``records.get``) back into form text. Nothing here checks a
value: that is the core's job, and its issues come back to the form by field name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from labregistry.domain import fields as registry
from labregistry.domain import catalogue
from labregistry.domain.capabilities import is_standards_own_row
from labregistry.domain.catalogue import Catalogue
from labregistry.domain.fields import Family, Field, RecordType
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CapabilityInput,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
    make_input,
)
from labregistry.errors import Issue
from ui.forms import CHOICE, DATE, MULTILINE, PEOPLE, PERSON, TEXT, FieldSpec, TableSpec
from ui.i18n import QT_TRANSLATE_NOOP

Values = dict[str, str]
T = TypeVar("T")
Rows = dict[str, list[dict[str, str]]]

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
    label_key: str  # the field that names a record in titles
    #: warnings from the code and procedure catalogues for a validated record (superseded editions ...)
    catalogue_issues: Callable[[Catalogue, Any], list[Issue]] | None = None

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


#: English group titles ("RecordEditor" context), by the registry's group keys.
GROUP_TITLES = {
    "certificate": QT_TRANSLATE_NOOP("RecordEditor", "Standard and assessment certificate"),
    "capability": QT_TRANSLATE_NOOP("RecordEditor", "Measuring range and accuracy"),
    "people": QT_TRANSLATE_NOOP("RecordEditor", "People, environment, notes"),
    "authorisation": QT_TRANSLATE_NOOP("RecordEditor", "Authorisation certificate"),
    "person": QT_TRANSLATE_NOOP("RecordEditor", "Person"),
    "private": QT_TRANSLATE_NOOP("RecordEditor", "Private: never leaves the institute"),
}

#: English table headings ("Forms" context), by list.
TABLE_HEADINGS = {
    "instruments": QT_TRANSLATE_NOOP("Forms", "Main instruments and ancillary equipment"),
    "services": QT_TRANSLATE_NOOP("Forms", "Verification and calibration services"),
    "capabilities": QT_TRANSLATE_NOOP("Forms", "Capabilities: parameters, ranges and accuracies"),
    "items": QT_TRANSLATE_NOOP("Forms", "Authorised items"),
    "credentials": QT_TRANSLATE_NOOP("Forms", "Credentials"),
}

#: English placeholders ("Forms" context), by (record type, field).
PLACEHOLDERS = {
    ("standard", "code"): QT_TRANSLATE_NOOP("Forms", "8 digits, e.g. 12113100"),
    ("standard", "certificate_no"): QT_TRANSLATE_NOOP("Forms", "e.g. [2023]沪量标证字第123号"),
    ("standard", "range_text"): QT_TRANSLATE_NOOP("Forms", "e.g. (0~60) MPa"),
    ("standard", "accuracy_text"): QT_TRANSLATE_NOOP("Forms", "e.g. U=0.05%, k=2 or 0.05级 or MPE: ±0.1 MPa"),
    ("authorisation", "certificate_no"): QT_TRANSLATE_NOOP("Forms", "e.g. (沪)法计(2024)01001号"),
}

_WIDGETS = {"text": TEXT, "multiline": MULTILINE, "date": DATE, "choice": CHOICE, "person": PERSON, "people": PEOPLE}


def field_spec(record: RecordType, f: Field) -> FieldSpec:
    """The form field of a registry field with an editor hint: its widget follows its type."""
    hint = f.editor
    if hint is None:
        raise ValueError(f"{record.name}.{f.name} is not shown in the editor")
    widget = _WIDGETS.get(hint.widget or f.type, TEXT)
    return FieldSpec(
        f.name,
        widget,
        (hint.choices or f.choices) if widget == CHOICE else None,
        required=f.required,
        optional=hint.optional,
        editable=hint.editable,
        label=f.label,
        placeholder=PLACEHOLDERS.get((record.name, f.name), ""),
        width=hint.width,
    )


def groups_of(family: Family) -> tuple[tuple[str, tuple[FieldSpec, ...]], ...]:
    """The editor's groups of a family's record: (English title, fields)."""
    return tuple(
        (GROUP_TITLES.get(key, key), tuple(field_spec(family.record, f) for f in group))
        for key, group in family.editor_group_fields()
    )


def table_of(record: RecordType) -> TableSpec:
    """The editor's table of a list: its columns, and the defaults of a new row."""
    shown = record.editor_fields()
    list_name = record.list_name or record.name
    return TableSpec(
        list_name,
        tuple(field_spec(record, f) for f in shown),
        defaults={f.name: str(f.default) for f in shown if f.default is not None},
        heading=TABLE_HEADINGS.get(list_name, ""),
    )


def _keys(groups: tuple[tuple[str, tuple[FieldSpec, ...]], ...]) -> list[str]:
    return [f.key for _title, group in groups for f in group]


# --------------------------------------------------------------------------------------
# measurement standards
# --------------------------------------------------------------------------------------

STANDARD_GROUPS = groups_of(registry.STANDARDS)
INSTRUMENTS = table_of(registry.INSTRUMENT)
SERVICES = table_of(registry.SERVICE)
CAPABILITIES = table_of(registry.CAPABILITY)

_STANDARD_KEYS = _keys(STANDARD_GROUPS)
_INSTRUMENT_KEYS = [c.key for c in INSTRUMENTS.columns]
_SERVICE_KEYS = [c.key for c in SERVICES.columns]
_CAPABILITY_KEYS = [c.key for c in CAPABILITIES.columns]


def _input(cls: type[T], values: Mapping[str, str | None], keys: list[str], **lists: Any) -> T:
    """The core's input of a form or a table row: a plain field's value goes into its ``extra``."""
    return make_input(cls, {**{key: _or_none(values.get(key)) for key in keys}, **lists})


def standard_input(values: Values, rows: Rows) -> StandardInput:
    return _input(
        StandardInput, values, _STANDARD_KEYS,
        instruments=[_input(InstrumentInput, row, _INSTRUMENT_KEYS) for row in rows.get("instruments", [])],
        services=[_input(ServiceInput, row, _SERVICE_KEYS) for row in rows.get("services", [])],
        capabilities=[_input(CapabilityInput, row, _CAPABILITY_KEYS) for row in rows.get("capabilities", [])],
    )


def standard_values(agg: Any) -> tuple[Values, Rows]:
    values = _columns(agg.standard, _STANDARD_KEYS)
    return values, {
        "instruments": [_columns(i, _INSTRUMENT_KEYS) for i in agg.instruments],
        "services": [_columns(s, _SERVICE_KEYS) for s in agg.services],
        "capabilities": [_columns(c, _CAPABILITY_KEYS) for c in _typed_capabilities(agg)],
    }


def _typed_capabilities(agg: Any) -> list[Any]:
    """The rows a user typed: none when the one row is the standard's own range and accuracy
    (the core derives it on saving, so that it follows the range and accuracy fields)."""
    rows = list(agg.capabilities)
    return [] if is_standards_own_row(rows, agg.standard.range_text, agg.standard.accuracy_text) else rows


STANDARD = EditorSpec(
    kind="standard",
    list_kind="standards",
    title=QT_TRANSLATE_NOOP("RecordEditor", "Measurement standard"),
    new_title=QT_TRANSLATE_NOOP("RecordEditor", "New measurement standard"),
    groups=STANDARD_GROUPS,
    tables=(INSTRUMENTS, SERVICES, CAPABILITIES),
    to_input=standard_input,
    from_record=standard_values,
    catalogue_issues=catalogue.standard_issues,
    label_key="name",
)


# --------------------------------------------------------------------------------------
# authorisations
# --------------------------------------------------------------------------------------

AUTHORISATION_GROUPS = groups_of(registry.AUTHORISATIONS)
AUTHORISED_ITEMS = table_of(registry.AUTHORISED_ITEM)

_AUTH_KEYS = _keys(AUTHORISATION_GROUPS)
_ITEM_KEYS = [c.key for c in AUTHORISED_ITEMS.columns]


def authorisation_input(values: Values, rows: Rows) -> AuthorisationInput:
    return _input(AuthorisationInput, values, _AUTH_KEYS,
                  items=[_input(AuthorisedItemInput, row, _ITEM_KEYS) for row in rows.get("items", [])])


def authorisation_values(agg: Any) -> tuple[Values, Rows]:
    return _columns(agg.authorisation, _AUTH_KEYS), {"items": [_columns(i, _ITEM_KEYS) for i in agg.items]}


AUTHORISATION = EditorSpec(
    kind="authorisation",
    list_kind="authorisations",
    title=QT_TRANSLATE_NOOP("RecordEditor", "Authorisation"),
    new_title=QT_TRANSLATE_NOOP("RecordEditor", "New authorisation"),
    groups=AUTHORISATION_GROUPS,
    tables=(AUTHORISED_ITEMS,),
    to_input=authorisation_input,
    from_record=authorisation_values,
    catalogue_issues=catalogue.authorisation_issues,
    label_key="certificate_no",
)


# --------------------------------------------------------------------------------------
# staff
# --------------------------------------------------------------------------------------

STAFF_GROUPS = groups_of(registry.STAFF_FAMILY)
CREDENTIALS = table_of(registry.CREDENTIAL)

_STAFF_KEYS = _keys(STAFF_GROUPS)
_CREDENTIAL_KEYS = [c.key for c in CREDENTIALS.columns if c.key != "items"]


def staff_input(values: Values, rows: Rows) -> StaffInput:
    return _input(StaffInput, values, _STAFF_KEYS, credentials=[
        _input(CredentialInput, row, _CREDENTIAL_KEYS,
               items=[t.strip() for t in ITEM_SEPARATORS.split(row.get("items") or "") if t.strip()])
        for row in rows.get("credentials", [])
    ])


def staff_values(agg: Any) -> tuple[Values, Rows]:
    values = _columns(agg.staff, _STAFF_KEYS)
    credentials = []
    for cred in agg.credentials:
        row = _columns(cred.credential, _CREDENTIAL_KEYS)
        row["items"] = "；".join(item.name for item in cred.items)
        credentials.append(row)
    return values, {"credentials": credentials}


STAFF = EditorSpec(
    kind="staff",
    list_kind="staff",
    title=QT_TRANSLATE_NOOP("RecordEditor", "Person"),
    new_title=QT_TRANSLATE_NOOP("RecordEditor", "New person"),
    groups=STAFF_GROUPS,
    tables=(CREDENTIALS,),
    to_input=staff_input,
    from_record=staff_values,
    label_key="name",
)

SPECS: Mapping[str, EditorSpec] = {spec.list_kind: spec for spec in (STANDARD, AUTHORISATION, STAFF)}
