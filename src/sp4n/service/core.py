"""The write path every command shares: **load → decide → save → commit → notify**.

1. *load* the complaint from the unit of work;
2. *decide* with the pure lifecycle (:func:`sp4n.lifecycle.engine.apply`) at the clock's instant;
3. *save* the new state, its events and the next deadline (``due_at``, asked of the
   :class:`~sp4n.ports.Deadlines` engine) in the same unit of work;
4. *commit*: all of it, or nothing;
5. *notify* the :class:`~sp4n.ports.EventNotifier` of each stored event. A notifier that raises is logged (by
   event position only: its error text might quote personal data) and never undoes the decision.

:class:`WritePath` owns those steps; the submit, action and timer collaborators all write through it, so the
next deadline is stored with every write and "what is overdue" stays one indexed query.

>>> from datetime import datetime, UTC
>>> from sp4n.adapters.storage.memory import MemoryUnitOfWork
>>> from sp4n.lifecycle.engine import new_complaint
>>> from sp4n.lifecycle.model import Actor
>>> from sp4n.lifecycle.status import Action
>>> from sp4n.service.deadlines import SlaDeadlines
>>> from sp4n.testing.fakes import FixedClock, RecordingEventNotifier
>>> told = RecordingEventNotifier()
>>> write = WritePath(uow=MemoryUnitOfWork(), clock=FixedClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)),
...                   deadlines=SlaDeadlines(), notifier=told)
>>> complaint, event = new_complaint(
...     complaint_id="c-1", tracking_id="222222222", type="pengaduan", title="Jalan",
...     description="Jl. Godean km 5", category="jalan", channel="web", region_code="34.04",
...     actor=Actor(id="intake", role="intake"), at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
... )
>>> with write.uow as uow:
...     stored = write.save(uow, complaint, [event], expected_version=0)
...     uow.commit()
>>> write.notify(stored)
>>> admin = Actor(id="adm-1", role="national_admin")
>>> step = Step(action=Action.verify, actor=admin, details={"agency_id": "pemkab-34.04"})
>>> str(write.change("c-1", lambda current: step).status)
'forwarded'
>>> [s.event.sequence for s in told.sent]
[1, 2]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from sp4n.exceptions import ClockSkew, ConcurrencyConflict, RuleViolation, StorageUnavailable
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.lifecycle.status import Action
from sp4n.ports import Clock, Deadlines, EventNotifier, UnitOfWork

__all__ = ["Input", "Step", "WritePath", "checked_actor"]

_log = logging.getLogger(__name__)

#: What untrusted input may arrive as: a mapping (parsed JSON, a form), JSON text, or raw bytes.
Input = Mapping[str, Any] | bytes | str


def checked_actor(actor: object) -> Actor:
    """``actor`` if it is an :class:`~sp4n.lifecycle.model.Actor`; else :class:`RuleViolation` (an
    authenticated caller is the host's to build, never raw input)."""
    if not isinstance(actor, Actor):
        raise RuleViolation("actor", "must be an sp4n Actor")
    return actor


@attrs.frozen(kw_only=True)
class Step:
    """One lifecycle step to decide: ``action`` by ``actor`` with a ``reason`` and the details ``apply`` takes
    as keyword arguments (``agency_id``, ``unit_ids``...)."""

    action: Action
    actor: Actor
    reason: str | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict)


class WritePath:
    """The unit of work, the clock, the deadline engine and the notifier every write goes through.

    Args:
        uow: storage; one unit of work per command (or per batch of timers).
        clock: the instant each decision is stamped with.
        deadlines: the engine asked for the next deadline after every write.
        notifier: told of each stored event after the commit (``None``: nobody).
        skew_tolerance: how far this node's clock may be behind a complaint's last change (written by a
            node whose clock is ahead) before a command is refused with :class:`~sp4n.exceptions.ClockSkew`;
            within it, the command is recorded at the last change's instant, so the history stays ordered.
    """

    def __init__(
        self, *, uow: UnitOfWork, clock: Clock, deadlines: Deadlines, notifier: EventNotifier | None,
        skew_tolerance: timedelta = timedelta(seconds=10),
    ) -> None:  # fmt: skip
        self.skew_tolerance = skew_tolerance
        self.uow = uow
        self.clock = clock
        self.deadlines = deadlines
        self._notifier = notifier

    def change(self, complaint_id: str, plan: Callable[[Complaint], Step]) -> Complaint:
        """Load → decide → save → commit → notify one step on one complaint; returns the complaint after it.

        ``plan`` sees the loaded complaint and names the step (routing reads it to choose an agency).

        A connection the database dropped before COMMIT is retried once, from the load: nothing of the
        first attempt was written, and the decision is made again on what is stored then. So is a conflict
        whose expected version came from the store's cache (the load says it is for a change, so a store may
        serve the complaint without asking the database; its save re-checks version and chain hash): the
        retry loads from the database. Any other conflict is the caller's.

        Raises:
            ComplaintNotFound, InvalidTransition, NotPermitted, RuleViolation, ConcurrencyConflict: nothing
            is written.
            StorageUnavailable: the database stayed unreachable (``committed`` says whether the outcome is
            known).
        """
        try:
            updated, stored = self._change_once(complaint_id, plan, cached=True)
        except StorageUnavailable as err:
            if err.committed is not False:
                raise
            updated, stored = self._change_once(complaint_id, plan, cached=False)
        except ConcurrencyConflict as err:
            if not err.cached:
                raise
            updated, stored = self._change_once(complaint_id, plan, cached=False)
        self.notify(stored)
        return updated

    def _change_once(
        self, complaint_id: str, plan: Callable[[Complaint], Step], *, cached: bool
    ) -> tuple[Complaint, list[StoredEvent]]:
        with self.uow as uow:
            current = uow.complaints.get(complaint_id, for_change=cached)
            step = plan(current)
            updated, events = self.decide(current, [step])
            stored = self.save(uow, updated, events, expected_version=current.version)
            uow.commit()
        return updated, stored

    def decide(self, complaint: Complaint, steps: Iterable[Step]) -> tuple[Complaint, list[Event]]:
        """Apply ``steps`` in order at the clock's instant (pure: nothing is stored)."""
        return self.decide_at(complaint, steps, self.clock.now())

    def decide_at(
        self, complaint: Complaint, steps: Iterable[Step], at: datetime
    ) -> tuple[Complaint, list[Event]]:
        """Apply ``steps`` in order at ``at`` (pure: nothing is stored); the complaint after them, and
        one event per step.

        An ``at`` before the complaint's last change by at most ``skew_tolerance`` is taken as that change's
        instant (two nodes' clocks never agree exactly); further behind raises :class:`ClockSkew`.
        """
        if at.tzinfo is not None and at < complaint.updated_at:
            behind = complaint.updated_at - at
            if behind > self.skew_tolerance:
                raise ClockSkew(complaint.id, behind_seconds=behind.total_seconds(),
                                tolerance_seconds=self.skew_tolerance.total_seconds())  # fmt: skip
            at = complaint.updated_at
        current, events = complaint, []
        for step in steps:
            current, event = apply(current, step.action, step.actor, at, reason=step.reason, **step.details)
            events.append(event)
        return current, events

    def save(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        events: list[Event],
        *,
        expected_version: int,
        history: Sequence[Event] | None = None,
    ) -> list[StoredEvent]:
        """Store ``complaint``, its new ``events`` and its next deadline in ``uow`` (the caller commits).

        ``history`` is the complaint's past events when the caller has read them already.

        Raises:
            ConcurrencyConflict: the stored version is not ``expected_version`` (someone else wrote first).
        """
        if history is not None:
            past = list(history)
        else:  # a new complaint has no past: no read (on a server, a round trip saved per submit)
            past = [] if expected_version == 0 else [s.event for s in uow.events.history(complaint.id)]
        due_at = (
            None if complaint.status.is_terminal else self.deadlines.next_due_at(complaint, past + events)
        )
        return uow.complaints.save(complaint, events, expected_version=expected_version, due_at=due_at)

    def notify(self, stored: Sequence[StoredEvent]) -> None:
        """Tell the notifier of each committed event; a failure is logged and goes no further."""
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
