"""One Service shared by many threads, as a web server's worker pool shares it: nothing lost, nothing
failed, every chain verifies."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import create_service
from sp4n.service.audit import verify_store

THREADS, COMMANDS = 8, 200  # per thread: half submissions, half forwards of its own complaints
ADMIN = Actor(id="adm-1", role=Role.national_admin)
COMPLAINT = {
    "type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
    "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    "reporter": {"name": "Siti", "phone": "0812 3456 7890"},
}  # fmt: skip


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        "sqlite-memory",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def shared_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "memory":
        yield MemoryUnitOfWork()
        return
    if request.param == "sqlite":
        uow = SqliteUnitOfWork(tmp_path / "threads.db")
        yield uow
        uow.close()
        return
    if request.param == "sqlite-memory":  # one connection, which the threads take in turn
        uow = SqliteUnitOfWork(":memory:")
        yield uow
        uow.close()
        return
    factory: Callable[[], SqlUnitOfWorkBase] = request.getfixturevalue(f"{request.param}_factory")
    yield factory()


def test_eight_threads_share_one_service_with_no_error_and_nothing_lost(
    shared_uow: SqlUnitOfWorkBase,
) -> None:
    svc = create_service(uow=shared_uow)
    errors: list[BaseException] = []
    filed: list[list[str]] = [[] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(COMMANDS // 2):
                receipt = svc.submit({**COMPLAINT, "title": f"t{n}-{i}"}, idempotency_key=f"k-{n}-{i}")
                filed[n].append(receipt.complaint_id)
                svc.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": "pemkab-34.04"},
                                       actor=ADMIN)  # fmt: skip
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    ids = [c for per_thread in filed for c in per_thread]
    assert len(set(ids)) == THREADS * COMMANDS // 2
    with shared_uow:
        assert verify_store(shared_uow) == []
        log = shared_uow.events.read_since(0, limit=THREADS * COMMANDS + 10)
        assert [s.position for s in log] == list(range(1, THREADS * COMMANDS + 1))  # no gap, none lost
        assert {s.event.complaint_id for s in log} == set(ids)
        assert all(shared_uow.complaints.get(c).version == 2 for c in ids)
