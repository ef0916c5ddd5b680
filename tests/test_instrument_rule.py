"""The instrument rule (送检) through the command line, as a lab manager meets it.

A standard whose main standard instrument is past its calibration due date is not usable:
``list`` shows why, ``certificate`` refuses it (and the statement leaves it out), reminders
list it. Ancillary equipment past due is a warning. A standard without a service or without
a main instrument gets no certificate. ``docs/instrument-rule.md`` states the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labregistry.domain.records import InstrumentInput, ServiceInput
from labregistry.services import records
from tests.certificates.helpers import USCC, make_registry, pdf_text, pressure_standard
from tests.conftest import run_cli

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def instrument(name: str, due: int, role: str = "main") -> InstrumentInput:
    return InstrumentInput(name=name, role=role, model="M-1", serial_no=f"SN-{name}", traced_to_name="中国计量科学研究院",
                           calibration_cert_no="LXjz-1", calibration_due=day(due))


SERVICE = [ServiceInput(name="弹簧管式精密压力表", procedure="JJG 49-2013", kind="verification")]
OK, MAIN_LATE, ANCILLARY_LATE, NO_SERVICE, NO_MAIN, ENDED, REVOKED = (
    "[2024]沪量标证字第0001号", "[2024]沪量标证字第0002号", "[2024]沪量标证字第0003号", "[2024]沪量标证字第0004号",
    "[2024]沪量标证字第0005号", "[2020]沪量标证字第0006号", "[2020]沪量标证字第0007号",
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("rule") / "home"
    reg, _ = make_registry(home)  # also [2023]沪量标证字第0123号, calibrated until 2027
    issued, until = day(-400), day(900)
    for number, instruments, services, extra in (
        (OK, [instrument("数字压力计", 200), instrument("恒温槽", 100, "ancillary")], SERVICE, {}),
        (MAIN_LATE, [instrument("活塞式压力计", -10), instrument("温湿度计", 100, "ancillary")], SERVICE, {}),
        (ANCILLARY_LATE, [instrument("精密数字压力计", 200), instrument("压力泵", -5, "ancillary")], SERVICE, {}),
        (NO_SERVICE, [instrument("压力控制器", 200)], [], {}),
        (NO_MAIN, [instrument("压力表校验器", 200, "ancillary")], SERVICE, {}),
        (ENDED, [instrument("标准压力表", 200)], SERVICE, {"issued_on": day(-1480), "valid_until": day(-20)}),
        (REVOKED, [instrument("旧压力计", -300)], SERVICE,
         {"issued_on": day(-1480), "valid_until": day(-30), "status": "revoked"}),
    ):
        fields: dict[str, Any] = {"issued_on": issued, "valid_until": until, **extra}
        records.create_standard(reg, pressure_standard(certificate_no=number, instruments=instruments,
                                                       services=services, **fields))
    reg.close()
    yield home


def cli(home: Path, *args: str) -> Any:
    return run_cli("--home", str(home), *args)


def by_number(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["certificate_no"]: r for r in rows}


def test_list_shows_why_a_standard_is_not_usable(home: Path) -> None:
    result = cli(home, "list", "standards", "--json")
    assert result.code == 0, result.err
    rows = by_number(result.json())
    assert (rows[MAIN_LATE]["state"], rows[MAIN_LATE]["usable"], rows[MAIN_LATE]["needs_recalibration"]) == (
        "needs_recalibration", False, True)
    assert rows[MAIN_LATE]["status"] == "valid"  # the record itself is unchanged
    assert rows[MAIN_LATE]["main_calibration_due"] == day(-10)
    assert (rows[OK]["state"], rows[OK]["usable"]) == ("valid", True)
    assert (rows[ANCILLARY_LATE]["state"], rows[ANCILLARY_LATE]["usable"]) == ("valid", True)  # a warning only
    assert (rows[ANCILLARY_LATE]["ancillary_overdue"], rows[ANCILLARY_LATE]["ancillary_due_name"]) == (True, "压力泵")
    assert (rows[OK]["ancillary_overdue"], rows[MAIN_LATE]["ancillary_overdue"]) == (False, False)
    assert rows[ENDED]["state"] == "expired" and rows[ENDED]["usable"] is False
    text = cli(home, "list", "standards")
    line = next(line for line in text.out.splitlines() if line.startswith(MAIN_LATE))
    assert line.endswith("\t需重新送检")  # the state in the chosen language (--lang zh by default)
    late = next(line for line in text.out.splitlines() if line.startswith(ANCILLARY_LATE))
    assert late.endswith("\t有效")  # the state stays: the standard may be used
    english = cli(home, "--lang", "en", "list", "standards").out.splitlines()
    assert next(line for line in english if line.startswith(MAIN_LATE)).endswith("\tneeds recalibration")
    warning = text.err.strip().splitlines()[-1]  # after the count: the item named, no error
    assert warning.startswith("提示：1 项计量标准的配套设备") and "压力泵" in warning and ANCILLARY_LATE in warning
    assert day(-5) in warning and "error:" not in text.err and text.code == 0


def test_reminders_count_what_has_already_ended(home: Path) -> None:
    rows = cli(home, "list", "standards", "--expiring-within", "30", "--json").json()
    assert [r["certificate_no"] for r in rows] == [ENDED]  # ended 20 days ago; the revoked one is no reminder
    due = cli(home, "list", "instruments", "--due-within", "30", "--json")
    assert due.code == 0, due.err
    got = [(r["standard_certificate_no"], r["name"], r["role"], r["calibration_due"]) for r in due.json()]
    assert got == [(MAIN_LATE, "活塞式压力计", "main", day(-10)), (ANCILLARY_LATE, "压力泵", "ancillary", day(-5))]
    assert all(r["overdue"] for r in due.json())
    everything = cli(home, "list", "instruments", "--json").json()
    assert len(everything) == 2 + 2 * 3 + 1 + 1 + 1 + 1  # every instrument of the own standards
    assert cli(home, "list", "instruments", "--expiring-within", "30").code == 2
    assert cli(home, "list", "standards", "--due-within", "30").code == 2


def one_error(result: Any) -> str:
    lines = result.err.strip().splitlines()
    assert result.code == 1 and len(lines) == 1 and lines[0].startswith("error:"), result.err
    return str(lines[0])


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (MAIN_LATE, ["活塞式压力计", day(-10), "需重新送检"]),
        (NO_SERVICE, ["未登记开展的检定或校准项目"]),
        # where to add one: the editor's page (its tab's name) and the ledger's column
        (NO_MAIN, ["未登记主标准器", "“主标准器及配套设备”页", "import-excel", "“主标准器名称”"]),
    ],
)
def test_a_certificate_is_refused_with_the_reason(home: Path, tmp_path: Path, number: str, words: list[str]) -> None:
    out = tmp_path / "x.pdf"
    line = one_error(cli(home, "certificate", "--standard", number, "-o", str(out)))
    assert all(w in line for w in words), line
    assert not out.exists()


def test_ancillary_equipment_past_due_is_a_warning(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "ok.pdf"
    result = cli(home, "certificate", "--standard", ANCILLARY_LATE, "-o", str(out))
    assert result.code == 0 and out.exists()
    assert "配套设备" in result.err and "压力泵" in result.err and day(-5) in result.err
    assert "error:" not in result.err


def test_the_statement_never_declares_a_standard_needing_recalibration_in_force(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "statement.pdf"
    result = cli(home, "certificate", "--institute", USCC, "-o", str(out))
    assert result.code == 0, result.err
    text = "".join(pdf_text(out))
    assert OK in text and ANCILLARY_LATE in text
    assert MAIN_LATE not in text and ENDED not in text
    batch = cli(home, "certificate", "--all-standards", "-o", str(tmp_path / "all.pdf"), "--json")
    assert batch.code == 0, batch.err
    labels = {c["label"] for c in batch.json()["certificates"]}
    assert OK in labels and ANCILLARY_LATE in labels
    assert not labels & {MAIN_LATE, NO_SERVICE, NO_MAIN, ENDED, REVOKED}


def test_search_marks_it(home: Path) -> None:
    rows = cli(home, "search", "精密压力表", "--json").json()
    marked = {r["certificate_no"]: r["needs_recalibration"] for r in rows}
    assert marked[MAIN_LATE] is True and marked[OK] is False
    text = cli(home, "search", "精密压力表")
    assert "需重新送检" in next(line for line in text.out.splitlines() if MAIN_LATE in line)
