"""``trust import`` of statement files and the one-key-per-institute rule of ``trust add``,
as real processes on real files: every refusal is exit 1, one ``error:`` line, nothing written."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from labregistry.crypto import cards, keys, statements
from labregistry.services import exchange
from tests.conftest import PASSPHRASE
from tests.dbstate import dump_home
from tests.exchange.sites import Site, cli, make_site, one_error


@pytest.fixture
def a(tmp_path: Path) -> Site:
    return make_site(tmp_path, "A", standards=2, seed=4)


def refused(site: Site, *args: str) -> str:
    """Run a command that must be refused; the line it said. The database is unchanged."""
    before = dump_home(site.home)
    result = cli(site, *args)
    line = one_error(result)
    assert result.out == ""
    assert dump_home(site.home) == before
    return line


def old_key(site: Site, key_id: str) -> keys.SigningKey:
    return keys.load_private_key(site.home / "keys" / f"{key_id}.key", PASSPHRASE)


def write(path: Path, stmts: list[statements.Statement]) -> Path:
    path.write_bytes(statements.statement_file_bytes(stmts))
    return path


# ---------------------------------------------------------------- trust import


def test_a_rotation_travels_on_its_own(tmp_path: Path, a: Site, b: Site) -> None:
    rotated = exchange.rotate_key(a.reg, PASSPHRASE, statement_out=tmp_path / "rotation.json")
    result = cli(b, "trust", "import", str(tmp_path / "rotation.json"), "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["trusted"] == [rotated["key_id"]] and data["withdrawn"] == [] and data["untrusted"] == []
    assert data["statements"][0]["status"] == "imported" and data["statements"][0]["type"] == "rotate"
    listed = {k["key_id"]: k for k in cli(b, "trust", "list", "--json").json()}
    assert listed[rotated["old_key_id"]]["state"] == "rotated"
    assert listed[rotated["old_key_id"]]["rotated_to"] == [rotated["key_id"]]
    assert listed[rotated["key_id"]]["endorsed_by"] == rotated["old_key_id"]
    # B verifies A's next bundle with the new key without having seen a bundle since
    assert exchange.verify_bundle(b.reg, a.export(tmp_path / "a.xlsx")).valid
    again = cli(b, "trust", "import", str(tmp_path / "rotation.json"))
    assert again.code == 0 and "已有" in again.out


def test_a_revocation_lists_as_also_withdrawn_only_the_keys_the_revoked_key_endorsed(
        tmp_path: Path, a: Site, b: Site) -> None:
    """Trial 7: the revoked key itself was listed among the keys "endorsed by it after the
    compromise"; it is said by the statement's own line."""
    c = make_site(tmp_path, "C")
    c.trust(a, tmp_path)
    rotated = exchange.rotate_key(a.reg, PASSPHRASE, statement_out=tmp_path / "rotation.json")
    old, new = rotated["old_key_id"], rotated["key_id"]
    for site in (b, c):
        assert cli(site, "trust", "import", str(tmp_path / "rotation.json")).code == 0
    exchange.revoke_own_key(a.reg, PASSPHRASE, old, "停用", statement_out=tmp_path / "now.json")
    exchange.revoke_own_key(a.reg, PASSPHRASE, old, "泄露时间更早", statement_out=tmp_path / "earlier.json",
                            compromised_since=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    plain = cli(b, "trust", "import", str(tmp_path / "now.json"))
    assert plain.code == 0, plain.err
    assert old in plain.out and "因此也不再受信任" not in plain.out, plain.out  # the rotation came before
    earlier = cli(c, "trust", "import", str(tmp_path / "earlier.json"), "--json")
    assert earlier.code == 0, earlier.err
    assert earlier.json()["withdrawn"] == [new]
    listed = {k["key_id"]: k["state"] for k in cli(c, "trust", "list", "--json").json()}
    assert (listed[old], listed[new]) == ("revoked", "distrusted")


def test_a_statement_file_is_refused_unless_signed_by_a_key_known_here(tmp_path: Path, a: Site,
                                                                       b: Site) -> None:
    rotated = exchange.rotate_key(a.reg, PASSPHRASE, statement_out=tmp_path / "rotation.json")
    exchange.revoke_own_key(a.reg, PASSPHRASE, rotated["old_key_id"], "旧密钥停用",
                            statement_out=tmp_path / "revocation.json")
    stranger = make_site(tmp_path, "C")
    assert "不是本机受信任" in refused(stranger, "trust", "import", str(tmp_path / "rotation.json"))

    doc = json.loads((tmp_path / "revocation.json").read_text("utf-8"))
    doc["statements"][-1]["reason"] = "例行更换"
    (tmp_path / "edited.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert "签名无效" in refused(b, "trust", "import", str(tmp_path / "edited.json"))

    d = make_site(tmp_path, "D")
    b.trust(d, tmp_path)
    d_key = exchange.keystore(d.reg).unlock(PASSPHRASE)
    posing = replace(statements.make_revocation(d_key, "冒充"), uscc=a.uscc)
    text = refused(b, "--lang", "en", "trust", "import", str(write(tmp_path / "posing.json", [posing])))
    assert d.uscc in text and a.uscc in text

    # a predecessor cannot revoke its successor
    first = old_key(a, rotated["old_key_id"])
    backwards = statements.make_revocation(first, "spite", key_id=rotated["key_id"])
    chain = [statements.read_statement_file((tmp_path / "rotation.json").read_bytes())[0], backwards]
    assert "后继" in refused(b, "trust", "import", str(write(tmp_path / "backwards.json", chain)))

    mixed = write(tmp_path / "mixed.json", [chain[0], statements.make_revocation(d_key, "x")])
    assert "多个机构" in refused(b, "trust", "import", str(mixed))
    assert "本机构自己" in refused(a, "trust", "import", str(tmp_path / "rotation.json"))

    # B stopped trusting the old key: a rotation it signed endorses nothing
    exchange.trust_revoke(b.reg, rotated["old_key_id"], "电话告知")
    assert "不再受信任" in refused(b, "trust", "import", str(tmp_path / "rotation.json"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not json at all", "JSON"),
        (b'{"format": "labregistry-key-card", "version": 1, "statements": []}', "format"),
        (b'{"format": "labregistry-key-statements", "version": 1, "statements": []}', "没有任何声明"),
        (b'{"format": "labregistry-key-statements", "version": 2, "statements": []}', "version"),
        (b'{"format": "labregistry-key-statements", "version": 1, "statements": [{"type": "delegate"}]}',
         "statements[0].type"),
        ('{"type": "revoke", "uscc": "12310000425011296P"}'.encode(), "缺少键"),
    ],
)
def test_a_malformed_statement_file_names_the_fault(tmp_path: Path, b: Site, content: bytes,
                                                    expected: str) -> None:
    path = tmp_path / "statement.json"
    path.write_bytes(content)
    assert expected in refused(b, "trust", "import", str(path))


def test_a_missing_file_or_a_folder_is_a_clean_refusal(tmp_path: Path, b: Site) -> None:
    assert "找不到文件" in refused(b, "trust", "import", str(tmp_path / "nope.json"))
    assert "文件夹" in refused(b, "trust", "import", str(tmp_path))


# ---------------------------------------------------------------- trust add: one key per institute


def test_a_trusted_key_cannot_be_trusted_again_for_another_credit_code(tmp_path: Path, a: Site, b: Site) -> None:
    key = exchange.keystore(a.reg).unlock(PASSPHRASE)
    d_uscc = make_site(tmp_path, "D").uscc
    other = keys.SigningKey(info=replace(key.info, uscc=d_uscc), private_key=key.private_key)
    card = cards.write_card(tmp_path / "posing.card", cards.make_card(other, "安徽省计量科学研究院"))
    text = refused(b, "trust", "add", str(card), "--fingerprint", a.fingerprint())
    assert a.uscc in text and d_uscc in text
    # --replace does not make it acceptable either
    refused(b, "trust", "add", str(card), "--fingerprint", a.fingerprint(), "--replace")


def test_a_second_key_of_a_credit_code_needs_a_rotation_or_replace(tmp_path: Path, a: Site, b: Site) -> None:
    first = exchange.key_summary(a.reg)
    again = make_site(tmp_path, "A")  # the same institute set up again: a new, unrelated key
    card = again.card(tmp_path / "again.card")
    text = refused(b, "trust", "add", str(card), "--fingerprint", again.fingerprint())
    assert first["key_id"] in text and "--replace" in text

    replaced = cli(b, "trust", "add", str(card), "--fingerprint", again.fingerprint(), "--replace")
    assert replaced.code == 0, replaced.err
    warning = replaced.err.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("警告") and first["key_id"] in warning[0]
    listed = {k["key_id"]: k for k in cli(b, "trust", "list", "--json").json()}
    assert listed[first["key_id"]]["state"] == "revoked" and listed[first["key_id"]]["revoked_by"] == "local"
    assert "替换" in listed[first["key_id"]]["revoked_reason"]
    assert listed[exchange.key_summary(again.reg)["key_id"]]["state"] == "trusted"
    assert exchange.verify_bundle(b.reg, again.export(tmp_path / "again.xlsx")).valid
    assert not exchange.verify_bundle(b.reg, a.export(tmp_path / "first.xlsx")).valid


def test_a_second_key_linked_by_a_rotation_is_added_without_replace(tmp_path: Path, a: Site, b: Site) -> None:
    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    card = a.card(tmp_path / "new.card")  # carries the rotation from the first key
    result = cli(b, "trust", "add", str(card), "--fingerprint", a.fingerprint())
    assert result.code == 0 and result.err == "", result.err
    listed = {k["key_id"]: k["state"] for k in cli(b, "trust", "list", "--json").json()}
    assert listed == {rotated["old_key_id"]: "rotated", rotated["key_id"]: "trusted"}


def test_a_revoked_key_cannot_be_trusted_again(tmp_path: Path, a: Site, b: Site) -> None:
    card = a.card(tmp_path / "a.card")
    exchange.trust_revoke(b.reg, exchange.key_summary(a.reg)["key_id"], "电话告知密钥泄露")
    assert "不能重新信任" in refused(b, "trust", "add", str(card), "--fingerprint", a.fingerprint())


def test_a_trust_revoke_reason_that_deceives_is_refused_and_the_key_stays_trusted(a: Site, b: Site) -> None:
    key_id = exchange.key_summary(a.reg)["key_id"]
    before = dump_home(b.home)
    line = refused(b, "--lang", "en", "trust", "revoke", key_id, "--reason", "leaked \u202ekey")
    assert "U+202E" in line, line
    assert dump_home(b.home) == before
    assert {k["key_id"]: k["state"] for k in cli(b, "trust", "list", "--json").json()} == {key_id: "trusted"}


def _a_rotated_twice_and_its_middle_key_revoked(a: Site) -> tuple[str, str, str]:
    """A: K1 -> K2 -> K3, then K2 revoked (signed by K3); the three key ids."""
    k1 = exchange.key_summary(a.reg)["key_id"]
    k2 = exchange.rotate_key(a.reg, PASSPHRASE)["key_id"]
    k3 = exchange.rotate_key(a.reg, PASSPHRASE)["key_id"]
    exchange.revoke_own_key(a.reg, PASSPHRASE, k2, "私钥泄露")
    return k1, k2, k3


def _kept_earlier(site: Site, uscc: str, stmts: list[statements.Statement]) -> None:
    """Statements kept from an earlier bundle (a bundle keeps every statement it carries, checked
    or not: one trusted through a coordinator's endorsement, whose sender had lost a rotation file)."""
    with site.reg.uow(write=True) as uow:
        exchange.store_statements(uow, uscc, stmts)
        uow.commit()


def _statement(a: Site, kind: type[statements.Statement], key_id: str) -> statements.Statement:
    found = [s for s in exchange.keystore(a.reg).statements() if isinstance(s, kind)
             and (s.old_key_id if isinstance(s, statements.RotationStatement) else s.key_id) == key_id]
    return found[0]


def test_a_key_revoked_by_a_statement_kept_earlier_is_named_when_the_file_makes_it_count(
        tmp_path: Path, a: Site) -> None:
    """Review of 7 Dec 2026: a trusted key whose revocation, kept from before, only counted once
    the file's rotation linked its signer was flagged revoked, and trust import said nothing of it
    (its own line speaks only of the file's statements)."""
    _, k2, k3 = _a_rotated_twice_and_its_middle_key_revoked(a)
    b = make_site(tmp_path, "B")
    exchange.trust_add(b.reg, a.home / "keys" / f"{k2}.card", cards.read_card_file(a.home / "keys" / f"{k2}.card").fingerprint)
    _kept_earlier(b, a.uscc, [_statement(a, statements.RevocationStatement, k2)])
    assert {k["key_id"]: k["state"] for k in cli(b, "trust", "list", "--json").json()}[k2] == "trusted"
    path = write(tmp_path / "rotation.json", [_statement(a, statements.RotationStatement, k2)])
    done = cli(b, "trust", "import", str(path), "--json")
    assert done.code == 0, done.err
    assert done.json()["revoked"] == [k2] and k2 not in done.json()["untrusted"], done.out
    text = cli(b, "--lang", "en", "trust", "import", str(path))
    assert any(k2 in line and "revoked" in line for line in text.out.splitlines()), text.out
    assert {k["key_id"]: k["state"] for k in cli(b, "trust", "list", "--json").json()}[k2] == "revoked"


def test_a_revoked_new_key_is_not_offered_for_a_phone_check(tmp_path: Path, a: Site) -> None:
    """The new key of a rotation that a revocation kept from before names: trust add would refuse
    it (trust.key_revoked); trust import told the user to check its fingerprint and add it."""
    k1, k2, k3 = _a_rotated_twice_and_its_middle_key_revoked(a)
    b = make_site(tmp_path, "B")
    exchange.trust_add(b.reg, a.home / "keys" / f"{k1}.card", cards.read_card_file(a.home / "keys" / f"{k1}.card").fingerprint)
    _kept_earlier(b, a.uscc, [_statement(a, statements.RotationStatement, k2),
                              _statement(a, statements.RevocationStatement, k2)])
    path = write(tmp_path / "rotation.json", [_statement(a, statements.RotationStatement, k1)])
    done = cli(b, "trust", "import", str(path), "--json")
    assert done.code == 0, done.err
    assert done.json()["revoked"] == [k2] and k2 not in done.json()["untrusted"], done.out
    lines = cli(b, "trust", "import", str(path)).out.splitlines()
    assert not [line for line in lines if "未受信任的新密钥" in line and k2 in line], lines
    assert [line for line in lines if "已被吊销的密钥" in line and k2 in line], lines
