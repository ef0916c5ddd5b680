"""Inventory search: substring text indexes (SQLite FTS5 trigram + triggers; PostgreSQL
pg_trgm GIN) and the indexes regional search, recognition and coverage rely on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:00:00

The DDL is frozen here, as this revision ran it: the statements below are those the live
index specs made (``labregistry.storage.searchindex``'s ``install`` and ``uninstall``, at
3881546), copied out of a run on each database. The live specs serve the queries and may
change, with a revision of their own; what this revision did may not. Each record kind's
document is written here once; the SQLite triggers around it come from the frozen
``migrations/frozen_ops.py`` (issue 17), the same statements to the byte
(``tests/storage/test_migration_snapshots.py``).
``tests/storage/test_frozen_migrations.py`` builds a database through these statements and
one through the live code, and finds the same tables, triggers, indexes, functions and
extension, and the same index rows, on SQLite and PostgreSQL.

SQLite: per record kind (standard, authorisation, authorised item, staff, credential) an
FTS5 trigram table and its vocabulary; AFTER INSERT / UPDATE / DELETE triggers on the
record's table and its child table that keep it in step; the index filled from the rows
already there; two covering indexes for ranking standards. PostgreSQL: ``inv_bigrams`` and
a GIN index on each table's two-character pieces; pg_trgm's GIN index on each table's
document when the extension can be created (without the privilege the revision logs it and
carries on: longer terms are then found by scan). Both: authorised items by quantity and
range (revision 0005 replaces it).
"""

from __future__ import annotations

import logging

from alembic import op

from labregistry.storage.migrations import frozen_ops

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

#: Each record kind's document, as the SELECT of its row id and text (the triggers narrow it
#: to one record).
_STANDARD_DOC = (
    "SELECT r.id, ((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, "
    "'') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || "
    "coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' "
    "|| coalesce(ch.procedure, '') || '  '), '') FROM service ch WHERE ch.standard_id = r.id), '')) FROM standard r")
_AUTHORISATION_DOC = ("SELECT r.id, (coalesce(r.certificate_no, '') || '  ' || coalesce(r.authority, '') || '  ') "
                      "FROM authorisation r")
_AUTHORISATION_ITEM_DOC = ("SELECT r.id, (coalesce(r.name, '') || '  ' || coalesce(r.procedure, '') || '  ' || "
                           "coalesce(r.range_text, '') || '  ') FROM authorisation_item r")
_STAFF_DOC = ("SELECT r.id, (coalesce(r.name, '') || '  ' || coalesce(r.department, '') || '  ' || "
              "coalesce(r.title, '') || '  ') FROM staff r")
_CREDENTIAL_DOC = (
    "SELECT r.id, ((coalesce(r.certificate_no, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, "
    "'') || '  '), '') FROM credential_item ch WHERE ch.credential_id = r.id), '')) FROM credential r")

#: SQLite, in the order run: the FTS5 tables and vocabularies; per record kind its triggers
#: (each dropped first); the index filled; the covering indexes for ranking.
_SQLITE_UP = (
    *frozen_ops.sqlite_fts_tables("inv_fts_standard"),
    *frozen_ops.sqlite_fts_tables("inv_fts_authorisation"),
    *frozen_ops.sqlite_fts_tables("inv_fts_authorisation_item"),
    *frozen_ops.sqlite_fts_tables("inv_fts_staff"),
    *frozen_ops.sqlite_fts_tables("inv_fts_credential"),
    *frozen_ops.sqlite_fts_triggers(
        "inv_fts_standard", "standard",
        ["name", "certificate_no", "code", "range_text", "accuracy_text", "responsible_person"], _STANDARD_DOC,
        [("service", "standard_id", ["name", "procedure"])]),
    *frozen_ops.sqlite_fts_triggers("inv_fts_authorisation", "authorisation", ["certificate_no", "authority"],
                                    _AUTHORISATION_DOC),
    *frozen_ops.sqlite_fts_triggers("inv_fts_authorisation_item", "authorisation_item",
                                    ["name", "procedure", "range_text"], _AUTHORISATION_ITEM_DOC),
    *frozen_ops.sqlite_fts_triggers("inv_fts_staff", "staff", ["name", "department", "title"], _STAFF_DOC),
    *frozen_ops.sqlite_fts_triggers("inv_fts_credential", "credential", ["certificate_no"], _CREDENTIAL_DOC,
                                    [("credential_item", "credential_id", ["name"])]),
    *frozen_ops.sqlite_fts_refill("inv_fts_standard", _STANDARD_DOC),
    *frozen_ops.sqlite_fts_refill("inv_fts_authorisation", _AUTHORISATION_DOC),
    *frozen_ops.sqlite_fts_refill("inv_fts_authorisation_item", _AUTHORISATION_ITEM_DOC),
    *frozen_ops.sqlite_fts_refill("inv_fts_staff", _STAFF_DOC),
    *frozen_ops.sqlite_fts_refill("inv_fts_credential", _CREDENTIAL_DOC),
    ("CREATE INDEX IF NOT EXISTS ix_inv_standard_rank ON standard (id, quantity, range_min, range_max, "
     "institute_id, status, issued_on, valid_until, grade, code, unit, accuracy_kind, accuracy_value, "
     "accuracy_relative, accuracy_class)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_standard_qty_rank ON standard (quantity, range_min, range_max, "
     "institute_id, status, issued_on, valid_until, grade, code, unit, accuracy_kind, accuracy_value, "
     "accuracy_relative, accuracy_class)"),
)

#: PostgreSQL: the two-character pieces of a text, and a GIN index on them per table.
_PG_UP = (
    ("CREATE OR REPLACE FUNCTION inv_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT "
     "PARALLEL SAFE AS $$ SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}'::text[]) FROM "
     "generate_series(1, length(t) - 1) AS i $$"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_standard ON standard USING gin "
     "(inv_bigrams((coalesce(name, '') || '  ' || coalesce(certificate_no, '') || '  ' || coalesce(code, "
     "'') || '  ' || coalesce(range_text, '') || '  ' || coalesce(accuracy_text, '') || '  ' || "
     "coalesce(responsible_person, '') || '  ')))"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_service ON service USING gin (inv_bigrams((coalesce(name, "
     "'') || '  ' || coalesce(procedure, '') || '  ')))"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_authorisation ON authorisation USING gin "
     "(inv_bigrams((coalesce(certificate_no, '') || '  ' || coalesce(authority, '') || '  ')))"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_authorisation_item ON authorisation_item USING gin "
     "(inv_bigrams((coalesce(name, '') || '  ' || coalesce(procedure, '') || '  ' || coalesce(range_text, "
     "'') || '  ')))"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_staff ON staff USING gin (inv_bigrams((coalesce(name, '') "
     "|| '  ' || coalesce(department, '') || '  ' || coalesce(title, '') || '  ')))"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_credential ON credential USING gin "
     "(inv_bigrams((coalesce(certificate_no, '') || '  ')))"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_bigram_credential_item ON credential_item USING gin "
     "(inv_bigrams((coalesce(name, '') || '  ')))"),
)

#: PostgreSQL, once pg_trgm is there: its GIN index on each table's document.
_PG_TRGM_UP = (
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_standard ON standard USING gin ((coalesce(name, '') || '  ' "
     "|| coalesce(certificate_no, '') || '  ' || coalesce(code, '') || '  ' || coalesce(range_text, '') "
     "|| '  ' || coalesce(accuracy_text, '') || '  ' || coalesce(responsible_person, '') || '  ') "
     "gin_trgm_ops)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_service ON service USING gin ((coalesce(name, '') || '  ' || "
     "coalesce(procedure, '') || '  ') gin_trgm_ops)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_authorisation ON authorisation USING gin "
     "((coalesce(certificate_no, '') || '  ' || coalesce(authority, '') || '  ') gin_trgm_ops)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_authorisation_item ON authorisation_item USING gin "
     "((coalesce(name, '') || '  ' || coalesce(procedure, '') || '  ' || coalesce(range_text, '') || "
     "'  ') gin_trgm_ops)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_staff ON staff USING gin ((coalesce(name, '') || '  ' || "
     "coalesce(department, '') || '  ' || coalesce(title, '') || '  ') gin_trgm_ops)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_credential ON credential USING gin "
     "((coalesce(certificate_no, '') || '  ') gin_trgm_ops)"),
    ("CREATE INDEX IF NOT EXISTS ix_inv_trgm_credential_item ON credential_item USING gin "
     "((coalesce(name, '') || '  ') gin_trgm_ops)"),
)

#: Both databases.
_BOTH_UP = ("CREATE INDEX IF NOT EXISTS ix_inv_authitem_quantity ON authorisation_item (quantity, range_min, range_max)",)
_BOTH_DOWN = ("DROP INDEX IF EXISTS ix_inv_authitem_quantity",)

_SQLITE_DOWN = (
    "DROP INDEX IF EXISTS ix_inv_standard_rank",
    "DROP INDEX IF EXISTS ix_inv_standard_qty_rank",
    *frozen_ops.sqlite_fts_drop("inv_fts_standard", ["standard", "service"]),
    *frozen_ops.sqlite_fts_drop("inv_fts_authorisation", ["authorisation"]),
    *frozen_ops.sqlite_fts_drop("inv_fts_authorisation_item", ["authorisation_item"]),
    *frozen_ops.sqlite_fts_drop("inv_fts_staff", ["staff"]),
    *frozen_ops.sqlite_fts_drop("inv_fts_credential", ["credential", "credential_item"]),
)

_PG_DOWN = (
    "DROP INDEX IF EXISTS ix_inv_trgm_standard",
    "DROP INDEX IF EXISTS ix_inv_bigram_standard",
    "DROP INDEX IF EXISTS ix_inv_trgm_service",
    "DROP INDEX IF EXISTS ix_inv_bigram_service",
    "DROP INDEX IF EXISTS ix_inv_trgm_authorisation",
    "DROP INDEX IF EXISTS ix_inv_bigram_authorisation",
    "DROP INDEX IF EXISTS ix_inv_trgm_authorisation_item",
    "DROP INDEX IF EXISTS ix_inv_bigram_authorisation_item",
    "DROP INDEX IF EXISTS ix_inv_trgm_staff",
    "DROP INDEX IF EXISTS ix_inv_bigram_staff",
    "DROP INDEX IF EXISTS ix_inv_trgm_credential",
    "DROP INDEX IF EXISTS ix_inv_bigram_credential",
    "DROP INDEX IF EXISTS ix_inv_trgm_credential_item",
    "DROP INDEX IF EXISTS ix_inv_bigram_credential_item",
    "DROP FUNCTION IF EXISTS inv_bigrams(text)",
)


def upgrade() -> None:
    conn = op.get_bind()
    frozen_ops.search_up(conn, _SQLITE_UP, _PG_UP, _PG_TRGM_UP, log)
    frozen_ops.run(conn, _BOTH_UP)


def downgrade() -> None:
    conn = op.get_bind()
    frozen_ops.run(conn, _BOTH_DOWN)
    frozen_ops.search_down(conn, _SQLITE_DOWN, _PG_DOWN)
