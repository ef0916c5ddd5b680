"""The own institute refuses certificates signed with a key it revoked itself, as its peers do.

Found by the seventh trial: a thief holding a copy of the home (its old key and passphrase)
printed a certificate after the institute had rotated and revoked that key; the institute's
own ``verify-certificate`` called it genuine (exit 0) while every peer refused it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from labregistry.services import certificates, exchange, listing
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, cli, make_site, ok


def _in_force(site: Site) -> int:
    rows = listing.list_records(site.reg, listing.RecordQuery(kind="standards", own_only=True, status="valid"))
    today = dt.date.today()
    return int(next(r["id"] for r in rows if r["valid_until"] >= today))


def test_certificates_of_a_revoked_own_key_are_refused_at_home_as_at_a_peer(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=4, seed=21)
    b = make_site(tmp_path, "B")
    b.trust(a, tmp_path)
    ref = _in_force(a)
    old = certificates.unlock(a.reg, PASSPHRASE)  # what the thief holds: the old key, unlocked
    compromise = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    before, after = tmp_path / "before.pdf", tmp_path / "after.pdf"
    certificates.issue_standard(a.reg, ref, before, old, issued_on=(compromise - dt.timedelta(days=10)).date())
    for site in (a, b):
        assert [c.status for c in certificates.verify_source(site.reg, before)] == ["genuine"]

    exchange.rotate_key(a.reg, PASSPHRASE)
    exchange.revoke_own_key(a.reg, PASSPHRASE, old.key_id, "私钥泄露", compromised_since=compromise,
                            statement_out=tmp_path / "revoked.json")
    ok(b, "trust", "import", str(tmp_path / "revoked.json"))
    # the thief prints with the old key after the compromise
    certificates.issue_standard(a.reg, ref, after, old, issued_on=dt.date.today())

    for site in (a, b):
        for pdf in (before, after):
            [check] = certificates.verify_source(site.reg, pdf)
            assert check.status == "revoked_key", (site.name, pdf.name, check.status)
        refused = cli(site, "verify-certificate", str(after))
        assert refused.code == 1 and "已被吊销" in refused.err, (site.name, refused.err)

    # a certificate of the new key stays genuine at home
    fresh = tmp_path / "fresh.pdf"
    certificates.issue_standard(a.reg, ref, fresh, certificates.unlock(a.reg, PASSPHRASE))
    assert [c.status for c in certificates.verify_source(a.reg, fresh)] == ["genuine"]
