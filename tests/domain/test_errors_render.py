"""Issues render whatever params they carry."""

import pytest

from labregistry import i18n
from labregistry.errors import Issue

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

i18n.register({"test.shows_value": {"zh": "值 {value} 不对", "en": "value {value} is wrong"}})


def test_an_issue_whose_params_carry_value_renders() -> None:
    """Regression (fuzz corpus ledger/error-values.xlsx): params with 'value' raised TypeError."""
    issue = Issue("test.shows_value", "range_text", "#N/A", {"value": "#N/A (Excel error)"})
    assert issue.message("en") == "value #N/A (Excel error) is wrong"
    assert "#N/A" in issue.render("zh")
