"""Timers: what the system itself must do when a stored deadline passes (``Service.run_due``).

:class:`Timers` claims, in batches, the complaints whose stored ``due_at`` has passed (``FOR UPDATE SKIP
LOCKED`` on server databases, so several workers share them), asks the :class:`~sp4n.ports.Deadlines` engine
what is due (:class:`sp4n.sla.timers.DueAction`: breach notices, auto-close, optional escalation to Ombudsman
RI under UU 25/2009), applies each through the pure lifecycle, and saves the complaint with its next deadline
through the :class:`~sp4n.service.core.WritePath`; one commit per batch, then the notifier is told.

One complaint the engine cannot handle (a bug, a calendar that has no data for its dates) never holds up the
others: its decision is made before anything of it is written, so a failure leaves it untouched, every other
complaint is processed and committed, and the run ends with :class:`~sp4n.exceptions.DueActionsFailed`
naming the failed complaints (by id and error type). They stay due and are tried again on the next run.

The engine gives typed details (:data:`sp4n.lifecycle.events.Details`); :func:`step_for` turns them into the
keyword arguments ``apply`` takes.

>>> from datetime import datetime, timedelta, UTC
>>> from sp4n.lifecycle.events import BreachDetails
>>> from sp4n.lifecycle.status import Action
>>> from sp4n.sla.timers import SYSTEM_ACTOR, DueAction
>>> due_at = datetime(2026, 3, 5, 17, 0, tzinfo=UTC)
>>> due = DueAction(action=Action.record_breach, clock="verification", reason="terlampaui",
...                 details=BreachDetails(clock="verification", due_at=due_at, overdue_by=timedelta(hours=1)),
...                 actor=SYSTEM_ACTOR)
>>> sorted(step_for(due).details)                 # agency_id was None: left out
['clock', 'due_at', 'overdue_by']
>>> SYSTEM_ACTOR.id, str(SYSTEM_ACTOR.role)
('sp4n-sla', 'system')
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import attrs

from sp4n.exceptions import DueActionsFailed, RuleViolation
from sp4n.lifecycle.events import Details, Event, StoredEvent
from sp4n.lifecycle.model import Complaint
from sp4n.ports import UnitOfWork
from sp4n.service.core import Step, WritePath
from sp4n.service.queries import MAX_LIMIT, checked_instant
from sp4n.sla.timers import DueAction

__all__ = ["Timers", "step_for"]

log = logging.getLogger(__name__)


def step_for(due: DueAction) -> Step:
    """The lifecycle step of a due action: its typed details as ``apply`` keyword arguments."""
    return Step(action=due.action, actor=due.actor, reason=due.reason, details=_kwargs(due.details))


def _kwargs(details: Details) -> dict[str, Any]:
    values = attrs.asdict(details, recurse=False)
    return {k: v for k, v in values.items() if v is not None}


class Timers:
    """Applies what is due on overdue complaints (the service's ``run_due``)."""

    def __init__(self, write: WritePath) -> None:
        self._write = write

    def run_due(self, now: datetime | None, batch: int) -> int:
        """Work through every complaint due at ``now`` (default: the clock's now); events written.

        Raises:
            DueActionsFailed: some complaints failed (the others were processed and committed).
        """
        when = self._write.clock.now() if now is None else checked_instant("now", now)
        if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_LIMIT:
            raise RuleViolation("batch", "must be an integer from 1 to {limit}", limit=MAX_LIMIT)
        seen: set[str] = set()
        written = 0
        failures: list[tuple[str, str]] = []
        while True:
            with self._write.uow as uow:
                claimed = [c for c in uow.complaints.claim_due(when, len(seen) + batch) if c.id not in seen]
                stored = [s for c in claimed for s in self._due(uow, c, when, failures)]
                uow.commit()
            seen.update(c.id for c in claimed)
            self._write.notify(stored)
            written += len(stored)
            if not claimed:
                break
        if failures:
            raise DueActionsFailed(written, failures)
        return written

    def _due(
        self, uow: UnitOfWork, complaint: Complaint, when: datetime, failures: list[tuple[str, str]]
    ) -> list[StoredEvent]:
        history: list[Event] = [s.event for s in uow.events.history(complaint.id)]
        try:  # decide everything, the next deadline included, before anything of this complaint is written
            steps = [step_for(d) for d in self._write.deadlines.due_actions(complaint, history, when)]
            if not steps:
                return []
            current, new = self._write.decide_at(complaint, steps, when)
            if not current.status.is_terminal:
                self._write.deadlines.next_due_at(current, history + new)
        except Exception as err:  # one complaint's failure must not stop the others; reported at the end
            log.warning("timers: complaint %s failed with %s", complaint.id, type(err).__name__)
            failures.append((complaint.id, type(err).__name__))
            return []
        return self._write.save(uow, current, new, expected_version=complaint.version, history=history)
