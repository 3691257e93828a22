"""Fixtures for the storage tests: one fresh, isolated store per test on every adapter."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._batches import Handle
from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork
from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork

_counter = itertools.count()


def fresh_prefix() -> str:
    """A table prefix no other test (or xdist worker, or concurrent CI job) uses."""
    return f"t{os.getpid()}_{next(_counter)}_"


def drop_tables(uow: SqlUnitOfWorkBase) -> None:
    """Remove every table of ``uow``'s prefix (the test's isolation boundary)."""
    uow.rollback()
    cur = uow._cursor()
    for table in TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {uow.prefix}{table}")
    uow._conn.commit()
    uow.close()


UowFactory = Callable[[], SqlUnitOfWorkBase]


def empty_tables(uow: SqlUnitOfWorkBase) -> None:
    """Delete every row of ``uow``'s tables and restart positions (much faster than DDL on MariaDB)."""
    uow.rollback()
    cur = uow._cursor()
    for table in TABLES[:-1]:
        if table != "log_head":
            cur.execute(f"DELETE FROM {uow.prefix}{table}")
    cur.execute(f"UPDATE {uow.prefix}log_head SET position = 0")
    uow._conn.commit()


def _server_factory(
    open_uow: Callable[[str], SqlUnitOfWorkBase], keeper: SqlUnitOfWorkBase
) -> Iterator[UowFactory]:
    """Units of work on the session's tables, emptied before each test; extra connections closed after."""
    empty_tables(keeper)
    opened: list[SqlUnitOfWorkBase] = []

    def make() -> SqlUnitOfWorkBase:
        opened.append(open_uow(keeper.prefix))
        return opened[-1]

    yield make
    for uow in opened:
        uow.close()


@pytest.fixture(scope="session")
def postgres_tables(postgres_server: str) -> Iterator[SqlUnitOfWorkBase]:
    """One table set per test session (a fresh prefix), dropped at the end."""
    keeper = PostgresUnitOfWork(postgres_server, prefix=fresh_prefix(), migrate=True)
    yield keeper
    drop_tables(keeper)


@pytest.fixture(scope="session")
def mariadb_tables(mariadb_server: str) -> Iterator[SqlUnitOfWorkBase]:
    """One table set per test session (a fresh prefix), dropped at the end."""
    keeper = MariaDBUnitOfWork(mariadb_server, prefix=fresh_prefix(), migrate=True)
    yield keeper
    drop_tables(keeper)


@pytest.fixture
def postgres_factory(postgres_server: str, postgres_tables: SqlUnitOfWorkBase) -> Iterator[UowFactory]:
    """Opens units of work on emptied PostgreSQL tables of this session."""
    yield from _server_factory(
        lambda prefix: PostgresUnitOfWork(postgres_server, prefix=prefix), postgres_tables
    )


@pytest.fixture
def mariadb_factory(mariadb_server: str, mariadb_tables: SqlUnitOfWorkBase) -> Iterator[UowFactory]:
    """Opens units of work on emptied MariaDB tables of this session."""
    yield from _server_factory(
        lambda prefix: MariaDBUnitOfWork(mariadb_server, prefix=prefix), mariadb_tables
    )


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


@pytest.fixture
def round_trips(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """``round_trips[0]``: PostgreSQL round trips (``Handle.exchange``) on sp4n's own connections since the
    test began (reset it at will): counted, so the numbers do not depend on timing."""
    count = [0]
    original = Handle.exchange

    def counted(self: Handle, statements: Any, answer: int) -> Any:
        count[0] += 1
        return original(self, statements, answer)

    monkeypatch.setattr(Handle, "exchange", counted)
    return count
