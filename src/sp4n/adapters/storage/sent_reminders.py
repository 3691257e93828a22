"""Which reminders went out: :class:`~sp4n.ports.SentReminders` in memory, SQLite, PostgreSQL / MariaDB.

The reminder runner (:mod:`sp4n.service.reminders`) uses them. A reminder is keyed by its complaint and
:attr:`~sp4n.sla.reminders.ReminderDue.key`. A runner *claims* the key before it sends: the claim is an atomic
insert-if-absent, so of several runners (threads, processes, or nodes sharing the database) exactly one gets
it, and a runner that runs again finds it taken. That makes a reminder **at most once** per deadline; if
every message of a reminder fails, the runner releases the key so a later run tries again.

A key can be forgotten once its deadline has passed (:meth:`~sp4n.ports.SentReminders.prune`): a reminder is
never due after its deadline, so nothing can ask for that key again.

>>> from datetime import datetime, UTC
>>> sent = MemorySentReminders()
>>> due = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
>>> sent.claim("c1", "deadline_approaching:follow_up:2026-03-10T17:00:00+00:00", due)
True
>>> sent.claim("c1", "deadline_approaching:follow_up:2026-03-10T17:00:00+00:00", due)
False
>>> sent.prune(datetime(2026, 3, 11, tzinfo=UTC))
1
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sp4n.adapters.storage._sql import check_prefix, check_schema, qualified
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.adapters.storage.sqlite import SideTxn, open_side_db
from sp4n.adapters.storage.urls import side_connection

__all__ = ["MemorySentReminders", "SqlSentReminders", "SqliteSentReminders"]


class MemorySentReminders:
    """In-process store (tests, single-process hosts). Thread-safe."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], datetime] = {}
        self._lock = threading.Lock()

    def claim(self, complaint_id: str, key: str, due_at: datetime) -> bool:
        with self._lock:
            if (complaint_id, key) in self._keys:
                return False
            self._keys[(complaint_id, key)] = due_at
            return True

    def release(self, complaint_id: str, key: str) -> None:
        with self._lock:
            self._keys.pop((complaint_id, key), None)

    def prune(self, before: datetime) -> int:
        with self._lock:
            old = [k for k, due in self._keys.items() if due < before]
            for k in old:
                del self._keys[k]
            return len(old)

    def __len__(self) -> int:
        return len(self._keys)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sp4n_reminder_sent (complaint_id TEXT NOT NULL, key TEXT NOT NULL,"
    " due_at TEXT NOT NULL, PRIMARY KEY (complaint_id, key))"
)


class SqliteSentReminders:
    """Sent keys in an SQLite table of its own (``path`` may be the event database's file).

    Each call is one short ``BEGIN IMMEDIATE`` transaction, so it never holds SQLite's write lock while a
    message is being delivered.
    """

    def __init__(self, path: str) -> None:
        # FULL: a claim lost to a power cut would let a later run send that reminder a second time.
        self._db = open_side_db(path, (_SCHEMA,), synchronous="FULL")
        self._lock = threading.Lock()

    def _write(self, sql: str, params: tuple[str, ...]) -> int:
        with SideTxn(self._db, self._lock) as db:
            return int(db.execute(sql, params).rowcount)

    def claim(self, complaint_id: str, key: str, due_at: datetime) -> bool:
        due = due_at.astimezone(UTC).isoformat()
        sql = "INSERT OR IGNORE INTO sp4n_reminder_sent VALUES (?, ?, ?)"
        return self._write(sql, (complaint_id, key, due)) == 1

    def release(self, complaint_id: str, key: str) -> None:
        self._write("DELETE FROM sp4n_reminder_sent WHERE complaint_id = ? AND key = ?", (complaint_id, key))

    def prune(self, before: datetime) -> int:
        # ISO-8601 strings in UTC with the same offset compare in time order.
        return self._write(
            "DELETE FROM sp4n_reminder_sent WHERE due_at < ?", (before.astimezone(UTC).isoformat(),)
        )

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


class SqlSentReminders:
    """Sent keys on PostgreSQL or MariaDB (``postgresql://...`` / ``mysql://...``), for runners on many nodes.

    The claim is ``INSERT ... ON CONFLICT DO NOTHING`` (MariaDB: ``INSERT IGNORE``) on the primary key,
    committed at once: the database decides which runner recorded the key first. One store, one thread.

    ``dsn`` may be a server unit of work instead: the store then holds a connection of its pool and puts its
    table in its schema (``schema`` places it elsewhere).

    Raises:
        ConfigurationError: the DSN's scheme is not supported or the prefix is not a plain identifier.
    """

    def __init__(
        self, dsn: str | SqlUnitOfWorkBase, *, prefix: str = "sp4n_reminder", schema: str | None = None
    ) -> None:
        if schema is None and isinstance(dsn, SqlUnitOfWorkBase):
            schema = dsn.schema
        self._table = f"{qualified(check_schema(schema), check_prefix(prefix))}_sent"
        kind, self._conn, self._close = side_connection(dsn)
        ignore = "ON CONFLICT DO NOTHING" if kind == "postgresql" else ""
        verb = "INSERT" if kind == "postgresql" else "INSERT IGNORE"
        self._claim = f"{verb} INTO {self._table} VALUES (%s, %s, %s) {ignore}"
        ddl = (
            f"CREATE TABLE IF NOT EXISTS {self._table} (complaint_id VARCHAR(200) NOT NULL,"
            " reminder_key VARCHAR(200) NOT NULL, due_at VARCHAR(40) NOT NULL,"
            " PRIMARY KEY (complaint_id, reminder_key))"
        )
        with self._conn.cursor() as cur:
            if kind == "postgresql":  # concurrent CREATE TABLE IF NOT EXISTS races on PostgreSQL's catalog
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self._table,))
            cur.execute(ddl)
        self._conn.commit()

    def _write(self, sql: str, params: tuple[str, ...]) -> int:
        try:
            with self._conn.cursor() as cur:
                cur.execute(sql, params)
                count = int(cur.rowcount)
            self._conn.commit()
        except BaseException:
            self._conn.rollback()
            raise
        return count

    def claim(self, complaint_id: str, key: str, due_at: datetime) -> bool:
        return self._write(self._claim, (complaint_id, key, due_at.astimezone(UTC).isoformat())) == 1

    def release(self, complaint_id: str, key: str) -> None:
        sql = f"DELETE FROM {self._table} WHERE complaint_id = %s AND reminder_key = %s"  # noqa: S608
        self._write(sql, (complaint_id, key))

    def prune(self, before: datetime) -> int:
        sql = f"DELETE FROM {self._table} WHERE due_at < %s"  # noqa: S608 - prefix checked
        return self._write(sql, (before.astimezone(UTC).isoformat(),))

    def drop_table(self) -> None:
        """Remove the table (tests, uninstall)."""
        self._write(f"DROP TABLE IF EXISTS {self._table}", ())

    def close(self) -> None:
        """Close the connection (or give it back to the unit of work's pool it came from)."""
        self._close()
