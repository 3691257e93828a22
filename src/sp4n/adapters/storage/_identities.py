"""Reporter identities in the SQL stores (SQLite, PostgreSQL, MariaDB), kept apart from complaints: erasure
overwrites the row with a tombstone and deletes the account link (UU 27/2022 on personal data)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from sp4n.adapters.storage._codec import canonical_json, from_micros, to_micros
from sp4n.adapters.storage._rules import check_key, tombstone
from sp4n.adapters.storage._sql import Sql
from sp4n.exceptions import ConcurrencyConflict
from sp4n.identity import ReporterIdentity

__all__ = ["SqlIdentities"]


class SqlIdentities:
    """Reporter identities, kept apart; erasure overwrites the row with a tombstone and tells the unit of
    work (``on_erase``), which cleans up after the commit what the database keeps beside the live row."""

    def __init__(self, sql: Sql, on_erase: Callable[[], None] = lambda: None) -> None:
        self._sql = sql
        self._on_erase = on_erase

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
        check_key("identity_id", identity_id)
        row = self._sql.run(
            "SELECT erased_at, data FROM {p}identities WHERE id = ?", (identity_id,)
        ).fetchone()
        if row is None:
            return None
        fields = json.loads(row[1])
        erased = None if row[0] is None else from_micros(int(row[0]))
        return ReporterIdentity(id=identity_id, erased_at=erased, **fields)

    def erase(self, identity_id: str, at: datetime) -> None:
        self.put(tombstone(identity_id, at))
        # The account row is the only place a signed-in reporter's account id is kept: it goes entirely.
        self._sql.run("DELETE FROM {p}accounts WHERE ref = ?", (identity_id,))
        self._on_erase()

    def ref_of(self, account_id: str) -> str | None:
        check_key("account_id", account_id)
        row = self._sql.run("SELECT ref FROM {p}accounts WHERE account = ?", (account_id,)).fetchone()
        return None if row is None else str(row[0])

    def link(self, account_id: str, ref: str) -> str:
        check_key("account_id", account_id)
        if self._sql.insert("INSERT INTO {p}accounts (account, ref) VALUES (?, ?)", (account_id, ref)):
            return ref
        known = self.ref_of(account_id)  # a concurrent first filing linked it: theirs stands
        if known is None:
            raise ConcurrencyConflict(ref, 0, None)  # linked and erased meanwhile; never the account id
        return known
