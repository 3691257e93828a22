"""Every sent-reminder store keeps the contract of sp4n.testing.contracts: a key is claimed once, across
stores (nodes) too; release and prune forget."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sp4n.adapters.storage.sent_reminders import (
    MemorySentReminders,
    SqliteSentReminders,
    SqlSentReminders,
)
from sp4n.exceptions import ConfigurationError
from sp4n.ports import SentReminders
from sp4n.testing.contracts import SentRemindersContract

Factory = Callable[[], SentReminders]


def _server_stores(dsn: str) -> Iterator[Factory]:
    """Stores on one fresh table of a server (like runners on several nodes); the table is dropped after."""
    prefix = f"t_rem_{uuid.uuid4().hex[:8]}"
    opened: list[SqlSentReminders] = []

    def make() -> SentReminders:
        opened.append(SqlSentReminders(dsn, prefix=prefix))
        return opened[-1]

    yield make
    for store in opened:
        if store is opened[0]:
            store.drop_table()
        store.close()


class TestMemory(SentRemindersContract):
    @pytest.fixture
    def new_store(self) -> Factory:
        shared = MemorySentReminders()
        return lambda: shared


class TestSqlite(SentRemindersContract):
    @pytest.fixture
    def new_store(self, tmp_path: Path) -> Iterator[Factory]:
        opened: list[SqliteSentReminders] = []

        def make() -> SentReminders:
            opened.append(SqliteSentReminders(str(tmp_path / "keys.db")))
            return opened[-1]

        yield make
        for store in opened:
            store.close()


@pytest.mark.postgres
class TestPostgres(SentRemindersContract):
    @pytest.fixture
    def new_store(self, postgres_server: str) -> Iterator[Factory]:
        yield from _server_stores(postgres_server)


@pytest.mark.mariadb
class TestMariaDB(SentRemindersContract):
    @pytest.fixture
    def new_store(self, mariadb_server: str) -> Iterator[Factory]:
        yield from _server_stores(mariadb_server)


def test_a_sql_store_refuses_an_unsafe_prefix() -> None:
    with pytest.raises(ConfigurationError, match="prefix"):
        SqlSentReminders("postgresql://x/y", prefix="x; DROP TABLE y")
