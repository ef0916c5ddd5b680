"""The instrument rule as pure functions: in force, usable, state, and the certificate's refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from labregistry.domain import usability as u

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

DAY = dt.date(2026, 6, 1)


def test_in_force_needs_valid_status_and_dates() -> None:
    assert u.in_force("valid", "2024-01-01", "2026-06-01", DAY)  # the last day still counts
    assert not u.in_force("valid", "2024-01-01", "2026-05-31", DAY)
    assert not u.in_force("valid", "2026-06-02", "2030-01-01", DAY)  # not issued yet
    assert u.in_force("valid", None, "2030-01-01", DAY)
    assert not u.in_force("suspended", None, "2030-01-01", DAY)
    assert not u.in_force("valid", None, None, DAY)


def test_a_main_instrument_past_due_makes_the_standard_unusable() -> None:
    assert u.usable("valid", None, "2030-01-01", "2026-06-01", DAY)  # due today: still calibrated
    assert not u.usable("valid", None, "2030-01-01", "2026-05-31", DAY)
    assert u.usable("valid", None, "2030-01-01", None, DAY)  # no due date recorded: not judged here
    assert u.state("valid", "2030-01-01", "2026-05-31", DAY) == u.NEEDS_RECALIBRATION
    assert u.state("valid", "2030-01-01", "2026-06-30", DAY) == "valid"
    assert u.state("valid", "2026-01-01", "2026-05-31", DAY) == "expired"  # ended comes first
    assert u.state("suspended", "2030-01-01", "2026-05-31", DAY) == "suspended"
    row = {"status": "valid", "issued_on": dt.date(2024, 1, 1), "valid_until": dt.date(2030, 1, 1),
           "main_calibration_due": dt.date(2026, 5, 1)}
    assert u.row_state(row, DAY) == u.NEEDS_RECALIBRATION and not u.row_usable(row, DAY)
    assert u.state_label(u.NEEDS_RECALIBRATION).render("zh") == "需重新送检"


def due(role: str, name: str, when: str | None) -> u.InstrumentDue:
    return u.InstrumentDue(role, name, "SN-1", dt.date.fromisoformat(when) if when else None)


def test_certificate_refusals_in_order_and_ancillary_warnings() -> None:
    late_main = [due("main", "活塞式压力计", "2026-05-01"), due("main", "标准压力表", "2026-04-01")]
    refusal = u.certificate_refusal("[2024]沪量标证字第0001号", 0, late_main, DAY)
    assert refusal is not None and refusal.code == "standard.needs_recalibration"
    assert "标准压力表" in refusal.render("zh") and "2026-04-01" in refusal.render("zh")  # the earliest first
    no_main = u.certificate_refusal("X", 2, [due("ancillary", "温湿度计", "2027-01-01")], DAY)
    assert no_main is not None and no_main.code == "standard.no_main_instrument"
    assert "the 'Main instruments and ancillary equipment' tab" in no_main.render("en")  # where to add one
    no_service = u.certificate_refusal("X", 0, [due("main", "压力计", "2027-01-01")], DAY)
    assert no_service is not None and no_service.code == "standard.no_services"
    fine = [due("main", "压力计", "2027-01-01"), due("ancillary", "压力泵", "2026-05-20")]
    assert u.certificate_refusal("X", 1, fine, DAY) is None
    [warning] = (w.render("zh") for w in u.certificate_warnings("X", fine, DAY))
    assert "压力泵" in warning and "2026-05-20" in warning
