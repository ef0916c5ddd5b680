"""`search-index --rebuild` repairs a search index that lost a part, whichever part it was.

`check` reports a lost part and says to run `search-index --rebuild`; the rebuild must then
put the part back (not only refill the index), so that the advice works. The parts are
listed from a fresh database's own catalogue, not from the code that makes them: the sync
triggers and FTS tables on SQLite, the trigram and two-character GIN indexes on PostgreSQL
and the triggers that keep its standards' documents (revision 0015) and its capability rows'
summary (revision 0016; on SQLite, the summary's table, indexes and triggers of revision 0019).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.demo import populate_demo
from labregistry.inventory.criteria import build_criteria
from labregistry.registry import Registry
from labregistry.services import inventory, records
from tests.conftest import BACKEND, run_cli
from tests.inventory.region import open_site, std

# what revision 0007 installs (counted here so that a part lost from the install itself fails)
SQLITE_TRIGGERS = 28  # 3 events x (standard, service, capability, authorisation, authorisation_item, staff,
#                       credential, credential_item); revision 0019: 3 events of capability and the
#                       standard's update keep the capability rows' summary
SQLITE_TABLES = 11  # an FTS table and its vocabulary per record kind (5 kinds); the summary (0019)
SQLITE_INDEXES = 2  # the summary's two (revision 0019)
PG_INDEXES = 21  # a trigram and a two-character index per table (8 tables), and of the standards' documents;
#                  the capability rows' summary's two (revision 0016); the documents' rank index (revision 0020)
PG_TRIGGERS = 14  # revision 0015: 3 events x (standard, service, capability) keep the documents; revision
#                   0016: 3 events of capability and the standard's update keep the summary; revision
#                   0017: the standard's update keeps the documents' validity


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Registry]:
    db_url = str(request.getfixturevalue("pg_url")) if request.param == "postgres" else None
    if request.param == "sqlite" and BACKEND == "postgres":
        pytest.skip("the SQLite case runs in the SQLite pass")
    reg = open_site(tmp_path, "A", db_url)
    populate_demo(reg, standards=30, seed=3)
    yield reg
    reg.close()


def index_parts(reg: Registry) -> list[tuple[str, str]]:
    """(kind, name) of every part of the search index, from the database's catalogue."""
    with reg.engine.connect() as conn:
        if reg.is_sqlite:
            rows = conn.execute(text(
                "SELECT type, name FROM sqlite_master WHERE name LIKE 'inv\\_fts\\_%' ESCAPE '\\' "
                "AND (type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%') "
                "OR name LIKE 'inv\\_cap\\_row%' ESCAPE '\\' OR name LIKE 'ix\\_inv\\_cap\\_%' ESCAPE '\\'")).all()
        else:
            rows = conn.execute(text(
                "SELECT 'index', indexname FROM pg_indexes "
                "WHERE indexname LIKE 'ix\\_inv\\_trgm\\_%' OR indexname LIKE 'ix\\_inv\\_bigram\\_%' "
                "OR indexname LIKE 'ix\\_inv\\_doc\\_%' OR indexname LIKE 'ix\\_inv\\_cap\\_%' "
                "UNION ALL SELECT 'trigger', tgname FROM pg_trigger "
                "WHERE tgname LIKE 'inv\\_doc\\_%' OR tgname LIKE 'inv\\_cap\\_%'")).all()
    return sorted((str(kind), str(name)) for kind, name in rows)


def drop(reg: Registry, kind: str, name: str) -> None:
    with reg.engine.begin() as conn:
        on = ""
        if kind == "trigger" and not reg.is_sqlite:  # PostgreSQL names a trigger's table
            on = " ON " + conn.execute(text("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = :n"),
                                       {"n": name}).scalar_one()
        conn.exec_driver_sql(f"DROP {kind.upper()} {name}{on}")


def test_the_catalogue_holds_every_part(site: Registry) -> None:
    parts = index_parts(site)
    kinds = [kind for kind, _ in parts]
    if site.is_sqlite:
        assert kinds.count("trigger") == SQLITE_TRIGGERS and kinds.count("table") == SQLITE_TABLES, parts
        assert kinds.count("index") == SQLITE_INDEXES, parts
    else:
        assert kinds == ["index"] * PG_INDEXES + ["trigger"] * PG_TRIGGERS, parts
    assert inventory.index_problems(site) == []


def test_every_lost_part_is_reported_and_put_back_by_the_rebuild(site: Registry) -> None:
    parts = index_parts(site)
    # a vocabulary table goes with its FTS table: drop those last, one by one all the same
    for kind, name in sorted(parts, key=lambda p: (p[0] == "table", p[1])):
        drop(site, kind, name)
        problems = inventory.index_problems(site)
        assert len(problems) == 1 and name in problems[0], (name, problems)
        inventory.rebuild_index(site)
        assert index_parts(site) == parts, f"{kind} {name} was not put back"
        assert inventory.index_problems(site) == []

    # and the parts put back keep the index in step with every later write
    sid = records.create_standard(site, std("涡轮流量计标准装置", "12413100", "[2025]沪量标证字第0900号",
                                            "2025-01-01", "2029-01-01", "(1~100)m³/h", "0.2级"))
    assert inventory.search_ids(site, build_criteria(text="涡轮流量计")) == [sid]
    records.delete(site, "standard", sid)
    assert inventory.search_ids(site, build_criteria(text="涡轮流量计")) == []
    assert inventory.index_problems(site) == []


def test_check_advises_the_rebuild_and_the_rebuild_works_as_processes(site: Registry) -> None:
    """The user's path: `check` fails and names the remedy, `search-index --rebuild` exits 0."""
    kind, name = index_parts(site)[0]
    drop(site, kind, name)
    where = ["--home", str(site.home.path), "--db", site.home.db_url, "--lang", "en"]

    check = run_cli(*where, "check")
    assert check.code == 1 and "search index" in check.err and name in check.err, check.err
    plain = run_cli(*where, "search-index")
    assert plain.code == 1 and plain.err.strip() == "error: the search index has 1 problems; run search-index --rebuild"
    assert name in plain.out

    rebuilt = run_cli(*where, "search-index", "--rebuild", "--json")
    assert rebuilt.code == 0, rebuilt.err
    assert rebuilt.json() == {"ok": True, "problems": [], "rebuilt": True}
    assert run_cli(*where, "search-index").out.strip() == "the search index is sound"
    assert run_cli(*where, "check").code == 0


@pytest.mark.postgres
def test_a_stale_missing_or_left_over_document_is_found_and_rebuilt(site: Registry) -> None:
    """PostgreSQL (revision 0015): a standard's document that no longer says what its records
    say (written around the triggers) is reported by `search-index`, and the rebuild writes it
    again; so are a missing one and one whose standard is gone."""
    if site.is_sqlite:
        pytest.skip("the standards' document table is PostgreSQL's")
    sid = records.create_standard(site, std("涡轮流量计标准装置", "12413100", "[2025]沪量标证字第0900号",
                                            "2025-01-01", "2029-01-01", "(1~100)m³/h", "0.2级"))
    damages = ("UPDATE inv_doc_standard SET doc = '精密压力表' WHERE standard_id = :s",
               "DELETE FROM inv_doc_standard WHERE standard_id = :s",
               "INSERT INTO inv_doc_standard VALUES (:s + 1000, '孤儿')",
               # revision 0017: the standard's validity beside its document
               "UPDATE inv_doc_standard SET valid_until = '2025-06-30' WHERE standard_id = :s",
               "UPDATE inv_doc_standard SET valid_from = NULL WHERE standard_id = :s",
               # revision 0018: its institute beside it
               "UPDATE inv_doc_standard SET institute_id = institute_id + 1000 WHERE standard_id = :s",
               "UPDATE inv_doc_standard SET institute_id = NULL WHERE standard_id = :s")
    on_date = build_criteria(text="涡轮流量计", valid_on="2026-06-01")
    in_place = build_criteria(text="涡轮流量计", provinces="上海", valid_on="2026-06-01")
    for _damage in _damaged_reported_and_rebuilt(site, sid, damages, "standard: "):
        assert inventory.search_ids(site, build_criteria(text="涡轮流量计")) == [sid]
        assert inventory.search_ids(site, on_date) == [sid]
        assert inventory.search_ids(site, in_place) == [sid]
        assert inventory.search_ids(site, build_criteria(text="孤儿")) == []


def _damaged_reported_and_rebuilt(site: Registry, sid: int, damages: tuple[str, ...], part: str) -> Iterator[str]:
    """Each damage written around the triggers, then reported alone (by the service and by
    `search-index`, exit 1) as a problem of ``part``, then rebuilt to none; yields after each
    rebuild for the caller's search."""
    where = ["--home", str(site.home.path), "--db", site.home.db_url, "--lang", "en"]
    for damage in damages:
        with site.engine.begin() as conn:
            conn.execute(text(damage), {"s": sid})
        problems = inventory.index_problems(site)
        assert len(problems) == 1 and problems[0].startswith(part), (damage, problems)
        plain = run_cli(*where, "search-index")
        assert plain.code == 1 and problems[0] in plain.out, plain.out
        inventory.rebuild_index(site)
        assert inventory.index_problems(site) == []
        yield damage


def test_a_stale_missing_or_left_over_capability_summary_row_is_found_and_rebuilt(site: Registry) -> None:
    """PostgreSQL (revision 0016), SQLite (0019): a capability row's summary that no longer says
    what the row and its standard say (written around the triggers: another range, another
    validity), a missing one and one whose row is gone are reported by `search-index`, and the
    rebuild writes them again; the capability search then finds what the records say."""
    sid = records.create_standard(site, std("涡轮流量计标准装置", "12413100", "[2025]沪量标证字第0900号",
                                            "2025-01-01", "2029-01-01", "(1~100)m³/h", "0.2级"))
    flow = build_criteria(low=10, high=50, unit="m³/h", valid_on="2026-06-01")
    assert sid in inventory.search_ids(site, flow)
    damages = ("UPDATE inv_cap_row SET range_max = range_min WHERE standard_id = :s",
               "UPDATE inv_cap_row SET valid_until = '2025-06-30' WHERE standard_id = :s",
               "UPDATE inv_cap_row SET valid_from = NULL WHERE standard_id = :s",
               "DELETE FROM inv_cap_row WHERE standard_id = :s",
               "INSERT INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, valid_from, valid_until) "
               "VALUES (:s + 100000, :s + 1000, 'volume_flow', 0, 1000, '2000-01-01', '2999-01-01')")
    if site.engine.dialect.name == "postgresql":  # its institute beside it (revision 0018; SQLite's has none)
        damages += ("UPDATE inv_cap_row SET institute_id = institute_id + 1000 WHERE standard_id = :s",)
    in_place = build_criteria(low=10, high=50, unit="m³/h", valid_on="2026-06-01", provinces="上海")
    for _damage in _damaged_reported_and_rebuilt(site, sid, damages, "capability: "):
        assert sid in inventory.search_ids(site, flow)
        assert sid in inventory.search_ids(site, in_place)
