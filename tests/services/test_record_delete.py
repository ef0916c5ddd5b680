"""Deleting own records: audited, all or nothing, refused while a standard still names the person.

The registry follows LABREGISTRY_TEST_BACKEND (SQLite in a temp folder, or a database of its
own on the test PostgreSQL server).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    StaffInput,
)
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import listing, records
from tests.services.registries import add_peer_standard, jiangsu, set_up
from tests.dbstate import dump_engine
from tests.services.test_records import pressure_standard
from tests.conftest import as_recorded


@pytest.fixture
def reg(tmp_path: Path) -> Iterator[Registry]:
    registry = set_up(tmp_path / "home", jiangsu(), operator="李工")
    yield registry
    registry.close()


def person(name: str, **changes: Any) -> StaffInput:
    inp = StaffInput(
        name=name,
        department="力学所",
        credentials=[CredentialInput(kind="registered_1", certificate_no=f"ZC-{name}", registration="initial",
                                     issued_on="2022-01-01", valid_until="2027-01-01", items=["压力"])],
    )
    for key, value in changes.items():
        setattr(inp, key, value)
    return inp


def authorisation() -> AuthorisationInput:
    return AuthorisationInput(certificate_no="(苏)法计(2024)01001号", form="legal_verification",
                              authority="江苏省市场监督管理局", issued_on="2024-01-01", valid_until="2028-12-31",
                              items=[AuthorisedItemInput("出租汽车计价器", "(0~9999)km", "MPE: ±1%", "JJG 517-2016")])


def audit_actions(reg: Registry, entity: str, uid: str) -> list[tuple[str, str | None, bool]]:
    with reg.uow() as uow:
        return [(e.action, e.record_label, e.before is not None) for e in uow.audit_log.history(entity, uid)]


def test_each_kind_is_deleted_with_an_audit_entry_that_keeps_the_record(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    aid = records.create_authorisation(reg, authorisation())
    pid = records.create_staff(reg, person("王五"))
    uids = {
        "standard": records.get(reg, "standard", sid).standard.uid,
        "authorisation": records.get(reg, "authorisation", aid).authorisation.uid,
        "staff": records.get(reg, "staff", pid).staff.uid,
    }
    for kind, record_id in (("standard", sid), ("authorisation", aid), ("staff", pid)):
        assert records.dependents(reg, kind, record_id) == []
        records.delete(reg, kind, record_id, operator="张工")
        with pytest.raises(DomainError) as err:
            records.get(reg, kind, record_id)
        assert err.value.code == "record.not_found"
    assert audit_actions(reg, "standard", uids["standard"]) == [
        ("create", "[2022]苏量标证字第0456号", False), ("delete", "[2022]苏量标证字第0456号", True)]
    assert audit_actions(reg, "authorisation", uids["authorisation"])[-1] == ("delete", "(苏)法计(2024)01001号", True)
    assert audit_actions(reg, "staff", uids["staff"])[-1] == ("delete", "王五", True)
    with reg.uow() as uow:
        entry = uow.audit_log.history("staff", uids["staff"])[-1]
    assert entry.operator == as_recorded("张工") and entry.source == "app"
    assert '"ZC-王五"' in (entry.before or "")  # the credentials, as they were
    own = listing.stats(reg)["own"]
    assert (own["standards"], own["authorisations"], own["staff"]) == (0, 0, 0)


def test_a_person_a_standard_names_is_refused_and_nothing_is_deleted(reg: Registry) -> None:
    responsible = records.create_staff(reg, person("张三"))
    operator = records.create_staff(reg, person("李四"))
    free = records.create_staff(reg, person("赵六"))
    records.create_standard(reg, pressure_standard(responsible_person="张三", operators="李四、王五"))
    before = dump_engine(reg.engine)

    [dep] = records.dependents(reg, "staff", responsible)
    assert (dep.kind, dep.label, dep.role) == ("standard", "[2022]苏量标证字第0456号", "responsible_person")
    assert [d.role for d in records.dependents(reg, "staff", operator)] == ["operators"]
    with pytest.raises(DomainError) as err:
        records.delete(reg, "staff", responsible)
    assert err.value.code == "record.in_use"
    assert "张三" in err.value.render("zh") and "[2022]苏量标证字第0456号" in err.value.render("zh")
    assert "responsible person" in err.value.render("en")
    # several at once: all or nothing, the free person stays too
    with pytest.raises(DomainError):
        records.delete_many(reg, "staff", [free, operator])
    assert dump_engine(reg.engine) == before


def test_a_namesake_still_on_the_staff_keeps_the_name_covered(reg: Registry) -> None:
    first = records.create_staff(reg, person("张三"))
    second = records.create_staff(reg, person("张三", department="热工所"))
    records.create_standard(reg, pressure_standard(responsible_person="张三"))
    assert records.dependents(reg, "staff", first) == []
    with pytest.raises(DomainError):  # both at once would leave the standard without its person
        records.delete_many(reg, "staff", [first, second])
    assert records.delete_many(reg, "staff", [first]) == 1
    assert [d.role for d in records.dependents(reg, "staff", second)] == ["responsible_person"]


def test_a_name_inside_another_name_is_no_reference(reg: Registry) -> None:
    pid = records.create_staff(reg, person("王五"))
    records.create_standard(reg, pressure_standard(responsible_person="王五一", operators="王五六, 李四"))
    assert records.dependents(reg, "staff", pid) == []
    records.delete(reg, "staff", pid)


def test_only_own_records_can_be_deleted(reg: Registry) -> None:
    sid = add_peer_standard(reg, pressure_standard())
    with pytest.raises(DomainError) as err:
        records.delete(reg, "standard", sid)
    assert err.value.code == "record.not_own"
    assert records.get(reg, "standard", sid).standard.certificate_no == "[2022]苏量标证字第0456号"
