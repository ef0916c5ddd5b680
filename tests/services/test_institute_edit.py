"""Correcting the own institute and the operator after set-up, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.registry import Registry, open_registry
from labregistry.services import institutes, setup
from tests.conftest import PASSPHRASE, as_recorded
from tests.dbstate import dump_engine

USCC = "12320000466002712H"


@pytest.fixture
def reg(tmp_path: Path) -> Iterator[Registry]:
    """Follows LABREGISTRY_TEST_BACKEND (SQLite, or a database of its own on the test server)."""
    registry = open_registry(tmp_path / "home", logging=False)
    setup.init_registry(
        registry, InstituteInput(name="江苏省计量院", uscc=USCC, province="JS", city="南京"), PASSPHRASE, operator="李工"
    )
    yield registry
    registry.close()


def test_the_own_institute_is_corrected_and_the_change_is_audited(reg: Registry) -> None:
    fields = institutes.update_own(
        reg, InstituteInput(name="江苏省计量科学研究院", uscc=USCC.lower(), province="江苏", city="苏州",
                            address="南京市光华路 5 号")
    )
    own = institutes.own_institute(reg)
    assert own is not None and own == fields
    assert (own["name"], own["city"], own["address"], own["uscc"]) == ("江苏省计量科学研究院", "苏州", "南京市光华路 5 号", USCC)
    with reg.uow() as uow:
        (entry,) = [e for e in uow.audit_log.recent(50) if e.entity == "institute" and e.action == "update"]
    assert entry.operator == as_recorded("李工")
    assert "江苏省计量院" in str(entry.before) and "江苏省计量科学研究院" in str(entry.after)


def test_the_credit_code_is_refused_at_its_field_and_nothing_changes(reg: Registry) -> None:
    before = dump_engine(reg.engine)
    other = "12310000425011300H"  # a valid code, another institute's
    with pytest.raises(DomainError) as caught:
        institutes.update_own(reg, InstituteInput(name="另一个名称", uscc=other, province="上海", city="上海"))
    (issue,) = caught.value.issues
    assert issue.field == "uscc" and issue.code == "institute.uscc_fixed"
    assert "签名密钥" in issue.message("zh") and "signing key" in issue.message("en")
    assert dump_engine(reg.engine) == before


def test_an_invalid_correction_changes_nothing(reg: Registry) -> None:
    before = dump_engine(reg.engine)
    with pytest.raises(DomainError) as caught:
        institutes.update_own(reg, InstituteInput(name="", uscc=USCC, province="北京", city="南京"))
    assert {i.field for i in caught.value.issues if not i.warning} == {"name", "province"}
    assert dump_engine(reg.engine) == before


def test_the_operator_is_changed_and_recorded_with_the_next_change(reg: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABREGISTRY_OPERATOR", raising=False)
    assert institutes.operator_set(reg) == "李工"
    institutes.set_operator(reg, " 王质量 ")
    assert institutes.operator_set(reg) == "王质量" and reg.operator() == "王质量"
    institutes.update_own(reg, InstituteInput(name="江苏省计量院", uscc=USCC, province="JS", city="无锡"))
    with reg.uow() as uow:
        entry = next(e for e in uow.audit_log.recent(50) if e.entity == "institute" and e.action == "update")
    assert entry.operator == as_recorded("王质量")
    with pytest.raises(DomainError):
        institutes.set_operator(reg, "王\x00五")
    assert institutes.operator_set(reg) == "王质量"
