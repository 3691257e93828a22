"""``run_due`` handles every complaint it can when one fails, and reports the ones that failed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from sp4n.adapters.system import ManualClock
from sp4n.exceptions import DueActionsFailed, UnsupportedYear
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Action
from sp4n.service import create_service
from sp4n.service.deadlines import SlaDeadlines
from sp4n.sla.timers import SYSTEM_ACTOR, DueAction
from sp4n.testing.fakes import SequentialIds, SequentialTrackingNumbers

BODY = {"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
        "category": "infrastruktur", "channel": "web", "region_code": "34.04",
        "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}  # fmt: skip


class Failing(SlaDeadlines):
    """The national engine, except that it cannot handle the complaints in ``bad``."""

    def __init__(self, bad: set[str]) -> None:
        super().__init__()
        self.bad = bad

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        if complaint.id in self.bad:
            raise UnsupportedYear(2099, 2002, 2037)
        return super().due_actions(complaint, events, now)


@pytest.mark.parametrize("failing", [{0}, {3}, {1, 5}])
def test_one_failing_complaint_does_not_stop_the_others_and_is_reported(failing: set[int]) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    engine = Failing(set())
    svc = create_service(
        clock=clock, ids=SequentialIds("c-"), tracking=SequentialTrackingNumbers(), sla=engine
    )
    ids = [svc.submit(BODY).complaint_id for _ in range(6)]
    bad = {ids[i] for i in failing}
    clock.set(datetime(2026, 4, 1, 2, 0, tzinfo=UTC))  # every verification deadline has passed
    engine.bad = bad
    with pytest.raises(DueActionsFailed) as failed:
        svc.run_due(batch=2)
    assert sorted(failed.value.failures) == sorted((cid, "UnsupportedYear") for cid in bad)
    breached = {
        cid
        for cid in ids
        if Action.record_breach in [s.event.action for s in svc.history(cid, actor=SYSTEM_ACTOR)]
    }
    assert breached == set(ids) - bad
    assert failed.value.written == len(breached)
    for cid in bad:  # untouched, still due: the next run tries again
        assert [s.event.action for s in svc.history(cid, actor=SYSTEM_ACTOR)] == [Action.submit]
    engine.bad = set()
    assert svc.run_due() == len(bad)
