"""A certificate printed by institute A, checked offline at institute B through B's trust store."""

from __future__ import annotations

from pathlib import Path

from labregistry.services import certificates, exchange, listing
from tests.conftest import PASSPHRASE
from tests.exchange.sites import make_site


def test_a_peer_certificate_is_genuine_once_trusted_and_refused_once_revoked(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=6, seed=21)
    b = make_site(tmp_path, "B")
    rows = listing.list_records(a.reg, listing.RecordQuery(kind="standards", own_only=True, status="valid"))
    today = __import__("datetime").date.today().isoformat()
    in_force = [r for r in rows if r["valid_until"].isoformat() >= today]
    pdf = tmp_path / "a.pdf"
    certificates.issue_standard(a.reg, in_force[0]["id"], pdf, certificates.unlock(a.reg, PASSPHRASE))

    [unknown] = certificates.verify_source(b.reg, pdf)
    assert unknown.status == "unknown_issuer"

    b.trust(a, tmp_path)  # B compared A's fingerprint by phone: the trust store now knows A
    [genuine] = certificates.verify_source(b.reg, pdf)
    assert genuine.status == "genuine" and genuine.issuer_uscc == a.uscc

    exchange.trust_revoke(b.reg, exchange.key_summary(a.reg)["key_id"], "密钥泄露")
    [revoked] = certificates.verify_source(b.reg, pdf)
    assert revoked.status == "revoked_key"
