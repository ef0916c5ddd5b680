"""Who may revoke an own key at home, and which files in the statements folder count.

Found by review 10 (7 Dec 2026): a revocation counted at home when signed by ANY own key file,
where peers accept only the revoked key itself or a successor (SECURITY.md K9). A thief holding
a key rotated away from signed "revoke" of its successor and dropped it into
``home/keys/statements``: the genuine certificates of the new key were refused at home, and the
next export recorded the forgery in the database, so every later bundle carried it. And a macOS
``._0001-rotate.json`` (left beside each file copied to a FAT or network drive) was read as a
statement: it did not parse, and every certificate check and export stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from labregistry.crypto import statements
from labregistry.exchange.bundle import read_bundle
from labregistry.services import certificates, exchange, listing
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, cli, make_site, ok


def _in_force(site: Site) -> int:
    rows = listing.list_records(site.reg, listing.RecordQuery(kind="standards", own_only=True, status="valid"))
    today = dt.date.today()
    return int(next(r["id"] for r in rows if r["valid_until"] >= today))


def _recorded(site: Site) -> str:
    with site.reg.uow() as uow:
        return uow.settings.get(f"keys.own_statements.{site.uscc}") or ""


def test_an_older_own_key_does_not_revoke_its_successor_at_home(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=4, seed=21)
    k1 = certificates.unlock(a.reg, PASSPHRASE)  # what the thief keeps
    exchange.rotate_key(a.reg, PASSPHRASE)
    k2 = certificates.unlock(a.reg, PASSPHRASE)
    cert = tmp_path / "k2.pdf"
    certificates.issue_standard(a.reg, _in_force(a), cert, k2)
    assert cli(a, "verify-certificate", str(cert)).code == 0

    forged = statements.make_revocation(k1, "盗用旧钥伪造", key_id=k2.key_id)
    assert statements.verify_revocation(forged, k1.info.public_key)  # a good signature, by the wrong key
    dropped = a.home / "keys" / "statements" / "0003-revoke.json"
    dropped.write_bytes(statements.statement_to_bytes(forged))

    said = cli(a, "verify-certificate", str(cert))
    assert said.code == 0, said.err
    assert [c.status for c in certificates.verify_source(a.reg, cert)] == ["genuine"]
    assert ok(a, "keys", "show", "--json") and cli(a, "keys", "show", "--json").json()["revoked_keys"] == []

    bundle = a.export(tmp_path / "a.xlsx")  # neither recorded nor carried to peers
    assert "盗用旧钥伪造" not in _recorded(a) and k1.key_id in _recorded(a)  # the genuine rotation is
    carried = read_bundle(str(bundle)).statements
    assert carried and all(not isinstance(s, statements.RevocationStatement) for s in carried)

    dropped.unlink()  # and nothing writes it back
    ok(a, "keys", "restore-statements")
    assert not any(json.loads(p.read_text("utf-8"))["type"] == "revoke"
                   for p in (a.home / "keys" / "statements").glob("*.json"))


def test_a_successor_still_revokes_the_older_key_at_home(tmp_path: Path) -> None:
    """The other direction holds, as ``keys revoke`` signs it (the current key, newer)."""
    a = make_site(tmp_path, "A", standards=4, seed=21)
    k1 = certificates.unlock(a.reg, PASSPHRASE)
    cert = tmp_path / "k1.pdf"
    certificates.issue_standard(a.reg, _in_force(a), cert, k1)
    exchange.rotate_key(a.reg, PASSPHRASE)
    exchange.revoke_own_key(a.reg, PASSPHRASE, k1.key_id, "私钥泄露",
                            compromised_since=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1))
    assert [c.status for c in certificates.verify_source(a.reg, cert)] == ["revoked_key"]
    assert "私钥泄露" in _recorded(a)


def test_a_macos_dot_underscore_file_in_the_statements_folder_is_no_statement(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=4, seed=21)
    exchange.rotate_key(a.reg, PASSPHRASE)
    k2 = certificates.unlock(a.reg, PASSPHRASE)
    cert = tmp_path / "k2.pdf"
    certificates.issue_standard(a.reg, _in_force(a), cert, k2)
    folder = a.home / "keys" / "statements"
    [rotation] = sorted(folder.glob("0*.json"))
    (folder / f"._{rotation.name}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")

    said = cli(a, "verify-certificate", str(cert))
    assert said.code == 0, said.err
    assert cli(a, "check").code == 0
    carried = read_bundle(str(a.export(tmp_path / "a.xlsx"))).statements
    assert [s.TYPE for s in carried] == ["rotate"]
    exchange.revoke_own_key(a.reg, PASSPHRASE, [*carried][0].signer_key_id, "私钥泄露")
    assert sorted(p.name for p in folder.glob("0*.json")) == [rotation.name, "0002-revoke.json"]
