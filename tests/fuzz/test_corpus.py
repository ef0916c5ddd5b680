"""The hand-made corpus (corpus/manifest.toml): every file has its expected outcome, and gets it.

Every case runs through the services (cheap). Through the real CLI, a process per
command: a few representative cases in the short mode, every case in the long mode.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.conftest import LONG, World
from tests.fuzz.corpus_cases import (
    CORPUS,
    CorpusCase,
    bundle_refused,
    bundle_valid,
    check_ledger_case,
    cli_bundle,
    cli_ledger,
    load_manifest,
)

CASES = load_manifest()
MAX_CORPUS_BYTES = 2 * 1024 * 1024
# through the CLI in the short mode: one of each family (the long mode runs all of them)
CLI_SAMPLE = {
    "bundle/valid.xlsx",
    "bundle/billion-laughs-in-sheet.xlsx",
    "bundle/duplicate-sheet-name-tampered-first.xlsx",
    "bundle/formula-in-data-cell.xlsx",
    "ledger/wrong-types.xlsx",
    "ledger/formula-in-data.xlsx",
}


def test_the_manifest_lists_every_file_and_every_file_exists() -> None:
    listed = [c.file for c in CASES]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()} - {"manifest.toml", "issuer.card"}
    assert on_disk == set(listed), {"not listed": on_disk - set(listed), "missing": set(listed) - on_disk}
    for case in CASES:
        assert case.kind in ("bundle", "ledger"), case
        assert case.expect == "valid" or case.expect == "report" or "." in case.expect, case
        assert case.about, case
        assert (case.expect == "report") == bool(case.cells), case


def test_the_corpus_stays_small() -> None:
    total = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    assert total < MAX_CORPUS_BYTES, f"the corpus is {total} bytes: generate big cases at test time (test_huge.py)"


def test_every_expected_code_has_a_message_in_both_languages() -> None:
    from labregistry import i18n
    from labregistry.exchange import bundle  # noqa: F401  (register their messages)
    from labregistry.xlsx import workbook  # noqa: F401  (register their messages)
    from labregistry.ledger import reader  # noqa: F401
    from labregistry.services import exchange, ledger  # noqa: F401

    for code in {c.expect for c in CASES if c.expect not in ("valid", "report") and not c.known_bug}:
        assert i18n.known(code), code


@pytest.mark.parametrize("case", [c.param() for c in CASES if c.kind == "bundle"])
def test_bundle_corpus(world: World, case: CorpusCase) -> None:
    if case.expect == "valid":
        bundle_valid(world, case.path)
    else:
        bundle_refused(world, case.path, case.expect)


@pytest.mark.parametrize("case", [c.param() for c in CASES if c.kind == "ledger"])
def test_ledger_corpus(world: World, case: CorpusCase, tmp_path: Path) -> None:
    check_ledger_case(world, case, tmp_path)


def _cli_cases() -> list[object]:
    return [c.param() for c in CASES if LONG or c.file in CLI_SAMPLE]


@pytest.mark.parametrize("case", _cli_cases())
def test_corpus_through_the_cli(world: World, case: CorpusCase, tmp_path: Path) -> None:
    if case.kind == "bundle":
        cli_bundle(world, case)
    else:
        cli_ledger(world, case, tmp_path)


def test_the_cli_sample_is_in_the_corpus() -> None:
    assert CLI_SAMPLE <= {c.file for c in CASES}
