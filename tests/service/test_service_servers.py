"""The service on PostgreSQL and MariaDB: the same commands, idempotency and timers as on the embedded
adapters (these skip locally without a server and fail in CI)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sp4n.adapters.storage._sql import TABLES
from sp4n.exceptions import IdempotencyConflict
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.service import Service, create_service
from sp4n.service.audit import verify_store
from sp4n.testing.fakes import ManualClock, SequentialIds

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="adm-sleman", role=Role.agency_admin, agency_id="pemkab-34.04")


def _drop(execute: Callable[[str], Any], prefix: str) -> None:
    for table in TABLES:
        execute(f"DROP TABLE IF EXISTS {prefix}{table}")


@pytest.fixture(
    params=[
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def server_uow(request: pytest.FixtureRequest) -> Iterator[Any]:
    from sp4n.adapters.storage.urls import unit_of_work_from_url

    dsn: str = request.getfixturevalue(f"{request.param}_server")
    prefix = f"svc{os.getpid()}_{request.node.name.__hash__() & 0xFFFF}_"
    uow = unit_of_work_from_url(dsn, prefix=prefix, migrate=True)
    yield uow
    uow.close()
    if request.param == "postgres":
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            _drop(conn.execute, prefix)
    else:
        import pymysql

        from sp4n.adapters.storage.mariadb import mysql_connect_kwargs

        conn = pymysql.connect(**mysql_connect_kwargs(dsn), autocommit=True)
        try:
            _drop(conn.cursor().execute, prefix)
        finally:
            conn.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 17, 2, 0, tzinfo=UTC))


@pytest.fixture
def service(server_uow: Any, clock: ManualClock) -> Service:
    return create_service(uow=server_uow, clock=clock, ids=SequentialIds("s-"))


FORM = {
    "type": "pengaduan",
    "title": "Jalan berlubang",
    "description": "Jl. Godean km 5 — “O'Brien”; DROP TABLE x; --",
    "category": "jalan",
    "channel": "web",
    "region_code": "34.04",
    "reporter": {"name": "Siti Aminah", "nik": "3404015506900001"},
}


def test_a_lifecycle_idempotent_submit_and_timers_work_on_a_server_database(
    service: Service, clock: ManualClock
) -> None:
    first = service.submit(FORM, idempotency_key="sms-1")
    assert service.submit(FORM, idempotency_key="sms-1") == first
    with pytest.raises(IdempotencyConflict):
        service.submit({**FORM, "title": "Lain"}, idempotency_key="sms-1")
    cid = first.complaint_id
    assert service.get(cid, actor=ADMIN).description == FORM["description"]
    # Filed before the Idul Fitri leave: verification is due at 24:00 WIB on Friday 27 March 2026.
    limit = datetime(2026, 3, 27, 17, 0, tzinfo=UTC)
    assert [c.id for c in service.overdue(limit + timedelta(seconds=1), actor=ADMIN)] == [cid]
    assert service.run_due(clock.set(limit + timedelta(hours=1))) == 1
    assert service.run_due(clock.set(limit + timedelta(hours=2))) == 0
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-34.04"}, actor=ADMIN)
    service.dispose({"complaint_id": cid, "unit_ids": ["dpupr"]}, actor=SLEMAN)
    actions = [s.event.action for s in service.history(cid, actor=ADMIN)]
    assert actions == [Action.submit, Action.record_breach, Action.verify, Action.dispose]
    assert service.get(cid, actor=ADMIN).status is Status.disposed
    service.verify_history(cid)


def test_a_redaction_masks_verifies_and_erases_on_a_server_database(service: Service) -> None:
    cid = service.submit(FORM).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-34.04"}, actor=ADMIN)
    service.flag_redaction(cid, actor=ADMIN, reason="alamat")
    service.redact(cid, sequence=1, field="details.description", span="Godean km 5", reason="x", actor=ADMIN)
    service.clear_redaction(cid, actor=ADMIN)
    assert service.get(cid, actor=SLEMAN).description == "Jl. [disamarkan] — “O'Brien”; DROP TABLE x; --"
    assert service.redacted_original(cid, 1, "details.description") == FORM["description"]
    with service.uow as uow:
        assert verify_store(uow) == []
    assert service.erase_redacted(cid, actor=ADMIN) == 1
    assert service.redacted_original(cid, 1, "details.description") is None
    with service.uow as uow:
        assert verify_store(uow) == []
