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
from types import SimpleNamespace
from typing import Any

import pytest

from labregistry.domain import fields as registry
from labregistry.domain import records, validation
from labregistry.domain.fields import Field
from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.ledger import fields as ledger
from labregistry.storage import models
from tests.domain.registry_checks import MODELS, NOT_FIELDS, registry_disagreements, with_asset_no

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
    cls, lists = INPUTS[name]
    record = registry.BY_TYPE[name]
    assert {f.name for f in dataclasses.fields(cls)} == {f.name for f in record.inputs} | lists
    defaults = {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    assert defaults == {f.name: f.default for f in record.inputs if f.type != "list"}  # lists start empty


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
# Adding a field: the registry only (then a migration and the model's column)
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


def test_a_new_field_is_stored() -> None:
    instrument = with_asset_no().list_type("instruments")
    validated = SimpleNamespace(**{f.name: None for f in registry.INSTRUMENT.inputs}, asset_no="ZC-0042")
    validated.calibration_due = dt.date(2026, 1, 31)
    row = instrument.stored_row(validated)
    assert row["asset_no"] == "ZC-0042"
    assert row["calibration_due"] == dt.date(2026, 1, 31)
    found = registry_disagreements(instrument, models.Instrument.__table__, NOT_FIELDS["instrument"])  # type: ignore[attr-defined]
    assert found == ["instrument.asset_no: a stored field without a column"]  # until a migration adds it
