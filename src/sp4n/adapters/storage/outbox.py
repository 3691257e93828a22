"""Where the outbox relay keeps its cursors and dead letters: the memory and SQLite outbox stores.

Both implement :class:`~sp4n.ports.OutboxStore`. A relay works one subscriber at a time under a
:class:`~sp4n.ports.Claim`: it reads the subscriber's cursor, delivers the next events, records dead letters
and the new cursor, then commits them together. Only one claim per subscriber exists at a time, which is what
keeps several relays from sending the same message twice:

* :class:`MemoryOutboxStore` — a lock per subscriber (relays as threads of one process);
* :class:`SqliteOutboxStore` — a *lease* on the cursor row (owner + expiry), taken and released in short
  write transactions so a slow delivery never holds SQLite's single write lock (which the service needs to
  commit complaints). The relay renews the lease before every send (once a quarter of it has gone), so it
  must exceed 4/3 x the slowest single send attempt (default 120 s against the senders' default timeouts);
  a relay killed holding it blocks that subscriber only until it expires;
* :class:`~sp4n.adapters.storage.outbox_server.SqlOutboxStore` — ``SELECT ... FOR UPDATE SKIP LOCKED`` on
  PostgreSQL / MariaDB.

Nothing is written until ``Claim.commit()`` (dead letters resolved after a re-drive included): a relay
that dies mid-batch leaves the cursor where it was, so
the batch is delivered again (at least once; receivers drop duplicates by message id).

>>> store = MemoryOutboxStore()
>>> claim = store.claim("email")
>>> claim.position, store.claim("email") is None
(0, True)
>>> claim.advance(7); claim.commit()
True
>>> store.cursor("email")
7
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sp4n.adapters.storage.sqlite import SideTxn, open_side_db
from sp4n.ports import DeadLetter

__all__ = ["MemoryOutboxStore", "SqliteOutboxStore"]


class _BufferedClaim:
    """Shared buffering: subclasses write ``_pending`` and ``_position`` in ``_write``."""

    def __init__(self, position: int) -> None:
        self._position = position
        self._pending: list[DeadLetter] = []
        self._resolved: list[str] = []
        self._done = False

    @property
    def position(self) -> int:
        return self._position

    def advance(self, position: int) -> None:
        self._position = position

    def dead_letter(self, record: DeadLetter) -> None:
        self._pending.append(record)

    def resolve(self, message_id: str) -> None:
        self._resolved.append(message_id)

    def renew(self) -> bool:
        return not self._done


class _MemoryClaim(_BufferedClaim):
    def __init__(self, store: MemoryOutboxStore, subscriber: str) -> None:
        super().__init__(store.cursor(subscriber))
        self._store, self._subscriber = store, subscriber

    def letters(self, limit: int = 100_000) -> list[DeadLetter]:
        return self._store.dead_letters(self._subscriber, limit)

    def commit(self) -> bool:
        if self._done:
            return False
        self._store._cursors[self._subscriber] = self._position
        for d in self._pending:
            self._store._dead[(d.subscriber, d.message_id)] = d
        for message_id in self._resolved:
            self._store._dead.pop((self._subscriber, message_id), None)
        self.release()
        return True

    def release(self) -> None:
        if not self._done:
            self._done = True
            self._store._locks[self._subscriber].release()


class MemoryOutboxStore:
    """In-process store (tests, single-process hosts). Thread-safe."""

    def __init__(self) -> None:
        self._cursors: dict[str, int] = {}
        self._dead: dict[tuple[str, str], DeadLetter] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def claim(self, subscriber: str) -> _MemoryClaim | None:
        with self._guard:
            lock = self._locks.setdefault(subscriber, threading.Lock())
        if not lock.acquire(blocking=False):
            return None
        return _MemoryClaim(self, subscriber)

    def cursor(self, subscriber: str) -> int:
        return self._cursors.get(subscriber, 0)

    def dead_letters(self, subscriber: str | None = None, limit: int = 100) -> list[DeadLetter]:
        found = [d for d in self._dead.values() if subscriber in (None, d.subscriber)]
        return sorted(found, key=lambda d: (d.position, d.message_id))[:limit]

    def resolve(self, subscriber: str, message_id: str) -> None:
        self._dead.pop((subscriber, message_id), None)

    def save_dead_letter(self, record: DeadLetter) -> None:
        self._dead[(record.subscriber, record.message_id)] = record


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sp4n_outbox_cursor (subscriber TEXT PRIMARY KEY, position INTEGER NOT NULL,"
    " owner TEXT, lease_until REAL NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS sp4n_outbox_dead_letter (subscriber TEXT NOT NULL, message_id TEXT NOT NULL,"
    " position INTEGER NOT NULL, complaint_id TEXT NOT NULL, sequence INTEGER NOT NULL,"
    " attempts INTEGER NOT NULL, error TEXT NOT NULL, failed_at TEXT NOT NULL,"
    " PRIMARY KEY (subscriber, message_id))",
)
_UPSERT_DEAD = (
    "INSERT INTO sp4n_outbox_dead_letter VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (subscriber, message_id) DO UPDATE SET attempts = excluded.attempts,"
    " error = excluded.error, failed_at = excluded.failed_at"
)


def dead_letter_row(d: DeadLetter) -> tuple[str, str, int, str, int, int, str, str]:
    """The row of a dead letter (shared with the SQL store)."""
    failed = d.failed_at.astimezone(UTC).isoformat()
    return (d.subscriber, d.message_id, d.position, d.complaint_id, d.sequence, d.attempts, d.error, failed)


def dead_letter_from_row(row: tuple[object, ...]) -> DeadLetter:
    """Inverse of :func:`dead_letter_row`."""
    sub, mid, pos, cid, seq, attempts, error, failed = row
    return DeadLetter(
        subscriber=str(sub), message_id=str(mid), position=int(str(pos)), complaint_id=str(cid),
        sequence=int(str(seq)), attempts=int(str(attempts)), error=str(error),
        failed_at=datetime.fromisoformat(str(failed)),
    )  # fmt: skip


class _SqliteClaim(_BufferedClaim):
    def __init__(self, store: SqliteOutboxStore, subscriber: str, owner: str, position: int) -> None:
        super().__init__(position)
        self._store, self._subscriber, self._owner = store, subscriber, owner
        self._renewed = store._clock()

    def letters(self, limit: int = 100_000) -> list[DeadLetter]:
        return self._store.dead_letters(self._subscriber, limit)

    def renew(self) -> bool:
        # Called before every send: once a quarter of the lease has gone, extend it. Between two renewals at
        # most a quarter of the lease plus one send attempt passes, so a lease longer than 4/3 x the slowest
        # single attempt (the sender's timeouts) is never lost while its holder is alive.
        if self._done:
            return False
        now = self._store._clock()
        if now - self._renewed <= self._store._lease / 4:
            return True
        with self._store._write() as db:
            kept = db.execute(
                "UPDATE sp4n_outbox_cursor SET lease_until = ? WHERE subscriber = ? AND owner = ?",
                (now + self._store._lease, self._subscriber, self._owner),
            ).rowcount
        self._renewed = now
        return kept == 1

    def commit(self) -> bool:
        if self._done:
            return False
        self._done = True
        with self._store._write() as db:
            updated = db.execute(
                "UPDATE sp4n_outbox_cursor SET position = ?, owner = NULL, lease_until = 0"
                " WHERE subscriber = ? AND owner = ?",
                (self._position, self._subscriber, self._owner),
            ).rowcount
            if updated != 1:
                db.rollback()  # the lease expired and another relay took over: write nothing
                return False
            db.executemany(_UPSERT_DEAD, [dead_letter_row(d) for d in self._pending])
            db.executemany(
                "DELETE FROM sp4n_outbox_dead_letter WHERE subscriber = ? AND message_id = ?",
                [(self._subscriber, m) for m in self._resolved],
            )
        return True

    def release(self) -> None:
        if self._done:
            return
        self._done = True
        with self._store._write() as db:
            db.execute(
                "UPDATE sp4n_outbox_cursor SET owner = NULL, lease_until = 0"
                " WHERE subscriber = ? AND owner = ?",
                (self._subscriber, self._owner),
            )


class SqliteOutboxStore:
    """Cursors and dead letters in SQLite tables of their own (``path`` may be the event database's file).

    Args:
        path: database file (``":memory:"`` for one connection's lifetime).
        lease_seconds: how long a claim holds a subscriber between renewals; must exceed 4/3 x the slowest
            single send attempt.
        clock: seconds since the epoch (injected so tests can expire leases).
    """

    def __init__(
        self, path: str, *, lease_seconds: float = 120.0, clock: Callable[[], float] = time.time
    ) -> None:
        # NORMAL, not FULL: a cursor update lost to a power cut only makes the relay send that batch again
        # (at least once, de-duplicated by id); an fsync per batch costs more than it buys.
        self._db = open_side_db(path, _SCHEMA, synchronous="NORMAL")
        self._lease, self._clock, self._lock = lease_seconds, clock, threading.Lock()

    def _write(self) -> SideTxn:
        return SideTxn(self._db, self._lock)

    def claim(self, subscriber: str) -> _SqliteClaim | None:
        owner, now = uuid.uuid4().hex, self._clock()
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO sp4n_outbox_cursor (subscriber, position) VALUES (?, 0)", (subscriber,)
            )
            row = db.execute(
                "UPDATE sp4n_outbox_cursor SET owner = ?, lease_until = ?"
                " WHERE subscriber = ? AND (owner IS NULL OR lease_until < ?) RETURNING position",
                (owner, now + self._lease, subscriber, now),
            ).fetchone()
        return None if row is None else _SqliteClaim(self, subscriber, owner, int(row[0]))

    def cursor(self, subscriber: str) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT position FROM sp4n_outbox_cursor WHERE subscriber = ?", (subscriber,)
            ).fetchone()
        return 0 if row is None else int(row[0])

    def dead_letters(self, subscriber: str | None = None, limit: int = 100) -> list[DeadLetter]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM sp4n_outbox_dead_letter WHERE ? IS NULL OR subscriber = ?"
                " ORDER BY position, message_id LIMIT ?",
                (subscriber, subscriber, limit),
            ).fetchall()
        return [dead_letter_from_row(r) for r in rows]

    def resolve(self, subscriber: str, message_id: str) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM sp4n_outbox_dead_letter WHERE subscriber = ? AND message_id = ?",
                (subscriber, message_id),
            )

    def save_dead_letter(self, record: DeadLetter) -> None:
        with self._write() as db:
            db.execute(_UPSERT_DEAD, dead_letter_row(record))

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
