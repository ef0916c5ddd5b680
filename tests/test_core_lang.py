"""Messages are rendered at the edges (issue 17; docs/architecture.md, "Messages and documents").

The core returns codes, values and places (``i18n.Message``, ``errors.DomainError``); the CLI
and the app render them in the user's language. So no function of the core takes the user's
``lang``, outside:

- the edges: ``cli.py``, ``cli_lang.py``, ``commands/``;
- the catalogue and the typed errors that render through it: ``i18n.py``, ``errors.py``;
- the methods of a message type (a class with a ``render(lang)``: an edge renders the value
  the core returned, whole or in parts, as ``LedgerIssue.message(lang)``), but not a method
  that renders other things (``to_json`` of a check holding such values).

A document whose language is its own property (a certificate, an exported report or table)
takes ``language: DocLanguage`` instead, in the modules of :data:`DOCUMENT_MODULES` only.

:data:`PENDING` listed what still took ``lang`` while the moves were made; it is empty now (the
last, the search's rows, carry names and notes the edges render: ``i18n.render_fields``). The
test fails on a new one, and on an entry that no longer does, so the list stays empty.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import labregistry

pytestmark = pytest.mark.engine_independent  # reads source files only

CORE = Path(labregistry.__file__).parent

EDGES = ("cli.py", "cli_lang.py", "commands/")
CATALOGUE = ("i18n.py", "errors.py")

DOCUMENT_MODULES: frozenset[str] = frozenset({
    "certificates/language.py",  # the certificate's languages: zh, en, zh+en
    "certificates/layout.py",
    "inventory/report.py",  # a search's exported report
    "ledger/report.py",  # the ledger's copy with its cells marked and commented
    "services/certificates.py",
    "services/inventory.py",  # export_report: that report, written for the CLI or the app
    "services/cmc_table.py",
    "services/ledger.py",  # the same report, written for an import or the wizard
    "services/list_report.py",
    "services/region_report.py",
})
"""Modules whose functions may take ``language: DocLanguage``, the language of the document
they write."""

DOCUMENT_LANGUAGES = ("DocLanguage", "CertificateLanguage")
"""The types of a document's language: ``i18n.DocLanguage`` (zh or en), and a certificate's,
which may also be both (``certificates.language.CertificateLanguage``: zh, en, zh+en)."""

PENDING: frozenset[tuple[str, str]] = frozenset()
"""(module, function) still taking the user's ``lang``."""


def _functions_with(param: str) -> dict[tuple[str, str], str | None]:
    """(module, qualified function) -> the annotation of its parameter ``param`` (or
    ``..._param``, as ``report_language``), over the
    core outside the edges and the catalogue, leaving out the methods of message types."""
    found: dict[tuple[str, str], str | None] = {}
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        if "migrations/" in rel or rel.startswith(EDGES) or rel in CATALOGUE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        defs = _defs(tree)
        message_types = {owner for owner, node in defs
                         if owner and node.name == "render" and "lang" in _params(node)}
        for owner, node in defs:
            if owner in message_types:
                continue
            for arg in _params(node).values():
                if arg.arg == param or arg.arg.endswith("_" + param):
                    annotation = ast.unparse(arg.annotation) if arg.annotation else None
                    found[(rel, f"{owner}{node.name}")] = annotation
    return found


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.arg]:
    args = node.args
    return {arg.arg: arg for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]}


def _defs(tree: ast.AST, owner: str = "") -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    out: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append((owner, node))
            out.extend(_defs(node, f"{owner}{node.name}."))
        elif isinstance(node, ast.ClassDef):
            out.extend(_defs(node, f"{owner}{node.name}."))
    return out


def test_no_core_function_takes_the_users_lang() -> None:
    taking = set(_functions_with("lang"))
    new = sorted(taking - PENDING)
    assert not new, (
        "core functions taking the user's `lang`: return an i18n.Message (or raise a DomainError) "
        f"and let the edge render it, or, for a document, take `language: DocLanguage`: {new}"
    )
    gone = sorted(PENDING - taking)
    assert not gone, f"no longer taking `lang`: remove them from PENDING: {gone}"


def test_a_documents_language_is_a_doclanguage_of_a_document_module() -> None:
    for (module, function), annotation in _functions_with("language").items():
        assert module in DOCUMENT_MODULES, (
            f"{module}:{function} takes `language`, which names a document's language: "
            "add the module to DOCUMENT_MODULES, or take no language (messages are the edges')"
        )
        assert annotation is not None and annotation.split(" |")[0].endswith(DOCUMENT_LANGUAGES), (
            f"{module}:{function}: a document's `language` is an i18n.DocLanguage (a certificate's a "
            f"CertificateLanguage), not {annotation}"
        )


def test_the_scan_sees_a_lang_parameter() -> None:
    """The scan itself: a method's and a nested function's `lang` are found."""
    tree = ast.parse("class A:\n    def f(self, lang=None):\n        def g(*, lang): ...\n")
    found = [(f"{owner}{node.name}", "lang" in _params(node)) for owner, node in _defs(tree)]
    assert found == [("A.f", True), ("A.f.g", True)]
