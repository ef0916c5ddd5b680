"""PostgreSQL text search on a date: each standard's document with its validity (issue 20).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 18:30:00

Free text on a date (the app searches on one always) collected the text's standard ids from the
documents of revision 0015 and then looked each of them up in ``standard`` to judge its validity
on the date and today (to rank): 砝码 valid on a date, 10,841 ids, 45,000 buffers read, 58 of
86 ms in ``EXPLAIN ANALYZE`` at load 4. ``inv_doc_standard`` now holds the standard's validity
beside its document, as the capability rows' summary of 0016 holds it (``valid_from``: the
issue date, 0001-01-01 without one, NULL when suspended or revoked; ``valid_until``), so that
such a search finds, ranks and counts its standards from the documents' rows the text's index
points to, with no look-up in ``standard`` (36 ms). The refresh function writes the validity
with the document; a statement trigger on a standard's update writes it when it changed (the
text triggers refresh only for a text change).

The two GIN indexes are dropped before the fill and built again after it (every row is written
once more: kept, each row's pieces would have been inserted again). SQLite: nothing (its text
path reads the standards' validity index). The DDL is frozen here, as this revision ran it:
the statements the live spec (``storage.searchindex.pg_document_ddl``) made, copied out of a
run. No live code imported.
"""

from __future__ import annotations

from labregistry.storage.migrations import frozen_ops

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

#: The indexes dropped, the two columns, their fill, the bigram index again, the refresh
#: function that writes them, the validity trigger and its function.
_PG_UP = (
    'DROP INDEX IF EXISTS ix_inv_doc_standard_bigram',
    'DROP INDEX IF EXISTS ix_inv_doc_standard_trgm',
    'ALTER TABLE inv_doc_standard ADD COLUMN IF NOT EXISTS valid_from date, ADD COLUMN IF NOT EXISTS valid_until date',
    "UPDATE inv_doc_standard d SET valid_from = CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01'::date) END, valid_until = s.valid_until FROM standard s WHERE s.id = d.standard_id",
    'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_bigram ON inv_doc_standard USING gin (inv_doc_bigrams(doc))',
    "CREATE OR REPLACE FUNCTION inv_doc_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$ DELETE FROM inv_doc_standard d WHERE d.standard_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.id = d.standard_id); INSERT INTO inv_doc_standard (standard_id, doc, valid_from, valid_until) SELECT r.id, lower((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT string_agg((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || '  '), '' ORDER BY ch.id) FROM service ch WHERE ch.standard_id = r.id), '') || coalesce((SELECT string_agg((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), '' ORDER BY ch.id) FROM capability ch WHERE ch.standard_id = r.id), '')), CASE WHEN r.status NOT IN ('suspended', 'revoked') THEN coalesce(r.issued_on, '0001-01-01'::date) END, r.valid_until FROM standard r WHERE r.id IN (SELECT unnest(ids)) ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc, valid_from = excluded.valid_from, valid_until = excluded.valid_until WHERE (inv_doc_standard.doc, inv_doc_standard.valid_from, inv_doc_standard.valid_until) IS DISTINCT FROM (excluded.doc, excluded.valid_from, excluded.valid_until); $$",
    "CREATE OR REPLACE FUNCTION inv_doc_validity_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE inv_doc_standard d SET valid_from = CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, valid_until = n.valid_until FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE d.standard_id = n.id AND (CASE WHEN o.status NOT IN ('suspended', 'revoked') THEN coalesce(o.issued_on, '0001-01-01'::date) END, o.valid_until) IS DISTINCT FROM (CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, n.valid_until); RETURN NULL; END $$",
    'DROP TRIGGER IF EXISTS inv_doc_standard_validity ON standard',
    'CREATE TRIGGER inv_doc_standard_validity AFTER UPDATE ON standard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_validity_sync()',
)

#: As revision 0015: no client may write the three tables between the fill and the new refresh
#: and trigger (a client of 0016's code runs the server's functions, which this revision replaces
#: in the same transaction).
_PG_LOCK = 'LOCK TABLE standard, service, capability IN SHARE ROW EXCLUSIVE MODE'

#: Where pg_trgm is (revision 0003 made it when it could), the documents' trigram index again.
_PG_TRGM = 'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_trgm ON inv_doc_standard USING gin (doc gin_trgm_ops)'

_PG_DOWN = (
    'DROP TRIGGER IF EXISTS inv_doc_standard_validity ON standard',
    'DROP FUNCTION IF EXISTS inv_doc_validity_sync()',
    "CREATE OR REPLACE FUNCTION inv_doc_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$ DELETE FROM inv_doc_standard d WHERE d.standard_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.id = d.standard_id); INSERT INTO inv_doc_standard (standard_id, doc) SELECT r.id, lower((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT string_agg((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || '  '), '' ORDER BY ch.id) FROM service ch WHERE ch.standard_id = r.id), '') || coalesce((SELECT string_agg((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), '' ORDER BY ch.id) FROM capability ch WHERE ch.standard_id = r.id), '')) FROM standard r WHERE r.id IN (SELECT unnest(ids)) ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc WHERE inv_doc_standard.doc IS DISTINCT FROM excluded.doc; $$",
    'ALTER TABLE inv_doc_standard DROP COLUMN IF EXISTS valid_from, DROP COLUMN IF EXISTS valid_until',
)


def upgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run_then_trgm_index(conn, (_PG_LOCK, *_PG_UP), _PG_TRGM, "inv_doc_standard")


def downgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, _PG_DOWN)
