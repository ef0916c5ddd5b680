"""Finding a CJK font: configured, system, fallback; and never a missing glyph in a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from labregistry.certificates import fonts
from tests.certificates.helpers import NO_CJK_FONT

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def test_a_system_cjk_truetype_font_is_found() -> None:
    candidates = fonts.system_candidates()
    if not candidates:
        pytest.fail(NO_CJK_FONT, pytrace=False)
    found = fonts.resolve_fonts(env="", search=candidates)
    assert found.embedded and found.source == "system" and found.path is not None
    assert all(found.covers(ch) for ch in fonts.PROBE + "计量标准精密压力表")


def test_configured_font_wins_and_a_collection_index_is_honoured() -> None:
    candidates = fonts.system_candidates()
    ttc = [c for c in candidates if c.path.suffix.lower() == ".ttc"]
    if not ttc:  # fonts-wqy-zenhei is a collection
        pytest.fail(NO_CJK_FONT, pytrace=False)
    path = ttc[0].path
    chosen = fonts.resolve_fonts(env=f"{path}#1", search=[])
    assert chosen.source == "env" and chosen.path == path and chosen.subfont_index == 1
    setting = fonts.resolve_fonts(str(path), env="", search=[])
    assert setting.source == "setting" and setting.subfont_index == 0


def test_builtin_on_request_and_when_nothing_is_found(tmp_path: Path) -> None:
    asked = fonts.resolve_fonts(env="builtin")
    assert not asked.embedded and asked.body == fonts.CID_FONT and asked.source == "env"
    nothing = fonts.resolve_fonts(env="", search=[])
    assert not nothing.embedded and nothing.source == "builtin"
    assert nothing.covers("㙟") and list(nothing.runs("计量")) == [(fonts.CID_FONT, "计量")]


def test_unusable_fonts_are_skipped_with_a_reason(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttf"
    cff = tmp_path / "NotoSansCJK-Regular.otf"
    cff.write_bytes(b"OTTO" + b"\0" * 200)  # a CFF-based OpenType font: reportlab cannot embed it
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    chosen = fonts.resolve_fonts(
        env=str(missing),
        search=[fonts.FontCandidate(cff), fonts.FontCandidate(junk)],
    )
    assert chosen.source == "builtin" and not chosen.embedded
    assert any("nowhere.ttf" in p for p in chosen.problems)
    assert any("NotoSansCJK" in p for p in chosen.problems)
    assert any("junk.ttf" in p for p in chosen.problems)


def test_a_latin_only_font_is_not_taken_for_chinese() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu Sans not installed")
    chosen = fonts.resolve_fonts(env=str(dejavu), search=[])
    assert chosen.source == "builtin"
    assert any("no glyph" in p for p in chosen.problems)


def test_characters_the_font_lacks_go_to_the_cid_font() -> None:
    base = fonts.resolve_fonts(env="", search=[])
    partial = fonts.FontSet(
        body="Helvetica",
        path=Path("x.ttf"),
        subfont_index=0,
        source="test",
        _covered=frozenset(map(ord, "ABC 12")),
    )
    assert list(partial.runs("AB 计量 C1")) == [
        ("Helvetica", "AB "),
        (fonts.CID_FONT, "计量"),
        ("Helvetica", " C1"),
    ]
    assert partial.markup("A<计>") == 'A<font face="STSong-Light">&lt;计&gt;</font>'
    assert base.markup("a&b") == "a&amp;b"


def test_spec_parsing() -> None:
    assert fonts.parse_spec("C:/Windows/Fonts/simsun.ttc#1", "env").index == 1
    assert fonts.parse_spec("/x/y.ttf", "env").index is None
    assert fonts.parse_spec("/x/a#b.ttf", "env").path == Path("/x/a#b.ttf")
