"""The format-4 sheets (comparisons, their results, recognition decisions), and the outside
pilot's two cells format 5 added to the comparisons sheet, get every check of *What people see*
that the older sheets get: a real bundle with a comparison and a decision,
re-saved by LibreOffice, still verifies and imports the same records; edited in a spreadsheet
program so that a cell shows something else than its signed value, it is refused by cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from labregistry.exchange import schema
from labregistry.services import comparisons, decisions, exchange
from tests.exchange.sites import INSTITUTES, Site, make_site, reason
from tests.exchange.test_bundle_seen import libreoffice
from tests.interlab.tables import write_table
from tests.interlab.test_outside_pilot import NIM, nim_table

pytestmark = pytest.mark.engine_independent

RESULTS, COMPARISONS, DECISIONS = (s.spec.name for s in (schema.COMPARISON_RESULTS, schema.COMPARISONS,
                                                          schema.DECISIONS))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Site, Path]:
    """A (the pilot of the results table, who also recognises C's discipline 15), B trusting A,
    and A's bundle."""
    tmp = tmp_path_factory.mktemp("format4-seen")
    a, b = make_site(tmp, "A", sqlite=True), make_site(tmp, "B", sqlite=True)  # about the file, not the engine
    comparisons.import_results_table(a.reg, write_table(tmp / "results.xlsx"))
    decisions.add_decision(a.reg, subject_uscc=INSTITUTES["C"][1], subject_name=INSTITUTES["C"][0], discipline="15",
                           valid_from="2026-01-01", valid_until="2028-12-31", evidence=["比对:CSJ-DCV-2026-01"])
    b.trust(a, tmp)
    return a, b, a.export(tmp / "a.xlsx")


def _edited(bundle: Path, out: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(bundle)
    change(wb)
    wb.save(out)
    return out


def _hide_row(wb: Any) -> None:
    wb[DECISIONS].row_dimensions[2].hidden = True


ATTACKS: dict[str, tuple[Callable[[Any], None], str]] = {
    # En 0.19 shown as 0.2 (rounding format): a reader sees another score
    "a score shown rounded": (lambda wb: setattr(wb[RESULTS]["I3"], "number_format", "0.0"), "bundle.number_format"),
    # the reference value shown as nothing
    "a reference value hidden by ;;;": (lambda wb: setattr(wb[COMPARISONS]["M2"], "number_format", ";;;"),
                                        "bundle.number_format"),
    # a decision's end date shown as its serial number (47118): no longer a date cell
    "a date shown as a number": (lambda wb: setattr(wb[DECISIONS]["H2"], "number_format", "General"),
                                 "bundle.wrong_type"),
    "a decision's row hidden": (_hide_row, "bundle.hidden_row"),
}


def test_the_sheets_hold_what_the_attacks_edit(sites: tuple[Site, Site, Path]) -> None:
    wb = openpyxl.load_workbook(sites[2])
    assert wb[RESULTS]["I1"].value == "En/z En/z" and wb[RESULTS]["I3"].value == 0.19
    assert wb[COMPARISONS]["M1"].value.startswith("参考值") and wb[COMPARISONS]["M2"].value == 1.000001
    assert wb[DECISIONS]["H1"].value.startswith("有效期至")



@pytest.mark.parametrize("name", list(ATTACKS))
def test_a_format4_cell_made_to_show_another_value_is_refused(sites: tuple[Site, Site, Path], tmp_path: Path,
                                                              name: str) -> None:
    _a, b, bundle = sites
    change, code = ATTACKS[name]
    check = exchange.verify_bundle(b.reg, _edited(bundle, tmp_path / "edited.xlsx", change))
    assert not check.valid and check.reason_code == code, check.reason


def test_libreoffice_resaves_a_format4_bundle_that_verifies_and_imports_the_same_records(
        sites: tuple[Site, Site, Path], tmp_path: Path) -> None:
    a, b, bundle = sites
    libreoffice([bundle], tmp_path / "lo", "xlsx", tmp_path / "profile")
    resaved = tmp_path / "lo" / bundle.name
    check = exchange.verify_bundle(b.reg, resaved)
    assert check.valid, check.reason
    assert exchange.import_bundle(b.reg, resaved).applied
    assert comparisons.list_comparisons(b.reg) == comparisons.list_comparisons(a.reg)
    assert [{**d, "own": True} for d in decisions.list_decisions(b.reg)] == decisions.list_decisions(a.reg)


# ---------------------------------------------------------------- format 5: an outside pilot's cells

OUTSIDE_ATTACKS: dict[str, tuple[Callable[[Any], None], str]] = {
    "an outside pilot's name hidden by ;;;": (lambda wb: setattr(wb[COMPARISONS]["P2"], "number_format", ";;;"),
                                              "bundle.number_format"),
    "an outside pilot's code shown as another code": (
        lambda wb: setattr(wb[COMPARISONS]["Q2"], "number_format", '"CCEM-K2"'), "bundle.number_format"),
    "an outside pilot's name in a white font": (
        lambda wb: setattr(wb[COMPARISONS]["P2"], "font", openpyxl.styles.Font(color="FFFFFFFF")), "bundle.hidden_text"),
}


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    """A recording a comparison piloted by NIM (A a participant), B trusting A, and A's bundle."""
    tmp = tmp_path_factory.mktemp("format5-seen")
    a, b = make_site(tmp, "A", sqlite=True), make_site(tmp, "B", sqlite=True)
    comparisons.import_results_table(a.reg, nim_table(tmp / "k4.xlsx"))
    b.trust(a, tmp)
    return b, a.export(tmp / "a.xlsx")


def test_the_outside_pilots_cells_hold_what_the_attacks_edit(outside: tuple[Site, Path]) -> None:
    ws = openpyxl.load_workbook(outside[1])[COMPARISONS]
    assert (ws["P1"].value, ws["Q1"].value) == ("库外主导实验室 Outside pilot", "主导实验室代码 Pilot code")
    assert (ws["P2"].value, ws["Q2"].value) == (NIM, "CCEM-K4.2017")


@pytest.mark.parametrize("name", list(OUTSIDE_ATTACKS))
def test_an_outside_pilots_cell_made_to_show_another_value_is_refused(outside: tuple[Site, Path], tmp_path: Path,
                                                                      name: str) -> None:
    b, bundle = outside
    assert exchange.verify_bundle(b.reg, bundle).valid
    change, code = OUTSIDE_ATTACKS[name]
    check = exchange.verify_bundle(b.reg, _edited(bundle, tmp_path / "edited.xlsx", change))
    assert not check.valid and check.reason_code == code, check.reason
    assert f"比对 Comparisons!{'Q' if 'code' in name else 'P'}2" in reason(check, "en"), check.reason
