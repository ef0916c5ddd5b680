"""Inventory text search: a standard is found by its capability rows' parameters and conditions.

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-27 10:00:00

A standard's searchable document gains, after its services, each capability row's parameter
and conditions (issue 18: 交流电压 finds the standard whose rows are 直流电压 and 交流电压).
The rows go into the standard's document, not an index of their own: a text search asks
for standards, with every term anywhere in the standard (交流电压 福建, a parameter and a
name), which one index per record answers in one MATCH; the capability table's triggers
refresh the standard's document as the service table's do.

The DDL is frozen here, as this revision ran it: the statements the live index spec
(``labregistry.storage.searchindex``) made, copied out of a run. SQLite: the standard's
triggers made again with the new document (their bodies hold it), three on the capability
table, and the standards' documents refilled. PostgreSQL: the two-character and pg_trgm
GIN indexes on the capability table's document (the latter when pg_trgm can be created,
as in revision 0003). ``tests/storage/test_frozen_migrations.py`` finds the live code builds
the same. The documents are written here; the triggers around them come from the frozen
``migrations/frozen_ops.py`` (issue 17), the same statements to the byte
(``tests/storage/test_migration_snapshots.py``).
"""

from __future__ import annotations

import logging

from alembic import op

from labregistry.storage.migrations import frozen_ops

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

#: A standard's document: revision 0003's, and this revision's (the capability rows' text after
#: the services'), as the SELECT of its row id and text.
_DOC_0003 = (
    "SELECT r.id, ((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, "
    "'') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || "
    "coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' "
    "|| coalesce(ch.procedure, '') || '  '), '') FROM service ch WHERE ch.standard_id = r.id), '')) FROM standard r")
_DOC = (
    "SELECT r.id, ((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, "
    "'') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || "
    "coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' "
    "|| coalesce(ch.procedure, '') || '  '), '') FROM service ch WHERE ch.standard_id = r.id), '') || "
    "coalesce((SELECT group_concat((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), "
    "'') FROM capability ch WHERE ch.standard_id = r.id), '')) FROM standard r")
_STANDARD_COLUMNS = ["name", "certificate_no", "code", "range_text", "accuracy_text", "responsible_person"]
_SERVICE = ("service", "standard_id", ["name", "procedure"])

#: SQLite: the standard's nine triggers (each dropped first), then its documents refilled.
_SQLITE_UP = (
    *frozen_ops.sqlite_fts_triggers("inv_fts_standard", "standard", _STANDARD_COLUMNS, _DOC,
                                    [_SERVICE, ("capability", "standard_id", ["parameter", "conditions"])]),
    *frozen_ops.sqlite_fts_refill("inv_fts_standard", _DOC),
)
#: SQLite: back to the documents and triggers of revision 0003.
_SQLITE_DOWN = (
    *frozen_ops.sqlite_drop_fts_triggers("inv_fts_standard", ["capability"]),
    *frozen_ops.sqlite_fts_triggers("inv_fts_standard", "standard", _STANDARD_COLUMNS, _DOC_0003, [_SERVICE]),
    *frozen_ops.sqlite_fts_refill("inv_fts_standard", _DOC_0003),
)
_PG_UP = (
    ('CREATE INDEX IF NOT EXISTS ix_inv_bigram_capability ON capability USING gin '
     "(inv_bigrams((coalesce(parameter, '') || '  ' || coalesce(conditions, '') || '  ')))"),
)
_PG_TRGM_UP = (
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_capability ON capability USING gin ((coalesce(parameter, '') "
     "|| '  ' || coalesce(conditions, '') || '  ') gin_trgm_ops)"),
)
_PG_DOWN = (
    'DROP INDEX IF EXISTS ix_inv_trgm_capability',
    'DROP INDEX IF EXISTS ix_inv_bigram_capability',
)

def upgrade() -> None:
    frozen_ops.search_up(op.get_bind(), _SQLITE_UP, _PG_UP, _PG_TRGM_UP, log)


def downgrade() -> None:
    frozen_ops.search_down(op.get_bind(), _SQLITE_DOWN, _PG_DOWN)
