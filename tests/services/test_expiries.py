"""Certificates ending per month (the overview's chart), against counts made here from the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from labregistry.demo import populate_demo
from labregistry.registry import Registry
from labregistry.services import expiries
from labregistry.storage.models import Authorisation, Credential, Institute, Staff, Standard
from tests.services.registries import set_up, zhejiang

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def reg(tmp_path: Path) -> Iterator[Registry]:
    registry = set_up(tmp_path / "home", zhejiang())
    populate_demo(registry, standards=60, seed=3, today=TODAY)
    yield registry
    registry.close()


def rows(uow: Any, model: Any, **where: Any) -> list[Any]:
    return list(uow.session.execute(select(model).filter_by(**where).order_by(model.id)).scalars())


def expected(reg: Registry) -> dict[str, Counter[tuple[int, int]]]:
    """Every own record read one by one, its end date bucketed here."""
    end = dt.date(2027, 12, 1)
    counted: dict[str, Counter[tuple[int, int]]] = {k: Counter() for k in ("standards", "authorisations", "credentials")}

    def add(kind: str, date: dt.date | None) -> None:
        if date is not None and TODAY <= date < end:
            counted[kind][(date.year, date.month)] += 1

    with reg.uow() as uow:
        own = rows(uow, Institute, is_own=True)[0]
        for s in rows(uow, Standard, institute_id=own.id):
            if s.status != "revoked":
                add("standards", s.valid_until)
        for a in rows(uow, Authorisation, institute_id=own.id):
            if a.status != "revoked":
                add("authorisations", a.valid_until)
        for person in rows(uow, Staff, institute_id=own.id, status="active"):
            for c in rows(uow, Credential, staff_id=person.id):
                add("credentials", c.valid_until)
    return counted


def test_the_next_twelve_months_count_what_the_records_say(reg: Registry) -> None:
    months = expiries.by_month(reg, TODAY)
    assert [(m.year, m.month) for m in months] == [(2026, 12)] + [(2027, n) for n in range(1, 12)]
    counted = expected(reg)
    for kind in counted:
        assert {(m.year, m.month): getattr(m, kind) for m in months if getattr(m, kind)} == dict(counted[kind]), kind
    assert sum(m.total for m in months) > 0  # the demo has certificates ending in the year


def test_a_revoked_standard_and_a_certificate_already_ended_are_not_counted(reg: Registry) -> None:
    def march() -> int:
        return next(m.standards for m in expiries.by_month(reg, TODAY) if (m.year, m.month) == (2027, 3))

    with reg.uow(write=True) as uow:
        own = rows(uow, Institute, is_own=True)[0]
        standard = rows(uow, Standard, institute_id=own.id, status="valid")[0]
        assert standard is not None
        standard_id, standard.valid_until = standard.id, TODAY - dt.timedelta(days=1)  # ended yesterday
        uow.commit()
    ended = march()
    assert sum(m.standards for m in expiries.by_month(reg, TODAY)) == sum(expected(reg)["standards"].values())
    with reg.uow(write=True) as uow:
        uow.session.get(Standard, standard_id).valid_until = dt.date(2027, 3, 15)
        uow.commit()
    assert march() == ended + 1
    with reg.uow(write=True) as uow:
        uow.session.get(Standard, standard_id).status = "revoked"
        uow.commit()
    assert march() == ended
    assert [(m.year, m.month) for m in expiries.by_month(reg, dt.date(2027, 12, 31), months=2)] == [(2027, 12), (2028, 1)]
