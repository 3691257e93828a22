"""Every sent-reminder store: a key is claimed once, across stores (nodes) too; release and prune forget."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sp4n.adapters.storage.sent_reminders import (
    MemorySentReminders,
    SqliteSentReminders,
    SqlSentReminders,
)
from sp4n.exceptions import ConfigurationError
from sp4n.ports import SentReminders

Factory = Callable[[], SentReminders]
DUE = datetime(2026, 3, 10, 17, tzinfo=UTC)
KEY = "deadline_approaching:follow_up:2026-03-10T17:00:00+00:00"


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """Opens stores that share one table (like runners on several nodes); closes them after the test."""
    opened: list[SentReminders] = []
    if request.param == "memory":
        shared = MemorySentReminders()
        yield lambda: shared
        return
    if request.param == "sqlite":

        def make() -> SentReminders:
            opened.append(SqliteSentReminders(str(tmp_path / "keys.db")))
            return opened[-1]

    else:
        dsn = request.getfixturevalue("postgres_server" if request.param == "postgres" else "mariadb_server")
        prefix = f"t_rem_{uuid.uuid4().hex[:8]}"

        def make() -> SentReminders:
            opened.append(SqlSentReminders(dsn, prefix=prefix))
            return opened[-1]

    yield make
    for store in opened:
        if isinstance(store, SqlSentReminders) and store is opened[0]:
            store.drop_table()
        store.close()  # type: ignore[attr-defined]


def test_a_key_is_claimed_once_even_from_another_store(new_store: Factory) -> None:
    first, second = new_store(), new_store()
    assert first.claim("c1", KEY, DUE) is True
    assert first.claim("c1", KEY, DUE) is False
    assert second.claim("c1", KEY, DUE) is False
    assert second.claim("c2", KEY, DUE) is True  # the same deadline of another complaint is its own key


def test_a_released_key_can_be_claimed_again(new_store: Factory) -> None:
    first, second = new_store(), new_store()
    assert first.claim("c1", KEY, DUE)
    first.release("c1", KEY)
    assert second.claim("c1", KEY, DUE)


def test_prune_forgets_only_keys_whose_deadline_has_passed(new_store: Factory) -> None:
    store = new_store()
    later = datetime(2026, 3, 20, tzinfo=UTC)
    assert store.claim("c1", KEY, DUE)
    assert store.claim("c2", "k:later", later)
    assert store.prune(datetime(2026, 3, 11, tzinfo=UTC)) == 1
    assert store.claim("c1", KEY, DUE) is True  # forgotten
    assert store.claim("c2", "k:later", later) is False  # kept


def test_runners_racing_for_one_key_let_exactly_one_win(new_store: Factory) -> None:
    stores = [new_store() for _ in range(4)]
    start = threading.Barrier(len(stores))
    wins: list[bool] = []

    def race(store: SentReminders) -> None:
        start.wait()
        wins.append(store.claim("c1", KEY, DUE))

    threads = [threading.Thread(target=race, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False, False, False, True]


def test_a_sql_store_refuses_an_unsafe_prefix() -> None:
    with pytest.raises(ConfigurationError, match="prefix"):
        SqlSentReminders("postgresql://x/y", prefix="x; DROP TABLE y")
