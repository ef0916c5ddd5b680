"""The record editors' fields and tables come from the field registry.

A field added to a record (here, in a copy of the registry, as in
``tests/domain/test_field_registry.py``) becomes a column of the editor's table, with its
label and width, without touching ``ui/``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.plainfield.field import with_asset_no
from ui.editors import specs
from ui.forms import ChildTable


def test_a_new_instrument_field_is_a_column_of_the_editor_table(qtbot: Any) -> None:
    table = ChildTable(specs.table_of(with_asset_no().list_type("instruments")))
    qtbot.addWidget(table)
    model = table.model
    last = model.columnCount() - 1
    assert [c.key for c in table.spec.columns] == [*(c.key for c in specs.INSTRUMENTS.columns), "asset_no"]
    assert model.headerData(last, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Asset number"
    assert table.view.horizontalHeader().sectionSize(last - 1) == specs.INSTRUMENTS.columns[-1].width
    table.add_row()
    assert table.rows() == [{**{c.key: "" for c in table.spec.columns}, "role": "main"}]


def test_the_editor_shows_the_registry_fields_with_an_editor_hint() -> None:
    from labregistry.domain import fields as registry

    shown = {f.key for _title, group in specs.STAFF.groups for f in group}
    assert shown == {f.name for f in registry.STAFF if f.editor is not None}
    assert "uid" not in shown  # a system field: no hint, no widget
    assert [c.key for c in specs.CREDENTIALS.columns] == [
        "kind", "certificate_no", "registration", "issued_on", "valid_until", "items",
    ]
