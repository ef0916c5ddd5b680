"""Starting on an empty home (first run) and on a damaged database (restore the newest good backup)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from labregistry.registry import open_registry
from labregistry.services import backups, exchange, listing
from tests.ui.conftest import Answers, add_institutes, add_standards, make_registry, standard_row
from ui import app as ui_app
from ui import files
from ui.damaged import DamagedDatabaseDialog
from ui.first_run import FirstRunDialog

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def started(sync_workers: None) -> Iterator[Any]:
    controllers: list[ui_app.AppController] = []

    def start(**kw: Any) -> ui_app.AppController | None:
        controller = ui_app.start(**kw)
        if controller is not None:
            controllers.append(controller)
        return controller

    yield start
    for controller in controllers:
        controller.close()


def test_first_run_creates_the_institute_its_key_and_demo_data(
    tmp_path: Path, started: Any, answer: Answers, qtbot: Any
) -> None:
    seen: dict[str, Any] = {}

    def fill(dialog: FirstRunDialog) -> int:
        form = dialog.form
        name = form.editors["name"]
        assert isinstance(name, QLineEdit)
        name.setText("上海市计量测试技术研究院")
        qtbot.keyClicks(dialog.uscc, "12310000425011290X")  # a wrong check character
        message = form.messages["uscc"]
        seen["wrong"] = message.text()
        assert message.level == "error" and dialog.uscc.property("invalid")
        dialog.uscc.setText("123100004250112905")
        assert message.level == "ok" and not dialog.uscc.property("invalid")
        province = form.editors["province"]
        assert isinstance(province, QComboBox) and province.currentData() == "上海"  # from the code's region
        city = form.editors["city"]
        assert isinstance(city, QLineEdit)
        city.setText("上海")
        dialog.operator.setText("王丽华")
        qtbot.keyClicks(dialog.passphrase, "correct horse")
        qtbot.keyClicks(dialog.passphrase_again, "correct hose")
        qtbot.mouseClick(dialog.create_button, LEFT)
        seen["mismatch"] = dialog.passphrase_message.text()
        assert dialog.result() == 0  # still open
        dialog.passphrase_again.setText("correct horse")
        dialog.demo.setChecked(True)
        dialog.demo_count.setValue(30)
        qtbot.mouseClick(dialog.create_button, LEFT)  # the op runs inline in tests
        return dialog.result()

    answer.on(FirstRunDialog, fill)
    controller = started(home=tmp_path / "home", lang="en")
    assert controller is not None
    assert "should be 5, not X" in seen["wrong"]
    assert seen["mismatch"] == "the two passphrases typed do not match"
    reg = controller.reg
    summary = exchange.key_summary(reg)
    assert summary["uscc"] == "123100004250112905"
    assert reg.operator() == "王丽华"
    assert listing.stats(reg)["own"]["standards"] == 30
    window = controller.window
    assert window is not None
    assert window.record_pages["standards"].model.rowCount() == 30
    window.show_page("overview")
    assert window.overview.institute_label.text() == "上海市计量测试技术研究院"
    assert not window.overview.setup_button.isVisible()


def test_first_run_can_open_another_data_folder_instead(
    tmp_path: Path, started: Any, answer: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_registry(tmp_path / "other")
    add_institutes(other)
    other.close()
    monkeypatch.setattr(files, "open_folder", lambda *a: tmp_path / "other")
    answer.on(FirstRunDialog, lambda dialog: dialog.open_other() or dialog.result())
    controller = started(home=tmp_path / "empty", lang="en")
    assert controller is not None and controller.reg.home.path == (tmp_path / "other")
    assert len(answer.of(FirstRunDialog)) == 1
    assert controller.settings.path.parent == tmp_path / "other"


def test_later_opens_the_window_without_an_institute(tmp_path: Path, started: Any, answer: Answers) -> None:
    answer.on(FirstRunDialog, lambda dialog: QDialog.DialogCode.Rejected)
    controller = started(home=tmp_path / "home", lang="en")
    assert controller is not None and controller.window is not None
    controller.window.show_page("overview")
    assert controller.window.overview.setup_button.isVisible()


def _corrupt(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] = 0x5A
    db.write_bytes(bytes(data))


@pytest.mark.sqlite_only  # a damaged SQLite file; a server keeps its own
def test_a_damaged_database_is_explained_and_the_newest_good_backup_restored(
    tmp_path: Path, started: Any, answer: Answers, today: Any
) -> None:
    import datetime as dt

    home = tmp_path / "home"
    reg = make_registry(home)
    own, _ = add_institutes(reg)
    add_standards(reg, [standard_row(own, n, today + dt.timedelta(days=400)) for n in range(3)])
    good = backups.manual_backup(reg.home)
    add_standards(reg, [standard_row(own, 10, today + dt.timedelta(days=400))])  # after the backup
    reg.close()
    broken = good.with_name("labregistry-29991231T000000000000Z-import.db")  # newer, but broken
    broken.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    _corrupt(home / "labregistry.db")

    seen: dict[str, str] = {}

    def restore(dialog: DamagedDatabaseDialog) -> int:
        seen["detail"] = dialog.detail.text()
        seen["offer"] = dialog.offer.text()
        assert dialog.candidate is not None and dialog.candidate.path == good
        assert dialog.restore_button.isEnabled()
        dialog.restore_button.click()
        return dialog.result()

    answer.on(DamagedDatabaseDialog, restore)
    controller = started(home=home, lang="en")
    assert controller is not None and controller.window is not None
    assert "cannot be read and may be damaged" in seen["detail"]
    assert "The newest good backup was taken" in seen["offer"] and "by hand" in seen["offer"]
    assert controller.window.record_pages["standards"].model.rowCount() == 3  # as at the backup
    aside = list((home / "backups").glob("damaged-*.db"))
    assert len(aside) == 1  # the damaged file is kept, not deleted


@pytest.mark.sqlite_only  # a damaged SQLite file; a server keeps its own
def test_quitting_at_the_damaged_database_dialog_starts_nothing(
    tmp_path: Path, started: Any, answer: Answers
) -> None:
    home = tmp_path / "home"
    reg = open_registry(home, logging=False)
    listing.stats(reg)
    reg.close()
    _corrupt(home / "labregistry.db")

    def quit_(dialog: DamagedDatabaseDialog) -> int:
        assert not dialog.restore_button.isEnabled()  # no backup to offer
        assert "No good backup was found" in dialog.offer.text()
        dialog.quit_button.click()
        return dialog.result()

    answer.on(DamagedDatabaseDialog, quit_)
    assert started(home=home, lang="en") is None
    assert len(answer.of(DamagedDatabaseDialog)) == 1
