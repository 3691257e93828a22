"""A permintaan informasi's one extension goes through the service only while the 10 working days run
(UU 14/2008 Pasal 22(8): "paling lambat 7 (tujuh) hari kerja berikutnya"), even when the timer has not yet
recorded the breach. Every deadline below is counted by hand on the 2026 calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sp4n.exceptions import InvalidTransition
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import Service, create_service
from sp4n.service.deadlines import SlaDeadlines
from sp4n.sla import clock_states
from sp4n.testing.fakes import ManualClock, SequentialIds, SequentialTrackingNumbers

WIB = timezone(timedelta(hours=7))
ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
# Forwarded Monday 2 March 2026, 10:00 WIB. Ten working days after 2 March: 3-6 (4), 9-13 (9), 16 (10), so
# the follow-up is due at 24:00 WIB on Monday 16 March (no holiday before Nyepi's leave on 18 March).
DUE = datetime(2026, 3, 17, 0, tzinfo=WIB)
# Seven more working days after 16 March: 17 (1); 18 cuti bersama, 19 Nyepi, 20 cuti bersama, 21-22 Idul
# Fitri, 23-24 cuti bersama; 25, 26, 27 (4), 30, 31 (6), 1 April (7): due at 24:00 WIB on 1 April.
EXTENDED = datetime(2026, 4, 2, 0, tzinfo=WIB)


def _requested(storage: Any, submission: Callable[..., dict[str, Any]]) -> tuple[Service, ManualClock, str]:
    clock = ManualClock(datetime(2026, 3, 2, 9, tzinfo=WIB))
    service = create_service(
        uow=storage, clock=clock, ids=SequentialIds("id-"), tracking=SequentialTrackingNumbers(),
        sla=SlaDeadlines(),
    )  # fmt: skip
    cid = service.submit(submission(type="permintaan_informasi")).complaint_id
    clock.advance(timedelta(hours=1))
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    return service, clock, cid


def _follow_up_due(service: Service, cid: str, now: datetime) -> datetime | None:
    complaint = service.get(cid, actor=ADMIN)
    events = [s.event for s in service.history(cid, actor=ADMIN)]
    return next(s.due_at for s in clock_states(complaint, events, now) if s.clock == "follow_up")


def test_an_extension_before_the_ten_days_end_adds_seven_working_days(
    storage: Any, submission: Callable[..., dict[str, Any]]
) -> None:
    service, clock, cid = _requested(storage, submission)
    assert _follow_up_due(service, cid, clock.now()) == DUE
    clock.set(DUE - timedelta(minutes=1))  # Monday 16 March, 23:59 WIB: the last minute of the tenth day
    extended = service.extend_information_deadline(
        {"complaint_id": cid, "reason": "Data tersebar di tiga bidang."}, actor=SLEMAN
    )
    assert extended.information_extended
    assert _follow_up_due(service, cid, clock.now()) == EXTENDED


@pytest.mark.usefixtures("english")
def test_an_extension_after_the_ten_days_is_refused_before_the_timer_records_the_breach(
    storage: Any, submission: Callable[..., dict[str, Any]]
) -> None:
    service, clock, cid = _requested(storage, submission)
    clock.set(DUE + timedelta(hours=9))  # Tuesday 17 March, 09:00 WIB; no timer has run yet
    before = service.history(cid, actor=ADMIN)
    with pytest.raises(InvalidTransition, match=r"10 working days have passed.*Pasal 22\(8\)"):
        service.extend_information_deadline(
            {"complaint_id": cid, "reason": "Data tersebar di tiga bidang."}, actor=SLEMAN
        )
    assert service.history(cid, actor=ADMIN) == before  # nothing written, the reporter told nothing
    assert not service.get(cid, actor=ADMIN).information_extended
