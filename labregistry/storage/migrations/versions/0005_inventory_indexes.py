"""Inventory search: covering indexes for province / code filters and for authorised items.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 15:00:00

A search filtered by province, city or institute (often with a code prefix or a
discipline) read every entry of the narrow rank index, or the wide table rows through
``ix_standard_institute_id``; this index gives it only its institutes' entries (and, with
a code prefix, only that range within each). ``ix_inv_standard_valid`` (SQLite) is the index on
the end of validity with what validity needs, for text searches. Authorised items by quantity and range get
the authorisation's id in their index (both databases; it replaces ``ix_inv_authitem_quantity``):
the join read every candidate item's row for it. Plain ``CREATE INDEX`` / ``DROP INDEX``: no
table is rebuilt, the search triggers stay. The DDL is frozen here, as it was run: the live
index specs in labregistry.inventory.textindex may change, what this revision did may not.
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


_AUTHITEM = "CREATE INDEX IF NOT EXISTS ix_inv_authitem_qty_auth ON authorisation_item " \
            "(quantity, range_min, range_max, authorisation_id)"
#: SQLite only: PostgreSQL plans with its own statistics.
_SQLITE_ONLY = (
    "CREATE INDEX IF NOT EXISTS ix_inv_standard_inst_rank ON standard (institute_id, code, id, quantity, "
    "range_min, range_max, status, issued_on, valid_until, grade, unit, accuracy_kind, accuracy_value, "
    "accuracy_relative, accuracy_class)",
    "CREATE INDEX IF NOT EXISTS ix_inv_standard_valid ON standard (valid_until, id, status, issued_on)",
)


def upgrade() -> None:
    conn = op.get_bind()
    conn.exec_driver_sql(_AUTHITEM)
    if conn.dialect.name == "sqlite":
        for sql in _SQLITE_ONLY:
            conn.exec_driver_sql(sql)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_inv_authitem_quantity")


def downgrade() -> None:
    conn = op.get_bind()
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_inv_authitem_quantity ON authorisation_item "
                         "(quantity, range_min, range_max)")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_inv_authitem_qty_auth")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_inv_standard_inst_rank")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_inv_standard_valid")
