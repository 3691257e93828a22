"""Server databases: PostgreSQL (psycopg 3) and MariaDB / MySQL (PyMySQL), one SQL text for both.

Both share the repositories of the SQLite adapter (``_sqlrepos``): a stale save raises
:class:`~sp4n.exceptions.ConcurrencyConflict` before writing, events are appended in the same transaction as
the state row, ``claim_due`` uses ``FOR UPDATE SKIP LOCKED`` so several timer workers share the due
complaints, and event positions are allocated under a row lock held to commit, so the outbox order is the
commit order (see docs/adapters.md). MariaDB needs 10.6+ for ``SKIP LOCKED``; sessions run READ COMMITTED
there to avoid gap-lock deadlocks between concurrent new complaints.

Why psycopg / PyMySQL directly and not SQLAlchemy Core: measured in docs/adapters.md (Core added overhead
per statement for no gain in a schema this small).

>>> unit_of_work_from_url("sqlite:///:memory:").dialect.name
'sqlite'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import attrs

from sp4n.adapters.storage import _schema
from sp4n.adapters.storage._sqlrepos import Cursor
from sp4n.adapters.storage._sqluow import SqlUnitOfWorkBase
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import ConfigurationError

__all__ = ["MariaDBUnitOfWork", "PostgresUnitOfWork", "unit_of_work_from_url"]

# MySQL error numbers: duplicate key, lock wait timeout, deadlock, data too long, bad string value.
_MYSQL_DUPLICATE = 1062
_MYSQL_CONTENTION = {1205, 1213}
_MYSQL_BAD_DATA = {1366, 1406, 1264, 1292}


class PostgresUnitOfWork(SqlUnitOfWorkBase):
    """Unit of work on PostgreSQL through psycopg 3 (one connection; one per thread or process).

    Args:
        dsn: ``postgresql://user@host:port/db`` (libpq syntax).
        prefix: table name prefix.
        migrate: bring the schema forward on open (default); concurrent openers serialise on an advisory lock.
    """

    dialect = _schema.POSTGRESQL

    def __init__(self, dsn: str, *, prefix: str = "sp4n_", migrate: bool = True) -> None:
        import psycopg  # noqa: PLC0415 - optional dependency (sp4n[postgres])

        self._psycopg = psycopg
        try:
            # Autocommit + pipeline mode: we send BEGIN ourselves, queued with the block's first statement,
            # so a command costs three round trips (BEGIN+read, save, COMMIT) instead of four.
            conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
            self._stack = ExitStack()
            self._pipeline = self._stack.enter_context(conn.pipeline())
        except psycopg.Error as err:
            raise ConfigurationError("postgresql", f"cannot connect: {err}") from err
        super().__init__(conn, prefix=prefix, migrate=migrate)

    def _cursor(self) -> Cursor:
        return _SyncedCursor(self._conn.cursor(), self._pipeline)

    def _begin(self) -> None:
        # Queued, not sent: it travels with the block's first statement (one round trip for both).
        self._conn.execute("BEGIN")

    def _end(self, *, commit: bool) -> None:
        self._conn.execute("COMMIT" if commit else "ROLLBACK")
        self._pipeline.sync()

    def close(self) -> None:
        """Roll back anything open, leave pipeline mode and close the connection."""
        try:
            self.rollback()
            self._stack.close()
        finally:
            self._conn.close()

    def _is_duplicate(self, err: Exception) -> bool:
        return isinstance(err, self._psycopg.errors.UniqueViolation)

    def _is_contention(self, err: Exception) -> bool:
        errors = self._psycopg.errors
        return isinstance(
            err, errors.DeadlockDetected | errors.LockNotAvailable | errors.SerializationFailure
        )

    def _is_bad_data(self, err: Exception) -> bool:
        return isinstance(err, self._psycopg.DataError | UnicodeEncodeError)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        # DDL is transactional in PostgreSQL; the advisory lock makes concurrent openers wait, not race.
        cur = self._cursor()
        self._conn.execute("BEGIN")
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"sp4n-migrate:{self.prefix}",))
        try:
            yield
        except BaseException:
            self._end(commit=False)
            raise
        self._end(commit=True)


class _SyncedCursor:
    """A psycopg cursor in pipeline mode that waits for each statement's result (errors and ``rowcount``
    behave as outside a pipeline); only what was queued before it, such as BEGIN, rides along for free."""

    def __init__(self, cursor: Any, pipeline: Any) -> None:
        self._cursor = cursor
        self._pipeline = pipeline

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    @property
    def lastrowid(self) -> int | None:
        return None  # PostgreSQL reports keys through RETURNING

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> object:
        self._cursor.execute(sql, params)
        self._pipeline.sync()
        return self

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> object:
        self._cursor.executemany(sql, params)
        self._pipeline.sync()
        return self

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())


class MariaDBUnitOfWork(SqlUnitOfWorkBase):
    """Unit of work on MariaDB 10.6+ or MySQL 8 through PyMySQL (one connection; one per thread or process).

    Args:
        dsn: ``mysql://user:password@host:port/database``.
        prefix: table name prefix.
        migrate: bring the schema forward on open (default); concurrent openers serialise on ``GET_LOCK``.
    """

    dialect = _schema.MYSQL

    def __init__(self, dsn: str, *, prefix: str = "sp4n_", migrate: bool = True) -> None:
        import pymysql  # noqa: PLC0415 - optional dependency (sp4n[mariadb])
        from pymysql.constants import CLIENT  # noqa: PLC0415

        from sp4n.adapters.storage._dsn import mysql_connect_kwargs  # noqa: PLC0415

        self._pymysql = pymysql
        try:
            # FOUND_ROWS: UPDATE reports rows matched, not rows changed, like PostgreSQL and SQLite.
            conn = pymysql.connect(
                **mysql_connect_kwargs(dsn),
                charset="utf8mb4",
                autocommit=False,
                client_flag=CLIENT.FOUND_ROWS,
                connect_timeout=10,
            )
            with conn.cursor() as cur:
                cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cur.execute("SELECT VERSION()")
                server = str(cur.fetchone()[0])
        except pymysql.Error as err:
            raise ConfigurationError("mariadb", f"cannot connect: {err}") from err
        # Ids must compare exactly: a binary NO PAD collation, so "a" and "a " are different keys.
        collation = "utf8mb4_nopad_bin" if "mariadb" in server.lower() else "utf8mb4_0900_bin"
        self.dialect = attrs.evolve(
            _schema.MYSQL,
            table_options=f" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={collation}",
        )
        super().__init__(conn, prefix=prefix, migrate=migrate)

    def _cursor(self) -> Cursor:
        cursor: Cursor = self._conn.cursor()
        return cursor

    def _begin(self) -> None:
        self._conn.begin()

    def _end(self, *, commit: bool) -> None:
        if commit:
            self._conn.commit()
        else:
            self._conn.rollback()

    def _code(self, err: Exception) -> int | None:
        if isinstance(err, self._pymysql.Error) and err.args and isinstance(err.args[0], int):
            return int(err.args[0])
        return None

    def _is_duplicate(self, err: Exception) -> bool:
        return self._code(err) == _MYSQL_DUPLICATE

    def _is_contention(self, err: Exception) -> bool:
        return self._code(err) in _MYSQL_CONTENTION

    def _is_bad_data(self, err: Exception) -> bool:
        return self._code(err) in _MYSQL_BAD_DATA or isinstance(err, UnicodeEncodeError)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        # MySQL DDL commits implicitly, so a named lock (not a transaction) keeps concurrent openers apart.
        cur = self._conn.cursor()
        cur.execute("SELECT GET_LOCK(%s, 60)", (f"sp4n-migrate:{self.prefix}",))
        try:
            yield
            self._conn.commit()
        finally:
            cur.execute("SELECT RELEASE_LOCK(%s)", (f"sp4n-migrate:{self.prefix}",))


def unit_of_work_from_url(url: str, *, prefix: str = "sp4n_") -> SqlUnitOfWorkBase:
    """A SQL unit of work for ``url``: ``sqlite:///path`` (or ``sqlite:///:memory:``), ``postgresql://...``,
    ``mysql://...`` / ``mariadb://...``. A bare path means a SQLite file.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return SqliteUnitOfWork(Path(url), prefix=prefix)
    if scheme == "sqlite":
        return SqliteUnitOfWork(rest.removeprefix("/") or ":memory:", prefix=prefix)
    if scheme in {"postgresql", "postgres"}:
        return PostgresUnitOfWork(url, prefix=prefix)
    if scheme in {"mysql", "mariadb"}:
        return MariaDBUnitOfWork("mysql://" + rest, prefix=prefix)
    raise ConfigurationError("url", f"unsupported scheme {scheme!r} (sqlite, postgresql, mysql, mariadb)")
