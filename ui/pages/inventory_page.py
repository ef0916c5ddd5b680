"""The regional inventory page (区域资源): search every institute of the region.

A search form (kind, free text searched as the user types, quantity and required range,
maximum uncertainty, provinces, city, the date validity is judged on, comparable only)
over ``labregistry.services.inventory``. Wrong input (``build_criteria`` raises a
DomainError) is shown inline under the form in the user's language. The search runs off
the GUI thread and reads, first, what the first screen shows: the ids of the first block of
matches and the rows of those the table has room for (``inventory.search_then_count``),
shown at once with "…" for the count; then, once the page painted them (the worker waits for
that: :data:`PAINT_WAIT`), on the same worker and in the same snapshot of the registry, the
rows of the rest of the first block and how many match, which the count
label and the table then show ("count failed" when that read fails: the rows shown are
then not known to be all). A page without its total skips the pass over every match that
counting takes (a capability search on a date: about a third of its CPU at 200,000
standards), and never every match's id (the full ranking). Nothing is read on the GUI
thread until the view first scrolls past the first block: then every match's id once
(``search_ids``: a window of ranks deep in 25,000 matches costs about one full ranking, so
reading windows one by one cost ten times more over a drag to the end), then their rows a
block at a time (``rows_by_ids``), on the GUI thread as the record tables read theirs
(docs/benchmarks.md). The model works out each row's texts and colours once, not at every
paint. The report still writes every match (``export_report`` searches again, all of them).

For a selected standard, "Equivalents" (mutual recognition) and "Traceability" (the
chain, with where and why it breaks) open in non-modal windows. "Export report" writes
the unsigned Excel report in the background.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labregistry import i18n as core_i18n
from labregistry.domain.choices import GRADES
from labregistry.domain.quantities import QUANTITY_NAMES
from labregistry.domain.text import local_time
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import comparisons, inventory
from ui import errors, files, i18n, printing, workers
from ui.i18n import QT_TRANSLATE_NOOP
from ui.pages.coverage_dialog import CoverageDialog
from ui.models.record_table import STATE_COLOURS, RowState, RowStateRole, row_state
from ui.widgets.common import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR, InlineMessage, heading, push_button

CONTEXT = "InventoryPage"
DEBOUNCE_MS = 300
# Seconds the search's worker waits, after handing its first rows over, for the GUI thread to
# paint them (at most). The worker's next work (the rest of the block's rows, the count's plan)
# is Python, and every cell the view paints calls into Python: run together, they took the GIL
# from each other, and the first screen waited for both (docs/benchmarks.md, "The app's first
# screen, SQLite").
PAINT_WAIT = 0.25
BLOCK = 50  # rows read at once: the first screen's (21 on a page of 1400 x 900, rows of 30 pixels) and more
MAX_COLUMN_WIDTH = 320  # a very long name is elided rather than pushing the others out of view
XLSX_FILTER = "*.xlsx"

PROVINCES = (
    ("上海", QT_TRANSLATE_NOOP("InventoryPage", "Shanghai")),
    ("江苏", QT_TRANSLATE_NOOP("InventoryPage", "Jiangsu")),
    ("浙江", QT_TRANSLATE_NOOP("InventoryPage", "Zhejiang")),
    ("安徽", QT_TRANSLATE_NOOP("InventoryPage", "Anhui")),
)

KINDS = (
    ("standards", QT_TRANSLATE_NOOP("InventoryPage", "Measurement standards")),
    ("authorisations", QT_TRANSLATE_NOOP("InventoryPage", "Authorised items")),
    ("staff", QT_TRANSLATE_NOOP("InventoryPage", "People")),
)

COLUMNS = (
    ("institute_name", QT_TRANSLATE_NOOP("InventoryPage", "Institute")),
    ("certificate_no", QT_TRANSLATE_NOOP("InventoryPage", "Certificate no.")),
    ("code", QT_TRANSLATE_NOOP("InventoryPage", "Code")),
    ("name", QT_TRANSLATE_NOOP("InventoryPage", "Name")),
    ("range_text", QT_TRANSLATE_NOOP("InventoryPage", "Range")),
    ("uncertainty", QT_TRANSLATE_NOOP("InventoryPage", "Accuracy")),
    # the basis and the error at the requested range, beside the recorded accuracy: shown while
    # a range or a limit is searched (docs/comparison.md; a tooltip alone hid it, trial 9)
    ("accuracy_at_range", QT_TRANSLATE_NOOP("InventoryPage", "At the requested range")),
    ("valid_until", QT_TRANSLATE_NOOP("InventoryPage", "Valid until")),
    ("provenance", QT_TRANSLATE_NOOP("InventoryPage", "Source")),
    ("comparisons", QT_TRANSLATE_NOOP("InventoryPage", "Comparisons")),
)

_AT_RANGE = [key for key, _label in COLUMNS].index("accuracy_at_range")

SIGNATURES = {
    "verified": QT_TRANSLATE_NOOP("InventoryPage", "signed, verified"),
    "verified_expired": QT_TRANSLATE_NOOP("InventoryPage", "signed, accepted after it had expired"),
    "key_revoked": QT_TRANSLATE_NOOP("InventoryPage", "signed with a key since revoked"),
    "key_compromised": QT_TRANSLATE_NOOP("InventoryPage", "signed with a key already compromised: not reliable"),
    "unverified": QT_TRANSLATE_NOOP("InventoryPage", "not from a verified bundle"),
}

# trace statuses, in plain words
TRACE_STATUSES = {
    "complete": QT_TRANSLATE_NOOP("InventoryPage", "complete: the chain reaches a national standard"),
    "root": QT_TRANSLATE_NOOP("InventoryPage", "calibrated by a national institute"),
    "ok": QT_TRANSLATE_NOOP("InventoryPage", "traced within the region"),
    "linked": QT_TRANSLATE_NOOP("InventoryPage", "traced within the region"),
    "broken": QT_TRANSLATE_NOOP("InventoryPage", "broken"),
    "missing_link": QT_TRANSLATE_NOOP("InventoryPage", "no calibrating institute is given"),
    "missing_certificate": QT_TRANSLATE_NOOP("InventoryPage", "no calibration certificate or due date"),
    "expired_certificate": QT_TRANSLATE_NOOP("InventoryPage", "the calibration is overdue"),
    "unknown_institute": QT_TRANSLATE_NOOP(
        "InventoryPage", "the calibrating institute is neither in the region nor a national institute"
    ),
    "no_matching_standard": QT_TRANSLATE_NOOP(
        "InventoryPage", "the calibrating institute holds no standard that fits"
    ),
    "upstream_not_valid": QT_TRANSLATE_NOOP(
        "InventoryPage", "the upstream standard is not valid on the date"
    ),
    "cycle": QT_TRANSLATE_NOOP("InventoryPage", "the chain goes round in a circle"),
    "depth_limit": QT_TRANSLATE_NOOP("InventoryPage", "the chain is too long to follow further"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def status_words(status: Any) -> str:
    if status is None:
        return ""
    key = str(status)
    return _tr(TRACE_STATUSES[key]) if key in TRACE_STATUSES else key


def _range_text(row: dict[str, Any]) -> str:
    """The range, after the parameter of the capability row that answered the search (a range
    search's, or the one whose parameter a text search found): "交流电压 (0~750)V"."""
    return inventory.range_label(row)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def provenance_text(row: dict[str, Any]) -> str:
    prov = row.get("provenance") or {}
    if row.get("own") or prov.get("own"):
        return QCoreApplication.translate("InventoryPage", "own institute")
    signature = str(prov.get("signature") or "")
    words = _tr(SIGNATURES[signature]) if signature in SIGNATURES else signature
    text = f"{prov.get('issuer_name') or ''} · {words}".strip(" ·")
    if prov.get("stale"):
        text += " · " + QCoreApplication.translate("InventoryPage", "out of date")
    return text


_Rows = TypeVar("_Rows", list[dict[str, Any]], dict[int, dict[str, Any]])


def _rendered(rows: _Rows, lang: str) -> _Rows:
    """A search's rows (a list, or by id) with their names and notes in the app's language:
    rendered once as they are read (on the search's worker for the first block), so that the
    model works its cells out of text (issue 17)."""
    core_i18n.render_fields(rows.values() if isinstance(rows, dict) else rows, inventory.RENDERED_FIELDS, lang)
    return rows


@dataclass(frozen=True)
class Blocks:
    """Where :class:`InventoryModel` reads what it has not yet: the ids of ``limit`` ranks from
    ``offset`` (the model asks for them all at once), and the rows of some ids."""

    ids: Callable[[int, int], list[int]]
    rows: Callable[[Sequence[int]], dict[int, dict[str, Any]]]

    @classmethod
    def of_search(cls, reg: Registry, criteria: inventory.Criteria, lang: str) -> Blocks:
        return cls(lambda offset, limit: inventory.search_ids(reg, criteria, offset, limit),
                   lambda ids: _rendered(inventory.rows_by_ids(reg, criteria, ids, comparisons=True), lang))


class InventoryModel(QAbstractTableModel):
    """``total`` matches in rank order, of which the first rows are given; the others are read
    when first shown: every match's id once (``blocks``), then the rows of their block of
    :data:`BLOCK`. ``id_reads`` and ``row_reads`` count the reads. The total may follow the
    first rows (:meth:`counted`): until then the model holds those rows alone (``counting``).

    Rows are coloured as in the record tables (expired, expiring within 180 days,
    suspended, revoked), judged on the search's date (``on``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.total = 0
        self.counting = False  # the first rows shown, their total not known yet
        self.count_lost = False  # the count failed: the rows shown are not known to be all
        self._shown: dict[int, _Cells] = {}  # rank -> the row as painted
        self.id_at: dict[int, int] = {}  # rank -> id, as far as read
        self.ids_read = False  # every id read (once: fewer than the total when the registry changed)
        self.cache: dict[int, dict[str, Any]] = {}
        self.blocks: Blocks | None = None
        self.on: dt.date = dt.date.today()
        self.id_reads: list[tuple[int, int]] = []  # (offset, limit) of each read of ids
        self.row_reads: list[int] = []  # how many rows each read of rows asked for

    def reset(
        self,
        total: int | None,
        rows: Sequence[dict[str, Any]],
        blocks: Blocks | None,
        on: dt.date | None = None,
        ids: Sequence[int] | None = None,
    ) -> None:
        """Show ``total`` matches, the first ``rows`` of them given (in rank order), and the
        first ``ids`` when more are known than rows; ``total`` None: not counted yet, the
        ``ids`` (or rows) alone until :meth:`counted` tells it."""
        self.beginResetModel()
        known = [int(r["id"]) for r in rows] if ids is None else [int(i) for i in ids]
        self.counting = total is None
        self.count_lost = False
        self.total = len(known) if total is None else total
        self._shown = {}
        self.id_at = dict(enumerate(known))
        self.ids_read = False
        self.cache = {int(r["id"]): r for r in rows}
        self.blocks = blocks
        self.on = on or dt.date.today()
        self.id_reads, self.row_reads = [], []
        self.endResetModel()

    def counted(self, total: int) -> None:
        """The total of the search whose first rows are shown: the ranks after them are added
        (read when shown), the rows shown and the selection stay."""
        self.counting = False
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()

    def count_failed(self) -> None:
        """The count of the rows shown failed: it is not coming, and they stay all the model
        holds, not known to be every match (:attr:`count_lost`)."""
        self.counting, self.count_lost = False, self.counting

    def add_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rows read ahead of the view (the rest of the first block, read by the search's
        worker): kept, so that showing them reads nothing; a row the view read meanwhile stays."""
        for row in rows:
            self.cache.setdefault(int(row["id"]), row)

    def state(self, row: dict[str, Any]) -> str:
        """The row's colour class (``RowState``) on the search's date."""
        return row_state(row, self.on) if row else RowState.OK

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,  # a narrow header is elided
        ):
            return _tr(COLUMNS[section][1])
        return None

    def row(self, index: int) -> dict[str, Any]:
        """The row at rank ``index``; empty when it is no longer there (the registry changed
        since the search, or no ``blocks`` to read from)."""
        record_id = self._id(index)
        if record_id is not None and record_id not in self.cache and self.blocks is not None:
            start = (index // BLOCK) * BLOCK
            block = [i for n in range(start, min(start + BLOCK, self.total))
                     if (i := self.id_at.get(n)) is not None and i not in self.cache]
            self.row_reads.append(len(block))
            read = self.blocks.rows(block)
            for i in block:  # a row deleted since the search stays empty, not read again and again
                self.cache[i] = read.get(i, {})
        return self.cache.get(record_id, {}) if record_id is not None else {}

    def _id(self, index: int) -> int | None:
        if index not in self.id_at and not self.ids_read and self.blocks is not None:
            self.ids_read = True
            self.id_reads.append((0, self.total))
            # Read in a later snapshot than the first block: a registry changed since (an import)
            # may have moved a match into or out of it. The ranks known keep their ids, and the
            # others follow in the new order without those: no match twice, and one that moved
            # into the first block since is not skipped (it comes after it).
            known = set(self.id_at.values())
            rest = (i for i in self.blocks.ids(0, self.total) if i not in known)
            for n, record_id in zip(range(len(self.id_at), self.total), rest, strict=False):
                self.id_at[n] = record_id
        return self.id_at.get(index)

    def rows(self) -> list[dict[str, Any]]:
        return [self.row(i) for i in range(self.total)]

    def _cells(self, index: int) -> _Cells:
        """The row at rank ``index`` as the view paints it, worked out once: the view asks
        each cell for several roles at every paint (some 1,300 calls for a screen of 21
        rows), which judged the row's state and built its texts each time."""
        cells = self._shown.get(index)
        if cells is None:
            row = self.row(index)
            state = self.state(row)
            colours = STATE_COLOURS.get(state)
            cells = self._shown[index] = _Cells(
                row, state, QBrush(QColor(colours[0])) if colours else None,
                tuple(display_text(row, key) for key, _label in COLUMNS),
                tuple(_foreground(row, key, colours) for key, _label in COLUMNS))
        return cells

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # A paint asks each cell of a screen for 7 roles (some 1,300 calls for 21 rows), each a
        # call from C++ into Python: the rows painted already are looked up first (an invalid
        # index's row is -1, never one of them), the roles as plain ints (docs/benchmarks.md,
        # "The app's first screen, SQLite").
        cells = self._shown.get(index.row())
        if cells is None:
            if not index.isValid() or int(role) not in _ROLES:
                return None  # the roles the view asks and this model leaves to the style
            cells = self._cells(index.row())
        if role == _DISPLAY:
            return cells.display[index.column()]
        if role == _BACKGROUND:
            return cells.background
        if role == _FOREGROUND:
            return cells.foreground[index.column()]
        if int(role) not in _ROLES:
            return None
        if role == RowStateRole:
            return cells.state
        row = cells.row
        if role == Qt.ItemDataRole.UserRole:
            return row.get("id")
        key = COLUMNS[index.column()][0]  # the tooltip, asked on hovering: worked out then
        if row.get("comparable") is False:
            return QCoreApplication.translate("InventoryPage", "Not comparable: %1").replace(
                "%1", _text(row.get("comparability_note") or row.get("comparability"))
            )
        if key == "uncertainty" and row.get("accuracy_at_range"):  # the basis, the error at the range
            return _text(row.get("accuracy_at_range"))
        if key == "provenance":
            prov = row.get("provenance") or {}
            return local_time(prov.get("received_at"))
        if row.get("needs_recalibration"):
            return QCoreApplication.translate(
                "InventoryPage", "A main standard instrument was due for calibration on %1: not usable until "
                "it is recalibrated."
            ).replace("%1", _text(row.get("main_calibration_due")))
        if row.get("ancillary_overdue") and row.get("usable"):  # a warning: the standard may be used
            return QCoreApplication.translate(
                "InventoryPage", "Ancillary equipment was due for calibration on %1: a warning, the standard "
                "may still be used."
            ).replace("%1", _text(row.get("ancillary_calibration_due")))
        return cells.display[index.column()] or None  # the whole text of a cut cell


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                                    Qt.ItemDataRole.UserRole, RowStateRole))


@dataclass(frozen=True)
class _Cells:
    """A result row as painted: its colour class and background, each column's text and pen."""

    row: dict[str, Any]
    state: str
    background: QBrush | None
    display: tuple[str, ...]
    foreground: tuple[QBrush | None, ...]


def display_text(row: dict[str, Any], key: str) -> str:
    """What the column ``key`` shows of a result row."""
    if key == "provenance":
        return provenance_text(row)
    if key == "comparisons":  # standards only: 比对 2 次，满意 2
        return core_i18n.rendered(comparisons.summary_label(row.get("comparisons") or {}), i18n.core_lang())
    if key == "range_text":
        return _range_text(row)
    if key == "uncertainty":
        text = _text(row.get("uncertainty") or row.get("accuracy_text"))
        return ("⚠ " + text) if row.get("comparable") is False else text
    if key == "valid_until" and row.get("valid") is False:
        return f"{_text(row.get(key))} ({_tr('not valid')})"
    if key == "valid_until" and row.get("needs_recalibration"):  # the instrument rule: not usable
        late = QCoreApplication.translate("InventoryPage", "needs recalibration")
        return f"{_text(row.get(key))} ({late})"
    return _text(row.get(key))


def _foreground(row: dict[str, Any], key: str, colours: tuple[str, str] | None) -> QBrush | None:
    """The pen of a cell: the row's state colour, else not valid or not comparable, else the
    provenance's signature in its column."""
    if colours:
        return QBrush(QColor(colours[1]))
    if row.get("valid") is False:
        return QBrush(QColor(ERROR_COLOUR))
    if row.get("comparable") is False:
        return QBrush(QColor(WARNING_COLOUR))
    if key == "provenance":
        signature = (row.get("provenance") or {}).get("signature")
        if signature == "verified":
            return QBrush(QColor(OK_COLOUR))
        if signature == "key_compromised":
            return QBrush(QColor(ERROR_COLOUR))
        if signature in ("verified_expired", "key_revoked", "unverified"):
            return QBrush(QColor(WARNING_COLOUR))
    return None


class TraceDialog(QDialog):
    """The traceability tree of one standard: each link with its status and why it breaks."""

    def __init__(self, result: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trace_dialog")
        standard = result.get("standard") or {}
        self.setWindowTitle(
            QCoreApplication.translate("InventoryPage", "Traceability of %1").replace(
                "%1", _text(standard.get("name"))
            )
        )
        self.summary = QLabel(
            QCoreApplication.translate("InventoryPage", "%1: %2")
            .replace("%1", _text(standard.get("name")))
            .replace("%2", status_words(result.get("status")))
        )
        self.summary.setObjectName("trace_summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("trace_tree")
        self.tree.setHeaderLabels(
            [
                QCoreApplication.translate("InventoryPage", "Standard / instrument"),
                QCoreApplication.translate("InventoryPage", "Calibrated by"),
                QCoreApplication.translate("InventoryPage", "Certificate, due"),
                QCoreApplication.translate("InventoryPage", "Status"),
            ]
        )
        root = self._standard_item(result.get("tree") or {"standard": standard, "links": []})
        self.tree.addTopLevelItem(root)
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        breaks = [c for c in result.get("chains") or [] if c.get("breaks_at") is not None or c.get("reason")]
        self.breaks = QLabel(
            "\n".join(
                QCoreApplication.translate("InventoryPage", "Breaks at %1: %2")
                .replace("%1", _text(c.get("breaks_at")))
                .replace("%2", status_words(c.get("reason") or c.get("status")))
                for c in breaks
            )
            or QCoreApplication.translate("InventoryPage", "No chain breaks.")
        )
        self.breaks.setObjectName("trace_breaks")
        self.breaks.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.breaks)
        close = QPushButton(QCoreApplication.translate("InventoryPage", "Close"))
        close.clicked.connect(self.close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(900, 500)

    def _standard_item(self, node: dict[str, Any]) -> QTreeWidgetItem:
        standard = node.get("standard") or {}
        status = (
            QCoreApplication.translate("InventoryPage", "valid")
            if standard.get("valid")
            else QCoreApplication.translate("InventoryPage", "not valid")
        )
        item = QTreeWidgetItem(
            [
                f"{_text(standard.get('name'))}  {_text(standard.get('certificate_no'))}",
                _text(standard.get("institute_name")),
                _text(standard.get("valid_until")),
                status,
            ]
        )
        for link in node.get("links") or []:
            item.addChild(self._link_item(link))
        return item

    def _link_item(self, link: dict[str, Any]) -> QTreeWidgetItem:
        instrument = link.get("instrument") or {}
        institute = link.get("institute") or {}
        problems = [
            status_words(p if isinstance(p, str) else p.get("code") or p.get("kind"))
            for p in link.get("problems") or []
        ]
        status = "；".join(problems) if problems else status_words(link.get("status"))
        item = QTreeWidgetItem(
            [
                _text(instrument.get("name") if isinstance(instrument, dict) else instrument),
                _text(institute.get("name") or link.get("traced_to_name")),
                f"{_text(link.get('calibration_cert_no'))} {_text(link.get('calibration_due'))}".strip(),
                status,
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, link.get("status"))
        colour = OK_COLOUR if not problems else ERROR_COLOUR
        item.setForeground(3, QBrush(QColor(colour)))
        if problems:
            item.setToolTip(3, status)
        upstream = link.get("upstream")
        if upstream:
            item.addChild(self._standard_item(upstream))
        return item


class EquivalentsDialog(QDialog):
    """Standards at other institutes recognised as equivalent to one standard."""

    def __init__(self, result: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equivalents_dialog")
        self.setWindowTitle(QCoreApplication.translate("InventoryPage", "Equivalent standards"))
        rows = result.get("equivalents") or []
        self.table = QTableWidget(len(rows), 7)
        self.table.setObjectName("equivalents_table")
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("InventoryPage", "Institute"),
                QCoreApplication.translate("InventoryPage", "Certificate no."),
                QCoreApplication.translate("InventoryPage", "Name"),
                QCoreApplication.translate("InventoryPage", "Range"),
                QCoreApplication.translate("InventoryPage", "Accuracy"),
                QCoreApplication.translate("InventoryPage", "Compared with the reference"),
                QCoreApplication.translate("InventoryPage", "Valid until"),
            ]
        )
        lang = i18n.core_lang()
        for r, row in enumerate(rows):
            values = [
                row.get("institute_name"),
                row.get("certificate_no"),
                row.get("name"),
                row.get("range_text"),
                row.get("accuracy_text"),
                # better / equal only over the reference's whole range; else the part covered
                core_i18n.rendered(row.get("accuracy_note"), lang),
                row.get("valid_until"),
            ]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(_text(value))
                if not row.get("valid"):
                    cell.setForeground(QBrush(QColor(ERROR_COLOUR)))
                self.table.setItem(r, c, cell)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        counts = result.get("counts") or {}
        summary = QLabel(
            QCoreApplication.translate(
                "InventoryPage", "%1 equivalent standard(s) at %2 institute(s), %3 valid"
            )
            .replace("%1", _text(counts.get("total", len(rows))))
            .replace("%2", _text(counts.get("institutes", "")))
            .replace("%3", _text(counts.get("valid", "")))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        close = QPushButton(QCoreApplication.translate("InventoryPage", "Close"))
        close.clicked.connect(self.close)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(900, 400)


class _Relay(QObject):
    """Carries the first rows of a search from the worker to the page while the worker goes
    on counting (a signal of a plain object: the worker holds no widget)."""

    first_rows = Signal(int, object)  # the search's generation; its criteria, total (None: not yet) and first rows
    rest_rows = Signal(int, object)  # the search's generation; the rows of the rest of its first block


class InventoryPage(QWidget):
    shown = Signal(int)  # the first rows of a search are shown: how many
    searched = Signal(int)  # the search is done and counted: the number of matches

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("page_inventory")
        self.criteria: inventory.Criteria | None = None
        self.total = 0  # the matches of the search shown (its first rows while it is counted)
        self._generation = 0
        self._rows_of = 0  # the search whose rows the table shows
        self._op: workers.Op[Any] | None = None
        # queued from the worker's thread; direct when the op runs inline (the tests' executor)
        self._relay = _Relay(self)
        self._relay.first_rows.connect(self._first_rows)
        self._relay.rest_rows.connect(self._rest_rows)
        self._export_op: workers.Op[Any] | None = None
        self.windows: list[QDialog] = []
        self.last_report: Any = None

        self.kind = QComboBox()
        self.kind.setObjectName("inventory_kind")
        for key, label in KINDS:
            self.kind.addItem(_tr(label), key)
        self.text = QLineEdit()
        self.text.setObjectName("inventory_text")
        self.text.setPlaceholderText(self.tr("Name, certificate no., institute ..."))
        self.text.setClearButtonEnabled(True)
        self.quantity = QComboBox()
        self.quantity.setObjectName("inventory_quantity")
        self.quantity.addItem(self.tr("Any quantity"), None)
        zh = i18n.core_lang() == "zh"
        for key, (name_zh, name_en) in QUANTITY_NAMES.items():
            self.quantity.addItem(name_zh if zh else name_en, key)
        self.low = QLineEdit()
        self.low.setObjectName("inventory_min")
        self.low.setPlaceholderText(self.tr("min"))
        self.high = QLineEdit()
        self.high.setObjectName("inventory_max")
        self.high.setPlaceholderText(self.tr("max"))
        self.unit = QLineEdit()
        self.unit.setObjectName("inventory_unit")
        self.unit.setPlaceholderText(self.tr("unit, e.g. MPa"))
        self.uncertainty = QLineEdit()
        self.uncertainty.setObjectName("inventory_uncertainty")
        self.uncertainty.setPlaceholderText(self.tr("e.g. 0.05% or 0.02 MPa"))
        self.provinces: dict[str, QCheckBox] = {}
        province_row = QHBoxLayout()
        for key, label in PROVINCES:
            box = QCheckBox(_tr(label))
            box.setObjectName(f"province_{key}")
            self.provinces[key] = box
            province_row.addWidget(box)
            box.toggled.connect(self.schedule_search)
        self.city = QLineEdit()
        self.city.setObjectName("inventory_city")
        province_row.addWidget(QLabel(self.tr("City")))
        province_row.addWidget(self.city)
        self.valid_on = QDateEdit(QDate.currentDate())
        self.valid_on.setObjectName("inventory_valid_on")
        self.valid_on.setCalendarPopup(True)
        self.valid_on.setDisplayFormat("yyyy-MM-dd")
        self.grade = QComboBox()  # standards only: the overview's map lists a city's public standards
        self.grade.setObjectName("inventory_grade")
        self.grade.addItem(self.tr("Any grade"), None)
        for key, (grade_zh, grade_en) in GRADES.items():
            self.grade.addItem(grade_zh if zh else grade_en, key)
        self.comparable = QCheckBox(self.tr("Comparable only"))
        self.comparable.setObjectName("inventory_comparable")

        range_row = QHBoxLayout()
        range_row.addWidget(self.low)
        range_row.addWidget(QLabel("~"))
        range_row.addWidget(self.high)
        range_row.addWidget(self.unit)
        form = QGridLayout()
        left = QFormLayout()
        left.addRow(self.tr("Search"), self.kind)
        left.addRow(self.tr("Text"), self.text)
        left.addRow(self.tr("Grade"), self.grade)
        left.addRow(self.tr("Quantity"), self.quantity)
        left.addRow(self.tr("Required range"), range_row)
        right = QFormLayout()
        right.addRow(self.tr("Max. uncertainty"), self.uncertainty)
        right.addRow(self.tr("Province"), province_row)
        right.addRow(self.tr("Valid on"), self.valid_on)
        right.addRow("", self.comparable)
        form.addLayout(left, 0, 0)
        form.addLayout(right, 0, 1)
        self.message = InlineMessage()
        self.message.setObjectName("inventory_message")
        self.count_label = QLabel()
        self.count_label.setObjectName("inventory_count")
        # its text ("…", then the count) lays nothing out again (that repainted the table), and
        # it keeps room for a count of six digits
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(self.tr("%n match(es)", "", 888888)) + 8)

        self.model = InventoryModel(self)
        self.view = QTableView()
        self.view.setObjectName("inventory_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setResizeContentsPrecision(0)  # fit to the rows on screen only
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.export_button = push_button(self.tr("Export report ..."), "inventory_export", self.export_report)
        self.equivalents_button = push_button(
            self.tr("Equivalents ..."), "inventory_equivalents", self.show_equivalents
        )
        self.trace_button = push_button(self.tr("Traceability ..."), "inventory_trace", self.show_trace)
        self.coverage_button = QPushButton(self.tr("Coverage per code ..."))
        self.coverage_button.setObjectName("inventory_coverage")
        self.coverage_button.setToolTip(self.tr("Valid standards per catalogue item code and province, "
                                                "and the codes with none in the region"))
        self.coverage_button.clicked.connect(self.show_coverage)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.coverage_button)
        buttons.addWidget(self.equivalents_button)
        buttons.addWidget(self.trace_button)
        buttons.addWidget(self.export_button)
        self.print_button = push_button(self.tr("Print ..."), "inventory_print", self.print_results)
        buttons.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Regional resources"), 1.3))
        # the form scrolls sideways in a narrow window rather than widening the page
        form_widget = QWidget()
        form_widget.setLayout(form)
        self.form_area = QScrollArea()
        self.form_area.setObjectName("inventory_form")
        self.form_area.setWidget(form_widget)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_area.setFixedHeight(form_widget.sizeHint().height() + 20)
        layout.addWidget(self.form_area)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        for line in (self.text, self.low, self.high, self.unit, self.uncertainty, self.city):
            line.textChanged.connect(self.schedule_search)
        self.kind.currentIndexChanged.connect(self.schedule_search)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.grade.currentIndexChanged.connect(self.schedule_search)
        self.quantity.currentIndexChanged.connect(self.schedule_search)
        self.valid_on.dateChanged.connect(self.schedule_search)
        self.comparable.toggled.connect(self.schedule_search)
        self._selection_changed()
        self._shown = False
        self._columns_sized = False

    # -- the search ------------------------------------------------------------

    @property
    def searching(self) -> bool:
        """A search is waiting for a pause in typing or running."""
        return self.timer.isActive() or (self._op is not None and not self._op.done)

    def schedule_search(self, *_args: Any) -> None:
        self.timer.start()

    def raw(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind.currentData()),
            "text": self.text.text().strip() or None,
            "quantity": self.quantity.currentData(),
            "low": self.low.text().strip() or None,
            "high": self.high.text().strip() or None,
            "unit": self.unit.text().strip() or None,
            "max_uncertainty": self.uncertainty.text().strip() or None,
            "comparable_only": self.comparable.isChecked(),
            "grade": self.grade.currentData() if self.kind.currentData() == "standards" else None,
            "provinces": [key for key, box in self.provinces.items() if box.isChecked()] or None,
            "cities": self.city.text().strip() or None,
            "valid_on": self.valid_on.date().toPython(),
        }

    def inputs(self) -> dict[str, Any]:
        """What the user entered, to give back with :meth:`set_inputs` (a language switch
        rebuilds the window; the search must survive it)."""
        return {
            "kind": self.kind.currentData(),
            "text": self.text.text(),
            "quantity": self.quantity.currentData(),
            "low": self.low.text(),
            "high": self.high.text(),
            "unit": self.unit.text(),
            "uncertainty": self.uncertainty.text(),
            "comparable": self.comparable.isChecked(),
            "grade": self.grade.currentData(),
            "provinces": [key for key, box in self.provinces.items() if box.isChecked()],
            "city": self.city.text(),
            "valid_on": self.valid_on.date(),
        }

    def set_inputs(self, inputs: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(inputs.get("kind"))))
        self.quantity.setCurrentIndex(max(0, self.quantity.findData(inputs.get("quantity"))))
        self.grade.setCurrentIndex(max(0, self.grade.findData(inputs.get("grade"))))
        for key in ("text", "low", "high", "unit", "uncertainty", "city"):
            edit: QLineEdit = getattr(self, key)
            edit.setText(str(inputs.get(key) or ""))
        self.comparable.setChecked(bool(inputs.get("comparable")))
        for key, box in self.provinces.items():
            box.setChecked(key in (inputs.get("provinces") or ()))
        if isinstance(inputs.get("valid_on"), QDate):
            self.valid_on.setDate(inputs["valid_on"])
        self.schedule_search()

    def search_for(self, criteria: dict[str, Any]) -> None:
        """Show the search of ``criteria`` (``build_criteria``'s inputs: kind, provinces,
        cities, grade, valid_on), every other field cleared: the overview's map asks for a
        city's valid public standards."""
        valid_on = criteria.get("valid_on")
        self.set_inputs({
            "kind": criteria.get("kind", "standards"), "grade": criteria.get("grade"),
            "provinces": criteria.get("provinces") or [], "city": "、".join(criteria.get("cities") or []),
            "valid_on": QDate(valid_on) if valid_on is not None else QDate.currentDate(),
        })

    def _kind_changed(self) -> None:
        self.grade.setEnabled(self.kind.currentData() == "standards")

    def run_search(self) -> None:
        self.timer.stop()
        try:
            criteria = inventory.build_criteria(**self.raw())
        except DomainError as exc:
            self.message.show_error(exc.render(i18n.core_lang()))
            return
        self.message.clear_message()
        self._generation += 1
        generation, reg, lang = self._generation, self.reg, i18n.core_lang()

        relay, screen = self._relay, self.rows_on_screen()

        # the rows' names and notes rendered once, on the worker's thread as they are read: the
        # model works its cells out of rendered rows (issue 17)
        painted = threading.Event()  # set by the page once it painted the first rows (or dropped them)

        def show(ids: list[int], rows: list[dict[str, Any]], total: int | None) -> None:  # on the worker's thread
            relay.first_rows.emit(generation, (criteria, total, ids, _rendered(rows, lang), painted))
            painted.wait(PAINT_WAIT)  # the GIL left to the paint (a closed page never sets it: the wait ends)

        def rest(rows: list[dict[str, Any]]) -> None:  # on the worker's thread, before the count
            relay.rest_rows.emit(generation, _rendered(rows, lang))

        def task(_progress: workers.Progress) -> Any:
            return inventory.search_then_count(reg, criteria, limit=BLOCK, rows=screen, comparisons=True, shown=show,
                                               rest=rest)

        self._op = (
            workers.Op(task, parent=self)
            .success(lambda total: self._counted(generation, total))
            .failure(lambda exc: self._search_failed(generation, exc))
            .run()
        )

    def _first_rows(self, generation: int, page: Any) -> None:
        """The first rows of the search: shown and painted at once, its count ("…" until then)
        to follow; the worker, waiting meanwhile (:data:`PAINT_WAIT`), is then let go on."""
        criteria, total, ids, rows, painted = page
        try:
            self._show_first_rows(generation, criteria, total, ids, rows)
        finally:
            painted.set()

    def _show_first_rows(self, generation: int, criteria: Any, total: int | None, ids: list[int],
                         rows: list[dict[str, Any]]) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.criteria = criteria
        self._rows_of = generation
        self.model.reset(total, rows, Blocks.of_search(self.reg, criteria, i18n.core_lang()), criteria.on, ids)
        self.view.setColumnHidden(_AT_RANGE, criteria.quantity is None and criteria.max_uncertainty is None)
        # the view's layout now, not from a timer after the first paint: that paints the screen twice
        self.view.doItemsLayout()
        self.total = self.model.rowCount()
        self.count_label.setText("…" if total is None else self.tr("%n match(es)", "", total))
        if rows and not self._columns_sized:
            self.size_columns()
        self._selection_changed()
        # painted now, not when the event loop comes to the update the reset posted: the worker
        # waits for it (a repaint paints what the window had to, the update then finds nothing)
        self.view.viewport().repaint()
        self.shown.emit(self.model.rowCount())

    def _rest_rows(self, generation: int, rows: Any) -> None:
        """The rest of the first block, read by the worker in the first rows' snapshot before
        it counts: scrolling within the block then reads nothing on the GUI thread (on a
        server a read there opened a connection of its own, the kept one busy counting)."""
        if generation == self._generation:
            self.model.add_rows(rows)

    def rows_on_screen(self) -> int:
        """How many rows the table shows at its height (at least 10, at most a block): the
        rows the first read of a search gives; the rest of its block follows (:meth:`_rest_rows`)."""
        rows = self.view.viewport().height() // max(1, self.view.verticalHeader().defaultSectionSize()) + 1
        return min(BLOCK, max(10, rows))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.model.counted(total)
        self.total = total
        self.count_label.setText(self.tr("%n match(es)", "", total))
        self._selection_changed()
        self.searched.emit(total)

    def size_columns(self) -> None:
        """Fit the columns to the results on screen, once: at Qt's default width institute
        names, certificate numbers and names are cut off. Later searches keep the widths
        (the user may have set them). Only the rows on screen are measured (precision 0), and
        only while the table is shown: a hidden QTableView measures every row, which would
        read them all from the database here."""
        if not self.view.isVisible():
            return
        self._columns_sized = True
        header = self.view.horizontalHeader()
        for col in range(len(COLUMNS) - 1):  # the last one stretches
            self.view.resizeColumnToContents(col)
            header.resizeSection(col, min(header.sectionSize(col), MAX_COLUMN_WIDTH))

    def _search_failed(self, generation: int, exc: BaseException) -> None:
        """The search of ``generation`` failed: said only while it is the latest (an older
        one's error, arriving after a newer search showed its results, said nothing true of
        them). Rows shown without their count keep showing, the label saying the count
        failed rather than a number or nothing, and are not printed (printing says the count);
        a search that failed before its first rows empties the table rather than leave an
        older search's rows under the new form."""
        if generation != self._generation:
            return
        if self._rows_of != generation:  # failed before its first rows: the table shows another search's
            self.criteria = None  # nothing to print or export for the form as it is
            self.model.reset(0, [], None)
            self.total = 0
            self.count_label.clear()
            self._selection_changed()
        elif self.model.counting:
            self.model.count_failed()
            self.count_label.setText(self.tr("count failed"))
            self._selection_changed()
        errors.show_failure(self, self.message, exc)

    def _failed(self, exc: BaseException) -> None:
        """A report, trace or equivalents that failed (the search's own: :meth:`_search_failed`).
        The buttons follow the page's state: a trace failing while a report is still being
        written must not offer a second report."""
        self._selection_changed()
        errors.show_failure(self, self.message, exc)

    def showEvent(self, event: Any) -> None:  # Qt's name
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.schedule_search()

    # -- selection -------------------------------------------------------------

    def selected_row(self) -> dict[str, Any] | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(rows[0].row())

    def _selection_changed(self, *_args: Any) -> None:
        row = self.selected_row()
        is_standard = row is not None and self.criteria is not None and self.criteria.kind == "standards"
        self.trace_button.setEnabled(is_standard)
        self.equivalents_button.setEnabled(is_standard)
        # printed with its count: not while counting
        self.print_button.setEnabled(self.criteria is not None and self.total > 0 and not self.model.counting
                                     and not self.model.count_lost)
        self.export_button.setEnabled(
            self.criteria is not None and (self._export_op is None or self._export_op.done)
        )

    def _keep(self, dialog: QDialog) -> None:
        self.windows.append(dialog)
        dialog.finished.connect(lambda _code: self.windows.remove(dialog) if dialog in self.windows else None)
        dialog.show()

    def show_trace(self) -> None:
        self._open_for_selected(inventory.trace, TraceDialog)

    def show_coverage(self) -> None:
        """Coverage per catalogue code of a discipline, on the search's date and grade (public
        when any grade is searched): the app's ``coverage --discipline NN``."""
        dialog = CoverageDialog(self.reg, self, valid_on=self.valid_on.date().toPython(),
                                grade=self.grade.currentData())
        self._keep(dialog)

    def show_equivalents(self) -> None:
        self._open_for_selected(inventory.equivalents, EquivalentsDialog)

    def _open_for_selected(
        self, read: Callable[..., dict[str, Any]], dialog: Callable[[dict[str, Any], QWidget], QDialog]
    ) -> None:
        """``read(reg, id, valid_on=...)`` of the selected standard on the search's date, in the
        background, then its ``dialog`` kept open beside the page (the trace, the equivalents)."""
        row = self.selected_row()
        if row is None or row.get("id") is None:
            return
        reg, standard_id, on = self.reg, int(row["id"]), self.valid_on.date().toPython()
        (
            workers.Op(lambda _p: read(reg, standard_id, valid_on=on), parent=self)
            .success(lambda result: self._keep(dialog(result, self)))
            .failure(self._failed)
            .run()
        )

    # -- printing ----------------------------------------------------------------

    def results_html(self, limit: int = BLOCK) -> str:
        """The search and its first ``limit`` results as an HTML table (what is printed)."""
        lang = i18n.core_lang()
        lines = []
        if self.criteria is not None:
            colon, semicolon = ("：", "；") if lang == "zh" else (": ", "; ")  # Chinese punctuation in Chinese
            lines.append(semicolon.join(f"{label.render(lang)}{colon}{core_i18n.rendered(value, lang)}"
                                        for label, value in self.criteria.describe()))
        lines.append(self.tr("%n match(es)", "", self.model.rowCount()))
        shown = [c for c in range(len(COLUMNS)) if not self.view.isColumnHidden(c)]  # what the screen shows
        headers = [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in shown]
        rows = [
            [self.model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "" for c in shown]
            for r in range(min(limit, self.model.rowCount()))
        ]
        return printing.table_html(self.tr("Regional resources"), lines, headers, rows)

    def print_results(self) -> None:
        """The results shown, in a print preview on landscape pages."""
        if self.criteria is None:
            return
        printing.preview(self, self.tr("Print the results"), self.results_html())

    # -- the report ------------------------------------------------------------

    def export_report(self) -> None:
        if self.criteria is None or (self._export_op is not None and not self._export_op.done):
            return
        target = files.save_for(
            self,
            files.REPORTS,
            self.tr("Save the report as"),
            f"区域资源-{dt.date.today().isoformat()}.xlsx",
            XLSX_FILTER,
        )
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        reg, criteria, language, out = self.reg, self.criteria, i18n.doc_language(), Path(target)
        self.export_button.setEnabled(False)
        self._export_op = (
            workers.Op(lambda _p: inventory.export_report(reg, criteria, out, language=language), parent=self)
            .success(self._exported)
            .failure(self._failed)
            .with_progress(self.tr("Writing the report ..."), cancellable=False)
            .run()
        )

    def _exported(self, result: Any) -> None:
        self.export_button.setEnabled(True)
        self.last_report = result
        self.message.show_ok(
            self.tr("Wrote %1 rows to %2").replace("%1", str(result.rows)).replace("%2", str(result.path))
        )
