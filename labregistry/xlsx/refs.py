"""Cell references: the one column-letter function every reader, writer and message uses.

Pure Python (no openpyxl import): the fast readers call it per cell they name, and a
message that names a column must spell it as the spreadsheet program shows it.
"""

from __future__ import annotations


def column_letter(index: int) -> str:
    """1 -> ``A``, 26 -> ``Z``, 27 -> ``AA`` (bijective base 26, as spreadsheets number columns)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


__all__ = ["column_letter"]
