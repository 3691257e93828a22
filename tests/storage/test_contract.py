"""Every unit-of-work adapter passes the same contract suite (sp4n.testing.contracts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.ports import UnitOfWork
from sp4n.testing.contracts import UnitOfWorkContract

UowFactory = Callable[[], UnitOfWork]


class TestMemory(UnitOfWorkContract):
    @pytest.fixture
    def uow(self) -> UnitOfWork:
        return MemoryUnitOfWork()


class TestSqliteInMemory(UnitOfWorkContract):
    @pytest.fixture
    def uow(self) -> Iterator[UnitOfWork]:
        uow = SqliteUnitOfWork(":memory:")
        yield uow
        uow.close()


class TestSqliteFile(UnitOfWorkContract):
    @pytest.fixture
    def uow(self, sqlite_factory: UowFactory) -> UnitOfWork:
        return sqlite_factory()


@pytest.mark.postgres
class TestPostgres(UnitOfWorkContract):
    @pytest.fixture
    def uow(self, postgres_factory: UowFactory) -> UnitOfWork:
        return postgres_factory()


@pytest.mark.mariadb
class TestMariaDB(UnitOfWorkContract):
    @pytest.fixture
    def uow(self, mariadb_factory: UowFactory) -> UnitOfWork:
        return mariadb_factory()
