"""The upstream standard a trace picks is the one the plain rule picks, on both engines.

``trace.upstream`` chooses, at the institute that calibrated an instrument, the standard that
can have calibrated it (the module's rule 3). It read every standard of that institute of the
quantity or the discipline and ranked them in Python: at the region's 200,000-standard home,
63,000 rows for one link, 669 ms for one trace (docs/benchmarks.md). :func:`_oracle` is that
function as it was; the database is asked for the best one now. Over data made to meet the
rule's edges (ranges that touch, cover, overlap or miss; no range, no quantity; spans that tie;
codes inside, outside and at the edge of the discipline, a short or missing owner's code; every
status, issue and validity around the date; standards on the path), both answer the same: the
same row, the same fit, and whether only standards on the path fitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, insert, or_, select

from labregistry.inventory.search import S, is_valid_on
from labregistry.inventory.trace import TraceOptions, _instrument_range, _Tracer
from labregistry.registry import Registry
from tests.inventory.region import open_site


def _oracle(conn: Connection, on: dt.date, institute_id: int, instrument: dict[str, Any], owner: dict[str, Any],
            path: set[int]) -> tuple[dict[str, Any] | None, str | None, bool]:
    """``_Tracer.upstream`` before 2026-12-08 (main at 6ccc834), word for word but for
    ``self.conn`` and ``self.opt.on``: every fitting row read and ranked here."""
    parsed = _instrument_range(instrument.get("range_text"))
    quantity = parsed[0] if parsed else owner.get("quantity")
    discipline = (owner.get("code") or "")[:2]
    conds = []
    if quantity:
        conds.append(S.c.quantity == quantity)
    if discipline:
        conds.append(S.c.code.between(discipline + "000000", discipline + "999999"))
    if not conds:
        return None, None, False
    stmt = (select(S.c.id, S.c.code, S.c.quantity, S.c.range_min, S.c.range_max, S.c.status, S.c.issued_on,
                   S.c.valid_until).where(S.c.institute_id == institute_id, or_(*conds)))
    best: tuple[Any, ...] | None = None
    cycled = False
    for r in conn.execute(stmt):
        row = dict(r._mapping)
        how: str | None
        if row["quantity"] and row["quantity"] == quantity:
            if parsed and row["range_min"] is not None and row["range_max"] is not None:
                if row["range_min"] <= parsed[1] and row["range_max"] >= parsed[2]:
                    level, how = 3, "covers"
                elif row["range_min"] <= parsed[2] and row["range_max"] >= parsed[1]:
                    level, how = 2, "overlaps"
                else:
                    level, how = 1, "discipline" if (row["code"] or "")[:2] == discipline else None
            else:
                level, how = 2, "quantity"
        else:
            level, how = 1, "discipline"
        if how is None:
            continue
        if row["id"] in path:
            cycled = True
            continue
        span = (row["range_max"] - row["range_min"]) if row["range_min"] is not None and \
            row["range_max"] is not None else float("inf")
        key = (-level, not is_valid_on(row, on), span, row["id"])
        if best is None or key < best[0]:
            best = (key, row, how)
    if best is None:
        return None, None, cycled
    return best[1], best[2], False


ON = dt.date(2025, 6, 1)
INSTRUMENT_RANGES = ["(0~60)MPa", "(0.1~6)MPa", "(-0.1~2.5)MPa", "100 kPa", "(0~100)℃", "(1~500)V", "not a range",
                     None]
#: the instruments' ends in the canonical unit (so that a standard's range can start or end at one)
ENDS = sorted({v for t in INSTRUMENT_RANGES if (r := _instrument_range(t)) for v in r[1:]} | {-1e9, 5e4, 1e9})
CODES = ["12113200", "12113100", "12000000", "12999999", "04113500", "13000000", "11999999", "1", "12"]
OWNER_CODES = ["12113300", "04113700", "15113100", "12", "1", "", None]
QUANTITIES = ["pressure", "temperature", "voltage", "", None]
DAYS = [ON - dt.timedelta(days=400), ON - dt.timedelta(days=1), ON, ON + dt.timedelta(days=1)]

standards = st.lists(st.fixed_dictionaries({
    "code": st.sampled_from(CODES),
    "quantity": st.sampled_from(QUANTITIES),
    "range": st.one_of(st.none(), st.tuples(st.sampled_from(ENDS), st.sampled_from(ENDS)).map(sorted),
                       st.tuples(st.sampled_from(ENDS), st.none()), st.tuples(st.none(), st.sampled_from(ENDS))),
    "status": st.sampled_from(["valid", "valid", "expired", "suspended", "revoked"]),
    "issued_on": st.one_of(st.none(), st.sampled_from(DAYS)),
    "valid_until": st.sampled_from(DAYS),
}), min_size=0, max_size=14)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    reg = open_site(tmp_path_factory.mktemp("trace-upstream"), "A")
    yield reg
    reg.close()


def _insert(conn: Connection, institute_id: int, rows: list[dict[str, Any]]) -> list[int]:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    ids = []
    for n, row in enumerate(rows):
        low, high = row["range"] if row["range"] is not None else (None, None)
        ids.append(int(conn.execute(insert(S).values(
            uid=f"oracle{n:04d}", institute_id=institute_id, name=f"标准{n}", code=row["code"], code_temporary=False,
            grade="public", certificate_no=f"C{n}", range_text="r", quantity=row["quantity"],
            range_min=low, range_max=high, accuracy_text="a",
            status=row["status"], issued_on=row["issued_on"], valid_until=row["valid_until"], created_at=now,
            updated_at=now).returning(S.c.id)).scalar_one()))
    return ids


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(rows=standards, range_text=st.sampled_from(INSTRUMENT_RANGES), owner_code=st.sampled_from(OWNER_CODES),
       owner_quantity=st.sampled_from(QUANTITIES), on=st.sampled_from(DAYS), data=st.data())
def test_the_upstream_standard_is_the_plain_rules(site: Registry, rows: list[dict[str, Any]], range_text: str | None,
                                                   owner_code: str | None, owner_quantity: str | None, on: dt.date,
                                                   data: st.DataObject) -> None:
    with site.engine.connect() as conn:
        transaction = conn.begin()
        try:
            institute_id = _own(conn)
            ids = _insert(conn, institute_id, rows)
            path = set(data.draw(st.lists(st.sampled_from(ids), max_size=4) if ids else st.just([])))
            instrument = {"range_text": range_text}
            owner = {"code": owner_code, "quantity": owner_quantity}
            want = _oracle(conn, on, institute_id, instrument, owner, path)
            got = _Tracer(conn, TraceOptions(on=on)).upstream(institute_id, instrument, owner, path)
            assert got == want
        finally:
            transaction.rollback()


def _own(conn: Connection) -> int:
    from labregistry.inventory.search import I

    return int(conn.execute(select(I.c.id).where(I.c.is_own.is_(True))).scalar_one())


def test_the_oracle_meets_every_fit_and_a_cycle(site: Registry) -> None:
    """The data above is varied enough: each fit, and a choice among several, happens."""
    rows = [{"code": "12113200", "quantity": "pressure", "range": (0.0, 6e7), "status": "valid", "issued_on": None,
             "valid_until": ON},
            {"code": "12113100", "quantity": "pressure", "range": (1e5, 1e9), "status": "valid", "issued_on": None,
             "valid_until": ON},
            {"code": "12000000", "quantity": "temperature", "range": None, "status": "expired", "issued_on": None,
             "valid_until": ON}]
    with site.engine.connect() as conn:
        transaction = conn.begin()
        try:
            own = _own(conn)
            ids = _insert(conn, own, rows)
            tracer = _Tracer(conn, TraceOptions(on=ON))
            owner = {"code": "12113300", "quantity": "pressure"}
            fits = {text: tracer.upstream(own, {"range_text": text}, owner, set())[1:]
                    for text in ("(0~60)MPa", "(-0.1~2.5)MPa", None)}
            assert fits == {"(0~60)MPa": ("covers", False), "(-0.1~2.5)MPa": ("overlaps", False),
                            None: ("quantity", False)}
            assert tracer.upstream(own, {"range_text": "(0~100)℃"}, owner, set())[1] == "quantity"
            assert tracer.upstream(own, {"range_text": "(1~500)V"}, owner, set())[1] == "discipline"
            assert tracer.upstream(own, {"range_text": "(1~500)V"}, owner, set(ids)) == (None, None, True)
        finally:
            transaction.rollback()

