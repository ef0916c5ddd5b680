"""Every message code the core can raise renders in Chinese and English, whatever was imported."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from labregistry import i18n
from tests.conftest import run_cli
from tests.test_core_has_no_qt import all_core_modules

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

ROOT = Path(__file__).resolve().parents[1] / "labregistry"
RAISED = re.compile(
    r"""(?:DomainError|Issue|FormatError|fault|Message\.of|Message)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']"""
)  # raised, or returned for the edges to render (i18n.Message)


def raised_codes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in ROOT.rglob("*.py"):
        for code in RAISED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(str(path.relative_to(ROOT.parent)))
    return found


def test_every_raised_code_is_in_the_catalogue() -> None:
    for name in all_core_modules():
        importlib.import_module(name)
    codes = raised_codes()
    assert len(codes) > 50
    missing = {code: where for code, where in codes.items() if not i18n.known(code)}
    assert missing == {}


def test_an_error_from_a_lazily_imported_service_is_rendered_not_shown_as_a_code(tmp_path: Path) -> None:
    """Regression: ``certificate`` in a home without an institute printed 'record.no_own_institute'."""
    result = run_cli("--home", str(tmp_path / "empty"), "certificate", "--standard", "1", "-o",
                     str(tmp_path / "x.pdf"))
    assert result.code == 1
    assert "record.no_own_institute" not in result.err
    assert "init" in result.err


def test_a_returned_message_renders_at_the_edge_in_the_language_asked_for() -> None:
    """What the core returns instead of text (issue 17): a Message renders in the edge's
    language, and so do a Message and a Label given as its parameters (never the language of
    the moment they were made)."""
    kind = i18n.Label("区域计量技术委员会", "regional metrology technical committee")
    message = i18n.Message.of("designation.not_found", uscc="U", kind=kind, name="长三角\n委员会")
    assert message.render("zh") == "U 没有这项认定：区域计量技术委员会“长三角\\n委员会”"  # text escaped
    assert message.render("en") == "U has no such designation: regional metrology technical committee '长三角\\n委员会'"
    nested = i18n.Message.of("check.failed", detail=i18n.Message.of("check.schema_old", current="0012", head="0014"))
    assert nested.render("en") == "database check failed: schema revision 0012 is not the newest 0014"


def test_render_all_renders_every_message_in_rows_and_leaves_the_rest() -> None:
    rows = [{"n": 1, "on": None, "ok": True, "why": i18n.Message.of("catalogue.status.withdrawn"),
             "marks": (i18n.Label("废止", "withdrawn"), "as is")}]
    assert i18n.render_all(rows, "en") == [{"n": 1, "on": None, "ok": True, "why": "withdrawn",
                                            "marks": ("withdrawn", "as is")}]
    assert i18n.render_all(rows, "zh")[0]["why"] == "废止"
    assert i18n.rendered("as is", "zh") == "as is"


def test_render_fields_renders_the_named_fields_of_rows_in_place() -> None:
    """What a search's edge does with its rows (issue 17): their names and notes rendered, a
    shared note once, anything else left as it is."""
    renders: list[str | None] = []

    class Note:
        def render(self, lang: str | None = None) -> str:
            renders.append(lang)
            return "basis" if lang == "en" else "依据"

    note = Note()
    rows = [{"name": i18n.Label("压力", "pressure"), "note": note, "same": note, "other": i18n.Label("甲", "A"),
             "text": "as is", "none": None}, {"name": None, "note": "already text"}]
    i18n.render_fields(rows, ("name", "note", "same", "text", "none", "missing"), "en")
    assert rows == [{"name": "pressure", "note": "basis", "same": "basis", "other": i18n.Label("甲", "A"),
                     "text": "as is", "none": None}, {"name": None, "note": "already text"}]
    assert renders == ["en"]  # the note shared by two fields: rendered once
