"""Capability search against a brute-force oracle, on the engine of the pass.

A region of a few thousand records (the demo generator's standards, authorisations and
people, spread over four institutes in the four provinces by direct updates) and a few
hundred searches drawn at random (derandomised: the same every run) from every filter a
user combines: kind, quantity, required range (in the canonical unit or in another one),
maximum uncertainty (relative or absolute, with or without "comparable only"), validity on
a date, provinces. Each search's result set must be exactly what a plain Python filter over
every row says. The oracle reads the stored columns with a plain SELECT and applies the
rules as the documentation states them (search.py's docstring, docs/comparison.md,
DOMAIN.md), unit conversions written out here; it calls nothing of labregistry.inventory.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from labregistry.demo import populate_demo
from labregistry.inventory.criteria import build_criteria
from labregistry.registry import Registry
from labregistry.services import inventory
from labregistry.storage.bulk import insert_returning_ids
from labregistry.storage.models import Institute, utcnow
from tests.inventory.region import open_site

STANDARDS = 2000
#: Searches per kind: enough that every filter is drawn several times whatever the region's data
#: (60 was at the edge for authorised items: "other unit" came up only 4 times).
SEARCHES = {"standards": 200, "authorisations": 100, "staff": 30}
TODAY = dt.date(2026, 3, 1)
PROVINCES = ["上海", "江苏", "浙江", "安徽"]
PROVINCE_SPELLINGS = {"上海": "SH", "江苏": "江苏省", "浙江": "ZJ", "安徽": "皖"}
PEERS = [("12320000466002712H", "江苏省计量科学研究院", "江苏", "南京"),
         ("12330000470040568F", "浙江省计量科学研究院", "浙江", "杭州"),
         ("12340000485000217C", "安徽省计量科学研究院", "安徽", "合肥")]
#: other units a user types, and how a value in them reads in the canonical unit (SI, by hand)
OTHER_UNITS: dict[str, list[tuple[str, Any]]] = {
    "pressure": [("MPa", lambda v: v * 1e6), ("kPa", lambda v: v * 1e3)],
    "temperature": [("℃", lambda v: v + 273.15)],
    "mass": [("g", lambda v: v * 1e-3)],
    "length": [("mm", lambda v: v * 1e-3)],
    "voltage": [("mV", lambda v: v * 1e-3), ("kV", lambda v: v * 1e3)],
    "frequency": [("kHz", lambda v: v * 1e3), ("MHz", lambda v: v * 1e6)],
}
#: absolute uncertainty limits typed with a unit, and their value in the canonical unit
ABSOLUTE_LIMITS: dict[str, list[tuple[str, float, str]]] = {
    "pressure": [("0.02MPa", 2e4, "Pa"), ("50Pa", 50.0, "Pa")],
    "temperature": [("0.5℃", 0.5, "K"), ("0.05K", 0.05, "K")],
    "mass": [("5mg", 5e-6, "kg")],
    "length": [("2μm", 2e-6, "m")],
}
EPS = 1e-9  # the search's tolerance at a range end and at the limit (float rounding of conversions)


# ---------------------------------------------------------------- the region


@dataclass
class Region:
    reg: Registry
    standards: list[dict[str, Any]]
    items: list[dict[str, Any]]
    credentials: list[dict[str, Any]]
    province_of: dict[int, str]
    capabilities: dict[int, list[dict[str, Any]]]  # a standard's rows (docs/comparison.md)


def _spread_over_institutes(reg: Registry) -> None:
    """Three peers added by direct inserts; every fourth record of each kind moved to each."""
    now = utcnow()
    with reg.engine.begin() as conn:
        peers = insert_returning_ids(conn, Institute, [
            {"uscc": uscc, "name": name, "name_en": None, "province": province, "city": city, "kind": None,
             "address": None, "contact": None, "is_own": False, "created_at": now, "updated_at": now}
            for uscc, name, province, city in PEERS])
        for table in ("standard", "authorisation", "staff"):
            for i, peer in enumerate(peers, start=1):
                conn.execute(text(f"UPDATE {table} SET institute_id = :peer WHERE id % 4 = :i"), {"peer": peer, "i": i})


def _rows(reg: Registry, sql: str) -> list[dict[str, Any]]:
    """Rows as stored (SQLite hands dates back as ISO text: read as dates)."""
    with reg.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text(sql))]
    for row in rows:
        for key in ("issued_on", "valid_until"):
            if isinstance(row.get(key), str):
                row[key] = dt.date.fromisoformat(row[key][:10])
    return rows


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Region]:
    from tests.conftest import BACKEND

    with pytest.MonkeyPatch.context() as mp:  # a module fixture: the pass's database by hand
        mp.setenv("LABREGISTRY_PASSPHRASE", "correct horse 电池 staple")
        if BACKEND == "postgres":
            mp.setenv("LABREGISTRY_DB", request.getfixturevalue("pg_server").url_template())
            mp.setenv("LABREGISTRY_DB_CREATE", "1")
        reg = open_site(tmp_path_factory.mktemp("oracle"), "A")
    populate_demo(reg, standards=STANDARDS, seed=24, today=TODAY)
    _spread_over_institutes(reg)
    yield Region(
        reg,
        _rows(reg, "SELECT id, institute_id, quantity, range_min, range_max, unit, accuracy_kind, accuracy_value, "
                   "accuracy_relative, accuracy_class, issued_on, valid_until, status FROM standard"),
        _rows(reg, "SELECT ai.id, a.institute_id, ai.quantity, ai.range_min, ai.range_max, a.issued_on, "
                   "a.valid_until, a.status FROM authorisation_item ai JOIN authorisation a ON a.id = ai.authorisation_id"),
        _rows(reg, "SELECT s.id AS staff_id, s.institute_id, s.status AS person, c.issued_on, c.valid_until "
                   "FROM credential c JOIN staff s ON s.id = c.staff_id"),
        {r["id"]: r["province"] for r in _rows(reg, "SELECT id, province FROM institute")},
        _by_standard(_rows(reg, "SELECT standard_id, quantity, range_min, range_max, unit, error_constant, "
                                "error_of_reading, error_of_span FROM capability")),
    )
    reg.close()


def _by_standard(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["standard_id"], []).append(row)
    return out


def test_the_region_is_what_the_oracle_needs(region: Region) -> None:
    """A few thousand records, every province, every kind of accuracy, every validity."""
    assert len(region.standards) == STANDARDS and len(region.items) > 1000 and len(region.credentials) > 500
    assert {region.province_of[r["institute_id"]] for r in region.standards} == set(PROVINCES)
    assert {r["accuracy_kind"] for r in region.standards} >= {"U", "Urel", "class", "MPE"}
    assert {r["status"] for r in region.standards} >= {"valid", "expired", "suspended", "revoked"}
    assert len({r["quantity"] for r in region.standards}) > 20
    assert max(len(rows) for rows in region.capabilities.values()) > 1  # standards with several rows


# ---------------------------------------------------------------- the oracle


def valid_on(row: dict[str, Any], day: dt.date) -> bool:
    """search.py: issued on or before the day (or no issue date), valid until the day or later,
    not suspended or revoked."""
    return (row["status"] not in ("suspended", "revoked") and (row["issued_on"] is None or row["issued_on"] <= day)
            and row["valid_until"] is not None and row["valid_until"] >= day)


def covers(row: dict[str, Any], quantity: str | None, low: float | None, high: float | None) -> bool:
    """The quantity, and a range that includes [low, high] (one bound alone: that point)."""
    if quantity is None:
        return True
    if row["quantity"] != quantity:
        return False
    low, high = (low if low is not None else high), (high if high is not None else low)
    if low is None or high is None:
        return True
    return (row["range_min"] is not None and row["range_min"] <= low + abs(low) * EPS
            and row["range_max"] is not None and row["range_max"] >= high - abs(high) * EPS)


def row_verdict(row: dict[str, Any], low: float | None, high: float | None,
                limit: tuple[float, bool, str | None]) -> str:
    """docs/comparison.md for one capability row: met / failed / not_comparable. Its error at a
    value x is a + b·|x| + c·span; the requested ends (the row's own without a range) decide:
    against an absolute limit the largest error, against a relative one the largest error over
    the value at an end that is not zero."""
    a, b, c = row["error_constant"], row["error_of_reading"], row["error_of_span"]
    if a is None:
        return "not_comparable"
    span = row["range_max"] - row["range_min"]
    low, high = (low if low is not None else high), (high if high is not None else low)
    ends = [row["range_min"], row["range_max"]] if low is None or high is None else [low, high]
    value, relative, unit = limit
    if relative:
        ratios = [(a + b * abs(x) + c * span) / abs(x) for x in ends if x != 0]
        if not ratios:
            return "not_comparable"
        worst = max(ratios)
    else:
        if row["unit"] != unit:
            return "not_comparable"
        worst = max(a + b * abs(x) + c * span for x in ends)
    return "met" if worst <= value * (1 + EPS) else "failed"


def standard_verdicts(region: Region, standard_id: int, quantity: str | None, low: float | None,
                      high: float | None, limit: tuple[float, bool, str | None]) -> set[str]:
    """The verdicts of a standard's rows of the quantity that cover the range."""
    return {row_verdict(r, low, high, limit) for r in region.capabilities.get(standard_id, [])
            if covers(r, quantity, low, high)}


@dataclass
class Query:
    kind: str
    args: dict[str, Any]  # build_criteria's
    quantity: str | None = None
    low: float | None = None  # canonical
    high: float | None = None
    limit: tuple[float, bool, str | None] | None = None  # value, relative, unit
    comparable_only: bool = False
    day: dt.date | None = None
    provinces: frozenset[str] | None = None

    def expected(self, region: Region) -> set[int]:
        def in_provinces(institute_id: int) -> bool:
            return self.provinces is None or region.province_of[institute_id] in self.provinces

        if self.kind == "staff":
            return {c["staff_id"] for c in region.credentials if in_provinces(c["institute_id"]) and (
                self.day is None or (c["person"] == "active" and valid_on({**c, "status": "valid"}, self.day)))}
        rows = region.standards if self.kind == "standards" else region.items
        out = set()
        for r in rows:
            if not in_provinces(r["institute_id"]):
                continue
            if self.day is not None and not valid_on(r, self.day):
                continue
            if self.kind == "standards":
                if not self._some_row_answers(region, r["id"]):
                    continue
            elif not covers(r, self.quantity, self.low, self.high):
                continue
            out.add(r["id"])
        return out

    def _some_row_answers(self, region: Region, standard_id: int) -> bool:
        """A row of the quantity covers the range; with a limit, one meets it, or (unless
        comparable ones only) one cannot be compared (listed as such)."""
        if self.limit is None:
            return self.quantity is None or any(covers(c, self.quantity, self.low, self.high)
                                                for c in region.capabilities.get(standard_id, []))
        verdicts = standard_verdicts(region, standard_id, self.quantity, self.low, self.high, self.limit)
        return "met" in verdicts or (not self.comparable_only and "not_comparable" in verdicts)


# ---------------------------------------------------------------- the searches


def _typed(value: float) -> float:
    """A value as a user types it: a few significant digits."""
    return float(f"{value:.4g}")


def draw(rng: random.Random, region: Region, kind: str) -> Query:
    """A random search, most often about a record of the region (so that it finds something)."""
    rows = region.standards if kind == "standards" else region.items
    q = Query(kind, {"kind": kind})
    if kind != "staff" and rng.random() < 0.8:
        pick = rng.choice([r for r in rows if r["quantity"] and not r["quantity"].startswith("other:")])
        q.quantity = pick["quantity"]
        q.args["quantity"] = pick["quantity"]
        if pick["range_min"] is not None and rng.random() < 0.75:
            span = pick["range_max"] - pick["range_min"]
            low = pick["range_min"] + span * rng.choice([0, 0.1, 0.5, 1, 1.2])
            high = low + span * rng.choice([0, 0.2, 0.5]) if rng.random() < 0.7 else None
            if rng.random() < 0.2:  # the lower bound alone, or the upper alone
                low, high = (None, low) if rng.random() < 0.5 else (low, None)
            converted = OTHER_UNITS.get(q.quantity) if rng.random() < 0.5 else None
            if converted:
                unit, to_canonical = rng.choice(converted)
                inverse = {v: _typed(_from_canonical(to_canonical, v)) for v in (low, high) if v is not None}
                q.args.update(unit=unit, low=inverse.get(low), high=inverse.get(high))
                q.low = to_canonical(inverse[low]) if low is not None else None
                q.high = to_canonical(inverse[high]) if high is not None else None
            else:
                q.low = _typed(low) if low is not None else None
                q.high = _typed(high) if high is not None else None
                q.args.update(low=q.low, high=q.high)
    if kind == "standards" and rng.random() < 0.5:
        absolute = ABSOLUTE_LIMITS.get(q.quantity or "")
        if absolute and rng.random() < 0.6:
            typed, value, unit = rng.choice(absolute)
            q.limit = (value, False, unit)
        else:
            typed, value = rng.choice([("0.05%", 5e-4), ("0.1%", 1e-3), ("0.5%", 5e-3), ("1×10⁻⁵", 1e-5),
                                       ("2ppm", 2e-6), ("0.02%", 2e-4)])
            q.limit = (value, True, None)
        q.args["max_uncertainty"] = typed
        q.comparable_only = rng.random() < 0.5
        q.args["comparable_only"] = q.comparable_only
    if rng.random() < 0.6:
        q.day = TODAY + dt.timedelta(days=rng.randint(-4 * 365, 4 * 365))
        q.args["valid_on"] = q.day.isoformat()
    if rng.random() < 0.5:
        chosen = rng.sample(PROVINCES, rng.randint(1, 3))
        q.provinces = frozenset(chosen)
        q.args["provinces"] = ",".join(PROVINCE_SPELLINGS[p] if rng.random() < 0.5 else p for p in chosen)
    return q


def _from_canonical(to_canonical: Any, value: float) -> float:
    """The inverse of a linear conversion, found from two points (offsets included)."""
    zero, one = to_canonical(0.0), to_canonical(1.0)
    return (value - zero) / (one - zero)


@pytest.mark.parametrize("kind", list(SEARCHES))
def test_every_search_finds_exactly_what_a_plain_filter_finds(region: Region, kind: str) -> None:
    rng = random.Random(f"oracle-{kind}")
    tried = found_something = 0
    used: dict[str, int] = {}
    for _ in range(SEARCHES[kind]):
        q = draw(rng, region, kind)
        for feature in features(q):
            used[feature] = used.get(feature, 0) + 1
        criteria = build_criteria(**{k: v for k, v in q.args.items() if v is not None}, today=TODAY)
        got = inventory.search_ids(region.reg, criteria)
        expected = q.expected(region)
        assert len(got) == len(set(got)), q.args  # no record twice
        assert set(got) == expected, (q.args, sorted(set(got) - expected)[:5], sorted(expected - set(got))[:5])
        assert inventory.count(region.reg, criteria)[0] == len(expected), q.args
        tried += 1
        found_something += bool(expected)
    assert found_something >= tried // 2, "the searches should mostly find something"
    wanted = {"standards": FEATURES, "authorisations": FEATURES[:4] + FEATURES[8:], "staff": FEATURES[8:]}[kind]
    assert all(used.get(f, 0) >= 5 for f in wanted), str(used)  # every filter, several times


FEATURES = ("quantity", "range", "one bound", "other unit", "relative limit", "absolute limit", "comparable only",
            "not comparable listed", "valid on", "provinces")


def features(q: Query) -> list[str]:
    """Which filters a search uses (to check that the random searches try every one)."""
    limit = q.limit
    return [name for name, used in (
        ("quantity", q.quantity is not None), ("range", q.low is not None and q.high is not None),
        ("one bound", (q.low is None) != (q.high is None)), ("other unit", "unit" in q.args),
        ("relative limit", limit is not None and limit[1]), ("absolute limit", limit is not None and not limit[1]),
        ("comparable only", limit is not None and q.comparable_only),
        ("not comparable listed", limit is not None and not q.comparable_only),
        ("valid on", q.day is not None), ("provinces", q.provinces is not None)) if used]


def test_valid_ones_rank_first_and_not_comparable_ones_last(region: Region) -> None:
    """The order's first keys, from the oracle too: valid on the day before not valid; with a
    maximum uncertainty, comparable before not comparable."""
    rng = random.Random("oracle-order")
    for _ in range(20):
        q = draw(rng, region, "standards")
        criteria = build_criteria(**{k: v for k, v in q.args.items() if v is not None}, today=TODAY)
        ids = inventory.search_ids(region.reg, criteria)
        by_id = {r["id"]: r for r in region.standards}
        day = q.day or TODAY
        validity = [valid_on(by_id[i], day) for i in ids]
        assert validity == sorted(validity, reverse=True), q.args
        if q.limit is not None:
            for valid in (True, False):
                group = ["met" in standard_verdicts(region, i, q.quantity, q.low, q.high, q.limit)
                         for i in ids if valid_on(by_id[i], day) == valid]
                assert group == sorted(group, reverse=True), q.args
