"""How a standards search runs on SQLite: which index drives it.

SQLite's planner has no statistics in this registry (nothing runs ANALYZE, and a search
must not write), so left alone it guesses, and a guess that reads the wide ``standard``
rows for 10^5 candidates costs a tenth of a second. The search therefore names the index
that drives it, from rough counts (:class:`Stats`, refreshed every :data:`STATS_TTL`
seconds; stale counts only make a plan slower, never a result wrong):

* ``text`` - the text index gives the candidates' ids; they are ranked from the narrow
  covering index led by ``id`` (``ix_inv_standard_rank``);
* ``quantity`` - the covering index led by quantity and range (``ix_inv_standard_qty_rank``);
* ``institute`` - the institutes the province / city / institute filters leave, and within
  each only a code prefix's range when there is one (``ix_inv_standard_inst_rank``, revision
  0005; before it, ``ix_standard_institute_id`` and the table rows);
* ``code`` - a JJF 1022 code prefix: its range in every institute (the same index, sought
  once per institute; before it, ``ix_standard_code`` and the table rows);
* ``scan`` - everything, through the narrow ``ix_inv_standard_rank``;
* ``capability`` - the scan's place when the capability rows filter (quantity, range,
  accuracy: issue 18): the grouped rows drive, and each matching standard is looked up by id
  for what ranks it in ``ix_inv_standard_validity`` (revision 0013; before it, the scan's
  index).

The cheapest by :data:`COST` x estimated candidates wins (code prefixes and institutes are
taken as independent). PostgreSQL has statistics of its own: none of this applies there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, column, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import TableClause

from labregistry.inventory import textindex
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Standard

S = table_of(Standard)
STATS_TTL = 120.0
#: Relative cost of one candidate per driver (an entry read in order from a narrow covering
#: index ~ 0.3, one sought by id ~ 1, a wide table row ~ 3); SEEK: one descent of an index.
COST = {"text": 1.0, "quantity": 0.4, "institute": 0.3, "code": 0.3, "scan": 0.3, "capability": 0.3}
SEEK = 3.0
#: Without the covering index led by institute (a database before revision 0005).
COST_TABLE_ROWS = 3.0
INDEX = {
    "text": textindex.SQLITE_RANK_INDEX[0],
    "quantity": textindex.RANK_INDEX_BY_QUANTITY,
    "institute": textindex.RANK_INDEX_BY_INSTITUTE,
    "code": textindex.RANK_INDEX_BY_INSTITUTE,
    "scan": textindex.SQLITE_RANK_INDEX[0],
    "capability": textindex.VALIDITY_INDEX,
}
#: What ``institute`` and ``code`` fall back to without :data:`INDEX`'s index.
FALLBACK = {"institute": "ix_standard_institute_id", "code": "ix_standard_code",
            "capability": textindex.SQLITE_RANK_INDEX[0]}


class IndexedTable(TableClause):
    """A table rendered ``FROM standard INDEXED BY ix`` on SQLite."""

    inherit_cache = True

    def __init__(self, name: str, index: str, *columns: Any) -> None:
        super().__init__(name, *columns)
        self.index = index


@compiles(IndexedTable)
def _compile_indexed(element: IndexedTable, compiler: Any, **kw: Any) -> str:
    rendered = compiler.visit_table(element, **kw)
    if kw.get("asfrom") and compiler.dialect.name == "sqlite":
        rendered += f" INDEXED BY {element.index}"
    return str(rendered)


@dataclass(frozen=True)
class Stats:
    total: int
    by_institute: dict[int, int]
    by_quantity: dict[str | None, int]
    by_code4: dict[str, int]
    indexes: frozenset[str]
    taken: float


_STATS: dict[str, Stats] = {}
_LOCK = threading.Lock()
_TABLES: dict[str, IndexedTable] = {}


def stats(conn: Connection) -> Stats:
    key = conn.engine.url.render_as_string(hide_password=True)
    now = time.monotonic()
    with _LOCK:
        cached = _STATS.get(key)
    if cached is not None and now - cached.taken < STATS_TTL:
        return cached
    indexes = frozenset(r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'standard'"))
    by_institute = {r[0]: int(r[1]) for r in conn.execute(
        select(S.c.institute_id, func.count()).group_by(S.c.institute_id))}
    by_quantity = {r[0]: int(r[1]) for r in conn.execute(select(S.c.quantity, func.count()).group_by(S.c.quantity))}
    code4 = func.substr(S.c.code, 1, 4)
    by_code4 = {r[0]: int(r[1]) for r in conn.execute(select(code4, func.count()).group_by(code4))}
    fresh = Stats(sum(by_institute.values()), by_institute, by_quantity, by_code4, indexes, now)
    with _LOCK:
        _STATS[key] = fresh
    return fresh


def forget(conn: Connection | None = None) -> None:
    """Drop cached counts (all, or one database's): after a bulk change, or in tests."""
    with _LOCK:
        if conn is None:
            _STATS.clear()
        else:
            _STATS.pop(conn.engine.url.render_as_string(hide_password=True), None)


def choose(conn: Connection, *, text_candidates: int | None, quantity: str | None,
           institute_ids: Sequence[int] | None, code_prefix: str | None, capabilities: bool = False) -> str:
    """The driver with the lowest estimated cost (see the module); ``capabilities``: the
    capability rows filter (then ``capability`` takes the place of ``scan``)."""
    st = stats(conn)
    covering = INDEX["institute"] in st.indexes
    everything = "capability" if capabilities else "scan"
    options: dict[str, float] = {everything: st.total * COST[everything]}
    if text_candidates is not None:
        options["text"] = text_candidates * COST["text"]
    if quantity is not None:
        options["quantity"] = st.by_quantity.get(quantity, 0) * COST["quantity"]
    in_code = 1.0
    if code_prefix:
        n = sum(v for k, v in st.by_code4.items() if k and (k.startswith(code_prefix) or code_prefix.startswith(k)))
        in_code = n / st.total if st.total else 0.0
        options["code"] = (n * COST["code"] + len(st.by_institute) * SEEK) if covering else n * COST_TABLE_ROWS
    if institute_ids is not None:
        rows = sum(st.by_institute.get(i, 0) for i in institute_ids)
        options["institute"] = (rows * in_code * COST["institute"] + len(institute_ids) * SEEK) if covering \
            else rows * COST_TABLE_ROWS
    usable = {k: v for k, v in options.items() if index_of(k, st) is not None}
    return min(usable or {"scan": 0.0}, key=lambda k: (usable.get(k, 0.0), k != "text"))


def index_of(driver: str, st: Stats) -> str | None:
    """The index ``driver`` reads (its fallback on an older schema); None when neither is there."""
    for name in (INDEX[driver], FALLBACK.get(driver)):
        if name is not None and name in st.indexes:
            return name
    return None


def covers(driver: str, conn: Connection) -> bool:
    """True when ``driver`` reads the covering index led by institute (seeks per institute)."""
    return driver in ("institute", "code") and index_of(driver, stats(conn)) == INDEX[driver]


def table_for(driver: str, conn: Connection) -> Any:
    """``standard`` rendered with the driver's index (plain when the index is missing)."""
    name = index_of(driver, stats(conn))
    return S if name is None else table_for_index(name, conn)


def table_for_index(name: str, conn: Connection) -> Any:
    """``standard`` rendered ``INDEXED BY name`` (plain when there is no such index)."""
    if name not in stats(conn).indexes:
        return S
    return indexed_table(name)


def indexed_table(name: str) -> IndexedTable:
    """``standard`` rendered ``INDEXED BY name`` on SQLite, whether or not the index is there
    (the caller knows: :func:`table_for_index` asks)."""
    if name not in _TABLES:
        _TABLES[name] = IndexedTable("standard", name, *(column(c.name, c.type) for c in S.columns))
    return _TABLES[name]
