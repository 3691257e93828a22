"""The repositories every SQL adapter shares (SQLite, PostgreSQL, MariaDB): one SQL text, three dialects.

SQL is written once with ``?`` placeholders and ``{p}`` for the table prefix; :class:`~._sql.Sql` turns it
into the dialect's form. Each save writes the state row and appends the events in the caller's transaction:

1. know the version and last hash the caller saw (from a ``get`` in this transaction, else a
   ``SELECT ... FOR UPDATE``) — a stale ``expected_version`` raises
   :class:`~sp4n.exceptions.ConcurrencyConflict` before anything is written;
2. write the state row (``UPDATE ... WHERE version = expected`` re-checks it; a new complaint is an INSERT
   that tolerates a duplicate so the conflict can be reported without aborting the transaction);
3. allocate positions under the log head lock and append the events (INSERT only: a save never updates or
   deletes an event; the one rewrite is a redaction's, of one text, in :mod:`._redacted`). A dialect's
   adapter may do steps 2 and 3 in one statement by overriding :meth:`SqlComplaints._write` (PostgreSQL does,
   in :mod:`sp4n.adapters.storage.postgres`).

The head lock is held to commit, so positions are handed out in commit order: ``read_since`` never skips an
event that commits later with a smaller position (the PostgreSQL sequence pitfall).

The event table is also the outbox (:class:`SqlEventLog`); reporter identities live apart
(:class:`~._identities.SqlIdentities`), and erasure overwrites the row with a tombstone.
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

from sp4n.adapters.storage._codec import complaint_from_dict, to_micros
from sp4n.adapters.storage._redacted import new_salt
from sp4n.adapters.storage._rows import ASSIGNMENTS, COLUMNS, row_values, update_for
from sp4n.adapters.storage._rules import (
    check_count,
    check_idempotency,
    check_instant,
    check_key,
    check_save,
    check_status,
    tracking_taken,
)
from sp4n.adapters.storage._search import AGENCY_OR_CO_AGENCY, SqlSearch
from sp4n.adapters.storage._sql import Sql
from sp4n.exceptions import ComplaintNotFound, ConcurrencyConflict
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.history import GENESIS, chain
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.seals import from_row, row_json
from sp4n.lifecycle.status import Action, Status

__all__ = ["ASSIGNMENTS", "COLUMNS", "SqlComplaints", "SqlEventLog", "row_values"]


def _decode(data: str) -> Complaint:
    return complaint_from_dict(json.loads(data))


#: Events after which a complaint's links (co-handling agencies, the complaint it duplicates) may differ.
_LINKING = frozenset({Action.add_agency, Action.reroute, Action.archive_duplicate})

#: How many decoded complaints a store keeps (all threads together); past it the cache starts over.
DECODED_CACHE = 4096


class SqlComplaints(SqlSearch):
    """The state table.

    Decoding a complaint's JSON is most of a load's CPU, and a command usually loads what the previous
    command on the same complaint saved. So decoded complaints are kept by id with the version and last hash
    they were stored at, and a load asks the database for the row's version and hash and for its data only
    when they differ (``CASE``: one round trip either way). The version and the chain hash identify a state
    exactly: another writer's different state at the same version has another hash, so a stale entry is
    never served; an entry saved by a transaction that rolled back is simply never matched. A search row
    carries its version and hash too, so a list skips decoding the complaints kept that way.
    """

    def __init__(self, sql: Sql) -> None:
        self._sql = sql
        # Shared by the threads of one store: single dict operations are atomic, and a lost update only
        # costs a decode.
        self._decoded: dict[str, tuple[int, str, Complaint]] = {}

    def _remember(self, complaint: Complaint, last_hash: str) -> None:
        if len(self._decoded) >= DECODED_CACHE:
            self._decoded.clear()
        self._decoded[complaint.id] = (complaint.version, last_hash, complaint)

    @property
    def _seen(self) -> dict[str, tuple[int, str, bool]]:
        # (version, last_hash, from the cache) of rows this transaction read: a save at that version needs
        # no extra read, as its UPDATE ... WHERE version = ? AND last_hash = ? re-checks both. Per thread.
        return self._sql.seen()

    def _one(self, where: str, key: str) -> Complaint:
        known = self._decoded.get(key) if where == "id" else None
        version, last_hash = (known[0], known[1]) if known is not None else (-1, "")
        sql = (
            "SELECT id, version, last_hash, CASE WHEN version = ? AND last_hash = ? THEN NULL ELSE data END"
            f" FROM {{p}}complaints WHERE {where} = ?"
        )
        row = self._sql.run(sql, (version, last_hash, key)).fetchone()
        if row is None:
            raise ComplaintNotFound(key)
        self._seen[str(row[0])] = (int(row[1]), str(row[2]), False)
        if row[3] is None and known is not None:
            return known[2]
        complaint = _decode(row[3])
        self._remember(complaint, str(row[2]))
        return complaint

    def _decoded_row(self, complaint_id: str, version: int, last_hash: str, data: str) -> Complaint:
        known = self._decoded.get(complaint_id)
        if known is not None and known[0] == version and known[1] == last_hash:
            return known[2]
        complaint = _decode(data)
        self._remember(complaint, last_hash)
        return complaint

    def get(self, complaint_id: str, *, for_change: bool = False) -> Complaint:
        check_key("complaint_id", complaint_id)
        known = self._decoded.get(complaint_id) if for_change else None
        if known is None:
            return self._one("id", complaint_id)
        # For a change, the cached copy is served without asking: the save's UPDATE checks the row's
        # version and chain hash against it, so a stale copy is a conflict (``cached=True``), never a write.
        self._seen[complaint_id] = (known[0], known[1], True)
        return known[2]

    def get_by_tracking(self, tracking_id: str) -> Complaint:
        check_key("tracking_id", tracking_id)
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
        check_save(complaint, events, expected_version, due_at)
        seen = self._seen.get(complaint.id)
        cached = seen is not None and seen[2] and seen[0] == expected_version
        try:
            stored = self._save(complaint, events, expected_version, due_at, seen)
            for e in events:
                if e.action in _LINKING:
                    self._link(complaint)
                    break
            return stored
        except ConcurrencyConflict as err:
            self._decoded.pop(complaint.id, None)  # what this save remembered, or the stale copy
            if cached and err.complaint_id == complaint.id:
                raise ConcurrencyConflict(complaint.id, expected_version, err.actual, cached=True) from err
            if err.complaint_id == complaint.id:
                raise
            # A lock timeout or deadlock inside the save: name the complaint the caller tried to write.
            raise ConcurrencyConflict(complaint.id, expected_version, None) from err

    def _link(self, complaint: Complaint) -> None:
        """Rewrite the complaint's rows in ``{p}complaint_links`` (only after an event that changes them)."""
        self._sql.run("DELETE FROM {p}complaint_links WHERE complaint_id = ?", (complaint.id,))
        rows = [("co_agency", a, complaint.id) for a in complaint.co_agency_ids]
        if complaint.duplicate_of is not None:
            rows.append(("duplicate_of", complaint.duplicate_of, complaint.id))
        if rows:
            self._sql.many(
                "INSERT INTO {p}complaint_links (kind, other_id, complaint_id) VALUES (?, ?, ?)", rows
            )

    def _prev_hash(self, complaint_id: str, expected_version: int, seen: tuple[int, str, bool] | None) -> str:
        """The chain hash the save follows; ``seen``: what this transaction read of the row, if anything."""
        if expected_version == 0:
            return GENESIS
        if seen is not None and seen[0] == expected_version:
            return seen[1]
        locked = self._locked_version(complaint_id)
        if locked is None or locked[0] != expected_version:
            raise ConcurrencyConflict(complaint_id, expected_version, None if locked is None else locked[0])
        return locked[1]

    def _save(
        self,
        complaint: Complaint,
        events: Sequence[Event],
        expected_version: int,
        due_at: datetime | None,
        seen: tuple[int, str, bool] | None,
    ) -> list[StoredEvent]:
        prev = self._prev_hash(complaint.id, expected_version, seen)
        # Hashes do not cover positions, so the chain is computed before positions are allocated. Events are
        # sealed (chain format 2) so that the national admin can later redact a text (sp4n.lifecycle.seals).
        sealed: list[str] = []
        linked = chain(events, prev_hash=prev, first_position=0, new_salt=new_salt, sealed_out=sealed)
        payloads = [row_json(s.event, s.seals or (), p) for s, p in zip(linked, sealed, strict=True)]
        head = linked[-1].hash if linked else prev
        values = row_values(complaint, due_at, head)
        return self._write(
            complaint, expected_version=expected_version, values=values, head=head, linked=linked,
            payloads=payloads,
        )  # fmt: skip

    def _write(
        self,
        complaint: Complaint,
        *,
        expected_version: int,
        values: tuple[Any, ...],
        head: str,
        linked: list[StoredEvent],
        payloads: list[str],
    ) -> list[StoredEvent]:
        """Steps 2 and 3: write the state row ``values`` (whose last hash is ``head``), append ``linked``."""
        if expected_version == 0:
            self._insert(complaint, expected_version, values)
        else:
            self._update(complaint, expected_version, values, linked[0].prev_hash if linked else head)
        self._wrote(complaint, head)
        return self._append(linked, payloads)

    def _wrote(self, complaint: Complaint, head: str) -> None:
        """After a save is queued or written: this transaction has the row at the new version (a later save
        in it needs no read), and the decoded complaint is kept for the next load."""
        self._seen[complaint.id] = (complaint.version, head, False)
        self._remember(complaint, head)

    def _insert(self, complaint: Complaint, expected_version: int, values: tuple[Any, ...]) -> None:
        sql = f"INSERT INTO {{p}}complaints (id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        if self._sql.insert(sql, (complaint.id, *values)):
            return
        raced = self._locked_version(complaint.id)
        if raced is not None:
            raise ConcurrencyConflict(complaint.id, expected_version, raced[0])
        tracking_taken(complaint.tracking_id)

    def _update(
        self, complaint: Complaint, expected_version: int, values: tuple[Any, ...], prev: str
    ) -> None:
        known = self._decoded.get(complaint.id)  # the state the row holds, if the WHERE below matches
        previous = (
            known[2] if known is not None and known[0] == expected_version and known[1] == prev else None
        )
        statement, changed = update_for(values, previous)
        try:
            cur = self._sql.run(statement, (*changed, complaint.id, expected_version, prev))
        except Exception as err:
            if self._sql.is_duplicate(err):
                tracking_taken(complaint.tracking_id)
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
        # Built directly: attrs.evolve re-reads every field by name (a few µs per command).
        return StoredEvent(position=int(cur.lastrowid), event=item.event, hash=item.hash,
                           prev_hash=item.prev_hash, seals=item.seals)  # fmt: skip

    def _list(
        self, where: str, params: Sequence[Any], order: str, limit: int, lock: str = ""
    ) -> list[Complaint]:
        sql = f"SELECT data FROM {{p}}complaints WHERE {where} ORDER BY {order} LIMIT ?{lock}"
        return [_decode(r[0]) for r in self._sql.run(sql, (*params, limit)).fetchall()]

    def by_agency(self, agency_id: str, status: Status | None = None, limit: int = 100) -> list[Complaint]:
        check_key("agency_id", agency_id)
        check_status("status", status)
        check_count("limit", limit)
        if status is None:
            return self._list(AGENCY_OR_CO_AGENCY, (agency_id, agency_id), "submitted_at, id", limit)
        where = f"{AGENCY_OR_CO_AGENCY} AND status = ?"
        return self._list(where, (agency_id, agency_id, str(status)), "submitted_at, id", limit)

    def by_reporter(self, reporter_ref: str, limit: int = 100) -> list[Complaint]:
        check_key("reporter_ref", reporter_ref)
        check_count("limit", limit)
        return self._list("reporter_ref = ?", (reporter_ref,), "submitted_at DESC, id DESC", limit)

    def overdue(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        check_count("limit", limit)
        check_instant("as_of", as_of)
        return self._list("due_at < ?", (to_micros(as_of),), "due_at, id", limit)

    def public_feed(self, limit: int = 100) -> list[Complaint]:
        check_count("limit", limit)
        return self._list("public = 1", (), "submitted_at DESC, id DESC", limit)

    def claim_due(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        check_count("limit", limit)
        check_instant("as_of", as_of)
        lock = self._sql.dialect.skip_locked
        return self._list("due_at < ?", (to_micros(as_of),), "due_at, id", limit, lock)

    def remember_idempotency(self, key: str, fingerprint: str, complaint_id: str) -> None:
        check_idempotency(key, fingerprint, None, complaint_id)
        sql = "INSERT INTO {p}idempotency (idem_key, fingerprint, complaint_id) VALUES (?, ?, ?)"
        if not self._sql.insert(sql, (key, fingerprint, complaint_id)):
            check_idempotency(key, fingerprint, self._recall(key, locked=True), complaint_id)

    def _recall(self, key: str, *, locked: bool) -> tuple[str, str] | None:
        lock = self._sql.dialect.for_update if locked else ""
        sql = "SELECT fingerprint, complaint_id FROM {p}idempotency WHERE idem_key = ?" + lock
        row = self._sql.run(sql, (key,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def recall_idempotency(self, key: str) -> tuple[str, str] | None:
        check_key("key", key)
        return self._recall(key, locked=False)


def _stored(row: Sequence[Any]) -> StoredEvent:
    event, seals = from_row(str(row[1]))
    return StoredEvent(
        position=int(row[0]), event=event, hash=str(row[2]), prev_hash=str(row[3]), seals=seals
    )


class SqlEventLog:
    """The append-only event table, which is also the outbox."""

    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def history(self, complaint_id: str) -> list[StoredEvent]:
        check_key("complaint_id", complaint_id)
        sql = "SELECT position, data, hash, prev_hash FROM {p}events WHERE complaint_id = ? ORDER BY position"
        return [_stored(r) for r in self._sql.run(sql, (complaint_id,)).fetchall()]

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        check_count("position", position)
        check_count("limit", limit)
        sql = "SELECT position, data, hash, prev_hash FROM {p}events WHERE position > ? ORDER BY position"
        sql += " LIMIT ?"
        return [_stored(r) for r in self._sql.run(sql, (position, limit)).fetchall()]

    def last_position(self) -> int:
        row = self._sql.run("SELECT MAX(position) FROM {p}events").fetchone()
        return 0 if row is None or row[0] is None else int(row[0])
