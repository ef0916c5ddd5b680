"""Bundles of earlier format versions still verify and import (docs/bundle-format.md, *Versions*).

The files in ``tests/exchange/data/bundle-v2`` and ``bundle-v3`` were written by the programs of
format versions 2 and 3 (their READMEs say how): a receiver of any later version must take them
as they were taken then (version 2: each standard with the one capability row its own range and
accuracy make; version 3: with the rows it carries; neither with comparisons).
A bundle of a later version (:mod:`tests.exchange.future`) is refused as written by a newer
LabRegistry, before the sheet or key it added is looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labregistry.exchange import bundle, merge
from labregistry.services import exchange

from tests.exchange.future import future_bundle
from tests.exchange.sites import Site, cli, db_state, make_site, one_error, reason, receiver_of

V2 = Path(__file__).parent / "data" / "bundle-v2"
V2_FINGERPRINT = "43845 83210 26874 56501 06530 05562 52802 45450"
V2_KEY = "b24d30aa58604ca9"
A_USCC = "12310000425011296P"
V3 = Path(__file__).parent / "data" / "bundle-v3"
V3_FINGERPRINT = "72619 41458 24777 40447 39550 64682 31012 18654"
V4 = Path(__file__).parent / "data" / "bundle-v4"
V4_FINGERPRINT = "19424 85014 48339 60745 21001 01848 14580 58624"


@pytest.fixture
def receiver(tmp_path: Path) -> Site:
    return receiver_of(tmp_path, V2 / "A.card", V2_FINGERPRINT)


def verified(site: Site, path: str, version: int) -> dict[str, Any]:
    """``verify --json`` of a bundle written by an earlier version: valid, of that format version."""
    result = cli(site, "verify", path, "--json")
    assert result.code == 0, result.err
    data: dict[str, Any] = result.json()
    assert data["valid"] and data["format_version"] == version
    return data


def test_a_version_2_bundle_verifies_and_imports_with_one_row_per_standard(receiver: Site) -> None:
    bundle = str(V2 / "A-v2-seq1.xlsx")
    data = verified(receiver, bundle, 2)
    assert data["statements_signed"] is True
    assert data["key_id"] == V2_KEY
    assert (data["counts"]["standard"], data["counts"]["authorisation"], data["counts"]["staff"]) == (3, 1, 2)

    imported = cli(receiver, "import", bundle, "--yes")
    assert imported.code == 0, imported.err
    standards = cli(receiver, "list", "standards", "--institute", A_USCC, "--json").json()
    assert len(standards) == 3
    # version 2 carries no capability rows: each standard gets the one its own range and accuracy make
    for s in standards:
        assert [(c["parameter"], c["range_text"], c["accuracy"]) for c in s["capabilities"]] == [
            (None, s["range_text"], s["accuracy_text"])], s["certificate_no"]
    two_rows_at_a = next(s for s in standards if s["certificate_no"] == "[2024]沪量标证字第0900号")
    [row] = two_rows_at_a["capabilities"]
    assert (row["range_min"], row["range_max"], row["unit"], row["accuracy"]) == (0.0, 1000.0, "V", "U=0.002%,k=2")
    stats = cli(receiver, "stats", "--json").json()["region"]
    assert (stats["standards"], stats["authorisations"], stats["staff"]) == (3, 1, 2)


def test_a_version_3_bundle_verifies_and_imports_with_its_capability_rows(tmp_path: Path) -> None:
    site = receiver_of(tmp_path, V3 / "A.card", V3_FINGERPRINT)
    path = str(V3 / "A-v3-seq1.xlsx")
    data = verified(site, path, 3)
    assert (data["counts"]["standard"], data["counts"]["authorisation"], data["counts"]["staff"]) == (3, 1, 2)
    assert cli(site, "import", path, "--yes").code == 0
    standards = cli(site, "list", "standards", "--institute", A_USCC, "--json").json()
    two_rows = next(s for s in standards if s["certificate_no"] == "[2024]沪量标证字第0900号")
    assert [c["parameter"] for c in two_rows["capabilities"]] == ["直流电压", "交流电压 1kHz"]


def test_a_version_4_bundle_verifies_and_imports_with_its_comparison(tmp_path: Path) -> None:
    """Format 4 has no outside pilot's name or code: its comparisons are the issuer's own, piloted by
    the issuer, with every result judged again by the receiver."""
    site = receiver_of(tmp_path, V4 / "A.card", V4_FINGERPRINT)
    path = str(V4 / "A-v4-seq1.xlsx")
    data = verified(site, path, 4)
    assert (data["counts"]["standard"], data["counts"]["comparison"], data["counts"]["comparison_result"]) == (3, 1, 5)
    assert cli(site, "import", path, "--yes").code == 0
    [comparison] = cli(site, "comparisons", "list", "--json").json()
    assert (comparison["scheme_no"], comparison["pilot_uscc"], comparison["pilot_name"]) == (
        "CSJ-DCV-2026-01", A_USCC, "上海市计量测试技术研究院")
    assert [(p["lab_code"], p["en"], p["verdict"]) for p in comparison["participants"]] == [
        ("Lab 1", 0, "satisfactory"), ("Lab 2", 0.19, "satisfactory"), ("Lab 3", -0.32, "satisfactory"),
        ("Lab 4", -0.37, "satisfactory"), ("Lab 6", 0.56, "satisfactory")]
    standards = cli(site, "list", "standards", "--institute", A_USCC, "--json").json()
    at_a = next(s for s in standards if s["certificate_no"] == "[2024]沪量标证字第0900号")
    assert [(c["scheme_no"], c["verdict"]) for c in at_a["comparisons"]] == [("CSJ-DCV-2026-01", "satisfactory")]


def test_a_version_2_bundle_compared_again_is_no_change(receiver: Site) -> None:
    """The rows a version-2 bundle's standards are given are those stored from it: comparing it
    with the registry again finds nothing changed (a later bundle of the same records would
    not show every standard as changed)."""
    path = V2 / "A-v2-seq1.xlsx"
    assert exchange.import_bundle(receiver.reg, path).applied
    parsed = bundle.read_bundle(str(path))
    with receiver.reg.uow() as uow:
        institute = uow.institutes.by_uscc(A_USCC)
        assert institute is not None and institute.id is not None
        current = merge.current_records(uow.session.connection(), institute.id)
    assert merge.plan_rows(parsed.merge_rows(), current).counts() == {"added": 0, "changed": 0, "withdrawn": 0}
    assert sum(len(r["children"]["capability"]) for r in current["standard"].values()) == 3


# ---------------------------------------------------------------- a bundle of a newer format


@pytest.fixture
def sender_and_receiver(tmp_path: Path) -> tuple[Site, Site]:
    a = make_site(tmp_path, "A", standards=2, seed=3)
    b = make_site(tmp_path, "B")
    b.trust(a, tmp_path)
    return a, b


def test_a_bundle_of_a_newer_format_is_refused_as_such_before_its_sheets(
    sender_and_receiver: tuple[Site, Site], tmp_path: Path
) -> None:
    """A version-6 bundle with a sheet and a manifest key this program does not know: the
    user is told it comes from a newer LabRegistry and to upgrade, not that a sheet is
    unknown; verify and import exit 1 with that one line; nothing is imported."""
    a, b = sender_and_receiver
    v5 = a.export(tmp_path / "a-v5.xlsx")
    v6 = future_bundle(a, v5, tmp_path / "a-v6.xlsx", version=6)
    before = db_state(b.reg)

    verified = cli(b, "--lang", "en", "verify", str(v6), "--json")
    assert verified.code == 1, verified.err
    data = verified.json()
    assert data["valid"] is False and data["reason_code"] == "bundle.unsupported_version"
    line = one_error(verified)
    assert "a-v6.xlsx" in line and "6" in line and "1, 2, 3, 4, 5" in line
    assert "newer LabRegistry" in line and "upgrade" in line, line

    imported = cli(b, "--lang", "zh", "import", str(v6), "--yes")
    line = one_error(imported)
    assert "a-v6.xlsx" in line and "更新版本的 LabRegistry" in line and "1、2、3、4、5" in line and "升级" in line, line
    assert "互认" not in line  # not the unknown sheet
    assert db_state(b.reg) == before


def test_an_unknown_sheet_in_a_bundle_of_a_known_format_is_still_an_unknown_sheet(
    sender_and_receiver: tuple[Site, Site], tmp_path: Path
) -> None:
    a, b = sender_and_receiver
    v4 = a.export(tmp_path / "a-v4.xlsx")
    odd = future_bundle(a, v4, tmp_path / "a-v3-odd.xlsx", version=3)
    before = db_state(b.reg)
    for command in (("verify", str(odd)), ("import", str(odd), "--yes")):
        line = one_error(cli(b, "--lang", "en", *command))
        assert "互认 Recognitions" in line and "a-v3-odd.xlsx" in line and "newer" not in line, line
    assert exchange.verify_bundle(b.reg, odd).reason_code == "bundle.unknown_sheet"
    assert db_state(b.reg) == before


@pytest.mark.parametrize(("version", "layout"), [(4, 5), (5, 4)])
def test_a_comparisons_sheet_with_the_columns_of_another_version_is_refused_at_its_header(
        sender_and_receiver: tuple[Site, Site], tmp_path: Path, version: int, layout: int) -> None:
    """Format 5 added two columns to the comparisons sheet: a genuine, signed bundle whose manifest
    says one version and whose sheet has the other's columns is refused at the sheet's header,
    naming it; a version-5 bundle with the version-5 columns verifies (the same site, the same key)."""
    from tests.exchange.future import bundle_as

    a, b = sender_and_receiver
    current = a.export(tmp_path / "a.xlsx")
    assert exchange.verify_bundle(b.reg, bundle_as(a, current, tmp_path / "same.xlsx", version=5, layout=5)).valid
    odd = bundle_as(a, current, tmp_path / f"v{version}-as-{layout}.xlsx", version=version, layout=layout)
    before = db_state(b.reg)
    check = exchange.verify_bundle(b.reg, odd)
    assert not check.valid and check.reason_code == "bundle.bad_header", check.reason
    assert "比对 Comparisons" in reason(check, "en"), check.reason
    assert cli(b, "import", str(odd), "--yes").code == 1
    assert db_state(b.reg) == before
