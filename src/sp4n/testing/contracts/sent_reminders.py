"""The contract every :class:`~sp4n.ports.SentReminders` store must keep, for ours and for a host's.

Subclass :class:`SentRemindersContract` and provide a ``new_store`` fixture: a callable that opens one more
store on the same, initially empty, keys, as a reminder runner on another node would (an in-memory store
returns itself every time)::

    import pytest
    from sp4n.adapters.storage.sent_reminders import MemorySentReminders
    from sp4n.testing.contracts import SentRemindersContract

    class TestMyKeys(SentRemindersContract):
        @pytest.fixture
        def new_store(self):
            shared = MemorySentReminders()
            return lambda: shared

The suite checks that a key is claimed once, from any store, and per complaint; that a released key can be
claimed again; that pruning forgets only keys whose deadline has passed; and that of runners racing for one
key (threads, each with its own store) exactly one wins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from sp4n.ports import SentReminders

__all__ = ["SentRemindersContract"]

Factory = Callable[[], SentReminders]
DUE = datetime(2026, 3, 10, 17, tzinfo=UTC)
KEY = "deadline_approaching:follow_up:2026-03-10T17:00:00+00:00"


class SentRemindersContract:
    """Subclass it and provide ``new_store``: opens stores that share one empty set of keys (as runners on
    several nodes would)."""

    @pytest.fixture
    def new_store(self) -> Any:
        """Override in the subclass."""
        raise NotImplementedError("provide a `new_store` fixture")

    def test_a_key_is_claimed_once_even_from_another_store(self, new_store: Factory) -> None:
        first, second = new_store(), new_store()
        assert first.claim("c1", KEY, DUE) is True
        assert first.claim("c1", KEY, DUE) is False
        assert second.claim("c1", KEY, DUE) is False
        assert second.claim("c2", KEY, DUE) is True  # the same deadline of another complaint is its own key

    def test_a_released_key_can_be_claimed_again(self, new_store: Factory) -> None:
        first, second = new_store(), new_store()
        assert first.claim("c1", KEY, DUE)
        first.release("c1", KEY)
        assert second.claim("c1", KEY, DUE)

    def test_prune_forgets_only_keys_whose_deadline_has_passed(self, new_store: Factory) -> None:
        store = new_store()
        later = datetime(2026, 3, 20, tzinfo=UTC)
        assert store.claim("c1", KEY, DUE)
        assert store.claim("c2", "k:later", later)
        assert store.prune(datetime(2026, 3, 11, tzinfo=UTC)) == 1
        assert store.claim("c1", KEY, DUE) is True  # forgotten
        assert store.claim("c2", "k:later", later) is False  # kept

    def test_runners_racing_for_one_key_let_exactly_one_win(self, new_store: Factory) -> None:
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
