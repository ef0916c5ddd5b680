"""A partial index of the audit log's deletions.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 04:00:00

The recycle bin (``services.recycle_bin``) lists the deletions made since the last export.
The log holds an entry for every record ever written (270,000 in a home of 200,000
standards) and had no index on the action, so opening the bin read them all: 1.7 s on the
app's thread. The index holds only deletions (``WHERE action = 'delete'``), so the many
imports and edits that write the log do not pay for it. Plain ``CREATE INDEX`` on both
databases: no table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

DELETIONS = sa.text("action = 'delete'")


def upgrade() -> None:
    op.create_index("ix_audit_deletions", "audit_entry", ["id"], unique=False,
                    sqlite_where=DELETIONS, postgresql_where=DELETIONS)


def downgrade() -> None:
    op.drop_index("ix_audit_deletions", table_name="audit_entry")
