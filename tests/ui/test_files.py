"""File dialogs: Qt's dialog in the app's language where the system has none, and the
folder last used remembered per purpose (bundles, ledgers, certificates, reports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QFileSystemModel, QLabel

from ui import files, i18n
from ui.settings import Settings


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    translations = i18n.Translations()
    translations.install("zh_CN")
    yield
    translations.remove()


def test_the_qt_dialog_labels_its_fields_in_chinese(chinese: None, tmp_path: Path) -> None:
    assert not files.native_available()  # offscreen: no system dialog, Qt's is used
    dialog = files.make_dialog(None, "保存", tmp_path, "Excel (*.xlsx)")
    try:
        texts = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
        assert texts["lookInLabel"] == "查找范围："
        assert texts["fileTypeLabel"] == "文件类型："
        assert texts["fileNameLabel"] == "文件名："
    finally:
        dialog.deleteLater()


def test_the_file_list_shows_size_type_and_dates_in_chinese(chinese: None, tmp_path: Path, qtbot: Any) -> None:
    (tmp_path / "sub").mkdir()
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(b"x" * 10)
    model = QFileSystemModel()
    model.setRootPath(str(tmp_path))
    proxy = files.LocalisedFiles()
    proxy.setSourceModel(model)
    root = model.index(str(tmp_path))
    qtbot.waitUntil(lambda: model.rowCount(root) == 2)
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["名称", "大小", "类型", "修改日期"]
    shown = proxy.index(proxy.mapFromSource(model.index(str(ledger), 3)).row(), 3, proxy.mapFromSource(root))
    modified = QDateTime(dt.datetime.fromtimestamp(ledger.stat().st_mtime).replace(second=0, microsecond=0))
    assert shown.data() == QLocale(QLocale.Language.Chinese, QLocale.Country.China).toString(
        modified, QLocale.FormatType.ShortFormat
    )
    assert f"{dt.date.today():%Y}/" in shown.data()  # 2026/12/6, not "6 12 2026"
    folder = proxy.mapFromSource(model.index(str(tmp_path / "sub"), 2))
    assert folder.data() == "文件夹"


def test_the_folder_last_used_is_remembered_per_purpose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: Any
) -> None:
    starts: list[Path] = []
    answers = iter([tmp_path / "bundles" / "a.xlsx", tmp_path / "reports" / "r.xlsx", None])

    def save(_parent: Any, _title: str, suggested: Path, _filters: str) -> Path | None:
        starts.append(suggested)
        return next(answers)

    (tmp_path / "bundles").mkdir()
    (tmp_path / "reports").mkdir()
    monkeypatch.setattr(files, "save_path", save)
    files.remember_in(Settings(tmp_path / "home" / "ui-settings.ini"))
    files.save_for(None, files.BUNDLES, "", "b.xlsx", "")
    files.save_for(None, files.REPORTS, "", "r.xlsx", "")
    files.remember_in(Settings(tmp_path / "home" / "ui-settings.ini"))  # the next start of the app
    files.save_for(None, files.BUNDLES, "", "next.xlsx", "")
    assert starts[0] == files.documents_dir() / "b.xlsx"
    assert starts[2] == tmp_path / "bundles" / "next.xlsx"
    assert files.last_folder(files.REPORTS) == tmp_path / "reports"
    assert files.last_folder(files.LEDGERS) == files.documents_dir()
    (tmp_path / "reports").rmdir()  # a folder since removed: the documents folder again
    assert files.last_folder(files.REPORTS) == files.documents_dir()
