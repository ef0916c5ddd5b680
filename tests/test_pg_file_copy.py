"""New PostgreSQL homes are copied file by file (tests/pgserver.py: copy_new_databases_by_file),
and are still what the registry's own ``CREATE DATABASE`` makes: a database at the head revision."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from labregistry.registry import open_registry
from labregistry.storage import db
from tests import pgserver

pytestmark = [pytest.mark.postgres, pytest.mark.engine_independent]  # names its server itself


def test_a_new_home_is_created_by_the_registry_with_a_copy_of_files(
        pg_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get(pgserver.FILE_COPY_ENV) == "0":
        pytest.skip(f"{pgserver.FILE_COPY_ENV}=0")
    if int(pg_server._admin_execute("SHOW server_version_num")[0][0]) < 150000:
        pytest.skip("STRATEGY is PostgreSQL 15's")
    sent: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        sent.append(statement)

    monkeypatch.setenv("LABREGISTRY_DB", pg_server.url_template())
    monkeypatch.setenv("LABREGISTRY_DB_CREATE", "1")
    event.listen(Engine, "after_cursor_execute", note)
    try:
        reg = open_registry(tmp_path / "home", logging=False)
    finally:
        event.remove(Engine, "after_cursor_execute", note)
    try:
        assert db.at_head(reg.engine)
        assert reg.engine.dialect.name == "postgresql"
    finally:
        reg.close()
    created = [s for s in sent if s.startswith("CREATE DATABASE ")]
    assert len(created) == 1 and created[0].endswith('" STRATEGY FILE_COPY'), created
