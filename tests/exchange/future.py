"""A bundle as a later program would write it, for the tests of how this one refuses it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from labregistry.crypto.signing import DOMAIN_BUNDLE_MANIFEST
from labregistry.exchange import bundle, schema
from labregistry.services import exchange
from labregistry.xlsx.canonical import SheetDigest
from labregistry.xlsx.workbook import ColumnSpec, SheetSpec, write_workbook

from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site

RECOGNITIONS = SheetSpec("互认 Recognitions", [ColumnSpec("standard_uid", "计量标准记录标识", "Standard record ID"),
                                               ColumnSpec("accepted_by", "认可机构", "Accepted by")])
"""A sheet a later format may add (issue 22: recognition decisions): no version of this program knows it."""


def future_bundle(site: Site, current: Path, out: Path, *, version: int) -> Path:
    """What a later writer makes of ``current``'s records (a bundle of this program's format):
    the sheets of format ``version`` this program knows (all of them for a later version) plus
    :data:`RECOGNITIONS` and a new manifest key, the manifest saying ``version``, signed with
    the site's own key (so it is genuine in every other respect)."""
    parsed = bundle.read_bundle(str(current))
    key = exchange.keystore(site.reg).unlock(PASSPHRASE)
    first_standard = parsed.rows(schema.STANDARDS)[0][0]
    rows = {**parsed.sheet_rows(), RECOGNITIONS.name: [[first_standard, "12320000466002712H"]]}
    specs = [*(s.spec for s in schema.sheets_of(version)), RECOGNITIONS]
    m = parsed.manifest

    def meta(digests: Mapping[str, SheetDigest]) -> list[tuple[str, str]]:
        sheets = tuple((s.name, digests[s.name].row_count, digests[s.name].sha256) for s in specs)
        payload = {**dataclasses.replace(m, version=version, sheets=sheets).payload(), "decisions": []}
        signature = key.sign(DOMAIN_BUNDLE_MANIFEST, payload)
        return bundle.signature_pairs(payload, signature, parsed.card, parsed.statements)

    def cover(digests: Mapping[str, SheetDigest]) -> list[tuple[str, str]]:
        return bundle.cover_pairs(m.issuer_name, m.issuer_uscc, m.seq, m.issued_at, m.expires_at,
                                  parsed.card.fingerprint, m.key_id, digests)

    write_workbook(str(out), cover, [(s, rows[s.name]) for s in specs], (schema.META_SHEET, meta))
    return out


def bundle_as(site: Site, current: Path, out: Path, *, version: int, layout: int) -> Path:
    """``current``'s records signed by the site's own key under a manifest saying ``version``,
    with the sheets and columns of format ``layout``: a genuine bundle whose columns are not its
    version's (format 5 added columns to the comparisons sheet)."""
    parsed = bundle.read_bundle(str(current))
    key = exchange.keystore(site.reg).unlock(PASSPHRASE)
    specs = {spec.name: spec for spec in schema.specs_of(layout)}
    sheets = [specs[s.spec.name] for s in schema.sheets_of(layout)]
    rows = {s.name: [row[:len(s.columns)] + [None] * (len(s.columns) - len(row)) for row in
                     parsed.sheet_rows()[s.name]] for s in sheets}
    m = parsed.manifest

    def meta(digests: Mapping[str, SheetDigest]) -> list[tuple[str, str]]:
        listed = tuple((s.name, digests[s.name].row_count, digests[s.name].sha256) for s in sheets)
        payload = dataclasses.replace(m, version=version, sheets=listed).payload()
        return bundle.signature_pairs(payload, key.sign(DOMAIN_BUNDLE_MANIFEST, payload), parsed.card,
                                      parsed.statements)

    def cover(digests: Mapping[str, SheetDigest]) -> list[tuple[str, str]]:
        return bundle.cover_pairs(m.issuer_name, m.issuer_uscc, m.seq, m.issued_at, m.expires_at,
                                  parsed.card.fingerprint, m.key_id, digests)

    write_workbook(str(out), cover, [(s, rows[s.name]) for s in sheets], (schema.META_SHEET, meta))
    return out
