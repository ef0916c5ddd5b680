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

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'comparison',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=32), nullable=False),
        sa.Column('institute_id', sa.Integer(), nullable=False),
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
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['institute_id'], ['institute.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('institute_id', 'uid', name='uq_comparison_uid'),
    )
    op.create_index('ix_comparison_uid', 'comparison', ['uid'], unique=False)
    op.create_index('ix_comparison_institute_id', 'comparison', ['institute_id'], unique=False)
    op.create_table(
        'comparison_result',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comparison_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
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
        sa.ForeignKeyConstraint(['comparison_id'], ['comparison.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_comparison_result_comparison_id', 'comparison_result', ['comparison_id'], unique=False)
    op.create_index('ix_comparison_result_participant', 'comparison_result',
                    ['institute_uscc', 'standard_certificate_no'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_comparison_result_participant', table_name='comparison_result')
    op.drop_index('ix_comparison_result_comparison_id', table_name='comparison_result')
    op.drop_table('comparison_result')
    op.drop_index('ix_comparison_institute_id', table_name='comparison')
    op.drop_index('ix_comparison_uid', table_name='comparison')
    op.drop_table('comparison')
