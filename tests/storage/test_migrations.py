"""Migrations: up and down on an empty database, and data made at each revision survives, on the
engine of the pass (SQLite, or PostgreSQL in the PostgreSQL pass)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy import inspect as sa_inspect

from labregistry.config import resolve_home
from labregistry.registry import open_registry
from labregistry.services import schema
from labregistry.storage import db
from tests.conftest import BACKEND

EXPECTED_TABLES = {
    "institute",
    "standard",
    "instrument",
    "service",
    "capability",
    "authorisation",
    "authorisation_item",
    "staff",
    "credential",
    "credential_item",
    "audit_entry",
    "setting",
}


@pytest.fixture
def empty_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the engine of this pass (SQLite file, or PostgreSQL)."""
    if BACKEND == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'r.db'}"


def test_empty_database_upgrades_to_head_and_back_down(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)
    assert EXPECTED_TABLES <= set(db.table_names(engine))
    db.downgrade(engine, "base")
    assert db.current_revision(engine) is None
    assert set(db.table_names(engine)) <= {"alembic_version"}
    db.migrate(engine)
    assert db.current_revision(engine) == db.head_revision(engine)
    engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "h")
    with reg.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_data_made_at_the_first_revision_is_intact_at_head(tmp_path: Path, empty_url: str) -> None:
    """A database written by revision 0001 (raw SQL, as that version wrote it) opens at head."""
    engine = db.make_engine(empty_url)
    db.migrate(engine, "0001")
    now = dt.datetime(2025, 1, 2, 3, 4, 5)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO institute (id, uscc, name, province, city, is_own, created_at, updated_at)"
                " VALUES (1, '91350100M000100Y43', '上海市计量测试技术研究院', '上海', '上海', :yes, :t, :t)"
            ),
            {"t": now, "yes": True},
        )
        conn.execute(
            text(
                "INSERT INTO standard (id, uid, institute_id, name, code, code_temporary, grade,"
                " certificate_no, valid_until, range_text, accuracy_text, status, created_at, updated_at,"
                " quantity, range_min, range_max, unit)"
                " VALUES (7, 'u7', 1, '精密压力表标准装置', '12113100', :no, 'public',"
                " '[2023]沪量标证字第0123号', :until, '(0~60)MPa', 'U=0.02%, k=2', 'valid', :t, :t,"
                " 'pressure', 0, 60000000, 'Pa')"
            ),
            {"t": now, "no": False, "until": dt.date(2027, 5, 31)},
        )
        conn.execute(
            text(
                "INSERT INTO instrument (standard_id, position, role, name, traced_to_name)"
                " VALUES (7, 0, 'main', '数字压力计', '中国计量科学研究院')"
            )
        )
    engine.dispose()

    if BACKEND == "postgres":  # a shared server is brought forward by `db upgrade`: a client refuses it
        schema.upgrade(resolve_home(tmp_path / "h", empty_url))
    reg = open_registry(tmp_path / "h", empty_url, logging=False)
    assert db.current_revision(reg.engine) == db.head_revision(reg.engine)
    with reg.uow() as uow:
        own = uow.institutes.own()
        assert own is not None and own.name == "上海市计量测试技术研究院"
        agg = uow.standards.get(7)
        assert agg is not None
        assert agg.standard.certificate_no == "[2023]沪量标证字第0123号"
        assert agg.standard.valid_until == dt.date(2027, 5, 31)
        assert agg.standard.range_max == 60_000_000
        assert [i.traced_to_name for i in agg.instruments] == ["中国计量科学研究院"]
    reg.close()


def _institute_at_0005(url: str) -> Engine:
    """A database at revision 0005 holding the own institute (id 1)."""
    engine = db.make_engine(url)
    db.migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO institute (id, uscc, name, province, city, is_own, created_at, updated_at)"
                          " VALUES (1, '91350100M000100Y43', '上海市计量测试技术研究院', '上海', '上海', :yes, :t, :t)"),
                     {"t": dt.datetime(2025, 1, 2), "yes": True})
    return engine


def _standard_at_0005(conn: object, sid: int, range_text: str, quantity: str, low: float, high: float, unit: str,
                      accuracy: str, kind: str, value: float | None, relative: bool | None,
                      klass: str | None) -> None:
    """A standard as revision 0005 stored it (raw SQL: that version's columns)."""
    conn.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO standard (id, uid, institute_id, name, code, code_temporary, grade, certificate_no,"
            " valid_until, range_text, quantity, range_min, range_max, unit, accuracy_text, accuracy_kind,"
            " accuracy_value, accuracy_relative, accuracy_k, accuracy_class, status, created_at, updated_at)"
            " VALUES (:id, :uid, 1, '标准', '12113100', :no, 'public', :cert, :until, :rng, :q, :lo, :hi, :unit,"
            " :acc, :kind, :value, :rel, 2.0, :cls, 'valid', :t, :t)"
        ),
        {"id": sid, "uid": f"u{sid}", "no": False, "cert": f"C{sid}", "until": dt.date(2027, 5, 31),
         "rng": range_text, "q": quantity, "lo": low, "hi": high, "unit": unit, "acc": accuracy, "kind": kind,
         "value": value, "rel": relative, "cls": klass, "t": dt.datetime(2025, 1, 2)},
    )


#: Standards of every accuracy kind revision 0006 reads (arguments of :func:`_standard_at_0005`
#: after the connection); also the seed of tests/storage/test_migration_snapshots.py.
STANDARDS_AT_0005 = [
    (1, "(0~60)MPa", "pressure", 0.0, 6e7, "Pa", "0.05级", "class", None, None, "0.05"),
    (2, "(0~1000)V", "voltage", 0.0, 1000.0, "V", "U=0.002%, k=2", "Urel", 2e-5, True, None),
    (3, "(0~6)MPa", "pressure", 0.0, 6e6, "Pa", "MPE: ±0.1%FS", "MPE", 1e-3, True, None),
    (4, "(-40~150)℃", "temperature", 233.15, 423.15, "K", "U=0.5℃, k=2", "U", 0.5, False, None),
    (5, "(0~100)mm", "length", 0.0, 0.1, "m", "U=2μm+2×10⁻⁶L, k=2", "U", None, False, None),
    (6, "(1~500)g", "mass", 1e-3, 0.5, "kg", "二等", "class", None, None, "二等"),
]


def test_each_standard_becomes_one_capability_row_at_0006(tmp_path: Path, empty_url: str) -> None:
    """Revision 0006 moves each standard's range and accuracy into one capability row, the accuracy
    read as an error (docs/comparison.md): absolute, of reading, of span (FS, a class); a formula and
    a grade stay not comparable."""
    engine = _institute_at_0005(empty_url)
    with engine.begin() as conn:
        for row in STANDARDS_AT_0005:
            _standard_at_0005(conn, *row)
    db.migrate(engine)
    with engine.connect() as conn:
        got = {r.standard_id: r for r in conn.execute(text("SELECT * FROM capability ORDER BY standard_id"))}
    engine.dispose()
    assert sorted(got) == [1, 2, 3, 4, 5, 6] and {r.position for r in got.values()} == {0}
    assert (got[1].range_text, got[1].quantity, got[1].range_max, got[1].accuracy_text) == (
        "(0~60)MPa", "pressure", 6e7, "0.05级")
    terms = {sid: (r.accuracy_basis, r.error_constant, r.error_of_reading, r.error_of_span) for sid, r in got.items()}
    assert terms[1] == ("class", 0.0, 0.0, pytest.approx(5e-4))
    assert terms[2] == ("uncertainty", 0.0, pytest.approx(2e-5), 0.0)
    assert terms[3] == ("mpe", 0.0, 0.0, pytest.approx(1e-3))
    assert terms[4] == ("uncertainty", 0.5, 0.0, 0.0)
    assert terms[5] == (None, None, None, None)  # a formula: not comparable until saved again
    assert terms[6] == (None, None, None, None)  # a grade: never


def test_capability_parameters_are_searched_after_0007(empty_url: str) -> None:
    """Revision 0007 puts the capability rows stored before it into their standards' search text:
    交流电压 finds the standard whose second row it is; a rebuild (``search-index --rebuild``)
    finds the index as it was, and the check agrees."""
    from labregistry.inventory import textindex

    engine = _institute_at_0005(empty_url)
    with engine.begin() as conn:
        _standard_at_0005(conn, 1, "(0~1000)V", "voltage", 0.0, 1000.0, "V", "U=0.002%, k=2", "Urel", 2e-5, True, None)
        _standard_at_0005(conn, 2, "(0~60)MPa", "pressure", 0.0, 6e7, "Pa", "0.05级", "class", None, None, "0.05")
    db.migrate(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text("UPDATE capability SET parameter = '直流电压' WHERE standard_id = 1"))
        conn.execute(text("INSERT INTO capability (standard_id, position, parameter, range_text, accuracy_text, "
                          "conditions) VALUES (1, 1, '交流电压', '(0~750)V', 'MPE: ±0.05%', '频率 1kHz')"))
    db.migrate(engine)
    standard = textindex.INDEXES["standard"]

    def found(conn: Connection, words: list[str]) -> list[int]:
        return sorted(r[0] for r in conn.execute(textindex.matching_ids(conn, standard, words)))

    try:
        with engine.connect() as conn:
            assert textindex.check(conn) == []
            assert found(conn, ["交流电压"]) == [1] and found(conn, ["1kHz"]) == [1]
            assert found(conn, ["直流电压", "交流电压"]) == [1] and found(conn, ["电压"]) == [1]
        with engine.begin() as conn:
            textindex.repair(conn)
        with engine.connect() as conn:
            assert textindex.check(conn) == []
            assert found(conn, ["交流电压"]) == [1] and found(conn, ["频率"]) == [1]
        db.downgrade(engine, "0006")  # back: the documents without the rows, the rows' indexes gone
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                assert found(conn, ["直流电压"]) == [] and found(conn, ["(0~1000)V"]) == [1]
            else:
                assert not conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'capability' "
                                             "AND indexname LIKE 'ix_inv_%'")).all()
    finally:
        engine.dispose()


def test_comparisons_keep_their_results_through_0014_up_and_down(empty_url: str) -> None:
    """Revision 0014 adds the outside pilot's name and code to ``comparison``: a comparison stored
    before it is its recorder's own (both NULL), and neither way loses a result (on SQLite the
    downgrade copies the table its results point at)."""
    engine = db.make_engine(empty_url)
    db.migrate(engine, "0013")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO institute (id, uscc, name, province, city, is_own, created_at, updated_at) "
                          "VALUES (1, '12310000425011296P', '上海市计量测试技术研究院', '上海', '上海', :t, :n, :n)"),
                     {"t": True, "n": dt.datetime(2026, 1, 1)})
        conn.execute(text("INSERT INTO comparison (id, uid, institute_id, kind, scheme_no, name, measurand, criterion, "
                          "reference_value, reference_uncertainty, created_at, updated_at) VALUES (1, 'c1', 1, "
                          "'comparison', 'CSJ-DCV-2026-01', '直流电压比对', '直流电压', 'en', 1.000001, 2e-6, :n, :n)"),
                     {"n": dt.datetime(2026, 1, 1)})
        for i, (name, score) in enumerate((("上海市计量测试技术研究院", 0.0), ("江苏省计量科学研究院", 0.19))):
            conn.execute(text("INSERT INTO comparison_result (comparison_id, position, institute_name, value, "
                              "uncertainty, score, verdict) VALUES (1, :i, :name, 1.0, 4e-6, :score, 'satisfactory')"),
                         {"i": i, "name": name, "score": score})
    try:
        db.migrate(engine)
        with engine.begin() as conn:
            assert conn.execute(text("SELECT pilot_name, pilot_code FROM comparison")).all() == [(None, None)]
            conn.execute(text("INSERT INTO comparison (id, uid, institute_id, kind, scheme_no, name, measurand, "
                              "criterion, pilot_name, pilot_code, created_at, updated_at) VALUES (2, 'c2', 1, "
                              "'comparison', 'CCEM-K4', '10 pF 电容', '电容', 'en', '中国计量科学研究院', 'CCEM-K4', "
                              ":n, :n)"), {"n": dt.datetime(2026, 1, 2)})
            assert conn.execute(text("SELECT pilot_name, pilot_code FROM comparison WHERE id = 2")).one() == (
                "中国计量科学研究院", "CCEM-K4")
        db.downgrade(engine, "0013")
        with engine.connect() as conn:
            assert "pilot_name" not in {c["name"] for c in sa_inspect(conn).get_columns("comparison")}
            assert conn.execute(text("SELECT comparison_id, institute_name, score FROM comparison_result "
                                     "ORDER BY position")).all() == [(1, "上海市计量测试技术研究院", 0.0),
                                                                     (1, "江苏省计量科学研究院", 0.19)]
            assert conn.execute(text("SELECT scheme_no FROM comparison ORDER BY id")).scalars().all() == [
                "CSJ-DCV-2026-01", "CCEM-K4"]
        db.migrate(engine)
        assert db.current_revision(engine) == db.head_revision(engine)
    finally:
        engine.dispose()


def test_0015_writes_each_standards_document_from_the_data_it_finds(tmp_path: Path, empty_url: str) -> None:
    """Revision 0015 (PostgreSQL): every standard's document (its own, its services' and its
    capability rows' text) written from the data made before it, then kept by its triggers;
    down again, the table and its triggers go. SQLite: nothing changes, the search still finds."""
    from labregistry.domain.records import CapabilityInput, ServiceInput
    from labregistry.inventory.criteria import build_criteria
    from labregistry.services import inventory, records
    from tests.inventory.region import open_site, std

    reg = open_site(tmp_path, "A", empty_url if BACKEND == "postgres" else None)
    inp = std("多功能校准器标准装置", "15114500", "[2024]沪量标证字第0300号", "2024-01-01", "2028-01-01", "(0~1000)V",
              "U=0.002%,k=2", services=[ServiceInput("数字多用表", "JJG 315-1983", "verification")])
    inp.capabilities = [CapabilityInput("交流电压", "(0~750)V", None, "U=0.05%,k=2", "频率 1kHz")]
    sid = records.create_standard(reg, inp)
    other = records.create_standard(reg, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                             "2028-01-01", "(0~60)MPa", "0.05级"))
    engine = reg.engine
    db.downgrade(engine, "0014")
    with engine.begin() as conn:  # written at 0014: no document table, no trigger to follow it
        if BACKEND == "postgres":
            assert conn.exec_driver_sql("SELECT to_regclass('inv_doc_standard')").scalar_one() is None
        conn.execute(text("UPDATE service SET name = '交流电压表' WHERE standard_id = :s"), {"s": sid})
    db.migrate(engine)
    with engine.connect() as conn:
        assert inventory.index_problems(reg) == []
        if BACKEND == "postgres":
            docs = dict(conn.exec_driver_sql("SELECT standard_id, doc FROM inv_doc_standard").all())
            assert set(docs) == {sid, other}
            assert docs[sid] == ("多功能校准器标准装置  [2024]沪量标证字第0300号  15114500  (0~1000)v  u=0.002%,k=2    "
                                 "交流电压表  jjg 315-1983  交流电压  频率 1khz  ")  # lower-cased
    assert inventory.search_ids(reg, build_criteria(text="电压表")) == [sid]
    assert inventory.search_ids(reg, build_criteria(text="压力")) == [other]
    records.delete(reg, "standard", other)  # the triggers follow the next write
    assert inventory.search_ids(reg, build_criteria(text="压力")) == [] and inventory.index_problems(reg) == []
    reg.close()


def test_0016_summarises_each_capability_row_from_the_data_it_finds(tmp_path: Path, empty_url: str) -> None:
    """Revision 0016 (PostgreSQL), 0019 (SQLite): each capability row's summary (its range and
    error terms, its standard's validity) written from the data made before it, then kept by its
    triggers; down again, the table and its triggers go."""
    from labregistry.domain.records import CapabilityInput
    from labregistry.inventory.criteria import build_criteria
    from labregistry.services import inventory, records
    from tests.inventory.region import open_site, std

    reg = open_site(tmp_path, "A", empty_url if BACKEND == "postgres" else None)
    inp = std("多功能校准器标准装置", "15114500", "[2024]沪量标证字第0300号", "2024-01-01", "2028-01-01", "(0~1000)V",
              "U=0.002%,k=2")
    inp.capabilities = [CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
                        CapabilityInput("交流电压", "(0~750)V", None, "U=0.05%,k=2", "频率 1kHz")]
    sid = records.create_standard(reg, inp)
    other = records.create_standard(reg, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                             "2028-01-01", "(0~60)MPa", "0.05级"))
    engine = reg.engine
    db.downgrade(engine, "0015")
    with engine.begin() as conn:  # written at 0015: no summary, no trigger to follow it
        if BACKEND == "postgres":
            assert conn.exec_driver_sql("SELECT to_regclass('inv_cap_row')").scalar_one() is None
        conn.execute(text("UPDATE standard SET valid_until = '2025-12-31' WHERE id = :s"), {"s": other})
        conn.execute(text("UPDATE capability SET range_max = 600 WHERE standard_id = :s AND position = 1"), {"s": sid})
    db.migrate(engine)
    on = "2026-06-01"
    assert inventory.index_problems(reg) == []
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM inv_cap_row").scalar_one() == 3
    volts = build_criteria(quantity="电压", low=1, high=700, unit="V", valid_on=on)
    assert inventory.search_ids(reg, volts) == [sid]  # the direct row: the AC row ends at 600 V now
    assert inventory.search_ids(reg, volts, 0, 50) == [sid]  # a first page: from the summary's rows
    assert inventory.search(reg, build_criteria(quantity="电压", low=650, high=700, unit="V", valid_on=on)).rows[0][
        "capability"]["parameter"] == "直流电压"
    assert inventory.search_ids(reg, build_criteria(quantity="压力", low=0, high=6, unit="MPa", valid_on=on)) == []
    assert inventory.search_ids(reg, build_criteria(quantity="压力", low=0, high=6, unit="MPa")) == [other]
    records.delete(reg, "standard", sid)  # the triggers follow the next write
    assert inventory.search_ids(reg, volts) == [] and inventory.index_problems(reg) == []
    db.downgrade(engine, "0015")
    with engine.connect() as conn:
        if BACKEND == "postgres":
            assert conn.exec_driver_sql("SELECT to_regclass('inv_cap_row')").scalar_one() is None
            assert not conn.exec_driver_sql("SELECT 1 FROM pg_proc WHERE proname LIKE 'inv_cap_row%%'").all()
        else:
            assert not conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name LIKE '%inv_cap_row%'").all()
    reg.close()


def test_0017_writes_each_documents_validity_from_the_data_it_finds(tmp_path: Path, empty_url: str) -> None:
    """Revision 0017 (PostgreSQL): each standard's document gets its validity from the data made
    before it (an end of validity and a suspension written at 0016, where no trigger followed
    them), then its triggers keep it (a revocation, a new standard); free text on a date, read
    from the documents, finds what the standards say. Down again, the columns, the trigger and
    its function go and 0016's refresh is back (a save at 0016 writes its document). SQLite:
    nothing changes, the search still finds."""
    from labregistry.inventory.criteria import build_criteria
    from labregistry.services import inventory, records
    from tests.inventory.region import open_site, std

    reg = open_site(tmp_path, "A", empty_url if BACKEND == "postgres" else None)
    inputs = [std("精密压力表标准装置", "12113200", f"[2024]沪量标证字第010{n}号", "2024-01-01", "2028-01-01", "(0~60)MPa",
                  "0.05级") for n in range(4)]
    made = [records.create_standard(reg, inp) for inp in inputs]
    engine = reg.engine
    db.downgrade(engine, "0016")
    with engine.begin() as conn:  # written at 0016: no validity in the documents, no trigger to follow it
        if BACKEND == "postgres":
            columns = {r[0] for r in conn.exec_driver_sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'inv_doc_standard'")}
            assert columns == {"standard_id", "doc"}
        conn.execute(text("UPDATE standard SET valid_until = '2025-12-31' WHERE id = :s"), {"s": made[0]})
        conn.execute(text("UPDATE standard SET status = 'suspended' WHERE id = :s"), {"s": made[1]})
    db.migrate(engine)
    on = "2026-06-01"
    pressure_on = build_criteria(text="压力", valid_on=on, today="2026-06-01")
    assert inventory.index_problems(reg) == []
    assert inventory.search_ids(reg, pressure_on) == [made[3], made[2]]
    assert inventory.count(reg, pressure_on)[0] == 2
    assert inventory.search_ids(reg, build_criteria(text="压力", valid_on="2025-06-01", today="2025-06-01")) == [
        made[3], made[2], made[0]]  # the same end of validity: the newer record first; the earlier end last
    inputs[2].status = "revoked"
    assert records.update(reg, "standard", made[2], inputs[2])  # the trigger follows the next write
    newer = records.create_standard(reg, std("数字压力计标准装置", "12113300", "[2024]沪量标证字第0200号", "2024-02-01",
                                             "2029-01-31", "(0~60)MPa", "0.02级"))
    assert inventory.search_ids(reg, pressure_on) == [newer, made[3]]
    assert inventory.index_problems(reg) == []
    db.downgrade(engine, "0016")
    if BACKEND == "postgres":
        with engine.connect() as conn:
            columns = {r[0] for r in conn.exec_driver_sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'inv_doc_standard'")}
            assert columns == {"standard_id", "doc"}
            assert not conn.exec_driver_sql("SELECT 1 FROM pg_proc WHERE proname = 'inv_doc_validity_sync'").all()
    last = records.create_standard(reg, std("压力变送器检定装置", "12113400", "[2024]沪量标证字第0300号", "2024-02-01",
                                            "2029-01-31", "(0~6)MPa", "0.05级"))
    if BACKEND == "postgres":  # this code searches at head only: the document itself is looked at
        with engine.connect() as conn:
            doc = conn.execute(text("SELECT doc FROM inv_doc_standard WHERE standard_id = :s"), {"s": last}).scalar_one()
            assert "压力变送器检定装置" in doc
    else:
        assert last in inventory.search_ids(reg, build_criteria(text="变送器"))
    reg.close()


def test_0018_writes_each_standards_institute_from_the_data_it_finds(tmp_path: Path, empty_url: str) -> None:
    """Revision 0018 (PostgreSQL): each standard's document and capability rows get its institute
    from the data made before it (a standard moved to another institute at 0017, where no trigger
    followed it), then its triggers keep it (another move); free text and a capability search in
    a place, read from them, find what the standards say. Down again, the columns go and 0017's
    functions are back (a save at 0017 writes its document and summary). SQLite: nothing
    changes, the search in a place still finds."""
    import datetime as dt

    from labregistry.domain.records import CapabilityInput
    from labregistry.inventory.criteria import build_criteria
    from labregistry.services import inventory, records
    from tests.inventory.region import open_site, std

    reg = open_site(tmp_path, "A", empty_url if BACKEND == "postgres" else None)  # 上海
    inputs = [std("精密压力表标准装置", "12113200", f"[2024]沪量标证字第010{n}号", "2024-01-01", "2028-01-01", "(0~60)MPa",
                  "0.05级") for n in range(3)]
    for inp in inputs:
        inp.capabilities = [CapabilityInput("压力", "(0~60)MPa", None, "0.05级")]
    made = [records.create_standard(reg, inp) for inp in inputs]
    engine = reg.engine
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as conn:  # a peer in 江苏, as an import writes it
        peer = conn.execute(text(
            "INSERT INTO institute (uscc, name, province, city, is_own, stale, created_at, updated_at) VALUES "
            "('12320000466002712H', '江苏省计量科学研究院', '江苏', '南京', false, false, :t, :t) RETURNING id"),
            {"t": now}).scalar_one()
    db.downgrade(engine, "0017")
    with engine.begin() as conn:  # written at 0017: no institute in the documents or the summary
        if BACKEND == "postgres":
            for table in ("inv_doc_standard", "inv_cap_row"):
                assert "institute_id" not in {r[0] for r in conn.execute(text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = :t"), {"t": table})}
        conn.execute(text("UPDATE standard SET institute_id = :p WHERE id = :s"), {"p": peer, "s": made[0]})
    db.migrate(engine)
    on = dt.date(2026, 6, 1)
    text_in = {p: build_criteria(text="压力", provinces=p, valid_on=on, today=on) for p in ("上海", "江苏")}
    caps_in = {p: build_criteria(quantity="压力", low=0, high=6, unit="MPa", provinces=p, today=on) for p in ("上海", "江苏")}
    assert inventory.index_problems(reg) == []
    assert inventory.search_ids(reg, text_in["江苏"]) == [made[0]]
    assert inventory.search_ids(reg, text_in["上海"]) == [made[2], made[1]]
    assert inventory.search_ids(reg, caps_in["江苏"]) == [made[0]]
    assert inventory.count(reg, caps_in["上海"])[0] == 2
    with engine.begin() as conn:  # moved at 0018: the triggers follow it
        conn.execute(text("UPDATE standard SET institute_id = :p WHERE id = :s"), {"p": peer, "s": made[1]})
    assert inventory.index_problems(reg) == []
    assert inventory.search_ids(reg, text_in["江苏"]) == [made[1], made[0]]
    assert inventory.search_ids(reg, caps_in["上海"]) == [made[2]]
    db.downgrade(engine, "0017")
    if BACKEND == "postgres":
        with engine.connect() as conn:
            for table in ("inv_doc_standard", "inv_cap_row"):
                assert "institute_id" not in {r[0] for r in conn.execute(text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = :t"), {"t": table})}
    last = records.create_standard(reg, std("压力变送器检定装置", "12113400", "[2024]沪量标证字第0300号", "2024-02-01",
                                            "2029-01-31", "(0~6)MPa", "0.05级"))  # written by 0017's functions
    if BACKEND == "postgres":  # this code searches at head only: the rows themselves are looked at
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM inv_doc_standard WHERE standard_id = :s"),
                                {"s": last}).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM inv_cap_row WHERE standard_id = :s"),
                                {"s": last}).scalar_one() >= 1
    else:
        assert last in inventory.search_ids(reg, text_in["上海"])
    reg.close()


@pytest.mark.skipif(BACKEND != "postgres", reason="the standards' documents are PostgreSQL's")
@pytest.mark.parametrize("old", ["0014", "0015", "0016"])
def test_0015_misses_no_save_committed_by_an_old_client_while_it_runs(tmp_path: Path, empty_url: str,
                                                                     old: str) -> None:
    """A client still at 0014 saves while revision 0015 runs: the save either waits for the
    migration or is in the documents it writes; never committed between the fill and the
    triggers (the reviewer's case: an edit of a service and a deleted capability row, then
    ``search-index`` found the standard "not indexed as it is"). Likewise a client at 0015
    while revision 0016 writes the capability rows' summary (the deleted row must leave it).

    A third connection's open edit of the standard holds the migration at its first wait on
    that table (before the fix: making the triggers, after the fill; with it: its lock, before
    it); the old client's edit of the children is committed then."""
    import threading
    import time

    from labregistry.domain.records import CapabilityInput, ServiceInput
    from labregistry.inventory.criteria import build_criteria
    from labregistry.services import inventory, records
    from tests.inventory.region import open_site, std

    reg = open_site(tmp_path, "A", empty_url)
    inp = std("多功能校准器标准装置", "15114500", "[2024]沪量标证字第0300号", "2024-01-01", "2028-01-01", "(0~1000)V",
              "U=0.002%,k=2", services=[ServiceInput("数字多用表", "JJG 315-1983", "verification")])
    inp.capabilities = [CapabilityInput("交流电压", "(0~750)V", None, "U=0.05%,k=2", "频率 1kHz")]
    sid = records.create_standard(reg, inp)
    engine = reg.engine
    db.downgrade(engine, old)
    failed: list[BaseException] = []

    def migrate() -> None:  # `db upgrade`: a process of its own, here an engine of its own
        upgrader = db.make_engine(empty_url)
        try:
            db.migrate(upgrader)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)
        finally:
            upgrader.dispose()

    holder = engine.connect()
    holder.begin()
    holder_pid = holder.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    holder.exec_driver_sql(f"UPDATE standard SET name = name WHERE id = {sid}")  # open: ROW EXCLUSIVE on standard
    runner = threading.Thread(target=migrate)
    runner.start()
    try:
        with engine.connect() as watch:
            for _ in range(600):  # the migration waiting for a lock on standard
                waiting = watch.exec_driver_sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    f"AND wait_event_type = 'Lock' AND pid <> {holder_pid}").scalar_one()
                watch.commit()  # pg_stat_activity is read once per transaction
                if waiting:
                    break
                time.sleep(0.05)
            assert waiting, "the migration never waited on the standard table"
        with engine.begin() as client:  # the old client's save, committed while the migration runs
            client.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            client.execute(text("UPDATE service SET name = '交流电压表' WHERE standard_id = :s"), {"s": sid})
            client.execute(text("DELETE FROM capability WHERE standard_id = :s"), {"s": sid})
    finally:
        holder.rollback()
        holder.close()
        runner.join(120)
    assert not failed and db.current_revision(engine) == db.head_revision(engine)
    assert inventory.index_problems(reg) == []
    assert inventory.search_ids(reg, build_criteria(text="电压表")) == [sid]
    assert inventory.search_ids(reg, build_criteria(text="频率")) == []
    reg.close()
