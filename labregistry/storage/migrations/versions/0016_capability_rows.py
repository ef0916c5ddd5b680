"""PostgreSQL capability search: each capability row's searched columns beside its standard's
validity, in one table with one covering index (issues 18 and 20).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 16:00:00

A capability search (quantity, range, maximum uncertainty) groups the matching capability rows
per standard and then judges each standard's validity (valid on the date asked, or today to
rank): on PostgreSQL the planner hash-joined the groups to a scan of every standard
("temperature 20~300 ℃, U <= 0.05 ℃ valid on": 10,844 groups joined to a scan of 206,000
standards, 130 ms of server CPU). ``inv_cap_row`` holds, per capability row, what the search
reads of it (quantity, range, unit, error terms) and of its standard (``valid_from``: the issue
date, 0001-01-01 without one, NULL when suspended or revoked; ``valid_until``), so that the
search finds, ranks and counts standards from one index without joining ``standard`` (30 ms).
Statement triggers with transition tables keep it exact on every write (capability rows
inserted, updated, deleted, cascades included; a standard's validity changed).

SQLite: nothing (measured: the same table gave the same time there; its cost is the grouping).
The DDL is frozen here, as this revision ran it: the statements the live spec
(``storage.searchindex.pg_capability_ddl``) made, copied out of a run, the rows filled before the
indexes are built. No live code imported.
"""

from __future__ import annotations

from labregistry.storage.migrations import frozen_ops

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

#: The table, its rows (written afresh: ``search-index --rebuild`` of a later client may have made it), its two indexes, the two functions and the four triggers.
_PG_UP = (
    'CREATE TABLE IF NOT EXISTS inv_cap_row (id integer PRIMARY KEY, standard_id integer NOT NULL, quantity varchar(40), range_min double precision, range_max double precision, unit varchar(40), error_constant double precision, error_of_reading double precision, error_of_span double precision, valid_from date, valid_until date)',
    'DELETE FROM inv_cap_row',
    "INSERT INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until) SELECT c.id, c.standard_id, c.quantity, c.range_min, c.range_max, c.unit, c.error_constant, c.error_of_reading, c.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01'::date) END, s.valid_until FROM capability c JOIN standard s ON s.id = c.standard_id",
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_search ON inv_cap_row (quantity, range_min, range_max, standard_id, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until)',
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_standard ON inv_cap_row (standard_id)',
    "CREATE OR REPLACE FUNCTION inv_cap_row_capability_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM inv_cap_row WHERE id IN (SELECT id FROM old_rows); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until) SELECT c.id, c.standard_id, c.quantity, c.range_min, c.range_max, c.unit, c.error_constant, c.error_of_reading, c.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01'::date) END, s.valid_until FROM new_rows c JOIN standard s ON s.id = c.standard_id; END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION inv_cap_row_standard_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE inv_cap_row r SET valid_from = CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, valid_until = n.valid_until FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE r.standard_id = n.id AND (CASE WHEN o.status NOT IN ('suspended', 'revoked') THEN coalesce(o.issued_on, '0001-01-01'::date) END, o.valid_until) IS DISTINCT FROM (CASE WHEN n.status NOT IN ('suspended', 'revoked') THEN coalesce(n.issued_on, '0001-01-01'::date) END, n.valid_until); RETURN NULL; END $$",
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_insert ON capability',
    'CREATE TRIGGER inv_cap_row_capability_insert AFTER INSERT ON capability REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_cap_row_capability_sync()',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_update ON capability',
    'CREATE TRIGGER inv_cap_row_capability_update AFTER UPDATE ON capability REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_cap_row_capability_sync()',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_delete ON capability',
    'CREATE TRIGGER inv_cap_row_capability_delete AFTER DELETE ON capability REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_cap_row_capability_sync()',
    'DROP TRIGGER IF EXISTS inv_cap_row_standard_update ON standard',
    'CREATE TRIGGER inv_cap_row_standard_update AFTER UPDATE ON standard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inv_cap_row_standard_sync()',
)

#: No client (of 0015, without the triggers) may write capability rows or standards between the
#: fill and the triggers: a save committed between them would be in no summary row (until
#: ``search-index --rebuild``). As revision 0015: SHARE ROW EXCLUSIVE lets searches read on and
#: makes saves wait.
_PG_LOCK = 'LOCK TABLE standard, capability IN SHARE ROW EXCLUSIVE MODE'

_PG_DOWN = (
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_insert ON capability',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_update ON capability',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_delete ON capability',
    'DROP TRIGGER IF EXISTS inv_cap_row_standard_update ON standard',
    'DROP FUNCTION IF EXISTS inv_cap_row_capability_sync()',
    'DROP FUNCTION IF EXISTS inv_cap_row_standard_sync()',
    'DROP TABLE IF EXISTS inv_cap_row',
)


def upgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, (_PG_LOCK, *_PG_UP, "ANALYZE inv_cap_row"))


def downgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, _PG_DOWN)
