"""The main window on a real registry in a temp folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget

from labregistry import faults
from labregistry.registry import Registry
from tests.ui.conftest import CountingSource, make_registry
from ui import i18n
from ui import settings as opts
from ui.main_window import PAGE_KEYS, MainWindow
from ui.models.record_table import RegistrySource
from ui.settings import Settings

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "ui-settings.ini")


@pytest.fixture
def open_window(small_registry: Registry, settings: Settings, qtbot: Any) -> Any:
    def make(**kw: Any) -> MainWindow:
        window = MainWindow(small_registry, settings, **kw)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def names(window: MainWindow, kind: str, key: str = "name") -> list[str]:
    model = window.record_pages[kind].model
    col = model.column_index(key)
    return [model.index(r, col).data(DISPLAY) for r in range(model.rowCount())]


def test_opens_on_the_own_institutes_standards(open_window: Any, small_registry: Registry) -> None:
    window = open_window()
    assert window.current_page_key() == "standards"
    assert window.stack.currentWidget() is window.record_pages["standards"]
    assert sorted(names(window, "standards")) == sorted(
        ["活塞式压力计标准装置", "电能表检定装置", "砝码标准装置", "温度计标准装置", "水表检定装置"]
    )
    page = window.record_pages["standards"]
    assert page.count_label.text() == "5 records"
    assert page.view.visible_column_keys()[:3] == ["certificate_no", "name", "code"]
    assert "institute_name" not in page.view.visible_column_keys()  # own list: no institute column
    location = window.findChild(QLabel, "location")
    assert str(small_registry.home.path) in location.text()
    if small_registry.is_sqlite:  # the file, or the server database by name
        database = f"Database: {small_registry.home.path / 'labregistry.db'}"
    else:
        database = f"Database: {small_registry.engine.url.database} ("
    assert database in location.text()


def test_the_status_bar_shows_a_homes_path_as_written(tmp_path: Path, settings: Settings, qtbot: Any) -> None:
    """A home with Chinese, spaces or '#' was shown as 'sqlite:///…/%E5%AE%9E…%20%231/labregistry.db';
    the status bar says the path as `db status` does."""
    reg = make_registry(tmp_path / "实验室 数据 #1")
    try:
        window = MainWindow(reg, settings)
        qtbot.addWidget(window)
        text = window.findChild(QLabel, "location").text()
        place = faults.where_of(reg.home).place()
        assert text == f"Data folder: {reg.home.path}    Database: {place}"
        if reg.is_sqlite:
            assert place == str(tmp_path / "实验室 数据 #1" / "labregistry.db") and "%" not in text
        window.close()
    finally:
        reg.close()


def test_pages_load_when_first_shown(open_window: Any) -> None:
    window = open_window()
    staff = window.record_pages["staff"]
    assert not staff.model.loaded
    window.navigation.setCurrentRow(PAGE_KEYS.index("staff"))
    assert window.stack.currentWidget() is staff
    assert names(window, "staff") == sorted(["王五", "李四"])
    window.show_page("authorisations")
    assert names(window, "authorisations", "certificate_no") == [
        "(沪)法计(2021)00042号",
        "(沪)法计(2024)01001号",
    ]
    window.show_page("inventory")
    assert window.stack.currentWidget() is window.inventory_page


def test_every_page_opens_and_is_built_when_first_shown(open_window: Any, settings: Settings) -> None:
    """Pages are built when first shown (the start imports only what its page needs): each one
    opens from the navigation and its Ctrl+n action, is the same page when shown again, and a
    choice made before a page was built reaches it (the certificates' language)."""
    window = open_window()
    assert set(window.pages) == {"standards", "authorisations", "staff"}  # the lists; nothing else yet
    assert window.stack.count() == len(PAGE_KEYS)
    window.settings_page.certificate_language.setCurrentIndex(
        window.settings_page.certificate_language.findData("en")
    )
    for n, key in enumerate(PAGE_KEYS):
        window.navigation.setCurrentRow(n)
        page = window.stack.currentWidget()
        assert window.current_page_key() == key and page is window.page(key)
        assert not page.objectName().startswith("pending_"), key
        assert page.isVisible()
    assert set(window.pages) == set(PAGE_KEYS) and window.stack.count() == len(PAGE_KEYS)
    assert window.certificates_page.language.currentData() == "en"  # chosen before it was built
    window.settings_page.certificate_language.setCurrentIndex(
        window.settings_page.certificate_language.findData("zh+en")
    )
    assert window.certificates_page.language.currentData() == "zh+en"  # and told once built
    shown = {key: window.page(key) for key in PAGE_KEYS}
    for action in reversed(window.page_actions):
        action.trigger()
        assert window.stack.currentWidget() is shown[window.current_page_key()]
    assert window.current_page_key() == "overview"
    window.close()
    again = open_window()
    assert again.current_page_key() == "overview"  # the last page, built at start and shown
    assert again.stack.currentWidget() is again.page("overview") and again.overview.isVisible()


def test_search_is_debounced(small_registry: Registry, open_window: Any, qtbot: Any) -> None:
    source = CountingSource(RegistrySource(small_registry))
    window = open_window(source=source)
    page = window.record_pages["standards"]
    queries = len(source.id_queries)
    qtbot.keyClicks(page.search, "000003")  # part of a certificate number
    assert page.model.rowCount() == 5  # not yet: the list waits for a pause in typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert len(source.id_queries) == queries + 1  # one query for six keys
    assert names(window, "standards") == ["砝码标准装置"]
    assert page.count_label.text() == "1 record"
    page.search.insert(" 砝码")  # typed Chinese (keyClicks sends Latin-1 only)
    qtbot.waitUntil(lambda: len(source.id_queries) == queries + 2, timeout=3000)
    assert page.model.rowCount() == 0  # "000003 砝码" matches nothing: one filter text


def test_remembers_page_columns_filter_and_geometry_across_restart(
    open_window: Any, settings: Settings
) -> None:
    window = open_window()
    window.show_page("authorisations")
    page = window.record_pages["authorisations"]
    page.view.set_column_visible("authority", False)
    page.view.horizontalHeader().resizeSection(0, 321)
    page.view.sortByColumn(page.model.column_index("valid_until"), Qt.SortOrder.DescendingOrder)
    window.record_pages["standards"].expiring.setChecked(True)
    window.resize(760, 520)  # within the offscreen screen (800x600)
    saved_size = window.size()
    assert saved_size.height() == 520
    window.splitter.setSizes([160, 600])
    saved_split = window.splitter.sizes()
    assert saved_split[0] == 160
    window.close()

    again = open_window()
    assert again.current_page_key() == "authorisations"
    page = again.record_pages["authorisations"]
    assert "authority" not in page.view.visible_column_keys()
    assert page.view.horizontalHeader().sectionSize(0) == 321
    assert names(again, "authorisations", "certificate_no") == [
        "(沪)法计(2024)01001号",
        "(沪)法计(2021)00042号",
    ]
    assert again.size() == saved_size
    assert again.splitter.sizes() == saved_split
    again.show_page("standards")
    assert again.record_pages["standards"].expiring.isChecked()
    assert names(again, "standards") == ["电能表检定装置", "砝码标准装置"]  # ended, or ending within 180 days
    assert settings.get(opts.LAST_PAGE) == "authorisations"


def test_column_menu_shows_and_hides_columns(open_window: Any) -> None:
    window = open_window()
    view = window.record_pages["standards"].view
    menu = view.column_menu()
    actions = {a.data(): a for a in menu.actions()}
    assert set(actions) == set(view.column_keys())
    assert actions["name"].isChecked() and not actions["institute_name"].isChecked()
    actions["institute_name"].setChecked(True)
    actions["grade"].setChecked(False)
    keys = view.visible_column_keys()
    assert "institute_name" in keys and "grade" not in keys
    for key in list(keys):
        view.set_column_visible(key, False)
    assert len(view.visible_column_keys()) == 1  # the last column cannot be hidden
    menu = view.column_menu()
    (last,) = [a for a in menu.actions() if a.isChecked()]
    assert not last.isEnabled()


def test_selection_is_kept_by_record_across_sorting(open_window: Any) -> None:
    window = open_window()
    page = window.record_pages["standards"]
    view, model = page.view, page.model
    view.selectRow(1)
    (selected,) = view.selected_ids()
    view.sortByColumn(model.column_index("name"), Qt.SortOrder.DescendingOrder)
    assert view.selected_ids() == [selected]
    assert view.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == selected


def test_overview_counts_and_opens_filtered_lists(open_window: Any, sync_workers: None, qtbot: Any) -> None:
    window = open_window()
    window.show_page("overview")
    page = window.overview
    assert page.overview is not None
    assert page.findChild(QLabel, "institute").text() == "上海市计量测试技术研究院"
    counts = {key: button.text() for key, button in page.count_buttons.items()}
    assert counts[("standards", "own")] == "5"
    assert counts[("standards", "expiring")] == "2"  # ending within 180 days, or already ended
    assert counts[("standards", "region")] == "6"
    assert counts[("authorisations", "own")] == "2"
    assert counts[("authorisations", "expiring")] == "1"
    assert counts[("staff", "own")] == "2"
    assert counts[("staff", "expiring")] == "1"  # 李四's credential ended yesterday
    assert counts[("standards", "expired")] == "1"  # 电能表检定装置 ended 10 days ago
    assert counts[("authorisations", "expired")] == "0"
    assert counts[("staff", "expired")] == "1"
    assert "including yours" in page.institutes_label.text()  # not "including the own"
    qtbot.mouseClick(page.count_buttons[("standards", "expiring")], Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "standards"
    assert names(window, "standards") == ["电能表检定装置", "砝码标准装置"]


def test_overview_in_a_registry_without_own_institute(tmp_path: Path, settings: Settings, qtbot: Any) -> None:
    from tests.ui.conftest import make_registry
    from ui import workers

    reg = make_registry(tmp_path / "empty")
    try:
        with workers.synchronous():
            window = MainWindow(reg, settings)
            qtbot.addWidget(window)
            window.show()
            window.show_page("overview")
        assert "labregistry init" in window.overview.institute_detail.text()
        assert window.record_pages["standards"].model.rowCount() == 0
    finally:
        reg.close()


def test_the_window_is_in_chinese_when_chinese_is_loaded(open_window: Any) -> None:
    translations = i18n.Translations()  # kept: a collected QTranslator uninstalls itself
    translations.install("zh_CN")
    window = open_window()
    nav = window.findChild(QListWidget, "navigation")
    titles = [nav.item(i).text() for i in range(nav.count())]
    assert titles == [
        "总览",
        "计量标准",
        "计量授权",
        "人员",
        "区域资源",
        "区域进展报告",
        "数据交换",
        "证书",
        "备份与恢复",
        "设置",
    ]
    page = window.record_pages["standards"]
    assert page.count_label.text() == "共 5 条"
    model = page.model
    assert model.headerData(model.column_index("valid_until"), Qt.Orientation.Horizontal) == "有效期至"
    assert window.windowTitle() == "LabRegistry 计量资源登记"


def test_today_is_used_for_colours(open_window: Any, today: dt.date) -> None:
    """The fixture's standards end 800 days, -10 days and 30 days from today (two more are
    suspended and revoked): their colours follow from today's date."""
    from ui.models.record_table import RowStateRole

    window = open_window()
    model = window.record_pages["standards"].model
    assert model.today() == today

    def state_and_background(row: int) -> tuple[str, str | None]:
        index = model.index(row, model.column_index("name"))
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        return index.data(RowStateRole), background.color().name() if background is not None else None

    assert dict(zip(names(window, "standards"), map(state_and_background, range(model.rowCount())))) == {
        "活塞式压力计标准装置": ("ok", None),
        "电能表检定装置": ("expired", "#fde2e1"),
        "砝码标准装置": ("expiring", "#fff4ce"),
        "温度计标准装置": ("suspended", "#ececec"),
        "水表检定装置": ("revoked", "#ececec"),
    }


def test_the_window_fits_the_screen_however_large_it_was_saved(open_window: Any, settings: Settings) -> None:
    """At 150 % scaling the default 1200x760 (or a size saved on a larger monitor) is more
    than the screen holds: the window opens within the free area, and is kept so."""
    window = open_window()
    free = window.screen().availableGeometry()
    assert free.contains(window.frameGeometry())
    window.setGeometry(-300, -200, free.width() + 900, free.height() + 700)  # as saved on a big monitor
    window.close()
    again = open_window()
    assert free.contains(again.frameGeometry())
    assert again.width() >= free.width() - 50  # as large as fits, not a small default


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_columns_are_wide_enough_for_their_titles_and_labels(open_window: Any, language: str) -> None:
    """类别 / 不确定度/准确度等级/最大允许误差 / "public measurement standard" were clipped:
    a column opens as wide as its title and its longest label (within a limit); a cell or a
    title still cut short has its whole text in the tooltip."""
    translations = i18n.Translations()
    translations.install(language)
    window = open_window()
    page = window.record_pages["standards"]
    view, model = page.view, page.model
    header = view.horizontalHeader()
    for key in ("grade", "accuracy_text", "responsible_person", "valid_until"):
        section = model.column_index(key)
        title = model.headerData(section, Qt.Orientation.Horizontal)
        assert header.sectionSize(section) >= header.fontMetrics().horizontalAdvance(title) + 20, (key, title)
        assert model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == title
    grade = model.column_index("grade")
    label = model.index(0, grade).data()
    assert label in ("社会公用计量标准", "public measurement standard")
    assert header.sectionSize(grade) >= view.fontMetrics().horizontalAdvance(label)
    name = model.index(0, model.column_index("name"))
    assert name.data(Qt.ItemDataRole.ToolTipRole).split("\n")[0] == name.data()


def test_the_menu_bar_shows_every_shortcut_and_the_colour_legend(open_window: Any, dialogs: list[Any]) -> None:
    from PySide6.QtGui import QKeySequence

    from ui.legend import ColourLegend
    from ui.models.record_table import STATE_COLOURS

    window = open_window()
    menus = [entry.menu() for entry in window.menuBar().actions()]
    assert [m.title() for m in menus] == ["&File", "&Records", "&Go", "&Help"]
    shortcuts = {a.objectName(): a.shortcut().toString() for menu in menus for a in menu.actions()}
    assert shortcuts["action_import"] == "Ctrl+I" and shortcuts["action_export"] == "Ctrl+E"
    assert shortcuts["action_new"] == QKeySequence(QKeySequence.StandardKey.New).toString()
    assert shortcuts["action_print"] == QKeySequence(QKeySequence.StandardKey.Print).toString()
    assert shortcuts["action_page_staff"] == "Ctrl+4"
    window.page_actions[3].trigger()
    assert window.current_page_key() == "staff"
    window.legend_action.trigger()
    (legend,) = dialogs
    assert isinstance(legend, ColourLegend)
    for state, (background, _foreground) in STATE_COLOURS.items():
        assert background in legend.swatches[state].styleSheet()
