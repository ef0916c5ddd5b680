"""Shared by the regional-server tests: roles and databases made on the private server."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.conftest import BACKEND

SERVER_PASS = pytest.mark.skipif(BACKEND != "postgres", reason="a server's own behaviour: runs in the PostgreSQL pass")
"""These tests start nothing of their own but use the suite's private server: they run once,
in the PostgreSQL pass, not in both (the CI time budget)."""


def private(server: Any) -> None:
    if server.external:
        pytest.skip("needs the private test server (LABREGISTRY_TEST_PG points at another one)")


def url(server: Any, database: str, user: str = "postgres", password: str | None = None) -> str:
    """A client's URL of ``database`` on the private server (over its Unix socket)."""
    private(server)
    login = user if password is None else f"{user}:{password}"
    return f"postgresql+psycopg://{login}@/{database}?host={server.dir}&port={server.port}"


def admin(server: Any, *statements: str, database: str = "postgres") -> None:
    """Run ``statements`` as the server's superuser, in ``database``."""
    info = server.admin_conninfo().replace("dbname=postgres", f"dbname={database}")
    with psycopg.connect(info, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)  # type: ignore[arg-type]


def fresh_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"
