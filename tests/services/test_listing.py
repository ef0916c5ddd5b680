"""Counts for the overview: by discipline and by city, grouped in the database."""

from __future__ import annotations

from pathlib import Path

from labregistry.services import exchange, listing
from tests.exchange.sites import make_site


def test_counts_by_discipline_and_city(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=25, seed=41)
    b = make_site(tmp_path, "B", standards=10, seed=42)
    b.trust(a, tmp_path)
    exchange.import_bundle(b.reg, a.export(tmp_path / "a.xlsx"))

    rows = listing.list_records(b.reg, listing.RecordQuery(kind="standards", own_only=True))
    expected: dict[str, int] = {}
    for r in rows:
        expected[r["code"][:2]] = expected.get(r["code"][:2], 0) + 1
    got = listing.counts_by_discipline(b.reg, own_only=True)
    assert dict(got) == expected
    assert [n for _, n in got] == sorted((n for _, n in got), reverse=True)
    region = dict(listing.counts_by_discipline(b.reg, own_only=False))
    assert sum(region.values()) == 35

    cities = {(c["province"], c["city"]): c for c in listing.counts_by_city(b.reg)}
    assert cities[("上海", "上海")] == {"province": "上海", "city": "上海", "institutes": 1, "standards": 25}
    assert cities[("江苏", "南京")]["standards"] == 10


def test_a_page_of_a_table_opens_one_connection(tmp_path: Path) -> None:
    """A table's page (scrolling the 200,000-row list) reads in one connection; the operator,
    which only audit entries need, is not looked up in a second one."""
    from sqlalchemy import event

    site = make_site(tmp_path, "A", standards=5, seed=43)
    ids = listing.record_ids(site.reg, listing.RecordQuery(kind="standards"))
    opened: list[object] = []
    event.listen(site.reg.engine, "connect", lambda *a: opened.append(a))
    rows = listing.rows_by_ids(site.reg, "standards", ids)
    assert len(rows) == 5
    assert len(opened) == 1
