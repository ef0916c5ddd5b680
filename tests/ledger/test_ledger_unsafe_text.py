"""A ledger cell holding a bidi, invisible or control character is a problem at that cell.

The ledger is the project's own template filled in with openpyxl, as a lab manager fills
it in Excel; it is imported through the command line as a process: exit 1, one ``error:``
line, the problem named at its cell (in the text output, the JSON and the validation
report's comment on the cell), the database unchanged (SQLite or PostgreSQL, as the run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from labregistry.ledger.fields import kind_spec
from labregistry.ledger.report import ERROR_FILL
from labregistry.services.ledger import write_template
from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.test_cli_registry import INIT

RAW = ("\u202e", "\u2067", "\u200d", "\x7f")


def fill(out: Path, rows: list[dict[str, Any]]) -> tuple[Path, dict[str, str]]:
    """The standards template with ``rows`` from row 2; returns the ledger and field -> column letter."""
    spec = kind_spec("standards")
    template = write_template(out.with_name("template.xlsx"), "standards")
    wb = load_workbook(template)
    ws = wb.worksheets[0]
    letters = {f.key: ws.cell(row=1, column=i).column_letter for i, f in enumerate(spec.fields, start=1)}
    for r, values in enumerate(rows, start=2):
        for key, value in values.items():
            ws[f"{letters[key]}{r}"] = value
    wb.save(out)
    return out, letters


def row(cert: str, **kw: str) -> dict[str, Any]:
    values = dict(name="精密压力表标准装置", code="12113200", grade="社会公用计量标准", certificate_no=cert,
                  valid_until="2030-12-31", range_text="(0~60)MPa", accuracy_text="0.05级")
    values.update(kw)
    return values


def test_bidi_and_invisible_characters_are_problems_at_their_cells(home: Path, tmp_path: Path) -> None:
    assert run_cli("--home", str(home), *INIT).code == 0
    ledger, col = fill(tmp_path / "台账.xlsx", [
        row("[2024]沪量标证字第0001号"),
        row("[2024]沪量标证字第0002号", name="\u202e浙江\u202c压力表标准装置"),
        row("[2024]沪量标证字第0003号", certificate_authority="上海市\u2067市场监督管理局"),
        row("[2024]沪量标证字第0004号", notes="备注\x7f删除"),
        row("[2024]沪量标证字第0005号", responsible_person="张\u200d三"),
    ])
    report = tmp_path / "report.xlsx"
    before = dump_home(home)

    result = run_cli("--home", str(home), "--lang", "en", "import-excel", str(ledger), "--kind", "standards",
                     "--report", str(report))
    assert result.code == 1, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "4 of 5" in lines[0], result.err
    assert not any(char in result.out + result.err for char in RAW)
    expected = {f"{col['name']}3": "U+202E", f"{col['certificate_authority']}4": "U+2067",
                f"{col['notes']}5": "U+007F", f"{col['responsible_person']}6": "U+200D"}
    for cell, char in expected.items():
        assert any(f"!{cell}:" in line and char in line for line in result.out.splitlines()), (cell, result.out)
    assert dump_home(home) == before

    as_json = run_cli("--home", str(home), "import-excel", str(ledger), "--kind", "standards", "--json")
    assert as_json.code == 1
    issues = {f"{i['column']}{i['row']}": i for i in as_json.json()["issues"] if i["code"] == "text.unsafe_character"}
    assert set(issues) == set(expected)
    assert issues[f"{col['name']}3"]["value"] == "\u202e浙江\u202c压力表标准装置"  # the JSON keeps the data
    assert "\u202e" not in as_json.out  # ... written as an escape

    ws = load_workbook(report).worksheets[0]
    for cell, char in expected.items():
        marked = ws[cell]
        assert marked.fill.fgColor.rgb.endswith(ERROR_FILL), cell
        assert char in marked.comment.text and "\u202e" not in marked.comment.text, marked.comment.text
    assert ws[f"{col['name']}2"].comment is None  # the good row is not marked
    assert dump_home(home) == before

    valid_only = run_cli("--home", str(home), "import-excel", str(ledger), "--kind", "standards", "--valid-only",
                         "--json")
    assert valid_only.code == 0, valid_only.err
    listed = run_cli("--home", str(home), "list", "standards", "--json").json()
    assert [s["certificate_no"] for s in listed] == ["[2024]沪量标证字第0001号"]
