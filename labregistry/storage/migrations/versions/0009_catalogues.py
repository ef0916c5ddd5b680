"""Catalogues: the JJF 1022 codes and JJG/JJF procedure editions an institute imported.

Revision ID: 0009
Revises: 0008
Create Date: 2027-02-10 10:00:00

The app ships both catalogues as package data (``labregistry/domain/catalogues``); these
two tables keep the rows an institute brought in from an Excel file (issue 22), which win
over the shipped ones. In the database, not in the home, so that every user of a shared
PostgreSQL server judges procedures and codes against the same catalogue. Nothing else
changes; a new table holds nothing to copy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from labregistry.storage.migrations import frozen_ops

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'catalogue_code',
        sa.Column('code', sa.String(length=8), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        *frozen_ops.import_source_columns(),
        sa.PrimaryKeyConstraint('code'),
    )
    op.create_table(
        'catalogue_procedure',
        sa.Column('number', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('replaced_by', sa.String(length=100), nullable=True),
        sa.Column('status_date', sa.Date(), nullable=True),
        *frozen_ops.import_source_columns(),
        sa.PrimaryKeyConstraint('number'),
    )


def downgrade() -> None:
    op.drop_table('catalogue_procedure')
    op.drop_table('catalogue_code')
