"""Checks of the field registry that several test modules use: a table against a record
type; a copy of the registry with a field added (``asset_no`` of an instrument) is
:func:`tests.plainfield.field.with_asset_no`."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from labregistry.domain.fields import RecordType
from labregistry.storage import models

MODELS: dict[str, type[SQLModel]] = {
    "institute": models.Institute,
    "standard": models.Standard,
    "instrument": models.Instrument,
    "service": models.Service,
    "capability": models.Capability,
    "authorisation": models.Authorisation,
    "authorisation_item": models.AuthorisationItem,
    "staff": models.Staff,
    "credential": models.Credential,
    "credential_item": models.CredentialItem,
}

#: Columns of a table that are no field of its record: ids, links, bookkeeping, provenance.
NOT_FIELDS = {
    "institute": {"id", "is_own", "bundle_seq", "bundle_key_id", "bundle_received_at", "bundle_expires_at", "stale",
                  "created_at", "updated_at"},
    "standard": {"id", "institute_id", "created_at", "updated_at"},
    "instrument": {"id", "standard_id"},
    "service": {"id", "standard_id"},
    "capability": {"id", "standard_id"},
    "authorisation": {"id", "institute_id", "created_at", "updated_at"},
    "authorisation_item": {"id", "authorisation_id"},
    "staff": {"id", "institute_id", "created_at", "updated_at"},
    "credential": {"id", "staff_id"},
    "credential_item": {"id", "credential_id"},
}

_SA_TYPES: dict[str, type[sa.types.TypeEngine[Any]]] = {
    "text": sa.String, "code": sa.String, "choice": sa.String, "date": sa.Date, "int": sa.Integer,
    "float": sa.Float, "bool": sa.Boolean,
}


def registry_disagreements(record: RecordType, table: sa.Table, not_fields: set[str]) -> list[str]:
    """What a table says differently from the registry about a record type's stored fields."""
    found = []
    stored = {f.name: f for f in record if f.stored}
    columns = {c.name: c for c in table.columns}
    found += [f"{record.name}.{n}: a column the registry does not know" for n in set(columns) - set(stored) - not_fields]
    found += [f"{record.name}.{n}: a stored field without a column" for n in set(stored) - set(columns)]
    for name in sorted(set(stored) & set(columns)):
        f, column = stored[name], columns[name]
        type_ = column.type.impl_instance if isinstance(column.type, sa.TypeDecorator) else column.type  # AutoString
        if not isinstance(type_, _SA_TYPES[f.type]):
            found.append(f"{record.name}.{name}: {type_!r} for a field of type {f.type}")
        length = getattr(type_, "length", None) if isinstance(type_, sa.String) else None
        if length != f.max_length:
            found.append(f"{record.name}.{name}: holds {length} characters, the registry says {f.max_length}")
        if bool(column.nullable) != f.nullable:
            found.append(f"{record.name}.{name}: nullable {column.nullable}, the registry says {f.nullable}")
    return found
