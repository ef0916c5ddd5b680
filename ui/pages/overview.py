"""The overview page: the own institute, its counts, and what expires soon.

The counts come from ``listing.stats`` and ``listing.count_records`` in a background
op (:mod:`ui.workers`); clicking a number opens the matching list.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from labregistry.registry import Registry
from labregistry.services import listing
from labregistry.services.listing import RecordQuery
from ui import i18n, labels, workers
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models.record_table import EXPIRING_DAYS

KIND_TITLES = {
    "standards": QT_TRANSLATE_NOOP("OverviewPage", "Measurement standards"),
    "authorisations": QT_TRANSLATE_NOOP("OverviewPage", "Authorisations"),
    "staff": QT_TRANSLATE_NOOP("OverviewPage", "Staff"),
}


@dataclass
class Overview:
    institute: dict[str, Any] | None
    own: dict[str, int] = field(default_factory=dict)
    region: dict[str, int] = field(default_factory=dict)
    expiring: dict[str, int] = field(default_factory=dict)


def own_institute(reg: Registry) -> dict[str, Any] | None:
    """The own institute's name, USCC, province and city (None before ``labregistry init``)."""
    try:  # the service, once the core has it
        service = importlib.import_module("labregistry.services.institutes")
        found = service.own_institute(reg)
        if found is None or isinstance(found, dict):
            return found
        return {k: getattr(found, k, None) for k in ("name", "uscc", "province", "city")}
    except (ImportError, AttributeError):
        pass
    # Until then: the repository (read only; no SQL here).
    with reg.uow() as uow:
        own = uow.institutes.own()
        if own is None:
            return None
        return {"name": own.name, "uscc": own.uscc, "province": own.province, "city": own.city}


def load_overview(reg: Registry) -> Overview:
    counts = listing.stats(reg)
    expiring = {
        kind: listing.count_records(reg, RecordQuery(kind=kind, own_only=True, expiring_within=EXPIRING_DAYS))
        for kind in KIND_TITLES
    }
    return Overview(own_institute(reg), counts["own"], counts["region"], expiring)


class OverviewPage(QWidget):
    open_list = Signal(str, bool)  # kind, expiring only

    def __init__(self, reg: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.setObjectName("page_overview")
        self.overview: Overview | None = None
        self._loading: workers.Op[Overview] | None = None

        self.institute_label = QLabel()
        self.institute_label.setObjectName("institute")
        font = QFont(self.institute_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.institute_label.setFont(font)
        self.institute_detail = QLabel()
        self.institute_detail.setObjectName("institute_detail")
        self.institute_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.institute_detail.setWordWrap(True)
        self.institute_label.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        heads = (
            self.tr("Own institute"),
            self.tr("Expiring within %n day(s)", "", EXPIRING_DAYS),
            self.tr("Whole region"),
        )
        for col, text in enumerate(heads, start=1):
            head = QLabel(f"<b>{text}</b>")
            head.setWordWrap(True)
            head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(head, 0, col)
        self.count_buttons: dict[tuple[str, str], QToolButton] = {}
        for row, (kind, title) in enumerate(KIND_TITLES.items(), start=1):
            grid.addWidget(QLabel(QCoreApplication.translate("OverviewPage", title)), row, 0)
            for col, which in enumerate(("own", "expiring", "region"), start=1):
                button = QToolButton()  # unlike a flat QPushButton, no 80-pixel minimum width
                button.setText("–")
                button.setObjectName(f"{kind}_{which}")
                button.setAutoRaise(True)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setProperty("kind", kind)
                button.setProperty("expiring", which == "expiring")
                if which == "region":
                    button.setEnabled(False)  # the region lists come with the inventory page
                else:
                    button.clicked.connect(self._open_list)
                grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignRight)
                self.count_buttons[(kind, which)] = button
        grid.setColumnStretch(4, 1)
        self.institutes_label = QLabel()
        self.institutes_label.setObjectName("institutes")
        self.institutes_label.setWordWrap(True)

        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.institute_label)
        layout.addWidget(self.institute_detail)
        layout.addSpacing(16)
        layout.addLayout(grid)
        layout.addWidget(self.institutes_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        super().showEvent(event)
        if self.overview is None and self._loading is None:
            self.refresh()

    def refresh(self) -> None:
        if self._loading is not None and not self._loading.done:
            return
        reg = self.reg
        self.refresh_button.setEnabled(False)
        self._loading = (
            workers.Op(lambda _progress: load_overview(reg), parent=self)
            .success(self.show_overview)
            .failure(self._failed)
            .run()
        )

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        from ui import errors

        errors.show_exception(self, exc)

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        self.refresh_button.setEnabled(True)
        inst = overview.institute
        if inst is None:
            self.institute_label.setText(self.tr("No own institute yet"))
            self.institute_detail.setText(
                self.tr("Create it with: labregistry init --name NAME --uscc CODE --province P --city CITY")
            )
        else:
            self.institute_label.setText(str(inst.get("name") or ""))
            province = labels.enum_label("province", inst.get("province"), i18n.core_lang())
            self.institute_detail.setText(
                self.tr("USCC %1 · %2 %3")
                .replace("%1", str(inst.get("uscc") or ""))
                .replace("%2", province)
                .replace("%3", str(inst.get("city") or ""))
            )
        locale = self.locale()
        for (kind, which), button in self.count_buttons.items():
            value = {"own": overview.own, "expiring": overview.expiring, "region": overview.region}[which]
            button.setText(locale.toString(int(value.get(kind, 0))))
        self.institutes_label.setText(
            self.tr(
                "%Ln institute(s) in the region, including the own", "", overview.region.get("institutes", 0)
            )
        )

    def _open_list(self) -> None:
        button = self.sender()
        if isinstance(button, QToolButton):
            self.open_list.emit(str(button.property("kind")), bool(button.property("expiring")))
