"""The import's fast paths do what the plain ones do: plans, audit entries, value checks,
stored rows; and a batch import (one backup, bundles in order) equals single imports."""

from __future__ import annotations

import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from labregistry.errors import DomainError
from labregistry.exchange import bundle, merge, schema
from labregistry.services import backups, exchange
from labregistry.storage import bulk
from labregistry.storage.models import Standard
from tests.exchange.sites import Site, make_site


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("batch")
    a = make_site(folder, "A", standards=25, seed=11)
    c = make_site(folder, "C", standards=15, seed=12)
    return {"folder": folder, "A": a, "C": c, "a1": a.export(folder / "a1.xlsx"), "c1": c.export(folder / "c1.xlsx"),
            "a2": a.export(folder / "a2.xlsx")}


def rows_of(path: Path) -> dict[str, list[list[Any]]]:
    parsed = bundle.read_bundle(str(path))
    return {name: sheet.rows for name, sheet in parsed.workbook.sheets.items()}


def changes(plan: merge.MergePlan) -> list[Any]:
    return [[(c.kind, c.uid, c.label, c.fields) for c in group] for group in (plan.added, plan.changed, plan.withdrawn)]


def test_plan_from_rows_equals_the_plan_from_records(exported: dict[str, Any]) -> None:
    rows = rows_of(exported["a1"])
    full = merge.bundle_records(rows)
    rnd = random.Random(3)
    current: dict[str, dict[str, Any]] = {}
    for fam in merge.FAMILIES:
        records = copy.deepcopy(full[fam.kind])
        for uid in list(records)[::3]:  # a third not there yet: added
            del records[uid]
        for uid, rec in list(records.items())[::2]:  # half of the rest changed
            key = rnd.choice([k for k in rec["fields"] if k not in ("uid",)])
            rec["fields"][key] = {"n": "42"} if rec["fields"][key] != {"n": "42"} else "changed"
            for kind, children in rec["children"].items():
                if children:
                    children.pop()  # one child fewer
        records["f" * 32] = {"fields": {k: None for k in fam.parent.keys} | {"uid": "f" * 32},
                             "children": {c.kind: [] for c, _ in fam.children}}  # withdrawn
        current[fam.kind] = records
    for cur in (current, {f.kind: {} for f in merge.FAMILIES}):
        old = merge.plan_merge(merge.bundle_records(rows), cur)
        new = merge.plan_rows(rows, cur)
        assert changes(new) == changes(old)
        assert merge.audit_entries(new) == merge.audit_entries(old)
        assert old.counts()["added"] > 0


INT32 = (-(2**31), 2**31 - 1)  # every int column of a bundle is stored in an INTEGER column


def _value_problem_reference(rows: dict[str, list[list[Any]]]) -> Any:
    """value_problem as first written: row by row, column by column (with the rules added
    since: NOT NULL columns with a default are required too, as the merge inserts None
    explicitly, except the 0/1 columns; integers within INTEGER's range)."""
    for sheet in schema.SHEETS:
        table = bulk.table_of(merge._SHEET_MODELS[sheet.kind])
        checks = []
        for index, col in enumerate(sheet.spec.columns):
            limits = INT32 if col.type == "int" and col.key not in schema.BOOL_COLUMNS else None
            if col.key in merge._LINK_KEYS:
                checks.append((index, col, True, None, limits))
                continue
            column = table.c[col.key]
            length = getattr(column.type, "length", None)
            required = not column.nullable and not column.primary_key and col.key not in schema.BOOL_COLUMNS
            checks.append((index, col, required, length, limits))
        for r, row in enumerate(rows[sheet.spec.name]):
            for index, col, required, length, limits in checks:
                value = row[index]
                if value is None or value == "":
                    if required:
                        return sheet.spec.name, r + 2, col.header, "empty"
                    continue
                if length is not None and isinstance(value, str) and len(value) > length:
                    return sheet.spec.name, r + 2, col.header, f"longer than {length} characters"
                if limits is not None and type(value) is int and not limits[0] <= value <= limits[1]:
                    return sheet.spec.name, r + 2, col.header, f"outside {limits[0]}..{limits[1]}"
    creds = {(row[0], row[1]) for row in rows[schema.CREDENTIALS.spec.name]}
    for r, row in enumerate(rows[schema.CREDENTIAL_ITEMS.spec.name]):
        if (row[0], row[1]) not in creds:
            return schema.CREDENTIAL_ITEMS.spec.name, r + 2, schema.CREDENTIAL_ITEMS.spec.columns[1].header, \
                "no such credential"
    return None


def test_value_problem_finds_the_same_first_problem(exported: dict[str, Any]) -> None:
    clean = rows_of(exported["a1"])
    assert merge.value_problem(clean) is None is _value_problem_reference(clean)
    rnd = random.Random(8)
    seen = set()
    for _ in range(120):
        rows = copy.deepcopy(clean)
        for _ in range(rnd.randint(1, 4)):
            sheet = rnd.choice(schema.SHEETS)
            if not rows[sheet.spec.name]:
                continue
            row = rnd.choice(rows[sheet.spec.name])
            index = rnd.randrange(len(row))
            row[index] = rnd.choice([None, "", "x" * 400, "y" * 45, 7, 3.5, "证" * 101, 2**31, -(2**31) - 1,
                                     10**20, 2**31 - 1])
        expected = _value_problem_reference(rows)
        assert merge.value_problem(rows) == expected
        seen.add(None if expected is None else expected[3])
    assert "empty" in seen and any(s and s.startswith("longer") for s in seen)
    assert any(s and s.startswith("outside") for s in seen)


@pytest.mark.sqlite_only  # compares SQLite storage classes (typeof)
def test_positional_inserts_store_what_dict_inserts_store(exported: dict[str, Any]) -> None:
    site: Site = exported["A"]
    rows = rows_of(exported["a1"])[schema.STANDARDS.spec.name]
    keys = schema.STANDARDS.keys
    convert = merge._db_row(keys)
    now = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.timezone.utc)
    with site.reg.engine.begin() as conn:
        inst = conn.execute(text("SELECT id FROM institute WHERE is_own = 1")).scalar_one()
        as_dicts = [{"institute_id": inst, "created_at": now, "updated_at": now,
                     **dict(zip(keys, convert(row), strict=True))} for row in rows]
        for d in as_dicts:  # a first character no uid has (uids are hex): no clash with the originals
            d["uid"] = "x" + d["uid"][1:]
        bulk.insert_rows(conn, Standard, as_dicts)
        as_lists = [[inst, now, now, *convert(row)] for row in rows]
        for values in as_lists:
            values[3] = "p" + values[3][1:]
        ids = bulk.insert_values_returning_ids(conn, Standard, ["institute_id", "created_at", "updated_at", *keys],
                                               as_lists)
        assert len(ids) == len(rows) and ids == sorted(ids)

        def stored(prefix: str) -> list[tuple[Any, ...]]:
            return [tuple(r)[2:] for r in conn.execute(
                text("SELECT * FROM standard WHERE uid LIKE :p ORDER BY substr(uid, 2)"), {"p": prefix + "%"})]

        assert stored("p") == stored("x")
        typed = conn.execute(text("SELECT typeof(issued_on), typeof(code_temporary), typeof(range_min), "
                                  "typeof(created_at) FROM standard WHERE uid LIKE 'p%' LIMIT 1")).one()
        assert tuple(typed) == ("text", "integer", "real", "text")
        conn.rollback()


def _trusting(folder: Path, name: str, sources: list[Site]) -> Site:
    site = make_site(folder, name)
    for other in sources:
        site.trust(other, folder)
    return site


def _state(site: Site) -> list[tuple[Any, ...]]:
    """Records and audit entries, without the times and paths an import stamps."""
    out: list[tuple[Any, ...]] = []
    with site.reg.engine.connect() as conn:
        for table in ("standard", "instrument", "service", "authorisation", "authorisation_item", "staff",
                      "credential", "credential_item"):
            names = [c["name"] for c in inspect(conn).get_columns(table) if c["name"] not in ("created_at", "updated_at")]
            out += [(table, *r) for r in conn.execute(text(f"SELECT {', '.join(names)} FROM {table} ORDER BY id"))]
        out += [("audit", *r) for r in conn.execute(text(
            "SELECT operator, action, entity, record_uid, record_label, source, before, after FROM audit_entry "
            "WHERE source LIKE 'bundle:%' ORDER BY id"))]
        out += [("institute", *r) for r in conn.execute(text(
            "SELECT uscc, name, province, city, is_own, bundle_seq, bundle_key_id, stale FROM institute "
            "WHERE NOT is_own ORDER BY id"))]
    return out


def test_a_batch_imports_like_single_imports(exported: dict[str, Any], tmp_path: Path) -> None:
    sources = [exported["A"], exported["C"]]
    one = _trusting(tmp_path, "B", sources)
    batch = _trusting(tmp_path, "D", sources)
    paths = [exported["a1"], exported["c1"], exported["a2"]]
    for path in paths:
        exchange.import_bundle(one.reg, path, operator="tester")
    results = exchange.import_bundles(batch.reg, paths, operator="tester")
    assert [r.applied for r in results] == [True, True, True]
    assert results[0].plan.counts()["added"] > 0 and results[2].plan.counts() == {"added": 0, "changed": 0,
                                                                                 "withdrawn": 0}
    if batch.reg.is_sqlite:  # a regional PostgreSQL server is backed up by its own tools
        assert len({r.backup for r in results}) == 1 and results[0].backup is not None
        assert len(backups.list_backups(batch.reg.home)) == len(backups.list_backups(one.reg.home)) - 2
    assert _state(batch) == _state(one)


def test_a_batch_stops_at_the_first_refusal(exported: dict[str, Any], tmp_path: Path) -> None:
    b = _trusting(tmp_path, "B", [exported["A"]])  # C is not trusted
    with pytest.raises(DomainError) as info:
        exchange.import_bundles(b.reg, [exported["a1"], exported["c1"], exported["a2"]])
    assert info.value.code == "bundle.unknown_key"
    with b.reg.uow() as uow:
        assert uow.received.last_seq(exported["A"].uscc) is not None  # the first one stayed
        assert uow.received.last_seq(exported["C"].uscc) is None
    with pytest.raises(DomainError) as info:  # a1 again: imported already, and nothing written
        exchange.import_bundles(b.reg, [exported["a1"]])
    assert info.value.code == "import.already"
