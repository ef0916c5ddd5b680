"""Validating ledger records with the domain rules and placing every issue at its cell.

The domain rules (:mod:`labregistry.domain.validation`) report issues by field:
``"range_text"``, ``"instruments[2].calibration_due"``. Here each one is placed back in
the ledger: the sheet, the row the value came from (an instrument's own continuation
row) and the column the field is mapped to. A field without a column (a required
column missing from the layout) is placed on the record's first row, with no column.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain import validation
from labregistry.domain.catalogue import Catalogue, authorisation_issues, standard_issues
from labregistry.domain.codes import StoredCode
from labregistry.errors import DomainError, Issue, Place, field_label
from labregistry.ledger import tables
from labregistry.ledger.capability_cells import split_cell
from labregistry.ledger.fields import CAPABILITY_CELLS, KindSpec, build_input, discipline_issues
from labregistry.ledger.grouping import Grouping, LedgerRecord, fold_value
from labregistry.ledger.layout import ColumnMapping
from labregistry.xlsx.refs import column_letter
from labregistry.ledger.reader import Cancel, Progress

VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "standards": validation.validate_standard,
    "authorisations": validation.validate_authorisation,
    "staff": validation.validate_staff,
}

_ITEM_FIELD = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\]\.(?P<attr>\w+)$")
#: domain fields that name a whole list: shown at the list's first column
_LIST_FIELDS = {"instruments": "instruments.name", "services": "services.name", "items": "items.name",
                "credentials": "credentials.kind"}
#: a capability row's fields read from the standard's own columns (ledger.capability_cells)
_SHARED_COLUMNS = {f"capabilities.{k}": k for k in CAPABILITY_CELLS}


@dataclass(frozen=True)
class LedgerIssue:
    """An issue placed in the ledger: sheet, row, column, and what the user sees there."""

    issue: Issue
    sheet: str
    row: int
    column: int | None
    field: str  # the domain field, e.g. "instruments[0].calibration_due"
    ledger_field: str | None  # the ledger field, e.g. "instruments.calibration_due"
    header: str | None  # the column's header text in the ledger
    labels: tuple[str, str] | None  # (zh, en) label of the ledger field
    record: int
    #: the cell's whole text and the item of it refused, by number and as written, when the cell
    #: lists several (a capability's range, accuracy or parameter): "DCV (0~10)V; ACV (0,100) mV"
    #: refused for its item 2 names the cell as it is, not 'ACV (0,100) mV' as if the cell held that
    part: tuple[Any, int, str] | None = None

    @property
    def code(self) -> str:
        return self.issue.code

    @property
    def value(self) -> Any:
        return self.issue.value if self.part is None else self.part[0]

    @property
    def warning(self) -> bool:
        return self.issue.warning

    @property
    def column_letter(self) -> str | None:
        return column_letter(self.column) if self.column else None

    @property
    def cell(self) -> str:
        """``"C12"``, or ``"12:12"`` (the whole row) when the field has no column."""
        letter = self.column_letter
        return f"{letter}{self.row}" if letter else f"{self.row}:{self.row}"

    def label(self, lang: str | None = None) -> str:
        """What the user calls the value: the ledger's header, else the field's label."""
        if self.header:
            return self.header.replace("\n", " ")
        if self.labels:
            return self.labels[1] if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else self.labels[0]
        return field_label(self.field, lang)

    def message(self, lang: str | None = None) -> str:
        return self.reason.render(lang)

    @property
    def reason(self) -> i18n.Renderable:
        """The rule broken, for the edges to render; in a cell of several items, which item."""
        if self.part is None:
            return self.issue.reason
        _whole, n, part = self.part
        return i18n.Message.of("ledger.cell_part", n=n, part=part, reason=self.issue.reason)

    def render(self, lang: str | None = None) -> str:
        """``计量标准!G12: 测量范围 = '(60~0)MPa': 下限应小于上限``, for the edges."""
        head = f"{self.sheet}!{self.cell}: {self.label(lang)}"
        if self.value is not None and self.value != "":
            head += f" = {json_value(self.value)!r}"
        return f"{head}: {self.message(lang)}"

    def to_json(self) -> dict[str, Any]:
        """The issue as ``import-excel --json`` gives it; the ``message`` rendered by the caller
        (:func:`labregistry.i18n.render_all`)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_letter,
            "field": self.field,
            "code": self.code,
            "value": json_value(self.value),
            "message": self.reason,
            "header": self.header,
            "ledger_field": self.ledger_field,
            "warning": self.warning,
        }


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


@dataclass
class RecordResult:
    """One ledger record after validation: the validated value, or its errors."""

    record: LedgerRecord
    validated: Any | None
    errors: list[LedgerIssue] = field(default_factory=list)
    warnings: list[LedgerIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.validated is not None and not self.errors

    def reject(self, issue: LedgerIssue) -> None:
        """Mark the record invalid (a problem found when matching with stored records)."""
        self.errors.append(issue)


class Locator:
    """Places issues of one sheet's records at their cells."""

    def __init__(self, spec: KindSpec, mapping: ColumnMapping, sheet: str) -> None:
        self.spec = spec
        self.mapping = mapping
        self.sheet = sheet

    def _labels(self, key: str | None) -> tuple[str, str] | None:
        if key and self.spec.has(key):
            f = self.spec.field(key)
            return (f.zh, f.en)
        return None

    def place(self, rec: LedgerRecord, issue: Issue) -> LedgerIssue:
        """Where a domain issue of ``rec`` applies."""
        m = _ITEM_FIELD.match(issue.field)
        row = rec.first_row
        key: str | None
        if m:
            key = f"{m['list']}.{m['attr']}"
            children = rec.children.get(m["list"], [])
            index = int(m["index"])
            if index < len(children):
                row = children[index].row
        elif issue.field in _LIST_FIELDS:
            key = _LIST_FIELDS[issue.field]
        else:
            key = issue.field
            row = rec.value_rows.get(key, rec.first_row)
        return self._at(rec, issue, row, key, issue.field)

    def place_problem(self, rec: LedgerRecord, row: int, key: str, issue: Issue) -> LedgerIssue:
        """Where a problem found while reading rows applies (it names its row and ledger field)."""
        domain_field = key
        if "." in key:
            list_name, attr = key.split(".", 1)
            for i, child in enumerate(rec.children.get(list_name, [])):
                if child.row == row:
                    domain_field = f"{list_name}[{i}].{attr}"
                    break
        return self._at(rec, issue, row, key, domain_field)

    def _at(self, rec: LedgerRecord, issue: Issue, row: int, key: str | None, domain_field: str) -> LedgerIssue:
        column = self.mapping.column_of(key) if key else None
        if column is None and key in _SHARED_COLUMNS:
            column = self.mapping.column_of(_SHARED_COLUMNS[key])
        part = _part(rec, row, key, issue.value)
        if key and not self.spec.has(key):
            key = None
        header = self.mapping.header_of(column)
        placed = issue.at(Place(None, self.sheet, row, column_letter(column) if column else None))
        return LedgerIssue(placed, self.sheet, row, column, domain_field, key, header, self._labels(key), rec.index, part)


def _part(rec: LedgerRecord, row: int, key: str | None, value: Any) -> tuple[Any, int, str] | None:
    """(the cell's whole text, the item's number, the item as written) when ``value`` is one item
    of a capability cell listing several; None when it is the cell as written."""
    cell_key = _SHARED_COLUMNS.get(key or "", key)
    whole = rec.cells.get((row, cell_key or ""))
    if whole is None or value is None or str(value).strip() == str(whole).strip():
        return None
    items = split_cell(whole)
    n = _item_of(items, str(value).strip())
    return None if n is None or len(items) < 2 else (whole, n, items[n - 1])


def _item_of(items: list[str], value: str) -> int | None:
    """The number (from 1) of the item that is ``value``: the item written so first, then the one
    ending in it (after its parameter's name), then any holding it ('(0~10)' is inside an earlier
    '(0~10)V' too: never blamed for a later item's fault)."""
    for matches in (str.__eq__, str.endswith, str.__contains__):
        n = next((i for i, item in enumerate(items, start=1) if matches(item.strip(), value)), None)
        if n is not None:
            return n
    return None


def _without_cells(
    rec: LedgerRecord, cells: set[tuple[int, str]]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The record's values and list items, with the cells at ``(row, field)`` left empty.

    A text too long for its column is reported by itself; the domain rules never parse it.
    """
    values = {k: None if (rec.value_rows.get(k, rec.first_row), k) in cells else v for k, v in rec.values.items()}
    children = {
        name: [{a: None if (c.row, f"{name}.{a}") in cells else v for a, v in c.values.items()} for c in items]
        for name, items in rec.children.items()
    }
    return values, children


def _validate(spec: KindSpec, validate: Callable[[Any], Any], inp: Any) -> tuple[Any, list[Issue]]:
    """The validated record (None when invalid) and its issues, with the texts too long to store."""
    try:
        validated = validate(inp)
    except DomainError as err:
        return None, list(err.issues) or [Issue(err.code, spec.key_field, None, dict(err.params))]
    return validated, [*validated.warnings, *tables.stored_issues(spec, validated)]


def _once(placed: list[LedgerIssue]) -> list[LedgerIssue]:
    """Each issue once per cell: a standard's own range cell is also its first capability row's."""
    seen: set[tuple[int, int | None, str, str]] = set()
    out = []
    for p in placed:
        where = (p.row, p.column, p.code, p.message("en"))
        if where not in seen:
            seen.add(where)
            out.append(p)
    return out


def validate_records(
    spec: KindSpec,
    grouping: Grouping,
    mapping: ColumnMapping,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    stored: Mapping[str, StoredCode] | None = None,
) -> list[RecordResult]:
    """Validate every record; issues placed at their cells. Pure: no database.

    ``stored``: the own standards' codes and range quantities (and, as a
    ``validation.StoredStandard``, their accuracy texts) by folded certificate number (the key
    the import matches them by); a row updating one of them is checked as an edit
    (``validation.validate_standard``'s ``stored``), so that a standard saved before the
    discipline rule or the class rules can still be suspended or corrected from the ledger."""
    validate = VALIDATORS[spec.name]
    locator = Locator(spec, mapping, mapping.sheet)
    results: list[RecordResult] = []
    total = len(grouping.records)
    for n, rec in enumerate(grouping.records, start=1):
        too_long = tables.cell_problems(spec, rec.values, rec.children, rec.first_row, rec.value_rows)
        values, children = _without_cells(rec, {(row, key) for row, key, _issue in too_long})
        validated: Any = None
        issues: list[Issue] = []
        if not rec.orphan:
            was = stored.get(fold_value(values.get("certificate_no"))) if stored else None
            check: Callable[[Any], Any] = validate
            if was is not None:
                check = functools.partial(validation.validate_standard, stored=was)
            validated, issues = _validate(spec, check, build_input(spec, values, children))
        if spec.name == "standards" and "discipline" in rec.values:
            code = validated.code.code if validated is not None else None
            issues.extend(discipline_issues(rec.values.get("discipline"), code))
        problems = _once([locator.place_problem(rec, row, key, issue) for row, key, issue in [*rec.problems, *too_long]])
        taken = {(p.row, p.column) for p in problems if p.column is not None}
        placed = _once([locator.place(rec, i) for i in issues])
        placed = [p for p in placed if p.column is None or (p.row, p.column) not in taken]
        errors = [p for p in problems + placed if not p.warning]
        warnings = [p for p in problems + placed if p.warning]
        errors.sort(key=lambda p: (p.row, p.column or 0))
        warnings.sort(key=lambda p: (p.row, p.column or 0))
        results.append(RecordResult(rec, validated if not errors else None, errors, warnings))
        if n % 500 == 0 or n == total:
            if cancel is not None and cancel():
                raise DomainError("ledger.cancelled")
            if progress is not None:
                progress(n, total)
    return results


def add_catalogue_warnings(spec: KindSpec, mapping: ColumnMapping, results: list[RecordResult],
                           catalogue: Catalogue) -> None:
    """Warnings (never refusals) for valid records the catalogue questions: a standard's code it
    does not list, a service or authorised item citing a withdrawn or superseded edition."""
    judges: dict[str, Callable[[Catalogue, Any], list[Issue]]] = {
        "standards": standard_issues, "authorisations": authorisation_issues}
    judge = judges.get(spec.name)
    if judge is None:
        return
    locator = Locator(spec, mapping, mapping.sheet)
    for result in results:
        if result.validated is None:
            continue
        found = [locator.place(result.record, i) for i in judge(catalogue, result.validated)]
        if found:
            result.warnings = sorted([*result.warnings, *found], key=lambda p: (p.row, p.column or 0))
