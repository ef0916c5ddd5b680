"""The regional server: several desktop clients on one PostgreSQL database at the same time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from labregistry.domain.records import InstituteInput
from labregistry.registry import open_registry
from labregistry.services import exchange, listing, receipts, setup
from tests.conftest import PASSPHRASE
from tests.exchange.sites import make_site


@pytest.mark.postgres
def test_two_clients_importing_different_bundles_at_once_both_land(tmp_path: Path, pg_url: str) -> None:
    a = make_site(tmp_path, "A", standards=300, seed=31)
    c = make_site(tmp_path, "C", standards=300, seed=32)
    bundles = {"A": a.export(tmp_path / "a.xlsx"), "C": c.export(tmp_path / "c.xlsx")}

    # the regional centre's database, set up once; its users trust A and C
    centre = open_registry(tmp_path / "centre-admin", pg_url, logging=False)
    setup.init_registry(centre, InstituteInput(name="长三角计量资源中心", uscc="12310000425011300H",
                                               province="上海", city="上海"), PASSPHRASE)
    for site in (a, c):
        exchange.trust_add(centre,
                           site.card(tmp_path / f"{site.name}.card"), site.fingerprint())

    clients = [
        subprocess.Popen(
            [sys.executable, "-m", "labregistry", "--home", str(tmp_path / f"client-{name}"), "--db", pg_url,
             "import", str(bundle), "--yes"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name, bundle in bundles.items()
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in clients]
    for p in clients:
        p.stdout.close()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0], results

    stats = listing.stats(centre)
    assert stats["region"]["institutes"] == 3
    assert stats["region"]["standards"] == 600
    for site in (a, c):
        got = listing.count_records(centre, listing.RecordQuery(kind="standards", institute_uscc=site.uscc))
        assert got == 300
    assert {r["issuer_uscc"] for r in receipts.received_bundles(centre)} == {a.uscc, c.uscc}
    centre.close()
