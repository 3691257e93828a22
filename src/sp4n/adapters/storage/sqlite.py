"""SQLite adapter on the standard library's ``sqlite3``: the embedded default.

A file database runs in WAL mode with ``synchronous=FULL`` (a committed command survives power loss) and a
busy timeout. Each ``with uow:`` block is one ``BEGIN IMMEDIATE`` transaction: it takes SQLite's single
writer lock up front, so versions are checked against the latest commit, event positions follow commit order,
and ``claim_due`` needs no row locks (a second timer worker waits for the lock instead). Readers of a WAL
database are never blocked by the writer. ``":memory:"`` gives a private database for this object only.

>>> uow = SqliteUnitOfWork(":memory:")
>>> uow.schema_version()
1
>>> with uow:
...     uow.events.last_position()
0
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sp4n.adapters.storage import _schema
from sp4n.adapters.storage._sqlrepos import Cursor
from sp4n.adapters.storage._sqluow import SqlUnitOfWorkBase
from sp4n.exceptions import ConfigurationError

__all__ = ["SqliteUnitOfWork"]

_SYNC = {"OFF", "NORMAL", "FULL", "EXTRA"}


class SqliteUnitOfWork(SqlUnitOfWorkBase):
    """Unit of work on a SQLite file (or ``":memory:"``); one per thread or process.

    Args:
        path: database file, created if absent, or ``":memory:"``.
        prefix: table name prefix.
        synchronous: SQLite's durability setting; ``FULL`` (default) syncs the WAL at every commit.
        busy_timeout: seconds to wait for another writer before raising ``ConcurrencyConflict``.
        migrate: bring the schema forward on open (default).
    """

    dialect = _schema.SQLITE

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        prefix: str = "sp4n_",
        synchronous: str = "FULL",
        busy_timeout: float = 10.0,
        migrate: bool = True,
    ) -> None:
        if synchronous.upper() not in _SYNC:
            raise ConfigurationError("synchronous", f"{synchronous!r} is not one of {sorted(_SYNC)}")
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=busy_timeout)
        except sqlite3.Error as err:
            raise ConfigurationError(str(path), f"cannot open SQLite database: {err}") from err
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
        self.path = str(path)
        super().__init__(conn, prefix=prefix, migrate=migrate)

    def _cursor(self) -> Cursor:
        cursor: Cursor = self._conn.cursor()
        return cursor

    def _begin(self) -> None:
        # IMMEDIATE takes the writer lock now, not at the first write: no upgrade deadlocks, no stale reads.
        self._conn.execute("BEGIN IMMEDIATE")

    def _end(self, *, commit: bool) -> None:
        if self._conn.in_transaction:
            self._conn.execute("COMMIT" if commit else "ROLLBACK")

    def _is_duplicate(self, err: Exception) -> bool:
        return isinstance(err, sqlite3.IntegrityError) and "UNIQUE" in str(err)

    def _is_contention(self, err: Exception) -> bool:
        return isinstance(err, sqlite3.OperationalError) and ("locked" in str(err) or "busy" in str(err))

    def _is_bad_data(self, err: Exception) -> bool:
        return isinstance(err, sqlite3.DataError | UnicodeEncodeError)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        # SQLite DDL is transactional: the whole migration commits or none of it does.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
