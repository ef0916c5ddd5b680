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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, select

from labregistry.exchange import capabilities, schema
from labregistry.xlsx.canonical import canonical_cell, canonical_number, normalise_text
from labregistry.exchange.schema import SheetDef
from labregistry.storage import bulk
from labregistry.storage.writes import Children, NewRows
from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Capability,
    Comparison,
    ComparisonResult,
    Credential,
    CredentialItem,
    Institute,
    Instrument,
    RecognitionDecision,
    Service,
    Staff,
    Standard,
)
from labregistry.textrules import unsafe_character, unsafe_index

Record = dict[str, Any]  # {"fields": {...}, "children": {kind: [row dict, ...]}}


@dataclass(frozen=True)
class Family:
    """A top-level record kind with its child sheets."""

    kind: str
    parent: SheetDef
    model: Any
    children: tuple[tuple[SheetDef, Any], ...]
    label_key: str
    exported: tuple[str, str] | None = None
    """``(column, value)``: the only records of the family a bundle carries (None: all)."""
    retired: tuple[str, str] | None = None
    """``(column, value)``: a record that leaves the issuer's bundle is kept, set so (with the
    date it left in ``withdrawn_on``), not deleted (None: deleted). Such records are not the
    issuer's current records any more: a later bundle does not withdraw them again."""


STANDARD_FAMILY = Family("standard", schema.STANDARDS, Standard,
                         ((schema.INSTRUMENTS, Instrument), (schema.SERVICES, Service),
                          (schema.CAPABILITIES, Capability)), "certificate_no")
AUTHORISATION_FAMILY = Family("authorisation", schema.AUTHORISATIONS, Authorisation,
                              ((schema.AUTHORISED_ITEMS, AuthorisationItem),), "certificate_no")
STAFF_FAMILY = Family("staff", schema.STAFF, Staff,
                      ((schema.CREDENTIALS, Credential), (schema.CREDENTIAL_ITEMS, CredentialItem)), "name")
COMPARISON_FAMILY = Family("comparison", schema.COMPARISONS, Comparison,
                           ((schema.COMPARISON_RESULTS, ComparisonResult),), "scheme_no")
DECISION_FAMILY = Family("decision", schema.DECISIONS, RecognitionDecision, (), "subject_name",
                         exported=("status", "in_force"), retired=("status", "withdrawn"))
FAMILIES = (STANDARD_FAMILY, AUTHORISATION_FAMILY, STAFF_FAMILY, COMPARISON_FAMILY, DECISION_FAMILY)
_DATE_TYPES = {c.key for s in schema.SHEETS for c in s.spec.columns if c.type == "date"}


@dataclass
class Change:
    kind: str
    uid: str
    label: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, before, after)


@dataclass
class MergePlan:
    """What importing a bundle would do; :func:`record_writes` writes exactly this."""

    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    withdrawn: list[Change] = field(default_factory=list)
    incoming: dict[str, dict[str, Record]] = field(default_factory=dict)
    current: dict[str, dict[str, Record]] = field(default_factory=dict)
    institute_fields: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, int] | None = None
    """Set by :meth:`summarise`: the counts of a plan whose changes were let go."""

    def counts(self) -> dict[str, int]:
        if self.summary is not None:
            return dict(self.summary)
        return {"added": len(self.added), "changed": len(self.changed), "withdrawn": len(self.withdrawn)}

    def snapshots(self, c: Change) -> tuple[dict[str, Any], dict[str, Any]]:
        """:func:`changed_snapshots`, for the edges' previews (``services.changes.describe_changes``: the snapshots its audit entry will hold)."""
        return changed_snapshots(self, c)

    def summarise(self) -> MergePlan:
        """Keep the counts, let go of the records and the changes (a batch of bundles
        reports what each did without holding every record of the region)."""
        self.summary = self.counts()
        self.added, self.changed, self.withdrawn = [], [], []
        self.incoming, self.current = {}, {}
        return self

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


def _cell(value: Any) -> Any:
    """:func:`.canonical.canonical_cell`, with the classes bundles hold tested first."""
    if value is None:
        return None
    cls = value.__class__
    if cls is str:
        return (normalise_text(value) if "\r" in value else value) or None
    if cls is int or cls is float:
        return {"n": canonical_number(value)}
    if cls is dt.date:
        return {"d": value.isoformat()}
    return canonical_cell(value)


def _canon(keys: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    if len(keys) != len(values):
        raise ValueError(f"{len(values)} values for {len(keys)} keys")
    return {k: _cell(v) for k, v in zip(keys, values)}


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


def _flat_cell(value: Any) -> Any:
    """``_plain(canonical_cell(value))``: what an audit snapshot holds for ``value``."""
    if value is None:
        return None
    cls = value.__class__
    if cls is str:
        return (normalise_text(value) if "\r" in value else value) or None
    if cls is int or cls is float:
        return canonical_number(value)
    if cls is dt.date:
        return value.isoformat()
    return _plain(canonical_cell(value))


def _flat_values(keys: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    if len(keys) != len(values):
        raise ValueError(f"{len(values)} values for {len(keys)} keys")
    # None and plain text are their own snapshot; the rest goes through _flat_cell
    return {k: v if v is None or (v.__class__ is str and v and "\r" not in v) else _flat_cell(v)
            for k, v in zip(keys, values)}


def plan_rows(rows: Mapping[str, list[list[Any]]], current: dict[str, dict[str, Record]]) -> MergePlan:
    """``plan_merge(bundle_records(rows), current)``, doing for each record only what it needs.

    A record with a counterpart in ``current`` gets its canonical form (to be compared);
    a record that is added only needs its audit snapshot, so it keeps its rows (``{"family":
    ..., "raw": row, "child_rows": {...}}``) and :func:`audit_entries` makes the snapshot
    from them when it writes the entry: for the first import of an institute, that is every
    record, and neither the canonical form nor all the snapshots at once are ever built.
    """
    incoming: dict[str, dict[str, Record]] = {}
    for fam in FAMILIES:
        old = current[fam.kind]
        keys = fam.parent.keys
        records: dict[str, Record] = {}
        for row in rows[fam.parent.spec.name]:
            if len(row) != len(keys):
                raise ValueError(f"{len(row)} values for {len(keys)} keys")
            if row[0] in old:
                records[row[0]] = {"fields": _canon(keys, row), "children": {c.kind: [] for c, _ in fam.children},
                                   "raw": row}
            else:
                records[row[0]] = {"family": fam, "raw": row, "child_rows": {c.kind: [] for c, _ in fam.children}}
        for child, _ in fam.children:
            child_keys = child.keys
            for row in rows[child.spec.name]:
                rec = records[row[0]]
                if "family" in rec:
                    if len(row) != len(child_keys):
                        raise ValueError(f"{len(row)} values for {len(child_keys)} keys")
                    rec["child_rows"][child.kind].append(row)
                else:
                    rec["children"][child.kind].append(_canon(child_keys, row))
        incoming[fam.kind] = records
    return plan_merge(incoming, current)


def _label(rec: Record, key: str, uid: str) -> str:
    if "family" in rec:
        return str(_flat_cell(rec["raw"][rec["family"].parent.keys.index(key)]) or uid)
    return str(_plain(rec["fields"].get(key)) or uid)


def current_records(conn: Connection, institute_id: int) -> dict[str, dict[str, Record]]:
    """Per family, the issuer's records now in the database, in the bundle's shape."""
    out: dict[str, dict[str, Record]] = {}
    for fam in FAMILIES:
        table = bulk.table_of(fam.model)
        keys = fam.parent.keys
        cols = [table.c.id, *(table.c[k] for k in keys)]
        records: dict[str, Record] = {}
        ids: dict[int, str] = {}
        bools = [i for i, k in enumerate(keys) if k in schema.BOOL_COLUMNS]
        stmt = select(*cols).where(table.c.institute_id == institute_id)
        if fam.exported is not None:  # the records a bundle carries: the others left it before
            stmt = stmt.where(table.c[fam.exported[0]] == fam.exported[1])
        for row in conn.execute(stmt):
            values = list(row[1:])
            for i in bools:
                if values[i] is not None:
                    values[i] = int(bool(values[i]))
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
    return {"instrument": "standard_id", "service": "standard_id", "capability": "standard_id",
            "authorisation_item": "authorisation_id", "credential": "staff_id",
            "comparison_result": "comparison_id"}[child.kind]


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
            label = _label(rec, fam.label_key, uid)
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
    return row.get("name") or row.get("certificate_no") or row.get("parameter") or row.get("range_text") or "…"


# ---------------------------------------------------------------- applying


def record_writes(plan: MergePlan, institute_id: int, rows: Mapping[str, list[list[Any]]]
                  ) -> tuple[dict[Any, list[str]], list[NewRows]]:
    """What :func:`.storage.writes.replace_records` must write to do ``plan``: the uids to
    delete per model (withdrawn and changed records), and the rows to insert (changed and
    added records, with their children), in the database's shape."""
    gone = {fam.model: [c.uid for c in _replaced(plan, fam)] for fam in FAMILIES}
    wanted = {fam.kind: {c.uid for c in plan.added + plan.changed if c.kind == fam.kind} for fam in FAMILIES}
    new = [_family_rows(fam, institute_id, wanted[fam.kind], rows) for fam in FAMILIES if wanted[fam.kind]]
    return gone, new


def _replaced(plan: MergePlan, fam: Family) -> list[Change]:
    """The records of ``fam`` to delete before the inserts: the changed ones, the withdrawn
    ones of a family that deletes them, and, of a family that keeps them, an added one (a
    uid once retired here and sent again replaces the retired row)."""
    if fam.retired is None:
        return [c for c in plan.withdrawn + plan.changed if c.kind == fam.kind]
    return [c for c in plan.added + plan.changed if c.kind == fam.kind]


def retired_records(plan: MergePlan) -> list[tuple[Family, list[str]]]:
    """Per family that keeps what leaves the bundle (:attr:`Family.retired`), the uids the plan
    withdraws: to be marked, not deleted (:func:`.storage.writes.retire_records`)."""
    out = []
    for fam in FAMILIES:
        uids = [c.uid for c in plan.withdrawn if c.kind == fam.kind]
        if fam.retired is not None and uids:
            out.append((fam, uids))
    return out


def _db_row(keys: Sequence[str]) -> Any:
    """``row -> [_sheet_to_db(k, v) for k, v in zip(keys, row)]``, converting only the
    columns that need it (the rare row holding "" goes value by value)."""
    bools = [i for i, k in enumerate(keys) if k in schema.BOOL_COLUMNS]
    dates = [i for i, k in enumerate(keys) if k in _DATE_TYPES]
    width = len(keys)

    def convert(row: Sequence[Any]) -> list[Any]:
        if len(row) != width:
            raise ValueError(f"{len(row)} values for {width} columns")
        if "" in row:
            return [_sheet_to_db(k, v) for k, v in zip(keys, row)]
        out = list(row)
        for i in bools:
            out[i] = bool(out[i]) if out[i] is not None else False
        for i in dates:
            if isinstance(out[i], dt.datetime):
                out[i] = out[i].date()
        return out

    return convert


def _family_rows(fam: Family, institute_id: int, wanted: set[str], rows: Mapping[str, list[list[Any]]]) -> NewRows:
    """The new rows of one family: its records in ``wanted``, with their children linked by
    the index of their parent row (:class:`.storage.writes.Children`)."""
    now = dt.datetime.now(dt.timezone.utc)
    keys = fam.parent.keys
    convert = _db_row(keys)
    parent_rows = [row for row in rows[fam.parent.spec.name] if row[0] in wanted]
    # a family whose bundle carries only some records (the decisions in force) stores them as such
    fixed = {fam.exported[0]: fam.exported[1]} if fam.exported else {}
    parent = NewRows(fam.model, [[institute_id, now, now, *fixed.values(), *convert(row)] for row in parent_rows],
                     ["institute_id", "created_at", "updated_at", *fixed, *keys])
    index_of = {row[0]: i for i, row in enumerate(parent_rows)}
    if fam is STAFF_FAMILY:
        parent.children.append(Children("staff_id", _credential_rows(index_of, rows)))
        return parent
    for child, model in fam.children:
        fk = _fk_column(child)
        if child is schema.CAPABILITIES:  # with what the receiver derives from each row's text
            new = NewRows(model, capabilities.stored_rows(rows[child.spec.name], index_of),
                          [fk, *capabilities.STORED])
        else:
            convert_child = _db_row(child.keys[1:])
            new = NewRows(model, [[index_of[row[0]], *convert_child(row[1:])] for row in rows[child.spec.name]
                                  if row[0] in index_of], [fk, *child.keys[1:]])
        parent.children.append(Children(fk, new))
    return parent


def _credential_rows(staff_index: Mapping[str, int], rows: Mapping[str, list[list[Any]]]) -> NewRows:
    keys = schema.CREDENTIALS.keys[1:]
    convert = _db_row(keys)
    creds = [[staff_index[row[0]], *convert(row[1:])] for row in rows[schema.CREDENTIALS.spec.name]
             if row[0] in staff_index]
    position = 1 + keys.index("position")
    cred_index = {(c[0], c[position]): i for i, c in enumerate(creds)}
    items: list[list[Any]] = []
    for row in rows[schema.CREDENTIAL_ITEMS.spec.name]:
        if row[0] not in staff_index:
            continue
        key = (staff_index[row[0]], row[1])
        if key not in cred_index:
            continue  # checked before planning: an item must belong to a listed credential
        items.append([cred_index[key], row[2], row[3], row[4]])
    item_rows = NewRows(CredentialItem, items, ["credential_id", "position", "name", "discipline"])
    return NewRows(Credential, creds, ["staff_id", *keys], [Children("credential_id", item_rows)])


def institute_values(rows: Mapping[str, list[list[Any]]]) -> dict[str, Any]:
    row = rows[schema.INSTITUTE.spec.name][0]
    return {k: _sheet_to_db(k, v) for k, v in zip(schema.INSTITUTE.keys, row, strict=True)}


def audit_entries(plan: MergePlan) -> list[dict[str, Any]]:
    """One audit entry per record the merge adds, changes or withdraws."""
    return list(iter_audit_entries(plan))


def iter_audit_entries(plan: MergePlan, on: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """:func:`audit_entries` one at a time (a bundle of 10^4 records need not hold all its
    snapshots at once); ``on``: the date a retired record left the issuer's bundle."""
    for c in plan.added:
        yield {"action": "create", "entity": c.kind, "uid": c.uid, "label": c.label,
               "after": _flat(plan.incoming[c.kind][c.uid])}
    for c in plan.changed:
        before, after = changed_snapshots(plan, c)
        yield {"action": "update", "entity": c.kind, "uid": c.uid, "label": c.label, "before": before, "after": after}
    retired = {fam.kind: fam.retired for fam in FAMILIES if fam.retired is not None}
    for c in plan.withdrawn:
        before = _flat(plan.current[c.kind][c.uid])
        if c.kind in retired:  # kept, marked: an update, not a deletion (nothing for the recycle bin)
            column, value = retired[c.kind]
            yield {"action": "update", "entity": c.kind, "uid": c.uid, "label": c.label, "before": before,
                   "after": {**before, column: value, "withdrawn_on": on.isoformat() if on else None}}
            continue
        yield {"action": "delete", "entity": c.kind, "uid": c.uid, "label": c.label, "before": before}


def changed_snapshots(plan: MergePlan, c: Change) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record ``plan`` changes (one of ``plan.changed``), before and after, as its audit
    entry holds them: what the preview describes is what the history will."""
    return _flat(plan.current[c.kind][c.uid]), _flat(plan.incoming[c.kind][c.uid])


def _flat(rec: Record) -> dict[str, Any]:
    if "family" in rec:  # a record added, from plan_rows: the snapshot from its rows
        fam: Family = rec["family"]
        flat = _flat_values(fam.parent.keys, rec["raw"])
        for child, _ in fam.children:
            flat[child.kind] = [_flat_values(child.keys, row) for row in rec["child_rows"][child.kind]]
        return flat
    out = {k: (v if v.__class__ is not dict else next(iter(v.values()))) for k, v in rec["fields"].items()}
    for kind, rows in rec["children"].items():
        out[kind] = [{k: (v if v.__class__ is not dict else next(iter(v.values()))) for k, v in r.items()}
                     for r in rows]
    return out


def group_count(rows: Iterable[Sequence[Any]]) -> dict[Any, int]:
    counts: dict[Any, int] = defaultdict(int)
    for row in rows:
        counts[row[0]] += 1
    return counts


_SHEET_MODELS: dict[str, Any] = {
    "institute": Institute, "standard": Standard, "instrument": Instrument, "service": Service,
    "capability": Capability, "authorisation": Authorisation, "authorisation_item": AuthorisationItem, "staff": Staff,
    "credential": Credential, "credential_item": CredentialItem, "comparison": Comparison,
    "comparison_result": ComparisonResult, "decision": RecognitionDecision,
}
_LINK_KEYS = {"standard_uid", "authorisation_uid", "staff_uid", "credential_position", "comparison_uid"}


def value_problem(rows: Mapping[str, list[list[Any]]]) -> tuple[str, int, str, str] | None:
    """The first value the database could not store: (sheet, row, column header, why).

    "First" in reading order: row by row, left to right. Checked column by column (each
    column's first problem, then the earliest of those), which finds the same cell.

    What is checked, from each column's definition (:func:`column_rules`): a value in
    every NOT NULL column, text no longer than the column, integers within the column's
    range on every supported database.
    """
    for sheet in schema.SHEETS:
        sheet_rows = rows[sheet.spec.name]
        found: list[tuple[int, int, str]] = []  # (row index, column index, why)
        for index, (required, length, limits) in enumerate(column_rules(sheet)):
            if not required and length is None and limits is None:
                continue
            values = [row[index] for row in sheet_rows]
            problem = _column_problem(values, required, length)
            if limits is not None:
                beyond = _range_problem(values, limits, len(values) if problem is None else problem[0])
                problem = beyond or problem
            if problem is not None:
                found.append((problem[0], index, problem[1]))
        if found:
            r, index, why = min(found)
            return sheet.spec.name, r + 2, sheet.spec.columns[index].header, why
    creds = {(row[0], row[1]) for row in rows[schema.CREDENTIALS.spec.name]}
    for r, row in enumerate(rows[schema.CREDENTIAL_ITEMS.spec.name]):
        if (row[0], row[1]) not in creds:
            return schema.CREDENTIAL_ITEMS.spec.name, r + 2, schema.CREDENTIAL_ITEMS.spec.columns[1].header, \
                "no such credential"
    return None


def text_problem(rows: Mapping[str, list[list[Any]]]) -> tuple[str, int, str, str] | None:
    """The first text holding a character no text field may hold: (sheet, row, column
    header, the character), in the order of :func:`value_problem`.

    The same rule as every other entry point (:func:`labregistry.textrules.unsafe_character`):
    a peer's signed 浙江 turned into 江浙 by U+202E, or a name with zero-width characters
    that looks like another institute's, is refused, not imported.
    """
    for sheet in schema.SHEETS:
        sheet_rows = rows[sheet.spec.name]
        text_columns = [i for i, column in enumerate(sheet.spec.columns) if column.type == "text"]
        if not sheet_rows or _all_text_safe(sheet_rows, text_columns):
            continue
        found: list[tuple[int, int, str]] = []
        for index in text_columns:
            values = [row[index] for row in sheet_rows]
            r = unsafe_index(values)
            if r is not None:
                char = unsafe_character(values[r]) or ""
                found.append((r, index, char))
        if found:
            r, index, char = min(found)
            return sheet.spec.name, r + 2, sheet.spec.columns[index].header, char
    return None


def _all_text_safe(sheet_rows: list[list[Any]], columns: list[int]) -> bool:
    """True when no text of ``columns`` holds an unsafe character: the usual sheet, decided by
    one look at all its texts joined (a bundle of 10^5 records in a fraction of a second)."""
    pick = itemgetter(*columns, columns[0])  # always a tuple
    try:
        joined = "".join(filter(None, chain.from_iterable(map(pick, sheet_rows))))
    except TypeError:  # a value that is no text (never in a text column as read): look at each
        return False
    return unsafe_character(joined) is None


# Bundle fix (tests/fuzz): value_problem let two kinds of signed values through that the
# database then refused, so verify said "valid" and import raised OverflowError,
# DataError or IntegrityError instead of a message:
# - integers beyond the column: SQLite stores 64 bits, PostgreSQL's INTEGER 32; the format
#   allows 15 digits. A position of 3,000,000,000 failed on PostgreSQL only: the range
#   checked is the column type's on every database, so a bundle is valid or not wherever
#   it is imported;
# - an empty cell in a NOT NULL column that has a default (status, role, position...):
#   the merge inserts every column, None included, so the default never applies. Only
#   the 0/1 columns, which the merge turns into False when empty, may stay empty.
_INT_RANGES: dict[str, tuple[int, int]] = {
    "SmallInteger": (-(2**15), 2**15 - 1),
    "Integer": (-(2**31), 2**31 - 1),
    "BigInteger": (-(2**63), 2**63 - 1),
}


def column_rules(sheet: SheetDef) -> list[tuple[bool, int | None, tuple[int, int] | None]]:
    """Per column of ``sheet``: (required, text length limit, integer range) of the table
    column it is stored in. Link columns (a parent's uid, a credential's position) must
    be filled and are held to the range of what they point at."""
    table = bulk.table_of(_SHEET_MODELS[sheet.kind])
    out: list[tuple[bool, int | None, tuple[int, int] | None]] = []
    for col in sheet.spec.columns:
        key = "position" if col.key == "credential_position" else col.key
        if key not in table.c:  # a parent's uid: checked against the parent sheet
            out.append((True, None, None))
            continue
        column = table.c[key]
        required = col.key in _LINK_KEYS or (
            not column.nullable and not column.primary_key and col.key not in schema.BOOL_COLUMNS)
        length = getattr(column.type, "length", None) if col.key not in _LINK_KEYS else None
        limits = _int_range(column.type) if col.type == "int" and col.key not in schema.BOOL_COLUMNS else None
        out.append((required, length, limits))
    return out


def _int_range(column_type: Any) -> tuple[int, int] | None:
    for cls in type(column_type).__mro__:
        if cls.__name__ in _INT_RANGES:
            return _INT_RANGES[cls.__name__]
    return None


def _range_problem(values: list[Any], limits: tuple[int, int], stop: int) -> tuple[int, str] | None:
    """(row index, why) of the first integer among ``values[:stop]`` outside ``limits``."""
    low, high = limits
    numbers = [v for v in values[:stop] if v.__class__ is int]
    if not numbers or (low <= min(numbers) and max(numbers) <= high):  # the usual column
        return None
    for r in range(stop):
        value = values[r]
        if value.__class__ is int and not low <= value <= high:
            return r, f"outside {low}..{high}"
    return None  # pragma: no cover - min() or max() found one


def _column_problem(values: list[Any], required: bool, length: int | None) -> tuple[int, str] | None:
    """(row index, why) of the first value of a column the database could not store."""
    first: tuple[int, str] | None = None
    if required:
        for empty in (None, ""):
            try:
                r = values.index(empty)
            except ValueError:
                continue
            if first is None or r < first[0]:
                first = (r, "empty")
    if length is not None:
        try:  # the usual column: text or nothing, all short enough
            longest = max(map(len, filter(None, values)), default=0)
        except TypeError:  # a value without a length (a number...): look at each
            longest = length + 1
        if longest > length:
            limit = len(values) if first is None else first[0]
            for r in range(limit):
                value = values[r]
                if value is not None and value != "" and isinstance(value, str) and len(value) > length:
                    return r, f"longer than {length} characters"
    return first
