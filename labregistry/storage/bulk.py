"""Set-based inserts for bulk paths (demo data, ledger and bundle imports).

One ORM object per row costs ~50 us of Python each; thousands of rows go in as
executemany batches through SQLAlchemy Core instead. Parents are inserted with
``RETURNING id`` in parameter order, so their children can be linked without a
second query (SQLite >= 3.35 and PostgreSQL both support it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlmodel import SQLModel

BATCH = 5000


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


def chunks(rows: Sequence[dict[str, Any]], size: int = BATCH) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(conn: Connection, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """Insert plain dict rows; all rows must carry the same keys."""
    table = table_of(model)
    for batch in chunks(rows):
        conn.execute(insert(table), list(batch))


def insert_returning_ids(conn: Connection, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the order of ``rows``."""
    table = table_of(model)
    ids: list[int] = []
    for batch in chunks(rows):
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids.extend(r[0] for r in conn.execute(stmt, list(batch)))
    return ids
