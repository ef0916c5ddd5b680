"""The whole way of a plain field, in a process whose registry has it.

Run by :mod:`tests.domain.test_plain_field` as ``pytest -p tests.plainfield.plugin
tests/plainfield/world.py`` in a process of its own: the plugin adds ``asset_no`` to the
instruments of the registry (:func:`tests.plainfield.field.add_asset_no`) before anything
derives from it, as a ``Field`` in ``domain/fields/standards.py`` would, and a migration
written here adds its column (a revision under ``storage/migrations/versions`` would change
the suite's schema). Nothing else is changed: the ORM model, the validation, the ledger,
the editor, the stored rows and the bundle sheet take it from the registry. Not a
``test_*`` module: the suite's own processes never collect it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from PySide6.QtCore import Qt
from sqlalchemy import Engine

from labregistry import i18n
from labregistry.domain import fields as registry
from labregistry.domain import records
from labregistry.exchange import schema
from labregistry.registry import Registry
from labregistry.services import changes, exchange
from labregistry.services import ledger as ledger_svc
from labregistry.services import records as record_svc
from labregistry.services import recycle_bin
from labregistry.storage import db, models
from tests.conftest import BACKEND
from tests.dbstate import dump_engine
from tests.domain.registry_checks import NOT_FIELDS, registry_disagreements
from tests.exchange.sites import Site, make_site, receiver_of
from tests.ledger.ledgers import simple_ledger
from tests.plainfield.field import ASSET_NO
from tests.storage.test_schema_matches_models import _differences
from ui import workers
from ui.editors import specs
from ui.editors.record_editor import RecordEditor

CERT = "[2025]沪量标证字第0999号"
HEADERS = ["序号", "计量标准名称", "证书编号", "计量标准代码", "计量标准类别", "测量范围",
           "不确定度/准确度等级/最大允许误差", "有效期至", "主标准器名称", "固定资产编号"]


def test_this_process_has_the_field() -> None:
    """The plugin ran first; without it every test below would fail for another reason."""
    assert registry.INSTRUMENT.fields[-1] is ASSET_NO
    assert records.PLAIN["instrument"] == (ASSET_NO,)
    assert "tests.plainfield.plugin" in sys.modules


def migrate_field(engine: Engine) -> None:
    """The field's migration, as its revision's ``upgrade`` would be: its DDL written in."""
    with engine.begin() as conn:
        op = Operations(MigrationContext.configure(conn))
        op.add_column("instrument", sa.Column("asset_no", sa.String(50), nullable=True))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    a = make_site(tmp_path, "A")
    migrate_field(a.reg.engine)
    yield a
    a.reg.close()


def stored(reg: Registry) -> list[tuple[Any, ...]]:
    with reg.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text("SELECT name, asset_no FROM instrument ORDER BY id"))]


# ---------------------------------------------------------------- the model and the schema


def test_the_model_has_the_column_the_registry_declares() -> None:
    table = models.Instrument.__table__  # type: ignore[attr-defined]
    assert registry_disagreements(registry.INSTRUMENT, table, NOT_FIELDS["instrument"]) == []
    assert models.Instrument(standard_id=1, name="活塞压力计", asset_no="ZC-0042").asset_no == "ZC-0042"  # type: ignore[call-arg,attr-defined]


def test_the_registry_tests_pass_with_the_field() -> None:
    """The suite's registry checks with the plain field present, as a developer following
    docs/fields.md would run them: the *Input dataclasses and the ORM models agree."""
    from tests.domain import test_field_registry as checks

    for name in checks.INPUTS:
        checks.test_the_input_dataclass_holds_the_registry_inputs(name)
    for name in checks.MODELS:
        checks.test_the_orm_model_agrees_with_the_registry(name)


def test_the_migration_makes_the_schema_the_models_say(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = str(request.getfixturevalue("pg_url")) if BACKEND == "postgres" else f"sqlite:///{tmp_path / 'r.db'}"
    engine = db.make_engine(url)
    try:
        db.migrate(engine)
        missing = _differences(engine)
        assert [(d[0], d[2], d[3].name) for d in missing] == [("add_column", "instrument", "asset_no")]
        migrate_field(engine)
        assert _differences(engine) == []
    finally:
        engine.dispose()


# ---------------------------------------------------------------- a ledger


def _ledger(path: Path, asset_no: str) -> Path:
    return simple_ledger(path, [HEADERS, [1, "活塞式压力计标准装置", CERT, "12113100", "社会公用计量标准",
                                          "(0~60)MPa", "U=0.05%,k=2", "2029-12-31", "活塞压力计", asset_no]],
                         title="计量标准")


def test_a_ledger_row_with_the_field_is_imported(site: Site, tmp_path: Path) -> None:
    run = ledger_svc.run_import(site.reg, _ledger(tmp_path / "l.xlsx", " ZC-0042 "), "standards")
    assert run.outcome.written and run.outcome.added == 1
    assert stored(site.reg) == [("活塞压力计", "ZC-0042")]


def test_a_ledger_text_too_long_for_the_column_is_refused_at_its_cell(site: Site, tmp_path: Path) -> None:
    before = dump_engine(site.reg.engine)
    run = ledger_svc.run_import(site.reg, _ledger(tmp_path / "l.xlsx", "Z" * 51), "standards")
    (issue,) = run.check.errors
    assert (issue.sheet, issue.cell, issue.code, issue.field) == ("计量标准", "J2", "ledger.too_long", "instruments[0].asset_no")
    assert issue.message("zh") == "共 51 个字符，超过此栏允许的 50 个字符，请缩短"
    assert not run.outcome.written and dump_engine(site.reg.engine) == before


# ---------------------------------------------------------------- the editor


def _standard(reg: Registry, asset_no: str | None) -> int:
    instrument = records.make_input(records.InstrumentInput, {"name": "活塞压力计", "asset_no": asset_no})
    inp = records.StandardInput(name="活塞式压力计标准装置", code="12113100", grade="public", certificate_no=CERT,
                                valid_until="2029-12-31", range_text="(0~60)MPa", accuracy_text="U=0.05%,k=2",
                                instruments=[instrument])
    return record_svc.create(reg, "standard", inp)


def test_the_editor_shows_and_saves_it(site: Site, qtbot: Any) -> None:
    record_id = _standard(site.reg, "ZC-0042")
    with workers.synchronous():
        editor = RecordEditor(site.reg, specs.STANDARD, record_id)
        qtbot.addWidget(editor)
        table = editor.tables["instruments"]
        column = [c.key for c in table.spec.columns].index("asset_no")
        assert table.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "资产编号"
        cell = table.cell(0, "asset_no")
        assert cell.data(Qt.ItemDataRole.DisplayRole) == "ZC-0042"
        table.model.setData(cell, "ZC-0043")
        editor.save()
        assert editor.status.text() == "Saved."
        assert stored(site.reg) == [("活塞压力计", "ZC-0043")]

        table.model.setData(table.cell(0, "asset_no"), "ZC\u202e0043")  # a text that would deceive
        before = dump_engine(site.reg.engine)
        editor.save()
        assert table.message.text().startswith("主标准器及配套设备第 1 项 · 资产编号：含有文字方向控制字符 U+202E")
        assert table.cell(0, "asset_no").data(Qt.ItemDataRole.BackgroundRole) is not None
        assert dump_engine(site.reg.engine) == before

        table.model.setData(table.cell(0, "asset_no"), "Z" * 51)  # its declared max_length is 50
        editor.save()
        assert table.message.text() == "主标准器及配套设备第 1 项 · 资产编号：共 51 个字符，超过此栏允许的 50 个字符，请缩短"
        assert dump_engine(site.reg.engine) == before
        editor.discard_and_close()


def test_the_history_and_the_recycle_bin_keep_it(site: Site) -> None:
    """The audit entries hold it, so a deleted record comes back with it."""
    record_id = _standard(site.reg, "ZC-0042")
    (created,) = record_svc.history(site.reg, "standard", record_id)
    assert created["after"]["instruments"][0]["asset_no"] == "ZC-0042"
    shown = [c.render("zh") for c in changes.describe_changes("standard", None, created["after"])]
    assert ("主标准器及配套设备第 1 项 · 资产编号", "", "ZC-0042") in shown  # as the history reads it
    record_svc.delete(site.reg, "standard", record_id)
    assert stored(site.reg) == []
    (deleted,) = recycle_bin.contents(site.reg)
    recycle_bin.restore(site.reg, deleted.entry_id)
    assert stored(site.reg) == [("活塞压力计", "ZC-0042")]


# ---------------------------------------------------------------- a bundle


def test_a_bundle_sheet_carries_it_to_a_peer(site: Site, tmp_path: Path) -> None:
    """In a new-format copy of the bundle: with the field, the instruments sheet has one
    more column (a real field with a sheet column raises ``exchange/schema.VERSION``)."""
    _standard(site.reg, "ZC-0042")
    bundle = site.export(tmp_path / "a.xlsx")
    header, row = _sheet(bundle, schema.INSTRUMENTS.spec.name)
    assert (header[-1], row[3], row[-1]) == ("资产编号 Asset No.", "活塞压力计", "ZC-0042")

    b = make_site(tmp_path, "B")
    try:
        migrate_field(b.reg.engine)
        b.trust(site, tmp_path)
        assert exchange.import_bundle(b.reg, bundle).applied
        assert stored(b.reg) == [("活塞压力计", "ZC-0042")]
    finally:
        b.reg.close()


def _sheet(path: Path, name: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book[name].iter_rows(values_only=True) if any(v is not None for v in row)]
    finally:
        book.close()


V4 = Path(__file__).parents[1] / "exchange" / "data" / "bundle-v4"


def test_a_bundle_written_before_the_field_is_refused_so_a_sheet_column_needs_a_format_version(
        tmp_path: Path) -> None:
    """Why a field with a bundle column asks for more than the registry (docs/fields.md): a
    reader expecting the column refuses every bundle written without it, so the format
    version is raised and readers take the older sheets as they were."""
    b = receiver_of(tmp_path, V4 / "A.card", "19424 85014 48339 60745 21001 01848 14580 58624")
    try:
        check = exchange.verify_bundle(b.reg, V4 / "A-v4-seq1.xlsx")
        assert (check.valid, check.reason_code) == (False, "bundle.bad_header")
        assert check.reason is not None
        assert "M1 of the sheet 标准器及配套设备 Instruments" in i18n.rendered(check.reason, "en")
    finally:
        b.reg.close()

