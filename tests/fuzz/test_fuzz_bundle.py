"""Hypothesis against bundle import: real bundles damaged at the byte, zip and XML level.

For every damaged file: ``verify_bundle`` answers with a Verification (no exception of any
kind escapes it); a refusal has a known code and a message, ``import_bundle`` refuses it
with a DomainError of the same code, and the receiver's database is unchanged. A file
that still verifies holds exactly the values that were signed; a change that keeps every
value (another compression, a BOM, numbers spelled differently) must still verify.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.exchange import bundle, schema
from labregistry.services import exchange
from tests.fuzz import xlsxkit as K
from tests.fuzz.conftest import World, fuzz_settings
from tests.fuzz.corpus_cases import db_state
from tests.fuzz.mutations import (
    Mutation,
    byte_mutations,
    cell_values,
    harmless_mutations,
    value_cell,
    xml_mutations,
)

_counter = itertools.count()


@pytest.fixture(scope="module")
def signed_rows(world: World) -> dict[str, list[list[Any]]]:
    parsed = bundle.read_bundle(world.bundle, name="a.xlsx")
    return {name: sheet.rows for name, sheet in parsed.workbook.sheets.items()}


def verify_never_raises(world: World, data: bytes) -> tuple[Any, Any]:
    path = world.bundle_path(f"m{next(_counter)}.xlsx", data)
    try:
        check = exchange.verify_bundle(world.b.reg, path)
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"verify_bundle raised {type(exc).__name__}: {exc!r}"[:500])
    return path, check


def check_mutation(world: World, mutation: Mutation, signed_rows: dict[str, list[list[Any]]]) -> None:
    path, check = verify_never_raises(world, mutation.data)
    if check.valid:
        assert not mutation.codes, f"{mutation.what}: verified, expected {sorted(mutation.codes)}"
        parsed = bundle.read_bundle(mutation.data, name=path.name)
        rows = {name: sheet.rows for name, sheet in parsed.workbook.sheets.items()}
        assert rows == signed_rows, f"{mutation.what}: verified but the values differ from the signed ones"
        return
    assert not mutation.keeps_values, f"{mutation.what}: keeps every value but was refused: {check.reason}"
    assert check.reason_code and i18n.known(check.reason_code), check
    assert check.reason and i18n.rendered(check.reason).strip()
    if mutation.codes:
        assert check.reason_code in mutation.codes, f"{mutation.what}: {check.reason_code} ({check.reason})"
    before = db_state(world.b.reg)
    try:
        exchange.import_bundle(world.b.reg, path)
    except DomainError as err:
        assert err.code == check.reason_code, (err.code, check.reason_code)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"import_bundle raised {type(exc).__name__}: {exc!r}"[:500])
    else:
        pytest.fail(f"{mutation.what}: refused by verify, imported by import")
    assert db_state(world.b.reg) == before, f"{mutation.what}: a refused import changed the database"


@fuzz_settings(short=60, long=1500)
@given(data=st.data())
def test_byte_and_zip_damage(world: World, signed_rows: dict[str, list[list[Any]]], data: st.DataObject) -> None:
    check_mutation(world, data.draw(byte_mutations(world.bundle), label="mutation"), signed_rows)


@fuzz_settings(short=60, long=1500)
@given(data=st.data())
def test_hostile_xml(world: World, signed_rows: dict[str, list[list[Any]]], data: st.DataObject) -> None:
    check_mutation(world, data.draw(xml_mutations(world.bundle, kind="bundle"), label="mutation"), signed_rows)


@fuzz_settings(short=40, long=400)
@given(data=st.data())
def test_changes_that_keep_every_value_still_verify(world: World, signed_rows: dict[str, list[list[Any]]],
                                                    data: st.DataObject) -> None:
    mutation = data.draw(harmless_mutations(world.bundle, latin1=False), label="mutation")
    check_mutation(world, mutation, signed_rows)


# ---------------------------------------------------------------- a legitimate but hostile issuer

_seq = itertools.count(1000)


def fresh_receiver(world: World) -> Any:
    """A new receiver trusting A: each example starts from the same state (shrinking needs it)."""
    from tests.exchange.sites import make_site

    b = make_site(world.tmp, "B")
    b.trust(world.a, world.tmp)
    return b


@fuzz_settings(short=40, long=300)
@given(data=st.data())
def test_any_value_signed_by_the_issuer_is_imported_or_refused_cleanly(world: World, data: st.DataObject) -> None:
    """The issuer signs whatever it wrote: values of any type in any cell of any data sheet.

    Verify and import either accept (and then the import lands) or refuse with a
    DomainError, leaving the database unchanged; nothing else escapes: integers the database
    column cannot hold and empty cells in NOT NULL columns that have a default included
    (verify said valid and import raised, before: corpus bundle/signed-integer-beyond-int64.xlsx
    and signed-empty-required-column.xlsx).
    """
    parts = K.parts_of(world.bundle)
    sheets = K.sheet_parts(parts)
    sheet = data.draw(st.sampled_from(schema.SHEETS), label="sheet")
    column = data.draw(st.integers(1, len(sheet.spec.columns)), label="column")
    part = sheets[sheet.spec.name]
    rows = len(K.cell_refs(parts[part])) // max(len(sheet.spec.columns), 1) + 2
    row = data.draw(st.integers(2, max(rows, 2)), label="row")
    ref = f"{K.column_letter(column)}{row}"
    key = sheet.spec.columns[column - 1].key
    value = data.draw(cell_values(), label="value")
    parts[part] = K.set_cell(parts[part], ref, value_cell(ref, value, date_style=2))
    seq = next(_seq)
    try:
        signed = K.resign(K.zip_bytes(parts), world.signing_key, mutate=lambda m: m.update(seq=seq))
    except DomainError:
        return  # the reader refuses the file itself: the byte and XML properties cover that
    path = world.bundle_path(f"s{seq}.xlsx", signed)
    b = fresh_receiver(world)
    try:
        before = db_state(b.reg)
        try:
            check = exchange.verify_bundle(b.reg, path)
            if not check.valid:
                assert check.reason_code and i18n.known(check.reason_code), check
            result = exchange.import_bundle(b.reg, path)
        except DomainError as err:
            assert err.render("en").strip()
            assert db_state(b.reg) == before, f"{sheet.spec.name}!{ref}={value!r}: refused but changed"
            return
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{sheet.spec.name}!{ref} ({key}) = {value!r}: {type(exc).__name__}: {exc!r}"[:600])
        assert check.valid and result.applied, (check.reason_code, check.reason)
    finally:
        b.reg.close()
