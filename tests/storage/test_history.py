"""Editing, deleting or reordering events directly in the database is found by verify_history/verify_store."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.exceptions import HistoryTampered
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.history import GENESIS, chain, find_tampering, verify_history
from sp4n.lifecycle.status import Status
from sp4n.service.audit import verify_store
from sp4n.testing.lifecycle import walked
from sp4n.testing.strategies import histories

UowFactory = Callable[[], SqlUnitOfWorkBase]
SERVERS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


def _chained(n_status: Status = Status.closed) -> list[StoredEvent]:
    _, events = walked("c-1", n_status)
    return chain(events, prev_hash=GENESIS, first_position=1)


@given(histories())
def test_every_untouched_chain_verifies(events: list) -> None:  # type: ignore[type-arg]
    assert find_tampering(chain(events, prev_hash=GENESIS, first_position=7), version=len(events)) is None


@given(st.data())
def test_editing_any_field_of_any_event_is_found(data: st.DataObject) -> None:
    stored = _chained()
    n = data.draw(st.integers(0, len(stored) - 1))
    edited = attrs.evolve(
        stored[n].event, reason=data.draw(st.text().filter(lambda r: r != stored[n].event.reason))
    )
    tampered = [*stored[:n], attrs.evolve(stored[n], event=edited), *stored[n + 1 :]]
    problem = find_tampering(tampered)
    assert problem is not None
    assert problem.sequence == n + 1
    assert "edited" in problem.problem


@given(st.data())
def test_deleting_or_swapping_events_is_found(data: st.DataObject) -> None:
    stored = _chained()
    n = data.draw(st.integers(0, len(stored) - 2))
    deleted = stored[:n] + stored[n + 1 :]
    swapped = [*stored[:n], stored[n + 1], stored[n], *stored[n + 2 :]]
    assert find_tampering(deleted) is not None
    assert find_tampering(swapped) is not None


@pytest.mark.usefixtures("english")
def test_cutting_off_the_tail_is_found_by_comparing_with_the_version() -> None:
    stored = _chained()
    assert find_tampering(stored[:-1]) is None  # a prefix alone is a valid chain...
    with pytest.raises(HistoryTampered, match="history has 5 events, version 6"):
        verify_history(stored[:-1], version=6)  # ...but not for a complaint at version 6


def test_recomputing_a_single_hash_after_an_edit_still_breaks_the_next_link() -> None:
    from sp4n.lifecycle.history import event_hash

    stored = _chained()
    edited = attrs.evolve(stored[1].event, reason="rewritten")
    forged = attrs.evolve(stored[1], event=edited, hash=event_hash(stored[1].prev_hash, edited))
    problem = find_tampering([stored[0], forged, *stored[2:]])
    assert problem is not None
    assert problem.sequence == 3


def test_memory_store_tampering_is_found_by_verify_store() -> None:
    uow = MemoryUnitOfWork()
    complaint, events = walked("c-1", Status.followed_up)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    history = uow.store.histories["c-1"]
    history[2] = attrs.evolve(history[2], event=attrs.evolve(history[2].event, reason="diubah"))
    uow.store.log[2] = history[2]
    with uow:
        problems = verify_store(uow)
    assert [(p.complaint_id, p.sequence) for p in problems] == [("c-1", 3)]


# --- directly in the database ----------------------------------------------------------------------------


@pytest.fixture(params=SERVERS)
def sql_uow(request: pytest.FixtureRequest) -> SqlUnitOfWorkBase:
    factory: UowFactory = request.getfixturevalue(f"{request.param}_factory")
    uow = factory()
    for cid in ("c-1", "c-2"):
        complaint, events = walked(cid, Status.followed_up)
        with uow:
            uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()
    return uow


def _raw(uow: SqlUnitOfWorkBase, sql: str, *params: object) -> None:
    cur = uow._cursor()
    cur.execute(sql.replace("{p}", uow.prefix).replace("?", uow.dialect.param), params)
    uow._conn.commit()


def _problems(uow: SqlUnitOfWorkBase) -> list[tuple[str, int]]:
    with uow:
        return [(p.complaint_id, p.sequence) for p in verify_store(uow)]


def test_an_untouched_database_verifies(sql_uow: SqlUnitOfWorkBase) -> None:
    assert _problems(sql_uow) == []


def test_an_event_edited_in_the_database_is_found(sql_uow: SqlUnitOfWorkBase) -> None:
    _raw(
        sql_uow,
        "UPDATE {p}events SET data = REPLACE(data, 'alasan', 'ALASAN')"
        " WHERE complaint_id = ? AND sequence = ?",
        "c-2",
        3,
    )
    assert _problems(sql_uow) == [("c-2", 3)]


def test_an_event_deleted_from_the_database_is_found(sql_uow: SqlUnitOfWorkBase) -> None:
    _raw(sql_uow, "DELETE FROM {p}events WHERE complaint_id = ? AND sequence = ?", "c-1", 2)
    assert _problems(sql_uow) == [("c-1", 3)]


def test_the_last_event_deleted_from_the_database_is_found(sql_uow: SqlUnitOfWorkBase) -> None:
    _raw(sql_uow, "DELETE FROM {p}events WHERE complaint_id = ? AND sequence = ?", "c-1", 5)
    # the history is one short of the version, and the state row's last hash is not its head
    assert _problems(sql_uow) == [("c-1", 5), ("c-1", 4), ("c-1", 5)]


def test_events_reordered_in_the_database_are_found(sql_uow: SqlUnitOfWorkBase) -> None:
    with sql_uow:
        a, b = (s.position for s in sql_uow.events.history("c-2")[1:3])
    _raw(sql_uow, "UPDATE {p}events SET position = ? WHERE position = ?", -1, a)
    _raw(sql_uow, "UPDATE {p}events SET position = ? WHERE position = ?", a, b)
    _raw(sql_uow, "UPDATE {p}events SET position = ? WHERE position = ?", b, -1)
    assert _problems(sql_uow) == [("c-2", 3)]
