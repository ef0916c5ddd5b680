"""Set-based inserts for bulk paths (demo data, ledger and bundle imports).

One ORM object per row costs ~50 us of Python each; thousands of rows go in as
executemany batches through SQLAlchemy Core instead. Parents are inserted with
``RETURNING id`` in parameter order, so their children can be linked without a
second query (SQLite >= 3.35 and PostgreSQL both support it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, insert
from sqlmodel import SQLModel

BATCH = 5000

_Row = TypeVar("_Row")


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


def chunks(rows: Sequence[_Row], size: int = BATCH) -> Iterator[Sequence[_Row]]:
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


def insert_values(conn: Connection, model: type[SQLModel], columns: Sequence[str],
                  rows: Sequence[Sequence[Any]]) -> None:
    """Insert positional rows (one value per name in ``columns``, in that order).

    On SQLite the rows go straight to the driver's ``executemany``, each value passed
    through the bind processor SQLAlchemy itself would use for its column (dates, datetimes,
    booleans, floats), so the stored values are those of :func:`insert_rows`, without its
    per-row dictionaries and parameter handling; on PostgreSQL the same values go by ``COPY``
    (:func:`_copy_values`). Columns left out must not need a Python-side default (they get
    NULL or the database's default). Elsewhere: as :func:`insert_rows`.
    """
    if not rows:
        return
    table = table_of(model)
    if conn.dialect.name not in ("sqlite", "postgresql"):
        insert_rows(conn, model, [dict(zip(columns, row, strict=True)) for row in rows])
        return
    for name in set(table.c.keys()) - set(columns):
        if table.c[name].default is not None and not table.c[name].primary_key:
            raise ValueError(f"{table.name}.{name} has a Python-side default: pass a value")
    if conn.dialect.name == "postgresql":
        _copy_values(conn, table, columns, rows)
        return
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    for batch in chunks(rows):
        conn.exec_driver_sql(sql, list(_bound(conn, table, columns, batch)))


def _bound(conn: Connection, table: Table, columns: Sequence[str],
           rows: Sequence[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """Each row as the driver takes it: every value through the bind processor SQLAlchemy
    would use for its column on this database (dates on SQLite, for instance)."""
    processors = [(i, p) for i, name in enumerate(columns)
                  if (p := table.c[name].type._cached_bind_processor(conn.dialect)) is not None]
    width = len(columns)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{table.name}: {len(row)} values for {width} columns")
        values = list(row)
        for i, process in processors:
            values[i] = process(values[i])
        yield tuple(values)


def _copy_values(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL: the rows by ``COPY ... FROM STDIN`` on the caller's connection and
    transaction. A multi-row INSERT of thousands of rows is one huge statement that psycopg
    parses afresh each time; COPY sends the rows as data (a bundle's merge spent a third of
    its time building and parsing those statements). Row triggers fire as for INSERT."""
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for values in _bound(conn, table, columns, rows):
            copy.write_row(values)


def insert_values_returning_ids(conn: Connection, model: type[SQLModel], columns: Sequence[str],
                                rows: Sequence[Sequence[Any]]) -> list[int]:
    """:func:`insert_values`, returning the new ids in the order of ``rows``.

    On SQLite the ids are given explicitly, from ``max(id) + 1`` on: within the caller's
    write transaction nobody else can insert in between (a concurrent writer makes this
    transaction fail instead, SQLite never lets a stale snapshot write). On PostgreSQL they
    are drawn from the table's sequence first (:func:`_next_ids`). Elsewhere:
    :func:`insert_returning_ids`.
    """
    if not rows:
        return []
    table = table_of(model)
    if conn.dialect.name == "postgresql":
        ids = _next_ids(conn, table, len(rows))
    elif conn.dialect.name == "sqlite":
        quote = conn.dialect.identifier_preparer.quote
        first = int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {quote(table.name)}").scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
    else:
        return insert_returning_ids(conn, model, [dict(zip(columns, row, strict=True)) for row in rows])
    insert_values(conn, model, ["id", *columns], [[i, *row] for i, row in zip(ids, rows, strict=True)])
    return ids


def _next_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """PostgreSQL: ``n`` ids drawn from the table's own sequence, in increasing order, as
    ``INSERT ... RETURNING`` would have given them; concurrent writers draw other values."""
    sql = "SELECT nextval(pg_get_serial_sequence(%(t)s, 'id')) FROM generate_series(1, %(n)s)"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        cursor.execute(sql, {"t": table.name, "n": n})
        return sorted(int(r[0]) for r in cursor.fetchall())
