"""PostgreSQL free text: the standards' documents in rank order, for a bounded first page (issue 20).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 04:00:00

A text search's first page of 50 ranked every match (valid today first, then the later end of
validity, then the newer record) and kept the best 50: its cost grew with the matches (text 压力
at 1,000,000 standards: 145,815 matches, 185 ms median with its total, 138 without). The index
``ix_inv_doc_standard_rank`` on the documents' ``(valid_until, standard_id)``, walked backwards,
is that order among the documents valid today (``inventory.search._pg_walked_page``): when the
matches are many, the page is walked from the top and stops at its 50th match, each row checked
against the text. SQLite: nothing (its search walks ``standard``'s own validity index). The DDL
is frozen here, as the live spec (``storage.searchindex.pg_document_ddl``) makes it. No live
code imported.
"""

from __future__ import annotations

from labregistry.storage.migrations import frozen_ops

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

_PG_UP = (
    'CREATE INDEX IF NOT EXISTS ix_inv_doc_standard_rank ON inv_doc_standard (valid_until, standard_id)',
    'ANALYZE inv_doc_standard',
)

_PG_DOWN = ('DROP INDEX IF EXISTS ix_inv_doc_standard_rank',)


def upgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, _PG_UP)


def downgrade() -> None:
    conn = frozen_ops.pg_connection()
    if conn is not None:
        frozen_ops.run(conn, _PG_DOWN)
