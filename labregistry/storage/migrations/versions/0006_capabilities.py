"""Capability rows (CMC): each standard's range and accuracy become its first row.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-20 10:00:00

A standard gets a child table of capability rows (issue 18): a parameter, its range and its
accuracy, with the accuracy read as an error ``a + b·|x| + c·span`` (docs/comparison.md).
Every standard stored before gets one row holding its own range and accuracy, its error
terms derived in SQL (frozen here, not the live parser): an absolute U or MPE is the
constant; a relative one is of reading, or of span when its text says FS / 量程 / span; a
numeric class is of span (class / 100). A formula (``U=2μm+2×10⁻⁶L``) keeps NULL terms,
not comparable, until the standard is saved again; it is never counted as meeting a limit.
The standard keeps its own range and accuracy: the certificate's summary line.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from labregistry.storage.migrations import frozen_ops

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_SPAN = ("%FS%", "%F.S%", "%量程%", "%跨度%", "%span%")


def upgrade() -> None:
    op.create_table(
        'capability',
        *frozen_ops.child_head('standard'),
        sa.Column('parameter', sa.String(length=200), nullable=True),
        *frozen_ops.range_columns(required=True),
        *frozen_ops.accuracy_columns(),
        sa.Column('accuracy_basis', sa.String(length=12), nullable=True),
        sa.Column('error_constant', sa.Float(), nullable=True),
        sa.Column('error_of_reading', sa.Float(), nullable=True),
        sa.Column('error_of_span', sa.Float(), nullable=True),
        sa.Column('conditions', sa.String(length=300), nullable=True),
        *frozen_ops.child_tail('standard'),
    )
    frozen_ops.create_indexes('capability', {
        'ix_capability_standard_id': ['standard_id'],
        # covering: search reads a quantity's rows covering a range from the index alone
        'ix_capability_quantity': ['quantity', 'range_min', 'range_max', 'standard_id', 'unit', 'error_constant',
                                   'error_of_reading', 'error_of_span'],
    })
    op.execute(_copy_statement())


def _copy_statement() -> str:
    dialect = op.get_context().dialect.name
    is_class_number = ("(accuracy_class GLOB '[0-9]*' AND accuracy_class NOT GLOB '*[^0-9.]*')"
                       if dialect == "sqlite" else r"accuracy_class ~ '^[0-9]+(\.[0-9]+)?$'")
    span_text = " OR ".join(f"accuracy_text LIKE '{p}'" for p in _SPAN)
    numeric = "accuracy_kind <> 'class' AND accuracy_value IS NOT NULL"
    true = "1" if dialect == "sqlite" else "TRUE"
    relative = f"accuracy_relative = {true}"
    return f"""
    INSERT INTO capability (standard_id, position, range_text, quantity, range_min, range_max, unit,
        accuracy_text, accuracy_kind, accuracy_value, accuracy_relative, accuracy_k, accuracy_class,
        accuracy_basis, error_constant, error_of_reading, error_of_span)
    SELECT id, 0, range_text, quantity, range_min, range_max, unit,
        accuracy_text, accuracy_kind, accuracy_value, accuracy_relative, accuracy_k, accuracy_class,
        CASE WHEN accuracy_kind = 'class' AND {is_class_number} THEN 'class'
             WHEN {numeric} AND accuracy_kind = 'MPE' THEN 'mpe'
             WHEN {numeric} THEN 'uncertainty' END,
        CASE WHEN accuracy_kind = 'class' AND {is_class_number} THEN 0.0
             WHEN {numeric} AND {relative} THEN 0.0
             WHEN {numeric} THEN accuracy_value END,
        CASE WHEN accuracy_kind = 'class' AND {is_class_number} THEN 0.0
             WHEN {numeric} AND {relative} AND NOT ({span_text}) THEN accuracy_value
             WHEN {numeric} THEN 0.0 END,
        CASE WHEN accuracy_kind = 'class' AND {is_class_number} THEN CAST(accuracy_class AS FLOAT) / 100.0
             WHEN {numeric} AND {relative} AND ({span_text}) THEN accuracy_value
             WHEN {numeric} THEN 0.0 END
    FROM standard
    """


def downgrade() -> None:
    frozen_ops.drop_indexes_and_table('capability', ['ix_capability_quantity', 'ix_capability_standard_id'])
