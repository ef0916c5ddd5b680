"""Key statements travel inside the bundle's signature (format 2); format-1 bundles still work.

A forwarder between A and B (a third institute, a mail server, a USB stick) must not be able
to hold back A's revocation by emptying, dropping or reordering the statements on the
signature sheet: each edit is built as a real file and refused with one reason, the
receiver's database unchanged, through the service and through the CLI as a process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from labregistry.exchange import schema
from labregistry.services import exchange
from tests.conftest import PASSPHRASE, run_cli
from tests.dbstate import dump_home
from tests.exchange import sites
from tests.exchange.sites import Site, db_state, make_site, receiver_of

V1 = Path(__file__).parent / "data" / "bundle-v1"
V1_FIRST_FINGERPRINT = "89485 24039 81710 01399 38233 67911 82152 61667"
V1_FIRST_KEY, V1_SECOND_KEY = "f9b036050c647700", "fc308d9e242c33b0"


@pytest.fixture
def a(tmp_path: Path) -> Site:
    return make_site(tmp_path, "A", standards=4, seed=3)


def _statements_cell(wb: Any) -> Any:
    ws = wb[schema.META_SHEET]
    return next(row[1] for row in ws.iter_rows(min_row=2) if row[0].value == "statements")


def forwarded(original: Path, out: Path, change: Any) -> Path:
    """What a forwarder makes of the bundle: the statements cell rewritten, nothing re-signed."""
    wb = openpyxl.load_workbook(original)
    cell = _statements_cell(wb)
    cell.value = json.dumps(change(json.loads(cell.value)), ensure_ascii=False)
    wb.save(out)
    return out


def refused_everywhere(b: Site, path: Path, code: str) -> str:
    before = db_state(b.reg)
    check = exchange.verify_bundle(b.reg, path)
    assert not check.valid and check.reason_code == code, check.reason
    for command in (["verify", str(path)], ["import", str(path), "--yes"]):
        result = run_cli("--home", str(b.home), *command)
        lines = result.err.strip().splitlines()
        assert result.code == 1 and len(lines) == 1 and lines[0].startswith("error:"), result.err
        assert "Traceback" not in result.err
    assert db_state(b.reg) == before
    return sites.reason(check)


def test_statements_are_signed_and_cannot_be_dropped_emptied_or_reordered(tmp_path: Path, a: Site,
                                                                          b: Site) -> None:
    exchange.import_bundle(b.reg, a.export(tmp_path / "a1.xlsx"))
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    exchange.import_bundle(b.reg, a.export(tmp_path / "a2.xlsx"))  # B follows the rotation
    exchange.revoke_own_key(a.reg, PASSPHRASE, rotated["old_key_id"], "U 盘遗失")
    original = a.export(tmp_path / "a3.xlsx")
    check = exchange.verify_bundle(b.reg, original)
    assert check.valid and check.to_json()["format_version"] == schema.VERSION and check.to_json()["statements_signed"]
    manifest = check.manifest
    assert manifest is not None and len(manifest.statements) == 2

    reason = refused_everywhere(b, forwarded(original, tmp_path / "empty.xlsx", lambda s: []),
                                "bundle.statements_tampered")
    assert "2" in reason and "0" in reason
    refused_everywhere(b, forwarded(original, tmp_path / "dropped.xlsx", lambda s: s[:1]),
                       "bundle.statements_tampered")
    refused_everywhere(b, forwarded(original, tmp_path / "reordered.xlsx", lambda s: s[::-1]),
                       "bundle.statements_tampered")

    def retold(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        items[1]["reason"] = "例行更换"  # its own signature fails too, but the manifest says so first
        return items

    refused_everywhere(b, forwarded(original, tmp_path / "retold.xlsx", retold), "bundle.statements_tampered")
    # the bundle as A wrote it still imports, and B learns the revocation
    assert exchange.import_bundle(b.reg, original).applied
    states = {k["key_id"]: k["state"] for k in exchange.trust_list(b.reg)}
    assert states == {rotated["old_key_id"]: "revoked", rotated["key_id"]: "trusted"}


def test_statements_cell_reformatted_is_refused_as_a_visible_change(tmp_path: Path, a: Site, b: Site) -> None:
    """The statements' digests are of their canonical form, but the cell is text a person
    reads: the signature sheet must be exactly what the writer makes of the signed data
    (docs/bundle-format.md, What people see), so other spacing or key order is refused."""
    exchange.rotate_key(a.reg, PASSPHRASE)
    original = a.export(tmp_path / "a.xlsx")
    spaced = forwarded(original, tmp_path / "spaced.xlsx",
                       lambda items: json.loads(json.dumps([dict(reversed(list(i.items()))) for i in items])))
    wb = openpyxl.load_workbook(spaced)
    cell = _statements_cell(wb)
    cell.value = json.dumps(json.loads(cell.value), indent=2)
    wb.save(spaced)
    refused_everywhere(b, spaced, "bundle.signature_sheet_changed")


# ---------------------------------------------------------------- bundles of format version 1


@pytest.fixture
def receiver(tmp_path: Path) -> Site:
    return receiver_of(tmp_path, V1 / "A-first.card", V1_FIRST_FINGERPRINT)


def test_version_1_bundles_still_verify_and_import(tmp_path: Path, receiver: Site) -> None:
    first, second = V1 / "A-v1-seq1.xlsx", V1 / "A-v1-seq2.xlsx"
    verified = run_cli("--home", str(receiver.home), "verify", str(first), "--json")
    assert verified.code == 0, verified.err
    data = verified.json()
    assert data["valid"] and data["format_version"] == 1 and data["statements_signed"] is False
    assert data["key_id"] == V1_SECOND_KEY  # trusted through the rotation the bundle carries

    imported = run_cli("--home", str(receiver.home), "import", str(first), "--yes")
    assert imported.code == 0, imported.err
    # the second carries a revocation of the first key in the version-1 form (no compromise time):
    # it revokes the first key and withdraws nothing that key endorsed before
    imported = run_cli("--home", str(receiver.home), "import", str(second), "--yes")
    assert imported.code == 0, imported.err
    keys = {k["key_id"]: k for k in run_cli("--home", str(receiver.home), "trust", "list", "--json").json()}
    assert keys[V1_FIRST_KEY]["state"] == "revoked" and keys[V1_FIRST_KEY]["revoked_by"] == "statement"
    assert keys[V1_FIRST_KEY]["compromised_since"] is None
    assert keys[V1_SECOND_KEY]["state"] == "trusted" and keys[V1_SECOND_KEY]["endorsed_by"] == V1_FIRST_KEY
    stats = run_cli("--home", str(receiver.home), "stats", "--json").json()
    assert stats["region"]["standards"] == 3


def test_a_version_1_bundle_cannot_show_a_dropped_statement(tmp_path: Path, receiver: Site) -> None:
    """The documented limit of format 1 (docs/bundle-format.md): its statements are used one by
    one, each by its own signature, but nothing tells that one was removed on the way."""
    exchange.import_bundle(receiver.reg, V1 / "A-v1-seq1.xlsx")
    dropped = forwarded(V1 / "A-v1-seq2.xlsx", tmp_path / "dropped.xlsx", lambda s: s[:1])
    before = dump_home(receiver.home)
    check = exchange.verify_bundle(receiver.reg, dropped)
    assert check.valid and check.statements_signed is False
    assert dump_home(receiver.home) == before
