"""The hand-made region, built once per test session and database (SQLite, PostgreSQL).

The region's tests only read it; tests that write build their own registries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.inventory.region import Region, build_region


@pytest.fixture(scope="session")
def _regions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Region]]:
    built: dict[str, Region] = {}
    yield built
    for reg in built.values():
        reg.close()


def _get(kind: str, cache: dict[str, Region], request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Region:
    if kind not in cache:
        db_url = None
        if kind == "postgres":
            server: Any = request.getfixturevalue("pg_server")
            db_url = str(server.new_database())
        cache[kind] = build_region(tmp_path_factory.mktemp(f"region-{kind}"), db_url)
    return cache[kind]


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def region(request: pytest.FixtureRequest, _regions: dict[str, Region],
           tmp_path_factory: pytest.TempPathFactory) -> Region:
    return _get(request.param, _regions, request, tmp_path_factory)


@pytest.fixture(scope="session")
def sqlite_region(request: pytest.FixtureRequest, _regions: dict[str, Region],
                  tmp_path_factory: pytest.TempPathFactory) -> Region:
    return _get("sqlite", _regions, request, tmp_path_factory)
