"""Column references in a ledger mapping: letters or numbers, as a person types them."""

from __future__ import annotations

import pytest

from labregistry.errors import DomainError
from labregistry.ledger.layout import parse_column

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


@pytest.mark.parametrize(("text", "expected"), [("C", 3), ("aa", 27), ("3", 3), (" 16384 ", 16384)])
def test_letters_and_numbers(text: str, expected: int) -> None:
    assert parse_column(text) == expected


@pytest.mark.parametrize("text", ["²", "0", "16385", "A1", "", "三"])
def test_anything_else_is_a_clear_refusal(text: str) -> None:
    """'²'.isdigit() is true but int('²') raises ValueError: that was an internal error."""
    with pytest.raises(DomainError):
        parse_column(text)
