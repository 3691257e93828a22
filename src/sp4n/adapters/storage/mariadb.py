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

from sp4n.adapters.storage._sql import MYSQL, Cursor, check_prefix
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.exceptions import ConfigurationError

__all__ = ["MariaDBUnitOfWork", "mysql_connect_kwargs"]

# MySQL error numbers: duplicate key, lock wait timeout, deadlock, data too long, bad string value.
_MYSQL_DUPLICATE = 1062
_MYSQL_CONTENTION = {1205, 1213}
_MYSQL_BAD_DATA = {1366, 1406, 1264, 1292}


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
    """Unit of work on MariaDB 10.6+ or MySQL 8 through PyMySQL (one connection; one per thread or process).

    Args:
        dsn: ``mysql://user:password@host:port/database``.
        prefix: table name prefix.
        migrate: bring the schema forward on open (default); concurrent openers serialise on ``GET_LOCK``.
    """

    dialect = MYSQL

    def __init__(self, dsn: str, *, prefix: str = "sp4n_", migrate: bool = True) -> None:
        check_prefix(prefix)  # before connecting
        import pymysql  # noqa: PLC0415 - optional dependency (sp4n[mariadb])
        from pymysql.constants import CLIENT  # noqa: PLC0415

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
            MYSQL,
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
