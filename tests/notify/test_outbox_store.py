"""Every outbox store keeps the same promises: one claim per subscriber, nothing written until commit,
cursor and dead letters committed together, dead letters inspectable and resolvable."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sp4n.adapters.storage.outbox import MemoryOutboxStore, SqliteOutboxStore
from sp4n.adapters.storage.outbox_server import SqlOutboxStore
from sp4n.exceptions import ConfigurationError
from sp4n.ports import DeadLetter, OutboxStore

AT = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
Factory = Callable[[], OutboxStore]


def _dead(mid: str, position: int = 3, attempts: int = 5) -> DeadLetter:
    return DeadLetter(
        subscriber="mail",
        message_id=mid,
        position=position,
        complaint_id="c1",
        sequence=2,
        attempts=attempts,
        error="DeliveryError: HTTP 503",
        failed_at=AT,
    )


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory of stores that share one database (as several relay processes would)."""
    opened: list[OutboxStore] = []
    if request.param == "memory":
        shared = MemoryOutboxStore()
        yield lambda: shared
        return
    if request.param == "sqlite":
        path = str(tmp_path / "outbox.db")

        def make() -> OutboxStore:
            opened.append(SqliteOutboxStore(path))
            return opened[-1]
    else:
        dsn = request.getfixturevalue("postgres_server" if request.param == "postgres" else "mariadb_server")
        prefix = f"t_outbox_{uuid.uuid4().hex[:8]}"

        def make() -> OutboxStore:
            opened.append(SqlOutboxStore(dsn, prefix=prefix))
            return opened[-1]

    yield make
    for store in opened:
        store.close()  # type: ignore[attr-defined]  # the SQL stores have close(); the port does not need it
    if request.param in {"postgres", "mariadb"}:
        cleaner = SqlOutboxStore(dsn, prefix=prefix)
        cleaner.drop_tables()
        cleaner.close()


def test_a_new_subscriber_starts_at_zero_and_a_committed_claim_moves_its_cursor(new_store: Factory) -> None:
    store = new_store()
    claim = store.claim("mail")
    assert claim is not None
    assert claim.position == 0
    claim.advance(42)
    assert claim.commit()
    assert store.cursor("mail") == 42
    again = store.claim("mail")
    assert again is not None
    assert again.position == 42
    again.release()


def test_only_one_claim_per_subscriber_exists_at_a_time_even_across_stores(new_store: Factory) -> None:
    first, second = new_store(), new_store()
    claim = first.claim("mail")
    assert claim is not None
    assert second.claim("mail") is None
    other = second.claim("sms")  # other subscribers stay free
    assert other is not None
    other.release()
    claim.release()
    reclaimed = second.claim("mail")
    assert reclaimed is not None
    reclaimed.release()


def test_a_released_claim_writes_nothing(new_store: Factory) -> None:
    store = new_store()
    claim = store.claim("mail")
    assert claim is not None
    claim.advance(9)
    claim.dead_letter(_dead("m1"))
    claim.release()
    assert store.cursor("mail") == 0
    assert store.dead_letters("mail") == []


def test_cursor_and_dead_letters_commit_together_and_can_be_inspected_and_resolved(
    new_store: Factory,
) -> None:
    store = new_store()
    claim = store.claim("mail")
    assert claim is not None
    claim.dead_letter(_dead("m2", position=5))
    claim.dead_letter(_dead("m1", position=3))
    claim.advance(6)
    assert claim.commit()
    assert [d.message_id for d in store.dead_letters("mail")] == ["m1", "m2"]
    assert store.dead_letters("mail")[0] == _dead("m1", position=3)
    assert store.dead_letters("sms") == []
    store.resolve("mail", "m1")
    assert [d.message_id for d in store.dead_letters()] == ["m2"]


def test_saving_a_dead_letter_again_replaces_its_attempts(new_store: Factory) -> None:
    store = new_store()
    store.save_dead_letter(_dead("m1", attempts=5))
    store.save_dead_letter(_dead("m1", attempts=9))
    assert [d.attempts for d in store.dead_letters("mail")] == [9]


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


def test_a_sql_store_refuses_an_unknown_scheme_and_an_unsafe_prefix() -> None:
    with pytest.raises(ConfigurationError, match="scheme"):
        SqlOutboxStore("oracle://x/y")
    with pytest.raises(ConfigurationError, match="prefix"):
        SqlOutboxStore("postgresql://x/y", prefix="x; DROP TABLE y")


def test_a_sqlite_lease_is_renewed_while_a_long_batch_advances(tmp_path: Path) -> None:
    now = [1000.0]
    path = str(tmp_path / "renew.db")
    busy = SqliteOutboxStore(path, lease_seconds=6, clock=lambda: now[0])
    other = SqliteOutboxStore(path, lease_seconds=6, clock=lambda: now[0])
    claim = busy.claim("mail")
    assert claim is not None
    for position in range(1, 6):  # 5 × 3 s = 15 s of batch, far past one 6 s lease
        now[0] += 3
        claim.advance(position)
        assert other.claim("mail") is None
    assert claim.commit()
    assert other.cursor("mail") == 5


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
