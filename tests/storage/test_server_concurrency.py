"""Server databases: outbox order is commit order, and timer workers share due work with SKIP LOCKED."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.exceptions import ConcurrencyConflict
from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import T0, walked

UowFactory = Callable[[], SqlUnitOfWorkBase]
SERVERS = [
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture(params=SERVERS)
def factory(request: pytest.FixtureRequest) -> UowFactory:
    made: UowFactory = request.getfixturevalue(f"{request.param}_factory")
    return made


def test_an_event_never_becomes_visible_before_an_earlier_positioned_one(factory: UowFactory) -> None:
    first, second, reader = factory(), factory(), factory()
    a, a_events = walked("c-a", Status.forwarded)
    b, b_events = walked("c-b", Status.forwarded)
    done = threading.Event()

    def save_b() -> None:
        with second:
            second.complaints.save(b, b_events, expected_version=0)
            second.commit()
        done.set()

    with first:
        first.complaints.save(a, a_events, expected_version=0)  # positions taken, not yet committed
        worker = threading.Thread(target=save_b)
        worker.start()
        time.sleep(0.3)
        assert not done.is_set()  # b waits for the log head instead of committing past a
        with reader:
            assert reader.events.read_since(0) == []
        first.commit()
    worker.join(10)
    with reader:
        log = reader.events.read_since(0)
    assert [s.event.complaint_id for s in log] == ["c-a"] * len(a_events) + ["c-b"] * len(b_events)
    assert [s.position for s in log] == sorted({s.position for s in log})


def test_two_timer_workers_claim_disjoint_due_complaints(factory: UowFactory) -> None:
    setup, one, two = factory(), factory(), factory()
    with setup:
        for n in range(4):
            complaint, events = walked(f"c-{n}", Status.forwarded)
            setup.complaints.save(complaint, events, expected_version=0, due_at=T0 + timedelta(hours=n))
        setup.commit()
    as_of = T0 + timedelta(days=1)
    with one, two:
        first = [c.id for c in one.complaints.claim_due(as_of, limit=2)]
        second = [c.id for c in two.complaints.claim_due(as_of, limit=10)]
    assert first == ["c-0", "c-1"]
    assert second == ["c-2", "c-3"]


def test_concurrent_stale_writers_one_wins_the_other_gets_a_conflict(factory: UowFactory) -> None:
    one, two = factory(), factory()
    final, events = walked("c-1", Status.disposed)
    with one:
        one.complaints.save(replay(events[:2]), events[:2], expected_version=0)
        one.commit()
    results: list[str] = []

    def save(uow: SqlUnitOfWorkBase, barrier: threading.Barrier) -> None:
        with uow:
            uow.complaints.get("c-1")
            barrier.wait()
            try:
                uow.complaints.save(final, events[2:], expected_version=2)
                time.sleep(0.1)
                uow.commit()
                results.append("won")
            except ConcurrencyConflict:
                results.append("conflict")

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=save, args=(u, barrier)) for u in (one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(results) == ["conflict", "won"]
    with one:
        assert len(one.events.history("c-1")) == 3
