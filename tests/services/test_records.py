"""Record use cases against real databases: SQLite in a temp folder and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from labregistry import i18n
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
)
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import listing, records
from tests.dbstate import dump_engine
from tests.services.registries import add_peer, add_peer_standard, jiangsu, set_up
from tests.conftest import as_recorded


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def reg(request: pytest.FixtureRequest, tmp_path: Path) -> Registry:
    db_url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    registry = set_up(tmp_path / "home", jiangsu(), db_url=db_url, operator="李工")
    yield registry
    registry.close()


def pressure_standard(**changes: Any) -> StandardInput:
    inp = StandardInput(
        name="精密压力表标准装置",
        code="12113100",
        grade="社会公用计量标准",
        certificate_no="[2022]苏量标证字第0456号",
        certificate_authority="江苏省市场监督管理局",
        issued_on="2022年6月1日",
        valid_until="2026/5/31",
        range_text="(0～60) MPa",
        accuracy_text="0.05级",
        quantity="压力",
        instruments=[
            InstrumentInput(name="数字压力计", model="ConST 811", serial_no="811-2020-0031",
                            traced_to_name="中国计量科学研究院", calibration_cert_no="YLjl2024-0112",
                            calibration_due="2025-12-01"),
        ],
        services=[ServiceInput(name="弹簧管式精密压力表", procedure="JJG49-2013", kind="verification")],
    )
    for key, value in changes.items():
        setattr(inp, key, value)
    return inp


def test_create_stores_normalised_values_and_children(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    agg = records.get(reg, "standard", sid)
    s = agg.standard
    assert (s.quantity, s.range_min, s.range_max, s.unit) == ("pressure", 0.0, 60e6, "Pa")
    assert s.range_text == "(0～60) MPa"  # as typed
    assert s.accuracy_kind == "class" and s.accuracy_class == "0.05"
    assert s.grade == "public"
    assert s.issued_on == dt.date(2022, 6, 1) and s.valid_until == dt.date(2026, 5, 31)
    assert [i.model for i in agg.instruments] == ["ConST 811"]
    assert [v.procedure for v in agg.services] == ["JJG 49-2013"]


def test_update_keeps_before_and_after_in_the_audit_trail(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    changed = records.update(reg, "standard", sid, pressure_standard(range_text="(0~100)MPa"), operator="张三")
    assert changed is True
    unchanged = records.update(reg, "standard", sid, pressure_standard(range_text="(0~100)MPa"))
    assert unchanged is False
    hist = records.history(reg, "standard", sid)
    assert [h["action"] for h in hist] == ["create", "update"]
    assert hist[1]["operator"] == as_recorded("张三", reg)
    assert hist[1]["before"]["range_max"] == 60e6 and hist[1]["after"]["range_max"] == 100e6
    assert records.get(reg, "standard", sid).standard.range_max == 100e6


def test_invalid_update_changes_nothing(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    with pytest.raises(DomainError) as err:
        records.update(reg, "standard", sid, pressure_standard(range_text="(0~60)V"))
    assert err.value.issues[0].field == "range_text"
    assert records.get(reg, "standard", sid).standard.range_text == "(0～60) MPa"
    assert len(records.history(reg, "standard", sid)) == 1


def test_a_standard_stored_before_the_discipline_rule_can_be_suspended_and_edited(reg: Registry) -> None:
    """A standard stored with a 热学 code (04...) and a pressure range before the discipline rule
    existed could not be saved at all: not suspended, not revoked, no other field fixed, the rule
    refusing the code as if entered. An edit that leaves the code and the range's quantity as
    stored is saved, with a warning at the range naming what to correct; a new wrong code, or a
    range of another wrong quantity, is entry and refused, the database as it was; the right
    code is saved."""
    sid = records.create_standard(reg, pressure_standard())
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE standard SET code = '04113500' WHERE id = :id"), {"id": sid})
    old = pressure_standard(code="04113500")

    assert records.update(reg, "standard", sid, pressure_standard(code="04113500", status="suspended")) is True
    assert records.update(reg, "standard", sid, pressure_standard(code="04113500", status="revoked",
                                                                  responsible_person="李雷")) is True
    stored = records.get(reg, "standard", sid).standard
    assert (stored.code, stored.status, stored.responsible_person) == ("04113500", "revoked", "李雷")
    [warning] = [w for w in records.validate("standard", old, records.get(reg, "standard", sid)).warnings
                 if w.field == "range_text"]
    assert warning.code == "standard_code.quantity_stored" and warning.warning
    assert "计量标准代码 04113500 的一级代码 04 是热学，此测量范围是压力" in warning.message("zh")
    assert "此记录在该规则之前已保存" in warning.message("zh")
    assert "stored before this rule" in warning.message("en")
    with pytest.raises(DomainError):  # a new record with that code is entry: refused
        records.check("standard", old)

    before = dump_engine(reg.engine)
    for wrong in (pressure_standard(code="04113600"),  # another code its range contradicts
                  pressure_standard(code="04113500", range_text="(0~10)kg", quantity="质量")):  # another quantity
        with pytest.raises(DomainError) as err:
            records.update(reg, "standard", sid, wrong)
        assert [i.code for i in err.value.issues] == ["standard_code.quantity"]
        assert dump_engine(reg.engine) == before
    assert records.update(reg, "standard", sid, pressure_standard(code="12113100")) is True
    assert records.get(reg, "standard", sid).standard.code == "12113100"


def _store_accuracy(reg: Registry, sid: int, accuracy: str) -> None:
    """The accuracy text as a version before the class rules saved it, on the standard and its row."""
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE standard SET accuracy_text = :a, accuracy_class = '0.05' WHERE id = :id"),
                     {"a": accuracy, "id": sid})
        conn.execute(text("UPDATE capability SET accuracy_text = :a, accuracy_class = '0.05' WHERE standard_id = :id"),
                     {"a": accuracy, "id": sid})


@pytest.mark.parametrize("accuracy", ["0.05级或0.1级", "0.0_5级"])
def test_a_standard_stored_with_an_accuracy_the_class_rules_refuse_can_be_suspended(
        reg: Registry, accuracy: str) -> None:
    """A standard stored with "0.05级或0.1级" (two classes) or "0.0_5级" (a class figure glued)
    before the class rules (review 11) could not be saved at all, not even suspended. An edit
    leaving the text with its range is saved with a warning at the accuracy saying what to
    correct, the text kept as it is and not comparable (no class taken from it); a new text
    the rules refuse is entry and refused, the database as it was; a right one is saved."""
    sid = records.create_standard(reg, pressure_standard())
    _store_accuracy(reg, sid, accuracy)

    assert records.update(reg, "standard", sid, pressure_standard(accuracy_text=accuracy, status="suspended")) is True
    agg = records.get(reg, "standard", sid)
    assert (agg.standard.status, agg.standard.accuracy_text, agg.standard.accuracy_class) == (
        "suspended", accuracy, None)
    assert [(c.accuracy_text, c.accuracy_class, c.accuracy_value) for c in agg.capabilities] == [(accuracy, None, None)]
    [warning] = [w for w in records.validate("standard", pressure_standard(accuracy_text=accuracy), agg).warnings
                 if w.field == "accuracy_text"]
    assert warning.code == "accuracy.stored" and warning.warning
    assert "此准确度在该规则之前已保存，仍可照常保存" in warning.message("zh"), warning.message("zh")
    assert "stored before the rule" in warning.message("en")
    with pytest.raises(DomainError):  # a new record with that text is entry: refused
        records.check("standard", pressure_standard(accuracy_text=accuracy))

    before = dump_engine(reg.engine)
    for wrong in (pressure_standard(accuracy_text="0.05级或0.2级"),  # another text the rules refuse
                  pressure_standard(accuracy_text=accuracy, range_text="(0～10) MPa")):  # the same, another range
        with pytest.raises(DomainError) as err:
            records.update(reg, "standard", sid, wrong)
        assert [i.code for i in err.value.issues] == [
            "accuracy.two_classes" if "或" in wrong.accuracy_text or "或" in accuracy else "accuracy.class_glued"]
        assert dump_engine(reg.engine) == before
    assert records.update(reg, "standard", sid, pressure_standard(accuracy_text="0.05级")) is True
    assert records.get(reg, "standard", sid).standard.accuracy_class == "0.05"


def test_duplicate_certificate_number_is_refused(reg: Registry) -> None:
    records.create_standard(reg, pressure_standard())
    with pytest.raises(DomainError) as err:
        records.create_standard(reg, pressure_standard(name="另一个装置"))
    assert err.value.issues[0].field == "certificate_no"
    assert listing.stats(reg)["own"]["standards"] == 1


def test_delete_is_audited_and_cascades(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    uid = records.get(reg, "standard", sid).standard.uid
    records.delete(reg, "standard", sid)
    with pytest.raises(DomainError):
        records.get(reg, "standard", sid)
    with reg.uow() as uow:
        entries = uow.audit_log.history("standard", uid)
        assert [e.action for e in entries] == ["create", "delete"]
        from sqlalchemy import text

        assert uow.session.execute(text("SELECT count(*) FROM instrument")).scalar_one() == 0


def test_records_of_other_institutes_cannot_be_edited(reg: Registry) -> None:
    sid = add_peer_standard(reg, pressure_standard())
    with reg.uow() as uow:
        assert uow.institutes.own() is not None
    with pytest.raises(DomainError) as err:
        records.update(reg, "standard", sid, pressure_standard(name="改名"))
    assert err.value.code == "record.not_own"


def test_authorisation_and_staff_round_trip(reg: Registry) -> None:
    aid = records.create_authorisation(
        reg,
        AuthorisationInput(
            certificate_no="(苏)法计(2021)01002号", form="法定计量检定机构授权", authority="江苏省市场监督管理局",
            issued_on="2021-03-01", valid_until="2026-02-28",
            items=[AuthorisedItemInput(name="出租汽车计价器", range_text="(0~9999.9)km",
                                       accuracy_text="MPE: ±1%", procedure="JJG 517-2016")],
        ),
    )
    agg = records.get(reg, "authorisation", aid)
    assert agg.authorisation.form == "legal_verification"
    assert agg.items[0].procedure == "JJG 517-2016"
    pid = records.create_staff(
        reg,
        StaffInput(name="陈静", department="力学室", phone="13800000000",
                   credentials=[CredentialInput(kind="一级注册计量师", certificate_no="0012345",
                                                issued_on="2022-01-01", valid_until="2026-12-31",
                                                items=["压力", "质量"])]),
    )
    person = records.get(reg, "staff", pid)
    assert person.credentials[0].credential.kind == "registered_1"
    assert [i.name for i in person.credentials[0].items] == ["压力", "质量"]
    assert "phone" not in person.snapshot(private=False)
    s = listing.stats(reg)
    assert s["own"] == {"standards": 0, "authorisations": 1, "authorisation_items": 1, "staff": 1}


def test_own_and_region_institutes(reg: Registry) -> None:
    from labregistry.services import institutes

    own = institutes.own_institute(reg)
    assert own is not None and own["uscc"] == "12320000466002712H" and own["province"] == "江苏"
    add_peer(reg, bundle_seq=3)
    region = institutes.region_institutes(reg)
    assert [r["is_own"] for r in region] == [True, False]
    assert region[1]["bundle_seq"] == 3


def test_check_returns_warnings_and_sources_read_as_words() -> None:
    warnings = records.check("standard", pressure_standard(code="12919001"))  # provincial temporary code
    assert [w.code for w in warnings] == ["standard_code.temporary"]
    with pytest.raises(DomainError):
        records.check("standard", pressure_standard(range_text="(0~60)V"))
    # history prints it in brackets: none of its own inside (it read "（数据包（… 第 3 号））")
    assert i18n.rendered(records.source_label("bundle:12310000425011296P#3"), "zh") == "数据包 12310000425011296P 第 3 号"
    assert i18n.rendered(records.source_label("ledger:台账.xlsx"), "en") == "ledger import: 台账.xlsx"
    assert i18n.rendered(records.source_label("cli"), "zh") == "命令行"
    assert i18n.rendered(records.source_label("something-new"), "zh") == "something-new"


def test_a_text_longer_than_its_column_is_refused_at_its_field_and_nothing_is_written(reg: Registry) -> None:
    """From the editor or the command line as from a ledger: PostgreSQL refused the save with
    a DataError, SQLite stored the text (after which every bundle of the institute is refused)."""
    sid = records.create_standard(reg, pressure_standard())
    before = dump_engine(reg.engine)
    too_long = pressure_standard(name="频" * 201, certificate_no="[2022]苏量标证字第0457号",
                                 instruments=[InstrumentInput(name="数字压力计", model="M" * 101)])
    for save in (lambda: records.create_standard(reg, too_long),
                 lambda: records.update(reg, "standard", sid, too_long)):
        with pytest.raises(DomainError) as raised:
            save()
        assert [(i.code, i.field) for i in raised.value.issues] == [
            ("ledger.too_long", "name"), ("ledger.too_long", "instruments[0].model")]
        assert raised.value.issues[0].message("zh") == "共 201 个字符，超过此栏允许的 200 个字符，请缩短"
        assert dump_engine(reg.engine) == before
