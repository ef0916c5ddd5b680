"""What a bundle carries: its data sheets, their columns, and how rows map to tables.

The sheets and their columns are derived from the field registry
(:mod:`labregistry.domain.fields`): a record type's fields with a sheet column, in field
order. Their order and headers are the bytes of every bundle, so the registry's field
order is frozen for them (``tests/exchange/test_schema.py`` pins it).

Records are linked across sheets by ``uid`` (a standard's instruments carry the
standard's uid), never by database ids, which differ between registries. Staff carry
only what recognition needs (DOMAIN.md's privacy rule): no phone, no ID number.
Booleans travel as 0/1 integers, since spreadsheet programs turn booleans into formulas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labregistry.domain import fields
from labregistry.domain.fields import RecordType
from labregistry.domain.fields.comparisons import COMPARISON, COMPARISON_RESULT
from labregistry.domain.fields.decisions import DECISION
from labregistry.xlsx.workbook import ColumnSpec, ColumnType, SheetSpec

FORMAT = "labregistry-bundle"
VERSION = 5
"""Written by this version. 2: the manifest lists the SHA-256 of each key statement.
3: the standards' capability rows travel on a sheet of their own (:data:`CAPABILITIES`).
4: the comparisons the issuer piloted, with their results (:data:`COMPARISONS`,
:data:`COMPARISON_RESULTS`), and the issuer's recognition decisions in force (:data:`DECISIONS`).
5: the comparisons sheet ends with an outside pilot's name and code (:data:`COLUMNS_SINCE`): the
issuer's comparisons include those piloted outside the registry that it recorded as a participant."""
READABLE_VERSIONS = (1, 2, 3, 4, 5)
META_SHEET = "签名 Signature"


@dataclass(frozen=True)
class SheetDef:
    """A data sheet and the table it comes from; ``parent`` names the linking column."""

    kind: str
    spec: SheetSpec
    table: str
    parent: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return self.spec.keys


_SHEET_TYPES: dict[str, ColumnType] = {"date": "date", "int": "int", "bool": "int", "float": "float"}


def sheet_def(record: RecordType) -> SheetDef:
    """The bundle sheet of a record type: its fields with a sheet column, in field order."""
    if record.sheet_name is None:
        raise ValueError(f"{record.name} has no bundle sheet")
    columns = [
        ColumnSpec(f.name, f.sheet.zh, f.sheet.en, _SHEET_TYPES.get(f.type, "text"), f.sheet.width)
        for f in record
        if f.sheet is not None
    ]
    return SheetDef(record.name, SheetSpec(record.sheet_name, columns), record.name, record.parent_link)


def bool_columns(records: tuple[RecordType, ...]) -> frozenset[str]:
    """Sheet columns holding booleans (as 0/1)."""
    return frozenset(f.name for rt in records for f in rt if f.type == "bool" and f.sheet is not None)


INSTITUTE = sheet_def(fields.INSTITUTE)
STANDARDS = sheet_def(fields.STANDARD)
INSTRUMENTS = sheet_def(fields.INSTRUMENT)
SERVICES = sheet_def(fields.SERVICE)
CAPABILITIES = sheet_def(fields.CAPABILITY)
AUTHORISATIONS = sheet_def(fields.AUTHORISATION)
AUTHORISED_ITEMS = sheet_def(fields.AUTHORISED_ITEM)
STAFF = sheet_def(fields.STAFF)
CREDENTIALS = sheet_def(fields.CREDENTIAL)
CREDENTIAL_ITEMS = sheet_def(fields.CREDENTIAL_ITEM)
COMPARISONS = sheet_def(COMPARISON)
COMPARISON_RESULTS = sheet_def(COMPARISON_RESULT)
DECISIONS = sheet_def(DECISION)

SHEETS: tuple[SheetDef, ...] = (
    INSTITUTE,
    STANDARDS,
    INSTRUMENTS,
    SERVICES,
    CAPABILITIES,
    AUTHORISATIONS,
    AUTHORISED_ITEMS,
    STAFF,
    CREDENTIALS,
    CREDENTIAL_ITEMS,
    COMPARISONS,
    COMPARISON_RESULTS,
    DECISIONS,
)
SPECS = tuple(s.spec for s in SHEETS)
BY_NAME = {s.spec.name: s for s in SHEETS}

SINCE: dict[str, int] = {CAPABILITIES.spec.name: 3, COMPARISONS.spec.name: 4, COMPARISON_RESULTS.spec.name: 4,
                        DECISIONS.spec.name: 4}
"""The format version that added a sheet (the others are in every version)."""
ADDED_SHEETS = tuple(SINCE)
"""Sheets a bundle of an earlier version does not have: the reader may miss them until it
knows the manifest's version (:func:`sheets_of`)."""


COLUMNS_SINCE: dict[str, tuple[tuple[str, ...], int]] = {COMPARISONS.spec.name: (("pilot_name", "pilot_code"), 5)}
"""Columns a later format version added at the end of a sheet, and that version: a bundle of an
earlier version has the sheet without them (read as empty: :func:`padded`)."""


def sheets_of(version: int) -> tuple[SheetDef, ...]:
    """The data sheets of a bundle of format ``version``, in their order."""
    return tuple(s for s in SHEETS if SINCE.get(s.spec.name, 1) <= version)


def specs_of(version: int) -> tuple[SheetSpec, ...]:
    """Every data sheet's spec as a bundle of format ``version`` has it (the sheets a later
    version added included, for the reader to refuse them by name): without the columns a later
    version added to it."""
    out = []
    for spec in SPECS:
        added, since = COLUMNS_SINCE.get(spec.name, ((), 1))
        out.append(spec if since <= version else SheetSpec(spec.name, [c for c in spec.columns if c.key not in added]))
    return tuple(out)


def padded(sheet: str, rows: list[list[Any]], version: int) -> list[list[Any]]:
    """The rows of ``sheet`` read from a bundle of format ``version`` in this version's layout: the
    columns a later version added are empty (an outside pilot's name: none, the issuer piloted)."""
    added, since = COLUMNS_SINCE.get(sheet, ((), 1))
    if since <= version or not added:
        return rows
    return [[*row, *([None] * len(added))] for row in rows]
BOOL_COLUMNS = bool_columns(fields.RECORD_TYPES)
