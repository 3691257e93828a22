"""Every outbox store keeps the same promises (the contract suite of sp4n.testing.contracts: one claim per
subscriber, nothing written until commit, cursor and dead letters committed together, dead letters
inspectable and resolvable); leases and lost connections are each adapter's own."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sp4n.adapters.storage.outbox import MemoryOutboxStore, SqliteOutboxStore
from sp4n.adapters.storage.outbox_server import SqlOutboxStore
from sp4n.exceptions import ConfigurationError
from sp4n.ports import OutboxStore
from sp4n.testing.contracts import OutboxStoreContract

Factory = Callable[[], OutboxStore]


def _server_stores(dsn: str) -> Iterator[Factory]:
    """Stores on one fresh table set of a server (as several relay processes would share); dropped after."""
    prefix = f"t_outbox_{uuid.uuid4().hex[:8]}"
    opened: list[SqlOutboxStore] = []

    def make() -> OutboxStore:
        opened.append(SqlOutboxStore(dsn, prefix=prefix))
        return opened[-1]

    yield make
    for store in opened:
        store.close()
    cleaner = SqlOutboxStore(dsn, prefix=prefix)
    cleaner.drop_tables()
    cleaner.close()


class TestMemory(OutboxStoreContract):
    @pytest.fixture
    def new_store(self) -> Factory:
        shared = MemoryOutboxStore()
        return lambda: shared


class TestSqlite(OutboxStoreContract):
    @pytest.fixture
    def new_store(self, tmp_path: Path) -> Iterator[Factory]:
        path = str(tmp_path / "outbox.db")
        opened: list[SqliteOutboxStore] = []

        def make() -> OutboxStore:
            opened.append(SqliteOutboxStore(path))
            return opened[-1]

        yield make
        for store in opened:
            store.close()


@pytest.mark.postgres
class TestPostgres(OutboxStoreContract):
    @pytest.fixture
    def new_store(self, postgres_server: str) -> Iterator[Factory]:
        yield from _server_stores(postgres_server)


@pytest.mark.mariadb
class TestMariaDB(OutboxStoreContract):
    @pytest.fixture
    def new_store(self, mariadb_server: str) -> Iterator[Factory]:
        yield from _server_stores(mariadb_server)


def test_a_sqlite_lease_held_by_a_dead_relay_expires(tmp_path: Path) -> None:
    now = [1000.0]
    path = str(tmp_path / "lease.db")
    dead_relay = SqliteOutboxStore(path, lease_seconds=5, clock=lambda: now[0])
    other = SqliteOutboxStore(path, lease_seconds=5, clock=lambda: now[0])
    stale = dead_relay.claim("mail")
    assert stale is not None
    assert other.claim("mail") is None
    now[0] += 6
    taken = other.claim("mail")
    assert taken is not None
    stale.advance(99)
    assert not stale.commit()  # the expired holder can no longer write its cursor
    taken.advance(3)
    assert taken.commit()
    assert other.cursor("mail") == 3


@pytest.mark.usefixtures("english")
def test_a_sql_store_refuses_an_unknown_scheme_and_an_unsafe_prefix() -> None:
    with pytest.raises(ConfigurationError, match="scheme"):
        SqlOutboxStore("oracle://x/y")
    with pytest.raises(ConfigurationError, match="prefix"):
        SqlOutboxStore("postgresql://x/y", prefix="x; DROP TABLE y")


def test_a_sqlite_lease_is_renewed_before_each_send_and_a_lost_one_says_so(tmp_path: Path) -> None:
    now = [1000.0]
    path = str(tmp_path / "renew.db")
    busy = SqliteOutboxStore(path, lease_seconds=6, clock=lambda: now[0])
    other = SqliteOutboxStore(path, lease_seconds=6, clock=lambda: now[0])
    claim = busy.claim("mail")
    assert claim is not None
    for position in range(1, 6):  # 5 × 3 s = 15 s of sends, far past one 6 s lease
        now[0] += 3
        assert claim.renew()
        claim.advance(position)
        assert other.claim("mail") is None
    assert claim.commit()
    assert other.cursor("mail") == 5
    stalled = busy.claim("mail")
    assert stalled is not None
    now[0] += 7  # the holder stalled past its lease: another relay takes over
    taker = other.claim("mail")
    assert taker is not None
    assert not stalled.renew()  # the stalled relay learns it before it sends anything more
    assert not stalled.commit()
    taker.release()


@pytest.mark.parametrize("server", [pytest.param("postgres_server", marks=pytest.mark.postgres),
                                    pytest.param("mariadb_server", marks=pytest.mark.mariadb)])  # fmt: skip
def test_a_server_frees_the_claim_of_a_relay_whose_connection_died(
    request: pytest.FixtureRequest, server: str
) -> None:
    dsn = request.getfixturevalue(server)
    prefix = f"t_outbox_{uuid.uuid4().hex[:8]}"
    dying, other = SqlOutboxStore(dsn, prefix=prefix), SqlOutboxStore(dsn, prefix=prefix)
    try:
        assert dying.claim("mail") is not None
        assert other.claim("mail") is None
        dying.close()  # the relay process is gone: the server rolls back its transaction
        # ...asynchronously: MariaDB answers COM_QUIT before its thread has released the row lock, so the
        # claim becomes free soon after, not at once. Poll, with a deadline far above the usual few ms.
        deadline = time.monotonic() + 10
        while (claim := other.claim("mail")) is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert claim is not None
        claim.release()
    finally:
        other.drop_tables()
        other.close()
