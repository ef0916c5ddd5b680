"""PostgreSQL search in a place: each standard's institute beside its document and its capability
rows (issue 20).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 00:30:00

A search narrowed to a place (a province, a city, an institute, the own institute) read its text
from the documents (0015, 0017) or its capability rows from their summary (0016), and then looked
every match up in ``standard`` for its institute: the documents' and the summary's paths, which
answer from their own rows, were declined for it. On the quiet machine (200,000 standards /
1,000,000, median ms) text 温度 + 浙江 took 76.7 / 370.8, text 直流电压 + 江苏 on a date 79.6 /
315.8 and pressure at 500 kPa in 江苏/浙江 90.5 / 410.4, the slowest of the mix. Both tables now
hold the standard's ``institute_id`` (the summary also at the end of its covering index), so such
a search filters their rows by the ids of the place's institutes and joins nothing. The id, not
the province: it answers every place filter, and an institute's province or city changing
changes none of the rows. The triggers that follow a standard's update (0016's
``inv_cap_row_standard_sync``, 0017's ``inv_doc_validity_sync``) write it when it changed; the
refresh of a document and a capability row's summary write it with the rest.

The documents' two GIN indexes and the summary's two indexes are dropped before the fill and
built again after it (every row is written once more). SQLite: nothing (its search reads the
standards' own indexes). The DDL is frozen here, as this revision ran it: the statements the
live specs (``storage.searchindex.pg_document_ddl``, ``pg_capability_ddl``) made, copied out of
a run. No live code imported.
"""

from __future__ import annotations

from labregistry.storage.migrations import frozen_ops

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

#: The documents' indexes dropped, their column and its fill, the bigram index again, the refresh
#: and the standard's trigger function that write it; the summary's likewise (its two indexes, the
#: column and its fill, the indexes again, the two trigger functions), then its statistics.
_PG_UP = (
    'DROP INDEX IF EXISTS ix_inv_doc_standard_bigram',
    'DROP INDEX IF EXISTS ix_inv_doc_standard_trgm',
    'ALTER TABLE inv_doc_standard ADD COLUMN IF NOT EXISTS institute_id integer',
    'UPDATE inv_doc_standard d SET institute_id = s.institute_id FROM standard s WHERE s.id = d.standard_id',
    'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_bigram ON inv_doc_standard USING gin (inv_doc_bigrams(doc))',
    "CREATE OR REPLACE FUNCTION inv_doc_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$ DELETE FROM inv_doc_standard d WHERE d.standard_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.id = d.standard_id); INSERT INTO inv_doc_standard (standard_id, doc, valid_from, valid_until, institute_id) SELECT r.id, lower((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT string_agg((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || '  '), '' ORDER BY ch.id) FROM service ch WHERE ch.standard_id = r.id), '') || coalesce((SELECT string_agg((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), '' ORDER BY ch.id) FROM capability ch WHERE ch.standard_id = r.id), '')), CASE WHEN r.status NOT IN ('suspended', 'revoked') THEN coalesce(r.issued_on, '0001-01-01'::date) END, r.valid_until, r.institute_id FROM standard r WHERE r.id IN (SELECT unnest(ids)) ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc, valid_from = excluded.valid_from, valid_until = excluded.valid_until, institute_id = excluded.institute_id WHERE (inv_doc_standard.doc, inv_doc_standard.valid_from, inv_doc_standard.valid_until, inv_doc_standard.institute_id) IS DISTINCT FROM (excluded.doc, excluded.valid_from, excluded.valid_until, excluded.institute_id); $$",
    "CREATE OR REPLACE FUNCTION inv_doc_validity_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE inv_doc_standard d SET valid_from = CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, valid_until = n.valid_until, institute_id = n.institute_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE d.standard_id = n.id AND (CASE WHEN o.status NOT IN ('suspended', 'revoked') THEN coalesce(o.issued_on, '0001-01-01'::date) END, o.valid_until, o.institute_id) IS DISTINCT FROM (CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, n.valid_until, n.institute_id); RETURN NULL; END $$",
    'DROP INDEX IF EXISTS ix_inv_cap_row_search',
    'DROP INDEX IF EXISTS ix_inv_cap_row_standard',
    'ALTER TABLE inv_cap_row ADD COLUMN IF NOT EXISTS institute_id integer',
    'UPDATE inv_cap_row r SET institute_id = s.institute_id FROM standard s WHERE s.id = r.standard_id',
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_search ON inv_cap_row (quantity, range_min, range_max, standard_id, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until, institute_id)',
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_standard ON inv_cap_row (standard_id)',
    "CREATE OR REPLACE FUNCTION inv_cap_row_capability_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM inv_cap_row WHERE id IN (SELECT id FROM old_rows); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until, institute_id) SELECT c.id, c.standard_id, c.quantity, c.range_min, c.range_max, c.unit, c.error_constant, c.error_of_reading, c.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01'::date) END, s.valid_until, s.institute_id FROM new_rows c JOIN standard s ON s.id = c.standard_id; END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION inv_cap_row_standard_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE inv_cap_row r SET valid_from = CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, valid_until = n.valid_until, institute_id = n.institute_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE r.standard_id = n.id AND (CASE WHEN o.status NOT IN ('suspended', 'revoked') THEN coalesce(o.issued_on, '0001-01-01'::date) END, o.valid_until, o.institute_id) IS DISTINCT FROM (CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, n.valid_until, n.institute_id); RETURN NULL; END $$",
    'ANALYZE inv_cap_row',
)

#: As revisions 0015 and 0017: no client may write the three tables between the fill and the new
#: functions (a client of 0017's code runs the server's functions, which this revision replaces in
#: the same transaction). SHARE ROW EXCLUSIVE lets searches read on and makes saves wait.
_PG_LOCK = 'LOCK TABLE standard, service, capability IN SHARE ROW EXCLUSIVE MODE'

#: Where pg_trgm is (revision 0003 made it when it could), the documents' trigram index again.
_PG_TRGM = 'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_trgm ON inv_doc_standard USING gin (doc gin_trgm_ops)'

#: 0017's refresh and validity trigger function, 0016's summary functions and covering index, the columns gone.
_PG_DOWN = (
    "CREATE OR REPLACE FUNCTION inv_doc_validity_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE inv_doc_standard d SET valid_from = CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, valid_until = n.valid_until FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE d.standard_id = n.id AND (CASE WHEN o.status NOT IN ('suspended', 'revoked') THEN coalesce(o.issued_on, '0001-01-01'::date) END, o.valid_until) IS DISTINCT FROM (CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, n.valid_until); RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION inv_doc_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$ DELETE FROM inv_doc_standard d WHERE d.standard_id IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.id = d.standard_id); INSERT INTO inv_doc_standard (standard_id, doc, valid_from, valid_until) SELECT r.id, lower((coalesce(r.name, '') || '  ' || coalesce(r.certificate_no, '') || '  ' || coalesce(r.code, '') || '  ' || coalesce(r.range_text, '') || '  ' || coalesce(r.accuracy_text, '') || '  ' || coalesce(r.responsible_person, '') || '  ') || coalesce((SELECT string_agg((coalesce(ch.name, '') || '  ' || coalesce(ch.procedure, '') || '  '), '' ORDER BY ch.id) FROM service ch WHERE ch.standard_id = r.id), '') || coalesce((SELECT string_agg((coalesce(ch.parameter, '') || '  ' || coalesce(ch.conditions, '') || '  '), '' ORDER BY ch.id) FROM capability ch WHERE ch.standard_id = r.id), '')), CASE WHEN r.status NOT IN ('suspended', 'revoked') THEN coalesce(r.issued_on, '0001-01-01'::date) END, r.valid_until FROM standard r WHERE r.id IN (SELECT unnest(ids)) ON CONFLICT (standard_id) DO UPDATE SET doc = excluded.doc, valid_from = excluded.valid_from, valid_until = excluded.valid_until WHERE (inv_doc_standard.doc, inv_doc_standard.valid_from, inv_doc_standard.valid_until) IS DISTINCT FROM (excluded.doc, excluded.valid_from, excluded.valid_until); $$",
    "CREATE OR REPLACE FUNCTION inv_cap_row_capability_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM inv_cap_row WHERE id IN (SELECT id FROM old_rows); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until) SELECT c.id, c.standard_id, c.quantity, c.range_min, c.range_max, c.unit, c.error_constant, c.error_of_reading, c.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01'::date) END, s.valid_until FROM new_rows c JOIN standard s ON s.id = c.standard_id; END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION inv_cap_row_standard_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE inv_cap_row r SET valid_from = CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, valid_until = n.valid_until FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE r.standard_id = n.id AND (CASE WHEN o.status NOT IN ('suspended', 'revoked') THEN coalesce(o.issued_on, '0001-01-01'::date) END, o.valid_until) IS DISTINCT FROM (CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, n.valid_until); RETURN NULL; END $$",
    'DROP INDEX IF EXISTS ix_inv_cap_row_search',
    'ALTER TABLE inv_cap_row DROP COLUMN IF EXISTS institute_id',
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_search ON inv_cap_row (quantity, range_min, range_max, standard_id, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until)',
    'ALTER TABLE inv_doc_standard DROP COLUMN IF EXISTS institute_id',
)


def upgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run_then_trgm_index(conn, (_PG_LOCK, *_PG_UP), _PG_TRGM, "inv_doc_standard")


def downgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, _PG_DOWN)
