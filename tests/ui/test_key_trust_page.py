"""The trusted-keys panel on real keys and statement files: states with the statement that
did it, a statement file imported on its own, a replacement confirmed first, a compromise date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QMessageBox

from labregistry.services import exchange
from tests.conftest import PASSPHRASE
from tests.dbstate import dump_engine
from tests.exchange.sites import Site, make_site
from tests.ui.conftest import Answers, message_box_answer
from ui import files
from ui.pages.exchange_page import RevokeDialog, TrustDialog, TrustPanel


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[Site]:
    site = make_site(tmp_path, "A", standards=2)
    yield site
    site.reg.close()


@pytest.fixture
def own(tmp_path: Path, peer: Site) -> Iterator[Site]:
    site = make_site(tmp_path, "B")
    site.trust(peer, tmp_path)
    yield site
    site.reg.close()


@pytest.fixture
def panel(own: Site, qtbot: Any) -> TrustPanel:
    widget = TrustPanel(own.reg)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def row_of(panel: TrustPanel, key_id: str) -> int:
    return next(i for i, k in enumerate(panel.keys) if k["key_id"] == key_id)


def test_a_statement_file_is_imported_and_each_key_shows_its_state(
    panel: TrustPanel, own: Site, peer: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rotated = exchange.rotate_key(peer.reg, PASSPHRASE, statement_out=tmp_path / "rotation.json")
    monkeypatch.setattr(files, "open_path", lambda *a: tmp_path / "rotation.json")
    panel.import_statement()
    assert panel.message.level == "ok" and rotated["key_id"] in panel.message.text()
    old = row_of(panel, rotated["old_key_id"])
    assert panel.table.item(old, 3).text() == f"Rotated to {rotated['key_id']}"
    panel.table.selectRow(old)
    assert "rotation statement" in panel.selected_state.text()

    exchange.revoke_own_key(peer.reg, PASSPHRASE, rotated["old_key_id"], "笔记本电脑被盗",
                            compromised_since=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                            statement_out=tmp_path / "revocation.json")
    monkeypatch.setattr(files, "open_path", lambda *a: tmp_path / "revocation.json")
    panel.import_statement()
    assert "No longer trusted" in panel.message.text() and rotated["key_id"] in panel.message.text()
    old, new = row_of(panel, rotated["old_key_id"]), row_of(panel, rotated["key_id"])
    assert panel.table.item(old, 3).text() == "Revoked, not trusted from 2020-01-01"
    assert panel.table.item(new, 3).text() == f"Not trusted: endorsed by the compromised key {rotated['old_key_id']}"
    panel.table.selectRow(old)
    details = panel.selected_state.text()
    assert "笔记本电脑被盗" in details and "revocation statement" in details and "2020-01-01T00:00:00Z" in details
    assert not panel.revoke_button.isEnabled()

    before = dump_engine(own.reg.engine)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "labregistry-key-statements", "version": 1, "statements": []}', "utf-8")
    monkeypatch.setattr(files, "open_path", lambda *a: broken)
    panel.import_statement()
    assert panel.message.level == "error" and "statement" in panel.message.text()
    assert dump_engine(own.reg.engine) == before


def test_a_second_key_of_an_institute_is_trusted_only_after_confirming_the_replacement(
    panel: TrustPanel, own: Site, peer: Site, tmp_path: Path, answer: Answers
) -> None:
    first = exchange.key_summary(peer.reg)["key_id"]
    again = make_site(tmp_path, "A")  # the institute set up anew: an unrelated key
    card = again.card(tmp_path / "again.card")
    asked: list[str] = []

    def trust(dialog: TrustDialog) -> int:
        dialog.path.setText(str(card))
        dialog.fingerprint.setText(again.fingerprint())
        dialog.accept()  # the replacement is refused the first time
        asked.append(dialog.message.text())
        dialog.accept()
        return dialog.result()

    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Ok])

    def replacement(box: QMessageBox) -> int:
        asked.append(box.text() + "\n" + box.informativeText())
        return int(next(answers))

    answer.on(TrustDialog, trust)
    answer.on(QMessageBox, replacement)
    panel.add_key()
    assert again.uscc in asked[0] and first in asked[0] and "refused" in asked[0]
    assert asked[1] == "Not trusted: the key it would replace stays trusted."
    states = {k["key_id"]: k["state"] for k in exchange.trust_list(own.reg)}
    assert states[first] == "revoked" and states[exchange.key_summary(again.reg)["key_id"]] == "trusted"
    again.reg.close()


def test_revoking_from_a_compromise_date(panel: TrustPanel, own: Site, peer: Site, answer: Answers) -> None:
    panel.refresh()
    panel.table.selectRow(0)

    def revoke(dialog: RevokeDialog) -> int:
        assert dialog.since.maximumDateTime() <= QDateTime.currentDateTime().addSecs(5)
        dialog.reason.setText("phoned: key stolen")
        dialog.since.setDateTime(QDateTime.fromString("2024-03-01 09:30", "yyyy-MM-dd HH:mm"))
        dialog.accept()
        return dialog.result()

    answer.on(RevokeDialog, revoke)
    answer.on(QMessageBox, message_box_answer(QMessageBox.StandardButton.Ok))
    panel.revoke_selected()
    key = exchange.trust_list(own.reg)[0]
    assert key["state"] == "revoked" and key["revoked_reason"] == "phoned: key stolen"
    local = dt.datetime(2024, 3, 1, 9, 30).astimezone(dt.UTC)
    assert dt.datetime.fromisoformat(key["revoked_at"]) == local
    assert panel.table.item(0, 3).text() == "Revoked, not trusted from 2024-03-01"


def test_a_key_revoked_by_a_statement_kept_from_before_is_said_revoked_not_offered_for_a_phone_check(
    panel: TrustPanel, own: Site, peer: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labregistry.crypto import statements

    first = exchange.key_summary(peer.reg)["key_id"]
    middle = exchange.rotate_key(peer.reg, PASSPHRASE)["key_id"]
    exchange.rotate_key(peer.reg, PASSPHRASE)
    exchange.revoke_own_key(peer.reg, PASSPHRASE, middle, "私钥泄露")
    kept = exchange.keystore(peer.reg).statements()
    with own.reg.uow(write=True) as uow:  # kept from an earlier bundle, which keeps what it carries
        exchange.store_statements(uow, peer.uscc, [s for s in kept if getattr(s, "old_key_id", None) != first])
        uow.commit()
    path = tmp_path / "rotation.json"
    path.write_bytes(statements.statement_file_bytes(
        [s for s in kept if getattr(s, "old_key_id", None) == first]))
    monkeypatch.setattr(files, "open_path", lambda *a: path)
    panel.import_statement()
    text = panel.message.text()
    assert panel.message.level == "ok" and f"Revoked by a revocation received before: {middle}" in text, text
    assert "Not trusted yet" not in text, text
