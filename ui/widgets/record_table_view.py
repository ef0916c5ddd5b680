"""A table view for :class:`~ui.models.record_table.RecordTableModel` and friends.

It adds what every record list needs: a header context menu to show and hide columns,
default widths from the model's column definitions, header state (widths, order,
hidden columns, sort) saved to and restored from the settings, and the selection kept
by record id across re-sorting and re-filtering. It never asks the model for more than
the visible rows (no resize-to-contents).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ui import i18n, labels
from ui import settings as opts
from ui.models.record_table import ColumnKeyRole, RecordTableModel, RowIdRole
from ui.settings import Settings

MAX_DEFAULT_WIDTH = 320
HEADER_PADDING = 28  # margins and the sort arrow
CELL_PADDING = 12


class RecordTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(22, self.fontMetrics().height() + 8))
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        header.sortIndicatorChanged.connect(self._keep_sort_indicator)
        self._kept_ids: list[int] = []
        self._kept_current: int | None = None

    # -- model -----------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:  # Qt's name
        old = self.model()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._remember_selection)
            old.modelReset.disconnect(self._restore_selection)
        super().setModel(model)
        if model is None:
            return
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        if isinstance(model, RecordTableModel):
            header = self.horizontalHeader()
            for n, column in enumerate(model.columns):
                header.resizeSection(n, self.default_width(model, n))
                header.setSectionHidden(n, not column.visible)
            header.setSortIndicator(max(model.sort_column(), 0), model.sort_order())
        self.setSortingEnabled(True)

    def _keep_sort_indicator(self, section: int, _order: Qt.SortOrder) -> None:
        """A click on a column that cannot be sorted (computed per row) leaves the order, and
        the header's arrow, where they were."""
        model = self.record_model()
        if model is None or not 0 <= section < len(model.columns) or model.columns[section].sortable:
            return
        header = self.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(max(model.sort_column(), 0), model.sort_order())
        header.blockSignals(False)

    def default_width(self, model: RecordTableModel, section: int) -> int:
        """The column's width before the user sets one: its planned width, widened (up to
        :data:`MAX_DEFAULT_WIDTH`) to show its title and, for a list of labels, the longest
        label in the current language ("public measurement standard", 不确定度/准确度等级/最大允许误差).
        What still does not fit is elided, the whole text in the tooltip."""
        column = model.columns[section]
        texts = [column.translated_title()]
        if column.kind == "enum" and column.enum:
            lang = i18n.core_lang()
            texts += [labels.enum_label(column.enum, code, lang) for code in labels.enum_values(column.enum)]
        header_metrics = self.horizontalHeader().fontMetrics()
        needed = max(
            [header_metrics.horizontalAdvance(texts[0]) + HEADER_PADDING]
            + [self.fontMetrics().horizontalAdvance(text) + CELL_PADDING for text in texts[1:]]
        )
        return max(column.width, min(needed, MAX_DEFAULT_WIDTH))

    def record_model(self) -> RecordTableModel | None:
        model = self.model()
        return model if isinstance(model, RecordTableModel) else None

    def selected_ids(self) -> list[int]:
        model = self.model()
        if model is None or self.selectionModel() is None:
            return []
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [int(model.index(row, 0).data(RowIdRole)) for row in rows]

    def _remember_selection(self) -> None:
        self._kept_ids = self.selected_ids()
        current = self.currentIndex()
        self._kept_current = int(current.data(RowIdRole)) if current.isValid() else None

    def _restore_selection(self) -> None:
        model = self.record_model()
        if model is None or not (self._kept_ids or self._kept_current is not None):
            return
        selection = self.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row_id in self._kept_ids:
            row = model.row_for_id(row_id)
            if row is not None:
                selection.select(model.index(row, 0), flags)
        if self._kept_current is not None:
            row = model.row_for_id(self._kept_current)
            if row is not None:
                index = model.index(row, 0)
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
                self.scrollTo(index)
        self._kept_ids, self._kept_current = [], None

    # -- columns ---------------------------------------------------------------

    def column_keys(self) -> list[str]:
        model = self.model()
        if model is None:
            return []
        orientation = Qt.Orientation.Horizontal
        return [str(model.headerData(n, orientation, ColumnKeyRole)) for n in range(model.columnCount())]

    def set_column_visible(self, key: str, visible: bool) -> None:
        keys = self.column_keys()
        if key not in keys:
            return
        header = self.horizontalHeader()
        section = keys.index(key)
        if not visible and self.visible_column_keys() == [key]:
            return  # the last visible column stays
        header.setSectionHidden(section, not visible)
        if visible and header.sectionSize(section) < 20:
            header.resizeSection(section, header.defaultSectionSize())

    def visible_column_keys(self) -> list[str]:
        header = self.horizontalHeader()
        keys = self.column_keys()
        shown = [n for n in range(len(keys)) if not header.isSectionHidden(n)]
        return [keys[n] for n in sorted(shown, key=header.visualIndex)]

    def column_menu(self) -> QMenu:
        """The show/hide menu of the header (built fresh each time, in the current language)."""
        menu = QMenu(self)
        model = self.model()
        if model is None:
            return menu
        header = self.horizontalHeader()
        visible = self.visible_column_keys()
        for n, key in enumerate(self.column_keys()):
            title = model.headerData(n, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            action = QAction(str(title), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(n))
            action.setEnabled(visible != [key])
            action.setData(key)
            action.toggled.connect(self._toggle_column)
            menu.addAction(action)
        return menu

    def _toggle_column(self, checked: bool) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.set_column_visible(str(action.data()), checked)

    def _show_column_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    # -- state -----------------------------------------------------------------

    def save_state(self, settings: Settings, name: str) -> None:
        settings.set(opts.table_header(name), self.horizontalHeader().saveState())
        settings.set(opts.table_columns(name), ",".join(self.column_keys()))

    def restore_state(self, settings: Settings, name: str) -> bool:
        """Restore widths, order, hidden columns and sort, if saved for the same columns."""
        if settings.get(opts.table_columns(name)) != ",".join(self.column_keys()):
            return False
        state: Any = settings.get(opts.table_header(name))
        if state is None or state.isEmpty():
            return False
        return bool(self.horizontalHeader().restoreState(state))
