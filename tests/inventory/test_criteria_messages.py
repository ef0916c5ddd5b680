"""A refused search names the input in words that fit the app's form; the CLI adds its option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.inventory.criteria import build_criteria
from tests.conftest import run_cli

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

REFUSALS = [
    ({"quantity": "压力", "low": "abc"}, "所需测量范围的下限", "the lower limit of the required range"),
    ({"quantity": "压力", "high": "x1"}, "所需测量范围的上限", "the upper limit of the required range"),
    ({"low": 1}, "所需测量范围", "the required range"),
    ({"quantity": "压力", "max_uncertainty": "0.05"}, "不确定度上限", "the maximum uncertainty"),
    ({"kind": "authorisations", "max_uncertainty": "0.1%"}, "不确定度上限", "the maximum uncertainty"),
    ({"kind": "authorisations", "code": "12"}, "计量标准代码", "the standard code"),
]


def refusal(kw: dict[str, Any]) -> DomainError:
    with pytest.raises(DomainError) as err:
        build_criteria(**kw)
    return err.value


@pytest.mark.parametrize(("kw", "zh", "en"), REFUSALS)
def test_the_message_names_the_input_in_words_without_options(kw: dict[str, Any], zh: str, en: str) -> None:
    exc = refusal(kw)
    assert zh in exc.render("zh") and en in exc.render("en")
    for lang in ("zh", "en"):
        assert "--" not in exc.render(lang) and "{" not in exc.render(lang)


def test_the_messages_read_as_sentences_in_both_languages() -> None:
    assert refusal({"low": 1}).render("zh") == "给出了所需测量范围，但未给出量或单位"
    assert refusal({"low": 1}).render("en") == "the required range needs a quantity or a unit"
    assert refusal({"kind": "authorisations", "max_uncertainty": "0.1%"}).render("en") == \
        "the maximum uncertainty does not apply to a search of authorised items"


@pytest.mark.parametrize(("args", "expected"), [
    (["search", "--quantity", "压力", "--min", "abc"], "error: 所需测量范围的下限（--min）应为数值，实际为“abc”"),
    (["--lang", "en", "search", "--min", "3"],
     "error: the required range (--min/--max) needs a quantity or a unit (--quantity/--unit)"),
    (["--lang", "en", "search", "--kind", "authorisations", "--max-uncertainty", "0.1%"],
     "error: the maximum uncertainty (--max-uncertainty) does not apply to a search of authorised items"),
])
def test_the_command_line_adds_its_options(tmp_path: Path, args: list[str], expected: str) -> None:
    result = run_cli("--home", str(tmp_path / "home"), *args)
    assert result.code == 1 and result.err.strip() == expected


def test_an_unknown_quantity_names_the_ones_it_may_have_meant(tmp_path: Path) -> None:
    """湿度 (what a lab calls a hygrometer's quantity) is 相对湿度 here: the refusal listed the first
    twelve quantities only (length ... amount ...), so the one meant was never named."""
    home = tmp_path / "home"  # refused before any database is opened, as the other criteria are
    refused = run_cli("--home", str(home), "search", "--quantity", "湿度")
    assert refused.code == 1 and "humidity/相对湿度" in refused.err, refused.err
    assert "length/长度" not in refused.err  # the near ones only
    several = run_cli("--home", str(home), "search", "--quantity", "浓度").err
    assert "mass_concentration/质量浓度" in several and "amount_concentration/物质的量浓度" in several
    unlike = run_cli("--home", str(home), "search", "--quantity", "压强xx").err
    assert "humidity/相对湿度" in unlike and "pressure/压力" in unlike and "..." not in unlike  # all of them
