"""Every storage adapter lists complaints alike: the keyset search contract (sp4n.testing.contracts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.ports import UnitOfWork
from sp4n.testing.contracts import ComplaintSearchContract

UowFactory = Callable[[], UnitOfWork]


class TestMemory(ComplaintSearchContract):
    @pytest.fixture
    def uow(self) -> UnitOfWork:
        return MemoryUnitOfWork()


class TestSqlite(ComplaintSearchContract):
    @pytest.fixture
    def uow(self) -> Iterator[UnitOfWork]:
        uow = SqliteUnitOfWork(":memory:")
        yield uow
        uow.close()


@pytest.mark.postgres
class TestPostgres(ComplaintSearchContract):
    @pytest.fixture
    def uow(self, postgres_factory: UowFactory) -> UnitOfWork:
        return postgres_factory()


@pytest.mark.mariadb
class TestMariaDB(ComplaintSearchContract):
    @pytest.fixture
    def uow(self, mariadb_factory: UowFactory) -> UnitOfWork:
        return mariadb_factory()
