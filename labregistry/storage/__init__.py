"""Storage: tables, engine, migrations, repositories, the unit of work, and every write.

Writes: a use case's single records go through the repositories of its unit of work
(:mod:`.uow`, :mod:`.repositories`); bulk paths (bundle merge, ledger import, demo data)
hand their rows to :mod:`.writes`, and their audit entries to ``UnitOfWork.audit_many``;
the search index's schema and maintenance are :mod:`.searchindex`. Nothing outside this
package issues INSERT, UPDATE, DELETE or DDL.

Reads use one idiom for sets of rows: SQLAlchemy Core statements on the unit of work's
connection, ``conn.execute(select(table.c.a, table.c.b).where(...))`` with the tables of
:func:`.bulk.table_of`. Core returns plain tuples at a fraction of the cost of ORM
objects (a bundle or a ledger reads 10^4 rows), runs the same statement on SQLite and
PostgreSQL, and names its columns, so a read survives a column added to the table. The
ORM (``session.get``, a repository's ``select(Model)``) is kept for loading one record
or a few to change them, where its identity map and change tracking pay; SQL text only
where Core cannot say it (FTS5 ``MATCH``, ``PRAGMA``, the index's DDL).
"""
