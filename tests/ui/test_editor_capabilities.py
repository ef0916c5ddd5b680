"""The standard editor shows a standard's capability rows and keeps them through a save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from labregistry.domain.records import CapabilityInput, StandardInput
from labregistry.services import records
from ui.main_window import MainWindow

TWO_ROWS = StandardInput(
    name="多功能校准器标准装置", code="15113100", grade="public", certificate_no="[2024]沪量标证字第0777号",
    valid_until="2028-05-30", range_text="(0~1000)V", accuracy_text="U=0.002%,k=2",
    capabilities=[CapabilityInput("直流电压", "(0~1000)V", None, "U=0.002%,k=2"),
                  CapabilityInput("交流电压", "(0~750)V", None, "U=0.01%,k=2", "频率 1kHz")],
)


def _editor(window: MainWindow) -> tuple[int, Any]:
    """The two-row standard stored and its editor open."""
    sid = records.create_standard(window.reg, TWO_ROWS)
    editor = window.open_record("standards", sid)
    assert editor is not None
    return sid, editor


def test_both_rows_are_shown_and_survive_a_save_of_another_field(small_window: MainWindow) -> None:
    window = small_window
    sid, editor = _editor(window)
    table = editor.tables["capabilities"]
    assert [(r["parameter"], r["range_text"], r["accuracy_text"], r["conditions"]) for r in table.rows()] == [
        ("直流电压", "(0~1000)V", "U=0.002%,k=2", ""), ("交流电压", "(0~750)V", "U=0.01%,k=2", "频率 1kHz")]
    editor.editor_widget("responsible_person").setText("李雷")  # type: ignore[attr-defined]
    editor.save()
    assert editor.status.text() == "Saved."
    agg = records.get(window.reg, "standard", sid)
    assert [(c.parameter, c.range_text) for c in agg.capabilities] == [("直流电压", "(0~1000)V"),
                                                                       ("交流电压", "(0~750)V")]


def test_a_standard_with_only_its_own_range_shows_no_rows_and_its_row_follows_the_range(
        small_window: MainWindow) -> None:
    window = small_window
    sid = records.create_standard(window.reg, StandardInput(**{**TWO_ROWS.__dict__, "capabilities": []}))
    editor = window.open_record("standards", sid)
    assert editor is not None
    assert editor.tables["capabilities"].rows() == []
    editor.editor_widget("range_text").setText("(0~100)V")  # type: ignore[attr-defined]
    editor.save()
    assert editor.status.text() == "Saved."
    [row] = records.get(window.reg, "standard", sid).capabilities
    assert (row.range_text, row.range_max) == ("(0~100)V", 100.0)


def test_rows_are_added_edited_and_removed_with_a_message_per_row(small_window: MainWindow) -> None:
    window = small_window
    sid, editor = _editor(window)
    table = editor.tables["capabilities"]
    table.add_row()
    table.view.closePersistentEditor(table.view.currentIndex())
    model = table.model
    model.setData(table.cell(2, "parameter"), "直流电阻")
    model.setData(table.cell(2, "range_text"), "(1Ω~100MΩ)")
    model.setData(table.cell(2, "accuracy_text"), "很准")  # not an accuracy: refused at its own cell
    model.setData(table.cell(1, "accuracy_text"), "U=0.02%,k=2")
    editor.save()
    bad = table.cell(2, "accuracy_text")
    assert "not recognised" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert table.cell(1, "accuracy_text").data(Qt.ItemDataRole.BackgroundRole) is None
    assert table.message.text().startswith("capability 3: uncertainty / accuracy class")  # names the row
    assert editor.status.text() == "Not saved: 1 problem, marked in red."
    assert [c.parameter for c in records.get(window.reg, "standard", sid).capabilities] == ["直流电压", "交流电压"]

    model.setData(bad, "Urel=5×10⁻⁵ (k=2)")
    table.view.setCurrentIndex(table.cell(0, "parameter"))
    table.remove_current()
    editor.save()
    assert editor.status.text() == "Saved."
    rows = records.get(window.reg, "standard", sid).capabilities
    assert [(c.parameter, c.accuracy_text) for c in rows] == [("交流电压", "U=0.02%,k=2"),
                                                            ("直流电阻", "Urel=5×10⁻⁵ (k=2)")]


def test_a_code_whose_discipline_does_not_measure_the_range_is_refused_at_the_range(
        small_window: MainWindow) -> None:
    """The eighth trial's rule in the editor: the calibrator given a 力学 code (12...) keeps its
    voltage range: refused at the range field, in words naming the code and the quantity,
    nothing saved."""
    window = small_window
    sid, editor = _editor(window)
    editor.editor_widget("code").setText("12113500")  # type: ignore[attr-defined]
    editor.save()
    message = editor.message_label("range_text")
    assert message.isVisible() and message.level == "error"
    assert "the standard code 12113500 is of discipline 12, mechanics, and this range is a voltage" in message.text()
    assert "Not saved: 1 problem" in editor.status.text()
    assert records.get(window.reg, "standard", sid).standard.code == "15113100"
    editor.editor_widget("code").setText("15113100")  # type: ignore[attr-defined]
    editor.save()
    assert editor.status.text() == "Nothing changed." and not message.isVisible()


def test_a_new_standard_with_two_rows_takes_its_own_range_and_accuracy_from_the_first(
        small_window: MainWindow) -> None:
    """Trial 9: the editor refused a new standard with two capability rows ("Not saved: 2 problems",
    Measurement range and Accuracy marked required on Details) that `add-standard --capability`
    saves with the first row's range and accuracy as the certificate's own: one rule, the core's."""
    window = small_window
    editor = window.new_record("standards")
    for key, value in (("name", "多功能校准器标准装置"), ("code", "15113100"),
                       ("certificate_no", "[2024]沪量标证字第0888号"), ("valid_until", "2028-05-30")):
        editor.editor_widget(key).setText(value)  # type: ignore[attr-defined]
    assert editor.editor_widget("range_text").text() == ""  # type: ignore[attr-defined]
    editor.tables["capabilities"].set_rows([
        {"parameter": "直流电压", "range_text": "(0~1000)V", "accuracy_text": "U=0.002%,k=2"},
        {"parameter": "交流电压", "range_text": "(0~750)V", "accuracy_text": "U=0.01%,k=2", "conditions": "频率 1kHz"}])
    editor.save()
    assert editor.status.text() == "Saved." and editor.record_id is not None, editor.status.text()
    agg = records.get(window.reg, "standard", editor.record_id)
    assert (agg.standard.range_text, agg.standard.accuracy_text) == ("(0~1000)V", "U=0.002%,k=2")
    assert [c.parameter for c in agg.capabilities] == ["直流电压", "交流电压"]
