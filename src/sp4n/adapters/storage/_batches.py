"""sp4n's own PostgreSQL connections: each round trip is one simple query that carries what waits for it.

A *round trip* is one :meth:`Handle.exchange`: statements with their values bound in as literals (psycopg's
client-side binding, its quoting rules) joined into one simple-query message; the server runs them in order
and answers them together. Three things ride along instead of costing a round trip of their own:

* ``BEGIN`` travels with the transaction's first statement;
* a save whose version this transaction already checked (see :class:`PendingSave`) is held back and travels
  with ``COMMIT``: a command whose load was served from the cache is one round trip, ``BEGIN``, the save and
  ``COMMIT`` together, and one whose load asked the database is two;
* ``ROLLBACK`` goes out at once but is not waited for: its answer is read before the connection's next use, so
  a read is one round trip and still releases its row locks when its block ends.

Every other statement waits for its own answer, so errors and row counts arrive where they did. A statement
that follows a held save first sends the save and collects its answer, so a failed save is reported before
anything else runs in its transaction.

Why not psycopg's pipeline mode, which did this before: it sends each statement in a message of its own and
does Python bookkeeping per statement and per sync; profiled, that was about half the client's CPU for a
cached command. Values bound in as text would make the server parse and plan every statement again, so
statements are prepared by name once they repeat (:mod:`._prepared`).
"""

from __future__ import annotations

import select
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from sp4n.adapters.storage._prepared import PreparedStatements
from sp4n.exceptions import ConcurrencyConflict
from sp4n.lifecycle.events import StoredEvent

__all__ = ["BatchCursor", "DeferredEvents", "Handle", "PendingSave", "guarded"]


def guarded(statement: str) -> str:
    """``statement`` (a save whose first CTE is ``c``) made to *fail* when ``c`` wrote no row.

    A held save is only checked when COMMIT's answer arrives: if it silently wrote nothing, the COMMIT sent
    behind it would commit whatever else the transaction wrote. A division by zero (SQLSTATE 22012, which
    nothing else in the statement can raise) aborts the transaction instead, and the server skips the
    COMMIT. The filter names no column, so it is evaluated once, before any row.
    """
    return statement + " WHERE 1 / (SELECT COUNT(*) FROM c) = 1"  # noqa: S608 - constant text appended


#: ``PGconn.transaction_status`` when no transaction is open (libpq's ``PQTRANS_IDLE``).
_IDLE = 0


@attrs.define
class Handle:
    """A connection and, when sp4n owns it (``make_cursor`` given), what waits for its next round trip.

    ``make_cursor`` makes a client-side binding cursor on ``conn`` (``psycopg.ClientCursor`` with tuple rows),
    passed in so that this module does not import the optional driver.
    """

    conn: Any
    make_cursor: Callable[[], Any] | None = None
    #: Transaction control that travels with the next round trip instead of on its own (``BEGIN``).
    queued: list[str] = attrs.Factory(list)
    #: A save held back to travel with COMMIT.
    pending: PendingSave | None = None
    #: A ROLLBACK went out whose answer is not read yet.
    unread: bool = False
    prepared: PreparedStatements = attrs.Factory(PreparedStatements)
    #: The PREPAREs the next round trip carries, before its statements.
    preparing: list[str] = attrs.Factory(list)
    _binder: Any = None

    @property
    def batched(self) -> bool:
        """sp4n owns the connection and sends its statements in batches (the host's connection: never)."""
        return self.make_cursor is not None

    def bind(self, sql: str, params: Sequence[Any]) -> str:
        """``sql`` with ``params`` bound in as literals (as ``EXECUTE`` of a prepared statement, once ``sql``
        is prepared: :mod:`._prepared`)."""
        if self._binder is None:
            self._binder = self._cursor()
        call, prepare = self.prepared.call(sql)
        text = str(self._binder.mogrify(call, params))
        if prepare is not None:
            self.preparing.append(prepare)
        return text

    def exchange(self, statements: Sequence[str], answer: int) -> Any:
        """One round trip: what is queued, then ``statements``; a cursor on ``statements[answer]``'s answer.

        An error anywhere stops the rest (the server skips what follows it) and is raised here.
        """
        self.drain()
        parts = [*self.queued, *self.preparing, *statements]
        self.queued.clear()
        self.preparing.clear()
        cursor = self._cursor()
        try:
            cursor.execute("; ".join(parts))
        except Exception as err:
            self.prepared.answered(err)
            raise
        self.prepared.answered(None)
        for _ in range(len(parts) - len(statements) + answer):
            cursor.nextset()
        return cursor

    def settle(self) -> None:
        """Send the held save, if any, and collect its answer (one round trip); raise its error, if any."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        try:
            cursor = self.exchange([pending.text], 0)
        except Exception as err:
            error = pending.failed(err)
            if error is err:
                raise
            raise error from err
        pending.done(cursor.fetchall())

    def rollback_later(self) -> None:
        """End the open transaction, if one went out: ROLLBACK goes now; :meth:`drain` reads its answer."""
        if self.queued:  # BEGIN never left: there is nothing to end
            self.queued.clear()
            return
        self.drain()
        pgconn = self.conn.pgconn
        if pgconn.transaction_status == _IDLE:
            return
        pgconn.send_query(b"ROLLBACK")
        while pgconn.flush():  # the connection is non-blocking: wait until the message is out
            select.select([], [pgconn.socket], [])
        self.unread = True

    def drain(self) -> None:
        """Read the answer of a ROLLBACK sent by :meth:`rollback_later` (usually there by now)."""
        if not self.unread:
            return
        self.unread = False
        pgconn = self.conn.pgconn
        pgconn.consume_input()
        while pgconn.is_busy():
            select.select([pgconn.socket], [], [])
            pgconn.consume_input()
        while pgconn.get_result() is not None:
            pass

    def _cursor(self) -> Any:
        if self.make_cursor is None:
            raise AssertionError("the host's connection is not batched")
        return self.make_cursor()


@attrs.define(eq=False)
class PendingSave:
    """A save held back to travel with COMMIT: its text (values bound in), and the events whose positions its
    answer brings."""

    text: str
    complaint_id: str
    expected_version: int
    events: DeferredEvents
    #: The driver's "division by zero" error class: the guard of :func:`guarded` fired.
    stale: type[Exception]
    #: The version and hash checked came from the adapter's cache (a load for a change), not the database.
    cached: bool = False
    #: Called when the save failed: the adapter drops what it remembered of the complaint.
    forget: Callable[[], None] | None = None

    def done(self, rows: Sequence[Any]) -> None:
        """The statement succeeded and answered ``rows`` of (sequence, position): fill the positions in."""
        positions = {int(seq): int(pos) for seq, pos in rows}
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


class BatchCursor:
    """The cursor the shared repositories use on sp4n's own connection: each statement waits for its answer,
    and what is queued (BEGIN) rides along."""

    def __init__(self, handle: Handle) -> None:
        self._handle = handle
        self._cursor: Any = None

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    @property
    def lastrowid(self) -> int | None:
        return None  # PostgreSQL reports keys through RETURNING

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> object:
        handle = self._handle
        handle.settle()
        self._cursor = handle.exchange([handle.bind(sql, params)], 0)
        return self

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> object:
        handle = self._handle
        handle.settle()
        statements = [handle.bind(sql, row) for row in params]
        if statements:
            self._cursor = handle.exchange(statements, len(statements) - 1)
        return self

    def defer(
        self, sql: str, params: Sequence[Any], *, complaint_id: str, expected_version: int,
        linked: list[StoredEvent], stale: type[Exception], translate: Callable[[Exception], None],
        cached: bool = False, forget: Callable[[], None] | None = None,
    ) -> DeferredEvents:  # fmt: skip
        """Hold a save of ``linked`` back to travel with COMMIT; ``translate`` raises the sp4n error for a
        driver error met when binding it or when the events are read early."""
        handle = self._handle
        handle.settle()
        try:
            text = handle.bind(sql, params)
        except Exception as err:
            translate(err)
            raise

        def settle() -> None:
            try:
                handle.settle()
            except Exception as err:
                translate(err)
                raise

        events = DeferredEvents(linked, settle)
        handle.pending = PendingSave(text, complaint_id, expected_version, events, stale, cached, forget)
        return events

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())
