"""SQLite adapter on the standard library's ``sqlite3``: the embedded default.

A file database runs in WAL mode with ``synchronous=FULL`` (a committed command survives power loss) and a
busy timeout. Each ``with uow:`` block is one ``BEGIN IMMEDIATE`` transaction: it takes SQLite's single
writer lock up front, so versions are checked against the latest commit, event positions follow commit order,
and ``claim_due`` needs no row locks (a second timer worker waits for the lock instead). Readers of a WAL
database are never blocked by the writer. ``":memory:"`` gives a private database for this object only.

The SQLite outbox and sent-reminder stores keep small side tables of their own, which several processes open
at once: :func:`open_side_db` opens such a file in WAL mode and creates the tables (retrying while another
process is switching the same new file to WAL), and :class:`SideTxn` is one short ``BEGIN IMMEDIATE``
transaction, serialised within the process, so no lock is ever held while a message is being delivered.

>>> uow = SqliteUnitOfWork(":memory:")
>>> uow.schema_version()
4
>>> with uow:
...     uow.events.last_position()
0
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sp4n.adapters.storage._source import HostOwned, PerThread, Pool, Source
from sp4n.adapters.storage._sql import SQLITE, Cursor, check_prefix
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.exceptions import ConfigurationError

__all__ = ["SideTxn", "SqliteUnitOfWork", "open_side_db"]

_SYNC = {"OFF", "NORMAL", "FULL", "EXTRA"}
#: Pages in the write-ahead log that trigger a checkpoint (see ``checkpoint_pages``).
CHECKPOINT_PAGES = 4000


class SqliteUnitOfWork(SqlUnitOfWorkBase):
    """Unit of work on a SQLite file (or ``":memory:"``); one object may be shared by threads (each thread
    gets its own connection to the file; a ``":memory:"`` database has one, which threads take in turn).

    Args:
        path: database file, created if absent, or ``":memory:"``.
        prefix: table name prefix.
        synchronous: SQLite's durability setting; ``FULL`` (default) syncs the WAL at every commit.
        busy_timeout: seconds to wait for another writer before raising ``ConcurrencyConflict``.
        migrate: bring the schema forward on open (default: the embedded store needs no separate step).
        checkpoint_pages: the write-ahead log is copied back into the database file (and the file synced)
            once it holds this many pages. SQLite's default of 1,000 suits a store whose commit writes one or
            two pages; a command here writes about seven (the state row and its index entries, the event),
            so 4,000 checkpoints about as often per command, and a page rewritten by many commands in
            between is copied once. The log grows to about 16 MB before it is folded back.

    To run inside the host's own transaction, see :meth:`on_connection`.
    """

    dialect = SQLITE

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        prefix: str = "sp4n_",
        synchronous: str = "FULL",
        busy_timeout: float = 10.0,
        migrate: bool | None = True,
        checkpoint_pages: int = CHECKPOINT_PAGES,
    ) -> None:
        check_prefix(prefix)  # before the file is created
        if synchronous.upper() not in _SYNC:
            raise ConfigurationError(
                "synchronous",
                "{synchronous!r} is not one of {allowed}",
                synchronous=synchronous,
                allowed=sorted(_SYNC),
            )
        if type(checkpoint_pages) is not int or checkpoint_pages < 1:  # bool is an int, not a page count
            raise ConfigurationError(
                "checkpoint_pages", "{value!r} is not a positive number of pages", value=checkpoint_pages
            )
        self.path = str(path)
        #: True when the last erasure's WAL checkpoint could not finish (another reader held old pages).
        self.erasure_pending = False
        memory = self.path == ":memory:"

        def open_() -> sqlite3.Connection:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            return _open(self.path, synchronous.upper(), busy_timeout, checkpoint_pages)

        try:
            first = open_()
        except sqlite3.Error as err:
            raise ConfigurationError(self.path, "cannot open SQLite database: {error}", error=err) from err
        source: Source
        if memory:
            source = Pool(lambda: first, _close, max_size=1, name="sqlite")
        else:
            source = PerThread(open_, _close)
            source.adopt(first)
        super().__init__(source, prefix=prefix, migrate=migrate)

    @classmethod
    def on_connection(cls, connection: sqlite3.Connection, *, prefix: str = "sp4n_") -> SqliteUnitOfWork:
        """A unit of work inside the host's transaction on ``connection`` (never committed or closed by sp4n;
        see :mod:`sp4n.adapters.storage.host`)."""
        self = cls.__new__(cls)
        self.path = ""
        SqlUnitOfWorkBase.__init__(self, HostOwned(connection), prefix=prefix)
        return self

    def _cursor_on(self, handle: Any) -> Cursor:
        cursor = handle.cursor()
        if handle.row_factory is not None:
            cursor.row_factory = None  # tuples, whatever the host's connection makes
        typed: Cursor = cursor
        return typed

    def _begin(self, handle: Any) -> None:
        # IMMEDIATE takes the writer lock now, not at the first write: no upgrade deadlocks, no stale reads.
        handle.execute("BEGIN IMMEDIATE")

    def _start(self, handle: Any) -> None:
        if self._source.host_owned and not handle.in_transaction:
            # Outside a transaction SQLite's outermost SAVEPOINT *is* the transaction and its RELEASE would
            # commit: open the host's transaction first, which the host's commit() or rollback() ends.
            handle.execute("BEGIN")
        super()._start(handle)

    def _end(self, handle: Any, *, commit: bool) -> None:
        if handle.in_transaction:
            handle.execute("COMMIT" if commit else "ROLLBACK")

    def _after_erasure(self, handle: Any) -> None:
        # The WAL still holds the pages as they were before the tombstone: copy them home and empty it.
        # A reader holding an old snapshot can keep frames alive; then the next erasure (or checkpoint)
        # finishes the job, and sp4n says so rather than pretending (the result row's first value is "busy").
        busy = self._raw(handle).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        self.erasure_pending = bool(busy and busy[0])

    def _is_duplicate(self, err: Exception) -> bool:
        return isinstance(err, sqlite3.IntegrityError) and "UNIQUE" in str(err)

    def _is_contention(self, err: Exception) -> bool:
        return isinstance(err, sqlite3.OperationalError) and ("locked" in str(err) or "busy" in str(err))

    def _is_bad_data(self, err: Exception) -> bool:
        return isinstance(err, sqlite3.DataError | UnicodeEncodeError)

    def _is_disconnect(self, err: Exception) -> bool:
        return False  # a file does not drop connections

    @contextmanager
    def _migration_lock(self, handle: Any) -> Iterator[None]:
        # SQLite DDL is transactional: the whole migration commits or none of it does.
        handle.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            handle.execute("ROLLBACK")
            raise
        handle.execute("COMMIT")


def _open(path: str, synchronous: str, busy_timeout: float, checkpoint_pages: int) -> sqlite3.Connection:
    # check_same_thread off: a per-thread connection is used by its thread only, but close() (any thread)
    # closes them all; the one ":memory:" connection is handed from thread to thread by a pool of one.
    conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout, check_same_thread=False)
    _retry_locked(conn, lambda: conn.execute("PRAGMA journal_mode=WAL"))
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute(f"PRAGMA wal_autocheckpoint={int(checkpoint_pages)}")
    # Freed pages are zeroed, so an erased identity leaves no copy in free space (UU 27/2022).
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def _close(conn: sqlite3.Connection) -> None:
    conn.close()


def _retry_locked(db: sqlite3.Connection, step: Callable[[], object], attempts: int = 300) -> None:
    """Run ``step``, retrying every 10 ms while SQLite says "locked" without waiting.

    Switching a new file to WAL fails at once with "database is locked" (no busy wait) when another process
    opens the same file at the same moment.
    """
    for attempt in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == attempts - 1:
                db.close()
                raise
            time.sleep(0.01)


# --- side tables of the outbox and sent-reminder stores ---------------------------------------------------


def open_side_db(
    path: str, schema: Sequence[str], *, synchronous: str = "FULL", attempts: int = 300
) -> sqlite3.Connection:
    """A connection shared by a store's threads, in WAL mode with ``synchronous``, its tables created.

    Switching a new file to WAL fails at once with "database is locked" (no busy wait) when another process
    opens the same file at the same moment: that is retried, every 10 ms, ``attempts`` times.
    """
    db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)

    def setup() -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
        for ddl in schema:
            db.execute(ddl)

    _retry_locked(db, setup, attempts)
    return db


class SideTxn:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on error), serialised within the process."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db, self._lock = db, lock

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise
        return self._db

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self._lock.release()
