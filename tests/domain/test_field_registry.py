"""The field registry is the one place a record's fields are declared.

What is derived from it (bundle sheets, ledger kinds, the stored rows, the issue labels)
is checked by the suites of those features; what must stay written out is checked here
against it: the ORM models (a column's type, length and nullability), and the domain's
``*Input`` dataclasses. The migrations are checked in
``tests/storage/test_schema_matches_models.py``. The last tests add a field to a copy
of the registry and show the bundle sheet, the ledger kind and the stored row pick it up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from labregistry.domain import fields as registry
from labregistry.domain import records, validation
from labregistry.domain.fields import Field
from labregistry.domain.fields.model import PRIVATE_GROUP, EditorHint, Family, SheetColumn
from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.ledger import fields as ledger
from labregistry.storage import models
from tests.domain.registry_checks import MODELS, NOT_FIELDS, registry_disagreements
from tests.plainfield.field import ASSET_NO, with_asset_no

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

INPUTS: dict[str, tuple[type[Any], set[str]]] = {
    "institute": (records.InstituteInput, set()),
    "standard": (records.StandardInput, {"instruments", "services", "capabilities"}),
    "instrument": (records.InstrumentInput, set()),
    "service": (records.ServiceInput, set()),
    "capability": (records.CapabilityInput, set()),
    "authorisation": (records.AuthorisationInput, {"items"}),
    "authorisation_item": (records.AuthorisedItemInput, set()),
    "staff": (records.StaffInput, {"credentials"}),
    "credential": (records.CredentialInput, set()),
}


def test_every_record_type_has_its_table() -> None:
    assert [rt.name for rt in registry.RECORD_TYPES] == list(MODELS)


@pytest.mark.parametrize("name", list(MODELS))
def test_the_orm_model_agrees_with_the_registry(name: str) -> None:
    table = MODELS[name].__table__  # type: ignore[attr-defined]
    assert registry_disagreements(registry.BY_TYPE[name], table, NOT_FIELDS[name]) == []


def test_a_model_that_disagrees_is_named() -> None:
    """The check above can fail: a length, a nullability and a missing column it reports."""
    record = registry.INSTRUMENT
    changed = dataclasses.replace(
        record,
        fields=tuple(
            dataclasses.replace(f, max_length=150) if f.name == "model"
            else dataclasses.replace(f, required=True) if f.name == "serial_no" else f
            for f in record
        ) + (Field("asset_no", max_length=50),),
    )
    found = registry_disagreements(changed, models.Instrument.__table__, NOT_FIELDS["instrument"])  # type: ignore[attr-defined]
    assert found == [
        "instrument.asset_no: a stored field without a column",
        "instrument.model: holds 100 characters, the registry says 150",
        "instrument.serial_no: nullable True, the registry says False",
    ]


@pytest.mark.parametrize("name", list(INPUTS))
def test_the_input_dataclass_holds_the_registry_inputs(name: str) -> None:
    """Every input but the plain fields (``records.PLAIN``, held in ``extra``) is written out:
    adding a plain field (docs/fields.md) passes this, as ``tests/plainfield/world.py`` shows."""
    cls, lists = INPUTS[name]
    record = registry.BY_TYPE[name]
    written = [f for f in record.inputs if f not in records.PLAIN[name]]
    assert {f.name for f in dataclasses.fields(cls)} == {f.name for f in written} | lists | {"extra"}
    defaults = {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    assert defaults == {f.name: f.default for f in written if f.type != "list"}  # lists start empty


EMPTY: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "standards": (validation.validate_standard,
                  records.StandardInput(instruments=[records.InstrumentInput()], services=[records.ServiceInput()],
                                        capabilities=[records.CapabilityInput()])),
    "authorisations": (validation.validate_authorisation, records.AuthorisationInput(items=[records.AuthorisedItemInput()])),
    "staff": (validation.validate_staff, records.StaffInput(credentials=[records.CredentialInput()])),
    "institute": (validation.validate_institute, records.InstituteInput()),
}


@pytest.mark.parametrize("family", list(EMPTY))
def test_validation_requires_the_registry_required_fields(family: str) -> None:
    """An empty record, with one empty item in each list: the domain asks for what the registry requires."""
    validate, empty = EMPTY[family]
    fam = registry.BY_FAMILY[family]
    expected = {f.name for f in fam.record.inputs if f.required}
    for rt in fam.lists:
        if rt.list_name is not None:
            expected |= {f"{rt.list_name}[0].{f.name}" for f in rt.inputs if f.required}
    with pytest.raises(DomainError) as raised:
        validate(empty)
    assert {(i.field, i.code) for i in raised.value.issues} == {(name, "value.required") for name in expected}


def test_issue_labels_come_from_the_registry() -> None:
    assert records.ITEM_FIELD_LABELS["instruments"][1]["calibration_due"] == ("检定/校准有效期至", "calibration due")
    assert records.FIELD_LABELS["valid_until"] == ("有效期至", "valid until")
    assert records.FIELD_LABELS["discipline"] == ("学科", "discipline")


def test_two_records_may_not_label_one_field_name_differently() -> None:
    """Issues name a record's field by its name alone ("name", "status"), whatever the record."""
    staff = registry.STAFF_FAMILY
    renamed = dataclasses.replace(staff.record, fields=tuple(
        dataclasses.replace(f, label=("姓名", "name")) if f.name == "name" else f for f in staff.record))
    with pytest.raises(ValueError, match="staff.name"):
        records.field_labels([registry.STANDARDS, dataclasses.replace(staff, record=renamed)])


def test_the_ledger_sets_the_columns_derived_from_a_cell() -> None:
    assert ledger.STANDARDS.columns["range_text"] == ("range_text", "quantity", "range_min", "range_max", "unit")
    assert ledger.STANDARDS.columns["code"] == ("code", "code_temporary")
    assert "quantity" not in ledger.STANDARDS.columns  # typed to check the range; stored from the range
    assert "discipline" not in ledger.STANDARDS.columns  # a check column, never stored
    assert set(ledger.AUTHORISATIONS.always_owned) == {"certificate_no", "form", "valid_until"}


# --------------------------------------------------------------------------------------
# Adding a field: the registry only (then a migration)
# --------------------------------------------------------------------------------------

def test_a_new_field_is_a_column_of_the_bundle_sheet() -> None:
    sheet = schema.sheet_def(with_asset_no().list_type("instruments"))
    assert sheet.keys == (*schema.INSTRUMENTS.keys, "asset_no")
    column = sheet.spec.columns[-1]
    assert (column.header_zh, column.header_en, column.type, column.width) == ("资产编号", "Asset No.", "text", 16)


def test_a_new_field_is_read_from_ledgers() -> None:
    kind = ledger.kind_from_registry(with_asset_no(), entity="standard", sheet_title="计量标准台账",
                                     key_field="certificate_no")
    assert [f.key for f in kind.fields] == [*(f.key for f in ledger.STANDARDS.fields), "instruments.asset_no"]
    assert kind.resolve_field("固定资产编号") == "instruments.asset_no"
    assert kind.resolve_field("Asset No.") == "instruments.asset_no"
    assert not kind.field("instruments.asset_no").required


def test_a_new_field_is_a_plain_field_of_its_record() -> None:
    """No attribute of ``InstrumentInput``: its value travels in ``extra``."""
    instrument = with_asset_no().list_type("instruments")
    assert records.plain_fields(instrument) == (ASSET_NO,)
    assert records.plain_fields(registry.INSTRUMENT) == ()


def test_a_field_with_rules_of_its_own_cannot_be_plain() -> None:
    coded = dataclasses.replace(registry.INSTRUMENT, fields=(*registry.INSTRUMENT.fields, Field("maker_uscc", "code")))
    with pytest.raises(ValueError, match=r"instrument.maker_uscc \(code\)"):
        records.plain_fields(coded)


def test_a_new_field_is_stored() -> None:
    """From a validated instrument's ``extra``, beside its written-out fields."""
    instrument = with_asset_no().list_type("instruments")
    validated = records.ValidatedInstrument("main", "活塞压力计", None, None, None, None, None, None, None,
                                            dt.date(2026, 1, 31), extra={"asset_no": "ZC-0042"})
    row = instrument.stored_row(validated)
    assert (row["asset_no"], row["name"], row["calibration_due"]) == ("ZC-0042", "活塞压力计", dt.date(2026, 1, 31))
    assert registry.INSTRUMENT.stored_row(validated) == {k: v for k, v in row.items() if k != "asset_no"}
    found = registry_disagreements(instrument, models.Instrument.__table__, NOT_FIELDS["instrument"])  # type: ignore[attr-defined]
    assert found == ["instrument.asset_no: a stored field without a column"]  # in this process: see below


def test_its_column_comes_from_the_registry() -> None:
    """What ``storage/models.py`` adds to a model for a plain field (the whole way is shown
    in a process with the field: tests/domain/test_plain_field.py)."""
    column = models.registry_column(ASSET_NO)
    assert (column.name, column.type.length, column.nullable) == ("asset_no", 50, True)  # type: ignore[attr-defined]
    assert str(models.registry_column(Field("remarks")).type) == "TEXT"
    assert str(models.registry_column(Field("bought_on", "date", required=True)).type) == "DATE"
    assert models.registry_column(Field("bought_on", "date", required=True)).nullable is False
    with pytest.raises(ValueError, match="list"):
        models.registry_column(Field("parts", "list"))


def test_an_input_takes_a_plain_field_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(records.PLAIN, "instrument", (ASSET_NO,))
    inp = records.make_input(records.InstrumentInput, {"name": "活塞压力计", "asset_no": "ZC-0042"})
    assert (inp.name, inp.extra) == ("活塞压力计", {"asset_no": "ZC-0042"})
    assert records.input_names(records.InstrumentInput) >= {"name", "calibration_due", "asset_no"}
    with pytest.raises(TypeError, match="asset_number"):
        records.make_input(records.InstrumentInput, {"asset_number": "ZC-0042"})
    monkeypatch.setitem(records.PLAIN, "instrument", ())
    with pytest.raises(TypeError, match="asset_no"):
        records.make_input(records.InstrumentInput, {"asset_no": "ZC-0042"})


#: Plain fields of each type, as they would be declared (an instrument's, in a copy of the registry).
KINDS = {
    "asset_no": ASSET_NO,
    "use": Field("use", "choice", ("用途", "use"), max_length=10, choices=records.INSTRUMENT_ROLES, default="main"),
    "bought_on": Field("bought_on", "date", ("购置日期", "bought on"), required=True),
    "price": Field("price", "float", ("原值", "price")),
    "count": Field("count", "int", ("数量", "count")),
}


def _validated_instrument(monkeypatch: pytest.MonkeyPatch, values: dict[str, Any]) -> Any:
    monkeypatch.setitem(records.PLAIN, "instrument", tuple(KINDS.values()))
    inp = records.StandardInput(
        name="活塞式压力计标准装置", code="12113100", grade="public", certificate_no="[2025]沪量标证字第0999号",
        valid_until="2029-12-31", range_text="(0~60) MPa", accuracy_text="U=0.05%, k=2",
        instruments=[records.make_input(records.InstrumentInput, {"name": "活塞压力计", **values})],
    )
    return validation.validate_standard(inp).instruments[0]


def test_plain_fields_are_checked_by_their_declaration(monkeypatch: pytest.MonkeyPatch) -> None:
    v = _validated_instrument(monkeypatch, {"asset_no": "  ZC-0042 ", "use": "配套设备", "bought_on": "2024/3/1",
                                            "price": "1,500.5", "count": 2.0})
    assert v.extra == {"asset_no": "ZC-0042", "use": "ancillary", "bought_on": dt.date(2024, 3, 1), "price": 1500.5,
                       "count": 2}
    v = _validated_instrument(monkeypatch, {"bought_on": dt.date(2024, 3, 1)})
    assert v.extra == {"asset_no": None, "use": "main", "bought_on": dt.date(2024, 3, 1), "price": None, "count": None}


def test_a_plain_field_is_refused_at_its_place_with_the_written_out_fields_messages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DomainError) as raised:
        _validated_instrument(monkeypatch, {"use": "备用", "price": "about 3", "count": "2.5",
                                            "asset_no": "ZC\u202e0042"})
    assert {(i.field, i.code) for i in raised.value.issues} == {
        ("instruments[0].bought_on", "value.required"),  # required, no default
        ("instruments[0].use", "choice.unknown"),
        ("instruments[0].price", "value.not_a_number"),
        ("instruments[0].count", "value.not_an_integer"),
        ("instruments[0].asset_no", "text.unsafe_character"),  # the rule every text obeys
    }
    unknown = next(i for i in raised.value.issues if i.code == "choice.unknown")
    assert unknown.message("zh") == "“备用”不是有效选项，可选：主标准器、配套设备"
    with pytest.raises(DomainError) as raised:
        _validated_instrument(monkeypatch, {"bought_on": "next spring"})
    assert [(i.field, i.code) for i in raised.value.issues] == [("instruments[0].bought_on", "date.format")]


def test_a_number_its_column_cannot_hold_is_refused_at_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger cell 1e30 in a whole-number field was an internal error from SQLite (PostgreSQL's
    above 2^31-1), and 1e400 was kept as infinity: both are refused, naming the field and the limit."""
    day = {"bought_on": dt.date(2024, 3, 1)}
    for count, price in [("1e30", "1e400"), (2147483648, float("inf")), (-2.0**31, float("nan")),
                         ("-2147483648", "-1e999")]:
        with pytest.raises(DomainError) as raised:
            _validated_instrument(monkeypatch, {**day, "count": count, "price": price})
        assert {(i.field, i.code) for i in raised.value.issues} == {
            ("instruments[0].count", "value.out_of_range"), ("instruments[0].price", "value.not_finite")}, (count, price)
    too_big = next(i for i in raised.value.issues if i.code == "value.out_of_range")
    assert too_big.message("zh") == "“-2147483648”超出范围：整数的绝对值不能大于 2147483647"
    assert too_big.message("en") == "'-2147483648' is out of range: a whole number can be at most 2147483647 either side of 0"
    edge = _validated_instrument(monkeypatch, {**day, "count": "-2147483647", "price": "1e300"})
    assert (edge.extra["count"], edge.extra["price"]) == (-2147483647, 1e300)
    assert _validated_instrument(monkeypatch, {**day, "count": 2147483647.0}).extra["count"] == 2147483647


def test_a_comma_in_a_number_groups_thousands_and_is_refused_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """'.' is the decimal point in a Chinese lab, ',' (or '，') groups thousands: "1,500" was read as 1.5."""
    day = {"bought_on": dt.date(2024, 3, 1)}
    for typed, price, count in [("1,500", 1500.0, 1500), ("1，500", 1500.0, 1500), ("-12,345,678", -12345678.0, -12345678),
                                ("１,０００", 1000.0, 1000)]:
        v = _validated_instrument(monkeypatch, {**day, "price": typed, "count": typed})
        assert (v.extra["price"], v.extra["count"]) == (price, count), typed
    assert _validated_instrument(monkeypatch, {**day, "price": "2,500.75"}).extra["price"] == 2500.75
    for typed in ["1,5", "1,50", "1,5000", "1234,567", "1,500,00", ",500", "1.500,5", "0,100", "00,100", "1,500.5,0"]:
        with pytest.raises(DomainError) as raised:
            _validated_instrument(monkeypatch, {**day, "price": typed})
        assert [(i.field, i.code) for i in raised.value.issues] == [("instruments[0].price", "value.comma")], typed
    assert raised.value.issues[0].message("zh") == "“1,500.5,0”中的逗号只能用作千位分隔符（如 1,500），小数点请用“.”"
    assert raised.value.issues[0].message("en") == ("'1,500.5,0': a comma may only group thousands (as in 1,500); "
                                                    "the decimal point is '.'")


def test_an_unplaced_field_goes_into_the_last_group_that_is_not_private() -> None:
    """Staff's last editor group is "Private: never leaves the institute": a plain field with a
    bundle sheet column, not placed, went there, under that heading while exported."""
    badge = Field("badge_no", label=("工牌号", "badge number"), max_length=20, sheet=SheetColumn("工牌号", "Badge No.", 12),
                  editor=EditorHint())
    staff = registry.STAFF_FAMILY
    family = dataclasses.replace(staff, record=dataclasses.replace(staff.record, fields=(*staff.record.fields, badge)))
    groups = {key: [f.name for f in fields] for key, fields in family.editor_group_fields()}
    assert groups == {"person": ["name", "department", "title", "status", "badge_no"], "private": ["phone", "id_number"]}
    standards = dataclasses.replace(registry.STANDARDS, record=dataclasses.replace(
        registry.STANDARDS.record, fields=(*registry.STANDARDS.record.fields, badge)))
    assert [f.name for f in standards.editor_group_fields()[-1][1]][-2:] == ["notes", "badge_no"]


@pytest.mark.parametrize("family", registry.FAMILIES, ids=lambda fam: fam.name)
def test_no_field_of_a_private_group_leaves_the_institute_in_a_bundle(family: Family) -> None:
    private = [f.name for key, fields in family.editor_group_fields() if key == PRIVATE_GROUP for f in fields
               if f.sheet is not None]
    assert private == []


def test_the_institute_has_no_plain_field() -> None:
    """The institute's settings page, the first run and `init` build InstituteInput from written-out
    lists, so a plain field of the institute could never be entered: its fields are written out
    (docs/fields.md, "Adding a field"), and a plain one declared by mistake fails here."""
    assert records.PLAIN["institute"] == (), "write the institute's field out (docs/fields.md)"
