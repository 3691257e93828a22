"""Two nodes whose clocks disagree a little: a command stamped slightly before the complaint's last change is
recorded at that change's instant; far behind, it is refused with the typed, retryable ClockSkew and nothing
is written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.exceptions import ClockSkew, Sp4nError
from sp4n.lifecycle.model import Actor
from sp4n.service import create_service
from sp4n.service.app import Service
from sp4n.sla.timers import SYSTEM_ACTOR
from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers

BODY = {"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
        "category": "infrastruktur", "channel": "web", "region_code": "34.04",
        "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}  # fmt: skip
T = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
ADMIN = Actor(id="adm-1", role="national_admin")


def _two_nodes(lag: timedelta, tolerance: timedelta | None = None) -> tuple[Service, Service]:
    uow = MemoryUnitOfWork()
    skew = timedelta(seconds=10) if tolerance is None else tolerance
    ahead = create_service(uow=uow, clock=FixedClock(T), ids=SequentialIds("c-"),
                           tracking=SequentialTrackingNumbers(), skew_tolerance=skew)  # fmt: skip
    behind = create_service(uow=uow, clock=FixedClock(T - lag), ids=SequentialIds("d-"),
                            tracking=SequentialTrackingNumbers(), skew_tolerance=skew)  # fmt: skip
    return ahead, behind


@given(lag_ms=st.integers(0, 10_000))
def test_a_lag_within_the_tolerance_is_recorded_at_the_last_change(lag_ms: int) -> None:
    ahead, behind = _two_nodes(timedelta(milliseconds=lag_ms))
    cid = ahead.submit(BODY).complaint_id
    behind.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    history = [s.event for s in behind.history(cid, actor=SYSTEM_ACTOR)]
    assert [e.occurred_at for e in history] == [T, T]  # ordered, never backwards


@given(lag_ms=st.integers(10_001, 10**9))
def test_a_lag_beyond_the_tolerance_is_a_retryable_clock_skew_and_nothing_is_written(lag_ms: int) -> None:
    ahead, behind = _two_nodes(timedelta(milliseconds=lag_ms))
    cid = ahead.submit(BODY).complaint_id
    with pytest.raises(ClockSkew) as err:
        behind.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    assert isinstance(err.value, Sp4nError)
    assert err.value.retryable
    assert err.value.behind_seconds == pytest.approx(lag_ms / 1000)
    assert len(behind.history(cid, actor=SYSTEM_ACTOR)) == 1


def test_the_tolerance_is_configurable() -> None:
    ahead, behind = _two_nodes(timedelta(seconds=2), tolerance=timedelta(seconds=1))
    cid = ahead.submit(BODY).complaint_id
    with pytest.raises(ClockSkew):
        behind.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    ahead, behind = _two_nodes(timedelta(seconds=2), tolerance=timedelta(seconds=3))
    cid = ahead.submit(BODY).complaint_id
    behind.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    assert len(behind.history(cid, actor=SYSTEM_ACTOR)) == 2
