"""A database URL to a unit of work (:func:`unit_of_work_from_url`) or a connection (:func:`connect_dsn`).

Schemes: ``sqlite:///path`` (``sqlite:///:memory:``; a bare path is a SQLite file too), ``postgresql://`` or
``postgres://``, ``mysql://`` or ``mariadb://``. The server drivers are imported only when such a URL is
opened.

>>> unit_of_work_from_url("sqlite:///:memory:").dialect.name
'sqlite'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from sp4n.adapters.storage._sql import MYSQL, POSTGRESQL, SQLITE, Dialect, check_prefix, check_schema
from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.adapters.storage._versions import script
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork, mysql_connect_kwargs
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import ConfigurationError

__all__ = ["connect_dsn", "dialect_for_url", "schema_script", "side_connection", "unit_of_work_from_url"]

_POSTGRES = frozenset({"postgresql", "postgres"})
_MYSQL = frozenset({"mysql", "mariadb"})


def unit_of_work_from_url(
    url: str,
    *,
    prefix: str = "sp4n_",
    schema: str | None = None,
    migrate: bool | None = None,
    check_version: bool = True,
    existing: bool = False,
) -> SqlUnitOfWorkBase:
    """A SQL unit of work for ``url``: ``sqlite:///path`` (or ``sqlite:///:memory:``), ``postgresql://...``,
    ``mysql://...`` / ``mariadb://...``. A bare path means a SQLite file.

    ``migrate``: bring the schema forward on open. By default SQLite does (the embedded store needs no
    separate step) and the servers do not: their tables must be at this library's version already
    (``sp4n db upgrade --url URL``), else :class:`~sp4n.exceptions.ConfigurationError`.
    ``check_version=False`` (with ``migrate`` false) opens whatever is there, for tools that only report it.
    ``schema``: the PostgreSQL schema / MariaDB database of the tables (not for SQLite).
    ``existing=True``: a SQLite file must exist already (tools that only read or check, so that a mistyped
    path is an error rather than a new, empty and trivially valid database).
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme == "sqlite":
        if schema is not None:
            raise ConfigurationError("schema", "SQLite has no schemas: use a prefix or another file")
        path = Path(url) if not sep else (rest.removeprefix("/") or ":memory:")
        if existing and str(path) != ":memory:" and not Path(path).is_file():
            raise ConfigurationError("url", "no SQLite database at {path}", path=path)
        upgrade = migrate is not False
        return SqliteUnitOfWork(path, prefix=prefix, migrate=upgrade if upgrade or check_version else None)
    server = bool(migrate) if migrate or check_version else None
    if scheme in _POSTGRES:
        return PostgresUnitOfWork(url, prefix=prefix, schema=schema, migrate=server)
    if scheme in _MYSQL:
        return MariaDBUnitOfWork("mysql://" + rest, prefix=prefix, schema=schema, migrate=server)
    raise ConfigurationError(
        "url", "unsupported scheme {scheme!r} (sqlite, postgresql, mysql, mariadb)", scheme=scheme
    )


def dialect_for_url(url: str) -> Dialect:
    """The SQL dialect a URL's scheme names, without connecting (``mariadb://`` and ``mysql://`` differ
    only in the binary collation their tables get).

    >>> dialect_for_url("postgresql://db.example/lapor").name
    'postgresql'
    """
    scheme, sep, _ = url.partition("://")
    if not sep or scheme == "sqlite":
        return SQLITE
    if scheme in _POSTGRES:
        return POSTGRESQL
    if scheme == "mariadb":
        return attrs.evolve(
            MYSQL, table_options=MYSQL.table_options.replace("utf8mb4_0900_bin", "utf8mb4_nopad_bin")
        )
    if scheme == "mysql":
        return MYSQL
    raise ConfigurationError(
        "url", "unsupported scheme {scheme!r} (sqlite, postgresql, mysql, mariadb)", scheme=scheme
    )


def schema_script(
    url: str, *, prefix: str = "sp4n_", current: int = 0, schema: str | None = None
) -> list[str]:
    """The statements that bring tables ``<prefix>*`` from version ``current`` to this library's, for the
    database ``url`` names; offline (nothing connects). Every statement may be run again; a DBA reviews
    them, or a host's migration tool runs them.

    >>> schema_script("sqlite:///lapor.db")[-1]
    'INSERT OR IGNORE INTO sp4n_schema_version (version) VALUES (4)'
    """
    return script(dialect_for_url(url), check_prefix(prefix), current, check_schema(schema))


def side_connection(source: str | SqlUnitOfWorkBase) -> tuple[str, Any, Callable[[], None]]:
    """``(dialect name, connection, close)`` for a side store (outbox cursors, sent reminders) on a server:
    lent by a unit of work's pool (same credentials, one pool) or, from a DSN, opened on its own."""
    if isinstance(source, SqlUnitOfWorkBase):
        return source.lend()
    kind, conn = connect_dsn(source)
    return kind, conn, conn.close


def connect_dsn(dsn: str) -> tuple[str, Any]:
    """``("postgresql" | "mysql", connection)`` for a server DSN, autocommit off.

    The outbox and sent-reminder stores on PostgreSQL / MariaDB open their connection with it.
    """
    scheme = urlsplit(dsn).scheme
    if scheme in _POSTGRES:
        import psycopg  # noqa: PLC0415 - optional driver, needed only for this database

        return "postgresql", psycopg.connect(dsn)
    if scheme in _MYSQL:
        import pymysql  # noqa: PLC0415 - optional driver, needed only for this database

        return "mysql", pymysql.connect(**mysql_connect_kwargs(dsn), autocommit=False)
    raise ConfigurationError(
        "dsn", "unsupported scheme {scheme!r} (postgresql:// or mysql://)", scheme=scheme
    )
