"""Coordinator endorsement (issue 19): a receiver that trusts only the regional coordinator
imports the bundles of the institutes it endorsed, and refuses every threat of the issue,
each built as a real file: an endorsement for another credit code, an expired or withdrawn
one, one signed by a key that is not a coordinator's (an endorsed institute's included: not
transitive), an endorsed key signing another institute's bundle, an older endorsement
replayed after the withdrawal. Direct trust wins; the coordinator's key may rotate.

The coordinator (D), the receiver (B) and one endorsed institute (A) are real registries;
the other institutes of the region are real keys and cards whose bundles are written by the
bundle writer itself (a registry per institute would cost seconds each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from labregistry.commands.exchange_cmds import key_state_text
from labregistry.commands.import_view import item_line
from labregistry.crypto import cards, keys, statements
from labregistry.domain.codes import build_uscc
from labregistry.exchange import bundle, schema
from labregistry.services import endorsing, exchange
from labregistry.services.regionimport import BundleItem
from tests.conftest import PASSPHRASE
from tests.exchange.sites import INSTITUTES, Site, cli, make_site, one_error, reason

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class Peer:
    """An institute of the region: its key and self-signed card (a file), and its bundles."""

    key: keys.SigningKey
    name: str
    card_path: Path

    @property
    def uscc(self) -> str:
        return self.key.uscc

    @property
    def fingerprint(self) -> str:
        return self.key.info.fingerprint

    def bundle(self, out: Path, *, carrying: list[statements.Statement], seq: int = 1,
               issuer_uscc: str | None = None) -> Path:
        """A signed bundle of this institute (or, with ``issuer_uscc``, one this key signs
        in another institute's name) holding its institute row and no records."""
        uscc = issuer_uscc or self.uscc
        signer = self.key if issuer_uscc is None else keys.SigningKey(
            keys.PublicKeyInfo(uscc, self.key.key_id, self.key.public_key, self.key.info.created_at),
            self.key.private_key)
        card = cards.make_card(signer, self.name)
        rows: dict[str, list[list[Any]]] = {s.spec.name: [] for s in schema.SHEETS}
        rows[schema.INSTITUTE.spec.name] = [[uscc, self.name, None, "江苏", "南京", None, None, None]]
        bundle.write_bundle(str(out), rows=rows, issuer_uscc=uscc, issuer_name=self.name, signing_key=signer,
                            card_bytes=card.to_bytes(), own_statements=carrying, seq=seq, issued_at=NOW,
                            expires_at=NOW + dt.timedelta(days=30))
        return out


def new_peer(tmp: Path, n: int) -> Peer:
    uscc = build_uscc("1", "2", "320100", f"6{n:07d}")
    key, _sealed = keys.new_signing_key(uscc, PASSPHRASE)
    name = f"南京第{n}计量检测所"
    path = tmp / f"peer-{n}.card"
    cards.write_card(path, cards.make_card(key, name))
    return Peer(key, name, path)


def endorse(coordinator: Site, peer: Peer, out: Path, until: dt.datetime | None = None) -> Path:
    endorsing.endorse_key(coordinator.reg, PASSPHRASE, peer.card_path, peer.fingerprint, out, until=until)
    return out


def endorsement_in(path: Path) -> statements.EndorsementStatement:
    (stmt,) = [s for s in statements.read_statement_file(path.read_bytes())
               if isinstance(s, statements.EndorsementStatement)]
    return stmt


def withdrawal_in(path: Path) -> statements.Statement:
    return statements.read_statement_file(path.read_bytes())[-1]


def receiver(tmp: Path, coordinator: Site) -> Site:
    """B, trusting the coordinator's key as coordinator, and nothing else."""
    b = make_site(tmp, "B")
    card = coordinator.card(tmp / "coordinator.card")
    exchange.trust_add(b.reg, card, coordinator.fingerprint(), coordinator=True)
    return b


def verdict(site: Site, path: Path, **kw: Any) -> bundle.Verification:
    return exchange.verify_bundle(site.reg, path, **kw)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("endorsed")
    d = make_site(tmp, "D", sqlite=True)  # the coordinator
    peers = [new_peer(tmp, n) for n in range(3)]
    return {"tmp": tmp, "D": d, "peers": peers}


def test_a_coordinator_endorsed_key_is_trusted_with_no_further_step(region: dict[str, Any], tmp_path: Path) -> None:
    d, (p, q, _r) = region["D"], region["peers"]
    b = receiver(tmp_path, d)
    endorsed = endorse(d, p, tmp_path / "p.endorse.json")
    good = verdict(b, p.bundle(tmp_path / "p.xlsx", carrying=[endorsement_in(endorsed)]))
    assert good.valid, good.reason
    trust = good.to_json()["trust"]
    assert (trust["how"], trust["coordinator_uscc"]) == ("endorsed", d.uscc)
    assert trust["until"] == endorsement_in(endorsed).until.strftime("%Y-%m-%d")
    # not endorsed: refused as an unknown key, as before
    unknown = verdict(b, q.bundle(tmp_path / "q.xlsx", carrying=[]))
    assert (unknown.valid, unknown.reason_code) == (False, "bundle.unknown_key")
    # imported, the next bundle needs nothing carried: the endorsement was kept
    exchange.import_bundle(b.reg, tmp_path / "p.xlsx")
    later = verdict(b, p.bundle(tmp_path / "p2.xlsx", carrying=[], seq=2))
    assert later.valid, later.reason


def test_threat_an_endorsement_for_another_credit_code(region: dict[str, Any], tmp_path: Path) -> None:
    d, (p, q, _r) = region["D"], region["peers"]
    b = receiver(tmp_path, d)
    # the coordinator endorsed p's key as a key of q's institute (a mistake, or a forgery attempt)
    coordinator = exchange.keystore(d.reg).unlock(PASSPHRASE)
    wrong = statements.make_endorsement(
        coordinator, keys.PublicKeyInfo(q.uscc, p.key.key_id, p.key.public_key, p.key.info.created_at),
        until=NOW + dt.timedelta(days=30))
    refused = verdict(b, p.bundle(tmp_path / "p.xlsx", carrying=[wrong]))
    assert (refused.valid, refused.reason_code) == (False, "bundle.endorsement_refused")
    assert f"endorsed this key for institute {q.uscc}, not for institute {p.uscc}" in reason(refused, "en")


def test_threat_an_endorsed_key_signing_another_institutes_bundle(region: dict[str, Any], tmp_path: Path) -> None:
    d, (p, q, _r) = region["D"], region["peers"]
    b = receiver(tmp_path, d)
    endorsed = endorsement_in(endorse(d, p, tmp_path / "p.endorse.json"))
    forged = p.bundle(tmp_path / "as-q.xlsx", carrying=[endorsed], issuer_uscc=q.uscc)  # p's key, q's name
    refused = verdict(b, forged)
    assert (refused.valid, refused.reason_code) == (False, "bundle.endorsement_refused")
    assert f"for institute {p.uscc}, not for institute {q.uscc}" in reason(refused, "en")


def test_threat_an_expired_endorsement(region: dict[str, Any], tmp_path: Path) -> None:
    d, (p, _q, _r) = region["D"], region["peers"]
    b = receiver(tmp_path, d)
    endorsed = endorse(d, p, tmp_path / "p.endorse.json", until=NOW + dt.timedelta(days=2))
    path = p.bundle(tmp_path / "p.xlsx", carrying=[endorsement_in(endorsed)])
    assert verdict(b, path).valid
    late = verdict(b, path, now=NOW + dt.timedelta(days=3))  # the bundle itself is valid 30 days
    assert (late.valid, late.reason_code) == (False, "bundle.endorsement_refused")
    assert "expired on" in reason(late, "en")


def test_threat_withdrawn_and_an_older_endorsement_replayed(region: dict[str, Any], tmp_path: Path) -> None:
    d, (_p, _q, r) = region["D"], region["peers"]
    b = receiver(tmp_path, d)
    endorsed = endorse(d, r, tmp_path / "r.endorse.json")
    first = r.bundle(tmp_path / "r1.xlsx", carrying=[endorsement_in(endorsed)])
    exchange.import_bundle(b.reg, first)
    withdrawn = tmp_path / "r.withdraw.json"
    endorsing.withdraw_endorsement(d.reg, PASSPHRASE, r.key.key_id, withdrawn)
    taken = exchange.trust_import(b.reg, withdrawn)
    assert [s["type"] for s in taken.statements][-1] == "unendorse"
    # the next bundle, carrying the (older) endorsement again: refused
    replayed = verdict(b, r.bundle(tmp_path / "r2.xlsx", carrying=[endorsement_in(endorsed)], seq=2))
    assert (replayed.valid, replayed.reason_code) == (False, "bundle.endorsement_refused")
    assert "withdrew its endorsement" in reason(replayed, "en")
    # the older endorsement file taken again changes nothing
    exchange.trust_import(b.reg, endorsed)
    assert not verdict(b, tmp_path / "r2.xlsx").valid
    # a NEWER endorsement by the coordinator (a second after the withdrawal) counts again
    later = withdrawal_in(withdrawn).at + dt.timedelta(seconds=1)
    again = statements.make_endorsement(exchange.keystore(d.reg).unlock(PASSPHRASE), r.key.info,
                                        until=NOW + dt.timedelta(days=30), at=later)
    assert verdict(b, r.bundle(tmp_path / "r3.xlsx", carrying=[again], seq=3)).valid


def test_threat_an_endorsement_by_a_key_that_is_not_a_coordinators(region: dict[str, Any], tmp_path: Path) -> None:
    d, (p, q, _r) = region["D"], region["peers"]
    b = receiver(tmp_path, d)
    c = make_site(tmp_path, "C", sqlite=True)  # trusted by B directly, but not as coordinator
    b.trust(c, tmp_path)
    by_peer = endorse(c, p, tmp_path / "by-c.json")
    refused = verdict(b, p.bundle(tmp_path / "p.xlsx", carrying=[endorsement_in(by_peer)]))
    assert (refused.valid, refused.reason_code) == (False, "bundle.endorsement_refused")
    assert "not a trusted key of an institute designated here as coordinator" in reason(refused, "en")
    with pytest.raises(Exception) as taken:
        exchange.trust_import(b.reg, by_peer)
    assert getattr(taken.value, "code", None) == "statement.endorsement"
    # not transitive: an institute endorsed by the coordinator cannot endorse another
    a = make_site(tmp_path, "A", sqlite=True)
    card = a.card(tmp_path / "a.card")
    endorsing.endorse_key(d.reg, PASSPHRASE, card, a.fingerprint(), tmp_path / "a.endorse.json")
    endorsing.attach_endorsement(a.reg, tmp_path / "a.endorse.json")
    assert verdict(b, a.export(tmp_path / "a.xlsx")).valid  # A itself: endorsed
    by_endorsed = endorse(a, q, tmp_path / "by-a.json")
    chained = verdict(b, q.bundle(tmp_path / "q.xlsx", carrying=[endorsement_in(by_endorsed)]))
    assert (chained.valid, chained.reason_code) == (False, "bundle.endorsement_refused")


def test_direct_trust_wins_over_an_endorsement(region: dict[str, Any], tmp_path: Path) -> None:
    d = region["D"]
    b = receiver(tmp_path, d)
    c = make_site(tmp_path, "C", sqlite=True)
    b.trust(c, tmp_path)  # C's key checked by phone
    impostor = make_site(tmp_path, "C", sqlite=True)  # another key claiming C's credit code
    card = impostor.card(tmp_path / "impostor.card")
    endorsing.endorse_key(d.reg, PASSPHRASE, card, impostor.fingerprint(), tmp_path / "imp.json")
    endorsing.attach_endorsement(impostor.reg, tmp_path / "imp.json")
    refused = verdict(b, impostor.export(tmp_path / "imp.xlsx"))
    assert (refused.valid, refused.reason_code) == (False, "bundle.unknown_key")
    assert verdict(b, c.export(tmp_path / "c.xlsx")).valid


def test_the_coordinators_key_rotation_is_honoured(tmp_path: Path) -> None:
    d = make_site(tmp_path, "D", sqlite=True)
    b = receiver(tmp_path, d)
    exchange.rotate_key(d.reg, PASSPHRASE)  # B has not seen the rotation
    peer = new_peer(tmp_path, 7)
    endorsed = endorse(d, peer, tmp_path / "p.json")  # signed by the new key; the file carries the rotation
    assert endorsement_in(endorsed).signer_key_id == exchange.key_summary(d.reg)["key_id"]
    exchange.trust_import(b.reg, endorsed)
    assert verdict(b, peer.bundle(tmp_path / "p.xlsx", carrying=[])).valid


def test_the_command_line_way_and_a_region_of_twenty(tmp_path: Path) -> None:
    """The issue's done-when: B trusts only the coordinator (one phone call), imports 20
    endorsed institutes' bundles in one command, and refuses a 21st, unendorsed one, and one
    whose endorsement was withdrawn. ``trust list`` says how each key is trusted."""
    d = make_site(tmp_path, "D", sqlite=True)
    b = receiver(tmp_path, d)  # the one phone call (the CLI's --coordinator: tests/cli/test_every_command.py)
    folder = tmp_path / "region"
    folder.mkdir()
    peers = [new_peer(tmp_path, n) for n in range(22)]
    for n, peer in enumerate(peers[:21]):
        out = endorse(d, peer, tmp_path / f"e{n}.json")
        peer.bundle(folder / f"p{n:02d}.xlsx", carrying=[endorsement_in(out)])
    peers[21].bundle(folder / "p21.xlsx", carrying=[])  # never endorsed
    withdrawn = tmp_path / "withdrawn.json"
    endorsing.withdraw_endorsement(d.reg, PASSPHRASE, peers[20].key.key_id, withdrawn)
    exchange.trust_import(b.reg, withdrawn)
    b.reg.close()  # the processes use it
    result = cli(b, "--lang", "en", "import", str(folder), "--yes", "--json")
    assert result.code == 1
    data = result.json()
    assert (data["imported"], data["refused"]) == (20, 2)
    refused = {Path(x["path"]).name: x["reason"] for x in data["bundles"] if x["status"] == "refused"}
    assert set(refused) == {"p20.xlsx", "p21.xlsx"}
    assert "withdrew its endorsement" in refused["p20.xlsx"] and "not trusted" in refused["p21.xlsx"]
    first = next(x for x in data["bundles"] if Path(x["path"]).name == "p00.xlsx")
    assert (first["status"], first["trust"]["how"], first["trust"]["coordinator_uscc"]) == ("imported", "endorsed",
                                                                                           d.uscc)
    shown = item_line(BundleItem(Path("p00.xlsx"), "imported", issuer_name=peers[0].name, issuer_uscc=peers[0].uscc,
                                 seq=1, trust=first["trust"]), "en")
    assert shown.endswith(f"(key endorsed by the coordinator {INSTITUTES['D'][0]} until {first['trust']['until']})")
    listed = cli(b, "--lang", "en", "trust", "list", "--json").json()
    by_key = {k["key_id"]: k for k in listed}
    assert by_key[exchange.key_summary(d.reg)["key_id"]]["coordinator"] is True
    endorsed = by_key[peers[0].key.key_id]
    assert (endorsed["state"], endorsed["trust"]["coordinator_uscc"]) == ("endorsed", d.uscc)
    assert by_key[peers[20].key.key_id]["state"] == "not_endorsed"
    assert "withdrew its endorsement" in by_key[peers[20].key.key_id]["reason"]  # rendered in --lang
    shown = key_state_text(endorsed, "en")  # what `trust list` prints for it
    assert shown.startswith(f"endorsed by the coordinator {INSTITUTES['D'][0]} ({d.uscc}) until 20")
    assert "withdrew its endorsement" in key_state_text(by_key[peers[20].key.key_id], "en")
    assert "coordinator (endorses" in key_state_text(by_key[exchange.key_summary(d.reg)["key_id"]], "en")


def test_attach_endorsement_refuses_one_for_another_key(region: dict[str, Any], tmp_path: Path) -> None:
    d, (p, _q, _r) = region["D"], region["peers"]
    a = make_site(tmp_path, "A", sqlite=True)
    endorse(d, p, tmp_path / "p.json")
    refused = cli(a, "--lang", "en", "keys", "attach-endorsement", str(tmp_path / "p.json"))
    assert "no endorsement of the own current key" in one_error(refused)
