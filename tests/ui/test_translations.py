"""Qt Linguist catalogues: complete for zh_CN, compiled, loaded; settings and labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication

from ui import i18n, i18n_build, labels, qt_check
from ui import settings as opts
from ui.settings import Option, Settings

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def test_every_text_is_translated_to_chinese_and_the_qm_files_are_current() -> None:
    assert i18n_build.check() == []


def test_the_check_notices_a_new_untranslated_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "new_page.py"
    extra.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class NewPage(QWidget):\n"
        "    def title(self):\n"
        "        return self.tr('A text nobody translated')\n",
        encoding="utf-8",
    )
    sources = i18n_build.sources()
    monkeypatch.setattr(i18n_build, "sources", lambda: [*sources, extra])
    assert i18n_build.check() == ["untranslated (zh_CN) NewPage: A text nobody translated"]


def test_chinese_and_english_catalogues_load(qapp: Any) -> None:
    translations = i18n.Translations()
    assert translations.install("zh_CN")
    assert QCoreApplication.translate("MainWindow", "Measurement standards") == "计量标准"
    assert QCoreApplication.translate("RecordsPage", "%Ln record(s)", "", 12345) == "共 12,345 条"
    assert i18n.core_lang() == "zh"
    assert translations.install("en")
    assert QCoreApplication.translate("MainWindow", "Measurement standards") == "Measurement standards"
    assert QCoreApplication.translate("RecordsPage", "%Ln record(s)", "", 1) == "1 record"
    assert i18n.core_lang() == "en"
    translations.remove()


def test_qt_standard_texts_follow_the_language(qapp: Any) -> None:
    translations = i18n.Translations()
    translations.install("zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    translations.remove()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh", "zh_CN"),
        ("zh_CN", "zh_CN"),
        ("en", "en"),
        ("en_US.UTF-8", "en"),
        ("fr", "zh_CN"),
        (None, "zh_CN"),
    ],
)
def test_ui_language_codes(given: str | None, expected: str) -> None:
    assert i18n.ui_language(given) == expected


def test_settings_are_typed_and_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    settings = Settings(path)
    assert settings.get(opts.LAST_PAGE) == "standards"  # the default
    settings.set(opts.LAST_PAGE, "staff")
    settings.set(opts.table_expiring("standards"), True)
    settings.set(opts.MAIN_GEOMETRY, QByteArray(b"\x00\x01geometry"))
    settings.sync()
    again = Settings(path)
    assert again.get(opts.LAST_PAGE) == "staff"
    assert again.get(opts.table_expiring("standards")) is True
    assert again.get(opts.table_expiring("staff")) is False
    assert bytes(again.get(opts.MAIN_GEOMETRY).data()) == b"\x00\x01geometry"
    again.set(Option("x/n", 0, int), "not a number")  # type: ignore[arg-type]
    assert again.get(Option("x/n", 5, int)) == 5  # a bad value falls back to the default


def test_enumeration_labels_and_dates() -> None:
    labels.reload()
    assert labels.enum_label("grade", "public", "zh") == "社会公用计量标准"
    assert labels.enum_label("grade", "public", "en") == "public measurement standard"
    assert labels.enum_label("province", "江苏", "en") == "Jiangsu"
    assert labels.enum_label("status", "unheard_of", "zh") == "unheard_of"  # shown as stored
    assert labels.enum_label("grade", None, "zh") == ""
    assert labels.enum_values("form")[0] == "legal_verification"
    assert labels.format_date(dt.date(2025, 3, 1)) == "2025-03-01"
    assert labels.format_date(dt.datetime(2025, 3, 1, 13, 5)) == "2025-03-01"
    assert labels.format_date(None) == ""


def test_the_binding_guard_keeps_the_interpreter_alive(qapp: Any) -> None:
    """PySide6 6.12.0 on CPython 3.11 releases None on every void call (see ui.qt_check)."""
    if qt_check.binding_is_broken():
        assert qt_check.applied()
    from PySide6.QtCore import QTimer

    timer = QTimer()
    for _ in range(50_000):  # more than None's reference count in a fresh interpreter
        timer.stop()
    assert qt_check.guard() == qt_check.applied()
