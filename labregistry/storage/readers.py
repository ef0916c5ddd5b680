"""A read connection kept between searches, for a few seconds.

The engine opens a connection per unit of work and closes it after (``NullPool``,
:mod:`labregistry.storage.db`): an idle app holds no database file open and no server
connection. A search pays for that each time: on PostgreSQL a new server process that reads
the catalogue again (about 20 ms of CPU, 39 ms of wall clock at 200,000 standards), on
SQLite the schema parsed again and a cold page cache (2 to 4 ms of a 15 to 50 ms search).
Someone searching asks several times in a row (a search, the next block of rows as they
scroll, a refined search), so :class:`KeptReader` keeps ONE read connection between them
and closes it after :data:`IDLE_SECONDS` without use. The app, idle, still holds nothing.

What a kept connection must not do, and why it cannot:

* show an old state: it is handed back with its transaction ended (a rollback), so the
  next search begins a new one and sees every commit (SQLite WAL, PostgreSQL read
  committed), the same as a fresh connection;
* keep a replaced file open: ``engine.dispose()`` (the app after a restore, ``Registry.close``)
  closes it, and :func:`close_all` is called by the restore before it touches the file
  (Windows cannot move a file that is open, and a connection to a file moved aside would go
  on reading it);
* be shared: a search takes it out of its slot and puts it back when done; a second search
  at the same time opens a connection of its own, closed after it (one kept, never more);
* outlive a failure: a connection whose search raised is closed, not kept.

Only reads go through it (:mod:`labregistry.services.inventory`); writes keep a connection
of their own per unit of work.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event

#: Seconds a kept read connection stays open without use.
IDLE_SECONDS = 5.0
#: SQLite's page cache of a read connection, KiB (SQLite's default is 2,000): a capability
#: search at 200,000 standards reads about 2 MB of index pages, which the default cache
#: does not hold from one search to the next (the heaviest searches of benchmarks/search.py:
#: 2 to 3 ms less CPU with 32 MiB). Pages are taken as read and freed with the connection.
SQLITE_CACHE_KIB = 32768

_READERS: weakref.WeakKeyDictionary[Engine, KeptReader] = weakref.WeakKeyDictionary()
_READERS_LOCK = threading.Lock()


class KeptReader:
    """At most one idle read connection of ``engine``, closed after :data:`IDLE_SECONDS`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)
        self._lock = threading.Lock()
        self._idle: Connection | None = None
        self._timer: threading.Timer | None = None
        self._returned = 0.0  # when the idle connection was handed back (time.monotonic)
        self._epoch = 0  # moves on at every close(): a connection taken before it is not kept

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading (the kept one when idle, else a new one)."""
        with self._lock:
            conn, self._idle = self._idle, None
            epoch = self._epoch
        if conn is None:
            engine = self._engine()
            assert engine is not None, "the engine of a kept reader is gone"
            conn = engine.connect()
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        kept = False
        try:
            yield conn
            kept = self._end_transaction(conn)
        finally:
            if not kept or not self._keep(conn, epoch):
                conn.close()

    def close(self) -> None:
        """Close the idle connection now; one in use is closed when its search ends."""
        with self._lock:
            conn, self._idle = self._idle, None
            self._cancel_timer()
            self._epoch += 1
        if conn is not None:
            conn.close()

    @property
    def holds_connection(self) -> bool:
        """True while an idle connection is kept (for tests and diagnostics)."""
        return self._idle is not None

    @staticmethod
    def _end_transaction(conn: Connection) -> bool:
        if conn.closed or conn.invalidated:
            return False
        try:
            conn.rollback()  # the next search starts a new transaction: it sees every commit
        except Exception:  # noqa: BLE001 - a connection that cannot end its transaction is not kept
            return False
        return True

    def _keep(self, conn: Connection, epoch: int) -> bool:
        with self._lock:
            if self._idle is not None or epoch != self._epoch:
                return False
            self._idle, self._returned = conn, time.monotonic()
            if self._timer is None:  # one timer at a time, not a thread per search
                self._start_timer(IDLE_SECONDS)
        return True

    def _start_timer(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True  # never holds a process open at exit
        self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            self._timer = None
            conn = self._idle
            if conn is None:
                return  # in use (its return starts a timer) or closed
            idle = time.monotonic() - self._returned
            if idle < IDLE_SECONDS:  # used again since this timer started: wait for the rest
                self._start_timer(IDLE_SECONDS - idle)
                return
            self._idle = None
        conn.close()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def reader(engine: Engine) -> KeptReader:
    """The kept reader of ``engine`` (one per engine; ``engine.dispose()`` closes its connection)."""
    with _READERS_LOCK:
        found = _READERS.get(engine)
        if found is None:
            found = _READERS[engine] = KeptReader(engine)
            event.listen(engine, "engine_disposed", lambda _engine: found.close())
        return found


def close_all() -> None:
    """Close every kept connection of this process (before a restore replaces the database)."""
    with _READERS_LOCK:
        readers = list(_READERS.values())
    for kept in readers:
        kept.close()
