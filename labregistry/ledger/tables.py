"""Where each kind of ledger record is stored, and how long its texts may be there.

The tables of a kind (the parent model and the models of its lists), the rows a
validated record becomes (from :mod:`labregistry.storage.mapping`, the one place that
decides how a record is stored), and the length of every text column, the field
registry's (:mod:`labregistry.domain.fields`), which the models and the migrations are
checked against (``tests/storage/test_schema_matches_models.py``).

A ledger text longer than its column is a problem of its record, placed at its cell,
found before anything is written: PostgreSQL would refuse the whole import with an error
in the middle of it, and SQLite would store the text, after which the institute's export
fails and every peer refuses its bundles. Two checks use the lengths:

* :func:`cell_problems`, on the cells as read (before the domain rules): the text fields
  whose cell is stored as typed (names, certificate numbers, ranges ...), so that a record
  with other mistakes still shows this one, and no parser sees the over-long text;
* :func:`stored_issues`, on the rows a valid record would be stored as: what the domain
  made of a cell (a normalised procedure, the items of a credential split from one cell,
  a quantity or class parsed from a range or an accuracy).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlmodel import SQLModel

from labregistry.domain import fields as field_registry
from labregistry.domain.text import clean
from labregistry.errors import Issue
from labregistry.ledger.fields import KindSpec, kind_spec
from labregistry.storage import mapping as rows
from labregistry.storage.bulk import table_of
from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Capability,
    Credential,
    CredentialItem,
    Instrument,
    Service,
    Staff,
    Standard,
)


@dataclass(frozen=True)
class ListSpec:
    """A list of children: its model, foreign key, and (for credentials) the list below it."""

    name: str
    model: type[SQLModel]
    fk: str
    sub: ListSpec | None = None


CRED_ITEMS = ListSpec("items", CredentialItem, "credential_id")
LISTS: dict[str, tuple[ListSpec, ...]] = {
    "standards": (ListSpec("instruments", Instrument, "standard_id"), ListSpec("services", Service, "standard_id"),
                  ListSpec("capabilities", Capability, "standard_id")),
    "authorisations": (ListSpec("items", AuthorisationItem, "authorisation_id"),),
    "staff": (ListSpec("credentials", Credential, "staff_id", CRED_ITEMS),),
}
PARENTS: dict[str, type[SQLModel]] = {"standards": Standard, "authorisations": Authorisation, "staff": Staff}


def stored_rows(kind: str, v: Any) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The record's columns and its children as plain rows, from :mod:`labregistry.storage.mapping`."""
    if kind == "standards":
        return rows.standard_fields(v), {"instruments": rows.instrument_rows(v), "services": rows.service_rows(v),
                                         "capabilities": rows.capability_rows(v)}
    if kind == "authorisations":
        return rows.authorisation_fields(v), {"items": rows.authorised_item_rows(v)}
    values = rows.staff_fields(v)
    creds = [{**cred, "items": items} for cred, items in rows.credential_rows(v)]
    return values, {"credentials": creds}


@cache
def column_lengths(model: type[SQLModel]) -> Mapping[str, int]:
    """``{column: most characters}`` of the model's text columns with a length (``Text`` has none)."""
    record = field_registry.BY_TYPE[table_of(model).name]
    return {f.name: f.max_length for f in record if f.stored and f.max_length is not None}


def _list_spec(kind: str, name: str) -> ListSpec | None:
    return next((ls for ls in LISTS[kind] if ls.name == name), None)


def cell_limits(spec: KindSpec) -> Mapping[str, int]:
    """``{ledger field: most characters}`` of the text fields stored as the cell says.

    A field of the record is stored in the first of its columns (``spec.columns``), a
    field of a list item in the item's column of the same name. Choices, codes, dates and
    lists are left to :func:`stored_issues`: their cell is not what is stored.
    """
    return _cell_limits(spec.name)


@cache
def _cell_limits(kind: str) -> Mapping[str, int]:
    spec = kind_spec(kind)
    out: dict[str, int] = {}
    for f in spec.fields:
        if f.type != "text":
            continue
        if f.list_name is None:
            columns = spec.columns.get(f.key)
            limit = column_lengths(PARENTS[spec.name]).get(columns[0]) if columns else None
        else:
            ls = _list_spec(spec.name, f.list_name)
            limit = column_lengths(ls.model).get(f.attr) if ls is not None else None
        if limit is not None:
            out[f.key] = limit
    return out


def too_long(key: str, length: int, limit: int) -> Issue:
    """The issue of a text of ``length`` characters where ``limit`` fit (the text is not repeated)."""
    return Issue("ledger.too_long", key, None, {"length": length, "limit": limit})


def cell_problems(spec: KindSpec, values: Mapping[str, Any], children: Mapping[str, list[Any]],
                  first_row: int, value_rows: Mapping[str, int]) -> list[tuple[int, str, Issue]]:
    """``(row, ledger field, issue)`` for each text cell of a record longer than its column.

    ``children`` maps a list name to items with ``row`` and ``values`` (grouping's ChildRow).
    """
    limits = cell_limits(spec)
    found: list[tuple[int, str, Issue]] = []

    def check(key: str, value: Any, row: int) -> None:
        limit = limits.get(key)
        text = clean(value) if limit is not None and isinstance(value, str) else None
        if text is not None and limit is not None and len(text) > limit:
            found.append((row, key, too_long(key, len(text), limit)))

    for key, value in values.items():
        check(key, value, value_rows.get(key, first_row))
    for name, items in children.items():
        for item in items:
            for attr, value in item.values.items():
                check(f"{name}.{attr}", value, item.row)
    return found


def stored_issues(spec: KindSpec, validated: Any) -> list[Issue]:
    """An issue for each text the valid record would store beyond its column's length.

    Each issue names the domain field (``"range_text"``, ``"instruments[1].name"``,
    ``"credentials[0].items"``) so that :class:`labregistry.ledger.checks.Locator` places
    it at its cell; a column derived from another field (a quantity parsed from the
    range) is placed at that field's cell.
    """
    parent, children = stored_rows(spec.name, validated)
    owner = {column: key for key, columns in spec.columns.items() for column in columns}
    issues = [too_long(owner.get(c, c), n, limit) for c, n, limit in _overlong(PARENTS[spec.name], parent)]
    for ls in LISTS[spec.name]:
        for index, child in enumerate(children.get(ls.name, [])):
            where = f"{ls.name}[{index}]"
            issues += [too_long(f"{where}.{c}", n, limit) for c, n, limit in _overlong(ls.model, child)]
            if ls.sub is None:
                continue
            for sub in child.get(ls.sub.name) or []:  # the items of a credential: one cell, split
                issues += [too_long(f"{where}.{ls.sub.name}", n, limit) for _c, n, limit in _overlong(ls.sub.model, sub)]
    return issues


def _overlong(model: type[SQLModel], row: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    """``(column, length, limit)`` of the texts of ``row`` longer than their column of ``model``."""
    lengths = column_lengths(model)
    out = []
    for column, value in row.items():
        limit = lengths.get(column)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            out.append((column, len(value), limit))
    return out
