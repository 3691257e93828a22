"""Every storage adapter lists complaints alike: the keyset search contract (sp4n.testing.contracts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.status import Action, Status
from sp4n.ports import ComplaintSearch, UnitOfWork
from sp4n.testing.contracts import ComplaintSearchContract
from sp4n.testing.lifecycle import AGENCIES, NATIONAL_ADMIN, walked

UowFactory = Callable[[], UnitOfWork]


class TestMemory(ComplaintSearchContract):
    @pytest.fixture
    def uow(self) -> UnitOfWork:
        return MemoryUnitOfWork()


class TestSqlite(ComplaintSearchContract):
    @pytest.fixture
    def uow(self) -> Iterator[UnitOfWork]:
        uow = SqliteUnitOfWork(":memory:")
        yield uow
        uow.close()


@pytest.mark.postgres
class TestPostgres(ComplaintSearchContract):
    @pytest.fixture
    def uow(self, postgres_factory: UowFactory) -> UnitOfWork:
        return postgres_factory()


@pytest.mark.mariadb
class TestMariaDB(ComplaintSearchContract):
    @pytest.fixture
    def uow(self, mariadb_factory: UowFactory) -> UnitOfWork:
        return mariadb_factory()


def test_a_search_never_serves_a_state_another_store_replaced_at_the_same_version(tmp_path: Path) -> None:
    # Store A decoded a state its own save left behind (rolled back); store B then committed another state
    # at that version. The row's hash differs, so A reads the row again.
    path = str(tmp_path / "two.db")
    a, b = SqliteUnitOfWork(path), SqliteUnitOfWork(path)
    complaint, events = walked("s-two", Status.forwarded)
    with a:
        a.complaints.save(complaint, events, expected_version=0)
        a.commit()
    query = ComplaintSearch(tracking_id=complaint.tracking_id)
    dropped, event = apply(complaint, Action.add_agency, NATIONAL_ADMIN, complaint.updated_at,
                           agency_id=AGENCIES[1])  # fmt: skip
    with a:
        a.complaints.save(dropped, [event], expected_version=complaint.version)  # rolled back
    kept, event = apply(
        complaint, Action.reroute, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[1]
    )
    with b:
        b.complaints.save(kept, [event], expected_version=complaint.version)
        b.commit()
    with a:
        [found] = a.complaints.search(query, None, 10)
    assert found.complaint == kept
    a.close()
    b.close()
