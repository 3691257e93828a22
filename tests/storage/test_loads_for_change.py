"""A load for a change may be served from the store's cache; the save's version-and-hash check catches a stale
copy, and ``WritePath.change`` retries once from the database. Two nodes (two stores on one database) taking
turns on one complaint never lose an update, and the retry happens exactly when a node's copy is stale.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.exceptions import ConcurrencyConflict
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Action, Status
from sp4n.service.audit import verify_store
from sp4n.service.core import Step, WritePath
from sp4n.service.deadlines import SlaDeadlines
from sp4n.testing.fakes import FixedClock
from sp4n.testing.lifecycle import AGENCY_ADMIN, T0, walked

UowFactory = Callable[[], SqlUnitOfWorkBase]
ENGINES = [
    pytest.param("sqlite"),
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


def _toggle(reason: str) -> Callable[[Complaint], Step]:
    def plan(current: Complaint) -> Step:
        action = Action.resume if current.status is Status.on_hold else Action.hold
        return Step(action=action, actor=AGENCY_ADMIN, reason=reason)

    return plan


class Node:
    """One store and its write path; ``loads``: the ``for_change`` flag of each of its loads."""

    def __init__(self, uow: SqlUnitOfWorkBase) -> None:
        self.uow = uow
        self.write = WritePath(uow=uow, clock=FixedClock(T0 + timedelta(days=30)), deadlines=SlaDeadlines(),
                               notifier=None)  # fmt: skip
        self.loads: list[bool] = []
        real = uow._complaints.get

        def get(complaint_id: str, *, for_change: bool = False) -> Complaint:
            self.loads.append(for_change)
            return real(complaint_id, for_change=for_change)

        uow._complaints.get = get  # type: ignore[method-assign]


def _seed(uow: SqlUnitOfWorkBase, complaint_id: str) -> None:
    complaint, events = walked(complaint_id, Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()


@pytest.fixture(params=ENGINES)
def factory(request: pytest.FixtureRequest) -> UowFactory:
    made: UowFactory = request.getfixturevalue(f"{request.param}_factory")
    return made


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=st.lists(st.sampled_from([0, 1]), min_size=1, max_size=8))
def test_two_nodes_taking_turns_lose_no_update_and_retry_only_on_a_stale_copy(
    factory: UowFactory, turns: list[int]
) -> None:
    nodes = [Node(factory()), Node(factory())]
    complaint_id = f"c-{id(turns)}-{len(turns)}"
    _seed(nodes[0].uow, complaint_id)  # node 0 remembers what it saved; node 1 has no copy
    knows, last_writer, expected_retries = {0}, 0, 0
    for n, who in enumerate(turns):
        node = nodes[who]
        before = len(node.loads)
        node.write.change(complaint_id, _toggle(f"r{n}"))
        stale = who in knows and last_writer != who
        # A stale copy: the cached load, the conflict, one load from the database; else one load only.
        assert node.loads[before:] == ([True, False] if stale else [True])
        expected_retries += stale
        knows.add(who)
        last_writer = who
    with nodes[0].uow as uow:
        history = uow.events.history(complaint_id)
        assert [s.event.reason for s in history[2:]] == [f"r{n}" for n in range(len(turns))]
        assert [s.event.sequence for s in history] == list(range(1, len(turns) + 3))
        assert verify_store(uow) == []
    assert sum(node.loads.count(False) for node in nodes) == expected_retries
    for node in nodes:
        node.uow.close()


# Server engines only: on SQLite the load takes the only writer lock, so nobody can write in between.
@pytest.mark.parametrize("engine", ENGINES[1:])
def test_a_conflict_after_a_load_from_the_database_is_not_retried(
    engine: str, request: pytest.FixtureRequest
) -> None:
    factory: UowFactory = request.getfixturevalue(f"{engine}_factory")
    one, two = Node(factory()), Node(factory())
    _seed(one.uow, "c-1")

    def plan(current: Complaint) -> Step:
        if not one.loads[1:]:  # the first attempt: another node writes between this load and the save
            two.write.change("c-1", _toggle("other"))
        return _toggle("mine")(current)

    one.uow._complaints._decoded.clear()  # no copy: the load asks the database
    with pytest.raises(ConcurrencyConflict) as caught:
        one.write.change("c-1", plan)
    assert not caught.value.cached
    assert one.loads == [True]  # not retried
    with one.uow as uow:
        assert [s.event.reason for s in uow.events.history("c-1")[2:]] == ["other"]
    one.uow.close()
    two.uow.close()


def test_a_stale_copy_at_the_same_version_is_caught_by_the_chain_hash(factory: UowFactory) -> None:
    """A copy whose version matches the row but whose state does not (a rolled-back save's, or another
    writer's after a restore): the hash check refuses it, and nothing of it is written."""
    uow = factory()
    _seed(uow, "c-1")
    with uow:
        current = uow.complaints.get("c-1")
    forged = attrs.evolve(current, title="not what is stored")  # same version, another state
    uow._complaints._remember(forged, "f" * 64)
    with uow:
        served = uow.complaints.get("c-1", for_change=True)
        assert served == forged
        new, event = _toggled(served, "y")

        # SQLite and MariaDB refuse at the save, PostgreSQL at COMMIT (the save travels with it).
        def save_and_commit() -> None:
            uow.complaints.save(new, [event], expected_version=served.version)
            uow.commit()

        caught = _conflict(save_and_commit)
        assert caught.cached
    with uow:
        assert uow.complaints.get("c-1", for_change=True) == current  # the stale copy is no longer served
        assert len(uow.events.history("c-1")) == 2
        assert verify_store(uow) == []
    uow.close()


@pytest.mark.postgres
def test_two_nodes_writing_at_once_lose_no_update(postgres_factory: UowFactory) -> None:
    nodes = [Node(postgres_factory()), Node(postgres_factory())]
    _seed(nodes[0].uow, "c-1")
    done: list[list[str]] = [[], []]
    refused: list[int] = [0, 0]
    reported: list[ConcurrencyConflict] = []

    def work(who: int) -> None:
        for n in range(15):
            reason = f"n{who}-{n}"
            try:
                nodes[who].write.change("c-1", _toggle(reason))
            except ConcurrencyConflict as err:
                reported.append(err)
                refused[who] += 1
                continue
            done[who].append(reason)

    threads = [threading.Thread(target=work, args=(who,)) for who in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with nodes[0].uow as uow:
        stored = [str(s.event.reason) for s in uow.events.history("c-1")[2:]]
        assert verify_store(uow) == []
    assert sorted(stored) == sorted(done[0] + done[1])  # every success stored, nothing else
    assert len(stored) + sum(refused) == 30
    assert not [err for err in reported if err.cached]  # a stale copy is always retried, never reported
    for node in nodes:
        node.uow.close()


@pytest.mark.postgres
def test_a_command_through_the_cache_is_one_round_trip(
    postgres_factory: UowFactory, round_trips: list[int]
) -> None:
    count = round_trips
    uow = postgres_factory()
    _seed(uow, "c-1")
    count[0] = 0
    for n in range(4):
        with uow:
            current = uow.complaints.get("c-1", for_change=True)
            new, event = _toggled(current, f"r{n}")
            uow.complaints.save(new, [event], expected_version=current.version)
            uow.commit()
    assert count[0] == 4  # BEGIN + save + COMMIT together
    with uow:
        assert [s.event.reason for s in uow.events.history("c-1")[2:]] == ["r0", "r1", "r2", "r3"]
        assert verify_store(uow) == []


def _conflict(run: Callable[[], object]) -> ConcurrencyConflict:
    try:
        run()
    except ConcurrencyConflict as err:
        return err
    raise AssertionError("no conflict")


def _toggled(current: Complaint, reason: str) -> Any:
    action = Action.resume if current.status is Status.on_hold else Action.hold
    return apply(current, action, AGENCY_ADMIN, current.updated_at + timedelta(seconds=1), reason=reason)
