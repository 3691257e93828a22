"""Run sp4n inside the host's own database transaction: :func:`unit_of_work_on`.

An agency whose case system already owns a database writes a complaint command and its own rows in *one*
transaction: both commit, or neither does. Give sp4n the connection the transaction runs on; sp4n then never
issues BEGIN, COMMIT or ROLLBACK and never closes the connection. Each ``with uow:`` block is a SAVEPOINT:
the service's ``commit()`` releases it, a failed command rolls back to it (the host's own writes and its
transaction stay usable), and the host's COMMIT makes the command durable — until then no other connection,
the outbox relay included, sees its events.

Accepted connections:

* a ``sqlite3.Connection``;
* a psycopg 3 ``Connection`` (``autocommit=False``, or inside ``with conn.transaction():``);
* a PyMySQL ``Connection`` (autocommit off, PyMySQL's default);
* a SQLAlchemy 2 ``Connection`` or ``Session`` (its DBAPI connection is used; SQLAlchemy is not imported);
* Django's ``django.db.connection`` inside ``transaction.atomic()``.

The tables must exist at this library's version (``sp4n db upgrade``, or sp4n's migrations included in the
host's own: see docs/adapters.md); nothing runs DDL inside the host's transaction.

>>> import sqlite3
>>> from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
>>> from sp4n.testing.lifecycle import walked
>>> setup = SqliteUnitOfWork("file:host_doc?mode=memory&cache=shared")  # creates sp4n's tables
>>> host = sqlite3.connect("file:host_doc?mode=memory&cache=shared", uri=True)
>>> _ = host.execute("CREATE TABLE cases (no TEXT)")
>>> uow = unit_of_work_on(host)
>>> complaint, events = walked("c-1", "forwarded")
>>> _ = host.execute("INSERT INTO cases VALUES ('K-7')")  # the host's write, in its transaction
>>> with uow:
...     _ = uow.complaints.save(complaint, events, expected_version=0)
...     uow.commit()  # releases sp4n's savepoint; the host decides
>>> host.rollback()  # the host changes its mind: neither its row nor the complaint remains
>>> host.execute("SELECT COUNT(*) FROM cases").fetchone()[0], host.execute(
...     "SELECT COUNT(*) FROM sp4n_complaints").fetchone()[0]
(0, 0)
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import ConfigurationError

__all__ = ["dbapi_connection", "unit_of_work_on"]


def dbapi_connection(connection: Any) -> Any:
    """The DB-API connection under ``connection``: itself, or the one a SQLAlchemy ``Connection`` /
    ``Session`` or Django's connection wraps (recognised by shape, so neither library is imported)."""
    module = type(connection).__module__
    if module.startswith("sqlalchemy"):
        if hasattr(connection, "get_bind"):  # a Session: the Connection of its current transaction
            connection = connection.connection()
        return connection.connection.dbapi_connection
    if module.startswith("django"):
        if not connection.in_atomic_block:
            raise ConfigurationError("connection", "use Django's connection inside transaction.atomic()")
        connection.ensure_connection()
        return connection.connection
    return connection


def unit_of_work_on(
    connection: Any, *, prefix: str = "sp4n_", schema: str | None = None
) -> SqlUnitOfWorkBase:
    """A unit of work inside the transaction of the host's ``connection`` (see the module text);
    ``schema`` places the tables in a PostgreSQL schema / MariaDB database (not on SQLite)."""
    raw = dbapi_connection(connection)
    if isinstance(raw, sqlite3.Connection):
        if schema is not None:
            raise ConfigurationError("schema", "SQLite has no schemas: use a prefix")
        return SqliteUnitOfWork.on_connection(raw, prefix=prefix)
    module = type(raw).__module__
    if module.startswith("psycopg"):
        return PostgresUnitOfWork.on_connection(raw, prefix=prefix, schema=schema)
    if module.startswith("pymysql"):
        return MariaDBUnitOfWork.on_connection(raw, prefix=prefix, schema=schema)
    raise ConfigurationError(
        "connection", "{error} is not a sqlite3, psycopg 3 or PyMySQL connection", error=type(raw).__name__
    )
