"""Starting the app: main(), the language it starts in, switching language, open errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListWidget, QMessageBox

from labregistry.registry import Registry
from ui import app as ui_app
from ui import i18n
from ui import settings as opts
from ui.main_window import MainWindow
from ui.settings import SETTINGS_FILE, Settings


def nav_titles(window: MainWindow) -> list[str]:
    nav = window.findChild(QListWidget, "navigation")
    return [nav.item(i).text() for i in range(nav.count())]


@pytest.fixture
def started(qtbot: Any) -> Any:
    controllers: list[ui_app.AppController] = []

    def start(**kw: Any) -> ui_app.AppController:
        controller = ui_app.start(**kw)
        assert controller is not None and controller.window is not None
        controllers.append(controller)
        return controller

    yield start
    for controller in controllers:
        controller.close()


def test_starts_in_chinese_by_default(small_registry: Registry, started: Any) -> None:
    controller = started(home=small_registry.home.path)
    assert i18n.current_language() == "zh_CN" and i18n.core_lang() == "zh"
    assert nav_titles(controller.window)[:4] == ["总览", "计量标准", "计量授权", "人员"]
    assert controller.window.record_pages["standards"].model.rowCount() == 5
    controller.close()
    assert (small_registry.home.path / SETTINGS_FILE).exists()  # settings live in the home


def test_language_comes_from_flag_then_settings_then_environment(
    small_registry: Registry, started: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = small_registry.home.path
    monkeypatch.setenv("LABREGISTRY_LANG", "en")
    controller = started(home=home)
    assert nav_titles(controller.window)[0] == "Overview"
    controller.close()
    Settings.in_home(home).set(opts.LANGUAGE, "zh_CN")
    controller = started(home=home)
    assert nav_titles(controller.window)[0] == "总览"
    controller.close()
    controller = started(home=home, lang="en")
    assert nav_titles(controller.window)[0] == "Overview"
    assert i18n.resolve_language(None, None) == "en"  # the environment
    monkeypatch.delenv("LABREGISTRY_LANG")
    assert i18n.resolve_language(None, "") == "zh_CN"


def test_switching_language_in_settings_rebuilds_the_window_and_is_remembered(
    small_registry: Registry, started: Any, qtbot: Any
) -> None:
    home = small_registry.home.path
    controller = started(home=home)
    old = controller.window
    old.show_page("staff")
    old.inventory_page.text.setText("压力")
    old.inventory_page.unit.setText("MPa")
    old.inventory_page.provinces["江苏"].setChecked(True)
    old.record_pages["standards"].search.setText("砝码")
    page = old.settings_page
    page.language.setCurrentIndex(page.language.findData("en"))
    qtbot.mouseClick(page.apply_button, qtbot_left())
    new = controller.window
    assert new is not old and new.isVisible() and not old.isVisible()
    assert nav_titles(new)[:4] == ["Overview", "Measurement standards", "Authorisations", "Staff"]
    assert new.current_page_key() == "staff"  # where the user was
    searched = new.inventory_page.inputs()  # the regional search survives the switch
    assert (searched["text"], searched["unit"], searched["provinces"]) == ("压力", "MPa", ["江苏"])
    assert new.record_pages["standards"].search.text() == "砝码"
    assert new.record_pages["staff"].count_label.text() == "2 records"
    assert Settings.in_home(home).get(opts.LANGUAGE) == "en"
    controller.close()

    controller = started(home=home)  # a real restart: the saved choice wins over the default
    assert nav_titles(controller.window)[0] == "Overview"
    controller.switch_language("zh_CN")
    assert nav_titles(controller.window)[0] == "总览"


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_main_runs_the_app_until_the_window_closes(small_registry: Registry) -> None:
    """A real start in its own process (``app.exec()`` inside pytest-qt's application would
    leave Qt's posted-event queue stalled for the tests after it)."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui import app\n"
        "from ui.main_window import MainWindow\n"
        "def check_and_close():\n"
        "    (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]\n"
        "    print(window.current_page_key(), window.record_pages['standards'].model.rowCount(),\n"
        "          window.navigation.item(0).text(), flush=True)\n"
        "    window.close()\n"
        "app.application()  # the timer needs the application main() then reuses\n"
        "QTimer.singleShot(300, check_and_close)\n"
        "sys.exit(app.main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "--home", str(small_registry.home.path), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["standards", "5", "Overview"]
    assert "Traceback" not in proc.stderr


NOT_AT_START = (  # what the first page does not need, and the start therefore never loads
    "reportlab",  # the certificates page's PDFs
    "labregistry.certificates.layout",
    "openpyxl",  # list reports to Excel, ledgers
    "cryptography",  # signatures: exchange, certificates, keys
    "labregistry.exchange",
    "pypdfium2",  # certificate previews
)


def test_the_start_loads_no_page_it_does_not_show(small_registry: Registry) -> None:
    """The installed app's start to its window is to stay under 2 s (issue 16): a page and
    its libraries (reportlab 0.2 s, the bundle format and cryptography ...) load when first
    shown. A real start in its own process, as ``labregistry gui``, looked at once the main
    window is shown and its reads are done; on the overview (it lists the bundles received,
    and loads the record lists' modules too, as every start does)."""
    settings = Settings.in_home(small_registry.home.path)
    settings.set(opts.LAST_PAGE, "overview")
    settings.sync()
    script = (
        "import json, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui import app, workers\n"
        "from ui.main_window import MainWindow\n"
        "def report():\n"
        "    if workers.running():  # the overview and the reminders are read in the background\n"
        "        return QTimer.singleShot(10, report)\n"
        "    (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in NOT or m in NOT)\n"
        "    print(json.dumps([window.isVisible(), window.current_page_key(), loaded]), flush=True)\n"
        "    window.close()\n"
        f"NOT = {NOT_AT_START!r}\n"
        "app.application()\n"
        "QTimer.singleShot(0, report)\n"
        "sys.exit(app.main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "--home", str(small_registry.home.path)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    visible, page, loaded = json.loads(proc.stdout.splitlines()[-1])
    assert visible and page == "overview"
    assert loaded == []


def _smoke(home: Path, tmp_path: Path, *cli_args: str) -> dict[str, Any]:
    """``labregistry [ARGS] gui`` as packaging/smoke.sh runs it (LABREGISTRY_SMOKE)."""
    report = tmp_path / "smoke.json"
    report.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "labregistry", "--home", str(home), *cli_args, "gui"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LABREGISTRY_SMOKE": str(report)},
    )
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(report.read_text(encoding="utf-8")))


def test_the_smoke_hook_reports_the_shown_main_window_and_quits(small_registry: Registry, tmp_path: Path) -> None:
    shown = _smoke(small_registry.home.path, tmp_path)
    assert shown["visible"] is True and shown["platform"] == "offscreen"
    assert shown["navigation"][:2] == ["总览", "计量标准"]
    assert 16 in shown["icon_sizes"] and 256 in shown["icon_sizes"]


def test_labregistry_gui_starts_in_the_language_saved_in_its_settings(small_registry: Registry, tmp_path: Path) -> None:
    """``labregistry gui`` (./run.sh) used to pass the CLI's default language as if chosen,
    so English chosen under Settings came back as Chinese at every start."""
    home = small_registry.home.path
    Settings.in_home(home).set(opts.LANGUAGE, "en")
    assert _smoke(home, tmp_path)["navigation"][0] == "Overview"
    assert _smoke(home, tmp_path, "--lang", "zh")["navigation"][0] == "总览"  # the flag still wins


@pytest.mark.parametrize(("lang", "expected"), [("en", "cannot be opened"), ("zh", "无法打开")])
def test_a_registry_that_cannot_open_is_explained_not_traced(
    tmp_path: Path, dialogs: list[Any], lang: str, expected: str
) -> None:
    code = ui_app.main([], home=tmp_path / "home", db_url="nosuchdriver://nowhere/db", lang=lang)
    assert code == 1
    (box,) = dialogs
    assert isinstance(box, QMessageBox)
    assert expected in box.text()
    assert "--db" in box.informativeText() and "LABREGISTRY_DB" in box.informativeText()
    assert "Traceback" not in box.informativeText()


def test_a_malformed_message_catalogue_is_named_at_start_before_any_window(
    tmp_path: Path, dialogs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator's slip in a messages.toml (a code without its English) stops the app at
    its start with a dialog naming the file and the code, not a crash at some later text."""
    broken = tmp_path / "messages.toml"
    broken.write_text('["zz.broken"]\nzh = "只有中文"\n', encoding="utf-8")
    monkeypatch.setattr(i18n.core_i18n, "catalogue_files", lambda: [broken])
    monkeypatch.setattr(i18n.core_i18n, "_from_files", None)  # read again, from the broken file
    assert ui_app.main([], home=tmp_path / "home", lang="en") == 1
    (box,) = dialogs
    assert isinstance(box, QMessageBox)
    assert f"{broken}: ['zz.broken']" in box.text() and "has no en text" in box.text()
    assert not (tmp_path / "home").exists()  # nothing opened, nothing written


def test_a_database_of_a_newer_version_is_a_domain_error_in_the_ui_language(
    tmp_path: Path, dialogs: list[Any]
) -> None:
    """A real database whose schema revision this version does not know (a newer app wrote it)."""
    from sqlalchemy import text

    from labregistry.registry import open_registry
    from tests.dbstate import dump_engine

    reg = open_registry(tmp_path / "home", logging=False)
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    state = dump_engine(reg.engine)
    assert ui_app.main([], home=tmp_path / "home", lang="zh") == 1
    (box,) = dialogs
    assert "数据库由更新版本的 LabRegistry 创建（版本 9999），请升级软件" in box.informativeText()
    assert dump_engine(reg.engine) == state
    reg.close()


def test_parse_args_leaves_qt_arguments() -> None:
    args, rest = ui_app.parse_args(["--home", "/x", "--lang", "en", "-style", "fusion"])
    assert args.home == "/x" and args.lang == "en" and args.db is None
    assert rest == ["-style", "fusion"]


def test_settings_keep_the_reminder_window_and_the_certificates_language(
    small_registry: Registry, started: Any
) -> None:
    home = small_registry.home.path
    controller = started(home=home)
    page = controller.window.settings_page
    assert page.reminder_days.value() == 60  # the default
    page.reminder_days.setValue(90)
    page.certificate_language.setCurrentIndex(page.certificate_language.findData("zh+en"))
    assert controller.window.certificates_page.language.currentData() == "zh+en"  # the default from now on
    controller.close()
    saved = Settings.in_home(home)
    assert saved.get(opts.REMINDER_DAYS) == 90 and saved.get(opts.CERTIFICATE_LANGUAGE) == "zh+en"
    again = started(home=home)  # a restart: the choices hold
    assert again.window.settings_page.reminder_days.value() == 90
    assert again.window.certificates_page.language.currentData() == "zh+en"
