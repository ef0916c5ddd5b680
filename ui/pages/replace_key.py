"""The confirmation before a second key of an institute replaces the one trusted now.

Shared by the trusted-keys panel (:class:`ui.pages.exchange_page.TrustDialog`) and the
import wizard's trust step: ``trust add --replace`` on the command line prints the same
warning on stderr.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui import dialogs


def confirm_replacement(parent: QWidget, replaces: Any, uscc: str, key_id: str) -> bool:
    """Ask before trusting a second key of an institute: which key it replaces, and that
    bundles signed with that key are refused from then on. ``replaces``: the plan's keys."""
    old = "\n".join(
        f"{r['key_id']}  {r.get('institute_name') or ''}\n{r['fingerprint']}" for r in replaces
    )
    return dialogs.confirm(
        parent,
        QCoreApplication.translate("TrustDialog", "Replace a trusted key"),
        QCoreApplication.translate(
            "TrustDialog", "Institute %1 already has a trusted key. Replace it with the key %2?"
        ).replace("%1", uscc).replace("%2", key_id),
        QCoreApplication.translate(
            "TrustDialog",
            "No rotation statement links the two keys. Replace only after the institute told you by phone "
            "that it really replaced its key. The key replaced:\n%1\nBundles signed with it will be refused "
            "from now on.",
        ).replace("%1", old),
        ok_text=QCoreApplication.translate("TrustDialog", "Replace the key"),
        warning=True,
    )
