"""Replacement chains a catalogue file may not state: an edition replaced by an older edition
of its own series, or a cycle (A replaced by B, B by A), alone or with the catalogue already in
force. A service citing either would be told to "work to the edition in force" that is not there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.ledger import catalogue_sheet
from tests.catalogue.test_catalogue_cli import _catalogue
from tests.conftest import run_cli
from tests.ledger.conftest import db_dump


def _refusal(path: Path) -> str:
    with pytest.raises(DomainError) as caught:
        catalogue_sheet.read_catalogue_file(path)
    return caught.value.render("en")


@pytest.mark.engine_independent
@pytest.mark.parametrize(("rows", "where"), [
    ([["JJG 52-2013", None, "被代替", "JJG 52-1999", None, None]], "row 2, column D"),
    ([["JJG 52-2013", None, "被代替", "JJG 49-2013", None, None], ["JJG 49-2013", None, "被代替", "JJG 52-2013", None, None]],
     "row 3, column D"),
    ([["JJG 1-2001", None, "废止", "JJG 2-2002", None, None], ["JJG 2-2002", None, "被代替", "JJG 3-2003", None, None],
      ["JJG 3-2003", None, "被代替", "JJG 1-2001", None, None]], "row 4, column D"),
])
def test_a_replacement_older_than_its_edition_or_a_cycle_is_refused_at_its_cell(
        tmp_path: Path, rows: list[list[Any]], where: str) -> None:
    message = _refusal(_catalogue(tmp_path / "c.xlsx", rows))
    assert where in message and "Replaced by" in message, message


def test_a_cycle_with_the_catalogue_in_force_is_refused_and_nothing_stored(own_home: Path, tmp_path: Path) -> None:
    # shipped: JJG 41-1990 superseded by JJF 1207-2008
    path = _catalogue(tmp_path / "c.xlsx", [["JJF 1207-2008", None, "被代替", "JJG 41-1990", None, None]])
    before = db_dump(own_home)
    result = run_cli("--home", str(own_home), "--lang", "en", "catalogue", "import-excel", str(path))
    assert result.code == 1 and "Traceback" not in result.err
    [line] = result.err.strip().splitlines()
    assert line.startswith("error:") and "row 2, column D" in line and "JJG 41-1990" in line, line
    assert db_dump(own_home) == before


@pytest.mark.engine_independent
def test_text_that_would_deceive_is_refused_at_its_cell(tmp_path: Path) -> None:
    rows = [["JJG 52-2013", "弹性元件式\u202e表力压\u202c检定规程", "现行", None, None, None]]
    message = _refusal(_catalogue(tmp_path / "c.xlsx", rows))
    assert "row 2, column B" in message and "U+202E" in message, message
