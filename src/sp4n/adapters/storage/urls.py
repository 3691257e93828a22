"""A database URL to a unit of work (:func:`unit_of_work_from_url`) or a connection (:func:`connect_dsn`).

Schemes: ``sqlite:///path`` (``sqlite:///:memory:``; a bare path is a SQLite file too), ``postgresql://`` or
``postgres://``, ``mysql://`` or ``mariadb://``. The server drivers are imported only when such a URL is
opened.

>>> unit_of_work_from_url("sqlite:///:memory:").dialect.name
'sqlite'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork, mysql_connect_kwargs
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import ConfigurationError

__all__ = ["connect_dsn", "unit_of_work_from_url"]

_POSTGRES = frozenset({"postgresql", "postgres"})
_MYSQL = frozenset({"mysql", "mariadb"})


def unit_of_work_from_url(url: str, *, prefix: str = "sp4n_") -> SqlUnitOfWorkBase:
    """A SQL unit of work for ``url``: ``sqlite:///path`` (or ``sqlite:///:memory:``), ``postgresql://...``,
    ``mysql://...`` / ``mariadb://...``. A bare path means a SQLite file.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return SqliteUnitOfWork(Path(url), prefix=prefix)
    if scheme == "sqlite":
        return SqliteUnitOfWork(rest.removeprefix("/") or ":memory:", prefix=prefix)
    if scheme in _POSTGRES:
        return PostgresUnitOfWork(url, prefix=prefix)
    if scheme in _MYSQL:
        return MariaDBUnitOfWork("mysql://" + rest, prefix=prefix)
    raise ConfigurationError("url", f"unsupported scheme {scheme!r} (sqlite, postgresql, mysql, mariadb)")


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
    raise ConfigurationError("dsn", f"unsupported scheme {scheme!r} (postgresql:// or mysql://)")
