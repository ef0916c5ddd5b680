"""A lazy table model over one record kind: sorted ids in memory, visible rows on demand.

After Anki's browser table: the model asks the core for the sorted ids of the rows
that match (``listing.record_ids``: integers only, cheap even for 200,000 rows) and
fetches the columns of rows only when the view asks for them, a page of ids at a time
(``listing.rows_by_ids``), into a bounded LRU cache. Sorting and filtering re-query the
ids; nothing ever loads every row.

The model reads through a :class:`RecordSource`, so other pages (inventory, exchange
previews) can reuse it over another source, and tests can count what was fetched.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from labregistry.domain import usability
from labregistry.registry import Registry
from labregistry.services import listing
from labregistry.services.listing import RecordQuery
from ui import i18n, labels
from ui.i18n import QT_TRANSLATE_NOOP

RowIdRole = int(Qt.ItemDataRole.UserRole) + 1  # int: the record id of the row
RowStateRole = int(Qt.ItemDataRole.UserRole) + 2  # str: one of the RowState values
RawValueRole = int(Qt.ItemDataRole.UserRole) + 3  # the stored value (date, code, float ...)
ColumnKeyRole = int(Qt.ItemDataRole.UserRole) + 4  # headerData: the column's row-dict key

EXPIRING_DAYS = 180
KINDS = ("standards", "authorisations", "staff")

_Index = QModelIndex | QPersistentModelIndex


class RowState:
    """How a row is coloured."""

    OK = "ok"
    EXPIRING = "expiring"  # valid_until within EXPIRING_DAYS from today
    EXPIRED = "expired"  # valid_until before today, or status "expired"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    NEEDS_RECALIBRATION = "needs_recalibration"  # in force, but a main standard instrument is overdue


#: The short text of a catalogue mark (services.catalogues.Mark.kind) in the catalogue column.
MARK_TEXTS = {
    "superseded": QT_TRANSLATE_NOOP("RecordTableModel", "Superseded procedure"),
    "withdrawn": QT_TRANSLATE_NOOP("RecordTableModel", "Withdrawn procedure"),
    "code": QT_TRANSLATE_NOOP("RecordTableModel", "Code not in catalogue"),
}

#: The state a needs_recalibration row is shown with in the status column (domain.usability).
NEEDS_RECALIBRATION_TEXT = QT_TRANSLATE_NOOP("RecordTableModel", "Needs recalibration")


# Light backgrounds with a dark text colour of their own, so rows read in dark themes too.
STATE_COLOURS: dict[str, tuple[str, str]] = {
    RowState.EXPIRED: ("#fde2e1", "#a4000f"),
    RowState.EXPIRING: ("#fff4ce", "#6b4e00"),
    RowState.SUSPENDED: ("#ececec", "#5f5f5f"),
    RowState.NEEDS_RECALIBRATION: ("#ffe2c6", "#8a3c00"),
    RowState.REVOKED: ("#ececec", "#8a8a8a"),
}


@dataclass(frozen=True)
class Column:
    """One table column: the row-dict key (also the sort key) and how to show it."""

    key: str
    title: str  # English source text, translated in the "RecordColumns" context
    kind: str = "text"  # text | date | enum | number | bool | count
    enum: str | None = None  # enumeration name for labels.enum_label
    visible: bool = True  # shown by default
    width: int = 120  # default width in pixels
    collated: bool = False  # people's names: sorted by pinyin (QCollator), not by code point
    sortable: bool = True  # False: computed per row, not a database column (the catalogue marks)

    def translated_title(self) -> str:
        return QCoreApplication.translate("RecordColumns", self.title)


_INSTITUTE_COLUMNS = (
    Column("institute_name", QT_TRANSLATE_NOOP("RecordColumns", "Institute"), visible=False, width=220),
    Column("institute_uscc", QT_TRANSLATE_NOOP("RecordColumns", "USCC"), visible=False, width=170),
    Column(
        "province",
        QT_TRANSLATE_NOOP("RecordColumns", "Province"),
        "enum",
        "province",
        visible=False,
        width=70,
    ),
    Column("city", QT_TRANSLATE_NOOP("RecordColumns", "City"), visible=False, width=80),
)

# The catalogue's warnings on a row (services.catalogues.Mark): computed with the row's page
# and cached with it, so the column costs one query per page of 200 rows, not one per row.
MARKS_COLUMN = Column(
    "catalogue_marks", QT_TRANSLATE_NOOP("RecordColumns", "Catalogue"), "marks", width=150, sortable=False
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "standards": (
        Column("certificate_no", QT_TRANSLATE_NOOP("RecordColumns", "Certificate no."), width=170),
        Column("name", QT_TRANSLATE_NOOP("RecordColumns", "Standard"), width=260),
        Column("code", QT_TRANSLATE_NOOP("RecordColumns", "Code"), width=80),
        Column(
            "code_temporary",
            QT_TRANSLATE_NOOP("RecordColumns", "Temporary code"),
            "bool",
            visible=False,
            width=70,
        ),
        Column("grade", QT_TRANSLATE_NOOP("RecordColumns", "Grade"), "enum", "grade", width=110),
        Column("range_text", QT_TRANSLATE_NOOP("RecordColumns", "Measuring range"), width=180),
        Column("accuracy_text", QT_TRANSLATE_NOOP("RecordColumns", "Uncertainty / accuracy"), width=200),
        Column("quantity", QT_TRANSLATE_NOOP("RecordColumns", "Quantity"), visible=False, width=100),
        Column(
            "range_min", QT_TRANSLATE_NOOP("RecordColumns", "Range min"), "number", visible=False, width=90
        ),
        Column(
            "range_max", QT_TRANSLATE_NOOP("RecordColumns", "Range max"), "number", visible=False, width=90
        ),
        Column("unit", QT_TRANSLATE_NOOP("RecordColumns", "Unit"), visible=False, width=60),
        Column("accuracy_kind", QT_TRANSLATE_NOOP("RecordColumns", "Accuracy kind"), visible=False, width=70),
        Column(
            "accuracy_value",
            QT_TRANSLATE_NOOP("RecordColumns", "Accuracy value"),
            "number",
            visible=False,
            width=90,
        ),
        Column("issued_on", QT_TRANSLATE_NOOP("RecordColumns", "Issued on"), "date", width=95),
        Column("valid_until", QT_TRANSLATE_NOOP("RecordColumns", "Valid until"), "date", width=95),
        Column("status", QT_TRANSLATE_NOOP("RecordColumns", "Status"), "enum", "status", width=70),
        Column(
            "responsible_person",
            QT_TRANSLATE_NOOP("RecordColumns", "Responsible person"),
            width=90,
            collated=True,
        ),
        MARKS_COLUMN,
        *_INSTITUTE_COLUMNS,
    ),
    "authorisations": (
        Column("certificate_no", QT_TRANSLATE_NOOP("RecordColumns", "Certificate no."), width=190),
        Column(
            "form", QT_TRANSLATE_NOOP("RecordColumns", "Form of authorisation"), "enum", "form", width=200
        ),
        Column("authority", QT_TRANSLATE_NOOP("RecordColumns", "Issuing authority"), width=220),
        Column("item_count", QT_TRANSLATE_NOOP("RecordColumns", "Items"), "count", width=70),
        Column("issued_on", QT_TRANSLATE_NOOP("RecordColumns", "Issued on"), "date", width=95),
        Column("valid_until", QT_TRANSLATE_NOOP("RecordColumns", "Valid until"), "date", width=95),
        Column("status", QT_TRANSLATE_NOOP("RecordColumns", "Status"), "enum", "status", width=70),
        MARKS_COLUMN,
        *_INSTITUTE_COLUMNS,
    ),
    "staff": (
        Column("name", QT_TRANSLATE_NOOP("RecordColumns", "Name"), width=90, collated=True),
        Column("department", QT_TRANSLATE_NOOP("RecordColumns", "Department"), width=140, collated=True),
        Column("title", QT_TRANSLATE_NOOP("RecordColumns", "Title"), width=110),
        Column(
            "credential_kind",
            QT_TRANSLATE_NOOP("RecordColumns", "Credential"),
            "enum",
            "credential_kind",
            width=160,
        ),
        Column("certificate_no", QT_TRANSLATE_NOOP("RecordColumns", "Certificate no."), width=170),
        Column("issued_on", QT_TRANSLATE_NOOP("RecordColumns", "Issued on"), "date", width=95),
        Column("valid_until", QT_TRANSLATE_NOOP("RecordColumns", "Valid until"), "date", width=95),
        Column(
            "status",
            QT_TRANSLATE_NOOP("RecordColumns", "Status"),
            "enum",
            "staff_status",
            visible=False,
            width=70,
        ),
        *_INSTITUTE_COLUMNS,
    ),
}

DEFAULT_SORT = {"standards": "certificate_no", "authorisations": "certificate_no", "staff": "name"}
# A collated column is sorted here, which reads the column of every row: beyond this many
# rows the database's order is kept (a list of people is far shorter).
COLLATE_LIMIT = 20000


def collated_ids(rows: dict[int, dict[str, Any]], ids: Sequence[int], key: str, descending: bool) -> list[int]:
    """``ids`` ordered by the text in ``key`` as a Chinese reader sorts it, by pinyin (安,
    李, 张), in either UI language; the database sorts by code point (安, 张, 李). Empty last."""
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    collator.setNumericMode(True)
    filled = [i for i in ids if str((rows.get(i) or {}).get(key) or "").strip()]
    named = set(filled)
    empty = [i for i in ids if i not in named]
    filled.sort(key=lambda i: collator.sortKey(str(rows[i][key])), reverse=descending)
    return filled + empty


class RecordSource(Protocol):
    """Where a model reads: sorted ids for a query, and the list columns of some ids."""

    def ids(self, query: RecordQuery) -> list[int]: ...

    def rows(self, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]: ...


class RegistrySource:
    """The registry's listing service."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg

    def ids(self, query: RecordQuery) -> list[int]:
        return listing.record_ids(self.reg, query)

    def rows(self, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        return listing.rows_by_ids(self.reg, kind, ids)


class RowCache:
    """A bounded least-recently-used cache of row dicts by id."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._rows: OrderedDict[int, dict[str, Any]] = OrderedDict()

    def get(self, row_id: int) -> dict[str, Any] | None:
        row = self._rows.get(row_id)
        if row is not None:
            self._rows.move_to_end(row_id)
        return row

    def put(self, row_id: int, row: dict[str, Any]) -> None:
        self._rows[row_id] = row
        self._rows.move_to_end(row_id)
        while len(self._rows) > self.capacity:
            self._rows.popitem(last=False)

    def discard(self, row_id: int) -> None:
        self._rows.pop(row_id, None)

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def clear(self) -> None:
        self._rows.clear()


_MISSING: dict[str, Any] = {}  # a row deleted between the id query and the fetch


def row_state(row: dict[str, Any], today: dt.date, expiring_days: int = EXPIRING_DAYS) -> str:
    """The colour class of a row from its status, its valid_until date and, for a standard,
    the instrument rule (:func:`labregistry.domain.usability.row_state`)."""
    status = row.get("status")
    valid_until = row.get("valid_until")
    if status == "revoked":
        return RowState.REVOKED
    if status == "expired" or (valid_until is not None and valid_until < today):
        return RowState.EXPIRED
    if status == "suspended":
        return RowState.SUSPENDED
    if usability.row_state(row, today) == usability.NEEDS_RECALIBRATION:
        return RowState.NEEDS_RECALIBRATION
    if valid_until is not None and valid_until <= today + dt.timedelta(days=expiring_days):
        return RowState.EXPIRING
    return RowState.OK


class RecordTableModel(QAbstractTableModel):
    """Rows of one kind ('standards', 'authorisations', 'staff') for a QTableView.

    Nothing is queried until :meth:`refresh` (a page calls it when first shown); filters
    set before that only shape the first query. Filters: :meth:`set_text`, :meth:`set_expiring_within`, :meth:`set_status`. Sorting:
    :meth:`sort` (what the view's header calls). :meth:`refresh` re-reads after the data
    changed. Roles: :data:`RowIdRole`, :data:`RowStateRole`, :data:`RawValueRole`, and
    :data:`ColumnKeyRole` in ``headerData``. ``fetched_rows`` / ``fetch_calls`` count what
    was read from the source (for tests and the log).
    """

    reloaded = Signal()  # the id list was re-queried (row count may have changed)

    def __init__(
        self,
        source: RecordSource,
        kind: str,
        *,
        own_only: bool = True,
        institute_uscc: str | None = None,
        today: dt.date | Callable[[], dt.date] | None = None,
        page_size: int = 200,
        cache_rows: int = 2000,
        columns: Sequence[Column] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        if kind not in COLUMNS and columns is None:
            raise ValueError(f"unknown record kind {kind!r}")
        if cache_rows < 2 * page_size:
            raise ValueError("the row cache must hold at least two pages")
        self.source = source
        self.kind = kind
        self.columns: tuple[Column, ...] = tuple(columns or COLUMNS[kind])
        self.page_size = page_size
        self._today = today
        self._query = RecordQuery(
            kind=kind,
            own_only=own_only,
            institute_uscc=institute_uscc,
            sort=DEFAULT_SORT.get(kind),
            descending=False,
        )
        self._ids: list[int] = []
        self._row_of_id: dict[int, int] | None = None
        self._cache = RowCache(cache_rows)
        self._states: dict[int, tuple[dict[str, Any], dt.date, str]] = {}  # id(row dict): (row, day, state)
        self._clock_day: tuple[float, dt.date] | None = None  # (time.monotonic() read, the day then)
        self._loaded = False
        self.fetched_rows = 0
        self.fetch_calls = 0

    # -- queries ---------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._loaded

    def today(self) -> dt.date:
        if self._today is None:
            return self._day_by_clock()
        if isinstance(self._today, dt.date):
            return self._today
        return self._today()

    def _day_by_clock(self) -> dt.date:
        """Today by the clock, read again at most once a second: data() asks for every cell and
        role, and each dt.date.today() costs 20-30 µs under PySide (it imports the time module)."""
        now = time.monotonic()
        if self._clock_day is None or now - self._clock_day[0] > 1.0:
            self._clock_day = (now, dt.date.today())
        return self._clock_day[1]

    def state_of(self, record: dict[str, Any]) -> str:
        """:func:`row_state` of a row dict, computed once per row and day: the view asks each
        cell's background and foreground (and the status column's text) for every repaint."""
        day = self.today()
        memo = self._states.get(id(record))
        if memo is not None and memo[0] is record and memo[1] == day:
            return memo[2]
        state = row_state(record, day)
        if len(self._states) >= self._cache.capacity:  # bounded like the rows (a row fetched again is a new dict)
            self._states.clear()
        self._states[id(record)] = (record, day, state)
        return state

    @property
    def query(self) -> RecordQuery:
        """The query the current ids answer (with today's date filled in)."""
        return replace(self._query, today=self.today())

    def refresh(self, *, keep_cache: bool = False) -> None:
        """Re-query the ids; drop cached rows unless only the filter or order changed."""
        self.beginResetModel()
        try:
            self._ids = self.source.ids(self.query)
            self._row_of_id = None
            if not keep_cache:
                self._cache.clear()
            self._collate()
            self._loaded = True
        finally:
            self.endResetModel()
        self.reloaded.emit()

    def _collate(self) -> None:
        """Re-order the ids of a collated sort column (people's names) by pinyin."""
        column = next((c for c in self.columns if c.key == self._query.sort), None)
        if column is None or not column.collated or len(self._ids) > COLLATE_LIMIT:
            return
        rows: dict[int, dict[str, Any]] = {}
        for start in range(0, len(self._ids), self.page_size):
            page = self._ids[start : start + self.page_size]
            rows.update(self.source.rows(self.kind, page))
            self.fetch_calls += 1
        self.fetched_rows += len(rows)
        self._ids = collated_ids(rows, self._ids, column.key, self._query.descending)
        for row_id in self._ids[: self._cache.capacity]:
            if row_id in rows:
                self._cache.put(row_id, rows[row_id])

    def _requery(self, **changes: Any) -> None:
        new = replace(self._query, **changes)
        if not self._loaded:  # not shown yet: the first refresh() uses it
            self._query = new
            return
        if new == self._query:
            return
        self._query = new
        self.refresh(keep_cache=True)

    def set_text(self, text: str) -> None:
        self._requery(text=text.strip())

    def set_expiring_within(self, days: int | None) -> None:
        self._requery(expiring_within=days)

    def set_status(self, status: str | None) -> None:
        self._requery(status=status or None)

    def set_institute(self, uscc: str | None, *, own_only: bool = False) -> None:
        self._requery(institute_uscc=uscc, own_only=own_only)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        self._requery(sort=self.columns[column].key, descending=order == Qt.SortOrder.DescendingOrder)

    def sort_column(self) -> int:
        """The column the rows are sorted by (-1 if it is not shown)."""
        return self.column_index(self._query.sort or "")

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder

    # -- rows ------------------------------------------------------------------

    def ids(self) -> Sequence[int]:
        return self._ids

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_for_id(self, row_id: int) -> int | None:
        if self._row_of_id is None:
            self._row_of_id = {rid: n for n, rid in enumerate(self._ids)}
        return self._row_of_id.get(row_id)

    def column_index(self, key: str) -> int:
        for n, column in enumerate(self.columns):
            if column.key == key:
                return n
        return -1

    def row_dict(self, row: int) -> dict[str, Any]:
        """The list columns of ``row`` (fetched with its page if not cached)."""
        row_id = self._ids[row]
        cached = self._cache.get(row_id)
        if cached is not None:
            return cached
        self._fetch_page(row)
        return self._cache.get(row_id) or _MISSING

    def _fetch_page(self, row: int) -> None:
        start = (row // self.page_size) * self.page_size
        page = self._ids[start : start + self.page_size]
        wanted = [rid for rid in page if rid not in self._cache]
        if not wanted:
            return
        for rid in page:  # keep the page's cached rows: the new ones must not push them out
            if rid in self._cache:
                self._cache.get(rid)
        fetched = self.source.rows(self.kind, wanted)
        self.fetch_calls += 1
        self.fetched_rows += len(wanted)
        for rid in wanted:
            self._cache.put(rid, fetched.get(rid, _MISSING))

    def cached_rows(self) -> int:
        return len(self._cache)

    def invalidate(self, row_ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or the given ids) so they are read again when shown."""
        if row_ids is None:
            self._cache.clear()
        else:
            for rid in row_ids:
                self._cache.discard(rid)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    # -- QAbstractTableModel ---------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == RowIdRole:
            return self._ids[row]  # never fetches
        if role not in _ROLES:
            return None
        record = self.row_dict(row)
        if record is _MISSING:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return QCoreApplication.translate("RecordTableModel", "(deleted)")
            return None
        column = self.columns[index.column()]
        if column.kind == "marks" and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.marks_text(record, full=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.key == "status":
                return self.status_text(column, record)
            return self.display(column, record.get(column.key))
        if role == RawValueRole:
            return record.get(column.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN.get(column.kind)
        state = self.state_of(record)
        if role == RowStateRole:
            return state
        if role == Qt.ItemDataRole.BackgroundRole:
            colours = STATE_COLOURS.get(state)
            return QBrush(QColor(colours[0])) if colours else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colours = STATE_COLOURS.get(state)
            return QBrush(QColor(colours[1])) if colours else None
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell cut short, then the row's state
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            parts = [part for part in (text, self.state_text(state, record)) if part]
            return "\n".join(parts) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return super().headerData(section, orientation, role)
        column = self.columns[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # a narrow header is elided
            return column.translated_title()
        if role == ColumnKeyRole:
            return column.key
        return None

    # -- text ------------------------------------------------------------------

    def display(self, column: Column, value: Any) -> str:
        if value is None:
            return ""
        if column.kind == "date":
            return labels.format_date(value)
        if column.kind == "enum" and column.enum:
            return labels.enum_label(column.enum, value, i18n.core_lang())
        if column.kind == "bool":
            return QCoreApplication.translate("RecordTableModel", "Yes") if value else ""
        if column.kind == "number" and isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def status_text(self, column: Column, record: dict[str, Any]) -> str:
        """The status column: "Needs recalibration" under the instrument rule; a usable standard
        whose ancillary equipment is overdue keeps its status, marked ⚠ (the tooltip says why)."""
        state = self.state_of(record)
        if state == RowState.NEEDS_RECALIBRATION:
            return QCoreApplication.translate("RecordTableModel", NEEDS_RECALIBRATION_TEXT)
        text = self.display(column, record.get("status"))
        return f"{text} ⚠" if self.ancillary_warning(state, record) else text

    def marks_text(self, record: dict[str, Any], *, full: bool = False) -> str | None:
        """The catalogue column: "⚠ Superseded procedure" (the first mark's kind, "+N" more), or
        in the tooltip every mark's whole message in the core's language."""
        marks = record.get(MARKS_COLUMN.key) or ()
        if not marks:
            return None
        if full:
            return "\n".join(mark.render(i18n.core_lang()) for mark in marks)
        text = QCoreApplication.translate("RecordTableModel", MARK_TEXTS[marks[0].kind])
        return f"⚠ {text}" + (f" +{len(marks) - 1}" if len(marks) > 1 else "")

    def ancillary_warning(self, state: str, record: dict[str, Any]) -> str | None:
        """The warning of a standard in force whose ancillary equipment is past due, naming the item."""
        if state not in (RowState.OK, RowState.EXPIRING) or not usability.row_ancillary_overdue(record, self.today()):
            return None
        return self.tr("Ancillary equipment “%1” was due for calibration on %2: send it for calibration "
                       "(a warning: the standard may still be used).").replace(
            "%1", str(record.get("ancillary_due_name") or "—")).replace(
            "%2", labels.format_date(record.get("ancillary_calibration_due")))

    def state_text(self, state: str, record: dict[str, Any]) -> str | None:
        """The tooltip of a row: its state, and the ancillary equipment warning when there is one."""
        parts = [self._state_only_text(state, record), self.ancillary_warning(state, record)]
        return "\n".join(p for p in parts if p) or None

    def _state_only_text(self, state: str, record: dict[str, Any]) -> str | None:
        valid_until = record.get("valid_until")
        if state == RowState.NEEDS_RECALIBRATION:
            return self.tr(
                "A main standard instrument was due for calibration on %1: the standard may not be used "
                "until it is recalibrated."
            ).replace("%1", labels.format_date(record.get("main_calibration_due")))
        if state == RowState.EXPIRED:
            return QCoreApplication.translate("RecordTableModel", "Expired")
        if state == RowState.EXPIRING and valid_until is not None:
            days = (valid_until - self.today()).days
            return self.tr("Expires in %n day(s)", "", days)
        if state == RowState.SUSPENDED:
            return QCoreApplication.translate("RecordTableModel", "Suspended")
        if state == RowState.REVOKED:
            return QCoreApplication.translate("RecordTableModel", "Revoked")
        return None

    def retranslate(self) -> None:
        """Re-read titles and labels after the language changed."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self.invalidate([])


_ROLES = {
    int(Qt.ItemDataRole.DisplayRole),
    int(Qt.ItemDataRole.TextAlignmentRole),
    int(Qt.ItemDataRole.BackgroundRole),
    int(Qt.ItemDataRole.ForegroundRole),
    int(Qt.ItemDataRole.ToolTipRole),
    RowStateRole,
    RawValueRole,
}

_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN = {"date": _CENTER, "bool": _CENTER, "enum": None, "number": _RIGHT, "count": _RIGHT}
