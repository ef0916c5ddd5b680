"""Exchange: trust store, key statements, received bundles, provenance of peer records.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 11:13:08.263114
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from labregistry.storage.migrations import frozen_ops


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('key_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'key_id', 'body_sha256', name='uq_key_statement')
    )
    frozen_ops.batch_create_indexes('key_statement', [(op.f('ix_key_statement_uscc'), ['uscc'], False)])

    op.create_table('received_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer_uscc', sa.String(length=18), nullable=False),
    sa.Column('issuer_name', sa.String(length=200), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_by', sa.String(length=100), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('manifest', sa.Text(), nullable=False),
    sa.Column('expired_accepted', sa.Boolean(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('withdrawn', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('issuer_uscc', 'seq', name='uq_received_bundle_seq')
    )
    frozen_ops.batch_create_indexes('received_bundle', [(op.f('ix_received_bundle_issuer_uscc'), ['issuer_uscc'], False)])

    op.create_table('trusted_key',
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('institute_name', sa.String(length=200), nullable=True),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=60), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=True),
    sa.Column('endorsed_by', sa.String(length=16), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('key_id')
    )
    frozen_ops.batch_create_indexes('trusted_key', [(op.f('ix_trusted_key_uscc'), ['uscc'], False)])

    with op.batch_alter_table('institute', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bundle_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('bundle_key_id', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('bundle_received_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('bundle_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('stale', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('institute', schema=None) as batch_op:
        batch_op.drop_column('stale')
        batch_op.drop_column('bundle_expires_at')
        batch_op.drop_column('bundle_received_at')
        batch_op.drop_column('bundle_key_id')
        batch_op.drop_column('bundle_seq')

    frozen_ops.batch_drop_indexes_and_table('trusted_key', [op.f('ix_trusted_key_uscc')])
    frozen_ops.batch_drop_indexes_and_table('received_bundle', [op.f('ix_received_bundle_issuer_uscc')])
    frozen_ops.batch_drop_indexes_and_table('key_statement', [op.f('ix_key_statement_uscc')])

