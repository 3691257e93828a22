"""Fixtures for the storage tests: one fresh, isolated store per test on every adapter."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sp4n.adapters._sqluow import SqlUnitOfWorkBase
from sp4n.adapters.memory import MemoryUnitOfWork
from sp4n.adapters.sql import MariaDBUnitOfWork, PostgresUnitOfWork
from sp4n.adapters.sqlite import SqliteUnitOfWork

_TABLES = ("complaints", "events", "log_head", "idempotency", "identities", "schema_version")
_counter = itertools.count()


def fresh_prefix() -> str:
    """A table prefix no other test (or xdist worker, or concurrent CI job) uses."""
    return f"t{os.getpid()}_{next(_counter)}_"


def drop_tables(uow: SqlUnitOfWorkBase) -> None:
    """Remove every table of ``uow``'s prefix (the test's isolation boundary)."""
    uow.rollback()
    cur = uow._cursor()
    for table in _TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {uow.prefix}{table}")
    uow._conn.commit()
    uow.close()


UowFactory = Callable[[], SqlUnitOfWorkBase]


@pytest.fixture
def postgres_factory(postgres_server: str) -> Iterator[UowFactory]:
    """Opens units of work on one fresh prefix in PostgreSQL; drops the tables afterwards."""
    prefix = fresh_prefix()
    opened: list[SqlUnitOfWorkBase] = []

    def make() -> SqlUnitOfWorkBase:
        opened.append(PostgresUnitOfWork(postgres_server, prefix=prefix))
        return opened[-1]

    yield make
    for uow in opened[1:]:
        uow.close()
    if opened:
        drop_tables(opened[0])


@pytest.fixture
def mariadb_factory(mariadb_server: str) -> Iterator[UowFactory]:
    """Opens units of work on one fresh prefix in MariaDB; drops the tables afterwards."""
    prefix = fresh_prefix()
    opened: list[SqlUnitOfWorkBase] = []

    def make() -> SqlUnitOfWorkBase:
        opened.append(MariaDBUnitOfWork(mariadb_server, prefix=prefix))
        return opened[-1]

    yield make
    for uow in opened[1:]:
        uow.close()
    if opened:
        drop_tables(opened[0])


@pytest.fixture
def sqlite_factory(tmp_path: Path) -> Iterator[UowFactory]:
    """Opens units of work on one fresh SQLite file."""
    opened: list[SqlUnitOfWorkBase] = []

    def make() -> SqlUnitOfWorkBase:
        opened.append(SqliteUnitOfWork(tmp_path / "sp4n.db"))
        return opened[-1]

    yield make
    for uow in opened:
        uow.close()


@pytest.fixture
def memory_uow() -> MemoryUnitOfWork:
    return MemoryUnitOfWork()
