"""Institutes exchange real signed bundles: export, trust, verify, import, changes, rollback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from labregistry.domain.records import StandardInput
from labregistry.errors import DomainError
from labregistry.services import exchange, listing, records
from tests.exchange.sites import Site, db_state, make_site, reason, refused


@pytest.fixture
def a(tmp_path: Path) -> Site:
    return make_site(tmp_path, "A", standards=40, seed=3)


@pytest.fixture
def b(tmp_path: Path, a: Site) -> Site:
    site = make_site(tmp_path, "B", standards=5, seed=4)
    site.trust(a, tmp_path)
    return site


def _own_ids(site: Site) -> list[int]:
    return listing.record_ids(site.reg, listing.RecordQuery(kind="standards", own_only=True))


def _rename(site: Site, standard_id: int, new_name: str) -> None:
    agg = records.get(site.reg, "standard", standard_id)
    s = agg.standard
    inp = StandardInput(
        name=new_name, code=s.code, grade=s.grade, certificate_no=s.certificate_no,
        certificate_authority=s.certificate_authority, issued_on=s.issued_on, valid_until=s.valid_until,
        range_text=s.range_text, accuracy_text=s.accuracy_text, responsible_person=s.responsible_person,
        status=s.status, operators=s.operators, environment=s.environment, notes=s.notes,
    )
    from labregistry.domain.records import CapabilityInput, InstrumentInput, ServiceInput

    inp.instruments = [InstrumentInput(role=i.role, name=i.name, model=i.model, serial_no=i.serial_no,
                                       range_text=i.range_text, accuracy_text=i.accuracy_text,
                                       traced_to_uscc=i.traced_to_uscc, traced_to_name=i.traced_to_name,
                                       calibration_cert_no=i.calibration_cert_no, calibration_due=i.calibration_due)
                       for i in agg.instruments]
    inp.services = [ServiceInput(name=v.name, procedure=v.procedure, kind=v.kind) for v in agg.services]
    inp.capabilities = [CapabilityInput(c.parameter, c.range_text, None, c.accuracy_text, c.conditions)
                        for c in agg.capabilities]
    assert records.update(site.reg, "standard", standard_id, inp)


def test_a_exports_b_imports_and_sees_a_in_the_region(tmp_path: Path, a: Site, b: Site) -> None:
    bundle = a.export(tmp_path / "a1.xlsx")
    check = exchange.verify_bundle(b.reg, bundle)
    assert check.valid, check.reason
    result = exchange.import_bundle(b.reg, bundle)
    assert result.applied
    stats = listing.stats(b.reg)
    a_stats = listing.stats(a.reg)["own"]
    assert stats["own"]["standards"] == 5
    assert stats["region"]["institutes"] == 2
    assert stats["region"]["standards"] == 5 + a_stats["standards"]
    assert stats["region"]["authorisation_items"] == listing.stats(b.reg)["own"]["authorisation_items"] + \
        a_stats["authorisation_items"]
    assert stats["region"]["staff"] == stats["own"]["staff"] + a_stats["staff"]
    # the records are A's, with A's values, under A
    a_rows = listing.list_records(a.reg, listing.RecordQuery(kind="standards", own_only=True))
    b_rows = listing.list_records(b.reg, listing.RecordQuery(kind="standards", institute_uscc=a.uscc))
    keys = ("uid", "certificate_no", "code", "name", "range_min", "range_max", "unit", "valid_until", "accuracy_text")
    assert [tuple(r[k] for k in keys) for r in a_rows] == [tuple(r[k] for k in keys) for r in b_rows]
    if b.reg.is_sqlite:  # a server database is backed up on the server
        assert result.backup is not None and result.backup.exists()
    else:
        assert result.backup is None


def test_second_export_with_one_removed_and_one_changed(tmp_path: Path, a: Site, b: Site) -> None:
    exchange.import_bundle(b.reg, a.export(tmp_path / "a1.xlsx"))
    ids = _own_ids(a)
    removed = records.get(a.reg, "standard", ids[0]).standard
    records.delete(a.reg, "standard", ids[0])
    _rename(a, ids[1], "精密压力表标准装置（已更新）")
    changed = records.get(a.reg, "standard", ids[1]).standard

    preview = exchange.import_bundle(b.reg, a.export(tmp_path / "a2.xlsx"), dry_run=True)
    assert not preview.applied
    assert preview.plan is not None
    assert preview.plan.counts() == {"added": 0, "changed": 1, "withdrawn": 1}
    assert [c.uid for c in preview.plan.withdrawn] == [removed.uid]
    [change] = preview.plan.changed
    assert change.uid == changed.uid
    assert [(f, a_) for f, _b, a_ in change.fields] == [("name", "精密压力表标准装置（已更新）")]

    result = exchange.import_bundle(b.reg, tmp_path / "a2.xlsx")
    assert result.applied and result.plan is not None
    assert result.plan.counts() == {"added": 0, "changed": 1, "withdrawn": 1}
    rows = listing.list_records(b.reg, listing.RecordQuery(kind="standards", institute_uscc=a.uscc))
    uids = {r["uid"]: r for r in rows}
    assert removed.uid not in uids
    assert uids[changed.uid]["name"] == "精密压力表标准装置（已更新）"
    # the change is in B's audit trail, attributed to the bundle
    with b.reg.uow() as uow:
        hist = uow.audit_log.history("standard", changed.uid)
    assert [h.action for h in hist] == ["create", "update"]
    assert hist[-1].source == f"bundle:{a.uscc}#2"


def test_rollback_is_refused_and_changes_nothing(tmp_path: Path, a: Site, b: Site) -> None:
    first = a.export(tmp_path / "a1.xlsx")
    second = a.export(tmp_path / "a2.xlsx")
    exchange.import_bundle(b.reg, second)
    before = db_state(b.reg)
    check = exchange.verify_bundle(b.reg, first)
    assert not check.valid and check.reason_code == "bundle.rollback"
    assert "1" in reason(check) and "2" in reason(check)
    with pytest.raises(DomainError) as err:
        exchange.import_bundle(b.reg, first)
    assert err.value.code == "bundle.rollback"
    with pytest.raises(DomainError):
        exchange.import_bundle(b.reg, second)  # replaying the same one is a rollback too
    assert db_state(b.reg) == before


def test_expired_bundle_is_refused_unless_accepted_and_then_marked_stale(tmp_path: Path, a: Site, b: Site) -> None:
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
    bundle = a.export(tmp_path / "old.xlsx", now=old, valid_days=30)
    refused(b, bundle, "bundle.expired")
    result = exchange.import_bundle(b.reg, bundle, accept_expired=True)
    assert result.applied
    with b.reg.uow() as uow:
        peer = uow.institutes.by_uscc(a.uscc)
        assert peer is not None and peer.stale is True


def test_unknown_issuer_is_offered_with_its_fingerprint_never_trusted_silently(tmp_path: Path, a: Site) -> None:
    c = make_site(tmp_path, "C")
    bundle = a.export(tmp_path / "a1.xlsx")
    before = db_state(c.reg)
    check = exchange.verify_bundle(c.reg, bundle)
    assert not check.valid and check.reason_code == "bundle.unknown_key"
    assert a.fingerprint() in reason(check)
    assert check.card is not None and check.card.fingerprint == a.fingerprint()
    assert db_state(c.reg) == before
    # trusting from the bundle itself works, but only with the right fingerprint
    with pytest.raises(DomainError):
        exchange.trust_add(c.reg, bundle, "00000 00000 00000 00000 00000 00000 00000 00000")
    exchange.trust_add(c.reg, bundle, a.fingerprint())
    assert exchange.verify_bundle(c.reg, bundle).valid


def test_a_bundle_received_on_another_client_is_named_not_an_internal_error(tmp_path: Path, a: Site, b: Site) -> None:
    """On a shared server the history of received bundles is the database's, their files are
    in the home of the client that imported them: export-received from another client's home
    failed with "内部错误：[Errno 2] No such file or directory". It says the bundle was
    received on another client and names it; nothing is written for it."""
    from tests.conftest import run_cli

    exchange.import_bundle(b.reg, a.export(tmp_path / "a1.xlsx"))
    other = tmp_path / "another client"
    for lang, words in (("en", "received on another client"), ("zh", "另一台客户端")):
        done = run_cli("--home", str(other), "--db", b.reg.home.db_url, "--lang", lang, "export-received",
                       str(tmp_path / "onward"))
        line = done.err.strip()
        assert done.code == 1 and line.startswith("error:") and len(line.splitlines()) == 1, done.err
        assert words in line and f"{a.uscc}-000001.xlsx" in line and "Errno" not in line, line
    assert not list((tmp_path / "onward").glob("*.xlsx"))


def test_export_received_writes_the_bundles_received_here_and_names_the_others(tmp_path: Path, a: Site,
                                                                               b: Site) -> None:
    """Two clients of one database, each receiving a peer's bundle: each writes its own and
    names the other's (on_skip: the command's warning line), and writes nothing for it."""
    from labregistry.registry import open_registry

    c = make_site(tmp_path, "C", standards=3, seed=5)
    b.trust(c, tmp_path)  # the trust store is the database's: every client of it trusts C now
    exchange.import_bundle(b.reg, a.export(tmp_path / "a1.xlsx"))
    other = open_registry(tmp_path / "another client", b.reg.home.db_url, logging=False)
    try:
        exchange.import_bundle(other, c.export(tmp_path / "c1.xlsx"))
        named: list[DomainError] = []
        written = exchange.export_received(other, tmp_path / "onward", on_skip=named.append)
    finally:
        other.close()
    assert [p.name for p in written] == [f"{c.uscc}-000001.xlsx"]
    assert written[0].read_bytes() == (tmp_path / "c1.xlsx").read_bytes()
    assert [e.code for e in named] == ["received.elsewhere"] and f"{a.uscc}-000001.xlsx" in named[0].render("en")
    assert sorted(p.name for p in (tmp_path / "onward").iterdir()) == [f"{c.uscc}-000001.xlsx"]


def test_onward_distribution_keeps_the_original_signature(tmp_path: Path, a: Site, b: Site) -> None:
    original = a.export(tmp_path / "a1.xlsx")
    exchange.import_bundle(b.reg, original)
    out = exchange.export_received(b.reg, tmp_path / "onward")
    assert len(out) == 1
    assert out[0].read_bytes() == original.read_bytes()
    c = make_site(tmp_path, "C")
    c.trust(a, tmp_path)  # C trusts the ORIGINAL issuer, not B
    result = exchange.import_bundle(c.reg, out[0])
    assert result.applied
    assert listing.stats(c.reg)["region"]["standards"] == listing.stats(a.reg)["own"]["standards"]


def test_rotated_key_is_accepted_through_the_endorsement(tmp_path: Path, a: Site, b: Site) -> None:
    exchange.import_bundle(b.reg, a.export(tmp_path / "a1.xlsx"))
    from tests.conftest import PASSPHRASE

    rotated = exchange.rotate_key(a.reg, PASSPHRASE)
    assert rotated["key_id"] != rotated["old_key_id"]
    result = exchange.import_bundle(b.reg, a.export(tmp_path / "a2.xlsx"))
    assert result.applied
    assert result.verification.trust_path == (rotated["old_key_id"], rotated["key_id"])
    keys = {k["key_id"]: k for k in exchange.trust_list(b.reg)}
    assert keys[rotated["key_id"]]["endorsed_by"] == rotated["old_key_id"]


def test_locally_revoked_key_is_refused(tmp_path: Path, a: Site, b: Site) -> None:
    bundle = a.export(tmp_path / "a1.xlsx")
    exchange.trust_revoke(b.reg, exchange.key_summary(a.reg)["key_id"], "电话告知密钥泄露")
    refused(b, bundle, "bundle.revoked_key")


def test_own_bundle_is_not_imported(tmp_path: Path, a: Site) -> None:
    check = exchange.verify_bundle(a.reg, a.export(tmp_path / "a1.xlsx"))
    assert not check.valid and check.reason_code == "bundle.own_bundle"
