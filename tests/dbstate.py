"""Every row of every table, on SQLite or PostgreSQL: proof that a refusal wrote nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from labregistry.config import resolve_home
from labregistry.storage import db


def dump_engine(engine: Any) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table.startswith("sqlite_"):
                continue
            quoted = engine.dialect.identifier_preparer.quote(table)
            rows.extend((table, *r) for r in conn.execute(text(f"SELECT * FROM {quoted} ORDER BY 1")))
    return rows


def dump_home(home: str | Path) -> list[tuple[Any, ...]]:
    """The state of the database a home uses (honours LABREGISTRY_DB like the CLI)."""
    engine = db.make_engine(resolve_home(home).db_url)
    try:
        return dump_engine(engine)
    finally:
        engine.dispose()


def sqlite_value(db: Path, sql: str) -> Any:
    """The first column of the first row ``sql`` returns from the SQLite file ``db`` (a backup,
    a copy), read with nothing but ``sqlite3``, the file closed again at once."""
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchone()[0]


def corrupt_sqlite(db: Path) -> None:
    """Overwrite every 97th byte of the SQLite file ``db`` after its first page, the write-ahead
    log folded in first: damage ``check``, the start-up and the backups must all see."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] = 0x5A
    db.write_bytes(bytes(data))
