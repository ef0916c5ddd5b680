"""The refusal of a ledger without a required column gives a ``--set`` example that works.

``import-excel`` names the required fields the ledger has no column for and shows how to give
the whole ledger one value (``--set FIELD=VALUE``). Its example said ``--set grade=社会公用计量标准``
(``grade=public`` in English) whatever the ledger and the institute: the one grade an
enterprise's standards are not, and against a form whose own headers name its grade (the
rule the wizard follows, ``ledger.constants.likely``); for a field that tells the records
apart (a certificate number) it offered a ``--set`` that is refused. Each example here is
taken from the message and run as the user would copy it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from labregistry.domain.choices import GRADES
from tests.conftest import PASSPHRASE, Result, run_cli
from tests.ledger import institute_ledgers as IL
from tests.ledger import published_forms as PF
from tests.ledger.conftest import INIT, query

SET_EXAMPLE = re.compile(r"(?:如|e\.g\.) --set ([\w.]+)=([^\s)）]+)")


def _home(tmp_path: Path, kind: str) -> Path:
    home = tmp_path / "home"
    done = run_cli("--home", str(home), *INIT, "--kind", kind, env={"LABREGISTRY_PASSPHRASE": PASSPHRASE})
    assert done.code == 0, done.err
    return home


def _import(home: Path, ledger: Path, lang: str, *more: str) -> Result:
    return run_cli("--home", str(home), "--lang", lang, "import-excel", str(ledger), "--kind", "standards", *more)


def _refusal(result: Result) -> str:
    lines = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert result.code == 1 and len(lines) == 1, (result.code, result.err)
    return lines[0]


def _set_example(result: Result) -> tuple[str, str]:
    line = _refusal(result)
    found = SET_EXAMPLE.search(line)
    assert found is not None, line
    return found.group(1), found.group(2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_enterprises_ledger_without_a_category_is_shown_its_own_grade_and_the_example_imports(
        tmp_path: Path, lang: str) -> None:
    home = _home(tmp_path, "enterprise")
    ledger = IL.district_standards(tmp_path / "台账.xlsx")

    field, value = _set_example(_import(home, ledger, lang))
    assert field == "grade" and GRADES.parse(value) == "enterprise", (field, value)
    done = _import(home, ledger, lang, "--set", f"{field}={value}")
    assert done.code == 0, done.err
    assert query(home, "SELECT DISTINCT grade FROM standard") == [("enterprise",)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_form_that_names_its_grade_is_shown_that_grade_not_the_first_missing_field(
        tmp_path: Path, lang: str) -> None:
    """The Hubei 企事业最高计量标准器具汇总表 at a legal metrology institute lacks a code, a
    category and a validity: the example was ``--set code=…``, a value nobody can give a
    whole ledger; it is the category the form's headers name now, and it is taken."""
    home = _home(tmp_path, "legal")
    ledger = PF.hubei_enterprise_standards(tmp_path / "汇总表.xlsx")

    field, value = _set_example(_import(home, ledger, lang))
    assert field == "grade" and GRADES.parse(value) == "enterprise", (field, value)
    after = _import(home, ledger, lang, "--set", f"{field}={value}", "--dry-run", "--json")
    document = json.loads(after.out)
    assert document["missing_columns"] == ["code", "valid_until"]
    assert [(s["field"], GRADES.parse(s["value"])) for s in document["set"]] == [("grade", "enterprise")]


def test_a_field_that_tells_records_apart_is_never_offered_to_set(tmp_path: Path) -> None:
    """Without its certificate numbers a ledger was told ``--set certificate_no=…``, which
    ``--set`` refuses (the number tells the records apart): the example names the category
    then, and with the category given, no ``--set`` at all."""
    home = _home(tmp_path, "enterprise")
    ledger = IL.district_standards(tmp_path / "台账.xlsx")
    wb = load_workbook(ledger)
    wb.active.delete_cols(4)  # 计量标准考核证书编号
    wb.save(ledger)

    field, value = _set_example(_import(home, ledger, "en"))
    assert (field, value) == ("grade", "enterprise")
    line = _refusal(_import(home, ledger, "en", "--set", "grade=enterprise"))
    assert "certificate_no" in line and "--map certificate_no=" in line and "--set" not in line, line
    zh = _refusal(_import(home, ledger, "zh", "--set", "grade=enterprise"))
    assert "证书编号（certificate_no）" in zh and "--set" not in zh, zh
