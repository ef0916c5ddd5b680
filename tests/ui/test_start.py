"""Starting on an empty home (first run) and on a damaged database (restore the newest good backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QPushButton

from labregistry.registry import open_registry
from labregistry.services import backups, exchange, listing
from tests.dbstate import corrupt_sqlite
from tests.ui.conftest import Answers, add_institutes, add_standards, make_registry, registry_in, standard_row
from ui import files
from ui.damaged import DamagedDatabaseDialog
from ui.first_run import FirstRunDialog
from ui.missing_home import MissingHomeBox

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def default_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's data folder, here a new folder of the test (as on a first start)."""
    from labregistry import config

    folder = tmp_path / "default-home"
    monkeypatch.setattr(config, "default_home", lambda: folder)
    return folder


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
        dialog.passphrase.setText("123100004250112905")  # the institute's own code: refused, still open
        dialog.passphrase_again.setText("123100004250112905")
        qtbot.mouseClick(dialog.create_button, LEFT)
        seen["own code"] = dialog.passphrase_message.text()
        assert dialog.result() == 0
        dialog.passphrase.setText("correct horse")
        dialog.passphrase_again.setText("correct horse")
        dialog.demo.setChecked(True)
        dialog.demo_count.setValue(30)
        qtbot.mouseClick(dialog.create_button, LEFT)  # the op runs inline in tests
        return dialog.result()

    answer.on(FirstRunDialog, fill)
    controller = started(lang="en")  # the default data folder, new on the first start
    assert controller is not None
    assert "should be 5, not X" in seen["wrong"]
    assert seen["mismatch"] == "the two passphrases typed do not match"
    assert seen["own code"] == "the passphrase must not be the institute's name or credit code: anyone can read them"
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
    registry_in(tmp_path / "other")
    monkeypatch.setattr(files, "open_folder", lambda *a: tmp_path / "other")
    answer.on(FirstRunDialog, lambda dialog: dialog.open_other() or dialog.result())
    controller = started(lang="en")
    assert controller is not None and controller.reg.home.path == (tmp_path / "other")
    assert len(answer.of(FirstRunDialog)) == 1
    assert controller.settings.path.parent == tmp_path / "other"


def test_later_opens_the_window_without_an_institute(tmp_path: Path, started: Any, answer: Answers) -> None:
    answer.on(FirstRunDialog, lambda dialog: QDialog.DialogCode.Rejected)
    controller = started(lang="en")
    assert controller is not None and controller.window is not None
    controller.window.show_page("overview")
    assert controller.window.overview.setup_button.isVisible()


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
    corrupt_sqlite(home / "labregistry.db")

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
    corrupt_sqlite(home / "labregistry.db")

    def quit_(dialog: DamagedDatabaseDialog) -> int:
        assert not dialog.restore_button.isEnabled()  # no backup to offer
        assert "No good backup was found" in dialog.offer.text()
        dialog.quit_button.click()
        return dialog.result()

    answer.on(DamagedDatabaseDialog, quit_)
    assert started(home=home, lang="en") is None
    assert len(answer.of(DamagedDatabaseDialog)) == 1


def test_on_start_the_app_tells_what_is_overdue_without_blocking(tmp_path: Path, started: Any, qtbot: Any) -> None:
    import datetime as dt

    from labregistry.domain.records import InstrumentInput
    from labregistry.services import records
    from tests.certificates.helpers import make_registry as make_certified, pressure_standard
    from ui.overdue import OverdueNotice

    today = dt.date.today()
    reg, _ = make_certified(tmp_path / "home")  # one standard, calibrated until 2027
    records.create_standard(reg, pressure_standard(  # in force, its main instrument overdue
        certificate_no="[2024]沪量标证字第0002号", issued_on=str(today - dt.timedelta(days=300)),
        valid_until=str(today + dt.timedelta(days=900)),
        instruments=[InstrumentInput(name="活塞式压力计", calibration_due=str(today - dt.timedelta(days=3)))]))
    records.create_standard(reg, pressure_standard(  # usable, its ancillary equipment overdue: a warning
        certificate_no="[2024]沪量标证字第0004号", issued_on=str(today - dt.timedelta(days=300)),
        valid_until=str(today + dt.timedelta(days=900)),
        instruments=[InstrumentInput(name="数字压力计", calibration_due=str(today + dt.timedelta(days=200))),
                     InstrumentInput(name="压力泵", role="ancillary", calibration_due=str(today - dt.timedelta(days=2)))]))
    records.create_standard(reg, pressure_standard(  # its certificate ended last month
        certificate_no="[2020]沪量标证字第0003号", issued_on=str(today - dt.timedelta(days=1490)),
        valid_until=str(today - dt.timedelta(days=30))))
    reg.close()
    controller = started(home=tmp_path / "home", lang="en")
    assert controller is not None and controller.window is not None
    window = controller.window
    notice = window.overdue_notice
    assert isinstance(notice, OverdueNotice) and notice.isVisible()
    assert not notice.isModal() and notice.windowModality() == Qt.WindowModality.NonModal  # the window stays usable
    assert QApplication.activeModalWidget() is not notice
    text = notice.body.text()
    assert "1 standard may not be used" in text and "calibration due date: 2 instruments (" in text
    assert "1 of them is ancillary equipment: a warning" in text
    assert "1 assessment certificate of standards has ended" in text
    window.show_page("standards")  # working on while it is shown
    qtbot.mouseClick(notice.overview_button, LEFT)
    assert window.current_page_key() == "overview"
    qtbot.waitUntil(lambda: window.overdue_notice is None)


def test_on_start_the_app_reminds_of_what_falls_due_within_the_window_set(
    tmp_path: Path, started: Any, qtbot: Any
) -> None:
    """Nothing overdue, but a certificate ending in 30 days and an instrument due in 20: with
    the window at 60 days both are said; at 10 days (Settings) there is nothing to say."""
    import datetime as dt

    from labregistry.domain.records import InstrumentInput
    from labregistry.services import records
    from tests.certificates.helpers import make_registry as make_certified, pressure_standard
    from ui import settings as opts
    from ui.settings import Settings

    today = dt.date.today()
    reg, _ = make_certified(tmp_path / "home")
    records.create_standard(reg, pressure_standard(
        certificate_no="[2022]沪量标证字第0004号", issued_on=str(today - dt.timedelta(days=1400)),
        valid_until=str(today + dt.timedelta(days=30)),
        instruments=[InstrumentInput(name="活塞式压力计", calibration_due=str(today + dt.timedelta(days=20)))]))
    reg.close()
    controller = started(home=tmp_path / "home", lang="en")
    notice = controller.window.overdue_notice
    assert notice is not None and notice.windowTitle() == "Reminders"
    assert notice.lines == []  # nothing overdue
    assert notice.soon_lines == [
        "1 instrument to send for calibration.",
        "1 assessment certificate of standards ends (apply for re-examination).",
    ]
    notice.close()
    qtbot.waitUntil(lambda: controller.window.overdue_notice is None)
    Settings.in_home(tmp_path / "home").set(opts.REMINDER_DAYS, 10)
    again = started(home=tmp_path / "home", lang="en")
    assert again.window.overdue_notice is None


def test_reminders_read_after_the_window_closed_show_nothing(tmp_path: Path, started: Any) -> None:
    """Closed before the reminders were read (a slow machine, a quick user): the notice that would
    arrive then must not appear on its own, keeping the app running with no window."""
    import datetime as dt

    from labregistry.services import records
    from tests.certificates.helpers import make_registry as make_certified, pressure_standard
    from ui import core_reads

    today = dt.date.today()
    reg, _ = make_certified(tmp_path / "home")
    records.create_standard(reg, pressure_standard(  # its certificate ended last month
        certificate_no="[2020]沪量标证字第0003号", issued_on=str(today - dt.timedelta(days=1490)),
        valid_until=str(today - dt.timedelta(days=30))))
    reg.close()
    window = started(home=tmp_path / "home", lang="en").window
    late = core_reads.reminders(window.reg, 60)
    assert late.total == 1
    window.close()
    window._show_overdue(late)  # what the reminders worker calls when its read ends
    assert window.overdue_notice is None


def test_nothing_overdue_no_notice(tmp_path: Path, started: Any) -> None:
    from tests.certificates.helpers import make_registry as make_certified

    reg, _ = make_certified(tmp_path / "home")  # its certificate and instruments run to 2027 and later
    reg.close()
    controller = started(home=tmp_path / "home", lang="en")
    assert controller is not None and controller.window is not None
    assert controller.window.overdue_notice is None


# ---------------------------------------------------------------- a data folder named at start, without a registry


def _click(name: str) -> Any:
    def handler(box: MissingHomeBox) -> int:
        box.findChild(QPushButton, name).click()
        return 0

    return handler


@pytest.mark.sqlite_only  # a server database is not in the folder
def test_a_named_folder_without_a_registry_is_asked_about_not_made(
    tmp_path: Path, started: Any, answer: Answers
) -> None:
    typo = tmp_path / "LabRegistyr"
    seen: list[str] = []

    def quit_(box: MissingHomeBox) -> int:
        seen.append(box.text())
        return _click("quit")(box)

    answer.on(MissingHomeBox, quit_)
    assert started(home=typo, lang="en") is None
    assert seen == [f"There is no LabRegistry data folder at {typo}."]
    assert not typo.exists()


@pytest.mark.sqlite_only  # a server database is not in the folder
def test_create_here_goes_on_to_the_first_run(tmp_path: Path, started: Any, answer: Answers) -> None:
    new = tmp_path / "new registry"
    answer.on(MissingHomeBox, _click("create_home"))
    answer.on(FirstRunDialog, lambda dialog: QDialog.DialogCode.Rejected)
    controller = started(home=new, lang="en")
    assert controller is not None and controller.reg.home.path == new
    assert (new / "labregistry.db").exists()
    assert [type(d) for d in answer.shown] == [MissingHomeBox, FirstRunDialog]


@pytest.mark.sqlite_only  # a server database is not in the folder
def test_choose_another_folder_opens_the_registry_there(
    tmp_path: Path, started: Any, answer: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry_in(tmp_path / "on the stick")
    empty = tmp_path / "empty"
    empty.mkdir()
    picks = iter([empty, tmp_path / "on the stick"])  # first a folder without one: asked again
    monkeypatch.setattr(files, "open_folder", lambda *a: next(picks))
    answer.on(MissingHomeBox, _click("choose_home"))
    monkeypatch.setenv("LABREGISTRY_HOME", str(tmp_path / "typo"))
    controller = started(lang="en")
    assert controller is not None and controller.reg.home.path == tmp_path / "on the stick"
    boxes = answer.of(MissingHomeBox)
    assert [b.text() for b in boxes] == [f"There is no LabRegistry data folder at {p}."
                                         for p in (tmp_path / "typo", empty)]
    assert not (tmp_path / "typo").exists() and sorted(p.name for p in empty.iterdir()) == []
