"""Fixtures for the exchange tests: LibreOffice as "a person who opens and saves", zip crafting.

They live with the .xlsx tests (tests/xlsx/conftest.py); a bundle is such a file too.
"""

from __future__ import annotations

from tests.xlsx.conftest import LO_TIMEOUT, find_libreoffice, lo_convert, ziptools

__all__ = ["LO_TIMEOUT", "find_libreoffice", "lo_convert", "ziptools"]
