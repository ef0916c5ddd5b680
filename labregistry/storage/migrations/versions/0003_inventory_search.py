"""Inventory search: substring text indexes (SQLite FTS5 trigram + triggers; PostgreSQL
pg_trgm GIN) and the indexes regional search, recognition and coverage rely on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:00:00

The DDL is frozen here, as this revision ran it: the statements below are those the live
index specs made (``labregistry.storage.searchindex``'s ``install`` and ``uninstall``, at
3881546), copied out of a run on each database. The live specs serve the queries and may
change, with a revision of their own; what this revision did may not.
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

#: SQLite, in the order run: the FTS5 tables and vocabularies; per record kind its triggers
#: (each dropped first); the index filled; the covering indexes for ranking.
_SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_standard USING fts5(doc, tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_standard_vocab USING fts5vocab(inv_fts_standard, 'row')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_authorisation USING fts5(doc, tokenize='trigram')",
    ("CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_authorisation_vocab USING "
     "fts5vocab(inv_fts_authorisation, 'row')"),
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_authorisation_item USING fts5(doc, tokenize='trigram')",
    ("CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_authorisation_item_vocab USING "
     "fts5vocab(inv_fts_authorisation_item, 'row')"),
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_staff USING fts5(doc, tokenize='trigram')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_staff_vocab USING fts5vocab(inv_fts_staff, 'row')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_credential USING fts5(doc, tokenize='trigram')",
    ("CREATE VIRTUAL TABLE IF NOT EXISTS inv_fts_credential_vocab USING fts5vocab(inv_fts_credential, "
     "'row')"),
    "DROP TRIGGER IF EXISTS inv_fts_standard_standard_ai",
    "DROP TRIGGER IF EXISTS inv_fts_standard_standard_au",
    "DROP TRIGGER IF EXISTS inv_fts_standard_standard_ad",
    "DROP TRIGGER IF EXISTS inv_fts_standard_service_ai",
    "DROP TRIGGER IF EXISTS inv_fts_standard_service_au",
    "DROP TRIGGER IF EXISTS inv_fts_standard_service_ad",
    ("CREATE TRIGGER inv_fts_standard_standard_ai AFTER INSERT ON standard BEGIN DELETE FROM "
     "inv_fts_standard WHERE rowid = new.id; INSERT INTO inv_fts_standard(rowid, doc) SELECT r.id, "
     "((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || "
     "'  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || "
     "coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') "
     "|| '  ' || coalesce(ch.procedure, '') || '  '), '') FROM service ch WHERE ch.standard_id = r.id), "
     "'')) FROM standard r WHERE r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_standard_standard_au AFTER UPDATE OF id, name, certificate_no, code, "
     "range_text, accuracy_text, responsible_person ON standard BEGIN DELETE FROM inv_fts_standard WHERE "
     "rowid = old.id; DELETE FROM inv_fts_standard WHERE rowid = new.id; INSERT INTO "
     "inv_fts_standard(rowid, doc) SELECT r.id, ((coalesce(r.name, '') || '  ' || "
     "coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, "
     "'') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') "
     "|| coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || "
     "'  '), '') FROM service ch WHERE ch.standard_id = r.id), '')) FROM standard r WHERE r.id = new.id; "
     "END"),
    ("CREATE TRIGGER inv_fts_standard_standard_ad AFTER DELETE ON standard BEGIN DELETE FROM "
     "inv_fts_standard WHERE rowid = old.id; END"),
    ("CREATE TRIGGER inv_fts_standard_service_ai AFTER INSERT ON service BEGIN DELETE FROM "
     "inv_fts_standard WHERE rowid = new.standard_id; INSERT INTO inv_fts_standard(rowid, doc) SELECT "
     "r.id, ((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, "
     "'') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || "
     "coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') "
     "|| '  ' || coalesce(ch.procedure, '') || '  '), '') FROM service ch WHERE ch.standard_id = r.id), "
     "'')) FROM standard r WHERE r.id = new.standard_id; END"),
    ("CREATE TRIGGER inv_fts_standard_service_au AFTER UPDATE OF standard_id, name, procedure ON service "
     "BEGIN DELETE FROM inv_fts_standard WHERE rowid = old.standard_id; INSERT INTO "
     "inv_fts_standard(rowid, doc) SELECT r.id, ((coalesce(r.name, '') || '  ' || "
     "coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, "
     "'') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') "
     "|| coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || "
     "'  '), '') FROM service ch WHERE ch.standard_id = r.id), '')) FROM standard r WHERE r.id = "
     "old.standard_id; DELETE FROM inv_fts_standard WHERE rowid = new.standard_id; INSERT INTO "
     "inv_fts_standard(rowid, doc) SELECT r.id, ((coalesce(r.name, '') || '  ' || "
     "coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, "
     "'') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') "
     "|| coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || "
     "'  '), '') FROM service ch WHERE ch.standard_id = r.id), '')) FROM standard r WHERE r.id = "
     "new.standard_id; END"),
    ("CREATE TRIGGER inv_fts_standard_service_ad AFTER DELETE ON service BEGIN DELETE FROM "
     "inv_fts_standard WHERE rowid = old.standard_id; INSERT INTO inv_fts_standard(rowid, doc) SELECT "
     "r.id, ((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, "
     "'') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || "
     "coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') "
     "|| '  ' || coalesce(ch.procedure, '') || '  '), '') FROM service ch WHERE ch.standard_id = r.id), "
     "'')) FROM standard r WHERE r.id = old.standard_id; END"),
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_authorisation_ai",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_authorisation_au",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_authorisation_ad",
    ("CREATE TRIGGER inv_fts_authorisation_authorisation_ai AFTER INSERT ON authorisation BEGIN DELETE "
     "FROM inv_fts_authorisation WHERE rowid = new.id; INSERT INTO inv_fts_authorisation(rowid, doc) "
     "SELECT r.id, (coalesce(r.certificate_no, '') || '  ' || coalesce(r.authority, '') || '  ') FROM "
     "authorisation r WHERE r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_authorisation_authorisation_au AFTER UPDATE OF id, certificate_no, authority "
     "ON authorisation BEGIN DELETE FROM inv_fts_authorisation WHERE rowid = old.id; DELETE FROM "
     "inv_fts_authorisation WHERE rowid = new.id; INSERT INTO inv_fts_authorisation(rowid, doc) SELECT "
     "r.id, (coalesce(r.certificate_no, '') || '  ' || coalesce(r.authority, '') || '  ') FROM "
     "authorisation r WHERE r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_authorisation_authorisation_ad AFTER DELETE ON authorisation BEGIN DELETE "
     "FROM inv_fts_authorisation WHERE rowid = old.id; END"),
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_item_authorisation_item_ai",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_item_authorisation_item_au",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_item_authorisation_item_ad",
    ("CREATE TRIGGER inv_fts_authorisation_item_authorisation_item_ai AFTER INSERT ON authorisation_item "
     "BEGIN DELETE FROM inv_fts_authorisation_item WHERE rowid = new.id; INSERT INTO "
     "inv_fts_authorisation_item(rowid, doc) SELECT r.id, (coalesce(r.name, '') || '  ' || "
     "coalesce(r.procedure, '') || '  ' || coalesce(r.range_text, '') || '  ') FROM authorisation_item r "
     "WHERE r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_authorisation_item_authorisation_item_au AFTER UPDATE OF id, name, "
     "procedure, range_text ON authorisation_item BEGIN DELETE FROM inv_fts_authorisation_item WHERE "
     "rowid = old.id; DELETE FROM inv_fts_authorisation_item WHERE rowid = new.id; INSERT INTO "
     "inv_fts_authorisation_item(rowid, doc) SELECT r.id, (coalesce(r.name, '') || '  ' || "
     "coalesce(r.procedure, '') || '  ' || coalesce(r.range_text, '') || '  ') FROM authorisation_item r "
     "WHERE r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_authorisation_item_authorisation_item_ad AFTER DELETE ON authorisation_item "
     "BEGIN DELETE FROM inv_fts_authorisation_item WHERE rowid = old.id; END"),
    "DROP TRIGGER IF EXISTS inv_fts_staff_staff_ai",
    "DROP TRIGGER IF EXISTS inv_fts_staff_staff_au",
    "DROP TRIGGER IF EXISTS inv_fts_staff_staff_ad",
    ("CREATE TRIGGER inv_fts_staff_staff_ai AFTER INSERT ON staff BEGIN DELETE FROM inv_fts_staff WHERE "
     "rowid = new.id; INSERT INTO inv_fts_staff(rowid, doc) SELECT r.id, (coalesce(r.name, '') || '  ' || "
     "coalesce(r.department, '') || '  ' || coalesce(r.title, '') || '  ') FROM staff r WHERE r.id = "
     "new.id; END"),
    ("CREATE TRIGGER inv_fts_staff_staff_au AFTER UPDATE OF id, name, department, title ON staff BEGIN "
     "DELETE FROM inv_fts_staff WHERE rowid = old.id; DELETE FROM inv_fts_staff WHERE rowid = new.id; "
     "INSERT INTO inv_fts_staff(rowid, doc) SELECT r.id, (coalesce(r.name, '') || '  ' || "
     "coalesce(r.department, '') || '  ' || coalesce(r.title, '') || '  ') FROM staff r WHERE r.id = "
     "new.id; END"),
    ("CREATE TRIGGER inv_fts_staff_staff_ad AFTER DELETE ON staff BEGIN DELETE FROM inv_fts_staff WHERE "
     "rowid = old.id; END"),
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_ai",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_au",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_ad",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_item_ai",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_item_au",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_item_ad",
    ("CREATE TRIGGER inv_fts_credential_credential_ai AFTER INSERT ON credential BEGIN DELETE FROM "
     "inv_fts_credential WHERE rowid = new.id; INSERT INTO inv_fts_credential(rowid, doc) SELECT r.id, "
     "((coalesce(r.certificate_no, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') "
     "|| '  '), '') FROM credential_item ch WHERE ch.credential_id = r.id), '')) FROM credential r WHERE "
     "r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_credential_credential_au AFTER UPDATE OF id, certificate_no ON credential "
     "BEGIN DELETE FROM inv_fts_credential WHERE rowid = old.id; DELETE FROM inv_fts_credential WHERE "
     "rowid = new.id; INSERT INTO inv_fts_credential(rowid, doc) SELECT r.id, "
     "((coalesce(r.certificate_no, '') || '  ') || coalesce((SELECT group_concat((coalesce(ch.name, '') "
     "|| '  '), '') FROM credential_item ch WHERE ch.credential_id = r.id), '')) FROM credential r WHERE "
     "r.id = new.id; END"),
    ("CREATE TRIGGER inv_fts_credential_credential_ad AFTER DELETE ON credential BEGIN DELETE FROM "
     "inv_fts_credential WHERE rowid = old.id; END"),
    ("CREATE TRIGGER inv_fts_credential_credential_item_ai AFTER INSERT ON credential_item BEGIN DELETE "
     "FROM inv_fts_credential WHERE rowid = new.credential_id; INSERT INTO inv_fts_credential(rowid, doc) "
     "SELECT r.id, ((coalesce(r.certificate_no, '') || '  ') || coalesce((SELECT "
     "group_concat((coalesce(ch.name, '') || '  '), '') FROM credential_item ch WHERE ch.credential_id = "
     "r.id), '')) FROM credential r WHERE r.id = new.credential_id; END"),
    ("CREATE TRIGGER inv_fts_credential_credential_item_au AFTER UPDATE OF credential_id, name ON "
     "credential_item BEGIN DELETE FROM inv_fts_credential WHERE rowid = old.credential_id; INSERT INTO "
     "inv_fts_credential(rowid, doc) SELECT r.id, ((coalesce(r.certificate_no, '') || '  ') || "
     "coalesce((SELECT group_concat((coalesce(ch.name, '') || '  '), '') FROM credential_item ch WHERE "
     "ch.credential_id = r.id), '')) FROM credential r WHERE r.id = old.credential_id; DELETE FROM "
     "inv_fts_credential WHERE rowid = new.credential_id; INSERT INTO inv_fts_credential(rowid, doc) "
     "SELECT r.id, ((coalesce(r.certificate_no, '') || '  ') || coalesce((SELECT "
     "group_concat((coalesce(ch.name, '') || '  '), '') FROM credential_item ch WHERE ch.credential_id = "
     "r.id), '')) FROM credential r WHERE r.id = new.credential_id; END"),
    ("CREATE TRIGGER inv_fts_credential_credential_item_ad AFTER DELETE ON credential_item BEGIN DELETE "
     "FROM inv_fts_credential WHERE rowid = old.credential_id; INSERT INTO inv_fts_credential(rowid, doc) "
     "SELECT r.id, ((coalesce(r.certificate_no, '') || '  ') || coalesce((SELECT "
     "group_concat((coalesce(ch.name, '') || '  '), '') FROM credential_item ch WHERE ch.credential_id = "
     "r.id), '')) FROM credential r WHERE r.id = old.credential_id; END"),
    "DELETE FROM inv_fts_standard",
    ("INSERT INTO inv_fts_standard(rowid, doc) SELECT r.id, ((coalesce(r.name, '') || '  ' || "
     "coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, "
     "'') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') "
     "|| coalesce((SELECT group_concat((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || "
     "'  '), '') FROM service ch WHERE ch.standard_id = r.id), '')) FROM standard r"),
    "DELETE FROM inv_fts_authorisation",
    ("INSERT INTO inv_fts_authorisation(rowid, doc) SELECT r.id, (coalesce(r.certificate_no, '') || '  ' "
     "|| coalesce(r.authority, '') || '  ') FROM authorisation r"),
    "DELETE FROM inv_fts_authorisation_item",
    ("INSERT INTO inv_fts_authorisation_item(rowid, doc) SELECT r.id, (coalesce(r.name, '') || '  ' || "
     "coalesce(r.procedure, '') || '  ' || coalesce(r.range_text, '') || '  ') FROM authorisation_item r"),
    "DELETE FROM inv_fts_staff",
    ("INSERT INTO inv_fts_staff(rowid, doc) SELECT r.id, (coalesce(r.name, '') || '  ' || "
     "coalesce(r.department, '') || '  ' || coalesce(r.title, '') || '  ') FROM staff r"),
    "DELETE FROM inv_fts_credential",
    ("INSERT INTO inv_fts_credential(rowid, doc) SELECT r.id, ((coalesce(r.certificate_no, '') || '  ') "
     "|| coalesce((SELECT group_concat((coalesce(ch.name, '') || '  '), '') FROM credential_item ch WHERE "
     "ch.credential_id = r.id), '')) FROM credential r"),
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
    "DROP TRIGGER IF EXISTS inv_fts_standard_standard_ai",
    "DROP TRIGGER IF EXISTS inv_fts_standard_standard_au",
    "DROP TRIGGER IF EXISTS inv_fts_standard_standard_ad",
    "DROP TRIGGER IF EXISTS inv_fts_standard_service_ai",
    "DROP TRIGGER IF EXISTS inv_fts_standard_service_au",
    "DROP TRIGGER IF EXISTS inv_fts_standard_service_ad",
    "DROP TABLE IF EXISTS inv_fts_standard_vocab",
    "DROP TABLE IF EXISTS inv_fts_standard",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_authorisation_ai",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_authorisation_au",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_authorisation_ad",
    "DROP TABLE IF EXISTS inv_fts_authorisation_vocab",
    "DROP TABLE IF EXISTS inv_fts_authorisation",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_item_authorisation_item_ai",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_item_authorisation_item_au",
    "DROP TRIGGER IF EXISTS inv_fts_authorisation_item_authorisation_item_ad",
    "DROP TABLE IF EXISTS inv_fts_authorisation_item_vocab",
    "DROP TABLE IF EXISTS inv_fts_authorisation_item",
    "DROP TRIGGER IF EXISTS inv_fts_staff_staff_ai",
    "DROP TRIGGER IF EXISTS inv_fts_staff_staff_au",
    "DROP TRIGGER IF EXISTS inv_fts_staff_staff_ad",
    "DROP TABLE IF EXISTS inv_fts_staff_vocab",
    "DROP TABLE IF EXISTS inv_fts_staff",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_ai",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_au",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_ad",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_item_ai",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_item_au",
    "DROP TRIGGER IF EXISTS inv_fts_credential_credential_item_ad",
    "DROP TABLE IF EXISTS inv_fts_credential_vocab",
    "DROP TABLE IF EXISTS inv_fts_credential",
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
