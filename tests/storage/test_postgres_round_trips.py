"""PostgreSQL's batches: how many round trips a command and a read cost, and that riding along loses nothing.

A round trip is one ``Handle.exchange`` (one simple query out, its answers back); the tests count them by
wrapping that method (the ``round_trips`` fixture), so the numbers do not depend on timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
import psycopg
import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._batches import DeferredEvents
from sp4n.exceptions import ConcurrencyConflict
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.history import GENESIS, chain
from sp4n.lifecycle.status import Action, Status
from sp4n.service.audit import verify_store
from sp4n.service.pages import ComplaintSearch, Pages
from sp4n.testing.lifecycle import AGENCY_ADMIN, T0, walked

pytestmark = pytest.mark.postgres
UowFactory = Callable[[], SqlUnitOfWorkBase]


def _seeded(factory: UowFactory) -> SqlUnitOfWorkBase:
    uow = factory()
    complaint, events = walked("c-1", Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0, due_at=T0)
        uow.commit()
    return uow


def _toggle(uow: SqlUnitOfWorkBase, reason: str) -> list[int]:
    """One command: load c-1, hold or resume it, save, commit; the positions of the stored events."""
    with uow:
        current = uow.complaints.get("c-1")
        action = Action.resume if current.status is Status.on_hold else Action.hold
        new, event = apply(
            current, action, AGENCY_ADMIN, current.updated_at + timedelta(seconds=1), reason=reason
        )
        stored = uow.complaints.save(new, [event], expected_version=current.version)
        uow.commit()
    return [s.position for s in stored]


def test_a_load_and_save_command_is_two_round_trips(
    postgres_factory: UowFactory, round_trips: list[int]
) -> None:
    uow = _seeded(postgres_factory)
    round_trips[0] = 0
    positions = [_toggle(uow, f"r{n}") for n in range(5)]
    assert round_trips[0] == 10  # BEGIN + load, then save + COMMIT
    with uow:
        log = uow.events.history("c-1")
        assert [p for ps in positions for p in ps] == [s.position for s in log[-5:]]
        assert verify_store(uow) == []


def test_a_read_is_one_round_trip_and_its_rollback_still_releases_its_locks(
    postgres_factory: UowFactory, round_trips: list[int]
) -> None:
    uow, other = _seeded(postgres_factory), postgres_factory()
    round_trips[0] = 0
    for _ in range(3):
        with uow:
            assert [c.id for c in uow.complaints.claim_due(T0 + timedelta(days=1))] == ["c-1"]
    assert round_trips[0] == 3
    # The last ROLLBACK's answer is unread, but it was sent: the server releases the row lock without any
    # further statement on that connection (soon, not necessarily before the block returned).
    deadline = time.monotonic() + 10
    while True:
        with other:
            if [c.id for c in other.complaints.claim_due(T0 + timedelta(days=1))] == ["c-1"]:
                break
        assert time.monotonic() < deadline, "the read's row lock was never released"
        time.sleep(0.01)


def test_a_page_of_a_search_is_one_round_trip(postgres_factory: UowFactory, round_trips: list[int]) -> None:
    pages = Pages(_seeded(postgres_factory))
    round_trips[0] = 0
    found = [[i.complaint.id for i in pages.search(ComplaintSearch(), limit=10).items] for _ in range(3)]
    assert round_trips[0] == 3
    assert found == [["c-1"]] * 3


def test_a_writer_committing_between_load_and_save_makes_commit_a_conflict_and_nothing_commits(
    postgres_factory: UowFactory,
) -> None:
    uow, other = _seeded(postgres_factory), postgres_factory()
    with uow:
        uow.identities.put(ReporterIdentity(id="r-1", name="Siti", nik=None, phone=None, email=None))
        current = uow.complaints.get("c-1")
        _toggle(other, "first")  # commits version 3 meanwhile
        new, event = apply(
            current, Action.hold, AGENCY_ADMIN, current.updated_at + timedelta(seconds=2), reason="r"
        )
        stored = uow.complaints.save(new, [event], expected_version=current.version)  # queued with COMMIT
        with pytest.raises(ConcurrencyConflict) as caught:
            uow.commit()
        assert caught.value.complaint_id == "c-1"
        with pytest.raises(ConcurrencyConflict):
            len(stored)  # no position was ever allocated to these events
    with uow:
        assert uow.identities.get("r-1") is None  # written earlier in the transaction: rolled back too
        assert [s.event.sequence for s in uow.events.history("c-1")] == [1, 2, 3]
        assert verify_store(uow) == []
    assert _toggle(uow, "after") != []  # the connection is usable again


def test_the_queued_save_checks_the_chain_hash_not_only_the_version(postgres_factory: UowFactory) -> None:
    uow = _seeded(postgres_factory)
    with uow:
        current = uow.complaints.get("c-1")
        # Another state at the same version (as a rolled-back writer's would be): same number, other hash.
        with psycopg.connect(uow_dsn(uow), autocommit=True) as admin:
            admin.execute(f"UPDATE {uow.prefix}complaints SET last_hash = %s WHERE id = 'c-1'", ("f" * 64,))
        new, event = apply(
            current, Action.hold, AGENCY_ADMIN, current.updated_at + timedelta(seconds=2), reason="r"
        )
        uow.complaints.save(new, [event], expected_version=current.version)
        with pytest.raises(ConcurrencyConflict):
            uow.commit()
    with uow:
        assert len(uow.events.history("c-1")) == 2


def test_reading_the_stored_events_before_commit_collects_them_first(
    postgres_factory: UowFactory, round_trips: list[int]
) -> None:
    uow = _seeded(postgres_factory)
    with uow:
        current = uow.complaints.get("c-1")
        new, event = apply(
            current, Action.hold, AGENCY_ADMIN, current.updated_at + timedelta(seconds=2), reason="r"
        )
        round_trips[0] = 0
        stored = uow.complaints.save(new, [event], expected_version=current.version)
        assert round_trips[0] == 0
        assert [(s.event, s.position) for s in stored] == [(event, 3)]
        assert round_trips[0] == 1
        assert uow.events.history("c-1")[-1] == stored[0]  # the transaction sees its own save
        uow.commit()
    with uow:
        assert uow.events.read_since(2) == stored


def test_two_stores_alternating_commands_on_one_complaint_both_succeed_every_time(
    postgres_factory: UowFactory,
) -> None:
    one = _seeded(postgres_factory)
    two = postgres_factory()
    for n in range(6):
        _toggle(one if n % 2 else two, f"r{n}")
    with one:
        history = one.events.history("c-1")
        assert [s.event.reason for s in history[2:]] == [f"r{n}" for n in range(6)]
        assert verify_store(one) == []


def uow_dsn(uow: SqlUnitOfWorkBase) -> str:
    """The DSN ``uow`` connected with (read from its live connection)."""
    info = uow._conn.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


@pytest.mark.parametrize(
    "read",
    [list, len, tuple, repr, bool, lambda x: x[0], lambda x: x.__add__([]), lambda x: x == [], sorted],
)
def test_every_way_of_reading_queued_events_waits_for_their_positions(read: Callable[[Any], object]) -> None:
    _, events = walked("c-1", Status.submitted)
    linked = chain(events, prev_hash=GENESIS, first_position=0)
    answered: list[int] = []

    def settle() -> None:
        answered.append(1)
        queued.fill([attrs.evolve(s, position=7) for s in linked])

    queued = DeferredEvents(linked, settle)
    read(queued)
    assert answered == [1]
    assert [s.position for s in queued] == [7]
    assert answered == [1]  # once only
