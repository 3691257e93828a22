"""The unit of work every SQL adapter shares: a connection per ``with`` block, one transaction per commit.

A unit of work object may be shared by threads: each thread's ``with`` block has its own state and takes
its own connection from the adapter's :class:`~._source.Source` (a pool, one per thread, or the host's) at
its first statement, giving it back when the block ends.

On the host's connection (``Source.host_owned``) sp4n never issues BEGIN, COMMIT or ROLLBACK: a block is a
``SAVEPOINT``; ``commit()`` releases it (the host's COMMIT makes it durable) and a failed command rolls back
to it, so the host's own writes and its transaction survive sp4n's errors (on PostgreSQL an error aborts the
whole transaction unless rolled back to a savepoint).

Subclasses (:mod:`~sp4n.adapters.storage.sqlite`, :mod:`~sp4n.adapters.storage.postgres`,
:mod:`~sp4n.adapters.storage.mariadb`) say how to begin, commit and roll back on a connection they own, how
to lock the schema while migrating, and which driver errors mean "duplicate key", "someone else holds the
lock" or "the connection is gone" (translated to sp4n exceptions here).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

from sp4n.adapters.storage._audit import event_records, state_records
from sp4n.adapters.storage._driver_errors import one_line, refusal
from sp4n.adapters.storage._identities import SqlIdentities
from sp4n.adapters.storage._redacted import SqlRedactedTexts
from sp4n.adapters.storage._repos import SqlComplaints, SqlEventLog
from sp4n.adapters.storage._source import Source
from sp4n.adapters.storage._sql import (
    CURRENT_VERSION,
    Cursor,
    Dialect,
    Sql,
    check_prefix,
    check_schema,
    qualified,
)
from sp4n.adapters.storage._versions import Migrator
from sp4n.exceptions import (
    ConcurrencyConflict,
    ConfigurationError,
    RuleViolation,
    Sp4nError,
    StorageUnavailable,
)
from sp4n.lifecycle.audit import EventRecord, StateRecord
from sp4n.ports import ComplaintRepository, EventLog, IdentityStore

__all__ = ["SqlUnitOfWorkBase", "one_line"]

_SAVEPOINT = "sp4n_uow"


class _Block:
    """One thread's state: its connection handle, whether it is inside ``with`` and inside a transaction."""

    __slots__ = ("active", "fresh", "handle", "in_transaction", "seen")

    def __init__(self) -> None:
        self.active = False
        self.in_transaction = False
        self.fresh = False  # a transaction began and no statement of it has been asked for yet
        self.handle: Any = None
        # (version, last_hash, served from the cache) of rows this transaction read: a save at that version
        # needs no extra read, because its UPDATE ... WHERE version = ? AND last_hash = ? re-checks both.
        self.seen: dict[str, tuple[int, str, bool]] = {}


class SqlUnitOfWorkBase:
    """A reusable unit of work; one object may serve many threads (each thread's block is its own)."""

    dialect: Dialect
    #: The state table's repository; a dialect with a faster save subclasses it.
    _complaints_type: type[SqlComplaints] = SqlComplaints

    def __init__(
        self,
        source: Source,
        *,
        prefix: str = "sp4n_",
        schema: str | None = None,
        migrate: bool | None = False,
    ) -> None:
        self._source = source
        self.prefix = check_prefix(prefix)
        #: The PostgreSQL schema / MariaDB database of the tables (``None``: the connection's default).
        self.schema = check_schema(schema)
        #: What SQL puts before a table's own name: ``schema.prefix`` or the prefix.
        self.tables = qualified(self.schema, self.prefix)
        self._local = threading.local()
        self._sql = Sql(
            self.dialect, self.tables, self._checked_cursor, self._is_duplicate, self.translate,
            self._reconnect, self._seen,
        )  # fmt: skip
        self._complaints = self._complaints_type(self._sql)
        self.complaints: ComplaintRepository = self._complaints
        self.events: EventLog = SqlEventLog(self._sql)
        self.redactions = SqlRedactedTexts(self._sql, self._erased_in_transaction)
        self.identities: IdentityStore = SqlIdentities(self._sql, self._erased_in_transaction)
        self._erased = False
        self.migrator = Migrator(self)
        try:
            if migrate:
                self.migrate()
            elif migrate is False:  # None: neither (a tool that only reports the version)
                self.migrator.require_current()
        except BaseException:
            self.close()
            raise

    # --- hooks ------------------------------------------------------------------------------------------

    def _cursor_on(self, handle: Any) -> Cursor:
        raise NotImplementedError

    def _raw(self, handle: Any) -> Any:
        """The DB-API connection of ``handle``."""
        return handle

    def _begin(self, handle: Any) -> None:
        raise NotImplementedError

    def _end(self, handle: Any, *, commit: bool) -> None:
        raise NotImplementedError

    def _is_duplicate(self, err: Exception) -> bool:
        raise NotImplementedError

    def _is_contention(self, err: Exception) -> bool:
        """Lock timeouts, deadlocks, serialisation failures: another writer won."""
        raise NotImplementedError

    def _is_bad_data(self, err: Exception) -> bool:
        """The database refused a value (too long, a NUL byte, unencodable text)."""
        raise NotImplementedError

    def _is_disconnect(self, err: Exception) -> bool:
        """The connection is gone (server restarted, backend terminated, network down)."""
        raise NotImplementedError

    @contextmanager
    def _migration_lock(self, handle: Any) -> Iterator[None]:
        yield

    def _lent(self, handle: Any) -> Any:
        """Prepare ``handle`` to be held by a side store: its DB-API connection, autocommit off."""
        return self._raw(handle)

    def _returned(self, handle: Any) -> None:
        """Undo :meth:`_lent` (the side store is closing)."""
        self._raw(handle).rollback()

    def _after_erasure(self, handle: Any) -> None:
        """Run after a commit that erased an identity: clear what the database keeps beside the live rows
        (SQLite: its write-ahead log). Server databases leave it to their administrator (docs/adapters.md)."""

    def _erased_in_transaction(self) -> None:
        self._erased = True

    # --- per-thread state -------------------------------------------------------------------------------

    def _block(self) -> _Block:
        try:  # a dozen times per command: the thread's block is looked up once it exists, nothing more
            block: _Block = self._local.block
        except AttributeError:
            block = self._local.block = _Block()
        return block

    def _seen(self) -> dict[str, tuple[int, str, bool]]:
        return self._block().seen

    def _handle(self) -> Any:
        """This thread's connection handle, taken from the source if it has none."""
        block = self._block()
        if block.handle is None:
            try:
                block.handle = self._source.acquire()
            except Sp4nError:
                raise
            except Exception as err:
                raise StorageUnavailable(
                    self.dialect.name, "cannot connect: {error}", error=one_line(err)
                ) from err
        return block.handle

    def _give_back(self, *, broken: bool = False) -> None:
        block = self._block()
        handle, block.handle = block.handle, None
        block.in_transaction = False
        if handle is not None:
            self._source.release(handle, broken=broken)

    def _cursor(self) -> Cursor:
        """A cursor on this thread's connection, outside transaction management (tests and admin)."""
        return self._cursor_on(self._handle())

    @property
    def _conn(self) -> Any:
        return self._raw(self._handle())

    # --- unit of work -----------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        block = self._block()
        if block.active:
            raise ConfigurationError(type(self).__name__, "already inside `with`; units of work do not nest")
        block.active = True
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.rollback()
        finally:
            self._block().active = False
            self._give_back()

    def commit(self) -> None:
        """Commit what this block wrote; the next statement in the block starts a new transaction.

        On the host's connection this releases sp4n's savepoint: the host's COMMIT makes the writes durable.
        """
        block = self._block()
        self._require_active(block)
        block.seen.clear()
        if not block.in_transaction:
            return
        block.in_transaction = False
        try:
            self._finish(block.handle, commit=True)
            if self._erased:
                self._erased = False
                self._after_erasure(block.handle)
        except Sp4nError:
            raise
        except Exception as err:
            if self._is_disconnect(err):
                self._give_back(broken=True)
                raise StorageUnavailable(
                    self.dialect.name,
                    "connection lost during COMMIT, outcome unknown: {error}",
                    error=one_line(err),
                    committed=None,
                ) from err
            self.translate(err, "commit")
            raise

    def rollback(self) -> None:
        """Undo everything since the last commit (leaving the block without commit does this too)."""
        block = self._block()
        block.seen.clear()
        self._erased = False
        if not block.in_transaction:
            return
        block.in_transaction = False
        try:
            self._finish(block.handle, commit=False)
        except Exception as err:
            if not self._is_disconnect(err):
                raise
            self._give_back(broken=True)  # the server rolled it back when the connection went

    def close(self) -> None:
        """Roll back this thread's open work; close every connection this object opened (never the host's)."""
        try:
            self.rollback()
            self._give_back()
        finally:
            self._source.close()

    def _start(self, handle: Any) -> None:
        if self._source.host_owned:
            self._cursor_on(handle).execute(f"SAVEPOINT {_SAVEPOINT}")
        else:
            self._begin(handle)

    def _finish(self, handle: Any, *, commit: bool) -> None:
        if not self._source.host_owned:
            self._end(handle, commit=commit)
            return
        cur = self._cursor_on(handle)
        if not commit:
            cur.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
        cur.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")

    def _checked_cursor(self, *, retry: bool = True) -> Cursor:
        block = self._block()
        self._require_active(block)
        handle = block.handle
        if block.in_transaction and handle is not None:  # every statement after a transaction's first
            block.fresh = False
            return self._cursor_on(handle)
        handle = self._handle()
        if block.in_transaction:
            block.fresh = False
        else:
            # Transactions start lazily, at the block's first statement (SQLite: BEGIN IMMEDIATE).
            try:
                self._start(handle)
            except Exception as err:
                if self._reconnect(err) and retry:
                    return self._checked_cursor(retry=False)
                self.translate(err, "begin")
                raise
            block.in_transaction = True
            block.fresh = True
        return self._cursor_on(handle)

    def _reconnect(self, err: Exception) -> bool:
        """After ``err``: True when the connection was lost before this transaction did anything, so the
        statement may run again on a new connection (the caller retries once)."""
        if not self._is_disconnect(err) or self._source.host_owned:
            return False
        block = self._block()
        retry = block.fresh or not block.in_transaction
        self._give_back(broken=True)
        return retry

    def _require_active(self, block: _Block) -> None:
        if not block.active:
            raise ConfigurationError(type(self).__name__, "use it inside `with uow:`")

    @contextmanager
    def translating(self, what: str) -> Iterator[None]:
        """Turn driver errors into sp4n errors (``raise ... from err``); sp4n errors pass through."""
        try:
            yield
        except Sp4nError:
            raise
        except Exception as err:
            self.translate(err, what)
            raise

    def translate(self, err: Exception, what: str) -> None:
        """Raise the sp4n error for driver error ``err`` (from it); return if it has no translation."""
        if self._is_contention(err):
            raise ConcurrencyConflict(what, -1, None) from err
        if self._is_bad_data(err):
            raise RuleViolation(what, "the database refused a value ({reason})", reason=refusal(err)) from err
        if self._is_disconnect(err):
            if self._block().handle is not None and not self._source.host_owned:
                self._give_back(broken=True)
            lost = "connection lost in {what}; nothing was committed"
            raise StorageUnavailable(self.dialect.name, lost, what=what) from err

    def lend(self) -> tuple[str, Any, Callable[[], None]]:
        """``(dialect name, connection, give_back)``: a connection of this store's pool for a side store (the
        outbox's cursors, the sent reminders) to hold with autocommit off, and the function that returns it.

        The side stores use it so that one pool, one set of credentials and one schema serve them all.
        """
        if self._source.host_owned:
            raise ConfigurationError(type(self).__name__, "the host's connection is not lent to side stores")
        try:
            handle = self._source.acquire()
            conn = self._lent(handle)
        except Sp4nError:
            raise
        except Exception as err:
            raise StorageUnavailable(
                self.dialect.name, "cannot connect: {error}", error=one_line(err)
            ) from err

        def give_back() -> None:
            try:
                self._returned(handle)
            except Exception:  # a connection that cannot even roll back is not pooled again
                self._source.release(handle, broken=True)
                return
            self._source.release(handle, broken=False)

        return self.dialect.name, conn, give_back

    # --- the audit's view (sp4n.ports.AuditSource) ---------------------------------------------------------

    def state_records(self) -> Iterator[StateRecord]:
        """Every state row as stored, checked against its own columns (inside ``with uow:``)."""
        return state_records(self._sql)

    def event_records(self) -> Iterator[EventRecord]:
        """Every event row as stored, in position order, its JSON text untouched (inside ``with uow:``)."""
        return event_records(self._sql)

    # --- schema -----------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The version recorded in ``<prefix>schema_version`` (0 for an empty database)."""
        return self.migrator.current()

    def migrate(self) -> int:
        """Bring the schema forward to the library's current version, which it returns."""
        if self._block().active:
            raise ConfigurationError(type(self).__name__, "migrate outside a `with` block")
        self.migrator.upgrade()
        return CURRENT_VERSION
