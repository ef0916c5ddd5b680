"""Recognition decisions (互认决定, issue 22).

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07 05:00:00

A decision recorded by an institute (``institute_id``: the own institute, or the issuer of
the bundle that carried it) to accept another institute's results (``subject_uscc``) for one
standard (certificate number, optional parameter) or a whole JJF 1022 discipline, from a
date, on stated evidence; in force or withdrawn. Frozen DDL; no live code imported.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'recognition_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=32), nullable=False),
        sa.Column('institute_id', sa.Integer(), nullable=False),
        sa.Column('subject_uscc', sa.String(length=18), nullable=False),
        sa.Column('subject_name', sa.String(length=200), nullable=False),
        sa.Column('standard_certificate_no', sa.String(length=100), nullable=True),
        sa.Column('parameter', sa.String(length=200), nullable=True),
        sa.Column('discipline', sa.String(length=2), nullable=True),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('evidence', sa.String(length=500), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['institute_id'], ['institute.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('institute_id', 'uid', name='uq_recognition_decision_uid'),
    )
    op.create_index('ix_recognition_decision_uid', 'recognition_decision', ['uid'], unique=False)
    op.create_index('ix_recognition_decision_institute_id', 'recognition_decision', ['institute_id'], unique=False)
    op.create_index('ix_recognition_decision_subject_uscc', 'recognition_decision', ['subject_uscc'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_recognition_decision_subject_uscc', table_name='recognition_decision')
    op.drop_index('ix_recognition_decision_institute_id', table_name='recognition_decision')
    op.drop_index('ix_recognition_decision_uid', table_name='recognition_decision')
    op.drop_table('recognition_decision')
