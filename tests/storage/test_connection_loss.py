"""Failures in the library's language: an unreachable server, a dropped connection, the SQLite open race.

The drops are real: ``pg_terminate_backend`` / MariaDB ``KILL`` on the test's own connection only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork, mysql_connect_kwargs
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.exceptions import ConfigurationError, StorageUnavailable
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import Status
from sp4n.service import create_service
from sp4n.service.audit import verify_store
from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers
from sp4n.testing.lifecycle import walked

ADMIN = Actor(id="adm-1", role=Role.national_admin)
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
COMPLAINT = {
    "type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
    "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    "reporter": {"name": "Siti", "phone": "0812 3456 7890"},
}  # fmt: skip


@pytest.mark.parametrize(
    "open_store",
    [
        pytest.param(lambda: PostgresUnitOfWork("postgresql://postgres@127.0.0.1:1/test"), id="postgres"),
        pytest.param(lambda: MariaDBUnitOfWork("mysql://root@127.0.0.1:1/test"), id="mariadb"),
    ],
)
@pytest.mark.usefixtures("english")
def test_an_unreachable_server_at_start_is_a_configuration_error(open_store: Callable[[], Any]) -> None:
    with pytest.raises(ConfigurationError, match="cannot connect"):
        open_store()


class Server:
    """Opens a pool-of-one unit of work on the session's tables, and kills its connection from outside."""

    def __init__(self, name: str, dsn: str, prefix: str) -> None:
        self.name, self.dsn, self.prefix = name, dsn, prefix

    def open(self) -> SqlUnitOfWorkBase:
        kind = PostgresUnitOfWork if self.name == "postgres" else MariaDBUnitOfWork
        return kind(self.dsn, prefix=self.prefix, pool_size=1)

    def kill(self, uow: SqlUnitOfWorkBase) -> None:
        """Terminate the server session of ``uow``'s current connection (in this thread)."""
        conn = uow._conn
        if self.name == "postgres":
            import psycopg

            pid = conn.info.backend_pid
            with psycopg.connect(self.dsn, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        else:
            import pymysql

            thread = conn.thread_id()
            admin = pymysql.connect(**mysql_connect_kwargs(self.dsn), autocommit=True)
            try:
                admin.cursor().execute(f"KILL CONNECTION {int(thread)}")
            finally:
                admin.close()


@pytest.fixture(
    params=[
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def server(request: pytest.FixtureRequest) -> Server:
    factory: Callable[[], SqlUnitOfWorkBase] = request.getfixturevalue(f"{request.param}_factory")
    return Server(request.param, request.getfixturevalue(f"{request.param}_server"), factory().prefix)


def _seed(uow: SqlUnitOfWorkBase) -> Complaint:
    complaint, events = walked("c-1", Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    return complaint


def test_a_read_after_the_server_dropped_the_connection_is_retried_transparently(server: Server) -> None:
    uow = server.open()
    try:
        complaint = _seed(uow)
        server.kill(uow)
        with uow:
            assert uow.complaints.get("c-1") == complaint
    finally:
        uow.close()


def test_a_drop_inside_a_transaction_is_storage_unavailable_and_the_next_command_succeeds(
    server: Server,
) -> None:
    uow = server.open()
    try:
        complaint = _seed(uow)
        with uow:
            uow.complaints.get("c-1")
            server.kill(uow)
            with pytest.raises(StorageUnavailable) as caught:
                uow.events.history("c-1")
        assert caught.value.committed is False
        assert caught.value.retryable
        assert not isinstance(caught.value.__cause__, StorageUnavailable)  # the driver's error is the cause
        with uow:
            assert uow.complaints.get("c-1") == complaint
            assert verify_store(uow) == []
    finally:
        uow.close()


def test_a_command_whose_connection_dropped_before_commit_is_retried_once_and_applied_once(
    server: Server,
) -> None:
    uow = server.open()
    kills: list[str] = []

    def resolver(complaint: Complaint) -> str:
        # Runs inside the command's transaction, after the load: the drop hits the save.
        if not kills:
            kills.append(complaint.id)
            server.kill(uow)
        return "pemkab-34.04"

    svc = create_service(uow=uow, clock=FixedClock(T0), ids=SequentialIds("c-"),
                         tracking=SequentialTrackingNumbers(), resolver=resolver)  # fmt: skip
    try:
        receipt = svc.submit(COMPLAINT)
        forwarded = svc.verify_and_forward({"complaint_id": receipt.complaint_id}, actor=ADMIN)
        assert str(forwarded.status) == "forwarded"
        assert kills == [receipt.complaint_id]
        assert [str(s.event.action) for s in svc.history(receipt.complaint_id, actor=ADMIN)] == [
            "submit",
            "verify",
        ]
        with uow:
            assert verify_store(uow) == []
    finally:
        uow.close()


_OPENER = """
import sys
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
uow = SqliteUnitOfWork(sys.argv[1])
with uow:
    print(uow.events.last_position())
uow.close()
"""


def test_four_processes_opening_one_new_sqlite_file_at_once_all_succeed(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for round_ in range(3):
        path = str(tmp_path / f"race{round_}.db")
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _OPENER, path],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(4)
        ]
        results = [p.communicate(timeout=60) for p in procs]
        assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
        assert [out.strip() for out, _ in results] == ["0"] * 4
