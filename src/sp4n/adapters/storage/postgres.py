"""PostgreSQL adapter on psycopg 3 (``pip install sp4n[postgres]``; the driver is imported only when opened).

It shares the SQL repositories of the other SQL adapters: a stale save raises
:class:`~sp4n.exceptions.ConcurrencyConflict` before writing, events are appended in the same transaction as
the state row, ``claim_due`` uses ``FOR UPDATE SKIP LOCKED`` so several timer workers share the due
complaints, and event positions are allocated under the log head row lock held to commit, so the outbox
order is the commit order (see docs/adapters.md).

Two things are PostgreSQL's own. A whole save is one statement of data-modifying CTEs (one round trip
instead of three), and sp4n's own connections run in autocommit and send their statements in batches
(:mod:`._batches`): BEGIN travels with the block's first statement, a save whose version the transaction
already checked travels with COMMIT, and a ROLLBACK is sent without waiting for its answer. A command whose
load was served from the cache costs one round trip, one that loaded from the database two, a read one.

Why psycopg directly and not SQLAlchemy Core: measured in docs/adapters.md (Core added overhead per
statement for no gain in a schema this small).
"""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants, the shared
# repositories' column lists and a table prefix that check_prefix limited to [a-z0-9_]; every value travels
# as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import attrs

from sp4n.adapters.storage._batches import BatchCursor, Handle, guarded
from sp4n.adapters.storage._driver_errors import one_line
from sp4n.adapters.storage._repos import SqlComplaints
from sp4n.adapters.storage._rows import COLUMNS, update_statement
from sp4n.adapters.storage._rules import tracking_taken
from sp4n.adapters.storage._source import HostOwned, Pool
from sp4n.adapters.storage._sql import POSTGRESQL, Cursor, check_prefix, check_schema
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.exceptions import ConcurrencyConflict, ConfigurationError
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Complaint

__all__ = ["PostgresUnitOfWork"]

#: psycopg's default: a statement run this many times on a connection is prepared (``prepare_threshold``).
_PSYCOPG_PREPARE_THRESHOLD = 5


class _PostgresComplaints(SqlComplaints):
    """The state table, saving a complaint and its events in one statement.

    Data-modifying CTEs run exactly once and in one snapshot, so the state write, the log head bump and the
    event inserts either all happen or — when the state write matched no row (a stale version, or a new
    complaint that already exists) — none do, and the statement returns no rows. The log head row lock is
    still held to commit, so positions stay in commit order.
    """

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
        if not linked:
            return super()._write(
                complaint, expected_version=expected_version, values=values, head=head, linked=linked,
                payloads=payloads,
            )  # fmt: skip
        if expected_version:
            cur = self._sql.cursor()
            if isinstance(cur, BatchCursor):  # sp4n's own transaction: the save may wait for COMMIT
                return self._deferred(
                    cur, complaint, expected_version=expected_version, values=values, head=head,
                    linked=linked, payloads=payloads,
                )  # fmt: skip
        if expected_version == 0:
            write = f"INSERT INTO {{p}}complaints (id, {COLUMNS}) VALUES ({', '.join(['?'] * 11)})"
            write += " ON CONFLICT DO NOTHING RETURNING id"
            params: tuple[Any, ...] = (complaint.id, *values)
        else:
            write = update_statement()
            params = (*values, complaint.id, expected_version, linked[0].prev_hash)
            write += " RETURNING id"
        try:
            stored = self._save_in_one_statement(write, params, complaint.id, linked, payloads)
        except Exception as err:
            if self._sql.is_duplicate(err):
                tracking_taken(complaint.tracking_id)
            raise
        if stored is None:
            raced = self._locked_version(complaint.id)
            if raced is None and expected_version == 0:
                tracking_taken(complaint.tracking_id)
            raise ConcurrencyConflict(complaint.id, expected_version, None if raced is None else raced[0])
        self._wrote(complaint, head)
        return stored

    def _deferred(
        self,
        cur: BatchCursor,
        complaint: Complaint,
        *,
        expected_version: int,
        values: tuple[Any, ...],
        head: str,
        linked: list[StoredEvent],
        payloads: list[str],
    ) -> list[StoredEvent]:
        """Hold the save back to travel with COMMIT (see :mod:`._batches`).

        Only an update, after this transaction read the row at ``expected_version`` (``_prev_hash`` made
        sure): a stale version is still refused here, at once. What can still fail is a writer that
        committed since that read; the row's version *and* chain hash are checked again in the statement,
        and the guard makes a mismatch fail the whole transaction, reported by ``commit()`` as a conflict.
        """
        from psycopg.errors import DivisionByZero  # noqa: PLC0415 - the driver is loaded by now

        write = update_statement() + " RETURNING id"
        params = (*values, complaint.id, expected_version, linked[0].prev_hash)
        statement, params = _save_statement(write, params, complaint.id, linked, payloads, guard=True)

        def translate(err: Exception) -> None:
            self._sql.translate(err, "save")

        def forget() -> None:  # the state this save remembered never committed; nor may a stale copy serve
            self._decoded.pop(complaint.id, None)

        seen = self._seen.get(complaint.id)
        stored = cur.defer(
            self._sql.render(statement), params, complaint_id=complaint.id,
            expected_version=expected_version, linked=linked, stale=DivisionByZero, translate=translate,
            cached=seen is not None and seen[2], forget=forget,
        )  # fmt: skip
        self._wrote(complaint, head)
        return stored

    def _save_in_one_statement(
        self,
        write: str,
        write_params: Sequence[Any],
        complaint_id: str,
        linked: list[StoredEvent],
        payloads: list[str],
    ) -> list[StoredEvent] | None:
        """Run ``write`` (an INSERT or UPDATE of the state row ending in ``RETURNING id``), append ``linked``.

        Returns the stored events with their positions, or ``None`` when ``write`` touched no row (nothing
        was written at all).
        """
        statement, params = _save_statement(write, write_params, complaint_id, linked, payloads)
        found = self._sql.run(statement, params).fetchall()
        if not found:
            return None
        positions = {int(seq): int(pos) for seq, pos in found}
        return [attrs.evolve(item, position=positions[item.event.sequence]) for item in linked]


def _save_statement(
    write: str,
    write_params: Sequence[Any],
    complaint_id: str,
    linked: list[StoredEvent],
    payloads: list[str],
    *,
    guard: bool = False,
) -> tuple[str, tuple[Any, ...]]:
    """The one statement of a save: ``write`` (the state row, ``RETURNING id``) as CTE ``c``, then the log
    head bump and the event inserts, which see an empty ``c`` and write nothing when ``write`` did not (or,
    with ``guard``, fail: see :func:`._batches.guarded`)."""
    count = len(linked)
    rows: list[Any] = []
    for ord_, (item, payload) in enumerate(zip(linked, payloads, strict=True), start=1):
        rows += [ord_, item.event.sequence, item.hash, item.prev_hash, payload]
    return _save_sql(write, count, guard), (*write_params, count, count, complaint_id, *rows)


@lru_cache(maxsize=64)
def _save_sql(write: str, count: int, guard: bool) -> str:
    """The text of :func:`_save_statement` (built once per shape, not per command)."""
    values = ", ".join(["(?::int, ?::int, ?, ?, ?)"] * count)
    statement = (
        f"WITH c AS ({write}), "
        "h AS (UPDATE {p}log_head SET position = position + ? WHERE id = 1 AND EXISTS (SELECT 1 FROM c)"
        " RETURNING position) "
        "INSERT INTO {p}events (position, complaint_id, sequence, hash, prev_hash, data) "
        "SELECT h.position - ? + v.ord, ?, v.seq, v.hash, v.prev, v.data "
        f"FROM h, (VALUES {values}) AS v(ord, seq, hash, prev, data)"
    )
    if guard:
        statement = guarded(statement)
    return statement + " RETURNING sequence, position"


class PostgresUnitOfWork(SqlUnitOfWorkBase):
    """Unit of work on PostgreSQL through psycopg 3; one object may be shared by threads (a pool).

    Args:
        dsn: ``postgresql://user@host:port/db`` (libpq syntax).
        prefix: table name prefix.
        schema: the PostgreSQL schema / MariaDB database of the tables (default: the connection's own).
        migrate: bring the schema forward on open; by default the tables must already be at this library's
            version (``sp4n db upgrade``), else :class:`~sp4n.exceptions.ConfigurationError`.
        pool_size: the most connections open at once (threads beyond it wait ``pool_timeout`` seconds).

    To run inside the host's own transaction, see :meth:`on_connection`.
    """

    dialect = POSTGRESQL
    _complaints_type = _PostgresComplaints

    def __init__(
        self,
        dsn: str,
        *,
        prefix: str = "sp4n_",
        schema: str | None = None,
        migrate: bool | None = False,
        pool_size: int = 10,
        pool_timeout: float = 30.0,
    ) -> None:
        check_prefix(prefix)  # before connecting
        check_schema(schema)
        import psycopg  # noqa: PLC0415 - optional dependency (sp4n[postgres])

        self._psycopg = psycopg

        from psycopg.rows import tuple_row  # noqa: PLC0415 - optional dependency, as above

        def open_() -> Handle:
            # Autocommit: sp4n sends BEGIN, COMMIT and ROLLBACK itself, riding along with other statements.
            conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
            conn.prepare_threshold = None  # sp4n prepares by name itself (._prepared): no bookkeeping twice
            return Handle(conn, lambda: psycopg.ClientCursor(conn, row_factory=tuple_row))

        try:
            first = open_()  # an unreachable server fails here, at once, as a ConfigurationError
        except psycopg.Error as err:
            raise ConfigurationError("postgresql", "cannot connect: {error}", error=one_line(err)) from err
        # Our own small pool, not psycopg_pool: that one connects in background threads and retries until a
        # timeout, so an unreachable server would surface only after it, and not as this error.
        source = Pool(open_, _close, max_size=pool_size, timeout=pool_timeout, name="postgresql")
        source.adopt(first)
        super().__init__(source, prefix=prefix, schema=schema, migrate=migrate)

    @classmethod
    def on_connection(
        cls, connection: Any, *, prefix: str = "sp4n_", schema: str | None = None
    ) -> PostgresUnitOfWork:
        """A unit of work inside the host's transaction on psycopg 3 ``connection`` (never committed or
        closed by sp4n; see :mod:`sp4n.adapters.storage.host`)."""
        import psycopg  # noqa: PLC0415 - optional dependency (sp4n[postgres])

        self = cls.__new__(cls)
        self._psycopg = psycopg
        SqlUnitOfWorkBase.__init__(self, HostOwned(Handle(connection)), prefix=prefix, schema=schema)
        return self

    def _cursor_on(self, handle: Any) -> Cursor:
        if handle.batched:
            batched: Cursor = BatchCursor(handle)
            return batched
        from psycopg.rows import tuple_row  # noqa: PLC0415 - the driver is loaded by now

        plain: Cursor = handle.conn.cursor(row_factory=tuple_row)  # the host's row factory may be dicts
        return plain

    def _raw(self, handle: Any) -> Any:
        if handle.batched:
            handle.drain()  # the connection answers its caller's next statement, not our last ROLLBACK
        return handle.conn

    def _lent(self, handle: Any) -> Any:
        handle.settle()  # nothing is pending between blocks; kept for safety
        handle.drain()
        # A side store speaks plain psycopg, in transactions of its own, with psycopg's prepared statements.
        handle.conn.autocommit = False
        handle.conn.prepare_threshold = _PSYCOPG_PREPARE_THRESHOLD
        return handle.conn

    def _returned(self, handle: Any) -> None:
        handle.conn.rollback()
        handle.conn.autocommit = True
        handle.conn.prepare_threshold = None

    def _begin(self, handle: Any) -> None:
        handle.queued.append("BEGIN")  # travels with the block's first statement

    def _end(self, handle: Any, *, commit: bool) -> None:
        pending, handle.pending = handle.pending, None
        if pending is None:
            if not commit:
                handle.rollback_later()
            elif handle.queued:  # BEGIN never left: nothing was done, nothing to commit
                handle.queued.clear()
            else:
                handle.exchange(["COMMIT"], 0)
            return
        try:
            cursor = handle.exchange([pending.text, "COMMIT" if commit else "ROLLBACK"], 0)
        except self._psycopg.Error as err:
            error = pending.failed(err)  # the save failed: the transaction is aborted, the rest skipped
            if self._is_disconnect(err):
                raise
            handle.rollback_later()  # the aborted transaction, if the server still holds it
            if not commit:
                return  # rolled back, as asked
            if error is err and self._is_contention(err):  # a deadlock or lock timeout inside the save
                error = ConcurrencyConflict(pending.complaint_id, pending.expected_version, None)
            if error is err:
                raise
            raise error from err
        pending.done(cursor.fetchall())

    def _start(self, handle: Any) -> None:
        idle = handle.conn.info.transaction_status == self._psycopg.pq.TransactionStatus.IDLE
        if self._source.host_owned and idle and handle.conn.autocommit:
            raise ConfigurationError(
                "connection", "the host's connection is in autocommit mode with no transaction open: "
                "use it inside `with conn.transaction():`"
            )  # fmt: skip
        super()._start(handle)

    def _is_duplicate(self, err: Exception) -> bool:
        return isinstance(err, self._psycopg.errors.UniqueViolation)

    def _is_contention(self, err: Exception) -> bool:
        errors = self._psycopg.errors
        return isinstance(
            err, errors.DeadlockDetected | errors.LockNotAvailable | errors.SerializationFailure
        )

    def _is_bad_data(self, err: Exception) -> bool:
        return isinstance(err, self._psycopg.DataError | UnicodeEncodeError)

    def _is_disconnect(self, err: Exception) -> bool:
        psycopg = self._psycopg
        if not isinstance(err, psycopg.OperationalError | psycopg.InterfaceError):
            return False
        if self._is_contention(err):
            return False
        # No SQLSTATE: the client lost the socket; 08: connection exception; 57P: operator intervention
        # (pg_terminate_backend, shutdown).
        state = getattr(err, "sqlstate", None)
        return state is None or state.startswith(("08", "57P"))

    @contextmanager
    def _migration_lock(self, handle: Any) -> Iterator[None]:
        # DDL is transactional in PostgreSQL; the advisory lock makes concurrent openers wait, not race.
        self._begin(handle)
        cur = self._cursor_on(handle)
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"sp4n-migrate:{self.tables}",))
        try:
            yield
        except BaseException:
            self._end(handle, commit=False)
            raise
        self._end(handle, commit=True)


def _close(handle: Handle) -> None:
    handle.conn.close()
