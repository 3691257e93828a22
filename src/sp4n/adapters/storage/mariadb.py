"""MariaDB 10.6+ / MySQL 8 adapter on PyMySQL (``pip install sp4n[mariadb]``; imported only when opened).

It shares the SQL repositories of the other SQL adapters: a stale save raises
:class:`~sp4n.exceptions.ConcurrencyConflict` before writing, events are appended in the same transaction as
the state row, ``claim_due`` uses ``FOR UPDATE SKIP LOCKED`` (hence MariaDB 10.6+) so several timer workers
share the due complaints, and event positions are allocated under the log head row lock held to commit
(``SELECT ... FOR UPDATE``, then ``UPDATE``: there is no ``UPDATE ... RETURNING``), so the outbox order is
the commit order (see docs/adapters.md). Sessions run READ COMMITTED to avoid gap-lock deadlocks between
concurrent new complaints.

>>> mysql_connect_kwargs("mysql://root@127.0.0.1:3306/test")["database"]
'test'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs

from sp4n.adapters.storage._driver_errors import one_line
from sp4n.adapters.storage._source import HostOwned, Pool
from sp4n.adapters.storage._sql import MYSQL, Cursor, check_prefix, check_schema
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.exceptions import ConfigurationError

__all__ = ["MariaDBUnitOfWork", "mysql_connect_kwargs"]

# MySQL error numbers: duplicate key, lock wait timeout, deadlock, data too long, bad string value.
_MYSQL_DUPLICATE = 1062
_MYSQL_CONTENTION = {1205, 1213}
_MYSQL_BAD_DATA = {1366, 1406, 1264, 1292}
# The connection is gone: can't connect, server gone away, lost during query, killed, shut down, idle timeout.
_MYSQL_GONE = {2003, 2006, 2013, 1927, 1053, 4031}


def mysql_connect_kwargs(dsn: str) -> dict[str, Any]:
    """PyMySQL ``connect`` arguments for ``mysql://user:password@host:port/database`` (any scheme).

    Missing parts default to ``root`` without a password on ``127.0.0.1:3306``, database ``test``.
    """
    parts = urlsplit(dsn)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "database": parts.path.lstrip("/") or "test",
    }


class MariaDBUnitOfWork(SqlUnitOfWorkBase):
    """Unit of work on MariaDB 10.6+ or MySQL 8 through PyMySQL; one object may be shared by threads (a pool).

    Args:
        dsn: ``mysql://user:password@host:port/database``.
        prefix: table name prefix.
        schema: the PostgreSQL schema / MariaDB database of the tables (default: the connection's own).
        migrate: bring the schema forward on open (concurrent openers serialise on ``GET_LOCK``); by default
            the tables must already be at this library's version (``sp4n db upgrade``).
        pool_size: the most connections open at once (threads beyond it wait ``pool_timeout`` seconds).

    To run inside the host's own transaction, see :meth:`on_connection`.
    """

    dialect = MYSQL
    #: Seconds an upgrade waits for another one holding the migration lock.
    migration_lock_wait = 60

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
        import pymysql  # noqa: PLC0415 - optional dependency (sp4n[mariadb])
        from pymysql.constants import CLIENT  # noqa: PLC0415

        self._pymysql = pymysql
        kwargs = mysql_connect_kwargs(dsn)

        def open_() -> Any:
            # FOUND_ROWS: UPDATE reports rows matched, not rows changed, like PostgreSQL and SQLite.
            conn = pymysql.connect(
                **kwargs,
                charset="utf8mb4",
                autocommit=False,
                client_flag=CLIENT.FOUND_ROWS,
                connect_timeout=10,
            )
            with conn.cursor() as cur:
                cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
            return conn

        try:
            first = open_()  # an unreachable server fails here, at once, as a ConfigurationError
            self.dialect = _dialect_of(first)
        except pymysql.Error as err:
            raise ConfigurationError("mariadb", "cannot connect: {error}", error=one_line(err)) from err
        source = Pool(
            open_, lambda conn: conn.close(), max_size=pool_size, timeout=pool_timeout, name="mariadb"
        )
        source.adopt(first)
        super().__init__(source, prefix=prefix, schema=schema, migrate=migrate)

    @classmethod
    def on_connection(
        cls, connection: Any, *, prefix: str = "sp4n_", schema: str | None = None
    ) -> MariaDBUnitOfWork:
        """A unit of work inside the host's transaction on PyMySQL ``connection`` (autocommit off; never
        committed or closed by sp4n; see :mod:`sp4n.adapters.storage.host`)."""
        import pymysql  # noqa: PLC0415 - optional dependency (sp4n[mariadb])

        self = cls.__new__(cls)
        self._pymysql = pymysql
        self.dialect = _dialect_of(connection)
        SqlUnitOfWorkBase.__init__(self, HostOwned(connection), prefix=prefix, schema=schema)
        return self

    def _cursor_on(self, handle: Any) -> Cursor:
        cursor: Cursor = handle.cursor(self._pymysql.cursors.Cursor)  # tuples, whatever the host's default
        return cursor

    def _begin(self, handle: Any) -> None:
        handle.begin()

    def _end(self, handle: Any, *, commit: bool) -> None:
        if commit:
            handle.commit()
        else:
            handle.rollback()

    def _start(self, handle: Any) -> None:
        if self._source.host_owned and handle.get_autocommit():
            raise ConfigurationError(
                "connection",
                "the host's connection is in autocommit mode: every statement would commit alone",
            )
        super()._start(handle)

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

    def _is_disconnect(self, err: Exception) -> bool:
        if isinstance(err, self._pymysql.err.InterfaceError):
            return True  # PyMySQL raises it for a connection it already knows is closed
        return self._code(err) in _MYSQL_GONE

    @contextmanager
    def _migration_lock(self, handle: Any) -> Iterator[None]:
        # MySQL DDL commits implicitly, so a named lock (not a transaction) keeps concurrent openers apart.
        cur = self._cursor_on(handle)
        # GET_LOCK names stop at 64 characters; two stores whose names share the first 64 only wait for
        # each other's upgrades, which is harmless.
        name = f"sp4n-migrate:{self.tables}"[:64]
        cur.execute("SELECT GET_LOCK(%s, %s)", (name, self.migration_lock_wait))
        if cur.fetchone()[0] != 1:  # 0: timed out; NULL: an error (killed, out of memory)
            raise ConfigurationError(
                "migrate",
                "another upgrade of {tables}* held the lock for {seconds} s",
                tables=self.tables,
                seconds=self.migration_lock_wait,
            )
        try:
            yield
            handle.commit()
        finally:
            cur.execute("SELECT RELEASE_LOCK(%s)", (name,))


def _dialect_of(conn: Any) -> Any:
    """MYSQL with the table options of the server ``conn`` is on."""
    import pymysql  # noqa: PLC0415 - optional dependency, loaded by the caller already

    with conn.cursor(pymysql.cursors.Cursor) as cur:
        cur.execute("SELECT VERSION()")
        server = str(cur.fetchone()[0])
    # Ids must compare exactly: a binary NO PAD collation, so "a" and "a " are different keys.
    collation = "utf8mb4_nopad_bin" if "mariadb" in server.lower() else "utf8mb4_0900_bin"
    return attrs.evolve(MYSQL, table_options=f" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={collation}")
