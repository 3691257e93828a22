"""The in-memory adapter behaves like the SQL ones when several units of work share one store."""

from __future__ import annotations

import threading
import time

import pytest

from sp4n.adapters.storage.memory import MemoryStore, MemoryUnitOfWork
from sp4n.exceptions import ConcurrencyConflict, ConfigurationError
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked


def test_uncommitted_writes_are_invisible_to_other_units_of_work() -> None:
    store = MemoryStore()
    writer, reader = MemoryUnitOfWork(store), MemoryUnitOfWork(store)
    complaint, events = walked("c-1", Status.forwarded)
    with writer:
        writer.complaints.save(complaint, events, expected_version=0)
        with reader:
            assert reader.events.read_since(0) == []
            assert reader.complaints.by_agency(complaint.agency_id or "") == []
        writer.commit()
    with reader:
        assert reader.complaints.get("c-1") == complaint


def test_a_second_writer_waits_for_the_first_so_positions_follow_commit_order() -> None:
    store = MemoryStore()
    first, second = MemoryUnitOfWork(store), MemoryUnitOfWork(store)
    a, a_events = walked("c-a", Status.forwarded)
    b, b_events = walked("c-b", Status.submitted)
    done = threading.Event()

    def save_b() -> None:
        with second:
            second.complaints.save(b, b_events, expected_version=0)
            second.commit()
        done.set()

    with first:
        first.complaints.save(a, a_events, expected_version=0)
        worker = threading.Thread(target=save_b)
        worker.start()
        time.sleep(0.1)
        assert not done.is_set()
        first.commit()
    worker.join(5)
    log = [(s.event.complaint_id, s.position) for s in store.log]
    assert log == [("c-a", 1), ("c-a", 2), ("c-b", 3)]


def test_a_writer_that_cannot_get_the_lock_in_time_gets_a_conflict() -> None:
    store = MemoryStore()
    holder, late = MemoryUnitOfWork(store), MemoryUnitOfWork(store, lock_timeout=0.05)
    a, a_events = walked("c-a", Status.submitted)
    b, b_events = walked("c-b", Status.submitted)
    with holder:
        holder.complaints.save(a, a_events, expected_version=0)
        with late, pytest.raises(ConcurrencyConflict):
            late.complaints.save(b, b_events, expected_version=0)


def test_writing_outside_a_block_is_refused() -> None:
    uow = MemoryUnitOfWork()
    complaint, events = walked("c-1", Status.submitted)
    with pytest.raises(ConfigurationError):
        uow.complaints.save(complaint, events, expected_version=0)
