"""The SLA clocks as the renderer's :class:`~sp4n.ports.DeadlineSource`.

:class:`SlaDeadlineSource` answers "what is the next deadline after this event?" by replaying the
complaint's history up to that event through :func:`sp4n.sla.clock_states` and taking the earliest
deadline of a clock that is running (not paused, stopped or already overdue). The renderer writes it in the
recipient's zone (WIB, WITA, WIT); the instant itself is counted on the handling office's calendar.

It reads histories from an :class:`~sp4n.ports.EventLog` (the relay's own reader) and keeps them per
complaint, least recently used first out, like :class:`~sp4n.service.relay.RenderFromLog`: the relay reads
the log in order, so the next event of a cached complaint is appended instead of read again.

>>> from sp4n.testing.notify import ListEventLog, story
>>> from sp4n.notify.facts import fold_facts
>>> log = ListEventLog()
>>> events = story("c1")                    # submitted Monday 2 March 2026, 08:01 WIB, in Sleman
>>> _ = log.append(events)
>>> source = SlaDeadlineSource(log)
>>> first = source.next_deadline(fold_facts(events, upto=1), events[0])   # verification: 3 working days
>>> first.clock, first.label_id, first.due_at.isoformat()
('verification', 'verifikasi dan penerusan', '2026-03-05T17:00:00+00:00')
>>> source.next_deadline(fold_facts(events, upto=6), events[5]) is None     # closed: nothing runs
True
"""

from __future__ import annotations

import logging

from sp4n.exceptions import Sp4nError
from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.events import Event
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.model import NextDeadline
from sp4n.ports import EventLog
from sp4n.service.history_cache import HistoryCache
from sp4n.sla.clocks import ClockStatus, clock_states
from sp4n.sla.rules import SlaPolicy
from sp4n.sla.workdays import WorkingCalendar, indonesia_calendar

__all__ = ["SlaDeadlineSource", "next_running_deadline"]

_log = logging.getLogger(__name__)


def next_running_deadline(
    history: list[Event], *, policy: SlaPolicy, calendar: WorkingCalendar
) -> NextDeadline | None:
    """The earliest deadline of a running clock after the last event of ``history`` (pure).

    Raises:
        HistoryTampered, RuleViolation: the history cannot be replayed.
    """
    if not history:
        return None
    complaint = replay(history)
    at = history[-1].occurred_at
    states = clock_states(complaint, history, at, policy=policy, calendar=calendar)
    running = [s for s in states if s.status is ClockStatus.running and s.due_at is not None]
    if not running:
        return None
    first = min(running, key=lambda s: (s.due_at, s.clock))
    assert first.due_at is not None  # filtered above; narrows the type
    return NextDeadline(
        clock=first.clock, due_at=first.due_at, label_id=first.rule.label_id, label_en=first.rule.label_en
    )


class SlaDeadlineSource:
    """The next running SLA deadline after an event, for messages (see the module docstring).

    Args:
        events: where complaint histories are read (an :class:`~sp4n.ports.EventLog`, e.g. the relay's
            :class:`~sp4n.service.relay.UnitOfWorkReader`).
        policy: the time limits (the service's; default the national rules).
        calendar: the working calendar (default the Indonesian government calendar).
        max_complaints: how many complaints' histories to keep.
    """

    def __init__(
        self,
        events: EventLog,
        *,
        policy: SlaPolicy | None = None,
        calendar: WorkingCalendar | None = None,
        max_complaints: int = 10_000,
    ) -> None:
        self._policy = policy or SlaPolicy()
        self._calendar = calendar or indonesia_calendar()
        self._histories = HistoryCache(events, max_complaints)

    def cached(self) -> int:
        """How many complaints' histories are held."""
        return len(self._histories)

    def next_deadline(self, facts: ComplaintFacts, event: Event) -> NextDeadline | None:
        """The earliest running deadline after ``event`` (``None`` if no clock runs)."""
        try:
            return next_running_deadline(
                self._histories.upto(event), policy=self._policy, calendar=self._calendar
            )
        except Sp4nError as err:
            # The deadline line is a courtesy: a history the clocks cannot read must not stop the notice.
            _log.warning("no deadline for complaint event %d: %s", event.sequence, type(err).__name__)
            return None
