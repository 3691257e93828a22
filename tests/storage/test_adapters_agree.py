"""Any sequence of operations gives the same observable results on the in-memory and the SQLite adapter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import Sp4nError
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.history import stored_hash
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status
from sp4n.ports import UnitOfWork
from sp4n.testing.lifecycle import T0, walked

HISTORIES: list[tuple[Complaint, list[Event]]] = [
    walked(f"c-{n}", Status.closed, at=T0 + timedelta(hours=n), rahasia=n % 2 == 1) for n in range(3)
]

saves = st.tuples(
    st.just("save"),
    st.integers(0, 2),
    st.integers(0, 3),
    st.integers(-1, 1),
    st.integers(0, 200),
    st.booleans(),
)
remembers = st.tuples(
    st.just("remember"), st.integers(0, 2), st.integers(0, 1), st.integers(0, 2), st.booleans()
)
identities = st.tuples(st.just("identity"), st.integers(0, 2), st.booleans(), st.booleans())
operations = st.lists(st.one_of(saves, remembers, identities), max_size=25)


def _save(uow: UnitOfWork, op: tuple[Any, ...]) -> object:
    _, n, steps, delta, due_hours, commit = op
    _, events = HISTORIES[n]
    with uow:
        try:
            version = uow.complaints.get(f"c-{n}").version
        except Sp4nError:
            version = 0
        upto = min(len(events), version + steps)
        expected = max(0, version + delta)
        batch = events[expected:upto] if upto > expected else []
        complaint = replay(events[: expected + len(batch)]) if expected + len(batch) else None
        if complaint is None:
            return "nothing to save"
        stored = uow.complaints.save(
            complaint, batch, expected_version=expected, due_at=T0 + timedelta(hours=due_hours)
        )
        if commit:
            uow.commit()
        # Hashes differ between stores (each text's seal has a random salt): each must match its own event.
        return [(s.event.complaint_id, s.event.sequence, stored_hash(s) == s.hash) for s in stored]


def _apply(uow: UnitOfWork, op: tuple[Any, ...]) -> object:
    try:
        if op[0] == "save":
            return _save(uow, op)
        if op[0] == "remember":
            _, key, fp, cid, commit = op
            with uow:
                uow.complaints.remember_idempotency(f"k-{key}", f"fp-{fp}", f"c-{cid}")
                if commit:
                    uow.commit()
            return "remembered"
        _, who, erase, commit = op
        with uow:
            if erase:
                uow.identities.erase(f"r-{who}", at=T0)
            else:
                uow.identities.put(
                    ReporterIdentity(id=f"r-{who}", name=f"Nama {who}", nik=None, phone=None, email=None)
                )
            if commit:
                uow.commit()
        return "identity"
    except Sp4nError as err:
        return type(err).__name__


def _observe(uow: UnitOfWork) -> object:
    with uow:
        log = uow.events.read_since(0)
        assert [s.position for s in log] == sorted({s.position for s in log})
        return (
            [(s.event.complaint_id, s.event.sequence, stored_hash(s) == s.hash) for s in log],
            [c.id for c in uow.complaints.overdue(T0 + timedelta(hours=100))],
            [c.id for c in uow.complaints.public_feed()],
            [c.id for c in uow.complaints.by_agency("pemkab-sleman")],
            [uow.complaints.recall_idempotency(f"k-{k}") for k in range(3)],
            [uow.identities.get(f"r-{k}") for k in range(3)],
        )


@given(operations)
def test_memory_and_sqlite_agree_on_every_outcome(ops: list[tuple[Any, ...]]) -> None:
    memory, sqlite = MemoryUnitOfWork(), SqliteUnitOfWork(":memory:")
    for op in ops:
        outcome = _apply(memory, op)
        event(str(outcome)[:20])
        assert outcome == _apply(sqlite, op), op
    assert _observe(memory) == _observe(sqlite)
    sqlite.close()
