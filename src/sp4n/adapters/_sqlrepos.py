"""Repositories shared by every SQL adapter (SQLite, PostgreSQL, MariaDB/MySQL): one SQL text, three dialects.

SQL is written once with ``?`` placeholders and ``{p}`` for the table prefix; :class:`Sql` turns it into the
dialect's form. Each save writes the state row and appends the events in the caller's transaction:

1. read the complaint row (``FOR UPDATE`` on servers) and compare versions — a stale write raises
   :class:`~sp4n.exceptions.ConcurrencyConflict` before anything is written;
2. write the state row (``UPDATE ... WHERE version = expected`` re-checks it);
3. take the log head row lock, allocate positions, append the events (INSERT only: events are never
   updated or deleted by sp4n).

The head lock is held to commit, so positions are handed out in commit order: ``read_since`` never skips an
event that commits later with a smaller position (the PostgreSQL sequence pitfall).
"""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants and a table
# prefix that check_prefix limited to [a-z0-9_]; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

import attrs

from sp4n.adapters import _rules
from sp4n.adapters._codec import (
    canonical_json,
    complaint_from_dict,
    complaint_to_dict,
    due_for_storage,
    from_micros,
    to_micros,
)
from sp4n.adapters._schema import Dialect
from sp4n.events import Event, event_from_dict, event_to_dict
from sp4n.exceptions import ComplaintNotFound, ConcurrencyConflict
from sp4n.history import GENESIS, chain
from sp4n.lifecycle.status import Status
from sp4n.model import Complaint
from sp4n.ports import ReporterIdentity, StoredEvent

__all__ = ["Cursor", "Sql", "SqlComplaints", "SqlEventLog", "SqlIdentities"]


class Cursor(Protocol):
    """The DB-API cursor surface we use."""

    rowcount: int

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> object: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> object: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@lru_cache(maxsize=512)
def _render(sql: str, param: str, prefix: str) -> str:
    rendered = sql.replace("{p}", prefix)
    return rendered if param == "?" else rendered.replace("?", param)


@attrs.define
class Sql:
    """Runs SQL for one unit of work, rendered for the dialect; ``is_duplicate`` classifies driver errors."""

    dialect: Dialect
    prefix: str
    cursor: Callable[[], Cursor]
    is_duplicate: Callable[[Exception], bool]
    translating: Callable[[str], AbstractContextManager[None]]

    def run(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        cur = self.cursor()
        with self.translating(sql.split(" ", 1)[0]):
            cur.execute(_render(sql, self.dialect.param, self.prefix), params)
        return cur

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        cur = self.cursor()
        with self.translating(sql.split(" ", 1)[0]):
            cur.executemany(_render(sql, self.dialect.param, self.prefix), rows)

    def insert(self, sql: str, params: Sequence[Any]) -> bool:
        """Run an INSERT; False when it hit a unique key (the transaction stays usable on every dialect)."""
        try:
            cur = self.run(sql + self.dialect.ignore_duplicate, params)
        except Exception as err:
            if self.is_duplicate(err):
                return False
            raise
        return cur.rowcount == 1


def _decode(data: str) -> Complaint:
    return complaint_from_dict(json.loads(data))


_COLUMNS = (
    "tracking_id, version, status, agency_id, reporter_ref, public, submitted_at, due_at, last_hash, data"
)


def _row(complaint: Complaint, due_at: datetime | None, last_hash: str) -> tuple[Any, ...]:
    due = due_for_storage(complaint, due_at)
    return (
        complaint.tracking_id,
        complaint.version,
        str(complaint.status),
        complaint.agency_id,
        complaint.reporter_ref,
        1 if _rules.is_public(complaint) else 0,
        to_micros(complaint.submitted_at),
        None if due is None else to_micros(due),
        last_hash,
        canonical_json(complaint_to_dict(complaint)),
    )


class SqlComplaints:
    """The state table."""

    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def _one(self, where: str, key: str) -> Complaint:
        row = self._sql.run(f"SELECT data FROM {{p}}complaints WHERE {where} = ?", (key,)).fetchone()
        if row is None:
            raise ComplaintNotFound(key)
        return _decode(row[0])

    def get(self, complaint_id: str) -> Complaint:
        return self._one("id", complaint_id)

    def get_by_tracking(self, tracking_id: str) -> Complaint:
        return self._one("tracking_id", tracking_id)

    def _locked_version(self, complaint_id: str) -> tuple[int, str] | None:
        sql = "SELECT version, last_hash FROM {p}complaints WHERE id = ?" + self._sql.dialect.for_update
        row = self._sql.run(sql, (complaint_id,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def save(
        self,
        complaint: Complaint,
        events: Sequence[Event],
        *,
        expected_version: int,
        due_at: datetime | None = None,
    ) -> list[StoredEvent]:
        _rules.check_save(complaint, events, expected_version, due_at)
        try:
            return self._save(complaint, events, expected_version, due_at)
        except ConcurrencyConflict as err:
            if err.complaint_id == complaint.id:
                raise
            # A lock timeout or deadlock inside the save: name the complaint the caller tried to write.
            raise ConcurrencyConflict(complaint.id, expected_version, None) from err

    def _save(
        self, complaint: Complaint, events: Sequence[Event], expected_version: int, due_at: datetime | None
    ) -> list[StoredEvent]:
        current = self._locked_version(complaint.id)
        actual = None if current is None else current[0]
        if (actual or 0) != expected_version:
            raise ConcurrencyConflict(complaint.id, expected_version, actual)
        # Hashes do not cover positions, so the chain is computed before positions are allocated.
        linked = chain(events, prev_hash=GENESIS if current is None else current[1], first_position=0)
        head = linked[-1].hash if linked else (GENESIS if current is None else current[1])
        values = _row(complaint, due_at, head)
        if current is None:
            self._insert(complaint, expected_version, values)
        else:
            self._update(complaint, expected_version, values)
        return self._append(linked)

    def _insert(self, complaint: Complaint, expected_version: int, values: tuple[Any, ...]) -> None:
        sql = f"INSERT INTO {{p}}complaints (id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        if self._sql.insert(sql, (complaint.id, *values)):
            return
        raced = self._locked_version(complaint.id)
        if raced is not None:
            raise ConcurrencyConflict(complaint.id, expected_version, raced[0])
        _rules.tracking_taken(complaint.tracking_id)

    def _update(self, complaint: Complaint, expected_version: int, values: tuple[Any, ...]) -> None:
        assignments = ", ".join(f"{c} = ?" for c in _COLUMNS.split(", "))
        sql = f"UPDATE {{p}}complaints SET {assignments} WHERE id = ? AND version = ?"
        try:
            cur = self._sql.run(sql, (*values, complaint.id, expected_version))
        except Exception as err:
            if self._sql.is_duplicate(err):
                _rules.tracking_taken(complaint.tracking_id)
            raise
        if cur.rowcount != 1:
            raise ConcurrencyConflict(complaint.id, expected_version, None)

    def _append(self, linked: list[StoredEvent]) -> list[StoredEvent]:
        if not linked:
            return []
        sql = self._sql
        head = int(
            sql.run("SELECT position FROM {p}log_head WHERE id = 1" + sql.dialect.for_update).fetchone()[0]
        )
        sql.run("UPDATE {p}log_head SET position = ? WHERE id = 1", (head + len(linked),))
        stored = [attrs.evolve(item, position=head + n) for n, item in enumerate(linked, start=1)]
        sql.many(
            "INSERT INTO {p}events (position, complaint_id, sequence, hash, prev_hash, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    s.position,
                    s.event.complaint_id,
                    s.event.sequence,
                    s.hash,
                    s.prev_hash,
                    _event_json(s.event),
                )
                for s in stored
            ],
        )
        return stored

    def _list(
        self, where: str, params: Sequence[Any], order: str, limit: int, lock: str = ""
    ) -> list[Complaint]:
        sql = f"SELECT data FROM {{p}}complaints WHERE {where} ORDER BY {order} LIMIT ?{lock}"
        return [_decode(r[0]) for r in self._sql.run(sql, (*params, limit)).fetchall()]

    def by_agency(self, agency_id: str, status: Status | None = None, limit: int = 100) -> list[Complaint]:
        if status is None:
            return self._list("agency_id = ?", (agency_id,), "submitted_at, id", limit)
        return self._list("agency_id = ? AND status = ?", (agency_id, str(status)), "submitted_at, id", limit)

    def by_reporter(self, reporter_ref: str, limit: int = 100) -> list[Complaint]:
        return self._list("reporter_ref = ?", (reporter_ref,), "submitted_at DESC, id DESC", limit)

    def overdue(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        _rules.check_instant("as_of", as_of)
        return self._list("due_at < ?", (to_micros(as_of),), "due_at, id", limit)

    def public_feed(self, limit: int = 100) -> list[Complaint]:
        return self._list("public = 1", (), "submitted_at DESC, id DESC", limit)

    def claim_due(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        _rules.check_instant("as_of", as_of)
        lock = self._sql.dialect.skip_locked
        return self._list("due_at < ?", (to_micros(as_of),), "due_at, id", limit, lock)

    def remember_idempotency(self, key: str, fingerprint: str, complaint_id: str) -> None:
        _rules.check_idempotency(key, fingerprint, None, complaint_id)
        sql = "INSERT INTO {p}idempotency (idem_key, fingerprint, complaint_id) VALUES (?, ?, ?)"
        if not self._sql.insert(sql, (key, fingerprint, complaint_id)):
            _rules.check_idempotency(key, fingerprint, self._recall(key, locked=True), complaint_id)

    def _recall(self, key: str, *, locked: bool) -> tuple[str, str] | None:
        lock = self._sql.dialect.for_update if locked else ""
        sql = "SELECT fingerprint, complaint_id FROM {p}idempotency WHERE idem_key = ?" + lock
        row = self._sql.run(sql, (key,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def recall_idempotency(self, key: str) -> tuple[str, str] | None:
        return self._recall(key, locked=False)


def _event_json(event: Event) -> str:
    return canonical_json(event_to_dict(event))


def _stored(row: Sequence[Any]) -> StoredEvent:
    event = event_from_dict(json.loads(row[1]))
    return StoredEvent(position=int(row[0]), event=event, hash=str(row[2]), prev_hash=str(row[3]))


class SqlEventLog:
    """The append-only event table, which is also the outbox."""

    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def history(self, complaint_id: str) -> list[StoredEvent]:
        sql = "SELECT position, data, hash, prev_hash FROM {p}events WHERE complaint_id = ? ORDER BY position"
        return [_stored(r) for r in self._sql.run(sql, (complaint_id,)).fetchall()]

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        sql = "SELECT position, data, hash, prev_hash FROM {p}events WHERE position > ? ORDER BY position"
        sql += " LIMIT ?"
        return [_stored(r) for r in self._sql.run(sql, (position, limit)).fetchall()]

    def last_position(self) -> int:
        row = self._sql.run("SELECT MAX(position) FROM {p}events").fetchone()
        return 0 if row is None or row[0] is None else int(row[0])


class SqlIdentities:
    """Reporter identities, kept apart; erasure overwrites the row with a tombstone."""

    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def put(self, identity: ReporterIdentity) -> None:
        erased = None if identity.erased_at is None else to_micros(identity.erased_at)
        # Personal fields travel as one JSON document: any text round-trips, and erasure is one overwrite.
        data = canonical_json(
            {"name": identity.name, "nik": identity.nik, "phone": identity.phone, "email": identity.email}
        )
        update = "UPDATE {p}identities SET erased_at = ?, data = ? WHERE id = ?"
        if self._sql.run(update, (erased, data, identity.id)).rowcount == 1:
            return
        insert = "INSERT INTO {p}identities (erased_at, data, id) VALUES (?, ?, ?)"
        if not self._sql.insert(insert, (erased, data, identity.id)):
            # Someone inserted it between our UPDATE and INSERT; their row is committed now, so update it.
            self._sql.run(update, (erased, data, identity.id))

    def get(self, identity_id: str) -> ReporterIdentity | None:
        row = self._sql.run("SELECT erased_at, data FROM {p}identities WHERE id = ?", (identity_id,)).fetchone()
        if row is None:
            return None
        fields = json.loads(row[1])
        erased = None if row[0] is None else from_micros(int(row[0]))
        return ReporterIdentity(id=identity_id, erased_at=erased, **fields)

    def erase(self, identity_id: str, at: datetime) -> None:
        self.put(_rules.tombstone(identity_id, at))
