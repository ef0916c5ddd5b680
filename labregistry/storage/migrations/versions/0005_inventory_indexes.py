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
table is rebuilt, the search triggers stay. The DDL is in labregistry.inventory.textindex.
"""

from __future__ import annotations

from alembic import op

from labregistry.inventory import textindex

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    textindex.install_0005(op.get_bind())


def downgrade() -> None:
    textindex.uninstall_0005(op.get_bind())
