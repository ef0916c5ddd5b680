"""200,000 standards of the own institute (and 1,000 of a peer), built in seconds.

Shared by the large-table tests (``tests/ui/test_table_models_200k.py``,
``tests/ui/test_large_table.py``): on SQLite they all read one home, built once per run
by the session fixture ``big`` in ``tests/ui/conftest.py`` (the xdist workers share the
file under a lock; the fixture imports this module when it runs, as this module imports
the conftest's helpers). The values are functions of the standard's number, so that a test
can say what a row shows without asking the database.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from labregistry.inventory import textindex
from labregistry.registry import Registry
from labregistry.storage.bulk import insert_returning_ids, insert_values
from labregistry.storage.models import Institute, Standard, utcnow
from tests.ui.conftest import OWN_USCC, PEER_USCC, institute_row, make_registry

ROWS = 200_000
PEER_ROWS = 1_000  # the same certificate numbers at another institute: never listed
TODAY = dt.date(2025, 6, 1)
COLUMNS = (
    "uid", "institute_id", "name", "code", "code_temporary", "grade", "certificate_no", "valid_until",
    "range_text", "accuracy_text", "status", "created_at", "updated_at",
)  # fmt: skip


def certificate(n: int) -> str:
    return f"[2024]沪量标证字第{n:06d}号"


def valid_until(n: int) -> dt.date:
    """A thousand dates from 200 days ago on: standards 1,000 apart share one."""
    return TODAY + dt.timedelta(days=n % 1000 - 200)


def status(n: int) -> str:
    return "suspended" if n % 50 == 7 else "valid"


def numbers_in_insert_order() -> list[int]:
    """Standard numbers in the order they are inserted (so, by id): two runs interleaved
    (0, 100000, 1, 100001, ...), so the certificate order is not the id order. (Appending
    to two places keeps the inserts cheap; a random order costs SQLite twice the time.)"""
    half = ROWS // 2
    return [(i % 2) * half + i // 2 for i in range(ROWS)]


def standard_values(institute_id: int, n: int, now: dt.datetime, *, peer: bool = False) -> tuple[Any, ...]:
    """Standard number ``n`` as values for :data:`COLUMNS`: what the list shows, no children."""
    words = ("压力", "温度", "质量", "电学")
    name = "江苏的标准" if peer else f"{words[n % 4]}标准装置{n:06d}"
    uid = f"{n + (10**9 if peer else 0):032x}"
    return (
        uid, institute_id, name, f"{n % 100000:05d}", False, "public", certificate(n), valid_until(n),
        "(0~10) MPa", "U=0.05%, k=2", status(n), now, now,
    )  # fmt: skip


def fill(reg: Registry, *, search_index: bool = True) -> None:
    """Add the two institutes and their standards to the empty registry ``reg``.

    ``search_index=False`` drops the free-text search index first: on PostgreSQL its GIN
    indexes have no bulk mode (a minute for these inserts); the lists page without it.
    """
    now = utcnow()
    with reg.engine.begin() as conn:
        if not search_index:
            textindex.uninstall(conn)
        own, peer = insert_returning_ids(
            conn,
            Institute,
            [
                institute_row(OWN_USCC, "上海市计量测试技术研究院", own=True),
                institute_row(PEER_USCC, "江苏省计量科学研究院", own=False, province="江苏", city="南京"),
            ],
        )
        with textindex.deferred(conn) if search_index else nullcontext():  # one pass at the end, not per row
            peers = [standard_values(peer, n, now, peer=True) for n in range(PEER_ROWS)]
            insert_values(conn, Standard, COLUMNS, peers)
            rows = [standard_values(own, n, now) for n in numbers_in_insert_order()]
            insert_values(conn, Standard, COLUMNS, rows)


def build_home(home: Path) -> None:
    """A home at ``home`` holding :func:`fill`'s standards, with the search index."""
    reg = make_registry(home)
    try:
        fill(reg)
    finally:
        reg.close()
