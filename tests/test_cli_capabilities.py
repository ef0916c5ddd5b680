"""add-standard --capability (repeatable) and list standards --json capabilities, as real processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.test_cli_registry import INIT

TWO_ROWS = [
    "add-standard", "--name", "多功能校准器标准装置", "--code", "15113100", "--grade", "社会公用",
    "--certificate-no", "[2024]沪量标证字第0777号", "--valid-until", "2028-05-30",
    "--capability", "直流电压 (0~1000)V U=0.002%,k=2", "--capability", "交流电压 1kHz (0~750)V U=0.01%,k=2",
]


def test_two_capabilities_are_recorded_and_listed(home: Path) -> None:
    assert run_cli("--home", str(home), *INIT).code == 0
    added = run_cli("--home", str(home), *TWO_ROWS)
    assert added.code == 0, added.err
    [standard] = run_cli("--home", str(home), "list", "standards", "--json").json()
    # without --range / --accuracy the certificate's own are the first row's
    assert (standard["range_text"], standard["accuracy_text"]) == ("(0~1000)V", "U=0.002%,k=2")
    rows = [(c["parameter"], c["range_min"], c["range_max"], c["unit"], c["accuracy"])
            for c in standard["capabilities"]]
    assert rows == [("直流电压", 0.0, 1000.0, "V", "U=0.002%,k=2"), ("交流电压 1kHz", 0.0, 750.0, "V", "U=0.01%,k=2")]

    before = dump_home(home)
    bad = run_cli("--home", str(home), *TWO_ROWS[:-1], "交流电压 (0~750)V U=0.5A, k=2")  # amperes for volts
    lines = bad.err.strip().splitlines()
    assert bad.code == 1 and len(lines) == 1 and lines[0].startswith("error:"), bad.err
    assert "capabilities[1].accuracy_text" in lines[0] and "Traceback" not in bad.err
    unreadable = run_cli("--home", str(home), *TWO_ROWS[:-1], "交流电压 (0~750)V")
    assert unreadable.code == 1 and unreadable.err.strip().splitlines() == [unreadable.err.strip()]
    assert "测量能力 (capability)" in unreadable.err
    assert dump_home(home) == before


def test_a_frequency_written_after_the_range_is_refused_with_where_to_write_it(home: Path) -> None:
    """The trial's two lines were stored (exit 0) as 0 to 750000 'kg*m**2/A/s**4' and as parameter
    '交流电流 (0~20)A' with range '50Hz'; each is refused now, saying how to write it."""
    assert run_cli("--home", str(home), *INIT).code == 0
    before = dump_home(home)
    for line, said in (("交流电压 (0~750)V 1kHz U=0.01%,k=2", "参数“交流电压 1kHz”、测量范围“(0~750)V”"),
                       ("交流电流 (0~20)A 50Hz U=0.02%,k=2", "参数“交流电流 50Hz”、测量范围“(0~20)A”")):
        bad = run_cli("--home", str(home), *TWO_ROWS[:-2], "--capability", line)
        assert bad.code == 1 and said in bad.err and "Traceback" not in bad.err, bad.err
    plain = run_cli("--home", str(home), *TWO_ROWS[:-4], "--range", "(0~750)V/1kHz", "--accuracy", "U=0.01%,k=2")
    assert plain.code == 1 and "“1kHz”" in plain.err and "测量范围只写“(0~750)V”" in plain.err, plain.err
    assert dump_home(home) == before


def test_a_formula_the_comparison_reads_is_not_said_to_be_left_out_and_a_warning_is_said_once(home: Path) -> None:
    """Trial 9: `U=(0.5+1×10⁻⁶L)μm` (a + b·L, compared and found by search) drew "以公式表示，已保存，
    但不参与数值比较和检索", and twice: for the certificate's own accuracy (copied from the first row)
    and for the row. A formula the comparison cannot read (L without its unit) is warned of, once."""
    assert run_cli("--home", str(home), *INIT).code == 0

    def add(certificate_no: str, capability: str) -> Any:
        return run_cli("--home", str(home), "add-standard", "--name", "量块标准装置", "--code", "01113100",
                       "--grade", "社会公用", "--certificate-no", certificate_no,
                       "--valid-until", "2028-05-30", "--capability", capability)

    read = add("[2024]沪量标证字第0778号", "长度 (0.5~100)mm U=(0.5+1×10⁻⁶L)μm,k=2")
    assert read.code == 0 and "公式" not in read.err, read.err
    found = run_cli("--home", str(home), "search", "--quantity", "长度", "--min", "1", "--max", "100", "--unit", "mm",
                    "--max-uncertainty", "1μm", "--json")
    assert [r["certificate_no"] for r in found.json()] == ["[2024]沪量标证字第0778号"]  # compared, as it is
    unread = add("[2024]沪量标证字第0779号", "长度 (0.5~100)mm U=(0.1+0.002L)μm,k=2")
    assert unread.code == 0 and unread.err.count("公式") == 1, unread.err


def test_coverage_of_a_discipline_the_catalogue_has_no_codes_of_is_refused_not_reported_as_no_gaps(
        home: Path) -> None:
    """Trial 9: `coverage --discipline 12` with the shipped catalogue (01219000 only) printed a
    header and "全区域空白的代码 0 个；按省份计空白 0 处": full coverage, having checked nothing."""
    import json

    assert run_cli("--home", str(home), *INIT).code == 0
    for extra in ((), ("--json",)):
        refused = run_cli("--home", str(home), "coverage", "--discipline", "12", *extra)
        lines = refused.err.strip().splitlines()
        assert refused.code == 1 and len(lines) == 1 and lines[0].startswith("error:")
        assert "catalogue import-excel" in lines[0] and "12" in lines[0] and "空白 0" not in refused.out
        if extra:  # with --json its result too, saying nothing was checked (b72ee6a, as verify and check do)
            assert json.loads(refused.out)["catalogue_items"] == 0
        else:
            assert refused.out == ""
    checked = run_cli("--home", str(home), "coverage", "--discipline", "01", "--json")
    assert checked.code == 0 and json.loads(checked.out)["catalogue_items"] == 1, checked.err
