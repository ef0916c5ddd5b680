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
RAISED = re.compile(r"""(?:DomainError|Issue|FormatError|fault)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


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
