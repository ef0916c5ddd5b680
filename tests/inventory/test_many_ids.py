"""The capability rows of very many standards at once (a recognition search at national scale).

Found by ``benchmarks/pgscale.py --size national`` (1,000,000 standards): ``equivalents`` asked
for the rows of its 96,480 candidates in one ``IN`` list, and PostgreSQL refused it ("number of
parameters must be between 0 and 65535"): the search failed with an internal error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.inventory.capability_rows import stored_rows
from labregistry.registry import Registry
from labregistry.services import records
from tests.inventory.region import open_site, std


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def home(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Registry]:
    url = str(request.getfixturevalue("pg_url")) if request.param == "postgres" else None
    reg = open_site(tmp_path, "A", url)
    yield reg
    reg.close()


def test_the_rows_of_more_standards_than_a_statement_takes_parameters(home: Registry) -> None:
    first = records.create_standard(home, std("精密压力表标准装置", "12113200", "[2024]沪量标证字第0100号", "2024-01-01",
                                              "2028-01-01", "(0~60)MPa", "0.05级"))
    last = records.create_standard(home, std("活塞式压力计标准装置", "12113300", "[2024]沪量标证字第0101号", "2024-01-01",
                                             "2028-01-01", "(0.1~6)MPa", "0.02级"))
    asked = [first, *range(last + 1, last + 70_001), last]  # 70,002 ids: more than 65,535 parameters
    with home.engine.connect() as conn:
        rows = stored_rows(conn, asked)
    assert list(rows) == sorted([first, last])
    assert [r[0]["range_text"] for r in rows[first]] == ["(0~60)MPa"]
    assert [r[0]["range_text"] for r in rows[last]] == ["(0.1~6)MPa"]
