"""The recycle bin: own records deleted since the last export come back whole, under their uid.

The registry follows LABREGISTRY_TEST_BACKEND (SQLite, or a database of its own on the test
PostgreSQL server).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import exchange, recycle_bin, records
from tests.conftest import PASSPHRASE, as_recorded
from tests.services.registries import jiangsu, set_up
from tests.dbstate import dump_engine
from tests.services.test_record_delete import authorisation, person
from tests.services.test_records import pressure_standard


@pytest.fixture
def reg(tmp_path: Path) -> Iterator[Registry]:
    registry = set_up(tmp_path / "home", jiangsu())
    yield registry
    registry.close()


def test_every_kind_comes_back_as_it_was_under_its_uid(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    aid = records.create_authorisation(reg, authorisation())
    pid = records.create_staff(reg, person("王五"))
    before = {
        "standard": records.get(reg, "standard", sid).snapshot(),
        "authorisation": records.get(reg, "authorisation", aid).snapshot(),
        "staff": records.get(reg, "staff", pid).snapshot(),
    }
    for kind, record_id in (("standard", sid), ("authorisation", aid), ("staff", pid)):
        records.delete(reg, kind, record_id, operator="张工")
    binned = recycle_bin.contents(reg)
    assert binned[2].name == "精密压力表标准装置"
    assert [(d.kind, d.label, d.operator) for d in binned] == [
        ("staff", "王五", as_recorded("张工", reg)), ("authorisation", "(苏)法计(2024)01001号", as_recorded("张工", reg)),
        ("standard", "[2022]苏量标证字第0456号", as_recorded("张工", reg)),
    ]
    for deleted in binned:
        new_id = recycle_bin.restore(reg, deleted.entry_id, operator="张工")
        assert records.get(reg, deleted.kind, new_id).snapshot() == before[deleted.kind]  # uid and all
    assert recycle_bin.contents(reg) == []
    with reg.uow() as uow:
        history = uow.audit_log.history("standard", before["standard"]["uid"])
    assert [(e.action, e.source) for e in history] == [("create", "app"), ("delete", "app"), ("create", "restore")]
    assert i18n.rendered(records.source_label("restore"), "zh") == "从回收站恢复"


def test_an_export_makes_the_deletion_public_and_empties_the_bin(reg: Registry, tmp_path: Path) -> None:
    gone = records.create_staff(reg, person("赵六"))
    records.delete(reg, "staff", gone)
    (deleted,) = recycle_bin.contents(reg)
    exchange.export_bundle(reg, tmp_path / "bundle.xlsx", PASSPHRASE)
    assert recycle_bin.contents(reg) == []
    state = dump_engine(reg.engine)
    with pytest.raises(DomainError) as caught:
        recycle_bin.restore(reg, deleted.entry_id)
    assert caught.value.code == "bin.gone"
    assert dump_engine(reg.engine) == state
    later = records.create_staff(reg, person("钱七"))
    records.delete(reg, "staff", later)
    assert [d.label for d in recycle_bin.contents(reg)] == ["钱七"]  # deleted after the export


def test_an_export_that_wrote_no_bundle_keeps_the_bin(reg: Registry, tmp_path: Path) -> None:
    """Nothing was published when the bundle could not be written: the deletion can still be undone."""
    gone = records.create_staff(reg, person("赵六"))
    records.delete(reg, "staff", gone)
    with pytest.raises(DomainError):
        exchange.export_bundle(reg, tmp_path / "no such folder" / "bundle.xlsx", PASSPHRASE)
    assert [d.label for d in recycle_bin.contents(reg)] == ["赵六"]


def test_a_restore_that_would_clash_changes_nothing(reg: Registry) -> None:
    sid = records.create_standard(reg, pressure_standard())
    records.delete(reg, "standard", sid)
    records.create_standard(reg, pressure_standard(name="新建的同号标准"))  # the number taken again
    (deleted,) = recycle_bin.contents(reg)
    state = dump_engine(reg.engine)
    with pytest.raises(DomainError) as caught:
        recycle_bin.restore(reg, deleted.entry_id)
    assert caught.value.issues[0].code == "record.duplicate_certificate"
    assert dump_engine(reg.engine) == state
    assert len(recycle_bin.contents(reg)) == 1  # still there to restore once the number is free


def test_a_standard_stored_before_the_rules_comes_back_with_warnings_not_refused(reg: Registry) -> None:
    """Review 11: restoring validated the content as a new record: a standard stored before the
    code's discipline rule (a 热学 code, 04..., with a pressure range) and the class rules
    ("0.0_5级"), deleted, could not come back as it was. It comes back unchanged, under its uid,
    with the warnings an unchanged save gives (what to correct); the rules every record keeps
    still refuse (a certificate number taken: the test above)."""
    sid = records.create_standard(reg, pressure_standard())
    with reg.engine.begin() as conn:  # as a version before the rules saved it: class 5
        conn.execute(text("UPDATE standard SET code = '04113500', accuracy_text = '0.0_5级', accuracy_class = '5'"
                          " WHERE id = :id"), {"id": sid})
        conn.execute(text("UPDATE capability SET accuracy_text = '0.0_5级', accuracy_class = '5', error_of_span = 0.05"
                          " WHERE standard_id = :id"), {"id": sid})
    before = records.get(reg, "standard", sid).snapshot()
    records.delete(reg, "standard", sid)
    (deleted,) = recycle_bin.contents(reg)

    back, warnings = recycle_bin.restore_warned(reg, deleted.entry_id)
    after = records.get(reg, "standard", back).snapshot()
    figures = ("accuracy_class", "accuracy_basis", "error_constant", "error_of_reading", "error_of_span")
    assert {k: v for k, v in after.items() if k not in ("capabilities", *figures)} == {
        k: v for k, v in before.items() if k not in ("capabilities", *figures)}  # uid, code, text and all
    [row] = after["capabilities"]
    assert row["accuracy_text"] == "0.0_5级" and [row[k] for k in figures] == [None] * 5  # not comparable
    assert after["accuracy_class"] is None
    assert recycle_bin.contents(reg) == []
    said = {w.code: w.message("zh") for w in warnings}
    assert "此记录在该规则之前已保存" in said["standard_code.quantity_stored"], said
    assert "准确度等级“0.0_5级”中的数字与前面的字符连在一起" in said["accuracy.stored"], said


def test_a_record_deleted_twice_is_in_the_bin_once(reg: Registry) -> None:
    pid = records.create_staff(reg, person("孙八"))
    records.delete(reg, "staff", pid)
    (deleted,) = recycle_bin.contents(reg)
    back = recycle_bin.restore(reg, deleted.entry_id)
    records.delete(reg, "staff", back)
    assert [d.label for d in recycle_bin.contents(reg)] == ["孙八"]


@pytest.mark.sqlite_only
def test_the_bin_is_read_through_an_index_not_by_scanning_the_audit_log(reg: Registry) -> None:
    """A 200,000-standard home has 270,000 audit entries and no deletion: the bin opened in 1.7 s
    on the GUI thread because finding the deletions read every entry."""
    with reg.engine.connect() as conn:
        for since in (None, "2026-01-01 00:00:00"):
            stmt = recycle_bin.deletions_query(None if since is None else dt.datetime.fromisoformat(since))
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "ix_audit_entity_action" in plan and "SCAN audit_entry" not in plan.replace(
                "SCAN audit_entry USING INDEX", ""), plan
