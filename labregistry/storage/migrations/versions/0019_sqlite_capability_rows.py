"""SQLite capability search: each capability row's searched columns beside its standard's
validity, as revision 0016 made it on PostgreSQL (issue 18).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 01:00:00

The app's first screen of a capability search on a date ("temperature 20~300 ℃, U <= 0.05 ℃",
"text 压力 + pressure 0~1 MPa + Urel 0.1 %") waited for every matching capability row to be
grouped per standard (some 30,000 rows into 14,000 groups: a temporary B-tree, the aggregates,
then each group's validity looked up: 31-35 ms of SQLite's CPU at 200,000 standards).
``inv_cap_row`` holds, per capability row, what the search reads of it (quantity, range, unit,
error terms) and of its standard (``valid_from``: the issue date, 0001-01-01 without one, NULL
when suspended or revoked; ``valid_until``), so that every row carries its whole ranking key and
the date filter, and the first page is the rows' bounded sort, their distinct standards taken
in order (``inventory.search._rows_page``). Row triggers keep it exact: a capability row
inserted, changed or deleted (its standard's cascade included), a standard's status, issue date
or end of validity changed.

PostgreSQL: nothing (revision 0016 made the table there). The DDL is frozen here, as this
revision ran it: the statements the live spec (``storage.searchindex.sqlite_capability_ddl``)
made, the rows filled before the indexes are built. No live code imported.
"""

from __future__ import annotations

from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

#: The table, its rows (written afresh: ``search-index --rebuild`` of a later client may have
#: made it), its two indexes, the four triggers.
_SQLITE_UP = (
    'CREATE TABLE IF NOT EXISTS inv_cap_row (id INTEGER PRIMARY KEY, standard_id INTEGER NOT NULL, quantity VARCHAR(40), range_min FLOAT, range_max FLOAT, unit VARCHAR(40), error_constant FLOAT, error_of_reading FLOAT, error_of_span FLOAT, valid_from DATE, valid_until DATE)',
    'DELETE FROM inv_cap_row',
    "INSERT INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until) SELECT c.id, c.standard_id, c.quantity, c.range_min, c.range_max, c.unit, c.error_constant, c.error_of_reading, c.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01') END, s.valid_until FROM capability c JOIN standard s ON s.id = c.standard_id",
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_search ON inv_cap_row (quantity, range_min, range_max, standard_id, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until)',
    'CREATE INDEX IF NOT EXISTS ix_inv_cap_row_standard ON inv_cap_row (standard_id)',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_ai',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_au',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_ad',
    'DROP TRIGGER IF EXISTS inv_cap_row_standard_au',
    "CREATE TRIGGER inv_cap_row_capability_ai AFTER INSERT ON capability BEGIN INSERT OR REPLACE INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until) SELECT new.id, new.standard_id, new.quantity, new.range_min, new.range_max, new.unit, new.error_constant, new.error_of_reading, new.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01') END, s.valid_until FROM standard s WHERE s.id = new.standard_id; END",
    "CREATE TRIGGER inv_cap_row_capability_au AFTER UPDATE OF id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span ON capability BEGIN DELETE FROM inv_cap_row WHERE id = old.id; INSERT OR REPLACE INTO inv_cap_row (id, standard_id, quantity, range_min, range_max, unit, error_constant, error_of_reading, error_of_span, valid_from, valid_until) SELECT new.id, new.standard_id, new.quantity, new.range_min, new.range_max, new.unit, new.error_constant, new.error_of_reading, new.error_of_span, CASE WHEN s.status NOT IN ('suspended', 'revoked') THEN coalesce(s.issued_on, '0001-01-01') END, s.valid_until FROM standard s WHERE s.id = new.standard_id; END",
    'CREATE TRIGGER inv_cap_row_capability_ad AFTER DELETE ON capability BEGIN DELETE FROM inv_cap_row WHERE id = old.id; END',
    "CREATE TRIGGER inv_cap_row_standard_au AFTER UPDATE OF status, issued_on, valid_until ON standard WHEN (CASE WHEN old.status NOT IN ('suspended', 'revoked') THEN coalesce(old.issued_on, '0001-01-01') END) IS NOT (CASE WHEN new.status NOT IN ('suspended', 'revoked') THEN coalesce(new.issued_on, '0001-01-01') END) OR old.valid_until IS NOT new.valid_until BEGIN UPDATE inv_cap_row SET valid_from = CASE WHEN new.status NOT IN ('suspended', 'revoked') THEN coalesce(new.issued_on, '0001-01-01') END, valid_until = new.valid_until WHERE standard_id = new.id; END",
)

_SQLITE_DOWN = (
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_ai',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_au',
    'DROP TRIGGER IF EXISTS inv_cap_row_capability_ad',
    'DROP TRIGGER IF EXISTS inv_cap_row_standard_au',
    'DROP TABLE IF EXISTS inv_cap_row',
)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            conn.exec_driver_sql(statement)
