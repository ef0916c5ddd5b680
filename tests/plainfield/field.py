"""The test-only plain field ``asset_no`` of an instrument, and the registry that has it.

A plain field (``labregistry.domain.records.plain_fields``) is declared in the field
registry and nowhere else. In the suite's processes the registry stays as shipped: a copy
with the field (:func:`with_asset_no`) shows what is derived from a registry passed in,
and a process of its own (:mod:`tests.plainfield.plugin`) adds the field to the registry
itself (:mod:`tests.plainfield.hook`), before any module derives from it, to show what is
derived at import (the ORM column, the editor's table, the bundle sheet).

The hook imports this module while the registry's package is being imported: only its
model (loaded by then) is imported at the top.
"""

from __future__ import annotations

import dataclasses

from labregistry.domain.fields.model import EditorHint, Family, Field, LedgerColumn, SheetColumn

ASSET_NO = Field(
    "asset_no", label=("资产编号", "asset number"), max_length=50,
    sheet=SheetColumn("资产编号", "Asset No.", 16),
    ledger=LedgerColumn("资产编号", "Asset No.", ("固定资产编号", "asset number")),
    editor=EditorHint(width=100),
)


def with_asset_no() -> Family:
    """The standards family with the field added, in a copy of the registry."""
    from labregistry.domain import fields as registry  # see the module's docstring

    instrument = dataclasses.replace(registry.INSTRUMENT, fields=(*registry.INSTRUMENT.fields, ASSET_NO))
    return dataclasses.replace(registry.STANDARDS, lists=(instrument, registry.SERVICE, registry.CAPABILITY))
