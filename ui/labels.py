"""How values read in the UI: dates, and enumerations through the core's zh/en labels.

Dates are written the ISO way, ``2025-03-01``, in both languages: Chinese lab ledgers
and certificates use it, it sorts as text, and it is what the CLI's JSON carries.
Enumeration labels come from ``labregistry.domain.records`` (the core owns them, the UI
never keeps its own copy); until a value is known there it is shown as stored.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Mapping
from typing import Any

from labregistry.domain.text import local_time as local_time  # the pages' name for it, kept

log = logging.getLogger(__name__)

# Enumeration names used by the table columns -> attribute names in labregistry.domain.records.
ENUMERATIONS = {
    "grade": "GRADES",
    "status": "STATUSES",
    "form": "AUTH_FORMS",
    "credential_kind": "CREDENTIAL_KINDS",
    "province": "PROVINCES",
    "staff_status": "STAFF_STATUSES",
    "instrument_role": "INSTRUMENT_ROLES",
}

_tables: dict[str, dict[str, tuple[str, str]]] | None = None


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def labelled(label: str, value: Any, lang: str) -> str:
    """``label：value`` in Chinese (full-width colon), ``label: value`` in English."""
    return f"{label}：{value}" if lang != "en" else f"{label}: {value}"


def enum_label(enumeration: str, value: Any, lang: str) -> str:
    """The label of ``value`` in ``enumeration`` ('grade', 'status', ...) in 'zh' or 'en'."""
    if value is None or value == "":
        return ""
    labels = _labels().get(enumeration, {}).get(str(value))
    if labels is None:
        return str(value)
    return labels[1] if lang == "en" else labels[0]


def enum_values(enumeration: str) -> list[str]:
    """The codes of an enumeration, in the core's order (for filters and editors)."""
    return list(_labels().get(enumeration, {}))


def reload() -> None:
    """Forget the cached tables (tests, or after the core module appeared)."""
    global _tables
    _tables = None


def _labels() -> dict[str, dict[str, tuple[str, str]]]:
    global _tables
    if _tables is None:
        _tables = _load()
    return _tables


def _load() -> dict[str, dict[str, tuple[str, str]]]:
    try:
        records = importlib.import_module("labregistry.domain.records")
    except ImportError:
        log.info("labregistry.domain.records not available: enumerations shown as stored")
        return {}
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    for name, attr in ENUMERATIONS.items():
        table = getattr(records, attr, None)
        if table is not None:
            tables[name] = _normalise(table)
    return tables


def _normalise(table: Any) -> dict[str, tuple[str, str]]:
    """Accept the shapes an enumeration table may take: code -> (zh, en) / {"zh", "en"} /
    an object with ``zh`` and ``en``; or a sequence or Enum of such objects with a code."""
    out: dict[str, tuple[str, str]] = {}
    if isinstance(table, Mapping):
        for code, entry in table.items():
            pair = _pair(entry)
            if pair:
                out[str(code)] = pair
        return out
    for entry in table:
        code = _first_attr(entry, ("code", "value", "key", "name"))
        pair = _pair(entry)
        if code is not None and pair:
            out[str(code)] = pair
    return out


def _pair(entry: Any) -> tuple[str, str] | None:
    if isinstance(entry, tuple) and len(entry) >= 2:
        return str(entry[0]), str(entry[1])
    if isinstance(entry, Mapping):
        if "zh" in entry and "en" in entry:
            return str(entry["zh"]), str(entry["en"])
        return None
    zh = _first_attr(entry, ("zh", "label_zh", "name_zh"))
    en = _first_attr(entry, ("en", "label_en", "name_en"))
    if zh is not None and en is not None:
        return str(zh), str(en)
    label = getattr(entry, "label", None)
    if callable(label):
        return str(label("zh")), str(label("en"))
    return None


def _first_attr(entry: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        value = getattr(entry, name, None)
        if value is not None and not callable(value):
            return value
    return None
