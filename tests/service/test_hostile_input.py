"""Every service entry point, given anything at all (bytes, text, mappings, wrong types, huge numbers, huge
strings, NUL and lone surrogates), answers or raises an ``Sp4nError`` — never a builtin or driver error — and
a refused command writes nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import Sp4nError
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import Service, create_service
from sp4n.testing.fakes import ManualClock, SequentialIds

ADMIN = Actor(id="adm-1", role=Role.national_admin)
FORM = {"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
        "category": "jalan", "channel": "web", "region_code": "34.04",
        "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}  # fmt: skip

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.binary(max_size=40),
    st.sampled_from(
        [
            "\x00",
            "\ud800",
            "x" * 300_000,
            "1" * 5000,
            "34.04",
            "c-1",
            "LAP-1",
            "pemkab-34.04",
            "submitted",
            datetime(2026, 3, 2, tzinfo=UTC).replace(tzinfo=None),  # naive
            datetime(2026, 3, 2, tzinfo=UTC),
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)
BODIES = st.one_of(
    VALUES,
    st.sampled_from(
        [
            b"1" * 5000,
            "1" * 5000,
            "[" * 100_000,
            b"{" * 100_000,
            "x" * 300_000,
            '{"title": "\\ud800"}',
            b"\xff\xfe\x00",
            '{"type": "pengaduan"}',
        ]
    ),
    st.builds(lambda k, v: {**FORM, k: v}, st.sampled_from(sorted(FORM)), VALUES),
)
ACTORS = st.one_of(st.just(ADMIN), VALUES)
COMMANDS = [
    *("submit", "erase_reporter", "verify_and_forward", "dispose", "start", "follow_up", "reply", "close"),
    *("hold", "resume", "decline", "reroute", "archive", "escalate"),
    *("overrule_decline", "archive_duplicate", "add_agency", "contribute", "hand_back"),
    *("request_information", "add_information", "reopen", "record_ombudsman_step"),
]
READS = [
    *("get", "by_tracking", "public_by_tracking", "history", "public_history", "verify_history", "by_agency"),
    *("overdue", "public_feed", "my_complaints", "reporter_identity", "run_due"),
]
SCOPED_READS = {"get", "by_tracking", "history", "by_agency", "overdue", "my_complaints", "reporter_identity"}


def _drop_pg(dsn: str, prefix: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {prefix}{table}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    clock = ManualClock(datetime(2026, 3, 17, 2, 0, tzinfo=UTC))
    if request.param == "sqlite":
        uow: Any = SqliteUnitOfWork(tmp_path / "hostile.sqlite")
        yield create_service(uow=uow, clock=clock, ids=SequentialIds("h-"))
        return
    from sp4n.adapters.storage.urls import unit_of_work_from_url

    dsn: str = request.getfixturevalue("postgres_server")
    prefix = f"hostile{os.getpid()}_{uuid.uuid4().hex[:6]}_"
    uow = unit_of_work_from_url(dsn, prefix=prefix, migrate=True)
    try:
        yield create_service(uow=uow, clock=clock, ids=SequentialIds("h-"))
    finally:
        uow.close()
        _drop_pg(dsn, prefix)


def _log_length(service: Service) -> int:
    with service.uow as uow:
        return uow.events.last_position()


def _only_sp4n_errors(call: Callable[[], object]) -> bool:
    """True if the call raised (an Sp4nError), False if it answered; anything else fails the test."""
    try:
        call()
    except Sp4nError:
        return True
    return False


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(COMMANDS), body=BODIES, actor=ACTORS)
def test_any_command_input_raises_only_sp4n_errors_and_a_refusal_writes_nothing(
    service: Service, name: str, body: Any, actor: Any
) -> None:
    before = _log_length(service)
    method = getattr(service, name)
    call = (
        (lambda: method(body))
        if name in ("submit", "erase_reporter")
        else (lambda: method(body, actor=actor))
    )
    if _only_sp4n_errors(call):
        assert _log_length(service) == before


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actor=VALUES, command=VALUES)
def test_a_hostile_actor_or_command_object_raises_only_sp4n_errors(
    service: Service, actor: Any, command: Any
) -> None:
    cid = service.submit(FORM, idempotency_key="seed").complaint_id
    before = _log_length(service)
    body = {"complaint_id": cid, "agency_id": "pemkab-34.04"}
    if _only_sp4n_errors(lambda: service.verify_and_forward(body, actor=actor)):
        assert _log_length(service) == before
    if _only_sp4n_errors(lambda: service.execute(command, actor=ADMIN)):
        assert _log_length(service) == before


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(READS), args=st.lists(VALUES, min_size=1, max_size=3), actor=ACTORS)
def test_any_read_input_raises_only_sp4n_errors(
    service: Service, name: str, args: list[Any], actor: Any
) -> None:
    service.submit(FORM, idempotency_key="seed")
    before = _log_length(service)
    method = getattr(service, name)
    if name in SCOPED_READS:  # the reader is keyword-only: hostile values there too
        arity = {"by_agency": 1, "overdue": 1, "my_complaints": 0}.get(name, 1)
        _only_sp4n_errors(lambda: method(*args[:arity], actor=actor))
    else:
        arity = {"public_feed": 1, "run_due": 1}.get(name, 1)
        _only_sp4n_errors(lambda: method(*args[:arity]))
    if name != "run_due":
        assert _log_length(service) == before
