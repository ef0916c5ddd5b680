"""Interlaboratory comparisons and proficiency tests (issue 22).

Revision ID: 0008
Revises: 0007
Create Date: 2027-02-03 10:00:00

A comparison (计量比对) or proficiency test (能力验证) recorded by its pilot laboratory
(``institute_id``), and one row per participant's result: the value, its U and k, the En or
z score and the verdict, linked to the participant's standard by institute USCC and
certificate number (looked up when shown, so a result points at the standard wherever the
standard's record lives). Frozen DDL; no live code imported.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from labregistry.storage.migrations import frozen_ops

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'comparison',
        *frozen_ops.record_head(),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('scheme_no', sa.String(length=100), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('organiser', sa.String(length=200), nullable=True),
        sa.Column('measurand', sa.String(length=200), nullable=False),
        sa.Column('unit', sa.String(length=40), nullable=True),
        sa.Column('artefact', sa.String(length=200), nullable=True),
        sa.Column('started_on', sa.Date(), nullable=True),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('report_on', sa.Date(), nullable=True),
        sa.Column('criterion', sa.String(length=2), nullable=False),
        sa.Column('reference_value', sa.Float(), nullable=True),
        sa.Column('reference_uncertainty', sa.Float(), nullable=True),
        sa.Column('sigma_pt', sa.Float(), nullable=True),
        *frozen_ops.record_tail('comparison', timezone=False),
    )
    frozen_ops.create_indexes('comparison', {'ix_comparison_uid': ['uid'],
                                             'ix_comparison_institute_id': ['institute_id']})
    op.create_table(
        'comparison_result',
        *frozen_ops.child_head('comparison'),
        sa.Column('lab_code', sa.String(length=20), nullable=True),
        sa.Column('institute_uscc', sa.String(length=18), nullable=True),
        sa.Column('institute_name', sa.String(length=200), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('uncertainty', sa.Float(), nullable=True),
        sa.Column('coverage_k', sa.Float(), nullable=True),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('verdict', sa.String(length=14), nullable=False),
        sa.Column('standard_certificate_no', sa.String(length=100), nullable=True),
        sa.Column('parameter', sa.String(length=200), nullable=True),
        *frozen_ops.child_tail('comparison'),
    )
    frozen_ops.create_indexes('comparison_result', {
        'ix_comparison_result_comparison_id': ['comparison_id'],
        'ix_comparison_result_participant': ['institute_uscc', 'standard_certificate_no']})


def downgrade() -> None:
    frozen_ops.drop_indexes_and_table('comparison_result', ['ix_comparison_result_participant',
                                                            'ix_comparison_result_comparison_id'])
    frozen_ops.drop_indexes_and_table('comparison', ['ix_comparison_institute_id', 'ix_comparison_uid'])
