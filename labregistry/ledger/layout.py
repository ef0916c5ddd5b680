"""Finding the header of a ledger and proposing which column holds which field.

Ledgers start with title rows, merged banners and blank rows; the header is the row,
among the first :data:`SCAN_ROWS`, whose cells match the most header spellings of the
kind (:mod:`.fields`). A two-level header (a merged "主标准器" over "名称 / 型号 /
出厂编号") is read as one: each lower cell is matched with its upper cell's text in
front ("主标准器名称") and on its own.

The proposal is a :class:`ColumnMapping`: field -> column with the header text and a
confidence (1.0 for an exact spelling, less for a header that merely contains one),
editable by the user (:meth:`ColumnMapping.set`). :attr:`ColumnMapping.fingerprint`
identifies the layout (the folded header texts and their columns), so that the mapping a
user confirmed can be remembered and proposed again for the next ledger of that layout.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from labregistry.errors import DomainError
from labregistry.ledger.fields import (
    IGNORED_HEADERS, IMPLIED_BY, NOT_READ_HEADERS, KindSpec, fold_header, header_keys,
)
from labregistry.ledger.reader import SheetGrid
from labregistry.xlsx.refs import column_letter

SCAN_ROWS = 30
MIN_SCORE = 2.0
"""A header row must match at least two fields."""
MATCH_FLOOR = 0.5


@dataclass(frozen=True)
class ColumnChoice:
    """The column chosen for one field."""

    column: int  # 1-based
    header: str
    confidence: float
    source: str  # "detected" | "remembered" | "user"

    @property
    def letter(self) -> str:
        return column_letter(self.column)


@dataclass(frozen=True)
class Banner:
    """A header cell merged across columns above a second header row ("测量范围" over "下限 | 上限")."""

    row: int
    first: int
    last: int
    text: str

    @property
    def cell(self) -> str:
        return f"{column_letter(self.first)}{self.row}"


@dataclass(frozen=True)
class Join:
    """A field read from two columns under one banner: its column (the lower bound) and
    ``upper``, with the ``unit`` the header gives (see :mod:`.banners`)."""

    upper: int
    unit: str | None = None


@dataclass(frozen=True)
class Constant:
    """One value for a field the ledger has no column for, given to every record (``--set``).

    ``value`` is what the record's input takes (a choice's key, the text otherwise);
    ``source`` says who chose it: ``user`` (``--set``, the wizard), ``remembered`` (the
    layout's last import), ``inferred`` (what the own institute implies, ``reason`` the
    message code of the note the report shows).
    """

    value: Any
    text: str
    source: str
    reason: str | None = None


@dataclass
class HeaderGuess:
    """A header: its first row, how many rows it takes, and each column's header text."""

    row: int
    depth: int
    score: float
    headers: dict[int, str]
    keys: dict[int, list[str]]
    candidates: list[tuple[int, float]] = field(default_factory=list)  # (row, score) of the rows scanned
    banners: list[Banner] = field(default_factory=list)


@dataclass
class ColumnMapping:
    """Which column holds which field: what the wizard shows and the user corrects."""

    kind: str
    sheet: str
    header_row: int
    header_depth: int
    headers: dict[int, str]
    fields: dict[str, ColumnChoice]
    fingerprint: str
    suggestions: dict[int, list[tuple[str, float]]] = field(default_factory=dict)
    banners: list[Banner] = field(default_factory=list)
    joins: dict[str, Join] = field(default_factory=dict)
    """Fields read from two columns (a range's lower and upper bound): see :mod:`.banners`."""
    units: dict[str, str] = field(default_factory=dict)
    """A range column's unit given in its header ("测量范围（MPa）"), for cells with bare numbers."""
    constants: dict[str, Constant] = field(default_factory=dict)
    """One value for the whole ledger, for fields without a column: see :mod:`.constants`."""

    @property
    def data_start(self) -> int:
        """The first row below the header."""
        return self.header_row + self.header_depth

    def column_of(self, field_key: str) -> int | None:
        choice = self.fields.get(field_key)
        return choice.column if choice else None

    def header_of(self, column: int | None) -> str | None:
        return self.headers.get(column) if column is not None else None

    def set(self, field_key: str, column: int, source: str = "user") -> None:
        """Map ``field_key`` to ``column``; a field already there is unmapped."""
        for other, choice in list(self.fields.items()):
            if choice.column == column and other != field_key:
                del self.fields[other]
        self.fields[field_key] = ColumnChoice(column, self.headers.get(column, ""), 1.0, source)
        self.constants.pop(field_key, None)
        self.joins = {f: j for f, j in self.joins.items() if f != field_key and j.upper != column}

    def unset(self, field_key: str) -> None:
        self.fields.pop(field_key, None)
        self.joins.pop(field_key, None)

    def letters(self) -> dict[str, str]:
        return {k: c.letter for k, c in self._ordered()}

    def missing_required(self, spec: KindSpec) -> list[str]:
        """Required fields with neither a column nor one value for the ledger: the record's own,
        and those every item of a list the ledger has needs (a credential's kind)."""
        lists = {k.split(".", 1)[0] for k in self.fields if "." in k}
        wanted = [f for f in spec.fields if f.required or (f.item_required and f.list_name in lists)]
        return [f.key for f in wanted if not self._covered(f.key)]

    def _covered(self, key: str) -> bool:
        stand_in = IMPLIED_BY.get(key)
        return key in self.fields or key in self.constants or (stand_in is not None and stand_in in self.fields)

    def unmapped_columns(self) -> list[int]:
        used = {c.column for c in self.fields.values()} | {j.upper for j in self.joins.values()}
        return [c for c in sorted(self.headers) if c not in used]

    def unread_columns(self) -> list[dict[str, str]]:
        """The columns no field reads, each ``{"column": letter, "header": header}``: what the
        import leaves out (a JJF 1033 申请书's 检定周期或复校间隔 ...), told to the user rather
        than dropped in silence (``import-excel`` and its ``--json``, the wizard's check page).
        A row number (序号, No.: :data:`IGNORED_HEADERS`) holds nothing to lose and is left out."""
        return [{"column": column_letter(c), "header": self.headers[c]} for c in self.unmapped_columns()
                if not set(header_keys(self.headers[c])) & IGNORED_HEADERS]

    def as_columns(self) -> dict[str, int]:
        return {k: c.column for k, c in self._ordered()}

    def detail(self) -> dict[str, dict[str, Any]]:
        return {
            k: {"column": c.letter, "index": c.column, "header": c.header, "confidence": round(c.confidence, 2),
                "source": c.source}
            for k, c in self._ordered()
        }

    def _ordered(self) -> list[tuple[str, ColumnChoice]]:
        return sorted(self.fields.items(), key=lambda kv: kv[1].column)


_COLUMN_RE = re.compile(r"^[A-Za-z]{1,3}$")


def parse_column(text: object) -> int:
    """``"C"`` -> 3, ``"3"`` -> 3, ``"AA"`` -> 27; DomainError otherwise."""
    from openpyxl.utils import column_index_from_string

    s = str(text).strip()
    if s.isdecimal() and 1 <= int(s) <= 16384:  # "²".isdigit() is true, int("²") raises
        return int(s)
    if _COLUMN_RE.match(s):
        try:
            return int(column_index_from_string(s.upper()))
        except ValueError:
            pass
    raise DomainError("ledger.bad_column", column=s)


# --------------------------------------------------------------------------------------
# Matching header texts to fields
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    exact: dict[str, tuple[str, ...]]
    contained: tuple[tuple[str, tuple[str, ...]], ...]  # longest spelling first


_INDEXES: dict[str, _Index] = {}


def _index(spec: KindSpec) -> _Index:
    cached = _INDEXES.get(spec.name)
    if cached is None:
        cached = _INDEXES[spec.name] = _build_index(spec)
    return cached


def _build_index(spec: KindSpec) -> _Index:
    exact: dict[str, list[str]] = {}
    for f in spec.fields:
        for spelling in f.all_spellings():
            key = fold_header(spelling)
            if key and f.key not in exact.setdefault(key, []):
                exact[key].append(f.key)
    contained = tuple(sorted(((k, tuple(v)) for k, v in exact.items() if len(k) >= 2), key=lambda kv: -len(kv[0])))
    return _Index({k: tuple(v) for k, v in exact.items()}, contained)


def match_header(spec: KindSpec, keys: list[str]) -> list[tuple[str, float]]:
    """Fields a header may mean, best first: exact spellings score 1, contained ones less.

    ``keys`` are folded spellings in order of preference (e.g. "主标准器名称", "名称"); a
    match on a later key scores a little less.
    """
    index = _index(spec)
    best: dict[str, float] = {}
    for pos, key in enumerate(keys):
        penalty = 0.05 * pos
        for f in index.exact.get(key, ()):
            best[f] = max(best.get(f, 0.0), 1.0 - penalty)
        for spelling, fields in index.contained:
            if spelling != key and spelling in key:
                score = 0.5 + 0.3 * len(spelling) / len(key) - penalty
                for f in fields:
                    best[f] = max(best.get(f, 0.0), round(score, 3))
    return sorted(((f, s) for f, s in best.items() if s >= MATCH_FLOOR), key=lambda fs: -fs[1])


def _assign(spec: KindSpec, keys: Mapping[int, list[str]]) -> tuple[dict[str, tuple[int, float]], float,
                                                                     dict[int, list[tuple[str, float]]]]:
    """Greedy best-first assignment of fields to columns; returns it, its score and all suggestions."""
    suggestions = {col: [] if NOT_READ_HEADERS.intersection(k) else match_header(spec, k) for col, k in keys.items()}
    pairs = sorted(
        ((score, col, f) for col, matches in suggestions.items() for f, score in matches),
        key=lambda t: (-t[0], t[1]),
    )
    chosen: dict[str, tuple[int, float]] = {}
    used: set[int] = set()
    for score, col, f in pairs:
        if f in chosen or col in used:
            continue
        chosen[f] = (col, score)
        used.add(col)
    known = IGNORED_HEADERS | NOT_READ_HEADERS
    ignored = sum(0.5 for col, k in keys.items() if col not in used and any(x in known for x in k))
    return chosen, len(chosen) + ignored + sum(s for _c, s in chosen.values()) / 1000.0, suggestions


def _text(value: Any) -> str | None:
    """A header cell's text, lines kept (a template header has Chinese over English)."""
    if isinstance(value, str):
        lines = [" ".join(line.split()) for line in value.strip().splitlines()]
        text = "\n".join(line for line in lines if line)
        return text or None
    return None


def _single(grid: SheetGrid, row: int) -> tuple[dict[int, str], dict[int, list[str]]]:
    headers: dict[int, str] = {}
    keys: dict[int, list[str]] = {}
    for col in range(1, grid.max_col + 1):
        origin = grid.origin(row, col)
        if origin is not None and origin[0] == row:
            continue  # the rest of a horizontal merge: the header is in its first column
        text = _text(grid.effective(row, col))
        if text is None:
            continue
        headers[col] = text
        keys[col] = header_keys(text)
    return headers, keys


def _double(grid: SheetGrid, upper: int) -> tuple[dict[int, str], dict[int, list[str]], list[Banner]] | None:
    """Header texts of a two-row header starting at ``upper``, or None when it is not one."""
    lower = upper + 1
    spans = grid.horizontal_merges(upper)
    if not spans or not any(_text(grid.value(lower, c)) for c0, c1 in spans for c in range(c0, c1 + 1)):
        return None
    banners = [Banner(upper, c0, c1, text) for c0, c1 in spans if (text := _text(grid.value(upper, c0)))]
    headers: dict[int, str] = {}
    keys: dict[int, list[str]] = {}
    for col in range(1, grid.max_col + 1):
        top = _text(grid.effective(upper, col))
        origin = grid.origin(lower, col)
        below = None if origin is not None else _text(grid.value(lower, col))
        if below and top and top != below:
            headers[col] = f"{top} / {below}"
            keys[col] = [fold_header(top + below), *header_keys(below), *header_keys(top)]
        elif below or top:
            text = below or top or ""
            upper_origin = grid.origin(upper, col)
            if not below and upper_origin is not None and upper_origin[0] == upper:
                continue  # under a banner with nothing below: not a column of its own
            headers[col] = text
            keys[col] = header_keys(text)
    return headers, keys, banners


def _guess(spec: KindSpec, grid: SheetGrid, row: int) -> HeaderGuess:
    """The best reading of ``row`` as a header: alone, or as the upper or lower row of two."""
    headers, keys = _single(grid, row)
    _chosen, score, _s = _assign(spec, keys)
    best = HeaderGuess(row, 1, score, headers, keys)
    for upper in (row, row - 1):
        if upper < 1:
            continue
        double = _double(grid, upper)
        if double is None:
            continue
        _c, s2, _s2 = _assign(spec, double[1])
        if s2 > best.score:
            best = HeaderGuess(upper, 2, s2, double[0], double[1], banners=double[2])
    return best


def detect_header(spec: KindSpec, grid: SheetGrid, *, scan_rows: int = SCAN_ROWS) -> HeaderGuess:
    """The header among the first ``scan_rows`` rows; DomainError ``ledger.no_header`` if none."""
    candidates: list[tuple[int, float]] = []
    best: HeaderGuess | None = None
    for row in grid.row_numbers():
        if row > scan_rows:
            break
        headers, keys = _single(grid, row)
        if not keys:
            continue
        _c, score, _s = _assign(spec, keys)
        candidates.append((row, round(score, 3)))
        if best is None or score > best.score:
            best = HeaderGuess(row, 1, score, headers, keys)
    if best is None or best.score < MIN_SCORE:
        raise _no_header(spec, grid, scan_rows)
    guess = _guess(spec, grid, best.row)
    guess.candidates = candidates
    return guess


def header_at(spec: KindSpec, grid: SheetGrid, row: int) -> HeaderGuess:
    """The header the user named: row ``row`` (with the row below when it is a two-row header)."""
    if row < 1 or (grid.max_row and row > grid.max_row):
        raise DomainError("ledger.bad_header_row", row=row, sheet=grid.sheet, max_row=grid.max_row)
    headers, keys = _single(grid, row)
    _c, score, _s = _assign(spec, keys)
    guess = HeaderGuess(row, 1, score, headers, keys)
    double = _double(grid, row)
    if double is not None:
        _c2, s2, _s2 = _assign(spec, double[1])
        if s2 > score:
            guess = HeaderGuess(row, 2, s2, double[0], double[1], banners=double[2])
    return guess


def _no_header(spec: KindSpec, grid: SheetGrid, rows: int) -> DomainError:
    examples = "、".join(f"“{f.zh}”" for f in spec.required[:3])
    return DomainError(
        "ledger.no_header", sheet=grid.sheet, rows=rows, kind=spec.label.render("zh"), kind_en=spec.label.render("en"),
        examples=examples,
    )


def fingerprint(spec: KindSpec, headers: Mapping[int, str]) -> str:
    """A short digest of the layout: the kind and the folded header text of each column."""
    text = spec.name + "\n" + "\n".join(f"{col}:{fold_header(headers[col])}" for col in sorted(headers))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def propose_mapping(spec: KindSpec, grid: SheetGrid, guess: HeaderGuess) -> ColumnMapping:
    """The detected mapping for the header ``guess``."""
    chosen, _score, suggestions = _assign(spec, guess.keys)
    fields = {
        f: ColumnChoice(col, guess.headers.get(col, ""), score, "detected") for f, (col, score) in chosen.items()
    }
    return ColumnMapping(
        kind=spec.name,
        sheet=grid.sheet,
        header_row=guess.row,
        header_depth=guess.depth,
        headers=dict(guess.headers),
        fields=fields,
        fingerprint=fingerprint(spec, guess.headers),
        suggestions=suggestions,
        banners=list(guess.banners),
    )


def apply_columns(mapping: ColumnMapping, columns: Mapping[str, int], spec: KindSpec, source: str) -> None:
    """Apply a saved ``{field: column}`` mapping (unknown fields are ignored)."""
    for f in list(mapping.fields):
        if f not in columns:
            mapping.unset(f)
    for f, col in columns.items():
        if spec.has(f) and isinstance(col, int) and col >= 1:
            mapping.set(f, col, source=source)


def unknown_field(spec: KindSpec, name: str) -> DomainError:
    """The refusal of a field name that is none of the kind's (``--map``, ``--set``)."""
    return DomainError(
        "ledger.unknown_field", field=name, kind=spec.label.render("zh"), kind_en=spec.label.render("en"),
        fields=", ".join(x.key for x in spec.fields),
    )


def apply_overrides(mapping: ColumnMapping, overrides: Iterable[tuple[str, str]], spec: KindSpec) -> None:
    """Apply the user's ``field=COLUMN`` corrections; ``COLUMN`` ``-`` leaves the field out."""
    given: dict[int, str] = {}
    for name, column in overrides:
        f = spec.resolve_field(name)
        if f is None:
            raise unknown_field(spec, name)
        if str(column).strip() in ("-", "", "none", "无"):
            mapping.unset(f)
            continue
        col = parse_column(column)
        if col in given and given[col] != f:
            raise DomainError("ledger.column_twice", column=column_letter(col), first=given[col], second=f)
        given[col] = f
        mapping.set(f, col, source="user")
