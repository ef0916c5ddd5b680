"""The editor's History tab on real audit entries: what the form names, item by item.

Its description of a change is the core's (``services.changes``), the same the CLI's
``history`` prints; these pin what the app shows (the texts of the History tab before the
description moved to the core are kept).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labregistry.domain.records import InstrumentInput, StandardInput
from labregistry.services import records
from tests.ui.conftest import add_institutes, make_registry
from ui import i18n
from ui.editors.history import HistoryView
from ui.editors.specs import STANDARD


def _standard(serial: str, rng: str = "(0~60)MPa") -> StandardInput:
    return StandardInput(
        name="精密压力表标准装置", code="12113200", grade="public", certificate_no="[2023]沪量标证字第0123号",
        valid_until="2027-05-30", range_text=rng, accuracy_text="0.05级",
        instruments=[InstrumentInput(name="精密数字压力计", serial_no="2019-0457"),
                     InstrumentInput(name="活塞压力计", role="ancillary", serial_no=serial)])


def _shown(tmp_path: Path, qtbot: Any, changed: StandardInput,
           folded: list[bool] | None = None) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The History tab's entries of a standard created then ``changed``, newest first, as
    text; ``folded``: filled with whether each entry is folded."""
    reg = make_registry(tmp_path / "home")
    try:
        add_institutes(reg)
        sid = records.create_standard(reg, _standard("A-1"))
        assert records.update(reg, "standard", sid, changed) is True
        entries = records.history(reg, "standard", sid)
    finally:
        reg.close()
    view = HistoryView(STANDARD)
    qtbot.addWidget(view)
    view.show_entries(entries)
    if folded is not None:
        folded += [not view.topLevelItem(n).isExpanded() for n in range(view.topLevelItemCount())]
    return view.entry_texts()


def test_an_instruments_field_is_named_by_its_item_in_either_language(tmp_path: Path, qtbot: Any) -> None:
    folded: list[bool] = []
    (changed, rows), (created, created_rows) = _shown(tmp_path, qtbot, _standard("A-2"), folded)
    assert "Changed" in changed and "Created" in created
    assert rows == [("Instrument 2: serial number", "A-1", "A-2")]
    # a creation shows every field it set, as the CLI's history prints it (one description)
    assert ("Certificate number", "", "[2023]沪量标证字第0123号") in created_rows
    assert ("Measurement range", "", "(0~60)MPa") in created_rows
    assert ("Instrument 2: serial number", "", "A-1") in created_rows
    assert folded == [False, True]  # the change open, the creation's long list folded
    translations = i18n.Translations()  # kept: a collected QTranslator uninstalls itself
    translations.install("zh_CN")
    (_changed, rows), _created = _shown(tmp_path / "zh", qtbot, _standard("A-2"))
    assert rows == [("主标准器及配套设备第 2 项 · 出厂编号", "A-1", "A-2")]


def test_the_capability_row_the_standards_own_range_makes_is_not_a_change_of_its_own(
        tmp_path: Path, qtbot: Any) -> None:
    """The form shows no capability rows for a standard without typed ones (the core derives
    the one row from the range and accuracy): a new range is one change, not two."""
    (_changed, rows), _created = _shown(tmp_path, qtbot, _standard("A-1", rng="(0~100)MPa"))
    assert rows == [("Measurement range", "(0~60)MPa", "(0~100)MPa")]
