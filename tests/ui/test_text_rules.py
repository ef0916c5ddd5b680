"""The app: the record editor refuses text that deceives; messages show untrusted text escaped, as plain text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.services import records
from tests.dbstate import dump_engine
from tests.ui.test_editors import window  # noqa: F401  (the fixture: a main window on the small registry)
from ui import dialogs as boxes
from ui import errors
from ui.editors.record_editor import RecordEditor
from ui.main_window import MainWindow
from ui.widgets.common import InlineMessage

HOSTILE = "\u202e浙江\u202c \x1b[2J <b>bold</b>"
SHOWN = "\\u202e浙江\\u202c \\x1b[2J <b>bold</b>"


def test_the_editor_refuses_a_name_that_reads_backwards(
        window: MainWindow, qtbot: Any,  # noqa: F811 - the fixture imported above
) -> None:
    page = window.record_pages["standards"]
    page.view.selectRow(0)
    record_id = page.view.selected_ids()[0]
    before = records.get(window.reg, "standard", record_id).standard.name
    state = dump_engine(window.reg.engine)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    (editor,) = window.open_editors()
    assert isinstance(editor, RecordEditor)
    name = editor.editor_widget("name")
    assert isinstance(name, QLineEdit)
    code = editor.editor_widget("code")
    assert isinstance(code, QLineEdit)
    code.setText("12113100")  # the fixture's code is short of its 8 digits
    name.setText("活塞式\u202e压力计标准装置")

    editor.save()
    message = editor.message_label("name")
    assert message.isVisible() and message.level == "error"
    assert "text direction control character U+202E (RIGHT-TO-LEFT OVERRIDE)" in message.text()
    assert "\u202e" not in message.text()
    assert name.property("invalid")
    assert "Not saved: 1 problem" in editor.status.text()
    assert records.get(window.reg, "standard", record_id).standard.name == before
    assert dump_engine(window.reg.engine) == state

    name.setText("活塞式压力计标准装置（二）")
    editor.save()
    assert editor.status.text() == "Saved."


def test_an_inline_message_shows_control_and_bidi_characters_escaped(qtbot: Any) -> None:
    message = InlineMessage()
    qtbot.addWidget(message)
    message.show_error(f"cannot read {HOSTILE}\nsecond line")
    assert message.text() == f"cannot read {SHOWN}\nsecond line"
    assert message.textFormat() == Qt.TextFormat.PlainText


def test_message_boxes_show_a_peer_s_text_escaped_and_never_as_html(qtbot: Any, dialogs: list[Any]) -> None:
    i18n.register({"test.ui_echo": {"zh": "找不到文件：{path}", "en": "file not found: {path}"}})
    error = DomainError("test.ui_echo", path=HOSTILE)
    box = errors.domain_error_box(None, error)
    qtbot.addWidget(box)
    assert SHOWN in box.text() and "\u202e" not in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText  # <b>bold</b> stays text: no HTML from a peer

    boxes.inform(None, "title", f"imported {HOSTILE}", f"from {HOSTILE}")
    boxes.confirm(None, "title", f"import {HOSTILE}?", HOSTILE)
    assert len(dialogs) == 2
    for seen in dialogs:
        assert isinstance(seen, QMessageBox)
        assert seen.textFormat() == Qt.TextFormat.PlainText
        labels = [label.text() for label in seen.findChildren(QLabel) if label.text()]
        assert any(SHOWN in text for text in labels), labels
        assert not any("\u202e" in text or "\x1b" in text for text in labels)
