"""PostgreSQL's pipeline mode: what waits for a result, and what travels with the next statement that does.

sp4n's own PostgreSQL connections run in autocommit + pipeline mode and send BEGIN, COMMIT and ROLLBACK
themselves. A *round trip* is one ``Pipeline.sync()``: everything queued before it goes out together and its
results come back together. Three things ride along instead of waiting:

* ``BEGIN`` travels with the block's first statement;
* a save whose version this transaction already checked (see :class:`PendingSave`) travels with ``COMMIT``:
  the server runs it at once (psycopg flushes every queued statement, so its row and log head locks are
  taken as early as before), only its answer waits; a load-and-save command is two round trips, not three;
* ``ROLLBACK`` of a block that wrote nothing pending travels with the connection's next statement: a read is
  one round trip.

Every other statement waits for its own result (:class:`SyncedCursor`), so errors and row counts arrive where
they did. A statement that follows a pending save first collects the save's answer, so a failed save is
reported before anything else runs in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

import attrs

from sp4n.exceptions import ConcurrencyConflict
from sp4n.lifecycle.events import StoredEvent

__all__ = ["DeferredEvents", "Handle", "PendingSave", "SyncedCursor", "guarded"]


def guarded(statement: str) -> str:
    """``statement`` (a save whose first CTE is ``c``) made to *fail* when ``c`` wrote no row.

    A pending save is only checked when COMMIT's answer arrives: if it silently wrote nothing, the COMMIT
    queued behind it would commit whatever else the transaction wrote. A division by zero (SQLSTATE 22012,
    which nothing else in the statement can raise) aborts the transaction instead, and PostgreSQL turns the
    queued COMMIT into a rollback. The filter names no column, so it is evaluated once, before any row.
    """
    return statement + " WHERE 1 / (SELECT COUNT(*) FROM c) = 1"  # noqa: S608 - constant text appended


@attrs.define
class Handle:
    """A connection and, when sp4n owns it, the pipeline it runs in and the save waiting for COMMIT."""

    conn: Any
    pipeline: Any = None
    stack: ExitStack | None = None
    pending: PendingSave | None = None

    def settle(self) -> None:
        """Collect the pending save's answer (one round trip); raise its error, if it failed."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        try:
            self.pipeline.sync()
        except Exception as err:
            error = pending.failed(err)
            if error is err:
                raise
            raise error from err
        pending.done()


@attrs.define(eq=False)
class PendingSave:
    """A save queued without waiting: its cursor, and the events whose positions its answer brings."""

    cursor: Any
    complaint_id: str
    expected_version: int
    events: DeferredEvents
    #: The driver's "division by zero" error class: the guard of :func:`guarded` fired.
    stale: type[Exception]
    #: The version and hash checked came from the adapter's cache (a load for a change), not the database.
    cached: bool = False
    #: Called when the save failed: the adapter drops what it remembered of the complaint.
    forget: Callable[[], None] | None = None

    def done(self) -> None:
        """The statement succeeded: fill the positions in."""
        positions = {int(seq): int(pos) for seq, pos in self.cursor.fetchall()}
        self.events.fill([attrs.evolve(s, position=positions[s.event.sequence]) for s in self.events.linked])

    def failed(self, err: Exception) -> Exception:
        """The exception to raise for ``err``: a conflict when the version check failed, else ``err``."""
        if self.forget is not None:
            self.forget()
        reported = ConcurrencyConflict(self.complaint_id, self.expected_version, None, cached=self.cached)
        self.events.fail(reported if isinstance(err, self.stale) else err)
        return reported if isinstance(err, self.stale) else err


class DeferredEvents(list[StoredEvent]):
    """The stored events of a pending save: a list whose positions arrive with COMMIT's answer.

    Reading it before then collects the answer first (one more round trip), so it never shows a position
    that was not allocated; after a failed save, reading it raises that save's error.
    """

    def __init__(self, linked: list[StoredEvent], settle: Callable[[], None]) -> None:
        super().__init__()
        self.linked = linked
        self._settle: Callable[[], None] | None = settle
        self._error: Exception | None = None

    def fill(self, stored: list[StoredEvent]) -> None:
        self._settle = None
        super().extend(stored)

    def fail(self, error: Exception) -> None:
        self._settle, self._error = None, error

    def _ready(self) -> None:
        if self._settle is not None:
            self._settle()
        if self._error is not None:
            raise self._error


def _after_ready(name: str) -> Callable[..., Any]:
    method = getattr(list, name)

    def read(self: DeferredEvents, *args: Any) -> Any:
        self._ready()
        return method(self, *args)

    read.__name__ = name
    return read


# Every way of reading a list waits for the positions (``list(x)`` and ``for`` go through ``__iter__``).
for _name in ("__iter__", "__len__", "__getitem__", "__contains__", "__reversed__", "__eq__", "__ne__",
              "__lt__", "__le__", "__gt__", "__ge__", "__add__", "__mul__", "__rmul__", "__repr__", "copy",
              "index", "count"):  # fmt: skip
    setattr(DeferredEvents, _name, _after_ready(_name))


class SyncedCursor:
    """A psycopg cursor in pipeline mode that waits for each statement's result (errors and ``rowcount``
    behave as outside a pipeline); only what was queued before it, such as BEGIN, rides along for free."""

    def __init__(self, cursor: Any, handle: Handle) -> None:
        self._cursor = cursor
        self._handle = handle

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    @property
    def lastrowid(self) -> int | None:
        return None  # PostgreSQL reports keys through RETURNING

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> object:
        self._handle.settle()
        self._cursor.execute(sql, params)
        self._handle.pipeline.sync()
        return self

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> object:
        self._handle.settle()
        self._cursor.executemany(sql, params)
        self._handle.pipeline.sync()
        return self

    def defer(
        self, sql: str, params: Sequence[Any], *, complaint_id: str, expected_version: int,
        linked: list[StoredEvent], stale: type[Exception], translate: Callable[[Exception], None],
        cached: bool = False, forget: Callable[[], None] | None = None,
    ) -> DeferredEvents:  # fmt: skip
        """Queue a save of ``linked`` (sent now, its answer read with COMMIT's); ``translate`` raises the
        sp4n error for a driver error met when the events are read early."""
        handle = self._handle
        handle.settle()

        def settle() -> None:
            try:
                handle.settle()
            except Exception as err:
                translate(err)
                raise

        self._cursor.execute(sql, params)
        events = DeferredEvents(linked, settle)
        handle.pending = PendingSave(
            self._cursor, complaint_id, expected_version, events, stale, cached, forget
        )
        return events

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())
