"""Repositories shared by every SQL adapter (SQLite, PostgreSQL, MariaDB/MySQL): one SQL text, three dialects.

SQL is written once with ``?`` placeholders and ``{p}`` for the table prefix; ``_sqlcore.Sql`` turns it into
the dialect's form. Each save writes the state row and appends the events in the caller's transaction:

1. know the version and last hash the caller saw (from a ``get`` in this transaction, else a
   ``SELECT ... FOR UPDATE``) — a stale ``expected_version`` raises
   :class:`~sp4n.exceptions.ConcurrencyConflict` before anything is written;
2. write the state row (``UPDATE ... WHERE version = expected`` re-checks it; a new complaint is an INSERT
   that tolerates a duplicate so the conflict can be reported without aborting the transaction);
3. allocate positions under the log head lock and append the events (INSERT only: sp4n never updates or
   deletes an event). On PostgreSQL steps 2 and 3 are one statement (``_pgsave``).

The head lock is held to commit, so positions are handed out in commit order: ``read_since`` never skips an
event that commits later with a smaller position (the PostgreSQL sequence pitfall).
"""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants and a table
# prefix that check_prefix limited to [a-z0-9_]; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from sp4n.adapters.storage import _rules
from sp4n.adapters.storage._codec import (
    canonical_json,
    complaint_from_dict,
    complaint_to_dict,
    due_for_storage,
    to_micros,
)
from sp4n.adapters.storage._pgsave import save_in_one_statement
from sp4n.adapters.storage._sqlcore import Cursor, Sql
from sp4n.exceptions import ComplaintNotFound, ConcurrencyConflict
from sp4n.lifecycle.events import Event, event_to_dict
from sp4n.lifecycle.history import GENESIS, chain
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status
from sp4n.ports import StoredEvent

__all__ = ["Cursor", "Sql", "SqlComplaints"]  # Cursor and Sql re-exported from _sqlcore


def _decode(data: str) -> Complaint:
    return complaint_from_dict(json.loads(data))


_COLUMNS = (
    "tracking_id, version, status, agency_id, reporter_ref, public, submitted_at, due_at, last_hash, data"
)
_ASSIGNMENTS = ", ".join(f"{c} = ?" for c in _COLUMNS.split(", "))


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
        # (version, last_hash) of rows this transaction read: a save at that version needs no extra read,
        # because its UPDATE ... WHERE version = expected re-checks the version anyway.
        self._seen: dict[str, tuple[int, str]] = {}

    def forget(self) -> None:
        """Drop what this transaction read (called at commit and rollback)."""
        self._seen.clear()

    def _one(self, where: str, key: str) -> Complaint:
        sql = f"SELECT id, version, last_hash, data FROM {{p}}complaints WHERE {where} = ?"
        row = self._sql.run(sql, (key,)).fetchone()
        if row is None:
            raise ComplaintNotFound(key)
        self._seen[str(row[0])] = (int(row[1]), str(row[2]))
        return _decode(row[3])

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

    def _prev_hash(self, complaint_id: str, expected_version: int) -> str:
        if expected_version == 0:
            return GENESIS
        seen = self._seen.get(complaint_id)
        if seen is None or seen[0] != expected_version:
            seen = self._locked_version(complaint_id)
            if seen is None or seen[0] != expected_version:
                raise ConcurrencyConflict(complaint_id, expected_version, None if seen is None else seen[0])
        return seen[1]

    def _save(
        self, complaint: Complaint, events: Sequence[Event], expected_version: int, due_at: datetime | None
    ) -> list[StoredEvent]:
        prev = self._prev_hash(complaint.id, expected_version)
        # Hashes do not cover positions, so the chain is computed before positions are allocated.
        payloads = [canonical_json(event_to_dict(e)) for e in events]
        linked = chain(events, prev_hash=prev, first_position=0, payloads=payloads)
        head = linked[-1].hash if linked else prev
        values = _row(complaint, due_at, head)
        if linked and self._sql.dialect.positions == "returning":
            stored = self._save_postgres(complaint, expected_version, values, linked, payloads)
            self._seen[complaint.id] = (complaint.version, head)
            return stored
        if expected_version == 0:
            self._insert(complaint, expected_version, values)
        else:
            self._update(complaint, expected_version, values)
        self._seen[complaint.id] = (complaint.version, head)
        return self._append(linked, payloads)

    def _save_postgres(
        self,
        complaint: Complaint,
        expected_version: int,
        values: tuple[Any, ...],
        linked: list[StoredEvent],
        payloads: list[str],
    ) -> list[StoredEvent]:
        if expected_version == 0:
            write = f"INSERT INTO {{p}}complaints (id, {_COLUMNS}) VALUES ({', '.join(['?'] * 11)})"
            write += " ON CONFLICT DO NOTHING RETURNING id"
            params: tuple[Any, ...] = (complaint.id, *values)
        else:
            write = f"UPDATE {{p}}complaints SET {_ASSIGNMENTS} WHERE id = ? AND version = ? RETURNING id"
            params = (*values, complaint.id, expected_version)
        try:
            stored = save_in_one_statement(
                self._sql,
                write=write,
                write_params=params,
                complaint_id=complaint.id,
                linked=linked,
                payloads=payloads,
            )
        except Exception as err:
            if self._sql.is_duplicate(err):
                _rules.tracking_taken(complaint.tracking_id)
            raise
        if stored is None:
            raced = self._locked_version(complaint.id)
            if raced is None and expected_version == 0:
                _rules.tracking_taken(complaint.tracking_id)
            raise ConcurrencyConflict(complaint.id, expected_version, None if raced is None else raced[0])
        return stored

    def _insert(self, complaint: Complaint, expected_version: int, values: tuple[Any, ...]) -> None:
        sql = f"INSERT INTO {{p}}complaints (id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        if self._sql.insert(sql, (complaint.id, *values)):
            return
        raced = self._locked_version(complaint.id)
        if raced is not None:
            raise ConcurrencyConflict(complaint.id, expected_version, raced[0])
        _rules.tracking_taken(complaint.tracking_id)

    def _update(self, complaint: Complaint, expected_version: int, values: tuple[Any, ...]) -> None:
        sql = f"UPDATE {{p}}complaints SET {_ASSIGNMENTS} WHERE id = ? AND version = ?"
        try:
            cur = self._sql.run(sql, (*values, complaint.id, expected_version))
        except Exception as err:
            if self._sql.is_duplicate(err):
                _rules.tracking_taken(complaint.tracking_id)
            raise
        if cur.rowcount != 1:
            raced = self._locked_version(complaint.id)
            raise ConcurrencyConflict(complaint.id, expected_version, None if raced is None else raced[0])

    def _first_position(self, count: int) -> int:
        sql = self._sql
        if sql.dialect.positions == "max":
            # SQLite: BEGIN IMMEDIATE holds the only writer lock, so the maximum cannot move under us.
            row = sql.run("SELECT MAX(position) FROM {p}events").fetchone()
            return (0 if row[0] is None else int(row[0])) + 1
        if sql.dialect.positions == "returning":
            # PostgreSQL: one round trip; the row lock on the log head is held until commit.
            new = sql.run(
                "UPDATE {p}log_head SET position = position + ? WHERE id = 1 RETURNING position", (count,)
            )
            return int(new.fetchone()[0]) - count + 1
        head = int(
            sql.run("SELECT position FROM {p}log_head WHERE id = 1" + sql.dialect.for_update).fetchone()[0]
        )
        sql.run("UPDATE {p}log_head SET position = ? WHERE id = 1", (head + count,))
        return head + 1

    def _append(self, linked: list[StoredEvent], payloads: list[str]) -> list[StoredEvent]:
        if not linked:
            return []
        if len(linked) == 1 and self._sql.dialect.positions == "max":
            return [self._append_one_rowid(linked[0], payloads[0])]
        first = self._first_position(len(linked))
        stored = [attrs.evolve(item, position=first + n) for n, item in enumerate(linked)]
        rows = [
            (s.position, s.event.complaint_id, s.event.sequence, s.hash, s.prev_hash, payload)
            for s, payload in zip(stored, payloads, strict=True)
        ]
        insert = "INSERT INTO {p}events (position, complaint_id, sequence, hash, prev_hash, data)"
        insert += " VALUES (?, ?, ?, ?, ?, ?)"
        if len(rows) == 1:
            self._sql.run(insert, rows[0])
        else:
            self._sql.many(insert, rows)
        return stored

    def _append_one_rowid(self, item: StoredEvent, payload: str) -> StoredEvent:
        # SQLite: a row inserted without its INTEGER PRIMARY KEY gets MAX(position) + 1, the same number
        # _first_position would read under the writer lock, minus one statement per save.
        insert = (
            "INSERT INTO {p}events (complaint_id, sequence, hash, prev_hash, data) VALUES (?, ?, ?, ?, ?)"
        )
        cur = self._sql.run(insert, (item.event.complaint_id, item.event.sequence, item.hash, item.prev_hash,
                                     payload))  # fmt: skip
        if cur.lastrowid is None:  # sqlite3 always reports it after an INSERT; never guess a position
            raise RuntimeError("SQLite reported no rowid for an event insert")
        return attrs.evolve(item, position=int(cur.lastrowid))

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
