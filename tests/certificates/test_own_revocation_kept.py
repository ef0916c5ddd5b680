"""An own revoked key stays revoked at home when its statement files are lost.

Found by a review (7 Dec 2026): the home judged its own revocations by the files in
``home/keys/statements`` alone, and only through the chain of rotation files from the revoked
key. Deleting them (a careless clean-up, or whoever took the old key) made a certificate signed
with the revoked key genuine again at home, while every peer refused it; the next bundles no
longer carried the revocation to peers that had not had it; and a statement file that no longer
parsed stopped every certificate check with a message that named no file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from labregistry.services import certificates, exchange, listing
from tests.conftest import PASSPHRASE
from tests.dbstate import dump_home
from tests.exchange.sites import Site, cli, make_site, ok, one_error


def _in_force(site: Site) -> int:
    rows = listing.list_records(site.reg, listing.RecordQuery(kind="standards", own_only=True, status="valid"))
    today = dt.date.today()
    return int(next(r["id"] for r in rows if r["valid_until"] >= today))


def _statement_files(site: Site) -> list[Path]:
    return sorted((site.home / "keys" / "statements").glob("*.json"))


@pytest.fixture
def revoked(tmp_path: Path) -> tuple[Site, Site, str, Path]:
    """A rotated away from its old key, sent the rotation to B, then revoked the old key (B has
    not had the revocation yet); a certificate printed with the old key after the compromise."""
    a = make_site(tmp_path, "A", standards=4, seed=21)
    b = make_site(tmp_path, "B")
    b.trust(a, tmp_path)
    old = certificates.unlock(a.reg, PASSPHRASE)  # what the thief holds
    exchange.rotate_key(a.reg, PASSPHRASE)
    ok(b, "import", str(a.export(tmp_path / "a1.xlsx")), "--yes")
    exchange.revoke_own_key(a.reg, PASSPHRASE, old.key_id, "私钥泄露")  # compromised from now: after B had the rotation
    after = tmp_path / "after.pdf"
    certificates.issue_standard(a.reg, _in_force(a), after, old, issued_on=dt.date.today())
    return a, b, old.key_id, after


def test_a_revoked_own_key_stays_revoked_at_home_and_reaches_peers_when_its_files_are_deleted(
        tmp_path: Path, revoked: tuple[Site, Site, str, Path]) -> None:
    a, b, old_id, after = revoked
    assert one_error(cli(a, "verify-certificate", str(after)))
    for path in _statement_files(a):  # the rotation and the revocation files, all gone
        path.unlink()

    refused = cli(a, "verify-certificate", str(after))
    assert "已被吊销" in one_error(refused), refused.err
    [check] = certificates.verify_source(a.reg, after)
    assert check.status == "revoked_key"

    # the lab manager is told, by check (exit 1) and keys show, with the way to restore the files
    said = cli(a, "check")
    assert said.code == 1 and old_id in said.out + said.err and "keys restore-statements" in said.out + said.err
    report = cli(a, "check", "--json")
    problems = report.json()["own_keys"]  # the revocation's file and the rotation's before it
    assert report.code == 1 and {(p["key_id"], p["problem"]) for p in problems} == {(old_id, "statement_missing")}
    assert any("吊销声明文件已不在" in p["message"] for p in problems)
    shown = cli(a, "keys", "show", "--json").json()
    assert [(k["key_id"], k["statement_file"]) for k in shown["revoked_keys"]] == [(old_id, None)]
    assert old_id in ok(a, "keys", "show") and "keys restore-statements" in ok(a, "keys", "show")

    # the next bundle still carries the revocation (rebuilt from the database's record) to B
    ok(b, "import", str(a.export(tmp_path / "a2.xlsx")), "--yes")
    refused_at_b = cli(b, "verify-certificate", str(after))
    assert "已被吊销" in one_error(refused_at_b), refused_at_b.err
    state = {k["key_id"]: k["state"] for k in cli(b, "trust", "list", "--json").json()}
    assert state[old_id] == "revoked"

    # restored: the files are back, check is clean, the key still revoked
    ok(a, "keys", "restore-statements")
    assert any(json.loads(p.read_text("utf-8")).get("type") == "revoke" for p in _statement_files(a))
    assert cli(a, "check").code == 0
    assert cli(a, "keys", "show", "--json").json()["revoked_keys"][0]["statement_file"]
    assert "已被吊销" in one_error(cli(a, "verify-certificate", str(after)))


def test_a_revocation_file_without_its_rotations_still_revokes_at_home(
        tmp_path: Path, revoked: tuple[Site, Site, str, Path]) -> None:
    """A home of an earlier version (no record in its database) whose rotation files were
    cleaned away: its own revocation, signed by an own key file, counts without the chain."""
    a, _, old_id, after = revoked
    with a.reg.uow(write=True) as uow:
        uow.settings.set(f"keys.own_statements.{a.uscc}", "[]")
        uow.commit()
    for path in _statement_files(a):
        if json.loads(path.read_text("utf-8"))["type"] != "revoke":
            path.unlink()
    [check] = certificates.verify_source(a.reg, after)
    assert check.status == "revoked_key"


def test_a_statement_file_that_does_not_parse_is_named(
        tmp_path: Path, revoked: tuple[Site, Site, str, Path]) -> None:
    a, _, _, after = revoked
    bad = _statement_files(a)[-1]
    bad.write_text('{"type": "revoke", "half', encoding="utf-8")
    before = dump_home(a.home)
    assert str(bad) in one_error(cli(a, "verify-certificate", str(after)))
    said = cli(a, "check")
    assert said.code == 1 and str(bad) in said.out and "keys restore-statements" in said.out, said.out
    shown = cli(a, "keys", "show", "--json")
    assert shown.code == 0 and shown.json()["problems"][0]["file"] == str(bad)
    assert dump_home(a.home) == before


def test_a_deleted_statement_file_does_not_make_the_next_overwrite_a_revocation(
        tmp_path: Path, revoked: tuple[Site, Site, str, Path]) -> None:
    """Files were numbered by their count: with 0001 deleted, the next revocation took the
    name 0002-revoke.json and overwrote the first one (its earlier compromise time lost)."""
    a, _, old_id, _ = revoked
    first, revocation = _statement_files(a)
    kept = revocation.read_bytes()
    first.unlink()
    exchange.revoke_own_key(a.reg, PASSPHRASE, old_id, "再次确认泄露")
    assert revocation.read_bytes() == kept
    assert len(_statement_files(a)) == 2


def test_another_institutes_record_on_a_shared_server_is_not_the_own(
        tmp_path: Path, revoked: tuple[Site, Site, str, Path]) -> None:
    """Institutes that share a regional server share its settings: what B's client recorded of
    B's own revocations is no lost file of A's, nor carried in A's bundles."""
    a, b, _, _ = revoked
    rotated = exchange.rotate_key(b.reg, PASSPHRASE)
    exchange.revoke_own_key(b.reg, PASSPHRASE, rotated["old_key_id"], "私钥泄露")
    with b.reg.uow() as uow:
        kept = {key: uow.settings.get(key) for key in ("keys.own_statements", f"keys.own_statements.{b.uscc}")}
    assert any(kept.values())
    with a.reg.uow(write=True) as uow:  # as B's client on the same server would have written it
        for key, value in kept.items():
            if value is not None:
                uow.settings.set(key, value)
        uow.commit()
    assert cli(a, "check").code == 0
    assert cli(a, "keys", "show", "--json").json()["problems"] == []
    from labregistry.exchange.bundle import read_bundle

    carried = read_bundle(str(a.export(tmp_path / "a.xlsx"))).statements
    assert carried and {s.uscc for s in carried} == {a.uscc}


def test_a_revocation_file_with_a_bad_signature_revokes_nothing_even_once_recorded(tmp_path: Path) -> None:
    """Every export records the folder's statements in the database; a file dropped into the
    folder with a signature that does not verify must not become the registry's own revocation."""
    from dataclasses import replace

    from labregistry.crypto import statements

    a = make_site(tmp_path, "A", standards=4, seed=21)
    old = certificates.unlock(a.reg, PASSPHRASE)
    cert = tmp_path / "cert.pdf"
    certificates.issue_standard(a.reg, _in_force(a), cert, old)
    exchange.rotate_key(a.reg, PASSPHRASE)
    new = certificates.unlock(a.reg, PASSPHRASE)
    genuine = statements.make_revocation(new, "私钥泄露", key_id=old.key_id)
    forged = replace(genuine, reason="伪造")  # the signature no longer verifies
    (a.home / "keys" / "statements" / "0009-revoke.json").write_bytes(statements.statement_to_bytes(forged))
    a.export(tmp_path / "a.xlsx")  # records the folder's statements that hold (review 10: not this one)
    with a.reg.uow() as uow:
        assert "伪造" not in (uow.settings.get(f"keys.own_statements.{a.uscc}") or "")
    assert [c.status for c in certificates.verify_source(a.reg, cert)] == ["genuine"]
