"""The app's own settings: a typed option registry over one QSettings ini file.

Following Picard, every option is declared once (key, default, type) and read and
written through :class:`Settings`, so a typo in a key is an AttributeError rather
than a silently new setting. The file lives in the registry's home folder
(``<home>/ui-settings.ini``): the home is the one place the app writes to (CLI.md),
and a test that uses a temporary home gets temporary settings for free. Nothing in
the app constructs a default ``QSettings()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_FILE = "ui-settings.ini"

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key in the ini file, its default and its Python type."""

    key: str
    default: T
    type: type


LANGUAGE = Option("ui/language", "", str)  # "" means: not chosen, use --lang / env / Chinese
LAST_PAGE = Option("main_window/last_page", "standards", str)
MAIN_GEOMETRY = Option("main_window/geometry", QByteArray(), QByteArray)
MAIN_STATE = Option("main_window/state", QByteArray(), QByteArray)
MAIN_SPLITTER = Option("main_window/splitter", QByteArray(), QByteArray)
# On start the app reminds of what is overdue and of what falls due within this many days.
REMINDER_DAYS = Option("reminders/days", 60, int)
CERTIFICATE_LANGUAGE = Option("certificates/language", "zh", str)  # zh | en | zh+en: the default


def table_header(kind: str) -> Option[QByteArray]:
    """The header state (widths, order, hidden columns, sort) of a record table."""
    return Option(f"tables/{kind}/header", QByteArray(), QByteArray)


def table_columns(kind: str) -> Option[str]:
    """The column keys the saved header state was made for (restored only if unchanged)."""
    return Option(f"tables/{kind}/columns", "", str)


def table_expiring(kind: str) -> Option[bool]:
    return Option(f"tables/{kind}/expiring_only", False, bool)


class Settings:
    """Typed access to one ini file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    @classmethod
    def in_home(cls, home: str | Path) -> Settings:
        return cls(Path(home) / SETTINGS_FILE)

    def get(self, option: Option[T]) -> T:
        value = self._qs.value(option.key)
        if value is None:
            return option.default
        return _convert(value, option)

    def set(self, option: Option[T], value: T) -> None:
        self._qs.setValue(option.key, value)

    def remove(self, option: Option[Any]) -> None:
        self._qs.remove(option.key)

    def sync(self) -> None:
        self._qs.sync()

    @property
    def qsettings(self) -> QSettings:
        return self._qs


def _convert(value: Any, option: Option[T]) -> T:
    kind = option.type
    try:
        if kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}  # type: ignore[return-value]
            return bool(value)  # type: ignore[return-value]
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(value)  # type: ignore[return-value]
        if isinstance(value, kind):
            return value  # type: ignore[return-value]
        return kind(value)  # type: ignore[no-any-return]
    except (TypeError, ValueError):
        return option.default
