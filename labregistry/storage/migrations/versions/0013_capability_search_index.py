"""Capability search: a narrow index of the standard's validity by id (SQLite).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 07:00:00

A search by quantity, range or accuracy (issue 18) groups the matching capability rows per
standard and then looks each matching standard up for what ranks it (valid on the date, the
end of validity): about 14,000 lookups at 200,000 standards. They went to the wide covering
index led by ``id`` (15 columns, about 2.7 times the pages of this one); this one holds only
what validity needs. Plain ``CREATE INDEX``: no table is rebuilt, the search triggers stay.
PostgreSQL plans with its own statistics: nothing there. The DDL is frozen here, as it was
run: the live spec (``storage.searchindex.SQLITE_VALIDITY_INDEX``) may change, this may not.
"""

from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


_SQLITE_ONLY = "CREATE INDEX IF NOT EXISTS ix_inv_standard_validity ON standard (id, status, issued_on, valid_until)"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(_SQLITE_ONLY)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_inv_standard_validity")
