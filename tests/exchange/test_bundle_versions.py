"""Bundles of earlier format versions still verify and import (docs/bundle-format.md, *Versions*).

The files in ``tests/exchange/data/bundle-v2`` were written by the program of format version
2 (their README says how): a receiver of any later version must take them as they were
taken then, each standard with the one capability row its own range and accuracy make.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from labregistry.exchange import bundle, merge
from labregistry.services import exchange

from tests.exchange.sites import Site, cli, receiver_of

V2 = Path(__file__).parent / "data" / "bundle-v2"
V2_FINGERPRINT = "43845 83210 26874 56501 06530 05562 52802 45450"
V2_KEY = "b24d30aa58604ca9"
A_USCC = "12310000425011296P"


@pytest.fixture
def receiver(tmp_path: Path) -> Site:
    return receiver_of(tmp_path, V2 / "A.card", V2_FINGERPRINT)


def test_a_version_2_bundle_verifies_and_imports_with_one_row_per_standard(receiver: Site) -> None:
    bundle = str(V2 / "A-v2-seq1.xlsx")
    verified = cli(receiver, "verify", bundle, "--json")
    assert verified.code == 0, verified.err
    data = verified.json()
    assert data["valid"] and data["format_version"] == 2 and data["statements_signed"] is True
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
