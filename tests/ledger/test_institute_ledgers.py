"""Ledgers in different institutes' styles import with no mapping, or with one ``--set`` (issue #23).

The ledgers (:mod:`tests.ledger.institute_ledgers`) follow the forms institutes keep, not
this project's template; each is imported through the service the CLI and the app use,
and what lands in the registry is checked against the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.ledger import institute_ledgers as IL
from tests.ledger.conftest import query

Builder = Callable[[Path], Path]


def _import(reg: Registry, path: Path, kind: str, sets: tuple[tuple[str, str], ...] = ()) -> svc.LedgerRun:
    run = svc.run_import(reg, path, kind, sets=sets)
    assert not run.check.missing_columns, run.check.missing_columns
    assert [i.render() for i in run.check.errors] == []
    assert not any(c.source == "user" for c in run.check.mapping.fields.values())  # no manual mapping
    assert run.outcome.written
    return run


def test_registered_metrologists_level_gives_the_credential_kind(reg: Registry, own_home: Path,
                                                                 tmp_path: Path) -> None:
    run = _import(reg, IL.registered_staff(tmp_path / "人员.xlsx"), "staff")
    assert run.outcome.added == 6
    rows = query(own_home, "SELECT s.name, c.kind FROM staff s JOIN credential c ON c.staff_id = s.id ORDER BY s.name")
    assert dict(rows) == dict(zip(IL.STAFF_NAMES, ["registered_1", "registered_2", "registered_2", "registered_1",
                                                   "registered_2", "registered_2"], strict=True))
    assert run.check.mapping.column_of("credentials.level") == 8


def test_a_credential_list_without_a_kind_asks_for_one_value(reg: Registry, tmp_path: Path) -> None:
    path = IL.verifier_staff(tmp_path / "检定员.xlsx")
    run = svc.run_import(reg, path, "staff")
    assert run.check.missing_columns == ["credentials.kind"] and not run.outcome.written
    error = svc.missing_columns_error(run.check.spec, run.check.mapping, svc.own_institute_kind(reg)).render("zh")
    assert "--set credentials.kind=二级注册计量师" in error
    done = _import(reg, path, "staff", (("证书类别", "检定员证"),))
    assert done.outcome.added == 3


def _old(path: Path) -> Builder:
    """A committed .xls/.ods ledger (written by LibreOffice) in place of a builder."""
    def build(_target: Path) -> Path:
        return path
    build.__name__ = path.name
    return build


CASES: dict[str, tuple[Builder, str, tuple[tuple[str, str], ...]]] = {
    "district standards, no category (one --set)": (IL.district_standards, "standards",
                                                     (("grade", "社会公用计量标准"),)),
    "city standards, two-row merged header": (IL.city_standards_two_rows, "standards", ()),
    "pressure lab, line breaks and 测量范围（MPa） (one --set)": (IL.pressure_lab_standards, "standards",
                                                               (("类别", "社会公用"),)),
    "staff with 注册计量师级别": (IL.registered_staff, "staff", ()),
    "verifiers' certificates (one --set)": (IL.verifier_staff, "staff", (("credentials.kind", "计量检定员证"),)),
    "authorisation items, two-row header (one --set)": (IL.authorisation_items, "authorisations",
                                                        (("授权形式", "法定计量检定机构授权"),)),
    "provincial authorisations": (IL.provincial_authorisations, "authorisations", ()),
    "enterprise standards, .xls": (_old(IL.XLS_FILE), "standards", ()),
    "county staff, .ods": (_old(IL.ODS_FILE), "staff", ()),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_institutes_ledger_imports_with_no_mapping_or_one_set(reg: Registry, tmp_path: Path, case: str) -> None:
    build, kind, sets = CASES[case]
    path = build(tmp_path / f"{build.__name__}.xlsx")
    run = _import(reg, path, kind, sets)
    assert run.outcome.added == run.check.rows > 0


def test_a_range_column_with_its_unit_in_the_header(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    _import(reg, IL.pressure_lab_standards(tmp_path / "压力.xlsx"), "standards", (("grade", "public"),))
    rows = query(own_home, "SELECT certificate_no, range_text, range_min, range_max, unit, quantity FROM standard "
                           "ORDER BY certificate_no")
    assert rows == [
        (IL.PRESSURE_CERTS[0], "(0.04~6)MPa", pytest.approx(4e4), pytest.approx(6e6), "Pa", "pressure"),
        (IL.PRESSURE_CERTS[1], "(-0.1~2.5)MPa", pytest.approx(-1e5), pytest.approx(2.5e6), "Pa", "pressure"),
    ]


def test_two_row_headers_read_instruments_under_their_banner(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    _import(reg, IL.city_standards_two_rows(tmp_path / "市所.xlsx"), "standards")
    instruments = query(own_home, "SELECT name, model, serial_no FROM instrument ORDER BY name")
    assert instruments == [("多功能校准器", "5522A", "3450012"), ("数字多用表", "8508A", "972201"),
                           ("标准铂电阻温度计", "WZPB-2", "1025")]
    notes = query(own_home, "SELECT certificate_no, notes FROM standard ORDER BY certificate_no")
    assert ("[2022]苏量标证字第118号", "二等") in notes


def test_an_xls_ledger_keeps_its_dates_and_its_report_is_an_xlsx(reg: Registry, own_home: Path,
                                                                 tmp_path: Path) -> None:
    from openpyxl import load_workbook

    report = tmp_path / "报告.xlsx"
    run = svc.run_import(reg, IL.XLS_FILE, "standards", report=report, dry_run=True)
    assert run.check.valid == 2 and run.report == report
    ws = load_workbook(report)["Sheet1"]
    assert ws["E3"].value == IL.ENTERPRISE_CERTS[0] and "A1:H1" in {str(r) for r in ws.merged_cells.ranges}
    _import(reg, IL.XLS_FILE, "standards")
    due = query(own_home, "SELECT certificate_no, valid_until, grade FROM standard ORDER BY certificate_no")
    assert due == [(IL.ENTERPRISE_CERTS[0], "2026-08-31", "enterprise"),
                   (IL.ENTERPRISE_CERTS[1], "2027-03-15", "enterprise")]
