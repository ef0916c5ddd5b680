"""Importing ledgers into the registry (services, in process, real SQLite in a temp home)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from labregistry.domain.records import StandardInput
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import ledger as svc
from labregistry.services import records
from tests.ledger import ledgers as L
from tests.ledger.conftest import db_dump, query


def _check(reg: Registry | None, path: Path, kind: str, overrides: list[tuple[str, str]] | None = None
           ) -> svc.LedgerCheck:
    with svc.open_ledger(path) as book:
        grid = svc.read_sheet(book, svc.best_sheet(book, kind))
        mapping = svc.propose_mapping(reg, grid, kind, svc.find_header(grid, kind), overrides or [])
        return svc.check_ledger(reg, grid, mapping)


def _import(reg: Registry, path: Path, kind: str, **kw: Any) -> svc.ImportOutcome:
    return svc.import_checked(reg, _check(reg, path, kind), **kw)


def _standards(home: Path) -> dict[str, dict[str, Any]]:
    cols = ["id", "certificate_no", "name", "code", "grade", "range_text", "quantity", "range_min", "range_max", "unit",
            "accuracy_kind", "accuracy_value", "accuracy_relative", "accuracy_k", "accuracy_class", "issued_on",
            "valid_until", "status", "notes", "environment"]
    rows = query(home, f"SELECT {', '.join(cols)} FROM standard ORDER BY id")
    return {r[1]: dict(zip(cols, r)) for r in rows}


def _audit(home: Path) -> list[tuple[Any, ...]]:
    return query(home, "SELECT action, entity, record_label, source, before, after FROM audit_entry "
                       "WHERE source LIKE 'ledger:%' ORDER BY id")


def test_nothing_is_written_while_any_record_is_invalid(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    path = L.standards_ledger(tmp_path / "s.xlsx")
    before = db_dump(own_home)
    check = _check(reg, path, "standards")
    assert check.planned is not None and check.planned.added == 4  # what --valid-only would do
    with pytest.raises(DomainError) as err:
        svc.import_checked(reg, check)
    assert err.value.code == "ledger.invalid"
    assert db_dump(own_home) == before


def test_valid_only_lands_every_good_record_normalised(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    outcome = _import(reg, L.standards_ledger(tmp_path / "s.xlsx"), "standards", valid_only=True)
    assert (outcome.added, outcome.updated, outcome.unchanged, outcome.written) == (4, 0, 0, True)
    s = _standards(own_home)
    assert set(s) == {L.PRESSURE, L.VOLTAGE_FW, L.FREQUENCY, L.MULTIMETER}  # stray spaces stripped
    p = s[L.PRESSURE]
    assert (p["quantity"], p["range_min"], p["range_max"], p["unit"]) == ("pressure", 0.0, 6.0e7, "Pa")
    assert (p["accuracy_kind"], p["accuracy_class"], p["accuracy_value"]) == ("class", "0.05", None)
    assert (p["issued_on"], p["valid_until"], p["grade"], p["code"]) == ("2023-05-31", "2027-05-30", "public",
                                                                         "12113100")
    v = s[L.VOLTAGE_FW]
    assert (v["quantity"], v["range_min"], v["range_max"], v["unit"]) == ("voltage", pytest.approx(1e-4), 1000.0, "V")
    assert (v["accuracy_kind"], v["accuracy_value"], v["accuracy_k"]) == ("Urel", pytest.approx(1e-6), 2.0)
    assert (v["issued_on"], v["valid_until"], v["code"]) == ("2023-01-01", "2026-12-31", "15113100")  # serial 44927
    f = s[L.FREQUENCY]
    assert (f["quantity"], f["range_min"], f["range_max"], f["unit"]) == ("frequency", 10.0, 1e9, "Hz")
    assert (f["accuracy_kind"], f["accuracy_value"], f["accuracy_k"], f["accuracy_relative"]) == (
        "Urel", pytest.approx(2e-4), 2.0, 1)
    assert (f["name"], f["code"], f["grade"], f["issued_on"]) == ("频率计检定装置", "25111100", "enterprise", "2021-03-01")
    m = s[L.MULTIMETER]
    assert (m["quantity"], m["range_min"], m["range_max"], m["unit"]) == ("voltage", 0.0, 1000.0, "V")
    assert (m["accuracy_kind"], m["accuracy_value"], m["accuracy_relative"]) == ("MPE", pytest.approx(1e-3), 1)
    instruments = query(own_home, "SELECT name, model, serial_no, calibration_cert_no, calibration_due FROM instrument "
                                  "WHERE standard_id = ? ORDER BY position", p["id"])
    assert instruments == [
        ("精密数字压力计", "CPG2500", "2019-0457", "LSzj2024-01234", "2025-06-30"),
        ("活塞式压力计", "YS-60", "1021", "LSzj2024-01235", "2025-08-31"),  # Excel serial 45900
        ("温湿度计", "WSB-1", "A1234", None, "2025-08-31"),
    ]
    audit = _audit(own_home)
    assert [(a[0], a[1], a[3]) for a in audit] == [("create", "standard", "ledger:s.xlsx")] * 4
    assert BAD_NOT_THERE(own_home)


def BAD_NOT_THERE(home: Path) -> bool:
    return not query(home, "SELECT 1 FROM standard WHERE certificate_no = ?", L.BAD_CERT)


def test_reimport_is_idempotent_and_a_changed_cell_updates_one_record(
    reg: Registry, own_home: Path, tmp_path: Path
) -> None:
    path = L.standards_good_only(tmp_path / "s.xlsx")
    first = _import(reg, path, "standards")
    assert (first.added, first.updated, first.unchanged) == (4, 0, 0)
    audit_before = _audit(own_home)
    dump_before = db_dump(own_home)
    again = _import(reg, path, "standards")
    assert (again.added, again.updated, again.unchanged, again.audit_entries) == (0, 0, 4, 0)
    assert _audit(own_home) == audit_before
    assert db_dump(own_home) == dump_before  # not even updated_at moved

    changed = L.standards_good_only(tmp_path / "s2.xlsx", pressure_range="(0~100)MPa")
    third = _import(reg, changed, "standards")
    assert (third.added, third.updated, third.unchanged) == (0, 1, 3)
    audit = _audit(own_home)
    assert len(audit) == len(audit_before) + 1
    action, entity, label, source, before, after = audit[-1]
    assert (action, entity, label, source) == ("update", "standard", L.PRESSURE, "ledger:s2.xlsx")
    before, after = json.loads(before), json.loads(after)
    assert (before["range_text"], after["range_text"]) == ("(0~60)MPa", "(0~100)MPa")
    assert (before["range_max"], after["range_max"]) == (6e7, 1e8)
    assert {k for k in after if after[k] != before[k]} == {"range_text", "range_max", "capabilities"}
    [row_before], [row_after] = before["capabilities"], after["capabilities"]  # its one row follows the range
    assert (row_before["range_text"], row_after["range_text"]) == ("(0~60)MPa", "(0~100)MPa")
    assert (row_before["range_max"], row_after["range_max"]) == (6e7, 1e8)
    assert len(after["instruments"]) == 3
    assert _standards(own_home)[L.PRESSURE]["range_max"] == 1e8


def test_audit_snapshots_are_those_of_the_record_service(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    _import(reg, L.standards_good_only(tmp_path / "s.xlsx"), "standards")
    sid = _standards(own_home)[L.PRESSURE]["id"]
    [entry] = records.history(reg, "standard", sid)
    assert entry["after"] == records.get(reg, "standard", sid).snapshot()
    _import(reg, L.standards_good_only(tmp_path / "s2.xlsx", pressure_range="(0~100)MPa"), "standards")
    entries = records.history(reg, "standard", sid)
    assert [e["action"] for e in entries] == ["create", "update"]
    assert entries[1]["after"] == records.get(reg, "standard", sid).snapshot()
    assert entries[1]["before"] == entry["after"]

    _import(reg, L.staff_ledger(tmp_path / "p.xlsx"), "staff", valid_only=True)
    pid = query(own_home, "SELECT id FROM staff WHERE name = '王质量'")[0][0]
    [entry] = records.history(reg, "staff", int(str(pid)))
    assert entry["after"] == records.get(reg, "staff", int(str(pid))).snapshot()


def test_columns_the_ledger_lacks_keep_their_stored_values(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    records.create_standard(reg, StandardInput(
        name="精密压力表标准装置", code="12113100", grade="public", certificate_no=L.PRESSURE, valid_until="2027-05-30",
        range_text="(0~60)MPa", accuracy_text="0.05级", environment="温度(20±2)℃", status="suspended",
        services=[records_service()],
    ))
    outcome = _import(reg, L.standards_good_only(tmp_path / "s.xlsx"), "standards")
    assert (outcome.added, outcome.updated) == (3, 1)
    p = _standards(own_home)[L.PRESSURE]
    assert (p["environment"], p["status"], p["issued_on"]) == ("温度(20±2)℃", "suspended", "2023-05-31")
    assert query(own_home, "SELECT name FROM service WHERE standard_id = ?", p["id"]) == [("弹簧管式精密压力表检定",)]
    assert len(query(own_home, "SELECT 1 FROM instrument WHERE standard_id = ?", p["id"])) == 3


def records_service() -> Any:
    from labregistry.domain.records import ServiceInput

    return ServiceInput(name="弹簧管式精密压力表检定", procedure="JJG 49-2013", kind="检定")


def test_progress_is_reported_and_cancel_rolls_everything_back(
    reg: Registry, own_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(svc, "BATCH", 2)
    path = L.standards_good_only(tmp_path / "s.xlsx")
    before = db_dump(own_home)
    calls: list[tuple[int, int]] = []

    def cancel() -> bool:
        return len(calls) >= 2  # after the first batch of two

    with pytest.raises(DomainError) as err:
        _import(reg, path, "standards", progress=lambda d, t: calls.append((d, t)), cancel=cancel)
    assert err.value.code == "ledger.cancelled"
    assert calls == [(0, 4), (2, 4)]
    assert db_dump(own_home) == before
    calls.clear()
    outcome = _import(reg, path, "standards", progress=lambda d, t: calls.append((d, t)))
    assert outcome.added == 4 and calls == [(0, 4), (2, 4), (4, 4)]


def test_authorisations_land_with_their_items(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    outcome = _import(reg, L.authorisations_ledger(tmp_path / "a.xlsx"), "authorisations", valid_only=True)
    assert (outcome.added, outcome.skipped_invalid) == (2, 1)
    auths = query(own_home, "SELECT certificate_no, form, authority, issued_on, valid_until FROM authorisation "
                            "ORDER BY id")
    assert auths == [
        (L.LEGAL, "legal_verification", "上海市市场监督管理局", "2022-03-01", "2027-02-28"),  # serial 44621
        (L.SPECIAL, "special", "上海市市场监督管理局", "2021-06-01", "2026-05-31"),
    ]
    items = query(own_home, "SELECT name, range_text, quantity, range_min, range_max, unit, procedure "
                            "FROM authorisation_item ORDER BY authorisation_id, position")
    assert items == [
        ("压力表", "(0~60)MPa", "pressure", 0.0, 6e7, "Pa", "JJG 52-2013"),
        ("数字压力计", "(0～60)MPa", "pressure", 0.0, 6e7, "Pa", "JJG 875-2019"),
        ("电子天平", "(0~220)g", "mass", 0.0, pytest.approx(0.22), "kg", "JJG 1036-2022"),
        ("出租汽车计价器", None, None, None, None, None, "JJG 517-2016"),
        ("机动车测速仪", "(20~180)km/h", "velocity", pytest.approx(20 / 3.6), pytest.approx(50.0), "m/s", "JJG 527-2015"),
    ]


def test_staff_land_and_are_matched_by_certificate_then_by_name(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    path = L.staff_ledger(tmp_path / "p.xlsx")
    outcome = _import(reg, path, "staff", valid_only=True)
    assert outcome.added == 3
    creds = query(own_home, "SELECT s.name, c.kind, c.certificate_no, c.issued_on, c.valid_until FROM credential c "
                            "JOIN staff s ON s.id = c.staff_id ORDER BY s.id, c.position")
    assert creds == [
        ("王质量", "registered_2", L.WANG_CERT, "2022-01-10", "2027-01-09"),
        ("王质量", "verifier", "沪检字第0456号", "2018-06-01", None),
        ("李 检定", "registered_1", "沪11190000567", "2019-07-01", "2024-06-30"),
        ("李 检定", "item_cert", "沪项0789", None, None),
    ]
    items = query(own_home, "SELECT i.name FROM credential_item i JOIN credential c ON c.id = i.credential_id "
                            "WHERE c.certificate_no = ? ORDER BY i.position", L.WANG_CERT)
    assert items == [("压力表",), ("数字压力计",), ("砝码",)]
    again = _import(reg, path, "staff", valid_only=True)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)

    # the certificate matches although the name's spelling changed; 赵 is matched by name and department
    wb = load_workbook(path)
    ws = wb.active
    ws[f"{L.P_COLS['name']}{L.P_ROWS['wang']}"] = "王 质量"
    ws[f"{L.P_COLS['title']}{L.P_ROWS['zhao']}"] = "工程师"
    wb.save(path)
    third = _import(reg, path, "staff", valid_only=True)
    assert (third.added, third.updated, third.unchanged) == (0, 2, 1)
    assert query(own_home, "SELECT name, title FROM staff ORDER BY id") == [
        ("王 质量", "高级工程师"), ("李 检定", "工程师"), ("赵辅助", "工程师")]


def test_a_corrected_mapping_is_remembered_for_the_layout(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["证书编号", "计量标准名称", "计量标准代码", "类别", "测量范围", "准确度", "有效期至", "使用的仪器"])
    ws.append(["[2023]沪量标证字第0001号", "压力标准", "12113100", "社会公用", "(0~60)MPa", "0.05级", "2027-01-01",
               "精密压力计"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    first = _check(reg, path, "standards")
    assert "instruments.name" not in first.mapping.fields
    corrected = _check(reg, path, "standards", overrides=[("设备名称", "H")])  # the Chinese label works too
    assert corrected.mapping.fields["instruments.name"].source == "user"
    svc.import_checked(reg, corrected)
    again = _check(reg, path, "standards")
    assert again.mapping.column_of("instruments.name") == 8
    assert again.mapping.fields["instruments.name"].source == "remembered"
    key = f"ledger.mapping.standards.{again.mapping.fingerprint}"
    stored = json.loads(str(query(own_home, "SELECT value FROM setting WHERE key = ?", key)[0][0]))
    assert stored["columns"]["instruments.name"] == 8


def test_a_filled_template_imports_without_errors(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    from labregistry.ledger.fields import KINDS
    from labregistry.ledger.template import _CONTINUATION, _example

    for kind, spec in KINDS.items():
        path = svc.write_template(tmp_path / f"{kind}.xlsx", kind)
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        for row, example in enumerate(({f.key: f.example for f in spec.fields}, _CONTINUATION[kind]), start=2):
            for col, f in enumerate(spec.fields, start=1):
                ws.cell(row=row, column=col, value=_example(f, example.get(f.key)))
        wb.save(path)
        check = _check(reg, path, kind)
        assert (check.rows, check.invalid, [i.render("en") for i in check.errors]) == (1, 0, [])
        assert check.warnings == [] and check.mapping.header_row == 1 and not check.missing_columns
        assert all(c.confidence >= 0.9 for c in check.mapping.fields.values())
        assert len(check.mapping.fields) == len(spec.fields)
        outcome = svc.import_checked(reg, check)
        assert outcome.added == 1
    assert len(query(own_home, "SELECT 1 FROM instrument")) == 2
    assert len(query(own_home, "SELECT 1 FROM credential")) == 2
    # the example's second row is the standard's second parameter
    assert query(own_home, "SELECT parameter, range_text FROM capability ORDER BY position") == [
        ("表压", "(0~60)MPa"), ("负压", "(-0.1~0)MPa")]


def test_template_has_drop_downs_dates_frozen_header_and_instructions(tmp_path: Path) -> None:
    path = svc.write_template(tmp_path / "t.xlsx", "standards")
    wb = load_workbook(path)
    assert wb.sheetnames == ["计量标准台账", "填写说明 Instructions"]
    ws = wb["计量标准台账"]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    assert headers[0] == "证书编号 *\nCertificate No."
    letters = {h.split("\n")[0].rstrip(" *"): c.column_letter for h, c in zip(headers, ws[1])}
    lists = {str(dv.sqref).split(":")[0].rstrip("2"): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "社会公用计量标准" in lists[letters["计量标准类别"]]
    assert "12 力学" in lists[letters["学科"]]
    assert "主标准器" in lists[letters["主标准器/配套设备"]] and "配套设备" in lists[letters["主标准器/配套设备"]]
    assert ws.column_dimensions[letters["有效期至"]].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions[letters["计量标准代码"]].number_format == "@"
    assert ws.column_dimensions[letters["计量标准名称"]].width >= 20
    staff = load_workbook(svc.write_template(tmp_path / "p.xlsx", "staff"))
    lists = [dv.formula1 for dv in staff.worksheets[0].data_validations.dataValidation]
    assert any("一级注册计量师" in f and "二级注册计量师" in f for f in lists)
    auth = load_workbook(svc.write_template(tmp_path / "a.xlsx", "authorisations"))
    lists = [dv.formula1 for dv in auth.worksheets[0].data_validations.dataValidation]
    assert any("授权建立社会公用计量标准" in f for f in lists)
    notes = [c.value for c in wb["填写说明 Instructions"]["B"] if c.value]
    assert any("有多台主标准器或配套设备" in str(n) for n in notes)
    assert any("有多个被测参数" in str(n) and "；" in str(n) for n in notes)
    assert "被测参数\nParameter" in headers


def test_dates_as_people_type_them(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["证书编号", "计量标准名称", "计量标准代码", "类别", "测量范围", "准确度", "发证日期", "有效期至"])
    spellings = ["2025-03-01", "2025/3/1", "2025.03.01", "2025年3月1日", 45717, dt.datetime(2025, 3, 1), "２０２５－０３－０１"]
    for i, issued in enumerate(spellings):
        ws.append([f"C{i}", "压力标准", "12113100", "社会公用", "(0~60)MPa", "0.05级", issued, "2029-02-28"])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    assert _import(reg, path, "standards").added == len(spellings)
    assert {r[0] for r in query(own_home, "SELECT issued_on FROM standard")} == {"2025-03-01"}


@pytest.mark.postgres
def test_the_same_import_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import setup
    from tests.conftest import PASSPHRASE

    registry = open_registry(tmp_path / "pg", pg_url, logging=False)
    try:
        setup.init_registry(registry, InstituteInput(name="上海市计量测试技术研究院", uscc=L.USCC, province="上海",
                                                     city="上海"), PASSPHRASE)
        path = L.standards_good_only(tmp_path / "s.xlsx")
        assert _import(registry, path, "standards").added == 4
        again = _import(registry, path, "standards")
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        changed = _import(registry, L.standards_good_only(tmp_path / "s2.xlsx", pressure_range="(0~100)MPa"),
                          "standards")
        assert (changed.updated, changed.unchanged) == (1, 3)
        staff = L.staff_ledger(tmp_path / "p.xlsx")
        assert _import(registry, staff, "staff", valid_only=True).added == 3
        assert _import(registry, staff, "staff", valid_only=True).unchanged == 3
        with registry.uow() as uow:
            own = uow.institutes.own()
            assert own is not None and own.id is not None
            [standard] = uow.standards.by_certificate(own.id, L.PRESSURE)
            sid = standard.id
        assert sid is not None
        entries = records.history(registry, "standard", int(sid))
        assert [e["action"] for e in entries] == ["create", "update"]
        assert entries[-1]["after"] == records.get(registry, "standard", int(sid)).snapshot()
    finally:
        registry.close()



def test_imported_records_are_found_by_the_regional_search(reg: Registry, tmp_path: Path) -> None:
    """The bulk insert indexes its new records once at the end: they are searchable after."""
    from labregistry.services import inventory

    _import(reg, L.standards_ledger(tmp_path / "s.xlsx"), "standards", valid_only=True)
    assert inventory.index_problems(reg) == []
    page = inventory.search(reg, inventory.build_criteria(text="压力"), limit=50)
    assert [row["certificate_no"] for row in page.rows] == [L.PRESSURE]
