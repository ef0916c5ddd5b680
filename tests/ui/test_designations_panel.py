"""The region report page's designations: add, change and remove an institute's industry test
centres and technical committees with the rules of ``institutes designate``; a refusal stays in
the dialog with its reason and writes nothing; the targets are counted again."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QMessageBox

from labregistry.registry import Registry
from labregistry.services import designations
from tests.ui.conftest import OWN_USCC, PEER_USCC, Answers, message_box_answer
from ui.main_window import MainWindow
from ui.pages.designations_panel import DesignationDialog

OWN = "12310000425011296P"  # 上海市计量测试技术研究院 (small_registry's institutes have made-up codes)
OUTSIDE = "12330000470040568F"  # 浙江省计量科学研究院: not in this registry


def _fill(uscc: str, kind: str, name: str, *, by: str = "", on: str = "", institute_name: str = "") -> Any:
    def handler(dialog: DesignationDialog) -> int:
        if dialog.institute.isEnabled():
            dialog.institute.setEditText(uscc)
            dialog.institute_name.setText(institute_name)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.name.setText(name)
        dialog.designated_by.setText(by)
        dialog.designated_on.setText(on)
        dialog.save()
        return int(dialog.result())
    return handler


def _recorded(reg: Registry) -> list[tuple[Any, ...]]:
    return sorted((e["uscc"], key, d["name"], d["designated_by"], str(d["designated_on"] or ""))
                  for e in designations.list_designations(reg) for key in ("industry_centres", "committees")
                  for d in e[key])


def _reached(window: MainWindow) -> list[str]:
    table = window.region_page.targets
    return [table.item(r, 2).text() for r in range(table.rowCount())]


def test_designations_are_added_changed_and_removed_on_the_region_page(
        small_window: MainWindow, small_registry: Registry, answer: Answers) -> None:
    small_window.show_page("region")
    page = small_window.region_page
    panel = page.designations
    assert panel.table.rowCount() == 0 and not panel.change_button.isEnabled()
    dialog = DesignationDialog(small_registry, panel)
    picker = dialog.institute  # the registry's institutes to pick from
    assert sorted(picker.itemData(i) for i in range(picker.count())) == sorted([OWN_USCC, PEER_USCC])
    picker.setCurrentIndex(picker.findData(PEER_USCC))
    assert dialog.uscc() == PEER_USCC  # picked by name, recorded by its code

    # an institute not in the registry without its name: refused in the dialog, nothing written
    answer.on(DesignationDialog, _fill(OUTSIDE, "committee", "长三角压力计量技术委员会"))
    panel.add_button.click()
    [refused] = answer.of(DesignationDialog)
    assert refused.result() != QDialog.DialogCode.Accepted
    assert "give its name with --name" in refused.message.text() and _recorded(small_registry) == []

    answer.on(DesignationDialog, _fill(OWN, "industry_centre", "国家压力产业计量测试中心", by="国家市场监督管理总局",
                                       on="2024-05-20", institute_name="上海市计量测试技术研究院"))
    panel.add_button.click()
    answer.on(DesignationDialog, _fill(OUTSIDE, "committee", "长三角压力计量技术委员会",
                                       institute_name="浙江省计量科学研究院"))
    panel.add_button.click()
    assert _recorded(small_registry) == sorted([
        (OUTSIDE, "committees", "长三角压力计量技术委员会", None, ""),
        (OWN, "industry_centres", "国家压力产业计量测试中心", "国家市场监督管理总局", "2024-05-20")])
    assert panel.table.rowCount() == 2
    assert _reached(small_window)[1:3] == ["1", "1"]  # counted again: one centre, one committee

    # change the centre's name and clear its date: one designation still, the new one
    row = next(r for r, d in enumerate(panel.rows) if d["kind"] == "industry_centre")
    panel.table.selectRow(row)
    answer.on(DesignationDialog, _fill(OWN, "industry_centre", "国家压力计量测试中心（上海）", by="国家市场监督管理总局"))
    panel.change_button.click()
    changed = answer.of(DesignationDialog)[-1]
    assert not changed.institute.isEnabled() and changed.result() == QDialog.DialogCode.Accepted
    assert (OWN, "industry_centres", "国家压力计量测试中心（上海）", "国家市场监督管理总局", "") in _recorded(small_registry)
    assert len(_recorded(small_registry)) == 2

    # a bad date is refused in the dialog
    panel.table.selectRow(next(r for r, d in enumerate(panel.rows) if d["kind"] == "committee"))
    answer.on(DesignationDialog, _fill(OUTSIDE, "committee", "长三角压力计量技术委员会", on="2024-13-40"))
    panel.change_button.click()
    assert answer.of(DesignationDialog)[-1].message.text() and len(_recorded(small_registry)) == 2

    # remove it, after confirming
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Ok))
    panel.remove_button.click()
    assert [r[0] for r in _recorded(small_registry)] == [OWN]
    assert panel.table.rowCount() == 1 and _reached(small_window)[2] == "0"
