"""First schema: institutes, standards, authorisations, staff, audit trail, settings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 10:56:25.470746
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from labregistry.storage.migrations import frozen_ops


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('record_uid', sa.String(length=32), nullable=False),
    sa.Column('record_label', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    frozen_ops.batch_create_indexes('audit_entry', [(op.f('ix_audit_entry_at'), ['at'], False),
                                                    ('ix_audit_record', ['entity', 'record_uid'], False)])

    op.create_table('institute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('province', sa.String(length=8), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('is_own', sa.Boolean(), nullable=False),
    *frozen_ops.timestamps(timezone=True),
    sa.PrimaryKeyConstraint('id')
    )
    frozen_ops.batch_create_indexes('institute', [(op.f('ix_institute_uscc'), ['uscc'], True)])

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('authorisation',
    *frozen_ops.record_head(),
    sa.Column('certificate_no', sa.String(length=100), nullable=False),
    sa.Column('form', sa.String(length=24), nullable=False),
    sa.Column('authority', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    *frozen_ops.record_tail('authorisation', timezone=True)
    )
    frozen_ops.batch_create_indexes('authorisation', [
        ('ix_authorisation_inst_cert', ['institute_id', 'certificate_no'], False),
        (op.f('ix_authorisation_institute_id'), ['institute_id'], False)])

    op.create_table('staff',
    *frozen_ops.record_head(),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('id_number', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    *frozen_ops.record_tail('staff', timezone=True)
    )
    frozen_ops.batch_create_indexes('staff', [(op.f('ix_staff_institute_id'), ['institute_id'], False)])

    op.create_table('standard',
    *frozen_ops.record_head(),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('code_temporary', sa.Boolean(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('certificate_no', sa.String(length=100), nullable=False),
    sa.Column('certificate_authority', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    *frozen_ops.range_columns(required=True),
    *frozen_ops.accuracy_columns(),
    sa.Column('responsible_person', sa.String(length=100), nullable=True),
    sa.Column('operators', sa.String(length=300), nullable=True),
    sa.Column('environment', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    *frozen_ops.record_tail('standard', timezone=True)
    )
    frozen_ops.batch_create_indexes('standard', [
        (op.f('ix_standard_code'), ['code'], False),
        ('ix_standard_inst_cert', ['institute_id', 'certificate_no'], False),
        (op.f('ix_standard_institute_id'), ['institute_id'], False),
        ('ix_standard_quantity', ['quantity', 'range_min', 'range_max'], False),
        ('ix_standard_valid_until', ['valid_until'], False)])

    op.create_table('authorisation_item',
    *frozen_ops.child_head('authorisation'),
    sa.Column('name', sa.String(length=200), nullable=False),
    *frozen_ops.range_columns(required=False),
    sa.Column('accuracy_text', sa.String(length=300), nullable=True),
    sa.Column('procedure', sa.String(length=100), nullable=True),
    *frozen_ops.child_tail('authorisation')
    )
    frozen_ops.batch_create_indexes('authorisation_item', [
        (op.f('ix_authorisation_item_authorisation_id'), ['authorisation_id'], False)])

    op.create_table('credential',
    *frozen_ops.child_head('staff'),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('certificate_no', sa.String(length=100), nullable=False),
    sa.Column('registration', sa.String(length=12), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    *frozen_ops.child_tail('staff')
    )
    frozen_ops.batch_create_indexes('credential', [('ix_credential_cert', ['certificate_no'], False),
                                                   (op.f('ix_credential_staff_id'), ['staff_id'], False)])

    op.create_table('instrument',
    *frozen_ops.child_head('standard'),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=True),
    sa.Column('serial_no', sa.String(length=100), nullable=True),
    sa.Column('range_text', sa.String(length=300), nullable=True),
    sa.Column('accuracy_text', sa.String(length=300), nullable=True),
    sa.Column('traced_to_uscc', sa.String(length=18), nullable=True),
    sa.Column('traced_to_name', sa.String(length=200), nullable=True),
    sa.Column('calibration_cert_no', sa.String(length=100), nullable=True),
    sa.Column('calibration_due', sa.Date(), nullable=True),
    *frozen_ops.child_tail('standard')
    )
    frozen_ops.batch_create_indexes('instrument', [
        (op.f('ix_instrument_standard_id'), ['standard_id'], False),
        (op.f('ix_instrument_traced_to_uscc'), ['traced_to_uscc'], False)])

    op.create_table('service',
    *frozen_ops.child_head('standard'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('procedure', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.String(length=14), nullable=False),
    *frozen_ops.child_tail('standard')
    )
    frozen_ops.batch_create_indexes('service', [(op.f('ix_service_standard_id'), ['standard_id'], False)])

    op.create_table('credential_item',
    *frozen_ops.child_head('credential'),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('discipline', sa.String(length=2), nullable=True),
    *frozen_ops.child_tail('credential')
    )
    frozen_ops.batch_create_indexes('credential_item', [
        (op.f('ix_credential_item_credential_id'), ['credential_id'], False)])


def downgrade() -> None:
    """Each table's indexes dropped in a batch block, then the table, children first."""
    frozen_ops.batch_drop_indexes_and_table('credential_item', [op.f('ix_credential_item_credential_id')])
    frozen_ops.batch_drop_indexes_and_table('service', [op.f('ix_service_standard_id')])
    frozen_ops.batch_drop_indexes_and_table('instrument', [op.f('ix_instrument_traced_to_uscc'),
                                                           op.f('ix_instrument_standard_id')])
    frozen_ops.batch_drop_indexes_and_table('credential', [op.f('ix_credential_staff_id'), 'ix_credential_cert'])
    frozen_ops.batch_drop_indexes_and_table('authorisation_item', [op.f('ix_authorisation_item_authorisation_id')])
    frozen_ops.batch_drop_indexes_and_table('standard', [
        'ix_standard_valid_until', 'ix_standard_quantity', op.f('ix_standard_institute_id'), 'ix_standard_inst_cert',
        op.f('ix_standard_code')])
    frozen_ops.batch_drop_indexes_and_table('staff', [op.f('ix_staff_institute_id')])
    frozen_ops.batch_drop_indexes_and_table('authorisation', [op.f('ix_authorisation_institute_id'),
                                                              'ix_authorisation_inst_cert'])
    op.drop_table('setting')
    frozen_ops.batch_drop_indexes_and_table('institute', [op.f('ix_institute_uscc')])
    frozen_ops.batch_drop_indexes_and_table('audit_entry', ['ix_audit_record', op.f('ix_audit_entry_at')])
