"""What the commands print for people (not ``--json``): no Python reprs, and in Chinese no
English status words (issue 21: ``export`` printed a dict, ``list`` printed ``valid``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from labregistry.services import exchange, listing
from tests.conftest import run_cli
from tests.exchange.sites import Site, make_site

REPR = re.compile(r"\{'|\{\"|\['|\[\"|\[\]|\[\{|\[\d+, |\bNone\b|\bTrue\b|\bFalse\b|\bdatetime\.|\bDecimal\(")
"""A dict, a list, None/True/False, a date or number object as Python writes them."""
ENGLISH_STATUS = re.compile(
    r"\b(valid|invalid|suspended|revoked|expired|overdue|due|in date|main|ancillary|internal|public|department|"
    r"enterprise|registered_[12]|verifier|item_cert|needs_recalibration|created|changed|deleted|imported|refused|"
    r"unchanged|trusted|rotated|endorsed|ok|error|warning|none|yes|no)\b", re.IGNORECASE)
"""Words a status, a kind or a stored key would show in when left in English."""


@dataclass
class Two:
    a: Site
    b: Site
    tmp: Path
    bundle: Path


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Two]:
    tmp = tmp_path_factory.mktemp("plain")
    a, b = make_site(tmp, "A", standards=6, seed=4), make_site(tmp, "B", standards=3, seed=5)
    a.trust(b, tmp)
    exchange.import_bundle(a.reg, b.export(tmp / "first.xlsx"))
    bundle = b.export(tmp / "second.xlsx")
    yield Two(a, b, tmp, bundle)
    a.reg.close()
    b.reg.close()


def commands(two: Two, out: Path) -> list[list[str]]:
    own = listing.list_records(two.a.reg, listing.RecordQuery(kind="standards", own_only=True))
    ref = str(own[0]["certificate_no"])
    return [
        ["stats"],
        ["list", "standards", "--expiring-within", "100000"], ["list", "authorisations"], ["list", "staff"],
        ["list", "instruments", "--due-within", "100000"], ["list", "standards", "--region"],
        ["history", "standards", ref], ["keys", "show"], ["keys", "export-public", str(out / "a.card")],
        ["trust", "list"], ["export", str(out / "a.xlsx")], ["verify", str(two.bundle)],
        ["import", "--dry-run", str(two.bundle)], ["export-received", str(out / "received")],
        ["search"], ["search", "--kind", "staff"], ["search", "--kind", "authorisations"], ["region"],
        ["coverage"], ["trace", ref], ["recognition", ref], ["search-index"], ["cmc-table", str(out / "cmc.xlsx")],
        ["check"], ["db", "status"],
        ["template", str(out / "t.xlsx"), "--kind", "staff"],
        ["certificate", "--standard", ref, "-o", str(out / "c.pdf")], ["verify-certificate", str(out / "c.pdf")],
        *([["backup", str(out / "backup.db")]] if two.a.reg.home.db_url.startswith("sqlite") else []),  # a server: pg_dump
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_command_prints_a_python_repr_or_an_english_status_word_in_chinese(
    two: Two, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    seen = []
    for argv in commands(two, out):
        result = run_cli("--home", str(two.a.home), "--lang", lang, *argv)
        assert result.code == 0, (argv, result.err)
        text = (result.out + result.err).replace(str(out), "OUT").replace(str(two.tmp), "TMP")  # not output
        for line in text.splitlines():
            if REPR.search(line):
                seen.append(f"{' '.join(argv)}: repr: {line}")
            if lang == "zh" and ENGLISH_STATUS.search(line):
                seen.append(f"{' '.join(argv)}: English: {line}")
    assert not seen, "\n".join(seen)


def test_every_sheet_of_a_bundle_has_its_count_in_words() -> None:
    """The capability rows of format 3 were counted as 'capability 2' in a Chinese summary."""
    from labregistry import i18n
    from labregistry.commands.exchange_cmds import counts_text
    from labregistry.exchange import schema

    kinds = {s.kind: 2 for s in schema.SHEETS}
    assert [k for k in kinds if not i18n.known(f"export.counts.{k}")] == []
    zh = counts_text(kinds, "zh")
    assert "测量能力 2" in zh and not any("a" <= ch.lower() <= "z" for ch in zh), zh


def test_export_says_its_counts_in_words(two: Two, tmp_path: Path) -> None:
    zh = run_cli("--home", str(two.a.home), "export", str(tmp_path / "a.xlsx"))
    assert zh.code == 0 and "记录 机构 1，计量标准 6，仪器设备 " in zh.out, zh.out
    en = run_cli("--home", str(two.a.home), "--lang", "en", "export", str(tmp_path / "b.xlsx"))
    assert en.code == 0 and "records 1 institute(s), 6 standard(s), " in en.out, en.out
