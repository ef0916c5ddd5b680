"""Hypothesis against ledger import (``import-excel``): a real ledger damaged at every level.

For every damaged ledger the import either refuses with a DomainError (a known code, a
message in both languages) or reads it and reports: every issue sits at a cell of the
sheet and renders in both languages; nothing is written unless every record is valid;
a refused or reporting import leaves the database unchanged. Changes that keep every
value import the same records as the original.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry import i18n
from labregistry.errors import DomainError
from tests.fuzz import xlsxkit as K
from tests.fuzz.conftest import World, fuzz_settings
from tests.fuzz.corpus_cases import ledger_outcome
from tests.fuzz.mutations import (
    Mutation,
    byte_mutations,
    cell_values,
    harmless_mutations,
    value_cell,
    xml_mutations,
)

SHEET_PART = "xl/worksheets/sheet1.xml"
_counter = itertools.count()


def ledger_path(world: World, data: bytes, suffix: str = ".xlsx") -> Path:
    return world.bundle_path(f"ledger-{next(_counter)}{suffix}", data)


def check_run(run: Any, what: str) -> None:
    """A ledger that was read: issues placed in the sheet, renderable, nothing half-written."""
    check = run.check
    assert check.rows >= 0 and check.valid + check.invalid == check.rows
    for issue in [*check.errors, *check.warnings]:
        assert issue.row >= 1, (what, issue)
        assert issue.column is None or 1 <= issue.column <= 16384, (what, issue)
        for lang in ("en", "zh"):
            assert issue.render(lang).strip(), (what, issue)
        i18n.render_all(issue.to_json(), "en")
    if check.invalid or check.missing_columns:
        assert not run.outcome.written, f"{what}: records with errors, yet something was written"


def check_ledger_mutation(world: World, mutation: Mutation, *, report: bool = False) -> Any:
    path = ledger_path(world, mutation.data)
    try:
        outcome = ledger_outcome(world, path, report=world.tmp / "report.xlsx" if report else None)
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{mutation.what}: {type(exc).__name__}: {exc!r}"[:600])
    if isinstance(outcome, DomainError):
        assert i18n.known(outcome.code) or outcome.code == "validation.failed", outcome.code
        assert not mutation.keeps_values, f"{mutation.what}: keeps every value, refused: {outcome.render('en')}"
        if mutation.codes:
            assert outcome.code in mutation.codes, f"{mutation.what}: {outcome.code} ({outcome.render('en')})"
        return outcome
    assert not mutation.codes, f"{mutation.what}: read, expected {sorted(mutation.codes)}"
    check_run(outcome, mutation.what)
    return outcome


@fuzz_settings(short=50, long=1000)
@given(data=st.data())
def test_byte_and_zip_damage(world: World, data: st.DataObject) -> None:
    check_ledger_mutation(world, data.draw(byte_mutations(world.ledger_bytes), label="mutation"))


@fuzz_settings(short=50, long=1000)
@given(data=st.data())
def test_hostile_xml(world: World, data: st.DataObject) -> None:
    mutation = data.draw(xml_mutations(world.ledger_bytes, kind="ledger", imported_sheet=SHEET_PART), label="m")
    check_ledger_mutation(world, mutation, report=data.draw(st.booleans(), label="with a report"))


@fuzz_settings(short=40, long=300)
@given(data=st.data())
def test_changes_that_keep_every_value_import_the_same(world: World, data: st.DataObject) -> None:
    original = ledger_outcome(world, ledger_path(world, world.ledger_bytes), dry_run=True)
    mutation = data.draw(harmless_mutations(world.ledger_bytes), label="mutation")
    path = ledger_path(world, mutation.data)
    run = ledger_outcome(world, path, dry_run=True)
    assert not isinstance(run, DomainError), f"{mutation.what}: {run.render('en')}"
    assert [r.validated for r in run.check.results] == [r.validated for r in original.check.results], mutation.what


@fuzz_settings(short=50, long=800)
@given(data=st.data())
def test_any_value_in_any_cell(world: World, data: st.DataObject) -> None:
    """What people type: any type of value in any cell of the ledger, headers included."""
    parts = K.parts_of(world.ledger_bytes)
    changes = data.draw(st.lists(st.tuples(st.integers(1, 14), st.integers(1, 7), cell_values()), min_size=1,
                                 max_size=4), label="cells")
    xml = parts[SHEET_PART]
    for column, row, value in changes:
        ref = f"{K.column_letter(column)}{row}"
        xml = K.set_cell(xml, ref, value_cell(ref, value, date_style=1))
    parts[SHEET_PART] = xml
    what = ", ".join(f"{K.column_letter(c)}{r}={v!r}" for c, r, v in changes)
    check_ledger_mutation(world, Mutation(K.zip_bytes(parts), what), report=data.draw(st.booleans(), label="report"))
