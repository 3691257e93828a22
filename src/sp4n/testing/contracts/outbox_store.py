"""The contract every :class:`~sp4n.ports.OutboxStore` must keep, for ours and for a host's.

Subclass :class:`OutboxStoreContract` and provide a ``new_store`` fixture: a callable that opens one more
store on the same, initially empty, data, as another relay process would (an in-memory store returns itself
every time)::

    import pytest
    from sp4n.adapters.storage.outbox import MemoryOutboxStore
    from sp4n.testing.contracts import OutboxStoreContract

    class TestMyOutbox(OutboxStoreContract):
        @pytest.fixture
        def new_store(self):
            shared = MemoryOutboxStore()
            return lambda: shared

The suite checks that a subscriber's cursor starts at zero and moves only on commit, that only one claim per
subscriber exists at a time (across stores too), that a released claim writes nothing, that the cursor and
dead letters commit together and can be inspected and resolved (inside a claim: only on commit), and that
saving a dead letter again replaces it. Lease expiry and connection loss differ per adapter and are tested
beside each one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from sp4n.ports import DeadLetter, OutboxStore

__all__ = ["OutboxStoreContract"]

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


class OutboxStoreContract:
    """Subclass it and provide ``new_store``: opens stores that share one empty set of cursors and dead
    letters (as several relay processes would)."""

    @pytest.fixture
    def new_store(self) -> Any:
        """Override in the subclass."""
        raise NotImplementedError("provide a `new_store` fixture")

    def test_a_new_subscriber_starts_at_zero_and_a_committed_claim_moves_its_cursor(
        self, new_store: Factory
    ) -> None:
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

    def test_only_one_claim_per_subscriber_exists_at_a_time_even_across_stores(
        self, new_store: Factory
    ) -> None:
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

    def test_a_released_claim_writes_nothing(self, new_store: Factory) -> None:
        store = new_store()
        claim = store.claim("mail")
        assert claim is not None
        claim.advance(9)
        claim.dead_letter(_dead("m1"))
        claim.release()
        assert store.cursor("mail") == 0
        assert store.dead_letters("mail") == []

    def test_cursor_and_dead_letters_commit_together_and_can_be_inspected_and_resolved(
        self, new_store: Factory
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

    def test_a_dead_letter_resolved_in_a_claim_goes_only_on_commit(self, new_store: Factory) -> None:
        store = new_store()
        store.save_dead_letter(_dead("m1"))
        claim = store.claim("mail")
        assert claim is not None
        claim.resolve("m1")
        claim.release()  # a relay killed after the send, before the commit: the letter stays
        assert [d.message_id for d in store.dead_letters("mail")] == ["m1"]
        claim = store.claim("mail")
        assert claim is not None
        assert claim.renew()
        claim.resolve("m1")
        assert claim.commit()
        assert store.dead_letters("mail") == []

    def test_saving_a_dead_letter_again_replaces_its_attempts(self, new_store: Factory) -> None:
        store = new_store()
        store.save_dead_letter(_dead("m1", attempts=5))
        store.save_dead_letter(_dead("m1", attempts=9))
        assert [d.attempts for d in store.dead_letters("mail")] == [9]
