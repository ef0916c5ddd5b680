"""Huge hostile files: a million rows, million-character cells, bombs. Bounded time and memory.

Made at test time (``huge.py``, streaming zip writes). Through the real CLI, the peak
resident memory of the ``labregistry`` process itself is measured (``wait4``) and held
under a limit; bombs, refused by the pre-flight, run in-process under ``tracemalloc``.
The figures in the limits are what was measured on the reference machine, with room.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.services import exchange
from tests.exchange.sites import reason
from tests.fuzz import huge
from tests.fuzz.conftest import World, long_only
from tests.fuzz.corpus_cases import Run, db_state, ledger_outcome, one_error_line, run_cli_measured

LEDGER_SHEET_PART = "xl/worksheets/sheet1.xml"
STANDARDS = schema.STANDARDS.spec.name
BASELINE_MB = 150  # a CLI run on a small file peaks at 60-100 MB


def verify_cli(world: World, path: Path, code: str, *, max_mb: float, max_seconds: float = 120) -> Run:
    before = db_state(world.b.reg)
    run = run_cli_measured("--home", str(world.b.home), "--lang", "en", "verify", str(path), "--json",
                           timeout=max_seconds)
    one_error_line(run)
    assert json.loads(run.out)["reason_code"] == code, run.out
    assert run.max_rss_mb < max_mb, f"peak RSS {run.max_rss_mb:.0f} MB (limit {max_mb} MB)"
    assert db_state(world.b.reg) == before
    return run


def import_excel_cli(world: World, path: Path, *, max_mb: float, max_seconds: float = 120) -> Run:
    before = db_state(world.ledger.reg)
    run = run_cli_measured("--home", str(world.ledger.home), "--lang", "en", "import-excel", str(path), "--kind",
                           "standards", timeout=max_seconds)
    one_error_line(run)
    assert run.max_rss_mb < max_mb, f"peak RSS {run.max_rss_mb:.0f} MB (limit {max_mb} MB)"
    assert db_state(world.ledger.reg) == before
    return run


# ---------------------------------------------------------------- a million rows


def test_the_measured_peak_is_the_cli_s_own_not_the_test_worker_s(tmp_path: Path) -> None:
    """A test worker grown large (after many tests) must not lift the CLI's measured peak."""
    ballast = bytearray(400 << 20)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page: resident
    run = run_cli_measured("--help")
    assert run.code == 0 and run.max_rss_mb < 150, run.max_rss_mb
    del ballast


def test_bundle_with_a_value_a_million_rows_down(world: World, tmp_path: Path) -> None:
    path = huge.bundle_sparse_million_rows(world.bundle, STANDARDS, tmp_path / "sparse.xlsx")
    verify_cli(world, path, "bundle.too_many_rows", max_mb=BASELINE_MB + 100)


def test_ledger_with_a_million_rows(world: World, tmp_path: Path) -> None:
    path = huge.million_rows(world.ledger_bytes, LEDGER_SHEET_PART, tmp_path / "rows.xlsx")
    run = import_excel_cli(world, path, max_mb=BASELINE_MB + 250)
    assert "200000" in run.err or "200,000" in run.err, run.err  # ledger.too_many_rows names the limit


@long_only
def test_bundle_with_a_million_dense_rows(world: World, tmp_path: Path) -> None:
    """Every row read by openpyxl before the row cap refuses: minutes, and ~700 MB measured."""
    path = huge.million_rows(world.bundle, None, tmp_path / "dense.xlsx", sheet=STANDARDS, cells="ABC")
    verify_cli(world, path, "bundle.too_many_rows", max_mb=1500, max_seconds=1200)


@long_only
def test_bundle_with_a_million_empty_row_elements(world: World, tmp_path: Path) -> None:
    path = huge.million_rows(world.bundle, None, tmp_path / "empty-rows.xlsx", sheet=STANDARDS, cells="")
    verify_cli(world, path, "bundle.too_many_rows", max_mb=BASELINE_MB + 250, max_seconds=600)


@long_only
def test_ledger_with_a_million_full_rows(world: World, tmp_path: Path) -> None:
    path = huge.million_rows(world.ledger_bytes, LEDGER_SHEET_PART, tmp_path / "full.xlsx", cells="ABCDEFGHIJK")
    import_excel_cli(world, path, max_mb=800, max_seconds=1200)


# ---------------------------------------------------------------- a million characters in a cell


def test_bundle_with_a_million_character_cell(world: World, tmp_path: Path) -> None:
    path = huge.long_cell(world.bundle, None, "C2", tmp_path / "long.xlsx", sheet=STANDARDS)
    verify_cli(world, path, "bundle.cell_too_long", max_mb=BASELINE_MB + 150)


def test_bundle_with_a_million_character_meta_value(world: World, tmp_path: Path) -> None:
    path = huge.long_cell(world.bundle, None, "B3", tmp_path / "meta.xlsx", sheet=schema.META_SHEET)
    check = exchange.verify_bundle(world.b.reg, path)
    assert not check.valid and check.reason_code == "bundle.cell_too_long", check


# ---------------------------------------------------------------- bombs and nesting, in-process


def _peak(fn: Callable[[], Any]) -> tuple[Any, float]:
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


def preflight_peak(path: Path, kind: str, code: str) -> float:
    """The memory the pre-flight needs to refuse ``path`` (MB traced), the file's bytes given.

    Measured on ``preflight_bytes``: the services read a file with ``read(MAX_BYTES + 1)``,
    which allocates (without touching) 100 MiB whatever the file's size, and would hide it.
    """
    from labregistry.xlsx.preflight import preflight_bytes

    data = path.read_bytes()

    def run() -> str:
        with pytest.raises(DomainError) as err:
            preflight_bytes(data, name=path.name, kind=kind)  # type: ignore[arg-type]
        return err.value.code

    refused, peak = _peak(run)
    assert refused == code
    return peak


BOMBS: list[tuple[str, Callable[[bytes, Path], Path], str]] = [
    ("ratio-bomb-300MiB", lambda b, p: huge.ratio_bomb(b, "xl/styles.xml", p), "xlsx.compression_ratio"),
    ("600-small-bombs", huge.many_small_bombs, "xlsx.too_much_data"),
    ("600-lying-bombs", huge.lying_bombs, "xlsx.corrupt"),
    ("2001-entries", huge.too_many_entries, "xlsx.too_many_entries"),
    ("workbook-nested-a-million-deep",
     lambda b, p: huge.deep_nesting(b, "xl/workbook.xml", p, root=f'<workbook xmlns="{huge.K.MAIN_NS}">'.encode()),
     "xlsx.too_deep"),
]


@pytest.mark.parametrize(("name", "build", "code"), BOMBS, ids=[b[0] for b in BOMBS])
def test_bundle_bombs(world: World, tmp_path: Path, name: str, build: Callable[[bytes, Path], Path],
                      code: str) -> None:
    path = build(world.bundle, tmp_path / f"{name}.xlsx")
    assert path.stat().st_size < 10 * 1024 * 1024
    before = db_state(world.b.reg)
    check = exchange.verify_bundle(world.b.reg, path)
    assert not check.valid and check.reason_code == code, (check.reason_code, check.reason)
    assert preflight_peak(path, "bundle", code) < 64
    with pytest.raises(DomainError):
        exchange.import_bundle(world.b.reg, path)
    assert db_state(world.b.reg) == before


@pytest.mark.parametrize(("name", "build", "code"), BOMBS, ids=[b[0] for b in BOMBS])
def test_ledger_bombs(world: World, tmp_path: Path, name: str, build: Callable[[bytes, Path], Path],
                      code: str) -> None:
    path = build(world.ledger_bytes, tmp_path / f"{name}.xlsx")
    outcome = ledger_outcome(world, path)
    assert isinstance(outcome, DomainError) and outcome.code == code, outcome
    assert preflight_peak(path, "ledger", code) < 64


def test_ledger_sheet_nested_a_million_deep(world: World, tmp_path: Path) -> None:
    """The ledger reader streams the sheet with expat and keeps nothing per element."""
    path = huge.deep_nesting(world.ledger_bytes, LEDGER_SHEET_PART, tmp_path / "deep.xlsx")
    run = import_excel_cli(world, path, max_mb=BASELINE_MB + 200)
    assert "cannot be read" in run.err, run.err


# ---------------------------------------------------------------- nesting in the parts the reader streams


def _deep_variants(bundle: bytes) -> dict[str, tuple[str, bytes, bytes | None]]:
    """Where a million nested elements can sit: (part, base file, the XML before them)."""
    parts = huge.K.parts_of(bundle)
    part = huge.K.sheet_parts(parts)[STANDARDS]
    head = parts[part].split(b"</sheetData>")[0]
    with_strings = dict(parts)
    with_strings["xl/sharedStrings.xml"] = b"<sst/>"
    with_strings["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return {
        "in-the-rows": (part, bundle, None),
        "inside-a-row": (part, bundle, head.split(b'<row r="2"')[0] + b'<row r="2">'),
        "after-the-rows": (part, bundle, head + b"</sheetData>"),
        "cover-sheet": (huge.K.sheet_parts(parts)["封面 Cover"], bundle, None),
        "shared-strings": ("xl/sharedStrings.xml", huge.K.zip_bytes(with_strings),
                           f'<sst xmlns="{huge.K.MAIN_NS}"><si>'.encode()),
    }


@pytest.mark.parametrize("where", ["in-the-rows", "inside-a-row", "after-the-rows", "cover-sheet", "shared-strings"])
def test_bundle_parts_nested_a_million_deep_are_refused_in_bounded_memory(world: World, tmp_path: Path,
                                                                          where: str) -> None:
    """openpyxl's iterparse keeps every open element (350-900 MB for a 50 KB file nested in a
    data sheet); the reader's streaming pass refuses the nesting before openpyxl parses a
    sheet, and the shared strings reader counts its own depth."""
    part, base, root = _deep_variants(world.bundle)[where]
    path = huge.deep_nesting(base, part, tmp_path / "deep.xlsx", root=root)
    assert path.stat().st_size < 100_000
    check, peak = _peak(lambda: exchange.verify_bundle(world.b.reg, path))
    assert not check.valid and check.reason_code == "xlsx.too_deep", (check.reason_code, check.reason)
    assert part in reason(check)
    assert peak < 64, f"{peak:.0f} MB traced"
