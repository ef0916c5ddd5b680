"""Merging a verified bundle into the registry: what changes, then all of it at once.

Both sides are brought to the same shape, a record per uid with its fields and its
children in canonical form (:func:`.canonical.canonical_cell`), so that a value the
spreadsheet round trip rewrote (60000000 vs 60000000.0, a date vs a datetime) is not
reported as a change. The issuer is authoritative for its own records only: a bundle
replaces the issuer's whole set (added / changed / withdrawn), set-based.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select

from labregistry.exchange import schema
from labregistry.exchange.canonical import canonical_cell
from labregistry.exchange.schema import SheetDef
from labregistry.storage import bulk
from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Credential,
    CredentialItem,
    Institute,
    Instrument,
    Service,
    Staff,
    Standard,
)

Record = dict[str, Any]  # {"fields": {...}, "children": {kind: [row dict, ...]}}


@dataclass(frozen=True)
class Family:
    """A top-level record kind with its child sheets."""

    kind: str
    parent: SheetDef
    model: Any
    children: tuple[tuple[SheetDef, Any], ...]
    label_key: str


STANDARD_FAMILY = Family("standard", schema.STANDARDS, Standard,
                         ((schema.INSTRUMENTS, Instrument), (schema.SERVICES, Service)), "certificate_no")
AUTHORISATION_FAMILY = Family("authorisation", schema.AUTHORISATIONS, Authorisation,
                              ((schema.AUTHORISED_ITEMS, AuthorisationItem),), "certificate_no")
STAFF_FAMILY = Family("staff", schema.STAFF, Staff,
                      ((schema.CREDENTIALS, Credential), (schema.CREDENTIAL_ITEMS, CredentialItem)), "name")
FAMILIES = (STANDARD_FAMILY, AUTHORISATION_FAMILY, STAFF_FAMILY)
_DATE_TYPES = {c.key for s in schema.SHEETS for c in s.spec.columns if c.type == "date"}


@dataclass
class Change:
    kind: str
    uid: str
    label: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, before, after)


@dataclass
class MergePlan:
    """What importing a bundle would do; ``apply_plan`` does exactly this."""

    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    withdrawn: list[Change] = field(default_factory=list)
    incoming: dict[str, dict[str, Record]] = field(default_factory=dict)
    current: dict[str, dict[str, Record]] = field(default_factory=dict)
    institute_fields: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "withdrawn": len(self.withdrawn)}

    def to_json(self) -> dict[str, Any]:
        def one(c: Change) -> dict[str, Any]:
            out: dict[str, Any] = {"kind": c.kind, "uid": c.uid, "label": c.label}
            if c.fields:
                out["fields"] = [{"field": f, "before": _plain(b), "after": _plain(a)} for f, b, a in c.fields]
            return out

        return {"added": [one(c) for c in self.added], "changed": [one(c) for c in self.changed],
                "withdrawn": [one(c) for c in self.withdrawn]}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return next(iter(value.values()))
    return value


# ---------------------------------------------------------------- shapes


def _canon(keys: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    return {k: canonical_cell(v) for k, v in zip(keys, values, strict=True)}


def bundle_records(rows: Mapping[str, list[list[Any]]]) -> dict[str, dict[str, Record]]:
    """Per family, the bundle's records keyed by uid (canonical values)."""
    out: dict[str, dict[str, Record]] = {}
    for fam in FAMILIES:
        keys = fam.parent.keys
        records: dict[str, Record] = {}
        for row in rows[fam.parent.spec.name]:
            values = _canon(keys, row)
            records[row[0]] = {"fields": values, "children": {c.kind: [] for c, _ in fam.children}, "raw": row}
        for child, _ in fam.children:
            for row in rows[child.spec.name]:
                records[row[0]]["children"][child.kind].append(_canon(child.keys, row))
        out[fam.kind] = records
    return out


def current_records(conn: Connection, institute_id: int) -> dict[str, dict[str, Record]]:
    """Per family, the issuer's records now in the database, in the bundle's shape."""
    out: dict[str, dict[str, Record]] = {}
    for fam in FAMILIES:
        table = bulk.table_of(fam.model)
        keys = fam.parent.keys
        cols = [table.c.id, *(table.c[k] for k in keys)]
        records: dict[str, Record] = {}
        ids: dict[int, str] = {}
        for row in conn.execute(select(*cols).where(table.c.institute_id == institute_id)):
            values = [_db_to_sheet(k, v) for k, v in zip(keys, row[1:], strict=True)]
            records[row.uid] = {"fields": _canon(keys, values), "children": {c.kind: [] for c, _ in fam.children},
                                "id": row.id}
            ids[row.id] = row.uid
        for child, model in fam.children:
            for uid, values in _child_rows(conn, fam, child, model, ids):
                records[uid]["children"][child.kind].append(_canon(child.keys, values))
        out[fam.kind] = records
    return out


def _child_rows(conn: Connection, fam: Family, child: SheetDef, model: Any, ids: Mapping[int, str]
                ) -> Iterable[tuple[str, list[Any]]]:
    if not ids:
        return []
    table = bulk.table_of(model)
    own_keys = child.keys[1:]
    if child is schema.CREDENTIAL_ITEMS:
        cred = bulk.table_of(Credential)
        stmt = (
            select(cred.c.staff_id, cred.c.position.label("credential_position"),
                   table.c.position, table.c.name, table.c.discipline)
            .join(cred, cred.c.id == table.c.credential_id)
            .where(cred.c.staff_id.in_(list(ids)))
            .order_by(cred.c.staff_id, cred.c.position, table.c.position)
        )
    else:
        fk = table.c[_fk_column(child)]
        stmt = select(fk, *(table.c[k] for k in own_keys)).where(fk.in_(list(ids))).order_by(fk, table.c.position)
    rows = []
    for row in conn.execute(stmt):
        rows.append((ids[row[0]], [ids[row[0]], *(_db_to_sheet(k, v) for k, v in zip(own_keys, row[1:], strict=True))]))
    return rows


def _fk_column(child: SheetDef) -> str:
    return {"instrument": "standard_id", "service": "standard_id", "authorisation_item": "authorisation_id",
            "credential": "staff_id"}[child.kind]


def _db_to_sheet(key: str, value: Any) -> Any:
    if key in schema.BOOL_COLUMNS and value is not None:
        return int(bool(value))
    return value


def _sheet_to_db(key: str, value: Any) -> Any:
    if value == "":
        return None
    if key in schema.BOOL_COLUMNS:
        return bool(value) if value is not None else False
    if key in _DATE_TYPES and isinstance(value, dt.datetime):
        return value.date()
    return value


# ---------------------------------------------------------------- planning


def plan_merge(incoming: dict[str, dict[str, Record]], current: dict[str, dict[str, Record]]) -> MergePlan:
    plan = MergePlan(incoming=incoming, current=current)
    for fam in FAMILIES:
        new, old = incoming[fam.kind], current[fam.kind]
        for uid, rec in new.items():
            label = str(_plain(rec["fields"].get(fam.label_key)) or uid)
            if uid not in old:
                plan.added.append(Change(fam.kind, uid, label))
                continue
            diffs = _diff(rec, old[uid])
            if diffs:
                plan.changed.append(Change(fam.kind, uid, label, diffs))
        for uid, rec in old.items():
            if uid not in new:
                plan.withdrawn.append(Change(fam.kind, uid, str(_plain(rec["fields"].get(fam.label_key)) or uid)))
    return plan


def _diff(new: Record, old: Record) -> list[tuple[str, Any, Any]]:
    out = [(k, old["fields"].get(k), v) for k, v in new["fields"].items() if old["fields"].get(k) != v]
    for kind, rows in new["children"].items():
        before = old["children"].get(kind, [])
        for i in range(max(len(rows), len(before))):
            a = before[i] if i < len(before) else None
            b = rows[i] if i < len(rows) else None
            if a == b:
                continue
            if a is None or b is None:
                out.append((f"{kind}[{i}]", _summary(a), _summary(b)))
                continue
            out.extend((f"{kind}[{i}].{k}", a.get(k), v) for k, v in b.items() if a.get(k) != v)
    return out


def _summary(row: Mapping[str, Any] | None) -> Any:
    if row is None:
        return None
    return row.get("name") or row.get("certificate_no") or "…"


# ---------------------------------------------------------------- applying


def apply_plan(conn: Connection, plan: MergePlan, institute_id: int, rows: Mapping[str, list[list[Any]]]) -> None:
    """Delete withdrawn and changed records, insert changed and added ones; set-based."""
    for fam in FAMILIES:
        table = bulk.table_of(fam.model)
        gone = [c.uid for c in plan.withdrawn + plan.changed if c.kind == fam.kind]
        for start in range(0, len(gone), 900):
            chunk = gone[start:start + 900]
            conn.execute(delete(table).where(table.c.institute_id == institute_id, table.c.uid.in_(chunk)))
        wanted = {c.uid for c in plan.added + plan.changed if c.kind == fam.kind}
        if wanted:
            _insert_family(conn, fam, institute_id, wanted, rows)


def _insert_family(conn: Connection, fam: Family, institute_id: int, wanted: set[str],
                   rows: Mapping[str, list[list[Any]]]) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    parents = [
        {"institute_id": institute_id, "created_at": now, "updated_at": now,
         **{k: _sheet_to_db(k, v) for k, v in zip(fam.parent.keys, row, strict=True)}}
        for row in rows[fam.parent.spec.name] if row[0] in wanted
    ]
    ids = bulk.insert_returning_ids(conn, fam.model, parents)
    id_of = {p["uid"]: i for p, i in zip(parents, ids, strict=True)}
    if fam is STAFF_FAMILY:
        _insert_credentials(conn, id_of, rows)
        return
    for child, model in fam.children:
        fk = _fk_column(child)
        child_rows = [
            {fk: id_of[row[0]], **{k: _sheet_to_db(k, v) for k, v in zip(child.keys[1:], row[1:], strict=True)}}
            for row in rows[child.spec.name] if row[0] in id_of
        ]
        bulk.insert_rows(conn, model, child_rows)


def _insert_credentials(conn: Connection, staff_id: Mapping[str, int], rows: Mapping[str, list[list[Any]]]) -> None:
    creds = [
        {"staff_id": staff_id[row[0]],
         **{k: _sheet_to_db(k, v) for k, v in zip(schema.CREDENTIALS.keys[1:], row[1:], strict=True)}}
        for row in rows[schema.CREDENTIALS.spec.name] if row[0] in staff_id
    ]
    ids = bulk.insert_returning_ids(conn, Credential, creds)
    cred_id = {(c["staff_id"], c["position"]): i for c, i in zip(creds, ids, strict=True)}
    items: list[dict[str, Any]] = []
    for row in rows[schema.CREDENTIAL_ITEMS.spec.name]:
        if row[0] not in staff_id:
            continue
        key = (staff_id[row[0]], row[1])
        if key not in cred_id:
            continue  # checked before planning: an item must belong to a listed credential
        items.append({"credential_id": cred_id[key], "position": row[2], "name": row[3], "discipline": row[4]})
    bulk.insert_rows(conn, CredentialItem, items)


def institute_values(rows: Mapping[str, list[list[Any]]]) -> dict[str, Any]:
    row = rows[schema.INSTITUTE.spec.name][0]
    return {k: _sheet_to_db(k, v) for k, v in zip(schema.INSTITUTE.keys, row, strict=True)}


def audit_entries(plan: MergePlan) -> list[dict[str, Any]]:
    """One audit entry per record the merge adds, changes or withdraws."""
    entries: list[dict[str, Any]] = []
    for c in plan.added:
        entries.append({"action": "create", "entity": c.kind, "uid": c.uid, "label": c.label,
                        "after": _flat(plan.incoming[c.kind][c.uid])})
    for c in plan.changed:
        entries.append({"action": "update", "entity": c.kind, "uid": c.uid, "label": c.label,
                        "before": _flat(plan.current[c.kind][c.uid]), "after": _flat(plan.incoming[c.kind][c.uid])})
    for c in plan.withdrawn:
        entries.append({"action": "delete", "entity": c.kind, "uid": c.uid, "label": c.label,
                        "before": _flat(plan.current[c.kind][c.uid])})
    return entries


def _flat(rec: Record) -> dict[str, Any]:
    out = {k: _plain(v) for k, v in rec["fields"].items()}
    for kind, rows in rec["children"].items():
        out[kind] = [{k: _plain(v) for k, v in r.items()} for r in rows]
    return out


def group_count(rows: Iterable[Sequence[Any]]) -> dict[Any, int]:
    counts: dict[Any, int] = defaultdict(int)
    for row in rows:
        counts[row[0]] += 1
    return counts


_SHEET_MODELS: dict[str, Any] = {
    "institute": Institute, "standard": Standard, "instrument": Instrument, "service": Service,
    "authorisation": Authorisation, "authorisation_item": AuthorisationItem, "staff": Staff,
    "credential": Credential, "credential_item": CredentialItem,
}
_LINK_KEYS = {"standard_uid", "authorisation_uid", "staff_uid", "credential_position"}


def value_problem(rows: Mapping[str, list[list[Any]]]) -> tuple[str, int, str, str] | None:
    """The first value the database could not store: (sheet, row, column header, why)."""
    for sheet in schema.SHEETS:
        table = bulk.table_of(_SHEET_MODELS[sheet.kind])
        checks = []
        for index, col in enumerate(sheet.spec.columns):
            if col.key in _LINK_KEYS:
                checks.append((index, col, True, None))
                continue
            column = table.c[col.key]
            length = getattr(column.type, "length", None)
            required = not column.nullable and column.default is None and not column.primary_key
            checks.append((index, col, required, length))
        for r, row in enumerate(rows[sheet.spec.name]):
            for index, col, required, length in checks:
                value = row[index]
                if value is None or value == "":
                    if required:
                        return sheet.spec.name, r + 2, col.header, "empty"
                    continue
                if length is not None and isinstance(value, str) and len(value) > length:
                    return sheet.spec.name, r + 2, col.header, f"longer than {length} characters"
    creds = {(row[0], row[1]) for row in rows[schema.CREDENTIALS.spec.name]}
    for r, row in enumerate(rows[schema.CREDENTIAL_ITEMS.spec.name]):
        if (row[0], row[1]) not in creds:
            return schema.CREDENTIAL_ITEMS.spec.name, r + 2, schema.CREDENTIAL_ITEMS.spec.columns[1].header, \
                "no such credential"
    return None
