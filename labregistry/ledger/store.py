"""Matching ledger records with the own institute's stored records, and writing them set-based.

:class:`Planner` loads the own institute's records of one kind (with their instruments,
services, items or credentials) in a few queries, matches each valid ledger record
(standards and authorisations by folded certificate number; people by any credential
certificate number, else by name and department), and sorts them into creates, updates
and unchanged. Only the columns the ledger has (plus the required ones) are compared and
updated; a list (instruments ...) is replaced when the ledger has its columns.

The rows are written in batches by :mod:`labregistry.storage.writes`; audit entries carry the same
snapshots as :mod:`labregistry.storage.repositories` (a test holds the two together).
Rows come from :mod:`labregistry.storage.mapping`, the one place that decides how a
validated record is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlmodel import SQLModel

from labregistry import i18n
from labregistry.errors import Issue
from labregistry.ledger.checks import Locator, RecordResult
from labregistry.ledger.fields import KindSpec
from labregistry.ledger.grouping import fold_value
from labregistry.ledger.layout import ColumnMapping
from labregistry.ledger.tables import LISTS as _LISTS
from labregistry.ledger.tables import PARENTS as _PARENTS
from labregistry.ledger.tables import ListSpec as _ListSpec
from labregistry.ledger.tables import stored_rows as _fields_of
from labregistry.storage import writes
from labregistry.storage.bulk import table_of
from labregistry.storage.models import new_uid, utcnow


@dataclass
class Counts:
    """What an import adds, updates and leaves unchanged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


_SKIP = frozenset({"id", "institute_id", "standard_id", "authorisation_id", "staff_id", "credential_id", "created_at"})
"""Keys left out of audit snapshots, as in :mod:`labregistry.storage.repositories`."""


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


_SNAP_FIELDS: dict[tuple[type[SQLModel], tuple[str, ...]], tuple[str, ...]] = {}


def _snap(model: type[SQLModel], row: dict[str, Any], extra_skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The audit snapshot of one row, the same shape as ``repositories.row_dict``."""
    names = _SNAP_FIELDS.get((model, extra_skip))
    if names is None:
        skip = _SKIP | set(extra_skip)
        names = _SNAP_FIELDS[(model, extra_skip)] = tuple(n for n in model.model_fields if n not in skip)
    return {name: _iso(row.get(name)) for name in names}


@dataclass
class Write:
    result: RecordResult
    row: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]
    existing: dict[str, Any] | None = None
    before: dict[str, Any] | None = None


@dataclass
class Plan:
    creates: list[Write] = field(default_factory=list)
    updates: list[Write] = field(default_factory=list)
    unchanged: list[Write] = field(default_factory=list)

    @property
    def counts(self) -> Counts:
        return Counts(len(self.creates), len(self.updates), len(self.unchanged))


class Planner:
    """Matches validated records with the own institute's stored ones and writes them in batches."""

    def __init__(self, spec: KindSpec, mapping: ColumnMapping, conn: Connection, own_id: int) -> None:
        self.spec = spec
        self.kind = spec.name
        self.conn = conn
        self.own_id = own_id
        self.parent = _PARENTS[self.kind]
        self.table: Table = table_of(self.parent)
        self.lists = _LISTS[self.kind]
        self.locator = Locator(spec, mapping, mapping.sheet)
        mapped = set(mapping.fields) | set(mapping.constants) | set(spec.always_owned)
        self.owned_fields = [f for f in spec.columns if f in mapped]
        self.owned_lists = {
            ls.name for ls in self.lists if any(k.startswith(ls.name + ".") for k in mapping.fields)
        } | ({"capabilities"} if mapped & {"range_text", "accuracy_text"} else set())  # rows of the range
        self.department_mapped = "department" in mapping.fields
        self.now = utcnow()

    # -- loading what is stored

    def _load(self) -> tuple[dict[int, dict[str, Any]], dict[str, dict[int, list[dict[str, Any]]]]]:
        t = self.table
        parents = {
            int(r["id"]): dict(r) for r in self.conn.execute(select(t).where(t.c.institute_id == self.own_id)).mappings()
        }
        children: dict[str, dict[int, list[dict[str, Any]]]] = {}
        if parents:
            for ls in self.lists:
                children[ls.name] = self._load_children(ls)
        return parents, children

    def _load_children(self, ls: _ListSpec) -> dict[int, list[dict[str, Any]]]:
        c = table_of(ls.model)
        t = self.table
        stmt = (
            select(c).join(t, c.c[ls.fk] == t.c.id).where(t.c.institute_id == self.own_id)
            .order_by(c.c[ls.fk], c.c.position, c.c.id)
        )
        out: dict[int, list[dict[str, Any]]] = {}
        for r in self.conn.execute(stmt).mappings():
            out.setdefault(int(r[ls.fk]), []).append(dict(r))
        if ls.sub is not None:
            sub = ls.sub
            s = table_of(sub.model)
            stmt2 = (
                select(s).join(c, s.c[sub.fk] == c.c.id).join(t, c.c[ls.fk] == t.c.id)
                .where(t.c.institute_id == self.own_id).order_by(s.c[sub.fk], s.c.position, s.c.id)
            )
            items: dict[int, list[dict[str, Any]]] = {}
            for r in self.conn.execute(stmt2).mappings():
                items.setdefault(int(r[sub.fk]), []).append(dict(r))
            for lst in out.values():
                for row in lst:
                    row[sub.name] = items.get(int(row["id"]), [])
        return out

    # -- matching

    def _index(self, parents: dict[int, dict[str, Any]], children: dict[str, dict[int, list[dict[str, Any]]]]
               ) -> Callable[[Write], tuple[list[int], str]]:
        if self.kind != "staff":
            by_cert: dict[str, list[int]] = {}
            for pid, row in parents.items():
                by_cert.setdefault(fold_value(row["certificate_no"]), []).append(pid)

            def match(w: Write) -> tuple[list[int], str]:
                return by_cert.get(fold_value(w.row["certificate_no"]), []), "certificate"

            return match
        by_number: dict[str, set[int]] = {}
        for pid, creds in children.get("credentials", {}).items():
            for cred in creds:
                by_number.setdefault(fold_value(cred["certificate_no"]), set()).add(pid)
        by_person: dict[tuple[str, ...], list[int]] = {}
        for pid, row in parents.items():
            key = (fold_value(row["name"]), fold_value(row["department"])) if self.department_mapped else (
                fold_value(row["name"]),)
            by_person.setdefault(key, []).append(pid)

        def match_person(w: Write) -> tuple[list[int], str]:
            found: set[int] = set()
            for cred in w.children["credentials"]:
                found |= by_number.get(fold_value(cred["certificate_no"]), set())
            if found:
                return sorted(found), "certificate"
            key = (fold_value(w.row["name"]), fold_value(w.row["department"])) if self.department_mapped else (
                fold_value(w.row["name"]),)
            return by_person.get(key, []), "person"

        return match_person

    def plan(self, results: list[RecordResult]) -> Plan:
        parents, children = self._load()
        match = self._index(parents, children)
        plan = Plan()
        claimed: dict[int, RecordResult] = {}
        for result in results:
            if not result.ok:
                continue
            values, kids = _fields_of(self.kind, result.validated)
            w = Write(result, values, kids)
            ids, how = match(w)
            if len(ids) > 1:
                self._reject(result, "ledger.ambiguous_match", {"count": len(ids), "what": i18n.tr(
                    f"ledger.match.{how}", "zh"), "what_en": i18n.tr(f"ledger.match.{how}", "en")})
                continue
            if not ids:
                plan.creates.append(w)
                continue
            pid = ids[0]
            if pid in claimed:
                self._reject(result, "ledger.same_record", {"row": claimed[pid].record.first_row})
                continue
            claimed[pid] = result
            w.existing = parents[pid]
            existing_children = {ls.name: children.get(ls.name, {}).get(pid, []) for ls in self.lists}
            if self._changed(w, existing_children):
                w.before = self._snapshot(w.existing, existing_children)
                w.existing = {**w.existing, "_children": existing_children}
                plan.updates.append(w)
            else:
                plan.unchanged.append(w)
        return plan

    def _reject(self, result: RecordResult, code: str, params: dict[str, Any]) -> None:
        rec = result.record
        key = self.spec.key_field
        issue = Issue(code, key, rec.values.get(key), params)
        result.reject(self.locator.place(rec, issue))
        result.validated = None

    # -- comparing

    def _owned_columns(self, values: dict[str, Any]) -> list[str]:
        return [c for f in self.owned_fields for c in self.spec.columns[f] if c in values]

    def _changed(self, w: Write, existing_children: dict[str, list[dict[str, Any]]]) -> bool:
        assert w.existing is not None
        for col in self._owned_columns(w.row):
            if w.row[col] != w.existing.get(col):
                return True
        for ls in self.lists:
            if ls.name not in self.owned_lists:
                continue
            new, old = w.children[ls.name], existing_children[ls.name]
            keys, sub_keys = _child_keys(ls, new)
            if len(new) != len(old) or _project(ls, new, keys, sub_keys) != _project(ls, old, keys, sub_keys):
                return True
        return False

    # -- snapshots for the audit trail

    def _snapshot(self, row: dict[str, Any], kids: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        data = _snap(self.parent, row, ("updated_at",))
        for ls in self.lists:
            data[ls.name] = [_child_snap(ls, c) for c in kids.get(ls.name, [])]
        return data

    # -- writing

    def insert(self, batch: Sequence[Write]) -> list[dict[str, Any]]:
        parent_rows = []
        for w in batch:
            w.row = {**w.row, "uid": new_uid(), "institute_id": self.own_id, "created_at": self.now,
                     "updated_at": self.now}
            parent_rows.append(w.row)
        ids = writes.insert_by_uid(self.conn, self.parent, self.own_id, parent_rows)
        for ls in self.lists:
            writes.insert_lists(self.conn, ls, [(pid, w.children[ls.name]) for pid, w in zip(ids, batch)])
        return [
            {"action": "create", "entity": self.spec.entity, "uid": w.row["uid"], "label": self._label(w.row),
             "after": self._snapshot(w.row, w.children)}
            for w in batch
        ]

    def update(self, batch: Sequence[Write]) -> list[dict[str, Any]]:
        columns = self._owned_columns(batch[0].row)
        values = []
        for w in batch:
            assert w.existing is not None
            values.append((int(w.existing["id"]), {**w.row, "updated_at": self.now}))
        writes.update_by_id(self.conn, self.parent, [*columns, "updated_at"], values)
        ids = [int(w.existing["id"]) for w in batch if w.existing is not None]
        for ls in self.lists:
            if ls.name not in self.owned_lists:
                continue
            writes.delete_lists(self.conn, ls, ids)
            writes.insert_lists(self.conn, ls, [(int(w.existing["id"]), w.children[ls.name]) for w in batch
                                       if w.existing is not None])
        audits = []
        for w in batch:
            assert w.existing is not None and w.before is not None
            after_row = {**w.existing, **{c: w.row[c] for c in columns}}
            kids = dict(w.existing["_children"])
            for name in self.owned_lists:
                kids[name] = w.children[name]
            audits.append({"action": "update", "entity": self.spec.entity, "uid": w.existing["uid"],
                           "label": self._label(after_row), "before": w.before,
                           "after": self._snapshot(after_row, kids)})
        return audits

    def _label(self, row: dict[str, Any]) -> str:
        return str(row["certificate_no"] if self.kind != "staff" else row["name"])


def _child_snap(ls: _ListSpec, row: dict[str, Any]) -> dict[str, Any]:
    data = _snap(ls.model, row, ("position",))
    if ls.sub is not None:
        data[ls.sub.name] = [_child_snap(ls.sub, r) for r in row.get(ls.sub.name, [])]
    return data


def _child_keys(ls: _ListSpec, children: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The keys the ledger sets on children of ``ls`` (and on their own children), from new rows."""
    skip = {"position", "id", ls.fk} | ({ls.sub.name} if ls.sub else set())
    keys = sorted(k for k in children[0] if k not in skip) if children else []
    sub_keys: list[str] = []
    if ls.sub is not None:
        for c in children:
            subs = c.get(ls.sub.name) or []
            if subs:
                sub_keys = sorted(k for k in subs[0] if k not in {"position", "id", ls.sub.fk})
                break
    return keys, sub_keys


def _project(ls: _ListSpec, children: list[dict[str, Any]], keys: list[str], sub_keys: list[str]) -> list[Any]:
    """Children reduced to the keys the ledger sets (positions and ids left out), for comparing."""
    out: list[Any] = []
    for c in children:
        item: tuple[Any, ...] = tuple(c.get(k) for k in keys)
        if ls.sub is not None:
            item += (tuple(tuple(s.get(k) for k in sub_keys) for s in c.get(ls.sub.name) or []),)
        out.append(item)
    return out


