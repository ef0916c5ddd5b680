"""First schema: institutes, standards, authorisations, staff, audit trail, settings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 10:56:25.470746
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


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
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_record', ['entity', 'record_uid'], unique=False)

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
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('institute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institute_uscc'), ['uscc'], unique=True)

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('authorisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('institute_id', sa.Integer(), nullable=False),
    sa.Column('certificate_no', sa.String(length=100), nullable=False),
    sa.Column('form', sa.String(length=24), nullable=False),
    sa.Column('authority', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['institute_id'], ['institute.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('institute_id', 'uid', name='uq_authorisation_uid')
    )
    with op.batch_alter_table('authorisation', schema=None) as batch_op:
        batch_op.create_index('ix_authorisation_inst_cert', ['institute_id', 'certificate_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_authorisation_institute_id'), ['institute_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('institute_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('id_number', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['institute_id'], ['institute.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('institute_id', 'uid', name='uq_staff_uid')
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_institute_id'), ['institute_id'], unique=False)

    op.create_table('standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('institute_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('code_temporary', sa.Boolean(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('certificate_no', sa.String(length=100), nullable=False),
    sa.Column('certificate_authority', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('range_text', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.String(length=40), nullable=True),
    sa.Column('range_min', sa.Float(), nullable=True),
    sa.Column('range_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('accuracy_text', sa.String(length=300), nullable=False),
    sa.Column('accuracy_kind', sa.String(length=12), nullable=True),
    sa.Column('accuracy_value', sa.Float(), nullable=True),
    sa.Column('accuracy_relative', sa.Boolean(), nullable=True),
    sa.Column('accuracy_k', sa.Float(), nullable=True),
    sa.Column('accuracy_class', sa.String(length=20), nullable=True),
    sa.Column('responsible_person', sa.String(length=100), nullable=True),
    sa.Column('operators', sa.String(length=300), nullable=True),
    sa.Column('environment', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['institute_id'], ['institute.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('institute_id', 'uid', name='uq_standard_uid')
    )
    with op.batch_alter_table('standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_code'), ['code'], unique=False)
        batch_op.create_index('ix_standard_inst_cert', ['institute_id', 'certificate_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_institute_id'), ['institute_id'], unique=False)
        batch_op.create_index('ix_standard_quantity', ['quantity', 'range_min', 'range_max'], unique=False)
        batch_op.create_index('ix_standard_valid_until', ['valid_until'], unique=False)

    op.create_table('authorisation_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authorisation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('range_text', sa.String(length=300), nullable=True),
    sa.Column('quantity', sa.String(length=40), nullable=True),
    sa.Column('range_min', sa.Float(), nullable=True),
    sa.Column('range_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('accuracy_text', sa.String(length=300), nullable=True),
    sa.Column('procedure', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['authorisation_id'], ['authorisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('authorisation_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorisation_item_authorisation_id'), ['authorisation_id'], unique=False)

    op.create_table('credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('certificate_no', sa.String(length=100), nullable=False),
    sa.Column('registration', sa.String(length=12), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.create_index('ix_credential_cert', ['certificate_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_credential_staff_id'), ['staff_id'], unique=False)

    op.create_table('instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
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
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('instrument', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instrument_standard_id'), ['standard_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instrument_traced_to_uscc'), ['traced_to_uscc'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('procedure', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.String(length=14), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_standard_id'), ['standard_id'], unique=False)

    op.create_table('credential_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credential_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('discipline', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['credential_id'], ['credential.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('credential_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_item_credential_id'), ['credential_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('credential_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_item_credential_id'))

    op.drop_table('credential_item')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_standard_id'))

    op.drop_table('service')
    with op.batch_alter_table('instrument', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instrument_traced_to_uscc'))
        batch_op.drop_index(batch_op.f('ix_instrument_standard_id'))

    op.drop_table('instrument')
    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_staff_id'))
        batch_op.drop_index('ix_credential_cert')

    op.drop_table('credential')
    with op.batch_alter_table('authorisation_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorisation_item_authorisation_id'))

    op.drop_table('authorisation_item')
    with op.batch_alter_table('standard', schema=None) as batch_op:
        batch_op.drop_index('ix_standard_valid_until')
        batch_op.drop_index('ix_standard_quantity')
        batch_op.drop_index(batch_op.f('ix_standard_institute_id'))
        batch_op.drop_index('ix_standard_inst_cert')
        batch_op.drop_index(batch_op.f('ix_standard_code'))

    op.drop_table('standard')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_institute_id'))

    op.drop_table('staff')
    with op.batch_alter_table('authorisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorisation_institute_id'))
        batch_op.drop_index('ix_authorisation_inst_cert')

    op.drop_table('authorisation')
    op.drop_table('setting')
    with op.batch_alter_table('institute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institute_uscc'))

    op.drop_table('institute')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_record')
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
    
