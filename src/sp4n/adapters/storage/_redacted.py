"""Redacted texts: the masked text goes into the event row, the original (with its salt) into a table of its
own until it is erased (UU 27/2022 Pasal 16: the controller erases personal data it must not keep).

The event row is the one row sp4n ever rewrites, and only its ``data``: the chain hash covers the texts'
salted digests, not the texts (chain format 2, :mod:`sp4n.lifecycle.seals`), so the hash, position and links
stay as they were. ``{p}redacted_texts`` (schema version 4) keeps the first original of each text; erasing
deletes those rows, after which nothing of the masked words is left in the store.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable
from typing import Protocol

from sp4n.adapters.storage._rules import check_key
from sp4n.adapters.storage._sql import Sql
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.redaction import text_of
from sp4n.lifecycle.seals import mask_stored, row_json

__all__ = ["MemoryRedactedTexts", "SqlRedactedTexts", "new_salt"]


def new_salt() -> str:
    """16 random bytes, hex: the salt of one text's seal (chain format 2, :mod:`sp4n.lifecycle.seals`)."""
    # secrets.token_hex(16) is os.urandom(16).hex() behind two Python calls; the same CSPRNG, called directly.
    return os.urandom(16).hex()


_KEEP = "INSERT INTO {p}redacted_texts (complaint_id, sequence, field, salt, text) VALUES (?, ?, ?, ?, ?)"


class SqlRedactedTexts:
    """Masks texts in ``{p}events`` and keeps their originals in ``{p}redacted_texts``; an erasure tells the
    unit of work (``on_erase``), which clears after the commit what the database keeps beside the live rows
    (SQLite: its write-ahead log, as for an identity's erasure)."""

    def __init__(self, sql: Sql, on_erase: Callable[[], None] = lambda: None) -> None:
        self._sql = sql
        self._on_erase = on_erase

    def mask(self, stored: StoredEvent, field: str, masked_text: str) -> StoredEvent:
        """Replace text ``field`` of ``stored`` by ``masked_text``; keep the original (of the first mask)."""
        new, old = mask_stored(stored, field, masked_text)
        event = stored.event
        original = text_of(event, field)
        if old.salt is not None and original is not None:
            row = (event.complaint_id, event.sequence, field, old.salt, original)
            self._sql.insert(_KEEP, row)
        data = row_json(new.event, new.seals or ())
        self._sql.run(
            "UPDATE {p}events SET data = ? WHERE complaint_id = ? AND sequence = ?",
            (data, event.complaint_id, event.sequence),
        )
        return new

    def original(self, complaint_id: str, sequence: int, field: str) -> str | None:
        """The original of a redacted text while it is kept (``None``: never redacted, or erased)."""
        check_key("complaint_id", complaint_id)
        sql = "SELECT text FROM {p}redacted_texts WHERE complaint_id = ? AND sequence = ? AND field = ?"
        row = self._sql.run(sql, (complaint_id, sequence, field)).fetchone()
        return None if row is None else str(row[0])

    def erase(self, complaint_id: str) -> int:
        """Delete every kept original of ``complaint_id``; how many were deleted."""
        check_key("complaint_id", complaint_id)
        cur = self._sql.run("DELETE FROM {p}redacted_texts WHERE complaint_id = ?", (complaint_id,))
        self._on_erase()
        return int(cur.rowcount)


class _MemoryStore(Protocol):
    log: list[StoredEvent]
    histories: dict[str, list[StoredEvent]]
    originals: dict[tuple[str, int, str], tuple[str, str]]


class _MemoryUow(Protocol):
    """What the memory implementation uses of :class:`~sp4n.adapters.storage.memory.MemoryUnitOfWork`."""

    @property
    def store(self) -> _MemoryStore: ...

    def _on_commit(self, hook: Callable[[], None]) -> None: ...


class MemoryRedactedTexts:
    """The memory store's twin of :class:`SqlRedactedTexts` (applied at commit, like every memory write)."""

    def __init__(self, uow: _MemoryUow) -> None:
        self._uow = uow

    def mask(self, stored: StoredEvent, field: str, masked_text: str) -> StoredEvent:
        new, old = mask_stored(stored, field, masked_text)
        event, original = stored.event, text_of(stored.event, field)
        store = self._uow.store

        def apply() -> None:
            if old.salt is not None and original is not None:
                store.originals.setdefault((event.complaint_id, event.sequence, field), (old.salt, original))
            at = bisect.bisect_left([s.position for s in store.log], new.position)
            store.log[at] = new
            store.histories[event.complaint_id][event.sequence - 1] = new

        self._uow._on_commit(apply)
        return new

    def original(self, complaint_id: str, sequence: int, field: str) -> str | None:
        check_key("complaint_id", complaint_id)
        kept = self._uow.store.originals.get((complaint_id, sequence, field))
        return None if kept is None else kept[1]

    def erase(self, complaint_id: str) -> int:
        check_key("complaint_id", complaint_id)
        originals = self._uow.store.originals
        keys = [k for k in originals if k[0] == complaint_id]

        def apply() -> None:
            for key in keys:
                originals.pop(key, None)

        self._uow._on_commit(apply)
        return len(keys)
