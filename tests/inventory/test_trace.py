"""Traceability chains across the hand-made region: complete, and broken where they break."""

from __future__ import annotations

from typing import Any

from labregistry.services import inventory
from tests.inventory.region import ON, USCC, Region


def statuses(chain: dict[str, Any]) -> list[str]:
    return [link["status"] for link in chain["links"]]


def test_a_complete_chain_across_two_institutes_to_the_national_root(region: Region) -> None:
    # A1's pressure calibrator -> 江苏 (B): B2 covers (0~60) MPa (B1 starts at 0.1 MPa) -> NIM
    data = inventory.trace(region.home, "[2022]沪量标证字第0001号", valid_on=ON)
    assert data["status"] == "complete" and data["breaks"] == []
    [chain] = data["chains"]
    assert chain["status"] == "complete"
    assert [(s["certificate_no"], s["institute_uscc"], s["match"], s["status"]) for s in chain["links"]] == [
        ("[2022]沪量标证字第0001号", USCC["A"], "covers", "ok"),
        ("[2023]苏量标证字第0102号", USCC["B"], None, "root"),
    ]
    upstream = data["tree"]["links"][0]["upstream"]
    assert upstream["standard"]["certificate_no"] == "[2023]苏量标证字第0102号"
    # after the calibration of A1's instrument is due (2025-12-31), the first link breaks
    later = inventory.trace(region.home, "[2022]沪量标证字第0001号", valid_on="2026-01-05")
    assert later["status"] == "broken"
    assert [(b["depth"], b["reason"]) for b in later["breaks"]] == [(0, "expired_certificate")]


def test_expired_certificate_and_missing_link(region: Region) -> None:
    a2 = inventory.trace(region.home, "[2021]沪量标证字第0002号", valid_on=ON)
    [chain] = a2["chains"]
    assert statuses(chain) == ["expired_certificate"]  # traced to NIM, but due 2025-01-01
    assert a2["tree"]["links"][0]["root"] is True
    a4 = inventory.trace(region.home, "[2024]沪量标证字第0004号", valid_on=ON)
    assert [c["reason"] for c in a4["chains"]] == ["missing_link"]
    assert a4["breaks"][0]["at"]["instrument"] == "压力控制器"


def test_a_chain_broken_one_level_up_by_an_unknown_institute_and_a_cycle(region: Region) -> None:
    # D1 (安徽) -> its thermometer was calibrated by A (上海): A3 covers (0~419.527) ℃.
    # A3's two instruments: one to a company outside the region (unknown institute), one back to D:
    # D1 is already on the path (cycle).
    data = inventory.trace(region.home, "[2024]皖量标证字第0301号", valid_on=ON)
    assert data["status"] == "broken"
    got = sorted((c["breaks_at"], c["reason"]) for c in data["chains"])
    assert got == [(1, "cycle"), (1, "unknown_institute")]
    first = data["chains"][0]["links"][0]
    assert (first["certificate_no"], first["status"], first["match"]) == ("[2024]皖量标证字第0301号", "ok", "covers")
    unknown = next(c for c in data["chains"] if c["reason"] == "unknown_institute")
    assert unknown["links"][1]["traced_to_name"] == "某某计量校准有限公司"
    assert unknown["links"][1]["certificate_no"] == "[2023]沪量标证字第0003号"


def test_depth_limit_and_extra_roots(region: Region) -> None:
    capped = inventory.trace(region.home, "[2024]皖量标证字第0301号", valid_on=ON, max_depth=0)
    assert [c["reason"] for c in capped["chains"]] == ["depth_limit"]
    # accepting the unknown company as a root closes that chain
    rooted = inventory.trace(region.home, "[2023]沪量标证字第0003号", valid_on=ON, roots=["某某计量校准有限公司"])
    assert sorted(c["status"] for c in rooted["chains"]) == ["broken", "complete"]


def test_a_main_instrument_past_due_breaks_the_chain_and_marks_the_standard(region: Region) -> None:
    # B2's main instrument was due 2026-03-31; its certificate runs to 2026-12-31
    data = inventory.trace(region.home, "[2023]苏量标证字第0102号", valid_on="2026-05-01")
    assert data["status"] == "broken"
    assert [(b["depth"], b["reason"]) for b in data["breaks"]] == [(0, "expired_certificate")]
    assert data["standard"]["valid"] is True and data["standard"]["needs_recalibration"] is True
    assert data["standard"]["usable"] is False
