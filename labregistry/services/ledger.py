"""Importing an institute's own Excel ledgers: the use cases behind ``import-excel`` and the wizard.

A wizard calls these one step at a time; ``import-excel`` runs them in a row
(:func:`run_import`)::

    book = open_ledger(path)                        # pre-flight; refusals name the file
    choices = sheet_choices(book, "standards")      # sheets, each with its likely header row
    grid = read_sheet(book, sheet, progress=..., cancel=...)   # formulas refused, naming the cell
    guess = find_header(grid, "standards", header_row=None)    # or the row the user picked
    mapping = propose_mapping(reg, grid, "standards", guess)   # detected, or remembered for the layout
    mapping.set("instruments.name", 6)              # the user's corrections
    check = check_ledger(reg, grid, mapping, progress=..., cancel=...)  # every row validated,
    #         issues placed at sheet/row/column, and what an import would add/update/leave
    write_report(book, check, "report.xlsx", "zh")  # the ledger with invalid cells marked, in zh
    outcome = import_checked(reg, check, valid_only=False, progress=..., cancel=...)

Import rules:

* Records go into the OWN institute, all or nothing, in one transaction; nothing is
  written unless every record is valid, or ``valid_only`` asks for the valid ones. A
  backup of the (SQLite) database is taken before writing.
* A record is matched with a stored record of the own institute: standards and
  authorisations by certificate number (compared with full-width/half-width, case and
  spaces folded); people by any of their credential certificate numbers, else by name
  and department (by name alone when the ledger has no department column), and only
  when exactly one stored person fits.
* A matched record is compared on the columns the ledger has (plus the required ones):
  unchanged records are not touched and get no audit entry; changed ones are updated
  (columns the ledger does not have keep their stored values; the list of instruments,
  services, items or credentials is replaced when the ledger has it) with an audit entry
  holding the record before and after; new records are created with a ``create`` entry.
  The audit source is ``ledger:<file name>``.
* Writing is set-based (batched inserts and updates), so 20,000 rows take seconds. A
  progress callback ``(done, total)`` is called after each batch and a cancel flag is
  checked before each: cancelling rolls everything back.
* The mapping used by a successful import is remembered for the layout (setting
  ``ledger.mapping.<kind>.<fingerprint>``), with the values the user gave the whole
  ledger for fields it has no column for (``--set``, :mod:`labregistry.ledger.constants`),
  and proposed again for the next ledger of the same layout: it imports with no questions.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from labregistry import i18n
from labregistry.config import Home, resolve_home
from labregistry.domain import catalogue
from labregistry.domain.validation import StoredStandard
from labregistry.errors import DomainError
from labregistry.ledger import banners, constants
from labregistry.ledger.checks import LedgerIssue, RecordResult, add_catalogue_warnings, validate_records
from labregistry.ledger.fields import KindSpec, kind_spec
from labregistry.ledger.grouping import Grouping, fold_value, group_rows
from labregistry.ledger.layout import (
    SCAN_ROWS,
    ColumnMapping,
    HeaderGuess,
    apply_columns,
    apply_overrides,
    detect_header,
    header_at,
)
from labregistry.ledger.layout import propose_mapping as _detected_mapping
from labregistry.ledger.reader import Cancel, LedgerWorkbook, Progress, SheetGrid, open_ledger
from labregistry.ledger.store import Counts, Planner
from labregistry.outputs import check_xlsx_target
from labregistry.registry import Registry
from labregistry.storage import backups, writes
from labregistry.services import catalogues
from labregistry.storage.models import Capability, Institute, Standard
from labregistry.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

BATCH = 1000
"""Records written per batch (progress is reported and cancel checked between batches)."""
SETTING_PREFIX = "ledger.mapping."

__all__ = [
    "BATCH",
    "ColumnMapping",
    "Counts",
    "ImportOutcome",
    "LedgerCheck",
    "LedgerRun",
    "SheetChoice",
    "best_of",
    "best_sheet",
    "check_ledger",
    "find_header",
    "import_checked",
    "kind_spec",
    "missing_columns_error",
    "open_ledger",
    "propose_mapping",
    "read_sheet",
    "remember_mapping",
    "remembered_mapping",
    "run_import",
    "sheet_choices",
    "write_report",
    "write_template",
]


# --------------------------------------------------------------------------------------
# Wizard steps: file -> sheet -> header -> mapping
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetChoice:
    """A sheet the user may import, with the header found in its first rows (if any)."""

    name: str
    visible: bool
    header_row: int | None
    score: float


def sheet_choices(book: LedgerWorkbook, kind: str) -> list[SheetChoice]:
    """Every sheet with its likely header row, for the wizard's sheet step (reads 30 rows of each)."""
    spec = kind_spec(kind)
    out = []
    for info in book.sheets:
        if not info.visible:
            out.append(SheetChoice(info.name, False, None, 0.0))
            continue
        grid = book.read_sheet(info.name, limit_rows=SCAN_ROWS + 1, refuse_formulas=False)
        try:
            guess = detect_header(spec, grid)
            out.append(SheetChoice(info.name, True, guess.row, guess.score))
        except DomainError:
            out.append(SheetChoice(info.name, True, None, 0.0))
    return out


def best_sheet(book: LedgerWorkbook, kind: str) -> str:
    """The visible sheet whose header fits the kind best (the first one on a tie)."""
    return best_of(book, sheet_choices(book, kind))


def best_of(book: LedgerWorkbook, choices: Sequence[SheetChoice]) -> str:
    """:func:`best_sheet` from choices already scanned (the app shows them too)."""
    visible = [c for c in choices if c.visible]
    if not visible:
        raise DomainError("ledger.no_sheets", file=book.file)
    return max(visible, key=lambda c: c.score).name  # max keeps the first of equals


def read_sheet(
    book: LedgerWorkbook, sheet: str, *, progress: Progress | None = None, cancel: Cancel | None = None
) -> SheetGrid:
    """All values of ``sheet`` (DomainError for a formula, naming the cell)."""
    return book.read_sheet(sheet, progress=progress, cancel=cancel)


def find_header(grid: SheetGrid, kind: str, header_row: int | None = None) -> HeaderGuess:
    """The header row the user gave (1-based), or the detected one."""
    spec = kind_spec(kind)
    if header_row is not None:
        return header_at(spec, grid, header_row)
    return detect_header(spec, grid)


def _setting_key(kind: str, fp: str) -> str:
    return f"{SETTING_PREFIX}{kind}.{fp}"


def remembered_mapping(reg: Registry, kind: str, fp: str) -> dict[str, int] | None:
    """The ``{field: column}`` mapping confirmed for this layout before, if any."""
    saved = remembered_layout(reg, kind, fp)
    return saved[0] if saved else None


def remembered_layout(reg: Registry, kind: str, fp: str) -> tuple[dict[str, int], dict[str, str]] | None:
    """The ``{field: column}`` mapping and the ``{field: value}`` given to the whole ledger
    (``--set``) confirmed for this layout before, if any."""
    with reg.uow() as uow:
        text = uow.settings.get(_setting_key(kind, fp))
    if not text:
        return None
    try:
        data = json.loads(text)
        columns = {str(k): int(v) for k, v in data.get("columns", {}).items()}
        sets = {str(k): str(v) for k, v in data.get("set", {}).items()}
        return columns, sets
    except (ValueError, TypeError, AttributeError):
        log.warning("ignoring a malformed remembered ledger mapping %s", fp)
        return None


def _mapping_json(mapping: ColumnMapping) -> str:
    # values the user gave are remembered; an inferred one is inferred again (the institute may change)
    sets = {k: c.text for k, c in mapping.constants.items() if c.source in ("user", "remembered")}
    return json.dumps({"version": 1, "columns": mapping.as_columns(), "set": sets, "headers": {
        str(c): h for c, h in sorted(mapping.headers.items())}}, ensure_ascii=False, sort_keys=True)


def _store_mapping(uow: UnitOfWork, mapping: ColumnMapping) -> None:
    key = _setting_key(mapping.kind, mapping.fingerprint)
    value = _mapping_json(mapping)
    if uow.settings.get(key) != value:
        uow.settings.set(key, value)


def remember_mapping(reg: Registry, mapping: ColumnMapping, *, operator: str | None = None) -> None:
    """Remember the mapping for its layout now (an import remembers it by itself)."""
    with reg.uow(operator, "ledger", write=True) as uow:
        _store_mapping(uow, mapping)
        uow.commit()


def propose_mapping(
    reg: Registry | None,
    grid: SheetGrid,
    kind: str,
    guess: HeaderGuess,
    overrides: Iterable[tuple[str, str]] = (),
    sets: Iterable[tuple[str, str]] = (),
) -> ColumnMapping:
    """The mapping to show: detected, replaced by the one remembered for the layout, then
    ``overrides`` (``--map``) and ``sets`` (``--set``: one value for a field without a
    column); a required field still without either gets what the own institute implies."""
    spec = kind_spec(kind)
    mapping = _detected_mapping(spec, grid, guess)
    saved = remembered_layout(reg, kind, mapping.fingerprint) if reg is not None else None
    if saved:
        apply_columns(mapping, saved[0], spec, source="remembered")
    apply_overrides(mapping, overrides, spec)
    if saved:
        _apply_remembered_sets(spec, mapping, saved[1])
    constants.apply_sets(spec, mapping, sets)
    if reg is not None:
        constants.infer(spec, mapping, own_institute_kind(reg))
    return mapping


def _apply_remembered_sets(spec: KindSpec, mapping: ColumnMapping, sets: dict[str, str]) -> None:
    """The values remembered for the layout, for fields still without a column; one no longer
    valid (a choice renamed) is dropped rather than refusing the ledger."""
    for key, text in sets.items():
        if mapping.column_of(key) is not None:
            continue
        try:
            constants.apply_sets(spec, mapping, [(key, text)], source="remembered")
        except DomainError:
            log.warning("ignoring a remembered ledger value for %s", key)


def own_institute_kind(reg: Registry) -> str | None:
    """The own institute's kind (``legal`` ...), None when not set."""
    with reg.uow() as uow:
        own = uow.institutes.own()
        return str(own.kind) if own is not None and own.kind else None


# --------------------------------------------------------------------------------------
# Checking: validation + matching with the registry
# --------------------------------------------------------------------------------------


@dataclass
class LedgerCheck:
    """A validated ledger sheet: records, issues at their cells, and the planned changes."""

    file: str
    kind: str
    mapping: ColumnMapping
    grouping: Grouping
    results: list[RecordResult]
    planned: Counts | None = None

    @property
    def spec(self) -> KindSpec:
        return kind_spec(self.kind)

    @property
    def sheet(self) -> str:
        return self.mapping.sheet

    @property
    def rows(self) -> int:
        return len(self.results)

    @property
    def valid(self) -> int:
        return sum(1 for r in self.results if r.ok)

    @property
    def invalid(self) -> int:
        return self.rows - self.valid

    @property
    def errors(self) -> list[LedgerIssue]:
        return sorted((i for r in self.results for i in r.errors), key=lambda i: (i.row, i.column or 0))

    @property
    def warnings(self) -> list[LedgerIssue]:
        return sorted((i for r in self.results for i in r.warnings), key=lambda i: (i.row, i.column or 0))

    @property
    def missing_columns(self) -> list[str]:
        return self.mapping.missing_required(self.spec)

    def to_json(self, outcome: ImportOutcome | None = None) -> dict[str, Any]:
        """The ``import-excel --json`` document, its messages and labels as values the caller
        renders in the user's language (:func:`labregistry.i18n.render_all`)."""
        done = outcome or ImportOutcome()
        return {
            "kind": self.kind,
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.mapping.header_row,
            "header_rows": self.mapping.header_depth,
            "fingerprint": self.mapping.fingerprint,
            "mapping": self.mapping.letters(),
            "mapping_detail": self.mapping.detail(),
            "missing_columns": self.missing_columns,
            "unread_columns": self.mapping.unread_columns(),
            "set": constants.describe(self.spec, self.mapping),
            "rows": self.rows,
            "valid": self.valid,
            "invalid": self.invalid,
            "added": done.added,
            "updated": done.updated,
            "unchanged": done.unchanged,
            "written": done.written,
            "planned": self.planned.as_dict() if self.planned else None,
            "sheet_rows": self.grouping.data_rows,
            "skipped": {
                "blank": self.grouping.blank_rows,
                "notes": len(self.grouping.note_rows),
                "repeated_headers": len(self.grouping.header_rows),
            },
            "issues": [i.to_json() for i in self.errors],
            "warnings": [i.to_json() for i in self.warnings],
        }


def check_ledger(
    reg: Registry | None,
    grid: SheetGrid,
    mapping: ColumnMapping,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> LedgerCheck:
    """Group rows into records, validate each, and (with a registry) plan the import.

    Nothing is written. With ``reg`` the records are matched with the own institute's:
    ``planned`` holds what an import would add, update and leave unchanged, and records
    that cannot be matched unambiguously are marked invalid.
    """
    spec = kind_spec(mapping.kind)
    banners.settle(spec, mapping)  # a range over two columns is joined; no column silently left out
    grouping = group_rows(spec, banners.join_columns(grid, mapping), mapping)
    constants.fill(spec, grouping, mapping)
    stored = None
    if reg is not None and spec.name == "standards":
        stored = _stored_codes(reg, {fold_value(r.values.get("certificate_no")) for r in grouping.records})
    results = validate_records(spec, grouping, mapping, progress=progress, cancel=cancel, stored=stored)
    add_catalogue_warnings(spec, mapping, results, catalogues.current(reg) if reg is not None else catalogue.build())
    check = LedgerCheck(grid.file, spec.name, mapping, grouping, results)
    if reg is not None:
        with reg.uow() as uow:
            own_id = _own_id(uow)
            plan = Planner(spec, mapping, uow.session.connection(), own_id).plan(results)
        check.planned = plan.counts
    return check


def _stored_codes(reg: Registry, wanted: set[str]) -> dict[str, StoredStandard]:
    """The own standards' codes, range quantities and accuracy texts with their ranges (their
    own and their capability rows') by folded certificate number, for the numbers ``wanted``
    (the ledger's), as the import matches a row with them (``ledger.store.Planner``): a row
    updating one is checked as an edit of it (``ledger.checks.validate_records``). A number
    two standards share is left out: the import refuses that row as ambiguous, and the rules
    bind it as entered."""
    with reg.uow() as uow:
        rows = uow.session.execute(
            select(col(Standard.id), col(Standard.certificate_no), col(Standard.code), col(Standard.quantity),
                   col(Standard.range_text), col(Standard.accuracy_text))
            .join(Institute, col(Institute.id) == col(Standard.institute_id)).where(col(Institute.is_own).is_(True)))
        found: dict[str, tuple[Any, ...] | None] = {}
        for row in rows:
            key = fold_value(row[1])
            if key in wanted:
                found[key] = None if key in found else tuple(row)
        matched = {key: row for key, row in found.items() if row is not None}
        pairs: dict[int, set[tuple[str, str]]] = {}
        ids = [row[0] for row in matched.values()]
        for start in range(0, len(ids), 500):  # a ledger's standards: their rows only, not every row's
            for sid, range_text, accuracy_text in uow.session.execute(
                    select(col(Capability.standard_id), col(Capability.range_text), col(Capability.accuracy_text))
                    .where(col(Capability.standard_id).in_(ids[start:start + 500]))):
                pairs.setdefault(sid, set()).add((range_text, accuracy_text))
    return {key: StoredStandard(code, quantity, frozenset({(range_text, accuracy_text), *pairs.get(sid, ())}))
            for key, (sid, _number, code, quantity, range_text, accuracy_text) in matched.items()}


# --------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What an import changed; ``written`` is False when nothing was committed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    audit_entries: int = 0
    skipped_invalid: int = 0
    seconds: float = 0.0
    backup: Path | None = None  # the copy of the database taken before writing (SQLite)


def import_checked(
    reg: Registry,
    check: LedgerCheck,
    *,
    valid_only: bool = False,
    operator: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    remember: bool = True,
) -> ImportOutcome:
    """Write the checked records into the own institute, all or nothing; see the module notes.

    Raises DomainError (nothing written) when required columns are missing, when any
    record is invalid without ``valid_only``, when no record is valid, or when
    ``cancel()`` turns true between batches.
    """
    started = time.perf_counter()
    spec = check.spec
    if check.missing_columns and not valid_only:
        raise missing_columns_error(spec, check.mapping, own_institute_kind(reg))
    if check.invalid and not valid_only:
        raise DomainError("ledger.invalid", invalid=check.invalid, rows=check.rows, file=check.file)
    source = f"ledger:{check.file}"[:200]
    backup = None
    if check.planned is None or check.planned.added or check.planned.updated:
        backup = backups.backup_database(reg.home, "ledger-import")
    with reg.uow(operator, source, write=True) as uow:
        own_id = _own_id(uow)
        conn = uow.session.connection()
        planner = Planner(spec, check.mapping, conn, own_id)
        plan = planner.plan(check.results)
        if check.invalid and not valid_only:  # the registry changed since the check
            raise DomainError("ledger.invalid", invalid=check.invalid, rows=check.rows, file=check.file)
        if not plan.creates and not plan.updates and not plan.unchanged:
            raise DomainError("ledger.nothing_valid")
        total = len(plan.creates) + len(plan.updates)
        done = 0
        audits = 0
        if progress is not None:
            progress(0, total)

        def batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
            """``items`` a batch at a time: ``cancel`` asked before each, ``progress`` told after it."""
            nonlocal done
            for batch in _batches(items):
                _check_cancel(cancel)
                yield batch
                done += len(batch)
                if progress is not None:
                    progress(done, total)

        with writes.inserting(conn):  # inserts only: the search index is updated once, at the end
            for batch in batches(plan.creates):
                audits += uow.audit_many(planner.insert(batch))
        for batch in batches(plan.updates):
            audits += uow.audit_many(planner.update(batch))
        _check_cancel(cancel)
        if remember:
            _store_mapping(uow, check.mapping)
        uow.commit()
    check.planned = plan.counts
    return ImportOutcome(
        added=len(plan.creates),
        updated=len(plan.updates),
        unchanged=len(plan.unchanged),
        written=True,
        audit_entries=audits,
        skipped_invalid=check.invalid,
        seconds=round(time.perf_counter() - started, 3),
        backup=backup,
    )


def _check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise DomainError("ledger.cancelled")


def _batches(items: Sequence[Any], size: int | None = None) -> Iterable[Sequence[Any]]:
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _own_id(uow: UnitOfWork) -> int:
    own = uow.institutes.own()
    if own is None or own.id is None:
        raise DomainError("record.no_own_institute")
    return int(own.id)


def missing_columns_error(spec: KindSpec, mapping: ColumnMapping, institute_kind: str | None) -> DomainError:
    """The refusal for required fields without a column: ``--map FIELD=COLUMN`` fixes it, or
    ``--set FIELD=VALUE`` for a field the whole ledger may share (:func:`_set_example`)."""
    missing = mapping.missing_required(spec)
    zh = "、".join(f"{spec.field(f).zh}（{f}）" for f in missing)
    en = ", ".join(f"{spec.field(f).en} ({f})" for f in missing)
    example = _set_example(spec, mapping, missing, institute_kind)
    if example is None:
        return DomainError("ledger.missing_columns_map", columns=zh, columns_en=en, example=missing[0])
    key, value, value_en = example
    return DomainError("ledger.missing_columns", columns=zh, columns_en=en, example=missing[0], set_example=key,
                       value=value, value_en=value_en)


def _set_example(spec: KindSpec, mapping: ColumnMapping, missing: list[str],
                 institute_kind: str | None) -> tuple[str, str, str] | None:
    """The ``--set`` example (field, value in Chinese, value in English) that works when run.

    Never a field that tells the records apart (``--set`` refuses it); None when only such
    fields are missing. A choice first, with the answer the wizard preselects
    (:func:`constants.likely`: the grade the form's headers name, else the own institute's
    kind's; it said 社会公用 whatever they were), which ``--set`` takes as its label or its
    key; else the first field, with "…" for a value only the user knows."""
    settable = [key for key in missing if not spec.identifies(key)]
    for key in settable:
        choices = spec.field(key).choices
        likely = constants.likely(spec, key, institute_kind, mapping)
        if choices is not None and likely is not None:
            return key, choices.label(likely).zh, likely
    return (settable[0], "…", "...") if settable else None


# --------------------------------------------------------------------------------------
# The whole import in one call (import-excel), the report, the template
# --------------------------------------------------------------------------------------


@dataclass
class LedgerRun:
    """What :func:`run_import` did: the check (issues, counts) and the outcome."""

    check: LedgerCheck
    outcome: ImportOutcome
    report: Path | None = None


def run_import(
    reg: Registry,
    path: str | Path,
    kind: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    overrides: Iterable[tuple[str, str]] = (),
    sets: Iterable[tuple[str, str]] = (),
    valid_only: bool = False,
    dry_run: bool = False,
    report: str | Path | None = None,
    report_language: i18n.DocLanguage | None = None,
    operator: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> LedgerRun:
    """Open, check, optionally write the report (in ``report_language``, default the
    environment's), and import (unless ``dry_run`` or invalid).

    Returns the run even when the import is refused for invalid records (``outcome.written``
    is False), so that the caller can show the issues; fatal problems (unreadable file,
    formula, no header, bad mapping) raise DomainError.
    """
    kind_spec(kind)  # KeyError for a wrong kind is a programming error
    if report is not None:
        _check_report_path(Path(path), Path(report), reg.home)
    with reg.uow() as uow:
        _own_id(uow)  # refuse early: run init first
    with open_ledger(path) as book:
        name = sheet or best_sheet(book, kind)
        grid = read_sheet(book, name, cancel=cancel)
        guess = find_header(grid, kind, header_row)
        mapping = propose_mapping(reg, grid, kind, guess, overrides, sets)
        if not grid.row_numbers(mapping.data_start):
            raise DomainError("ledger.empty", sheet=grid.sheet, row=mapping.header_row)
        check = check_ledger(reg, grid, mapping, cancel=cancel)
        language = report_language or i18n.doc_language(None)
        report_path = write_report(book, check, report, language, home=reg.home) if report is not None else None
    outcome = ImportOutcome(skipped_invalid=check.invalid)
    blocked = bool(check.missing_columns or check.invalid) and not valid_only
    if not dry_run and not blocked and check.valid:
        outcome = import_checked(reg, check, valid_only=valid_only, operator=operator, progress=progress,
                                 cancel=cancel)
    return LedgerRun(check, outcome, report_path)


def _check_report_path(ledger: Path, out: Path, home: Home | None) -> None:
    """An ``.xlsx`` that is neither the ledger itself nor registry data (see :mod:`labregistry.outputs`)."""
    check_xlsx_target(home or resolve_home(), out, reading=[ledger])


def write_report(book: LedgerWorkbook, check: LedgerCheck, out: str | Path, language: i18n.DocLanguage, *,
                 home: Home | None = None) -> Path:
    """A copy of the ledger with each invalid cell filled and commented, in ``language``.

    Its memory is bounded by the imported sheet: other sheets beyond a budget are left
    empty (see :mod:`labregistry.ledger.report`). ``home``: the registry whose files the
    report must not overwrite (default: the home of the environment).
    """
    from labregistry.ledger.report import write_annotated

    out_path = Path(out)
    _check_report_path(book.path, out_path, home)
    return write_annotated(book.data, book.file, check.sheet, check.errors, check.warnings, out_path, language,
                           sheet_parts=book.sheet_parts, settings=constants.describe(check.spec, check.mapping))


def write_template(out: str | Path, kind: str, *, home: Home | None = None) -> Path:
    """A blank ledger of ``kind`` with headers, drop-downs and a sheet of instructions;
    never over the files of ``home`` (default: the home of the environment)."""
    from labregistry.ledger.template import write_template as _write

    out_path = Path(out)
    check_xlsx_target(home or resolve_home(), out_path)
    return _write(out_path, kind_spec(kind))


