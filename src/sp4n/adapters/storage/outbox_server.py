"""Outbox cursors and dead letters on PostgreSQL or MariaDB, shared safely by several relay processes.

A claim is a database transaction that holds the subscriber's cursor row with
``SELECT ... FOR UPDATE SKIP LOCKED``: a second relay asking for the same subscriber skips the locked row and
gets ``None`` (it moves on to another subscriber or idles) instead of waiting or sending the same batch. The
new cursor and the dead letters are written in that same transaction and the commit releases the row. If the
relay dies, the server rolls back and frees the row at once: the next relay redelivers that batch (at least
once), which is why a batch should stay small. MariaDB needs 10.6 or newer for ``SKIP LOCKED``.

The store holds one connection: lent by a server unit of work's pool (whose schema it then shares), or opened
from a DSN (``postgresql://...`` or ``mysql://...``); one store serves one relay (one thread).
"""

from __future__ import annotations

import attrs

from sp4n.adapters.storage._sql import check_prefix, check_schema, qualified
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.adapters.storage.outbox import _BufferedClaim, dead_letter_from_row, dead_letter_row
from sp4n.adapters.storage.urls import side_connection
from sp4n.ports import DeadLetter

__all__ = ["SqlOutboxStore"]


@attrs.frozen
class _Dialect:
    ensure_cursor: str
    upsert_dead: str
    schema: tuple[str, ...]


def _schema(p: str) -> tuple[str, ...]:
    return (
        f"CREATE TABLE IF NOT EXISTS {p}_cursor (subscriber VARCHAR(200) PRIMARY KEY,"
        " position BIGINT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {p}_dead_letter (subscriber VARCHAR(200) NOT NULL,"
        " message_id VARCHAR(100) NOT NULL, position BIGINT NOT NULL, complaint_id VARCHAR(200) NOT NULL,"
        " sequence INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL,"
        " failed_at VARCHAR(40) NOT NULL, PRIMARY KEY (subscriber, message_id))",
    )


def _dialect(kind: str, p: str) -> _Dialect:
    # S608 below: ``p`` is the table prefix, checked by check_prefix before any statement is built.
    insert_dead = f"INSERT INTO {p}_dead_letter VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    if kind == "postgresql":
        return _Dialect(
            ensure_cursor=f"INSERT INTO {p}_cursor VALUES (%s, 0) ON CONFLICT DO NOTHING",  # noqa: S608
            upsert_dead=insert_dead + " ON CONFLICT (subscriber, message_id) DO UPDATE SET"
            " attempts = EXCLUDED.attempts, error = EXCLUDED.error, failed_at = EXCLUDED.failed_at",
            schema=_schema(p),
        )
    return _Dialect(
        ensure_cursor=f"INSERT IGNORE INTO {p}_cursor VALUES (%s, 0)",  # noqa: S608
        upsert_dead=insert_dead + " ON DUPLICATE KEY UPDATE attempts = VALUES(attempts),"
        " error = VALUES(error), failed_at = VALUES(failed_at)",
        schema=_schema(p),
    )


class _SqlClaim(_BufferedClaim):
    def __init__(self, store: SqlOutboxStore, subscriber: str, position: int) -> None:
        super().__init__(position)
        self._store, self._subscriber = store, subscriber

    def letters(self, limit: int = 100_000) -> list[DeadLetter]:
        # Inside the claim's transaction: a commit here would free the cursor row for another relay.
        with self._store._conn.cursor() as cur:
            cur.execute(self._store._letters_sql, (self._subscriber, False, limit))
            return [dead_letter_from_row(r) for r in cur.fetchall()]

    def commit(self) -> bool:
        if self._done:
            return False
        self._done = True
        s = self._store
        try:
            with s._conn.cursor() as cur:
                if s._lazy_commit:
                    cur.execute("SET LOCAL synchronous_commit = off")
                cur.execute(
                    f"UPDATE {s._prefix}_cursor SET position = %s WHERE subscriber = %s",  # noqa: S608 - prefix is validated
                    (self._position, self._subscriber),
                )
                for d in self._pending:
                    cur.execute(s._dialect.upsert_dead, dead_letter_row(d))
                for message_id in self._resolved:
                    cur.execute(
                        f"DELETE FROM {s._prefix}_dead_letter WHERE subscriber = %s AND message_id = %s",  # noqa: S608 - prefix is validated
                        (self._subscriber, message_id),
                    )
            s._conn.commit()
        except BaseException:
            s._conn.rollback()
            raise
        return True

    def release(self) -> None:
        if not self._done:
            self._done = True
            self._store._conn.rollback()


class SqlOutboxStore:
    """Outbox store on PostgreSQL or MariaDB, in tables ``<prefix>_cursor`` and ``<prefix>_dead_letter``.

    ``dsn`` may be a server unit of work instead: the store then holds a connection of its pool and puts its
    tables in its schema (``schema`` places them elsewhere).

    On PostgreSQL a claim's commit does not wait for its WAL record to reach the disk
    (``synchronous_commit = off`` for that transaction only) unless ``flush_each_batch``: a relay killed
    after it loses nothing (the server has the commit), and a *server* crash within a fraction of a second
    of it can only undo the newest cursor moves together with their dead letters, in commit order, so those
    batches are sent again with the same message ids, never skipped. The SQLite store makes the same trade
    (``synchronous=NORMAL``); the flush would cost a disk sync (milliseconds) per batch.

    Raises:
        ConfigurationError: the DSN's scheme is not supported or the prefix is not a plain identifier.
    """

    def __init__(
        self,
        dsn: str | SqlUnitOfWorkBase,
        *,
        prefix: str = "sp4n_outbox",
        schema: str | None = None,
        flush_each_batch: bool = False,
    ) -> None:
        if schema is None and isinstance(dsn, SqlUnitOfWorkBase):
            schema = dsn.schema
        self._prefix = qualified(check_schema(schema), check_prefix(prefix))
        kind, self._conn, self._close = side_connection(dsn)
        self._lazy_commit = kind == "postgresql" and not flush_each_batch
        self._dialect = _dialect(kind, self._prefix)
        self._letters_sql = (
            f"SELECT * FROM {self._prefix}_dead_letter WHERE subscriber = %s OR %s"  # noqa: S608 - prefix is validated
            " ORDER BY position, message_id LIMIT %s"
        )
        with self._conn.cursor() as cur:
            if kind == "postgresql":
                # Two relays starting together race on CREATE TABLE IF NOT EXISTS (pg_type unique key):
                # serialise schema creation on a transaction-scoped advisory lock named after the prefix.
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (prefix,))
            for ddl in self._dialect.schema:
                cur.execute(ddl)
        self._conn.commit()

    def claim(self, subscriber: str) -> _SqlClaim | None:
        lock = f"SELECT position FROM {self._prefix}_cursor WHERE subscriber = %s FOR UPDATE SKIP LOCKED"  # noqa: S608 - prefix is validated
        with self._conn.cursor() as cur:
            cur.execute(lock, (subscriber,))
            row = cur.fetchone()
            if row is None:  # held by another relay, or no cursor yet
                self._conn.rollback()
                # A plain read first: on MariaDB even INSERT IGNORE waits for the row lock another relay has.
                cur.execute(f"SELECT 1 FROM {self._prefix}_cursor WHERE subscriber = %s", (subscriber,))  # noqa: S608 - prefix is validated
                if cur.fetchone() is not None:
                    self._conn.rollback()
                    return None
                cur.execute(self._dialect.ensure_cursor, (subscriber,))
                self._conn.commit()
                cur.execute(lock, (subscriber,))
                row = cur.fetchone()
        if row is None:
            self._conn.rollback()
            return None
        return _SqlClaim(self, subscriber, int(row[0]))

    def _query(self, sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._conn.cursor() as cur:
            cur.execute(sql, params)
            rows = list(cur.fetchall()) if cur.description is not None else []
        self._conn.commit()
        return rows

    def cursor(self, subscriber: str) -> int:
        rows = self._query(f"SELECT position FROM {self._prefix}_cursor WHERE subscriber = %s", (subscriber,))  # noqa: S608 - prefix is validated
        return int(str(rows[0][0])) if rows else 0

    def dead_letters(self, subscriber: str | None = None, limit: int = 100) -> list[DeadLetter]:
        rows = self._query(self._letters_sql, (subscriber or "", subscriber is None, limit))
        return [dead_letter_from_row(r) for r in rows]

    def resolve(self, subscriber: str, message_id: str) -> None:
        self._query(
            f"DELETE FROM {self._prefix}_dead_letter WHERE subscriber = %s AND message_id = %s",  # noqa: S608 - prefix is validated
            (subscriber, message_id),
        )

    def save_dead_letter(self, record: DeadLetter) -> None:
        self._query(self._dialect.upsert_dead, dead_letter_row(record))

    def drop_tables(self) -> None:
        """Drop this store's tables (tests, uninstall)."""
        for table in ("cursor", "dead_letter"):
            self._query(f"DROP TABLE IF EXISTS {self._prefix}_{table}", ())

    def close(self) -> None:
        """Close the connection (or give it back to the unit of work's pool it came from)."""
        self._close()
