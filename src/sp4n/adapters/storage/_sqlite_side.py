"""Small SQLite side tables that several processes open at once (outbox cursors, sent-reminder keys).

:func:`open_side_db` opens the file in WAL mode and creates the tables, retrying while another process is
switching the same new file to WAL; :class:`Txn` is one short ``BEGIN IMMEDIATE`` transaction, serialised
within the process, so no lock is ever held while a message is being delivered.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence

__all__ = ["Txn", "open_side_db"]


def open_side_db(
    path: str, schema: Sequence[str], *, synchronous: str = "FULL", attempts: int = 300
) -> sqlite3.Connection:
    """A connection shared by a store's threads, in WAL mode with ``synchronous``, its tables created.

    Switching a new file to WAL fails at once with "database is locked" (no busy wait) when another process
    opens the same file at the same moment: that is retried, every 10 ms, ``attempts`` times.
    """
    db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    for attempt in range(attempts):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={synchronous}")
            for ddl in schema:
                db.execute(ddl)
            return db
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == attempts - 1:
                db.close()
                raise
            time.sleep(0.01)
    raise AssertionError("unreachable: the last attempt returns or raises")


class Txn:
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
