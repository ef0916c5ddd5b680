"""A compromised key can be recovered from: the compromise date withdraws what the key vouched for.

Real institutes, real keys, real bundles; the thief's bundles are written with the stolen
key exactly as A's software would write them. The receiver runs the CLI as a process.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from labregistry.exchange import bundle
from labregistry.crypto import cards, keys, statements
from labregistry.services import exchange
from tests.conftest import PASSPHRASE, run_cli
from tests.dbstate import dump_home
from tests.exchange.sites import Site, cli, make_site, ok, one_error

INSTITUTE = "上海市计量测试技术研究院"
BACKDATED = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def a(tmp_path: Path) -> Site:
    return make_site(tmp_path, "A", standards=4, seed=9)


class Thief:
    """Holds A's stolen key: rotates it to a key of its own (backdating the rotation) and
    signs bundles of A's records with that key."""

    def __init__(self, a: Site) -> None:
        self.a = a
        self.stolen = exchange.keystore(a.reg).unlock(PASSPHRASE)
        self.key, _ = keys.new_signing_key(a.uscc, "thief", kdf=keys.INSECURE_TEST_KDF)
        self.rotation = statements.make_rotation(self.stolen, self.key.info, at=BACKDATED)
        self.card = cards.make_card(self.key, INSTITUTE, endorsements=[self.rotation])

    def bundle(self, out: Path, seq: int, *, stolen_key: bool = False) -> Path:
        """Signed with the thief's own key (endorsed by the stolen one), or the stolen key itself."""
        with self.a.reg.uow() as uow:
            rows = exchange.collect_rows(uow.session.connection(), uow.institutes.own())
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        key = self.stolen if stolen_key else self.key
        card = cards.make_card(self.stolen, INSTITUTE) if stolen_key else self.card
        bundle.write_bundle(str(out), rows=rows, issuer_uscc=self.a.uscc, issuer_name=INSTITUTE,
                            signing_key=key, card_bytes=card.to_bytes(),
                            own_statements=[] if stolen_key else [self.rotation],
                            seq=seq, issued_at=now, expires_at=now + dt.timedelta(days=30))
        return out


def keys_of(site: Site) -> dict[str, dict[str, Any]]:
    return {k["key_id"]: k for k in run_cli("--home", str(site.home), "trust", "list", "--json").json()}


def signature_of(site: Site, uscc: str) -> str:
    rows = run_cli("--home", str(site.home), "region", "--json").json()
    return str(next(r["signature"] for r in rows if r["institute_uscc"] == uscc))


def test_a_backdated_rotation_by_a_thief_loses_trust_when_the_compromise_is_revoked(
        tmp_path: Path, a: Site, b: Site) -> None:
    ok(b, "import", str(a.export(tmp_path / "a1.xlsx")), "--yes")
    thief = Thief(a)
    # before anyone knows, B accepts the thief's key through its (backdated) rotation
    ok(b, "import", str(thief.bundle(tmp_path / "t1.xlsx", 50)), "--yes")
    assert keys_of(b)[thief.key.key_id]["state"] == "trusted"
    assert signature_of(b, a.uscc) == "verified"

    first_key = exchange.key_summary(a.reg)["key_id"]
    out = ok(a, "keys", "rotate", "--revoke-old", "笔记本电脑被盗", "--compromised-since", "2024-06-01",
             "--statement-out", str(tmp_path / "revoked.json"))
    assert "2024-05-31T16:00:00Z" in out and "revoked.json" in out  # the start of 1 June in Beijing
    new_key = exchange.key_summary(a.reg)["key_id"]

    imported = ok(b, "trust", "import", str(tmp_path / "revoked.json"))
    assert first_key in imported and thief.key.key_id in imported and new_key in imported
    listed = keys_of(b)
    old = listed[first_key]
    assert old["state"] == "revoked" and old["compromised_since"] == "2024-05-31T16:00:00Z"
    assert old["revoked_reason"] == "笔记本电脑被盗" and old["revoked_by"] == "statement"
    assert old["statement"]["type"] == "revoke" and old["statement"]["signer_key_id"] == new_key
    stolen = listed[thief.key.key_id]
    assert stolen["state"] == "distrusted" and stolen["compromised_key"] == first_key and stolen["revoked"]
    assert new_key not in listed  # a rotation signed by a compromised key proves nothing: phone first
    text = ok(b, "trust", "list")
    assert "不再受信任" in text and "笔记本电脑被盗" in text
    # what was imported from the thief's bundle stays, marked: it came after the compromise
    assert signature_of(b, a.uscc) == "key_compromised"

    before = dump_home(b.home)
    again = cli(b, "import", str(thief.bundle(tmp_path / "t2.xlsx", 51)), "--yes")
    assert thief.key.key_id in one_error(again) and "2024-05-31" in again.err
    also_verify = cli(b, "--lang", "en", "verify", str(tmp_path / "t2.xlsx"))
    assert "compromised" in one_error(also_verify)
    assert dump_home(b.home) == before

    # after a phone call B trusts A's new key, and A's bundles come in again: the thief's
    # number 50 is no rollback floor for A's number 2, and only A's bundle is passed on
    fresh = a.export(tmp_path / "a2.xlsx")
    ok(b, "trust", "add", str(fresh), "--fingerprint", a.fingerprint())
    ok(b, "import", str(fresh), "--yes")
    assert signature_of(b, a.uscc) == "verified"
    ok(b, "export-received", str(tmp_path / "onward"))
    assert [p.name for p in (tmp_path / "onward").iterdir()] == [f"{a.uscc}-000002.xlsx"]


def test_a_compromise_after_the_rotation_keeps_the_new_key(tmp_path: Path, a: Site, b: Site) -> None:
    thief = Thief(a)
    ok(b, "import", str(a.export(tmp_path / "a1.xlsx")), "--yes")
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    ok(b, "import", str(a.export(tmp_path / "a2.xlsx")), "--yes")  # B follows the rotation
    ok(a, "keys", "revoke", rotated["old_key_id"], "--reason", "旧私钥文件外泄",
       "--statement-out", str(tmp_path / "revoked.json"))
    ok(b, "trust", "import", str(tmp_path / "revoked.json"))
    listed = keys_of(b)
    assert listed[rotated["old_key_id"]]["state"] == "revoked"
    assert listed[rotated["key_id"]]["state"] == "trusted"  # seen before the compromise began
    ok(b, "import", str(a.export(tmp_path / "a3.xlsx")), "--yes")
    before = dump_home(b.home)
    refused = cli(b, "import", str(thief.bundle(tmp_path / "t.xlsx", 60, stolen_key=True)), "--yes")
    assert "吊销" in one_error(refused)
    assert "不受信任" in one_error(cli(b, "import", str(thief.bundle(tmp_path / "t2.xlsx", 61)), "--yes"))
    assert dump_home(b.home) == before


def test_records_imported_before_the_compromise_stay_marked(tmp_path: Path, a: Site) -> None:
    early, late = make_site(tmp_path, "B"), make_site(tmp_path, "C")
    for site in (early, late):
        site.trust(a, tmp_path)
        ok(site, "import", str(a.export(tmp_path / f"a-{site.name}.xlsx")), "--yes")
    first_key = exchange.key_summary(a.reg)["key_id"]
    rotated = exchange.rotate_key(a.reg, PASSPHRASE, revoke_reason="私钥泄露",
                                  statement_out=tmp_path / "now.json")
    assert rotated["old_key_id"] == first_key
    exchange.revoke_own_key(a.reg, PASSPHRASE, first_key, "泄露时间更早",
                            compromised_since=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                            statement_out=tmp_path / "earlier.json")
    ok(early, "trust", "import", str(tmp_path / "now.json"))
    ok(late, "trust", "import", str(tmp_path / "earlier.json"))
    # the compromise began after B received A's bundle: kept, marked as signed by a revoked key
    assert signature_of(early, a.uscc) == "key_revoked"
    # the compromise began before C received it: whoever held the key may have signed it
    assert signature_of(late, a.uscc) == "key_compromised"
    for site, mark in ((early, "签名密钥已被吊销"), (late, "签名密钥在接收时已泄露")):
        assert run_cli("--home", str(site.home), "stats", "--json").json()["region"]["standards"] == 4
        assert mark in ok(site, "search", "--institute", a.uscc)


def test_trust_revoke_with_a_compromise_date_withdraws_what_the_key_endorsed_since(
        tmp_path: Path, a: Site, b: Site) -> None:
    thief = Thief(a)
    ok(b, "import", str(thief.bundle(tmp_path / "t1.xlsx", 5)), "--yes")
    first_key = exchange.key_summary(a.reg)["key_id"]
    out = ok(b, "--lang", "en", "trust", "revoke", first_key, "--reason", "phoned: key stolen",
             "--compromised-since", "2023-03-01T09:30")
    assert thief.key.key_id in out
    listed = keys_of(b)
    assert listed[first_key]["state"] == "revoked" and listed[first_key]["revoked_by"] == "local"
    assert listed[first_key]["revoked_at"].startswith("2023-03-01T01:30:00")
    assert listed[thief.key.key_id]["state"] == "distrusted"
    assert "trust revoke" in ok(b, "--lang", "en", "trust", "list")


def test_a_bad_or_future_compromise_date_changes_nothing(tmp_path: Path, a: Site, b: Site) -> None:
    key_files = sorted(p.name for p in (a.home / "keys").rglob("*"))
    before_a, before_b = dump_home(a.home), dump_home(b.home)
    first_key = exchange.key_summary(a.reg)["key_id"]
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    for args in (
        ("keys", "rotate", "--revoke-old", "x", "--compromised-since", tomorrow),
        ("keys", "rotate", "--revoke-old", "x", "--compromised-since", "2024-13-45"),
        ("keys", "rotate", "--revoke-old", "bad\x07reason"),
    ):
        assert one_error(cli(a, *args))
    assert "2024-13-45" in one_error(cli(a, "keys", "rotate", "--revoke-old", "x", "--compromised-since",
                                         "2024-13-45"))
    assert tomorrow in one_error(cli(b, "trust", "revoke", first_key, "--compromised-since", tomorrow))
    assert "--revoke-old" in one_error(cli(a, "keys", "rotate", "--compromised-since", "2024-01-01"))
    assert "文件夹" in one_error(cli(a, "keys", "rotate", "--statement-out", str(tmp_path)))
    assert "找不到文件" in one_error(cli(a, "keys", "rotate", "--statement-out", str(tmp_path / "no" / "s.json")))
    assert sorted(p.name for p in (a.home / "keys").rglob("*")) == key_files
    assert dump_home(a.home) == before_a and dump_home(b.home) == before_b


def test_revoking_before_the_rotation_went_out_warns_to_send_the_rotation_first(
        tmp_path: Path, a: Site, b: Site) -> None:
    """Trial 7: ``keys revoke`` right after ``keys rotate`` left every peer with an untrusted
    new key (the rotation reached them with the revocation, after the compromise time),
    and nothing said so at revoke time."""
    ok(b, "import", str(a.export(tmp_path / "a1.xlsx")), "--yes")
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    early = cli(a, "keys", "revoke", rotated["old_key_id"], "--reason", "旧私钥文件外泄")
    assert early.code == 0, early.err
    warning = early.err.strip()
    assert warning.startswith("警告：") and rotated["key_id"] in warning and "先导出数据包" in warning, early.err
    assert rotated["fingerprint"] in warning
    # what it warned of: B receives the rotation with the revocation and does not trust the new key
    refused = cli(b, "import", str(a.export(tmp_path / "a2.xlsx")), "--yes")
    assert rotated["key_id"] in one_error(refused)

    c = make_site(tmp_path, "C", standards=1, seed=3)  # the order the warning asks for: no warning
    other = make_site(tmp_path, "D")
    other.trust(c, tmp_path)
    turned = exchange.rotate_key(c.reg, PASSPHRASE)
    ok(other, "import", str(c.export(tmp_path / "c1.xlsx")), "--yes")
    late = cli(c, "keys", "revoke", turned["old_key_id"], "--reason", "例行更换", "--json")
    assert late.code == 0 and late.err == "" and late.json()["rotation_unsent"] is None
    ok(other, "import", str(c.export(tmp_path / "c2.xlsx")), "--yes")


def test_a_rotation_counts_as_sent_only_once_a_bundle_signed_by_the_new_key_was_written(
        tmp_path: Path, a: Site) -> None:
    """The warning compared the last export's time with the rotation's, which a statement keeps
    to the second: an export read in the same second as the rotation, before it, counted as
    sent, and the warning was lost (CI, 2026-12-07). Whether a bundle signed by the new key was
    written is what decides; the clock no longer can."""
    a.export(tmp_path / "a1.xlsx")
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    with a.reg.uow(write=True) as uow:  # as if the export had been read in the rotation's second
        uow.settings.set(exchange.LAST_EXPORT_KEY, dt.datetime.now(dt.timezone.utc).isoformat())
        uow.commit()
    said = cli(a, "keys", "revoke", rotated["old_key_id"], "--reason", "旧私钥文件外泄", "--json")
    assert said.code == 0 and said.json()["rotation_unsent"] == {
        "key_id": rotated["key_id"], "fingerprint": rotated["fingerprint"]}, said.out


def test_a_rotation_sent_in_the_same_second_is_sent(tmp_path: Path, a: Site) -> None:
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    a.export(tmp_path / "a1.xlsx")  # signed by the new key, whatever the clock says
    with a.reg.uow(write=True) as uow:
        uow.settings.set(exchange.LAST_EXPORT_KEY, "2000-01-01T00:00:00+00:00")
        uow.commit()
    said = cli(a, "keys", "revoke", rotated["old_key_id"], "--reason", "例行更换", "--json")
    assert said.code == 0 and said.err == "" and said.json()["rotation_unsent"] is None, said.err


def test_a_compromise_before_the_rotation_is_said_before_the_revocation_is_written(
        tmp_path: Path, a: Site, b: Site) -> None:
    """Review of 7 Dec 2026: ``keys revoke --compromised-since`` a date before the rotation to
    the key in use said nothing, and every peer then stopped trusting the key in use (K5)."""
    ok(b, "import", str(a.export(tmp_path / "a1.xlsx")), "--yes")
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    ok(b, "import", str(a.export(tmp_path / "a2.xlsx")), "--yes")  # B has the rotation: no unsent warning
    since = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    # said before anything is written: with a wrong passphrase the revocation is refused, the warning shown
    before = dump_home(a.home)
    wrong = run_cli("--home", str(a.home), "--passphrase-file", str(_file(tmp_path, "wrong")), "keys", "revoke",
                    rotated["old_key_id"], "--reason", "私钥泄露", "--compromised-since", since)
    assert wrong.code == 1 and wrong.err.startswith("警告：泄露时间") and rotated["fingerprint"] in wrong.err, wrong.err
    assert dump_home(a.home) == before
    said = cli(a, "--lang", "en", "keys", "revoke", rotated["old_key_id"], "--reason", "key leaked",
               "--compromised-since", since, "--json")
    assert said.code == 0, said.err
    [line] = said.err.strip().splitlines()
    assert line.startswith("warning: the compromise time") and rotated["fingerprint"] in line and "phone" in line
    assert [w["code"] for w in said.json()["warnings"]] == ["keys.compromise_before_rotation"]
    # what it warned of: B stops trusting the key in use
    assert rotated["key_id"] in one_error(cli(b, "import", str(a.export(tmp_path / "a3.xlsx")), "--yes"))


def test_a_compromise_before_the_last_export_is_said(tmp_path: Path, a: Site) -> None:
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    a.export(tmp_path / "a1.xlsx")
    [rotation] = [s for s in exchange.keystore(a.reg).rotations() if s.new_key_id == rotated["key_id"]]
    later = rotation.at + dt.timedelta(seconds=5)  # the bundle went out after the rotation was made
    with a.reg.uow(write=True) as uow:
        uow.settings.set(exchange.LAST_EXPORT_KEY, later.isoformat())
        uow.commit()
    since = rotation.at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%dT%H:%M:%S")
    said = cli(a, "keys", "revoke", rotated["old_key_id"], "--reason", "私钥泄露", "--compromised-since", since,
               "--json")
    assert said.code == 0 and [w["code"] for w in said.json()["warnings"]] == ["keys.compromise_before_export"]
    assert "早于最近一次导出数据包的时间" in said.err and rotated["fingerprint"] in said.err
    # a compromise after the last export: nothing to say
    c = make_site(tmp_path, "C")
    turned = exchange.rotate_key(c.reg, PASSPHRASE)
    c.export(tmp_path / "c1.xlsx")
    quiet = cli(c, "keys", "revoke", turned["old_key_id"], "--reason", "例行更换", "--json")
    assert quiet.code == 0 and quiet.err == "" and quiet.json()["warnings"] == []


def _file(tmp: Path, text: str) -> Path:
    path = tmp / f"{text}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path
