"""Inventory search: substring text indexes (SQLite FTS5 trigram + triggers; PostgreSQL
pg_trgm GIN) and the indexes regional search, recognition and coverage rely on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:00:00

The DDL lives in labregistry.inventory.textindex (one spec for the indexes and the
queries that must match them); see its docstring before changing either.
"""

from __future__ import annotations

from alembic import op

from labregistry.inventory import textindex

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    textindex.install(op.get_bind())


def downgrade() -> None:
    textindex.uninstall(op.get_bind())
