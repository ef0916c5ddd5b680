"""Fixtures for the exchange tests: LibreOffice as "a person who opens and saves", zip crafting
(they live with the .xlsx tests, tests/xlsx/conftest.py: a bundle is such a file too), and B.

``b`` is institute B, with no records of its own, trusting the ``a`` of the module that asks
for it: each module says what its A holds; one whose B differs defines its own ``b``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange.sites import Site, make_site
from tests.xlsx.conftest import LO_TIMEOUT, find_libreoffice, lo_convert, ziptools

__all__ = ["LO_TIMEOUT", "b", "find_libreoffice", "lo_convert", "ziptools"]


@pytest.fixture
def b(tmp_path: Path, a: Site) -> Site:
    site = make_site(tmp_path, "B")
    site.trust(a, tmp_path)
    return site
