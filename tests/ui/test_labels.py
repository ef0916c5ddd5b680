"""How values read: a label and its value with the colon of the language."""

from __future__ import annotations

import pytest

from ui import labels

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def test_a_label_and_value_take_the_colon_of_their_language() -> None:
    assert labels.labelled("有效期至", "2026-12-31", "zh") == "有效期至：2026-12-31"
    assert labels.labelled("Valid until", "2026-12-31", "en") == "Valid until: 2026-12-31"
