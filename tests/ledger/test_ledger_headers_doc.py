"""docs/ledger-headers.md lists every header synonym of the field registry, each with a known source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labregistry.ledger.fields import KINDS

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

DOC = Path(__file__).resolve().parents[2] / "docs" / "ledger-headers.md"
_ROW = re.compile(r"^\| `(?P<field>[^`]+)` \| [^|]+(?:\|[^|`]+)*\| `(?P<synonym>[^`]+)` \| (?P<source>[^|]+) \|$")
_SECTION = re.compile(r"^## .*\((?P<kind>\w+)\)$")
_TAG = re.compile(r"^\| (?P<tag>\w+) \| ")


def _documented() -> tuple[dict[str, set[tuple[str, str]]], dict[tuple[str, str, str], str], set[str]]:
    by_kind: dict[str, set[tuple[str, str]]] = {}
    sources: dict[tuple[str, str, str], str] = {}
    tags: set[str] = set()
    kind = None
    in_sources = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            m = _SECTION.match(line)
            kind = m["kind"] if m else None
            in_sources = line == "## Sources"
            continue
        if in_sources and (t := _TAG.match(line)) and t["tag"] != "tag":
            tags.add(t["tag"])
        if kind and (m := _ROW.match(line)):
            by_kind.setdefault(kind, set()).add((m["field"], m["synonym"]))
            sources[(kind, m["field"], m["synonym"])] = m["source"].strip()
    return by_kind, sources, tags


def test_the_doc_lists_exactly_the_registrys_synonyms() -> None:
    documented, _sources, _tags = _documented()
    for name, spec in KINDS.items():
        registry = {(f.key, s) for f in spec.fields for s in f.synonyms}
        assert documented.get(name, set()) == registry, (
            f"{name}: in the registry only: {sorted(registry - documented.get(name, set()))}; "
            f"in the doc only: {sorted(documented.get(name, set()) - registry)}")


def test_every_synonym_has_a_source_named_in_the_legend() -> None:
    _documented_, sources, tags = _documented()
    assert {"J", "R", "A", "I", "L", "E", "en"} <= tags
    unknown = {key: src for key, src in sources.items() if not set(src.split(", ")) <= tags}
    assert not unknown
