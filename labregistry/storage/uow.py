"""The unit of work: one transaction, its repositories, and the audit trail it writes.

Services open one with ``registry.uow(operator=...)`` and call ``commit()`` when the
whole use case succeeded; leaving the block without committing rolls everything back,
so a refused operation changes nothing.

A unit of work that writes says so (``registry.uow(..., write=True)``): its transaction
begins at once and takes the write lock first (:func:`labregistry.storage.db.writing`),
so a second writer waits for it instead of failing half-way with "database is locked".
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session

from labregistry.storage import bulk, db
from labregistry.storage import repositories as repos
from labregistry.storage.models import AuditEntry, utcnow


class UnitOfWork:
    """A session plus repositories; audit entries are written in the same transaction."""

    def __init__(self, engine: Engine, operator: str | Callable[[UnitOfWork], str], source: str | None = None,
                 *, write: bool = False) -> None:
        """``operator``: the name audit entries carry, or how to find it in this unit's own session.

        Finding it lazily keeps reads (a table's page, a search) to one connection: only a
        unit that writes an audit entry or asks for ``operator`` looks it up.
        """
        self.engine = engine
        self._operator = operator
        self._operator_resolved = False
        self.source = source
        self.write = write
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False)
        if self.write:
            try:
                with db.writing():
                    self.session.connection()  # begins now, with the write lock
            except BaseException:
                self.session.close()
                raise
        self.institutes = repos.InstituteRepository(self.session)
        self.standards = repos.StandardRepository(self.session)
        self.authorisations = repos.AuthorisationRepository(self.session)
        self.staff = repos.StaffRepository(self.session)
        self.settings = repos.SettingRepository(self.session)
        self.audit_log = repos.AuditRepository(self.session)
        self.trust = repos.TrustRepository(self.session)
        self.received = repos.ReceivedBundleRepository(self.session)
        return self

    @property
    def operator(self) -> str:
        """Who is working, as audit entries and received-bundle rows record it.

        On a server, the name followed by the database login, ``root (hz_jiliang)``: the
        name is what the client says (``--operator``, LABREGISTRY_OPERATOR, the OS user, or
        the name set at init, which on a shared server is the coordinator's), the login is
        what the server let in, so the history tells the institutes' writers apart. Once
        per unit of work (the login is one query)."""
        if not isinstance(self._operator, str):
            self._operator = self._operator(self)
        if not self._operator_resolved:
            self._operator_resolved = True
            self._operator = with_login(self._operator, self.session)
        return self._operator

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back what was not committed, and leaves loaded objects usable
        # (detached, not expired), so read-only use cases can return them.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        self._committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def audit(
        self,
        action: str,
        entity: str,
        uid: str,
        *,
        label: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record one create / update / delete with the fields before and after."""
        self.session.add(
            AuditEntry(
                operator=self.operator,
                action=action,
                entity=entity,
                record_uid=uid,
                record_label=label,
                source=self.source,
                before=_dump(before),
                after=_dump(after),
            )
        )

    def audit_many(self, entries: Iterable[dict[str, Any]]) -> int:
        """Set-based audit for bulk paths; each entry has action, entity, uid, label, before, after.

        The one writer of bulk audit entries (demo data, ledger and bundle imports): the
        rows of :meth:`audit`, a thousand at a time, so that ``entries`` may be a generator
        (an import of 10^4 records need not hold every snapshot at once); on SQLite as
        positional rows straight to the driver (:func:`.bulk.insert_values`). Returns how
        many entries were written.
        """
        at = utcnow()
        conn = self.session.connection()
        fast = conn.dialect.name == "sqlite"
        written = 0
        iterator = iter(entries)
        while batch := list(itertools.islice(iterator, _AUDIT_BATCH)):
            rows = [[at, self.operator, self.source, e["action"], e["entity"], e["uid"], e.get("label"),
                     _dump(e.get("before")), _dump(e.get("after"))] for e in batch]
            if fast:
                bulk.insert_values(conn, AuditEntry, _AUDIT_COLUMNS, rows)
            else:
                self.session.execute(insert(AuditEntry), [dict(zip(_AUDIT_COLUMNS, row, strict=True)) for row in rows])
            written += len(rows)
        return written


def with_login(name: str, session: Session) -> str:
    """``name`` as the audit trail records it: on PostgreSQL with the database login after it
    (``root (hz_jiliang)``; the login alone when they are the same); on SQLite as it is."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return name
    login = str(conn.exec_driver_sql("SELECT current_user").scalar_one())
    if name in ("", login):
        return login
    room = OPERATOR_LENGTH - len(login) - 3  # the column's length, the login kept whole
    return f"{name if len(name) <= room else name[:max(room - 1, 0)] + '…'} ({login})"


OPERATOR_LENGTH = 100
"""Characters of the audit trail's ``operator`` (models.AuditEntry): PostgreSQL refuses more, and
a name near it with the login after it made every write fail there (review 10)."""


_AUDIT_BATCH = 1000
_AUDIT_COLUMNS = ("at", "operator", "source", "action", "entity", "record_uid", "record_label", "before", "after")

# json.dumps(snapshot, ensure_ascii=False, sort_keys=True, default=str), with its encoder
# built once instead of for every entry (an import writes one per record)
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


def _dump(snapshot: dict[str, Any] | None) -> str | None:
    return None if snapshot is None else _ENCODE(snapshot)
