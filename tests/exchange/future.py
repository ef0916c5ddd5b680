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

COMPARISONS = SheetSpec("比对 Comparisons", [ColumnSpec("standard_uid", "计量标准记录标识", "Standard record ID"),
                                              ColumnSpec("result", "比对结果", "Result")])
"""A sheet a later format may add (issue 22: comparisons): no version of this program knows it."""


def future_bundle(site: Site, v3: Path, out: Path, *, version: int) -> Path:
    """What a later writer makes of ``v3``'s records: every sheet of version 3 plus
    :data:`COMPARISONS` and a new manifest key, the manifest saying ``version``, signed with
    the site's own key (so it is genuine in every other respect)."""
    parsed = bundle.read_bundle(str(v3))
    key = exchange.keystore(site.reg).unlock(PASSPHRASE)
    first_standard = parsed.rows(schema.STANDARDS)[0][0]
    rows = {**parsed.sheet_rows(), COMPARISONS.name: [[first_standard, "满意 En=0.4"]]}
    specs = [*schema.SPECS, COMPARISONS]
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
