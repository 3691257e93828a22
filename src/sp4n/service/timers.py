"""Timers and the save/notify steps every command shares (split from ``sp4n.service.facade``).

``run_due`` claims the complaints whose stored deadline has passed and applies what the deadline engine says
is due, as the system. ``_save`` stores the next deadline with every write, which is what makes "overdue" a
single indexed query; ``_notify`` sends committed events and never lets a failing notifier undo a decision.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint
from sp4n.ports import Clock, EventNotifier, StoredEvent, UnitOfWork
from sp4n.service._parts import SYSTEM_ACTOR, Deadlines

__all__ = ["TimerMethods"]

_log = logging.getLogger("sp4n.service.facade")


class TimerMethods:
    """Timer, save and notify steps; :class:`sp4n.service.facade.Service` sets the attributes."""

    uow: UnitOfWork
    clock: Clock
    deadlines: Deadlines
    _notifier: EventNotifier | None

    def run_due(self, now: datetime | None = None, *, batch: int = 100) -> int:
        """Do what the timers require as of ``now``: claim overdue complaints, apply the SLA engine's due
        actions as the system, store the next deadline. Returns how many events were written."""
        when = self.clock.now() if now is None else now
        seen: set[str] = set()
        written = 0
        while True:
            with self.uow as uow:
                claimed = [c for c in uow.complaints.claim_due(when, len(seen) + batch) if c.id not in seen]
                stored = [s for c in claimed for s in self._due(uow, c, when)]
                uow.commit()
            seen.update(c.id for c in claimed)
            self._notify(stored)
            written += len(stored)
            if not claimed:
                return written

    def _due(self, uow: UnitOfWork, complaint: Complaint, when: datetime) -> list[StoredEvent]:
        history = [s.event for s in uow.events.history(complaint.id)]
        current, new = complaint, []
        for due in self.deadlines.due_actions(complaint, history, when):
            actor = due.actor or SYSTEM_ACTOR
            current, event = apply(current, due.action, actor, when, reason=due.reason, **due.details)
            new.append(event)
        if not new:
            return []
        return self._save(uow, current, new, expected_version=complaint.version, history=history)

    def _save(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        events: list[Event],
        *,
        expected_version: int,
        history: Sequence[Event] | None = None,
    ) -> list[StoredEvent]:
        past = [s.event for s in uow.events.history(complaint.id)] if history is None else list(history)
        due_at = (
            None if complaint.status.is_terminal else self.deadlines.next_due_at(complaint, past + events)
        )
        return uow.complaints.save(complaint, events, expected_version=expected_version, due_at=due_at)

    def _notify(self, stored: Sequence[StoredEvent]) -> None:
        if self._notifier is None:
            return
        for item in stored:
            try:
                self._notifier.notify(item)
            except Exception as err:  # a notifier failure must never undo a committed decision
                # Log the position only: events carry no personal data, but a notifier's error text might.
                _log.warning(
                    "notification for event %d failed (%s); relay will retry",
                    item.position,
                    type(err).__name__,
                )
