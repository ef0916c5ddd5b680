"""Settings: the own institute and the operator corrected after set-up, and a data folder
chosen once in the app that opens on the next start without options."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from labregistry.domain.records import InstituteInput
from labregistry.registry import Registry
from labregistry.services import institutes, setup
from tests.conftest import PASSPHRASE
from tests.ui.conftest import Answers, make_registry, registry_in
from ui import data_folder, files
from ui.main_window import MainWindow
from ui.missing_home import MissingHomeBox
from ui.pages.settings_page import SettingsPage
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton
USCC = "12310000425011300H"


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Registry]:
    reg = make_registry(tmp_path / "home")
    setup.init_registry(reg, InstituteInput(name="上海市计量测试技术研究院", uscc=USCC, province="上海", city="上海"),
                        PASSPHRASE, operator="李工")
    yield reg
    reg.close()


@pytest.fixture
def page(own: Registry, tmp_path: Path, qtbot: Any) -> SettingsPage:
    page = SettingsPage(own, Settings(tmp_path / "ui-settings.ini"))
    qtbot.addWidget(page)
    page.show()
    return page


def line(page: SettingsPage, key: str) -> QLineEdit:
    widget = page.institute.form.editors[key]
    assert isinstance(widget, QLineEdit)
    return widget


def test_the_institute_is_corrected_in_settings(page: SettingsPage, own: Registry, qtbot: Any) -> None:
    assert line(page, "name").text() == "上海市计量测试技术研究院"
    line(page, "city").setText("上海市")
    line(page, "address").setText("张衡路 1500 号")
    kind = page.institute.form.editors["kind"]
    assert isinstance(kind, QComboBox)
    with qtbot.waitSignal(page.institute_changed):
        qtbot.mouseClick(page.institute.save_button, LEFT)
    saved = institutes.own_institute(own)
    assert saved is not None and (saved["city"], saved["address"]) == ("上海市", "张衡路 1500 号")
    assert page.institute.message.level == "ok"


def test_the_credit_code_is_shown_but_not_editable_and_says_why(page: SettingsPage) -> None:
    uscc = line(page, "uscc")
    assert uscc.text() == USCC and uscc.isReadOnly()
    assert "signing key" in uscc.toolTip()


def test_a_wrong_value_is_shown_at_its_field_and_nothing_is_saved(page: SettingsPage, own: Registry, qtbot: Any) -> None:
    line(page, "name").setText("")
    qtbot.mouseClick(page.institute.save_button, LEFT)
    message = page.institute.form.messages["name"]
    assert message.isVisible() and message.level == "error"
    assert institutes.own_institute(own)["name"] == "上海市计量测试技术研究院"  # type: ignore[index]


def test_the_operator_is_changed_in_settings(page: SettingsPage, own: Registry, qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("LABREGISTRY_OPERATOR", raising=False)
    assert page.institute.operator.text() == "李工"
    page.institute.operator.setText("王质量")
    qtbot.mouseClick(page.institute.operator_button, LEFT)
    assert own.operator() == "王质量"
    assert page.institute.operator_message.level == "ok"


@pytest.fixture
def default_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's data folder, here a folder of the test."""
    from labregistry import config

    folder = tmp_path / "default-home"
    monkeypatch.setattr(config, "default_home", lambda: folder)
    return folder


@pytest.mark.sqlite_only  # a data folder's own database file
def test_a_data_folder_chosen_in_settings_opens_now_and_on_the_next_start(
    tmp_path: Path, default_home: Path, started: Any, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    first = registry_in(default_home)
    other = registry_in(tmp_path / "D盘" / "计量数据")
    controller = started(lang="en")
    assert controller is not None and controller.reg.home.path == first
    assert data_folder.remembered() is None  # the default: nothing written outside it
    monkeypatch.setattr(files, "open_folder", lambda *a: other)
    window = controller.window
    assert isinstance(window, MainWindow)
    window.show_page("settings")
    qtbot.mouseClick(window.settings_page.change_folder, LEFT)
    assert controller.reg.home.path == other and controller.window is not window
    assert controller.window.settings_page.data_folder.text() == str(other)
    assert data_folder.remembered() == other
    controller.close()
    again = started(lang="en")  # no --home, no LABREGISTRY_HOME
    assert again is not None and again.reg.home.path == other


@pytest.mark.sqlite_only  # a data folder's own database file
def test_a_remembered_folder_on_a_drive_not_connected_is_asked_about(
    tmp_path: Path, default_home: Path, started: Any, answer: Answers
) -> None:
    gone = tmp_path / "U盘" / "registry"
    gone.mkdir(parents=True)
    data_folder.remember(gone)
    gone.rmdir()
    answer.on(MissingHomeBox, lambda box: box.quit_button.click() or 0)
    assert started(lang="en") is None
    assert [b.text() for b in answer.of(MissingHomeBox)] == [f"There is no LabRegistry data folder at {gone}."]
    assert not gone.exists()


@pytest.mark.sqlite_only  # a data folder's own database file
def test_a_home_named_on_the_command_line_wins_and_is_not_remembered(
    tmp_path: Path, default_home: Path, started: Any
) -> None:
    remembered = registry_in(tmp_path / "remembered")
    named = registry_in(tmp_path / "named")
    data_folder.remember(remembered)
    controller = started(home=named, lang="en")
    assert controller is not None and controller.reg.home.path == named
    assert data_folder.remembered() == remembered
    assert data_folder.config_dir() == tmp_path / "app-config"  # never the developer's own
