"""PostgreSQL text search: one document per standard, with its own indexes (issue 20).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 12:30:00

A text term's standards came from the two-character / trigram GIN indexes of three tables
(the standard's, its services' and its capability rows' documents), and GIN has no index-only
scan: a broad term (压力, one standard in seven at 200,000) read every candidate row of the
three tables for its standard id, then merged the three sets. Here each standard's whole
document (as SQLite's ``inv_fts_standard`` holds it: its own columns, then its services' and
its rows', each followed by two spaces; the children in id order; lower-cased, so that a
term's ``LIKE`` of its ``lower()`` gives ILIKE's answer without lowering every document) is one row of
``inv_doc_standard`` keyed by the standard's id, with a two-character and (where pg_trgm is) a
trigram GIN index: the ids come from one index over standard ids. Statement triggers with
transition tables on the three tables keep the rows exact on every write (the merge's COPY,
the editor's save, deletes and their cascades): one refresh per statement, for all the
standards it touched. ``labregistry.doc_deferred`` (transaction-local) lets a bulk block
write its new standards' documents once at its end (``storage.searchindex.deferred``).

SQLite: nothing (its FTS table is that document already). The DDL is frozen here, as this
revision ran it: the statements the live spec (``storage.searchindex.pg_document_ddl``) made,
copied out of a run, the rows filled before the indexes are built. No live code imported.
"""

from __future__ import annotations

from labregistry.storage.migrations import frozen_ops

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

#: The table, its rows, the two-character function and index, the refresh function, the nine triggers.
_PG_UP = (
    'CREATE TABLE IF NOT EXISTS inv_doc_standard (standard_id integer PRIMARY KEY, doc text NOT NULL)',
    "INSERT INTO inv_doc_standard (standard_id, doc) SELECT r.id, lower((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT string_agg((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || '  '), '' ORDER BY ch.id) FROM service ch WHERE ch.standard_id = r.id), '') || coalesce((SELECT string_agg((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), '' ORDER BY ch.id) FROM capability ch WHERE ch.standard_id = r.id), '')) FROM standard r ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc",
    "CREATE OR REPLACE FUNCTION inv_doc_bigrams(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$ DECLARE c text[] := string_to_array(t, NULL); o text[] := '{}'; BEGIN FOR i IN 1 .. cardinality(c) - 1 LOOP o := o || (c[i] || c[i + 1]); END LOOP; RETURN o; END $$",
    'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_bigram ON inv_doc_standard USING gin (inv_doc_bigrams(doc))',
    "CREATE OR REPLACE FUNCTION inv_doc_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$ DELETE FROM inv_doc_standard d WHERE d.standard_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.id = d.standard_id); INSERT INTO inv_doc_standard (standard_id, doc) SELECT r.id, lower((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT string_agg((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || '  '), '' ORDER BY ch.id) FROM service ch WHERE ch.standard_id = r.id), '') || coalesce((SELECT string_agg((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), '' ORDER BY ch.id) FROM capability ch WHERE ch.standard_id = r.id), '')) FROM standard r WHERE r.id IN (SELECT unnest(ids)) ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc WHERE inv_doc_standard.doc IS DISTINCT FROM excluded.doc; $$",
    "CREATE OR REPLACE FUNCTION inv_doc_standard_sync() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE ids integer[]; BEGIN IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT id FROM new_rows); ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT id FROM old_rows); ELSE ids := ARRAY(SELECT DISTINCT unnest(ARRAY[o.id, n.id]) FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.id, (coalesce(o.name, '') || '  ' || coalesce(o.certificate_no, '') || '  ' || coalesce(o.code, '') || '  ' || coalesce(o.range_text, '') || '  ' || coalesce(o.accuracy_text, '') || '  ' || coalesce(o.responsible_person, '') || '  ')) IS DISTINCT FROM (n.id, (coalesce(n.name, '') || '  ' || coalesce(n.certificate_no, '') || '  ' || coalesce(n.code, '') || '  ' || coalesce(n.range_text, '') || '  ' || coalesce(n.accuracy_text, '') || '  ' || coalesce(n.responsible_person, '') || '  '))); END IF; IF cardinality(ids) = 0 THEN RETURN NULL; END IF; IF coalesce(current_setting('labregistry.doc_deferred', true), '') = 'on' THEN INSERT INTO pg_temp.inv_doc_touched (standard_id) SELECT unnest(ids); ELSE PERFORM inv_doc_refresh(ids); END IF; RETURN NULL; END $$",
    'DROP TRIGGER IF EXISTS inv_doc_standard_insert ON standard',
    'CREATE TRIGGER inv_doc_standard_insert AFTER INSERT ON standard REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_standard_sync()',
    'DROP TRIGGER IF EXISTS inv_doc_standard_update ON standard',
    'CREATE TRIGGER inv_doc_standard_update AFTER UPDATE ON standard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_standard_sync()',
    'DROP TRIGGER IF EXISTS inv_doc_standard_delete ON standard',
    'CREATE TRIGGER inv_doc_standard_delete AFTER DELETE ON standard REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_standard_sync()',
    "CREATE OR REPLACE FUNCTION inv_doc_service_sync() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE ids integer[]; BEGIN IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT standard_id FROM new_rows); ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT standard_id FROM old_rows); ELSE ids := ARRAY(SELECT DISTINCT unnest(ARRAY[o.standard_id, n.standard_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.standard_id, (coalesce(o.name, '') || '  ' || coalesce(o.procedure, '') || '  ')) IS DISTINCT FROM (n.standard_id, (coalesce(n.name, '') || '  ' || coalesce(n.procedure, '') || '  '))); END IF; IF cardinality(ids) = 0 THEN RETURN NULL; END IF; IF coalesce(current_setting('labregistry.doc_deferred', true), '') = 'on' THEN INSERT INTO pg_temp.inv_doc_touched (standard_id) SELECT unnest(ids); ELSE PERFORM inv_doc_refresh(ids); END IF; RETURN NULL; END $$",
    'DROP TRIGGER IF EXISTS inv_doc_service_insert ON service',
    'CREATE TRIGGER inv_doc_service_insert AFTER INSERT ON service REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_service_sync()',
    'DROP TRIGGER IF EXISTS inv_doc_service_update ON service',
    'CREATE TRIGGER inv_doc_service_update AFTER UPDATE ON service REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_service_sync()',
    'DROP TRIGGER IF EXISTS inv_doc_service_delete ON service',
    'CREATE TRIGGER inv_doc_service_delete AFTER DELETE ON service REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_service_sync()',
    "CREATE OR REPLACE FUNCTION inv_doc_capability_sync() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE ids integer[]; BEGIN IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT standard_id FROM new_rows); ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT standard_id FROM old_rows); ELSE ids := ARRAY(SELECT DISTINCT unnest(ARRAY[o.standard_id, n.standard_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.standard_id, (coalesce(o.parameter, '') || '  ' || coalesce(o.conditions, '') || '  ')) IS DISTINCT FROM (n.standard_id, (coalesce(n.parameter, '') || '  ' || coalesce(n.conditions, '') || '  '))); END IF; IF cardinality(ids) = 0 THEN RETURN NULL; END IF; IF coalesce(current_setting('labregistry.doc_deferred', true), '') = 'on' THEN INSERT INTO pg_temp.inv_doc_touched (standard_id) SELECT unnest(ids); ELSE PERFORM inv_doc_refresh(ids); END IF; RETURN NULL; END $$",
    'DROP TRIGGER IF EXISTS inv_doc_capability_insert ON capability',
    'CREATE TRIGGER inv_doc_capability_insert AFTER INSERT ON capability REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_capability_sync()',
    'DROP TRIGGER IF EXISTS inv_doc_capability_update ON capability',
    'CREATE TRIGGER inv_doc_capability_update AFTER UPDATE ON capability REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_capability_sync()',
    'DROP TRIGGER IF EXISTS inv_doc_capability_delete ON capability',
    'CREATE TRIGGER inv_doc_capability_delete AFTER DELETE ON capability REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_doc_capability_sync()',
)

#: First of all: no client (of 0014, without the triggers) may write the three tables from the
#: fill until this revision commits. The fill runs before the triggers exist; a save committed
#: between them was in no document (until ``search-index --rebuild``). SHARE ROW EXCLUSIVE lets
#: searches read on and makes saves wait (a client's lock_timeout, LABREGISTRY_LOCK_WAIT: then it
#: fails cleanly, nothing written). Making the triggers before the fill would not do: a trigger
#: that is not committed fires for no other session, and the three ``CREATE TRIGGER`` take this
#: very lock anyway, one table at a time; one statement takes all three, in one order.
_PG_LOCK = 'LOCK TABLE standard, service, capability IN SHARE ROW EXCLUSIVE MODE'

#: Where pg_trgm is (revision 0003 made it when it could): the documents' trigram index.
_PG_TRGM = 'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_trgm ON inv_doc_standard USING gin (doc gin_trgm_ops)'

_PG_DOWN = (
    'DROP TRIGGER IF EXISTS inv_doc_standard_insert ON standard',
    'DROP TRIGGER IF EXISTS inv_doc_standard_update ON standard',
    'DROP TRIGGER IF EXISTS inv_doc_standard_delete ON standard',
    'DROP TRIGGER IF EXISTS inv_doc_service_insert ON service',
    'DROP TRIGGER IF EXISTS inv_doc_service_update ON service',
    'DROP TRIGGER IF EXISTS inv_doc_service_delete ON service',
    'DROP TRIGGER IF EXISTS inv_doc_capability_insert ON capability',
    'DROP TRIGGER IF EXISTS inv_doc_capability_update ON capability',
    'DROP TRIGGER IF EXISTS inv_doc_capability_delete ON capability',
    'DROP FUNCTION IF EXISTS inv_doc_standard_sync()',
    'DROP FUNCTION IF EXISTS inv_doc_service_sync()',
    'DROP FUNCTION IF EXISTS inv_doc_capability_sync()',
    'DROP FUNCTION IF EXISTS inv_doc_refresh(integer[])',
    'DROP TABLE IF EXISTS inv_doc_standard',
    'DROP FUNCTION IF EXISTS inv_doc_bigrams(text)',
)


def upgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is None:
        return
    frozen_ops.run_then_trgm_index(conn, (_PG_LOCK, *_PG_UP), _PG_TRGM, "inv_doc_standard")


def downgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, _PG_DOWN)
