"""Export and import show their phases in a progress dialog whose Cancel really stops them:
no file, no bundle number used, the database exactly as before.

The ops run inline (synchronous executor); the user's click on Cancel is made at a chosen
phase by a thin wrapper around the real service, which then goes on with the real callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget, QWizard

from labregistry.services import exchange
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, db_state, make_site
from tests.ui.conftest import Answers, passphrase_answer
from ui import files
from ui.main_window import MainWindow
from ui.widgets.passphrase import PassphraseDialog


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Site]:
    site = make_site(tmp_path, "B", standards=8, seed=2)
    yield site
    site.reg.close()


class AtPhase:
    """Wraps a service: at each phase, looks at the op's progress dialog (under ``owner``),
    may click its Cancel button there, then reports the phase on as the app does."""

    def __init__(self, owner: Callable[[], QWidget], cancel_at: str | None) -> None:
        self.owner = owner
        self.cancel_at = cancel_at
        self.seen: list[tuple[str, str, bool]] = []  # phase, dialog text, Cancel enabled

    def dialog(self) -> QProgressDialog:
        [dialog] = [d for d in self.owner().findChildren(QProgressDialog) if d.parent() is self.owner()]
        return dialog

    def wrap(self, service: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
            if progress is None or kwargs.get("dry_run"):
                return service(*args, progress=progress, **kwargs)

            def report(phase: str, done: int, total: int) -> None:
                button = self.dialog().findChild(QPushButton)
                if phase == self.cancel_at:
                    button.click()  # what the user does
                progress(phase, done, total)
                self.seen.append((phase, self.dialog().labelText(), button.isEnabled()))

            return service(*args, progress=report, **kwargs)

        return wrapped


def export_with(
    window: MainWindow, answer: Answers, monkeypatch: pytest.MonkeyPatch, out: Path, cancel_at: str | None
) -> AtPhase:
    panel = window.exchange_page.export_panel
    at = AtPhase(lambda: panel, cancel_at)
    monkeypatch.setattr(exchange, "export_bundle", at.wrap(exchange.export_bundle))
    monkeypatch.setattr(files, "save_path", lambda *a: out)
    answer.on(PassphraseDialog, passphrase_answer(PASSPHRASE))
    window.start_export()
    return at


@pytest.mark.parametrize("phase", ["unlocking", "reading"])
def test_cancelling_an_export_writes_nothing(
    window: MainWindow,
    own: Site,
    tmp_path: Path,
    answer: Answers,
    monkeypatch: pytest.MonkeyPatch,
    phase: str,
) -> None:
    before = db_state(own.reg)
    out = tmp_path / "jiangsu.xlsx"
    at = export_with(window, answer, monkeypatch, out, cancel_at=phase)
    panel = window.exchange_page.export_panel
    assert panel.message.text() == "Export cancelled: no bundle was written."
    assert panel.export_button.isEnabled() and not panel.result_box.isVisible()
    assert not out.exists() and db_state(own.reg) == before
    phases = ["unlocking", "reading"]
    assert [p for p, _, _ in at.seen] == phases[: phases.index(phase)]  # stopped at the phase cancelled


def test_an_export_shows_its_phases_and_cannot_be_cancelled_once_writing(
    window: MainWindow, own: Site, tmp_path: Path, answer: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "jiangsu.xlsx"
    at = export_with(window, answer, monkeypatch, out, cancel_at=None)
    assert at.seen == [
        ("unlocking", "Unlocking the institute's key ...", True),
        ("reading", "Reading ...", True),
        ("writing", "Signing and writing the bundle ...", False),
    ]
    assert out.is_file() and window.exchange_page.export_panel.result_box.isVisible()
    assert "Bundle No. 1" in window.exchange_page.export_panel.result_text.text()


def test_cancelling_an_import_while_merging_leaves_the_registry_as_it_was(
    window: MainWindow, own: Site, peer: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own.trust(peer, tmp_path)
    bundle = peer.export(tmp_path / "shanghai-1.xlsx")
    wizard = window.start_import(bundle)
    wizard.next()
    assert wizard.verify_page.headline.text().startswith("✓ Genuine")
    wizard.next()
    assert wizard.preview_page.tree.topLevelItemCount() == 3
    at = AtPhase(lambda: wizard.done_page, cancel_at="merging")
    monkeypatch.setattr(exchange, "import_bundle", at.wrap(exchange.import_bundle))
    before = db_state(own.reg)
    wizard.button(QWizard.WizardButton.CommitButton).click()

    done = wizard.done_page
    assert wizard.currentPage() is done and done.cancelled
    assert done.outcome.text() == "Import cancelled; nothing was changed."
    # the previewed plan is merged: verified and compared again inside the merge, not before
    assert [p for p, _, _ in at.seen] == ["reading", "backup"]
    assert db_state(own.reg) == before
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.button(QWizard.WizardButton.FinishButton).click()

    # nothing was taken: the same bundle imports in full afterwards, the phases in words
    at.cancel_at = None
    wizard = window.start_import(bundle)
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.done_page.outcome.text() == "✓ Imported."
    merging = [(text, enabled) for phase, text, enabled in at.seen if phase == "merging"]
    assert merging and merging[-1][0].startswith("Merging: ") and merging[-1][0].endswith(" records ...")
    assert all(enabled for _, enabled in merging)
    assert at.seen[-1] == ("saving", "Saving ...", False)
