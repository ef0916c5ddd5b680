"""The app imports a folder of bundles the way ``labregistry import FOLDER`` does, and says in
plain words how each key is trusted: checked by phone, or endorsed by the coordinator until
a date (issue 19). Real registries, real bundles, real widgets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from labregistry.services import endorsing, exchange, receipts
from tests.conftest import PASSPHRASE
from tests.exchange.sites import make_site
from ui.pages.exchange_page import ImportPanel, TrustDialog, TrustPanel


def test_a_folder_through_the_coordinator(tmp_path: Path, qtbot: Any, sync_workers: None) -> None:
    own = make_site(tmp_path, "B")
    coordinator, endorsed, unknown = (make_site(tmp_path, name, standards=n, sqlite=True)
                                      for name, n in (("D", 0), ("A", 3), ("C", 2)))
    card = endorsing.endorse_key(coordinator.reg, PASSPHRASE, endorsed.card(tmp_path / "a.card"),
                                 endorsed.fingerprint(), tmp_path / "a.endorse.json")
    endorsing.attach_endorsement(endorsed.reg, tmp_path / "a.endorse.json")
    folder = tmp_path / "received"
    folder.mkdir()
    endorsed.export(folder / "a.xlsx")
    unknown.export(folder / "c.xlsx")

    # one phone call: the coordinator, trusted as such in the trust dialog
    dialog = TrustDialog(own.reg)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(coordinator.card(tmp_path / "d.card")))
    dialog.fingerprint.setText(coordinator.fingerprint())
    dialog.coordinator.setChecked(True)
    dialog.accept()
    assert dialog.added is not None

    panel = ImportPanel(own.reg)
    qtbot.addWidget(panel)
    preview = panel.import_folder(folder)
    rows = {preview.table.item(r, 0).text(): [preview.table.item(r, c).text() for c in range(9)]
            for r in range(preview.table.rowCount())}
    assert rows["a.xlsx"][4] == "To import"
    assert rows["a.xlsx"][5] == f"Endorsed by the coordinator 安徽省计量科学研究院 until {card['until'][:10]}"
    assert int(rows["a.xlsx"][6]) > 0
    assert rows["c.xlsx"][4].startswith("Refused: ") and "not trusted" in rows["c.xlsx"][4]
    assert preview.import_button.isEnabled() and preview.import_button.text() == "Import 1 bundle(s)"
    assert receipts.received_bundles(own.reg) == []  # nothing written by the preview

    preview.import_button.click()
    assert [b["issuer_uscc"] for b in receipts.received_bundles(own.reg)] == [endorsed.uscc]
    assert preview.table.item(0, 4).text() == "Imported ✓" and not preview.import_button.isEnabled()
    assert panel.received.rowCount() == 1

    keys = TrustPanel(own.reg)
    qtbot.addWidget(keys)
    keys.refresh()
    states = {key["key_id"]: keys.state_details(key) for key in keys.keys}
    shown = states[exchange.key_summary(endorsed.reg)["key_id"]]
    assert shown.startswith("Endorsed by the coordinator 安徽省计量科学研究院 until")
    assert "Not checked by phone here" in shown
    assert "as regional coordinator" in states[exchange.key_summary(coordinator.reg)["key_id"]]
    for site in (own, coordinator, endorsed, unknown):
        site.reg.close()
    shutil.rmtree(folder)
