"""Alembic environment: runs on the engine handed over by labregistry.storage.db."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

import labregistry.storage.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Autogenerate compares only the SQLModel tables: the search index's FTS tables
    (``inv_fts_*``, made by revision 0003 with raw SQL) are not models."""
    return not (type_ == "table" and name is not None and name.startswith("inv_fts_"))


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from labregistry.storage.db import make_engine

        url = config.get_main_option("sqlalchemy.url")
        if url is None:  # only the alembic command line gets here, with its own alembic.ini
            raise RuntimeError("alembic.ini names no sqlalchemy.url, and no engine was handed over")
        engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign
            # keys on, that drop would CASCADE-delete every child row. Switch them off
            # (only possible outside a transaction) and check them after the migration.
            _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_name=include_name,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} foreign key violations")
        connection.commit()
        if sqlite:
            _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")


def _sqlite_pragma(connection: Any, statement: str) -> None:
    cursor = connection.connection.dbapi_connection.cursor()
    cursor.execute(statement)
    cursor.close()


run_migrations_online()
