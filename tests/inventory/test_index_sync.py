"""The text index follows every write path: records, demo bulk inserts, bundle merges.

Each test compares the search with a brute-force substring match over the records
themselves, so an index that missed a write (or kept a deleted record) fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry.demo import populate_demo
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CapabilityInput,
    CredentialInput,
    ServiceInput,
    StaffInput,
    StandardInput,
)
from labregistry.inventory import textindex
from labregistry.inventory.criteria import build_criteria
from labregistry.registry import Registry
from labregistry.services import exchange, inventory, records
from labregistry.services import ledger as ledger_svc
from tests.conftest import PASSPHRASE, run_cli
from tests.inventory.region import open_site, std, trust_and_import
from tests.ledger.ledgers import simple_ledger


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str | None:
    return str(request.getfixturevalue("pg_url")) if request.param == "postgres" else None


@pytest.fixture
def home(tmp_path: Path, db_url: str | None) -> Iterator[Registry]:
    reg = open_site(tmp_path, "A", db_url)
    yield reg
    reg.close()


def found(reg: Registry, words: str, kind: str = "standards") -> set[int]:
    return set(inventory.search_ids(reg, build_criteria(kind=kind, text=words)))


def phrase(term: str) -> str:
    return f'"{term}"' if " " in term else term


def brute_standards(reg: Registry, term: str) -> set[int]:
    """Standards holding ``term`` in a field, a service, a capability row's parameter or conditions, or their institute's name or city."""
    with reg.engine.connect() as c:
        fields = {r[0]: [*r[1:]] for r in c.execute(text(
            "SELECT s.id, s.name, s.certificate_no, s.code, s.range_text, s.accuracy_text, s.responsible_person, "
            "i.name, i.name_en, i.city FROM standard s JOIN institute i ON i.id = s.institute_id"))}
        for sid, name, procedure in c.execute(text("SELECT standard_id, name, procedure FROM service")):
            fields[sid] += [name, procedure]
        for sid, parameter, conditions in c.execute(text("SELECT standard_id, parameter, conditions FROM capability")):
            fields[sid] += [parameter, conditions]
    needles = [v.lower() for v in textindex.variants(term)]  # as typed, or in normal form (℃ / °C)
    return {sid for sid, values in fields.items() if any(n in (v or "").lower() for v in values for n in needles)}


def assert_in_sync(reg: Registry) -> None:
    with reg.engine.connect() as c:
        assert textindex.check(c) == []


# ---------------------------------------------------------------- the records service


def test_create_update_delete_keep_the_index(home: Registry) -> None:
    inp = std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01", "2028-01-01", "(0~60)MPa",
              "0.05级", services=[ServiceInput("弹簧管式精密压力表", "JJG 49-2013", "verification")])
    sid = records.create_standard(home, inp)
    assert found(home, "弹簧管") == {sid} and found(home, "压力") == {sid} and found(home, "JJG 49") == {sid}
    # change the name and replace the services: the old words go, the new ones come
    inp.name, inp.code = "数字温度计标准装置", "04113200"  # a 热学 code: a 力学 one measures no temperature
    inp.range_text, inp.accuracy_text = "(-40~150)℃", "U=0.1℃, k=2"
    inp.services = [ServiceInput("工业铂、铜热电阻", "JJG 229-2010", "verification")]
    assert records.update(home, "standard", sid, inp) is True
    assert found(home, "压力") == set() and found(home, "JJG 49") == set()
    assert found(home, "温度计") == {sid} and found(home, "JJG 229") == {sid} and found(home, "热电阻") == {sid}
    assert_in_sync(home)
    records.delete(home, "standard", sid)
    assert found(home, "温度计") == set() and found(home, "装置") == set()
    assert_in_sync(home)


def calibrator(cert: str = "[2024]沪量标证字第0300号") -> StandardInput:
    """A standard of two parameters: 直流电压, and 交流电压 with its frequency as conditions."""
    inp = std("多功能校准器标准装置", "15114500", cert, "2024-01-01", "2028-01-01", "(0~1000)V", "U=0.002%,k=2")
    inp.capabilities = [CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
                        CapabilityInput("交流电压", "(0~750)V", None, "U=0.05%,k=2", "频率 1kHz")]
    return inp


def test_a_standard_is_found_by_its_capability_rows_as_they_change(home: Registry) -> None:
    sid = records.create_standard(home, calibrator())
    assert found(home, "交流电压") == {sid} and found(home, "1kHz") == {sid} and found(home, "直流电压 交流") == {sid}
    inp = calibrator()
    inp.capabilities[1] = CapabilityInput("直流电阻", "(1~100)kΩ", None, "Urel=5×10⁻⁵ (k=2)")
    assert records.update(home, "standard", sid, inp) is True
    assert found(home, "交流电压") == set() and found(home, "1kHz") == set() and found(home, "电阻") == {sid}
    assert_in_sync(home)
    records.delete(home, "standard", sid)
    assert found(home, "直流电阻") == set()
    assert_in_sync(home)


def test_authorised_items_and_people_follow_their_records(home: Registry) -> None:
    auth = AuthorisationInput(certificate_no="(沪)法计(2024)01001号", form="legal_verification", authority="上海市市场监督管理局",
                              issued_on="2024-01-01", valid_until="2028-12-31",
                              items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016")])
    aid = records.create_authorisation(home, auth)
    assert len(found(home, "计价器", "authorisations")) == 1
    auth.items = [AuthorisedItemInput("膜式燃气表", "(0.016~10)m³/h", "1.5级", "JJG 577-2012")]
    records.update(home, "authorisation", aid, auth)
    assert found(home, "计价器", "authorisations") == set() and len(found(home, "燃气表", "authorisations")) == 1
    person = StaffInput(name="孙丽", department="力学室", credentials=[
        CredentialInput(kind="registered_2", certificate_no="JL2-31-2024-00009", issued_on="2024-01-01",
                        valid_until="2029-01-01", items=["压力表"])])
    pid = records.create_staff(home, person)
    assert found(home, "压力表", "staff") == {pid} and found(home, "孙丽", "staff") == {pid}
    person.credentials[0].items = ["衡器"]
    records.update(home, "staff", pid, person)
    assert found(home, "压力表", "staff") == set() and found(home, "衡器", "staff") == {pid}
    assert_in_sync(home)
    records.delete(home, "staff", pid)
    records.delete(home, "authorisation", aid)
    assert found(home, "衡器", "staff") == set() and found(home, "燃气表", "authorisations") == set()
    assert_in_sync(home)


def test_the_recycle_bin_and_a_revocation_keep_the_index(home: Registry) -> None:
    """Deleted, the standard is not found; restored from the bin, it is found by its own words,
    its services' and its rows' again (on PostgreSQL its document written anew); revoked, its
    text still finds it, as before."""
    from labregistry.services import recycle_bin

    inp = calibrator()
    inp.services = [ServiceInput("数字多用表", "JJG 315-1983", "verification")]
    sid = records.create_standard(home, inp)
    records.delete(home, "standard", sid)
    assert found(home, "多用表") == set() and found(home, "交流电压") == set()
    assert_in_sync(home)
    [binned] = recycle_bin.contents(home)
    back = recycle_bin.restore(home, binned.entry_id)
    assert found(home, "多用表") == found(home, "交流电压") == found(home, "校准器 1kHz") == {back}
    assert_in_sync(home)
    on_date = build_criteria(text="交流电压", valid_on="2026-06-01")
    assert inventory.search_ids(home, on_date) == [back]
    inp.status = "revoked"
    assert records.update(home, "standard", back, inp) is True
    assert found(home, "交流电压") == {back}
    assert inventory.search_ids(home, on_date) == []  # not valid on any date (PostgreSQL: its document's validity)
    assert_in_sync(home)


# ---------------------------------------------------------------- set-based paths


def test_a_ledgers_parameters_are_found(tmp_path: Path, home: Registry) -> None:
    """Parameters on a ledger's continuation rows become capability rows the search finds."""
    headers = ["序号", "计量标准名称", "证书编号", "计量标准代码", "计量标准类别", "被测参数", "测量范围", "不确定度/准确度等级/最大允许误差", "有效期至"]
    path = simple_ledger(tmp_path / "台账.xlsx", [
        headers,
        [1, "多功能校准器标准装置", "[2023]沪量标证字第0701号", "15114500", "社会公用计量标准", "直流电压", "(0~1000)V", "U=0.002%,k=2", "2028-06-30"],
        [None, None, None, None, None, "交流电压 1kHz", "1mV~750V", "U=0.05%,k=2", None],
        [2, "精密压力表标准装置", "[2023]沪量标证字第0703号", "12113100", "社会公用计量标准", None, "(0~6)MPa", "0.02级", "2028-06-30"],
    ], title="计量标准")
    with ledger_svc.open_ledger(path) as book:
        grid = ledger_svc.read_sheet(book, ledger_svc.best_sheet(book, "standards"))
        mapping = ledger_svc.propose_mapping(home, grid, "standards", ledger_svc.find_header(grid, "standards"), [])
        assert ledger_svc.import_checked(home, ledger_svc.check_ledger(home, grid, mapping)).added == 2
    assert len(found(home, "交流电压")) == 1 and found(home, "交流电压") == brute_standards(home, "交流电压")
    assert found(home, "电压 校准器") == found(home, "交流电压")
    assert_in_sync(home)

TERMS = ["压力", "压力表", "表", "装置", "标准装置", "JJG 4", "jjf", "0.02级", "mpa", "℃", "°C", "ＭＰａ", "E2", "沪量标",
         "上海", "不存在"]


def test_demo_bulk_insert_is_indexed_exactly(home: Registry) -> None:
    populate_demo(home, standards=300, seed=5)
    for term in TERMS:
        assert found(home, phrase(term)) == brute_standards(home, term), term
    # several terms: every one must match
    assert found(home, "压力 装置") == brute_standards(home, "压力") & brute_standards(home, "装置")
    assert_in_sync(home)


def test_bundle_merge_adds_changes_and_withdraws(tmp_path: Path, home: Registry) -> None:
    peer = open_site(tmp_path, "B")
    populate_demo(peer, standards=60, seed=9)  # demo data fills an empty institute only: first
    keep = records.create_standard(peer, std("活塞式压力计标准装置", "12113100", "[2022]苏量标证字第0101号", "2022-03-01",
                                             "2026-02-28", "(0.1~6)MPa", "0.02级"))
    gone = records.create_standard(peer, std("精密压力表标准装置", "12113200", "[2023]苏量标证字第0102号", "2023-01-01",
                                             "2026-12-31", "(0~60)MPa", "0.25级"))
    records.create_standard(peer, calibrator("[2023]苏量标证字第0103号"))
    trust_and_import(home, peer, exchange.export_bundle(peer, tmp_path / "B-1.xlsx", PASSPHRASE).path, tmp_path)
    assert len(found(home, "苏量标证字第0102")) == 1 and len(found(home, "苏量标证字第0101")) == 1
    # the calibrator's AC row is found by its parameter (demo multimeters have 交流电压 rows too)
    assert found(home, "交流电压") == brute_standards(home, "交流电压") >= found(home, "苏量标证字第0103") != set()
    for term in TERMS:
        assert found(home, phrase(term)) == brute_standards(home, term), term
    # the peer withdraws one standard and renames another; the next bundle replaces its set
    records.delete(peer, "standard", gone)
    renamed = records.get(peer, "standard", keep).standard
    inp = std("膜式燃气表检定装置", "12514000", renamed.certificate_no, "2022-03-01", "2026-02-28", "(0.016~16)m³/h",
              "Urel=0.5% (k=2)")
    records.update(peer, "standard", keep, inp)
    trust_and_import(home, peer, exchange.export_bundle(peer, tmp_path / "B-2.xlsx", PASSPHRASE).path, tmp_path)
    assert found(home, "苏量标证字第0102") == set()  # withdrawn: gone from search
    assert found(home, "活塞式压力计标准装置") & found(home, "苏量标证字第0101") == set()
    assert len(found(home, "燃气表 苏量标证字第0101")) == 1
    for term in TERMS:
        assert found(home, phrase(term)) == brute_standards(home, term), term
    assert_in_sync(home)
    peer.close()


def test_the_migration_installs_every_trigger_and_check_notices_a_lost_one(home: Registry) -> None:
    if not home.is_sqlite:
        with home.engine.connect() as c:
            names = {r[0] for r in c.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_inv_%'"))}
        assert {p.pg_index for ti in textindex.INDEXES.values() for p in ti.parts} <= names
        return
    records.create_standard(home, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                      "2028-01-01", "(0~60)MPa", "0.05级"))
    assert_in_sync(home)
    with home.engine.begin() as c:  # what a table-rebuilding migration would do by accident
        c.execute(text("DROP TRIGGER inv_fts_standard_standard_ai"))
    with home.engine.connect() as c:
        assert any("inv_fts_standard_standard_ai" in p for p in textindex.check(c))
    with home.engine.begin() as c:
        textindex.install_sqlite_triggers(c)
    records.create_standard(home, std("数字压力计标准装置", "12113300", "[2024]沪量标证字第0101号", "2024-01-01",
                                      "2028-01-01", "(0~60)MPa", "0.05级"))
    assert_in_sync(home)
    assert len(found(home, "压力")) == 2


def test_deferred_indexing_of_a_bulk_insert_matches_the_triggers(tmp_path: Path, db_url: str | None) -> None:
    """textindex.deferred: the bulk paths' cheaper way, same index as row triggers (on
    PostgreSQL, the standards' documents written once at the block's end; on SQLite, the
    capability rows' summary of revision 0018 too)."""
    from labregistry.storage import bulk
    from labregistry.storage.models import Capability, Service, Standard

    reg = open_site(tmp_path, "A", db_url)
    old = records.create_standard(reg, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                           "2028-01-01", "(0~60)MPa", "0.05级"))
    with reg.engine.begin() as conn, textindex.deferred(conn):
        inst = conn.execute(text("SELECT id FROM institute WHERE is_own")).scalar_one()
        base = records.get(reg, "standard", old).standard
        rows = [{k: getattr(base, k) for k in Standard.model_fields if k not in ("id", "uid")}
                | {"uid": f"u{i}", "institute_id": inst, "name": f"数字温度计{i}号装置", "certificate_no": f"C-{i}"}
                for i in range(3)]
        ids = bulk.insert_returning_ids(conn, Standard, rows)
        bulk.insert_rows(conn, Service, [{"standard_id": sid, "position": 0, "name": "工业铂热电阻", "kind": "calibration",
                                          "procedure": "JJG 229-2010"} for sid in [*ids, old]])
        bulk.insert_rows(conn, Capability, [{"standard_id": sid, "position": 1, "parameter": "温度",
                                             "range_text": "(0~100)℃", "quantity": "temperature", "range_min": 273.15,
                                             "range_max": 373.15, "unit": "K", "accuracy_text": "U=0.1℃, k=2",
                                             "error_constant": 0.1} for sid in [*ids, old]])
    assert_in_sync(reg)
    warm = build_criteria(quantity="温度", low=20, high=80, unit="℃", valid_on="2026-06-01")
    assert set(inventory.search_ids(reg, warm, 0, 10)) == {*ids, old}  # the new rows, found by the summary's
    assert found(reg, "温度计") == set(ids)
    assert found(reg, "铂热电阻") == {*ids, old}  # an older standard that got a new service, too
    # the triggers are back: a record made afterwards is indexed at once
    later = records.create_standard(reg, std("砝码标准装置", "12213500", "[2024]沪量标证字第0200号", "2024-01-01",
                                             "2028-01-01", "(1mg~20kg)", "F1等级"))
    assert found(reg, "砝码") == {later}
    reg.close()


def test_a_text_search_shows_the_row_whose_parameter_it_found(home: Registry) -> None:
    """As a range search shows the row that answered it: 交流电压 shows the AC row's range and
    accuracy, in the app's columns and the CLI's JSON; a word of the standard's own shows its own."""
    sid = records.create_standard(home, calibrator())
    [row] = inventory.search(home, build_criteria(text="交流电压")).rows
    assert (row["range_text"], row["uncertainty"], row["range_max"]) == ("(0~750)V", "U=0.05%,k=2", 750.0)
    assert row["capability"] == {"parameter": "交流电压", "range_text": "(0~750)V", "accuracy_text": "U=0.05%,k=2",
                                 "accuracy_basis": "uncertainty"}
    [row] = inventory.search(home, build_criteria(text="1kHz 校准器")).rows  # the row's conditions
    assert row["capability"]["parameter"] == "交流电压"
    [row] = inventory.search(home, build_criteria(text="校准器")).rows
    assert (row["id"], row["range_text"], row["capability"]) == (sid, "(0~1000)V", None)
    url = home.engine.url.render_as_string(hide_password=False)
    result = run_cli("--home", str(home.home.path), "--db", url, "search", "交流电压", "--json")
    assert result.code == 0, result.err
    [shown] = result.json()
    assert (shown["capability"]["parameter"], shown["range_text"], shown["uncertainty"]) == (
        "交流电压", "(0~750)V", "U=0.05%,k=2")
    plain = run_cli("--home", str(home.home.path), "--db", url, "search", "交流电压")
    assert plain.code == 0 and "\t交流电压 (0~750)V\tU=0.05%,k=2\t" in plain.out, plain.out  # which parameter was found


def test_a_documents_two_character_pieces_are_those_the_tables_are_searched_by(home: Registry) -> None:
    """PostgreSQL (revision 0015): the faster ``inv_doc_bigrams`` of a lower-cased document gives
    the pieces ``inv_bigrams`` (the tables' two-character index) gives of the text as typed, so a
    two-character term finds the same standards through either."""
    if home.is_sqlite:
        pytest.skip("PostgreSQL's functions")
    texts = ["", "压", "压力", "精密压力表标准装置  JJG 52-2013  ", "U=0.05%,k=2  频率 1kHz  ", "(-40~150)℃  °C  ＭＰａ  Ⅱ级"]
    with home.engine.connect() as c:
        for t in texts:
            new, old = c.execute(text("SELECT inv_doc_bigrams(lower(:t)), inv_bigrams(:t)"), {"t": t}).one()
            assert set(new) == set(old), t


def test_an_update_of_no_searchable_text_refreshes_no_document(home: Registry) -> None:
    """PostgreSQL (revision 0015): an UPDATE that changes none of a document's text (a
    standard's ``updated_at``, a revocation's status, a service's position) calls no refresh (it
    cost every such save about 1 ms); one that changes a name refreshes that document."""
    if home.is_sqlite:
        pytest.skip("PostgreSQL's triggers")
    sid = records.create_standard(home, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                            "2028-01-01", "(0~60)MPa", "0.05级",
                                            services=[ServiceInput("压力表", "JJG 52-2013", "verification")]))

    def refreshes(*statements: str) -> int:
        with home.engine.begin() as c:
            c.exec_driver_sql("SET LOCAL track_functions = 'all'")
            for statement in statements:
                c.exec_driver_sql(statement.format(sid=sid))
            return int(c.exec_driver_sql("SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions "
                                         "WHERE funcname = 'inv_doc_refresh'").scalar_one())

    assert refreshes("UPDATE standard SET updated_at = now() WHERE id = {sid}",
                     "UPDATE standard SET status = 'revoked' WHERE id = {sid}",
                     "UPDATE service SET position = position + 1 WHERE standard_id = {sid}",
                     "UPDATE capability SET position = position WHERE standard_id = {sid}") == 0
    assert refreshes("UPDATE standard SET name = '精密压力计标准装置' WHERE id = {sid}",
                     "UPDATE service SET name = '数字压力计' WHERE standard_id = {sid}") == 2
    assert found(home, "压力计") == {sid} and found(home, "压力表") == set()
    assert_in_sync(home)


def test_a_deferred_block_that_also_edits_and_deletes_leaves_every_document_exact(home: Registry) -> None:
    """PostgreSQL: inside ``deferred`` the triggers note the standards each statement touched and
    the block's end writes those documents, so an edit, a deleted row or a child added to an
    older standard is not left out (the block once found its work by ``id > max(id)``: new
    rows only). A block that fails puts the triggers back for the rest of its transaction."""
    if home.is_sqlite:
        pytest.skip("SQLite's deferred block is for INSERTs only (its docstring)")
    first = records.create_standard(home, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                              "2028-01-01", "(0~60)MPa", "0.05级",
                                              services=[ServiceInput("压力表", "JJG 52-2013", "verification")]))
    inp = std("多功能校准器标准装置", "15114500", "[2024]沪量标证字第0300号", "2024-01-01", "2028-01-01", "(0~1000)V",
              "U=0.002%,k=2")
    inp.capabilities = [CapabilityInput("交流电压", "(0~750)V", None, "U=0.05%,k=2", "频率 1kHz")]
    second = records.create_standard(home, inp)
    with home.engine.begin() as conn, textindex.deferred(conn):
        conn.execute(text("UPDATE standard SET name = '数字压力计标准装置' WHERE id = :s"), {"s": first})
        conn.execute(text("DELETE FROM capability WHERE standard_id = :s"), {"s": second})
        conn.execute(text("UPDATE service SET procedure = 'JJG 875-2019' WHERE standard_id = :s"), {"s": first})
    assert_in_sync(home)
    assert found(home, "压力计") == {first} and found(home, "频率") == set() and found(home, "JJG 875") == {first}
    with home.engine.begin() as conn:
        with pytest.raises(RuntimeError), textindex.deferred(conn):
            conn.execute(text("UPDATE standard SET name = '活塞压力计标准装置' WHERE id = :s"), {"s": first})
            raise RuntimeError("a bad row")
        conn.execute(text("UPDATE standard SET code = '12113201' WHERE id = :s"), {"s": second})
    assert_in_sync(home)
    assert found(home, "活塞") == {first} and found(home, "12113201") == {second}
