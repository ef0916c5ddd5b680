"""Indexes on ``uid`` of standard, authorisation and staff.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 14:00:00

A bundle's merge refuses records whose uid already belongs to another institute
(``services.exchange._foreign_records``): it looks records up by uid alone, and the only
index holding ``uid`` (the unique constraint) leads with ``institute_id``, so each lookup
scanned the whole index (O(N) per bundle, growing with the region). Plain ``CREATE
INDEX`` on both databases: no table is rebuilt, so the SQLite search triggers
(``textindex.install_sqlite_triggers``) stay as they are.
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

#: index name -> table; the names SQLModel gives ``Field(index=True)`` (``ix_<table>_uid``)
UID_INDEXES = {
    "ix_standard_uid": "standard",
    "ix_authorisation_uid": "authorisation",
    "ix_staff_uid": "staff",
}


def upgrade() -> None:
    for name, table in UID_INDEXES.items():
        op.create_index(name, table, ["uid"], unique=False)


def downgrade() -> None:
    for name, table in UID_INDEXES.items():
        op.drop_index(name, table_name=table)
