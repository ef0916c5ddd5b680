"""The packaging smoke check's hook: ``LABREGISTRY_SMOKE=FILE`` starts the app, and once
the main window is shown writes what it shows to FILE (JSON) and quits with 0.

For packaging/smoke.sh and the cold-start benchmark: a frozen build, even the windowed
Windows executable that has no console, proves it reaches its main window (in which
language, with which icon) and when, without anyone looking at the screen.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QListWidget

ENV = "LABREGISTRY_SMOKE"


def arm(app: QApplication, window_of: object) -> None:
    """When ``LABREGISTRY_SMOKE`` is set: report and quit right after the first shown frame.
    ``window_of`` is the AppController (its window may be rebuilt before the event loop)."""
    target = os.environ.get(ENV)
    if not target:
        return

    def report() -> None:
        window = getattr(window_of, "window", None)
        navigation = window.findChild(QListWidget, "navigation") if window is not None else None
        facts = {
            "shown_at": time.time(),  # the caller's clock started before it ran the program
            "visible": bool(window is not None and window.isVisible()),
            "title": window.windowTitle() if window is not None else None,
            "navigation": [navigation.item(i).text() for i in range(navigation.count())] if navigation else [],
            "icon_sizes": sorted({s.width() for s in app.windowIcon().availableSizes()}),
            "platform": app.platformName(),
        }
        Path(target).write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        app.quit()

    QTimer.singleShot(0, report)  # runs once the event loop has shown the window
