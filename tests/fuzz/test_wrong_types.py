"""A value of the wrong type in every column of every data sheet (bundles) and of the ledger.

Bundles: the reader refuses each with ``bundle.wrong_type`` (or ``bundle.bad_cell`` for a
boolean or an error value), naming the cell, before any trust decision; verify never
raises and the database is unchanged. Ledgers: each is read, and either the record is
refused with the issue :data:`LEDGER_EXPECTED` names at that very cell (nothing written), or
the value is one the ledger rules accept (a number where text is expected is text); never
an exception.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.services import exchange
from tests.fuzz import xlsxkit as K
from tests.fuzz.conftest import LONG, World
from tests.exchange.sites import reason
from tests.fuzz.corpus_cases import db_state, ledger_outcome
from tests.fuzz.test_fuzz_ledger import check_run

DATE_STYLE = 2  # yyyy-mm-dd in the bundles the writer makes
# wrong values for a column of each type: (label, cell XML with {ref}, expected code)
WRONG: dict[str, list[tuple[str, str, str]]] = {
    "text": [("number", '<c r="{ref}" t="n"><v>42</v></c>', "bundle.wrong_type"),
             ("date", f'<c r="{{ref}}" s="{DATE_STYLE}" t="n"><v>45077</v></c>', "bundle.wrong_type")],
    "int": [("text", '<c r="{ref}" t="inlineStr"><is><t>12</t></is></c>', "bundle.wrong_type"),
            ("fraction", '<c r="{ref}" t="n"><v>1.5</v></c>', "bundle.wrong_type")],
    "float": [("text", '<c r="{ref}" t="inlineStr"><is><t>1.5</t></is></c>', "bundle.wrong_type"),
              ("date", f'<c r="{{ref}}" s="{DATE_STYLE}" t="n"><v>45077</v></c>', "bundle.wrong_type")],
    "date": [("text", '<c r="{ref}" t="inlineStr"><is><t>2023-05-31</t></is></c>', "bundle.wrong_type"),
             ("number", '<c r="{ref}" t="n"><v>45077</v></c>', "bundle.wrong_type")],
}
ANY_COLUMN = [("boolean", '<c r="{ref}" t="b"><v>1</v></c>', "bundle.bad_cell"),
              ("error", '<c r="{ref}" t="e"><v>#N/A</v></c>', "bundle.bad_cell")]


def bundle_cases() -> list[object]:
    cases = []
    for index, (sheet, column) in enumerate((s, c) for s in schema.SHEETS for c in s.spec.columns):
        options = WRONG[column.type] + ANY_COLUMN
        # short mode: one wrong value per column, taking turns; long mode: all of them
        chosen = options if LONG else [options[index % len(options)]]
        for label, cell, code in chosen:
            cases.append(pytest.param(sheet.spec.name, column.key, cell, code,
                                      id=f"{sheet.kind}.{column.key}-{label}"))
    return cases


_counter = itertools.count()


@pytest.mark.parametrize(("sheet", "key", "cell", "code"), bundle_cases())
def test_bundle_column_with_a_wrong_type(world: World, sheet: str, key: str, cell: str, code: str) -> None:
    spec = next(s.spec for s in schema.SHEETS if s.spec.name == sheet)
    ref = f"{K.column_letter(spec.keys.index(key) + 1)}2"
    parts = K.parts_of(world.bundle)
    part = K.sheet_parts(parts)[sheet]
    parts[part] = K.set_cell(parts[part], ref, cell.format(ref=ref).encode())
    path = world.bundle_path(f"wrong-{next(_counter)}.xlsx", K.zip_bytes(parts))
    before = db_state(world.b.reg)
    check = exchange.verify_bundle(world.b.reg, path)
    assert not check.valid and check.reason_code == code, (check.reason_code, check.reason)
    assert f"{sheet}!{ref}" in reason(check), check.reason
    assert db_state(world.b.reg) == before


# ---------------------------------------------------------------- ledgers

LEDGER_PART = "xl/worksheets/sheet1.xml"
LEDGER_COLUMNS = "ABCDEFGHIJK"  # 序号 证书编号 名称 代码 类别 范围 准确度 发证日期 有效期至 设备名称 设备有效期
LEDGER_WRONG = [
    ("boolean", '<c r="{ref}" t="b"><v>1</v></c>'),
    ("number", '<c r="{ref}" t="n"><v>-12.5</v></c>'),
    ("huge-number", '<c r="{ref}" t="n"><v>1e300</v></c>'),
    ("date", '<c r="{ref}" s="1" t="n"><v>45077</v></c>'),
    ("words", '<c r="{ref}" t="inlineStr"><is><t>见附件 see attachment</t></is></c>'),
    ("iso-date-type", '<c r="{ref}" t="d"><v>2024-02-30T00:00:00</v></c>'),
    ("str-type", '<c r="{ref}" t="str"><v>=A1</v></c>'),
    ("40000-characters", '<c r="{ref}" t="inlineStr"><is><t>' + "范" * 40_000 + "</t></is></c>"),
]


#: what each wrong value does in each column: refused at that cell with this code, or "" (read
#: as a value the ledger rules accept: a number or a date where text is expected is text; column
#: A, the sequence number, is not imported). Codes common to a column's values are spelt once.
_DATES = {"boolean": "date.format", "number": "date.serial", "huge-number": "date.serial", "words": "date.format",
          "str-type": "date.format"}
_TEXT = {"boolean": "", "number": "", "huge-number": "ledger.too_long", "date": "", "words": "", "str-type": ""}
LEDGER_EXPECTED: dict[str, dict[str, str]] = {
    "A": dict.fromkeys(("boolean", "number", "huge-number", "date", "words", "iso-date-type", "str-type",
                        "40000-characters"), ""),
    "B": _TEXT,
    "C": _TEXT,
    "D": dict.fromkeys(("boolean", "number", "huge-number", "date", "words", "str-type"), "standard_code.format"),
    "E": dict.fromkeys(("boolean", "number", "huge-number", "date", "words", "str-type"), "choice.unknown"),
    "F": {"boolean": "range.unparseable", "number": "range.unit_missing", "huge-number": "range.unit_missing",
          "date": "range.unit_unknown", "words": "range.unparseable", "str-type": "range.unparseable"},
    "G": dict.fromkeys(("boolean", "number", "huge-number", "date", "words", "str-type"), "accuracy.unparseable"),
    "H": {**_DATES, "date": ""},
    "I": {**_DATES, "date": "date.order"},  # 2023-05-31: before the date of issue
    "J": _TEXT,
    "K": {**_DATES, "date": ""},
}


def expected_code(column: str, label: str) -> str:
    defaults = {"iso-date-type": "ledger.cell_not_a_date", "40000-characters": "ledger.cell_too_long"}
    return LEDGER_EXPECTED[column].get(label, defaults.get(label, ""))


def ledger_cases() -> list[object]:
    cases = []
    for index, column in enumerate(LEDGER_COLUMNS):
        chosen = LEDGER_WRONG if LONG else [LEDGER_WRONG[index % len(LEDGER_WRONG)],
                                            LEDGER_WRONG[(index + 3) % len(LEDGER_WRONG)]]
        for label, cell in chosen:
            cases.append(pytest.param(column, label, cell, id=f"{column}-{label}"))
    return cases


@pytest.mark.parametrize(("column", "label", "cell"), ledger_cases())
def test_ledger_column_with_a_wrong_type(world: World, tmp_path: Path, column: str, label: str, cell: str) -> None:
    ref = f"{column}3"
    parts = K.parts_of(world.ledger_bytes)
    parts[LEDGER_PART] = K.set_cell(parts[LEDGER_PART], ref, cell.format(ref=ref).encode())
    path = tmp_path / "wrong.xlsx"
    path.write_bytes(K.zip_bytes(parts))
    before = db_state(world.ledger.reg)
    run = ledger_outcome(world, path, dry_run=True)
    if isinstance(run, DomainError):
        pytest.fail(f"a wrong value in {ref} made the whole ledger unreadable: {run.code}: {run.render('en')}")
    check_run(run, ref)
    code = expected_code(column, label)
    assert [(i.cell, i.code) for i in run.check.errors] == ([(ref, code)] if code else [])
    assert (run.check.valid, run.check.invalid) == ((4, 1) if code else (5, 0))
    assert db_state(world.ledger.reg) == before
