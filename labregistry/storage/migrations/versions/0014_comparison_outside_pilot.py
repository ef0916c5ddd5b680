"""A comparison piloted outside the registry (issue 22): the pilot's name and code.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 10:00:00

A comparison piloted by a laboratory that is not an institute of the registry (NIM, a CCEM/APMP
key comparison, a PT provider) is recorded by a participant of the registry from the published
results table: ``institute_id`` is then the recorder, ``pilot_name`` the pilot's name and
``pilot_code`` its optional code (its USCC, or the scheme's identifier such as CCEM-K4). Both NULL,
as for every comparison recorded before: the recorder is the pilot. Frozen DDL; no live code
imported. Plain ``ADD COLUMN`` of nullable columns: no table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('comparison', sa.Column('pilot_name', sa.String(length=200), nullable=True))
    op.add_column('comparison', sa.Column('pilot_code', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('comparison') as batch:
        batch.drop_column('pilot_code')
        batch.drop_column('pilot_name')
