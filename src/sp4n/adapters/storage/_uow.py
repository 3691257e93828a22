"""The unit of work every SQL adapter shares: one connection, one transaction per ``with`` block.

Subclasses (:mod:`~sp4n.adapters.storage.sqlite`, :mod:`~sp4n.adapters.storage.postgres`,
:mod:`~sp4n.adapters.storage.mariadb`) say how to begin, commit and roll back, how to lock the schema while
migrating, and which driver errors mean "duplicate key" or "someone else holds the lock" (translated to sp4n
exceptions here). A dialect that saves differently names its own ``_complaints_type`` (PostgreSQL does: the
whole save in one statement).
"""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants and a table
# prefix that check_prefix limited to [a-z0-9_]; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

from sp4n.adapters.storage._audit import event_records, state_records
from sp4n.adapters.storage._repos import SqlComplaints, SqlEventLog, SqlIdentities
from sp4n.adapters.storage._sql import (
    CURRENT_VERSION,
    Cursor,
    Dialect,
    Sql,
    check_prefix,
    pending,
    statements,
)
from sp4n.exceptions import ConcurrencyConflict, ConfigurationError, RuleViolation, Sp4nError
from sp4n.lifecycle.audit import EventRecord, StateRecord
from sp4n.ports import ComplaintRepository, EventLog, IdentityStore

__all__ = ["SqlUnitOfWorkBase"]


class SqlUnitOfWorkBase:
    """A reusable unit of work over one DB-API connection. Use it from one thread at a time."""

    dialect: Dialect
    #: The state table's repository; a dialect with a faster save subclasses it.
    _complaints_type: type[SqlComplaints] = SqlComplaints

    def __init__(self, connection: Any, *, prefix: str = "sp4n_", migrate: bool = True) -> None:
        self._conn = connection
        self.prefix = check_prefix(prefix)
        self._active = False
        self._in_transaction = False
        self._sql = Sql(self.dialect, self.prefix, self._checked_cursor, self._is_duplicate, self.translate)
        self._complaints = self._complaints_type(self._sql)
        self.complaints: ComplaintRepository = self._complaints
        self.events: EventLog = SqlEventLog(self._sql)
        self.identities: IdentityStore = SqlIdentities(self._sql, self._erased_in_transaction)
        self._erased = False
        if migrate:
            self.migrate()

    # --- hooks ------------------------------------------------------------------------------------------

    def _cursor(self) -> Cursor:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _end(self, *, commit: bool) -> None:
        raise NotImplementedError

    def _is_duplicate(self, err: Exception) -> bool:
        raise NotImplementedError

    def _is_contention(self, err: Exception) -> bool:
        """Lock timeouts, deadlocks, serialisation failures: another writer won."""
        raise NotImplementedError

    def _is_bad_data(self, err: Exception) -> bool:
        """The database refused a value (too long, a NUL byte, unencodable text)."""
        raise NotImplementedError

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        yield

    def _after_erasure(self) -> None:
        """Run after a commit that erased an identity: clear what the database keeps beside the live rows
        (SQLite: its write-ahead log). Server databases leave it to their administrator (docs/adapters.md)."""

    def _erased_in_transaction(self) -> None:
        self._erased = True

    # --- unit of work -----------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        if self._active:
            raise ConfigurationError(type(self).__name__, "already inside `with`; units of work do not nest")
        self._active = True
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.rollback()
        finally:
            self._active = False

    def commit(self) -> None:
        """Commit what this block wrote; the next statement in the block starts a new transaction."""
        self._require_active()
        self._complaints.forget()
        if self._in_transaction:
            self._in_transaction = False
            with self.translating("commit"):
                self._end(commit=True)
        if self._erased:
            self._erased = False
            with self.translating("after erasure"):
                self._after_erasure()

    def rollback(self) -> None:
        """Undo everything since the last commit (leaving the block without commit does this too)."""
        self._complaints.forget()
        self._erased = False
        if self._in_transaction:
            self._in_transaction = False
            self._end(commit=False)

    def close(self) -> None:
        """Roll back anything open and close the connection."""
        self.rollback()
        self._conn.close()

    def _checked_cursor(self) -> Cursor:
        self._require_active()
        if not self._in_transaction:
            # Transactions start lazily, at the block's first statement (SQLite: BEGIN IMMEDIATE).
            with self.translating("begin"):
                self._begin()
            self._in_transaction = True
        return self._cursor()

    def _require_active(self) -> None:
        if not self._active:
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
            raise RuleViolation(what, f"the database refused a value: {err}") from err

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
        cur = self._cursor()
        cur.execute(f"SELECT MAX(version) FROM {self.prefix}schema_version")
        row = cur.fetchone()
        return 0 if row is None or row[0] is None else int(row[0])

    def migrate(self) -> int:
        """Bring the schema forward to the library's current version, which it returns."""
        if self._active:
            raise ConfigurationError(type(self).__name__, "migrate outside a `with` block")
        with self.translating("migrate"), self._migration_lock():
            cur = self._cursor()
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.prefix}schema_version "
                f"(version INTEGER NOT NULL PRIMARY KEY){self.dialect.table_options}"
            )
            for migration in pending(self.dialect, self.schema_version()):
                for statement in statements(migration, self.dialect, self.prefix):
                    cur.execute(statement)
                cur.execute(
                    f"INSERT INTO {self.prefix}schema_version (version) VALUES ({self.dialect.param})",
                    (migration.version,),
                )
        return CURRENT_VERSION
