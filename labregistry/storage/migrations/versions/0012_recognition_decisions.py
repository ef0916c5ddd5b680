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

from labregistry.storage.migrations import frozen_ops

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'recognition_decision',
        *frozen_ops.record_head(),
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
        *frozen_ops.record_tail('recognition_decision', timezone=False),
    )
    frozen_ops.create_indexes('recognition_decision', {'ix_recognition_decision_uid': ['uid'],
                                                       'ix_recognition_decision_institute_id': ['institute_id'],
                                                       'ix_recognition_decision_subject_uscc': ['subject_uscc']})


def downgrade() -> None:
    frozen_ops.drop_indexes_and_table('recognition_decision', ['ix_recognition_decision_subject_uscc',
                                                               'ix_recognition_decision_institute_id',
                                                               'ix_recognition_decision_uid'])
