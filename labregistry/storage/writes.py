"""Set-based writes of records and their children: the one place bulk paths write rows.

The feature packages decide *what* to write (the bundle merge its plan, the ledger import
its matches, the demo generator its records) and hand over plain rows; this module writes
them, in the caller's transaction (a unit of work opened with ``write=True``), and knows
the tricks that make thousands of rows cheap:

- :class:`NewRows` trees: a table's new rows and the rows hanging off them. A child row's
  link column holds the *index* of its parent row; :func:`insert_tree` inserts the parents,
  gets their ids back in order and puts each in place of its index. Positional rows (with
  ``columns``) go to the driver as they are on SQLite (:func:`.bulk.insert_values`); dict
  rows through SQLAlchemy Core (:func:`.bulk.insert_rows`), which fills Python-side defaults.
- :func:`inserting`: a block of many inserts, the new rows indexed for search once at the
  end instead of row by row (demo data, ledger imports).
- :func:`replace_records`: the bundle merge's delete-then-insert, inserting so.
- :func:`insert_by_uid`, :func:`insert_lists`, :func:`delete_lists`, :func:`update_by_id`:
  the ledger import's writes (ids looked up by uid: on SQLite ``RETURNING`` with ordered
  parameters runs one statement per row).

Audit entries are written by :meth:`.uow.UnitOfWork.audit_many`.

How bulk paths read is said in :mod:`labregistry.storage`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, delete, select, update
from sqlmodel import SQLModel

from labregistry.storage import bulk, searchindex
from labregistry.storage.models import utcnow

DELETE_CHUNK = 900
"""Values per ``IN (...)`` of a delete: below SQLite's old limit of 999 bound parameters."""
LOOKUP_CHUNK = 500


@dataclass
class Children:
    """Rows hanging off a :class:`NewRows`: ``link`` is the column whose value, in each row,
    is the index of its parent row (replaced by the parent's id when written)."""

    link: str
    rows: NewRows


@dataclass
class NewRows:
    """New rows of one table. With ``columns``: positional rows, one value per column;
    without: dicts, all with the same keys."""

    model: type[SQLModel]
    rows: list[Any]
    columns: Sequence[str] | None = None
    children: list[Children] = field(default_factory=list)


def insert_tree(conn: Connection, new: NewRows) -> list[int]:
    """Insert ``new`` and its children (parents first); the new ids when it has children,
    else ``[]`` (ids not asked for cost a statement per row on SQLite)."""
    if not new.rows:
        return []
    if new.children:
        ids = (bulk.insert_values_returning_ids(conn, new.model, new.columns, new.rows) if new.columns is not None
               else bulk.insert_returning_ids(conn, new.model, new.rows))
    else:
        ids = []
        if new.columns is not None:
            bulk.insert_values(conn, new.model, new.columns, new.rows)
        else:
            bulk.insert_rows(conn, new.model, new.rows)
    for child in new.children:
        _link(child, ids)
        insert_tree(conn, child.rows)
    return ids


def _link(child: Children, parent_ids: Sequence[int]) -> None:
    rows = child.rows
    if rows.columns is None:
        for row in rows.rows:
            row[child.link] = parent_ids[row[child.link]]
        return
    at = list(rows.columns).index(child.link)
    for row in rows.rows:
        row[at] = parent_ids[row[at]]


@contextmanager
def inserting(conn: Connection) -> Iterator[None]:
    """A block of set-based inserts of many records: the search index takes in the new
    records once at the end instead of row by row (:func:`.searchindex.deferred`; inserts
    only inside the block, deletes and updates before or after it)."""
    with searchindex.deferred(conn):
        yield


def delete_by_uid(conn: Connection, model: type[SQLModel], institute_id: int, uids: Sequence[str]) -> None:
    """Delete an institute's records by uid (their children go with them: ON DELETE CASCADE)."""
    table = bulk.table_of(model)
    for start in range(0, len(uids), DELETE_CHUNK):
        chunk = uids[start:start + DELETE_CHUNK]
        conn.execute(delete(table).where(table.c.institute_id == institute_id, table.c.uid.in_(chunk)))


def retire_records(conn: Connection, model: type[SQLModel], institute_id: int, uids: Sequence[str],
                   column: str, value: str, on: dt.date) -> None:
    """Mark an institute's records by uid (``column`` = ``value``, ``withdrawn_on`` = ``on``)
    instead of deleting them: what a receiver keeps of a peer's record withdrawn by its bundle."""
    table = bulk.table_of(model)
    for start in range(0, len(uids), DELETE_CHUNK):
        chunk = uids[start:start + DELETE_CHUNK]
        conn.execute(update(table).where(table.c.institute_id == institute_id, table.c.uid.in_(chunk))
                     .values({column: value, "withdrawn_on": on, "updated_at": utcnow()}))


def replace_records(conn: Connection, institute_id: int, gone: Mapping[type[SQLModel], Sequence[str]],
                    new: Sequence[NewRows]) -> None:
    """Delete ``gone`` (uids per model), then insert ``new``: the bundle merge's write.

    All deletes come first, with the search index's triggers on; the inserts then run
    inside :func:`.searchindex.deferred` (SQLite), which indexes the new records once at the
    end instead of row by row (the triggers re-index a standard for each instrument and
    service added to it: about 1.8 times the time of the inserts alone). The record kinds
    are independent tables, so the order (every delete, then every insert) changes nothing
    else.
    """
    for model, uids in gone.items():
        delete_by_uid(conn, model, institute_id, uids)
    if not any(n.rows for n in new):
        return
    with inserting(conn):
        for rows in new:
            insert_tree(conn, rows)


# ---------------------------------------------------------------- the ledger import's writes


class ChildList(Protocol):
    """A list of children of a record (a standard's instruments ...), and the list below it."""

    @property
    def name(self) -> str: ...
    @property
    def model(self) -> type[SQLModel]: ...
    @property
    def fk(self) -> str: ...
    @property
    def sub(self) -> ChildList | None: ...


def insert_by_uid(conn: Connection, model: type[SQLModel], institute_id: int, rows: list[dict[str, Any]]) -> list[int]:
    """Insert an institute's records (dicts with a ``uid``) and return their ids in order.

    :func:`.bulk.insert_returning_ids` runs one statement per row on SQLite (RETURNING with
    ordered parameters is not batched there); a plain executemany and one look-up of the
    new ids by uid per 500 rows is an order of magnitude faster.
    """
    bulk.insert_rows(conn, model, rows)
    t = bulk.table_of(model)
    found: dict[str, int] = {}
    uids = [r["uid"] for r in rows]
    for start in range(0, len(uids), LOOKUP_CHUNK):
        chunk = uids[start:start + LOOKUP_CHUNK]
        stmt = select(t.c.uid, t.c.id).where(t.c.institute_id == institute_id, t.c.uid.in_(chunk))
        found.update((str(uid), int(pk)) for uid, pk in conn.execute(stmt))
    return [found[u] for u in uids]


def update_by_id(conn: Connection, model: type[SQLModel], columns: Sequence[str],
                 values: Sequence[tuple[int, Mapping[str, Any]]]) -> None:
    """Set ``columns`` of each row ``(id, {column: value})``, in one executemany."""
    table = bulk.table_of(model)
    stmt = (update(table).where(table.c.id == bindparam("b_id"))
            .values({c: bindparam("b_" + c) for c in columns}))
    params = []
    for pk, row in values:
        p = {"b_" + c: row[c] for c in columns}
        p["b_id"] = pk
        params.append(p)
    conn.execute(stmt, params)


def insert_lists(conn: Connection, ls: ChildList, groups: list[tuple[int, list[dict[str, Any]]]]) -> None:
    """Insert each parent's list of children (dicts), numbered from 0 in their order, and the
    lists below them (``child[ls.sub.name]``)."""
    flat: list[dict[str, Any]] = []
    subs: list[list[dict[str, Any]]] = []
    for pid, children in groups:
        for position, child in enumerate(children):
            row = {k: v for k, v in child.items() if not (ls.sub and k == ls.sub.name)}
            row[ls.fk] = pid
            row["position"] = position
            flat.append(row)
            if ls.sub is not None:
                subs.append(child.get(ls.sub.name, []))
    if not flat:
        return
    bulk.insert_rows(conn, ls.model, flat)
    if ls.sub is None:
        return
    # the new children's ids, by (parent, position): the parents' old children are gone
    c = bulk.table_of(ls.model)
    parents = sorted({row[ls.fk] for row in flat})
    ids: dict[tuple[int, int], int] = {}
    for start in range(0, len(parents), LOOKUP_CHUNK):
        chunk = parents[start:start + LOOKUP_CHUNK]
        stmt = select(c.c[ls.fk], c.c.position, c.c.id).where(c.c[ls.fk].in_(chunk))
        ids.update(((int(fk), int(pos)), int(pk)) for fk, pos, pk in conn.execute(stmt))
    insert_lists(conn, ls.sub, [(ids[(row[ls.fk], row["position"])], sub) for row, sub in zip(flat, subs)])


def delete_lists(conn: Connection, ls: ChildList, parent_ids: list[int]) -> None:
    """Delete the children of ``ls`` (and the lists below them) of the given parents."""
    c = bulk.table_of(ls.model)
    for start in range(0, len(parent_ids), LOOKUP_CHUNK):
        chunk = parent_ids[start:start + LOOKUP_CHUNK]
        if ls.sub is not None:
            s = bulk.table_of(ls.sub.model)
            inner = select(c.c.id).where(c.c[ls.fk].in_(chunk))
            conn.execute(delete(s).where(s.c[ls.sub.fk].in_(inner)))
        conn.execute(delete(c).where(c.c[ls.fk].in_(chunk)))
