"""The import wizard's preview of a peer's changed record: the change as the record's History
tab will show it once merged (``services.changes``), in the app's language.

The peer's standard changes its range, its status and one instrument's serial number
(``tests.exchange.test_import_preview``); the preview's rows name them as the form does, the
status by its label, never a bundle column (``range_max``) or a choice key (``suspended``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.exchange.sites import Site, make_site
from tests.exchange.test_import_preview import INTERNAL, send_changed
from ui import i18n
from ui.main_window import MainWindow


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[Site]:
    site = make_site(tmp_path, "A")
    yield site
    site.reg.close()


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Site]:
    site = make_site(tmp_path, "B")
    yield site
    site.reg.close()


def _previewed(window: MainWindow, bundle: Path) -> list[tuple[str, str, str]]:
    """The rows under the one changed record of the wizard's preview of ``bundle``."""
    wizard = window.start_import(bundle)
    wizard.next()
    wizard.next()
    changed = wizard.preview_page.tree.topLevelItem(1)
    assert changed.childCount() == 1
    record = changed.child(0)
    rows = [(record.child(i).text(0), record.child(i).text(1), record.child(i).text(2))
            for i in range(record.childCount())]
    wizard.reject()
    return rows


def test_the_preview_shows_a_change_as_the_history_will(
        window: MainWindow, peer: Site, own: Site, tmp_path: Path) -> None:
    bundle = send_changed(peer, own, tmp_path)
    rows = _previewed(window, bundle)
    assert rows == [("Status", "valid", "suspended"),
                    ("Measurement range", "(0～60) MPa", "(0～100) MPa"),
                    ("Instrument 1: serial number", "811-2020-0031", "811-2024-0007")]
    translations = i18n.Translations()  # kept: a collected QTranslator uninstalls itself
    translations.install("zh_CN")
    rows = _previewed(window, bundle)
    assert rows == [("状态", "有效", "暂停"),
                    ("测量范围", "(0～60) MPa", "(0～100) MPa"),
                    ("主标准器及配套设备第 1 项 · 出厂编号", "811-2020-0031", "811-2024-0007")]
    shown = " ".join(text for row in rows for text in row)
    assert not [word for word in INTERNAL if word in shown]


def test_the_preview_names_a_decision_the_bundle_brings(
        window: MainWindow, own: Site, tmp_path: Path, qtbot: Any) -> None:
    """A peer's recognition decision is listed as one, in the app's language, by its subject."""
    from labregistry.services import decisions, exchange
    from tests.exchange import hostile
    from tests.exchange.sites import INSTITUTES

    peer = hostile.peer(tmp_path)
    try:
        decisions.add_decision(peer, subject_uscc=own.uscc, subject_name=INSTITUTES["B"][0], discipline="15",
                               valid_from="2026-01-01", evidence=["证书:X-1"])
        exchange.trust_add(own.reg, *hostile.card(peer, tmp_path / "peer.card"))
        bundle = hostile.signed_bundle(peer, tmp_path / "a1.xlsx")
    finally:
        peer.close()
    translations = i18n.Translations()  # kept: a collected QTranslator uninstalls itself
    translations.install("zh_CN")
    wizard = window.start_import(bundle)
    wizard.next()
    wizard.next()
    added = wizard.preview_page.tree.topLevelItem(0)
    assert [added.child(i).text(0) for i in range(added.childCount())] == [f"互认决定：{INSTITUTES['B'][0]}"]
    wizard.reject()


def test_a_row_taken_as_written_is_said_where_before_the_import(
        window: MainWindow, own: Site, tmp_path: Path) -> None:
    """Review 11: a peer's row with an accuracy versions before the class rules read
    ("0.05级或0.1级") refused the peer's whole bundle. The wizard takes the bundle as genuine
    and says, before anything is merged, which row is taken as written and why, by file,
    sheet, row and column; the import goes on."""
    from labregistry.exchange import schema
    from labregistry.services import exchange
    from tests.exchange import hostile

    peer = hostile.peer(tmp_path, standards=(hostile.standard("压力标准装置", "[2024]浙量标证字第0779号"),))
    try:
        exchange.trust_add(own.reg, *hostile.card(peer, tmp_path / "peer.card"))
        bundle = hostile.signed_bundle(peer, tmp_path / "a1.xlsx", edit=lambda rows: hostile.set_cell(
            rows, schema.CAPABILITIES, 0, "accuracy_text", "0.05级或0.1级"))
    finally:
        peer.close()
    wizard = window.start_import(bundle)
    wizard.next()
    page = wizard.verify_page
    assert page.headline.text().startswith("✓ Genuine"), page.headline.text()
    assert page.reason.level == "warning" and page.isComplete()
    said = page.reason.text()
    assert "file 'a1.xlsx' sheet '测量能力 Capabilities' row 2 column" in said, said
    assert "'0.05级或0.1级'" in said and "imported as written" in said, said
    wizard.next()
    assert wizard.preview_page.tree.topLevelItemCount() > 0
    wizard.reject()
