"""Institute designations: industry metrology test centres and regional technical committees.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 04:00:00

The integration plan counts institutes designated by the authorities as industry metrology
test centres (产业计量测试中心) and as hosts of regional metrology technical committees
(区域计量技术委员会). The coordinator's home records these designations itself, by credit
code, for any institute (own or peer); bundles do not carry them (docs/region-report.md).
It also indexes the audit trail by entity and action: the report reads the standards' updates
(re-examinations) out of a trail that holds a snapshot of every record ever imported. The
DDL is frozen here as written on the day.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'institute_designation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uscc', sa.String(length=18), nullable=False),
        sa.Column('institute_name', sa.String(length=200), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('designated_by', sa.String(length=200), nullable=True),
        sa.Column('designated_on', sa.Date(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uscc', 'kind', 'name', name='uq_institute_designation'),
    )
    op.create_index('ix_institute_designation_uscc', 'institute_designation', ['uscc'], unique=False)
    # the region report reads the standards' updates (re-examinations) out of the whole trail
    op.create_index('ix_audit_entity_action', 'audit_entry', ['entity', 'action'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_entity_action', table_name='audit_entry')
    op.drop_index('ix_institute_designation_uscc', table_name='institute_designation')
    op.drop_table('institute_designation')
