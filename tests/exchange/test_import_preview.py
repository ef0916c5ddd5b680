"""What ``import --dry-run`` shows of a peer's changed record: the change as the record's
history will describe it (``services.changes``), not the bundle's columns.

A peer changes one standard's measurement range (the core derives ``range_min`` and
``range_max`` from it), its status (a choice) and one instrument's serial number, and sends
the bundle again: the preview names the fields by the form's labels, in the language asked
for, the range as written, the status by its label, the instrument item by item.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.domain.records import InstrumentInput
from labregistry.services import exchange, records
from tests.certificates.helpers import pressure_standard
from tests.exchange.sites import Site, make_site, ok

#: What the bundle's columns and the merge's shapes call things, which a lab manager never sees.
INTERNAL = ("range_min", "range_max", "range_text", "accuracy_k", "status", "instrument[", "serial_no",
            "valid", "suspended", "60000000", "{")


def changed_standard() -> object:
    """The peer's standard after its change: range, status and the first instrument's serial number."""
    inp = pressure_standard(range_text="(0～100) MPa", status="suspended")
    first, second = inp.instruments
    inp.instruments = [InstrumentInput(**{**first.__dict__, "serial_no": "811-2024-0007"}), second]
    return inp


def send_changed(peer: Site, own: Site, tmp_path: Path) -> Path:
    """``own`` imports ``peer``'s bundle with one standard, which ``peer`` then changes
    (:func:`changed_standard`): the second bundle, ``own`` has not seen."""
    sid = records.create(peer.reg, "standard", pressure_standard())
    own.trust(peer, tmp_path)
    exchange.import_bundle(own.reg, peer.export(tmp_path / "a1.xlsx"))
    assert records.update(peer.reg, "standard", sid, changed_standard())
    return peer.export(tmp_path / "a2.xlsx")


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[Site, Site, Path]]:
    """A peer (A) whose changed bundle the receiver (B), who has its first one, previews."""
    peer, own = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    try:
        yield peer, own, send_changed(peer, own, tmp_path)
    finally:
        peer.reg.close()
        own.reg.close()


def test_a_dry_run_describes_a_change_as_the_history_does(sites: tuple[Site, Site, Path]) -> None:
    _peer, own, bundle = sites
    zh = ok(own, "--lang", "zh", "import", str(bundle), "--dry-run")
    assert "测量范围：(0～60) MPa → (0～100) MPa" in zh, zh
    assert "状态：有效 → 暂停" in zh, zh
    assert "主标准器及配套设备第 1 项 · 出厂编号：811-2020-0031 → 811-2024-0007" in zh, zh
    en = ok(own, "--lang", "en", "import", str(bundle), "--dry-run")
    assert "measurement range: (0～60) MPa → (0～100) MPa" in en, en
    assert "instrument 1: serial number: 811-2020-0031 → 811-2024-0007" in en, en
    for word in INTERNAL:
        assert word not in zh, (word, zh)


def test_the_dry_runs_json_keeps_the_bundles_columns(sites: tuple[Site, Site, Path]) -> None:
    """``--json`` is for scripts (docs/CLI.md): the changed fields as the bundle's columns hold them."""
    _peer, own, bundle = sites
    (changed,) = json.loads(ok(own, "import", str(bundle), "--dry-run", "--json"))["changes"]["changed"]
    fields = {f["field"]: (f["before"], f["after"]) for f in changed["fields"]}
    assert fields["status"] == ("valid", "suspended")
    assert fields["range_text"] == ("(0～60) MPa", "(0～100) MPa") and "range_max" in fields
    assert fields["instrument[0].serial_no"] == ("811-2020-0031", "811-2024-0007")


def test_a_dry_run_lists_a_comparison_the_bundle_brings(tmp_path: Path) -> None:
    """A bundle with a comparison (format 4): the preview names it as one, in either language
    (it stopped with "internal error: 'comparison'" before)."""
    from labregistry.services import comparisons
    from tests.interlab.tables import write_table

    peer, own = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    try:
        own.trust(peer, tmp_path)
        comparisons.import_results_table(peer.reg, write_table(tmp_path / "t.xlsx"))
        bundle = peer.export(tmp_path / "a.xlsx")
        assert "  + 比对 CSJ-DCV-2026-01" in ok(own, "--lang", "zh", "import", str(bundle), "--dry-run")
        assert "  + comparison CSJ-DCV-2026-01" in ok(own, "--lang", "en", "import", str(bundle), "--dry-run")
    finally:
        peer.reg.close()
        own.reg.close()


def test_a_record_whose_converted_figures_alone_differ_says_so_in_the_preview_and_the_history(
        tmp_path: Path) -> None:
    """The receiver's copy holds an upper limit converted otherwise (stored under older rules):
    the peer's same standard again changes ``range_max`` alone. The dry run and, once merged,
    the record's history say what changed (they listed the record with nothing under it)."""
    from sqlalchemy import text

    peer, own = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    try:
        records.create(peer.reg, "standard", pressure_standard())
        own.trust(peer, tmp_path)
        exchange.import_bundle(own.reg, peer.export(tmp_path / "a1.xlsx"))
        with own.reg.engine.begin() as conn:
            conn.execute(text("UPDATE standard SET range_max = 60000"))
        bundle = peer.export(tmp_path / "a2.xlsx")
        zh = ok(own, "--lang", "zh", "import", str(bundle), "--dry-run")
        assert "换算值（上下限、单位）：0～60000 Pa → 0～60000000 Pa" in zh, zh
        assert exchange.import_bundle(own.reg, bundle).applied
        en = ok(own, "--lang", "en", "history", "standards", "[2023]沪量标证字第0123号")
        assert en.rstrip().endswith("converted figures (limits, unit): 0～60000 Pa → 0～60000000 Pa"), en
    finally:
        peer.reg.close()
        own.reg.close()
