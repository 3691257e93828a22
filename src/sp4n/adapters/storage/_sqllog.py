"""The event log (append-only, also the outbox) and the identity store on SQL, for every dialect."""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants and a table
# prefix that check_prefix limited to [a-z0-9_]; every value travels as a bound parameter.

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sp4n.adapters.storage import _rules
from sp4n.adapters.storage._codec import canonical_json, from_micros, to_micros
from sp4n.adapters.storage._sqlrepos import Sql
from sp4n.lifecycle.events import event_from_dict
from sp4n.ports import ReporterIdentity, StoredEvent

__all__ = ["SqlEventLog", "SqlIdentities"]


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
        row = self._sql.run(
            "SELECT erased_at, data FROM {p}identities WHERE id = ?", (identity_id,)
        ).fetchone()
        if row is None:
            return None
        fields = json.loads(row[1])
        erased = None if row[0] is None else from_micros(int(row[0]))
        return ReporterIdentity(id=identity_id, erased_at=erased, **fields)

    def erase(self, identity_id: str, at: datetime) -> None:
        self.put(_rules.tombstone(identity_id, at))
