"""Every Excel file the project writes holds text as text: never a formula, an error value or a boolean.

A peer institute named ``=cmd|' /C calc'!A0`` (the classic DDE payload), with records
whose names start with ``=`` ``+`` ``-`` ``@``, or read ``#N/A`` or ``TRUE``, reaches the
receiver as a genuine signed bundle. Every workbook the receiver then writes through the
real command line (search reports of each kind, ledger templates, the ledger's validation
report, its own bundle, the forwarded copy of the peer's bundle) is unzipped: no sheet
holds an ``<f>`` element, a ``t="b"`` or a ``t="e"`` cell, and the hostile texts are
there, as text. On SQLite and PostgreSQL (the run's backend).
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    StaffInput,
)
from labregistry.ledger.fields import kind_spec
from labregistry.services import exchange, records
from tests.conftest import PASSPHRASE, run_cli
from tests.exchange import hostile
from tests.exchange.conftest import LO_TIMEOUT, find_libreoffice

FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
BAD_TYPES = re.compile(rb"""<(?:\w+:)?c\b[^>]*\bt\s*=\s*["'](?:b|e)["']""")
NAMES = hostile.HOSTILE_TEXTS[:-2]  # a tab is folded into a space, "_x003D_" a bundle cannot hold


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result.err
    return result.out


def sheet_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    assert parts, f"{path.name} has no sheets"
    return parts


def texts_of(path: Path) -> dict[str, Any]:
    """Every text cell's value -> the cell (openpyxl), over all sheets."""
    wb = load_workbook(path)
    return {c.value: c for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.data_type == "s"}


def hostile_peer(tmp_path: Path) -> tuple[Path, Path, str]:
    """The peer (named FORMULA) with hostile names in every kind; its bundle and card."""
    reg = hostile.peer(tmp_path, name=hostile.FORMULA,
                       standards=tuple(hostile.standard(t, f"[2023]浙量标证字第{i:04d}号") for i, t in enumerate(NAMES)))
    for i, text in enumerate(NAMES):
        records.create_authorisation(reg, AuthorisationInput(
            certificate_no=f"(浙)法计（2023）{i:05d}号", form="legal_verification", authority=text,
            issued_on="2023-01-01", valid_until="2030-01-01",
            items=[AuthorisedItemInput(text, "(0~60)MPa", "0.05级", "JJG 49-2013")]))
        records.create_staff(reg, StaffInput(name=text, department=text, credentials=[
            CredentialInput("verifier", f"浙检字第{i:04d}号", None, "2020-01-01", "2030-01-01", [text])]))
    bundle = tmp_path / "peer.xlsx"
    exchange.export_bundle(reg, bundle, PASSPHRASE)
    card, fingerprint = hostile.card(reg, tmp_path / "peer.card")
    reg.close()
    return bundle, card, fingerprint


def own_ledger(template: Path, out: Path) -> Path:
    """The receiver's own ledger, filled in the template: hostile names, and one invalid row."""
    spec = kind_spec("standards")
    column = {f.key: i for i, f in enumerate(spec.fields, start=1)}
    wb = load_workbook(template)
    ws = wb.worksheets[0]
    rows = [dict(name=text, code="12113200", grade="社会公用计量标准", certificate_no=f"[2024]沪量标证字第{i:04d}号",
                 valid_until="2030-12-31", range_text="(0~60)MPa", accuracy_text="0.05级")
            for i, text in enumerate(NAMES)]
    rows.append(dict(name=hostile.FORMULA, code="1211", grade="社会公用计量标准", certificate_no=hostile.FORMULA,
                     valid_until="2030-12-31", range_text="=1+1", accuracy_text="@SUM(A1)"))  # invalid code
    for r, values in enumerate(rows, start=2):
        for key, value in values.items():
            cell = ws.cell(row=r, column=column[key])
            cell.value = value
            cell.data_type = "s"  # typed in as text (an apostrophe first), as a user does
    wb.save(out)
    return out


def test_every_written_workbook_holds_text_as_text(tmp_path: Path) -> None:
    bundle, card, fingerprint = hostile_peer(tmp_path)
    home = str(tmp_path / "receiver")
    ok("--home", home, *hostile.RECEIVER)
    ok("--home", home, "trust", "add", str(card), "--fingerprint", fingerprint)
    ok("--home", home, "import", str(bundle), "--yes")

    written: dict[str, Path] = {}
    for kind in ("standards", "authorisations", "staff"):
        written[f"search {kind}"] = tmp_path / f"search-{kind}.xlsx"
        ok("--home", home, "search", "--kind", kind, "--report", str(written[f"search {kind}"]), "--json")
        written[f"template {kind}"] = tmp_path / f"template-{kind}.xlsx"
        ok("--home", home, "template", str(written[f"template {kind}"]), "--kind", kind)
    written["search with formula text"] = tmp_path / "search-text.xlsx"
    ok("--home", home, "search", "=cmd", "--report", str(written["search with formula text"]), "--json")
    ledger = own_ledger(written["template standards"], tmp_path / "own-ledger.xlsx")
    written["ledger report"] = tmp_path / "ledger-report.xlsx"
    refused = run_cli("--home", home, "import-excel", str(ledger), "--kind", "standards", "--report",
                      str(written["ledger report"]), "--valid-only")
    assert refused.code == 0, refused.err  # the valid rows imported, the invalid one marked in the report
    written["own bundle"] = tmp_path / "own.xlsx"
    ok("--home", home, "export", str(written["own bundle"]))
    onward = tmp_path / "onward"
    ok("--home", home, "export-received", str(onward))
    [written["forwarded bundle"]] = sorted(onward.glob("*.xlsx"))

    for what, path in written.items():
        for part, xml in sheet_parts(path).items():
            assert not FORMULA_ELEMENT.search(xml), f"{what}: {part} holds a formula"
            assert not BAD_TYPES.search(xml), f"{what}: {part} holds a boolean or an error value"

    # not vacuous: the hostile texts are in the files, as text
    for what in ("search standards", "search authorisations", "search staff", "ledger report", "own bundle",
                 "forwarded bundle"):
        texts = texts_of(written[what])
        assert set(NAMES) <= set(texts), (what, set(NAMES) - set(texts))
    report = texts_of(written["search standards"])
    assert report[hostile.FORMULA].quotePrefix  # editing the cell in Excel keeps it text
    assert report["-2+3"].quotePrefix and not report["TRUE"].quotePrefix
    assert "=cmd" in texts_of(written["search with formula text"])  # the criteria row


def test_libreoffice_shows_a_search_report_s_formula_text_as_typed(tmp_path: Path) -> None:
    """What a person sees: LibreOffice opens the report and saves what it shows as CSV."""
    binary = find_libreoffice()
    if binary is None:
        pytest.fail("LibreOffice is not installed (scripts/venv.sh SYSTEM_PACKAGES)", pytrace=False)
    bundle, card, fingerprint = hostile_peer(tmp_path)
    home = str(tmp_path / "receiver")
    ok("--home", home, *hostile.RECEIVER)
    ok("--home", home, "trust", "add", str(card), "--fingerprint", fingerprint)
    ok("--home", home, "import", str(bundle), "--yes")
    report = tmp_path / "report.xlsx"
    ok("--home", home, "--lang", "en", "search", "--report", str(report), "--json")
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
    subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"),
                    str(report)], capture_output=True, timeout=LO_TIMEOUT, env=env, check=True)
    with open(tmp_path / "csv" / "report.csv", encoding="utf-8", newline="") as f:
        shown = list(csv.reader(f))
    header = next(i for i, row in enumerate(shown) if "standard" in row)
    names = {row[shown[header].index("standard")] for row in shown[header + 1:]}
    institutes = {row[shown[header].index("institute")] for row in shown[header + 1:]}
    assert set(NAMES) <= names  # a formula would show as its result or an error, not as typed
    assert institutes == {hostile.FORMULA}


def test_a_cell_shows_what_was_stored_even_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """Text stored before the character rule existed is shown escaped, not a crash of the report."""
    from openpyxl import Workbook

    from labregistry.xlsx import cells

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(cells.row(ws, ["a\x01b\u202e", "_x003D_1+1", "=1+1", 42, None, "#DIV/0!"]))
    with pytest.raises(TypeError):
        cells.row(ws, [True])
    wb.save(tmp_path / "cells.xlsx")
    xml = sheet_parts(tmp_path / "cells.xlsx")["xl/worksheets/sheet1.xml"]
    assert not FORMULA_ELEMENT.search(xml) and not BAD_TYPES.search(xml)
    values = [c.value for c in load_workbook(tmp_path / "cells.xlsx")["s"][1]]
    assert values == ["a\\x01b\\u202e", "_x005F_x003D_1+1", "=1+1", 42, None, "#DIV/0!"]
