"""Reminders: which running time limits are close enough to their deadline that someone must be warned.

A :class:`ReminderRule` says "warn about clock ``clock`` ``lead`` ``unit`` before its deadline, as a
``kind`` notice" (the kinds are the values of :class:`sp4n.notify.rules.Reminder`). :func:`reminders_due`
is pure and deterministic: given a complaint, its events and ``now`` it returns a :class:`ReminderDue` for
every *running* clock whose warning window ``[warn_from, due_at)`` contains ``now``. A reminder is never due
before its ``warn_from``, never once the deadline has passed (the breach notice takes over), and never for a
clock that is paused, stopped or not started, nor for a final complaint.

Each :class:`ReminderDue` has a ``key`` (``kind:clock:due_at``) that stays the same for as long as the
deadline does: a runner that remembers the keys it has sent warns at most once per deadline, however often
it runs. A hold that moves the deadline gives a new key, so the new deadline is warned about again.

The lead is counted on the handling office's calendar like the limit itself: one working day before a
deadline at 24:00 on Wednesday is the start (00:00 local) of that Wednesday; over a weekend or a cuti
bersama the warning comes earlier in calendar time.

>>> from datetime import datetime, UTC
>>> from sp4n.sla.workdays import indonesia_calendar
>>> due = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)        # Tuesday 10 March 24:00 WIB
>>> start = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
>>> warn_from(due, start, 1, TimeUnit.working_days, calendar=indonesia_calendar(),
...           timezone="Asia/Jakarta").isoformat()          # Tuesday 00:00 WIB
'2026-03-09T17:00:00+00:00'
>>> warn_from(due, start, 2, TimeUnit.working_days, calendar=indonesia_calendar(),
...           timezone="Asia/Jakarta").isoformat()          # Monday 00:00 WIB
'2026-03-08T17:00:00+00:00'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import attrs

from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint, require_aware
from sp4n.lifecycle.status import TERMINAL
from sp4n.sla.clocks import ClockState, ClockStatus, clock_states, office_timezone
from sp4n.sla.rules import Counting, SlaPolicy, TimeUnit
from sp4n.sla.timeline import DAY_US, Timeline, local_midnight
from sp4n.sla.workdays import WorkingCalendar, indonesia_calendar

__all__ = [
    "DEFAULT_REMINDERS",
    "ReminderDue",
    "ReminderRule",
    "reminder_horizon",
    "reminder_key",
    "reminders_due",
    "warn_from",
]

#: The zone whose local day ends last in UTC among Indonesia's zones: used to bound the query horizon.
_WESTERNMOST = "Asia/Jakarta"


@attrs.frozen(kw_only=True)
class ReminderRule:
    """Warn ``lead`` ``unit`` before clock ``clock`` runs out, with a notice of kind ``kind``."""

    kind: str
    clock: str
    lead: int = attrs.field(validator=attrs.validators.ge(0))
    unit: TimeUnit = attrs.field(default=TimeUnit.working_days, converter=TimeUnit)


#: The defaults: the agency admin hears one working day before its follow-up deadline (5 working days) and
#: five before the 60-day resolution limit (Perpres 76/2013); the reporter two working days before the
#: auto-close after 10 silent working days. Hosts pass their own tuple.
DEFAULT_REMINDERS: tuple[ReminderRule, ...] = (
    ReminderRule(kind="deadline_approaching", clock="follow_up", lead=1),
    ReminderRule(kind="deadline_approaching", clock="resolution", lead=5),
    ReminderRule(kind="auto_close_warning", clock="reply_window", lead=2),
)


def reminder_key(kind: str, clock: str, due_at: datetime) -> str:
    """The idempotency key of a reminder: the same for as long as the deadline stays where it is.

    >>> reminder_key("auto_close_warning", "reply_window", datetime(2026, 3, 16, 17, 0, tzinfo=UTC))
    'auto_close_warning:reply_window:2026-03-16T17:00:00+00:00'
    """
    return f"{kind}:{clock}:{due_at.astimezone(UTC).isoformat()}"


@attrs.frozen(kw_only=True)
class ReminderDue:
    """A warning to send now: clock ``clock`` of ``complaint_id`` runs out at ``due_at`` (UTC)."""

    complaint_id: str
    clock: str
    due_at: datetime
    kind: str
    warn_from: datetime

    @property
    def key(self) -> str:
        """See :func:`reminder_key` (unique within one complaint)."""
        return reminder_key(self.kind, self.clock, self.due_at)


def _line(calendar: WorkingCalendar, timezone: str, unit: TimeUnit, counting: Counting) -> Timeline:
    return Timeline(calendar, timezone, unit, counting)


def warn_from(
    due_at: datetime,
    started_at: datetime,
    lead: int,
    unit: TimeUnit,
    *,
    calendar: WorkingCalendar,
    timezone: str,
    counting: Counting | None = None,
) -> datetime:
    """The instant from which a warning ``lead`` ``unit`` before ``due_at`` is due (never before the start).

    For working days the warning starts at 00:00 local of the first working day inside the lead, not at the
    end of the working day before it (which may be a Friday night).
    """
    require_aware("due_at", due_at)
    line = _line(calendar, timezone, unit, counting or Counting())
    w = line.to_w(due_at) - line.length(lead)
    if w <= line.to_w(started_at):
        return started_at.astimezone(UTC)
    moment = line.from_w(w)
    if unit is TimeUnit.working_days:
        rank, micros = divmod(w, DAY_US)
        if micros == 0:
            moment = local_midnight(calendar.nth(rank + 1), line.zone).astimezone(UTC)
    # A deadline outside working time (a calendar-day limit ending on a Sunday) shares its coordinate with
    # the next working day's start: never warn after the deadline itself.
    return min(moment, due_at.astimezone(UTC))


def _running(state: ClockState) -> bool:
    return state.status is ClockStatus.running and state.due_at is not None and state.started_at is not None


def _due(
    complaint_id: str,
    state: ClockState,
    rule: ReminderRule,
    now: datetime,
    *,
    calendar: WorkingCalendar,
    timezone: str,
    counting: Counting,
) -> ReminderDue | None:
    assert state.due_at is not None  # _running checked both
    assert state.started_at is not None
    start = warn_from(
        state.due_at, state.started_at, rule.lead, rule.unit,
        calendar=calendar, timezone=timezone, counting=counting,
    )  # fmt: skip
    if not start <= now < state.due_at:
        return None
    return ReminderDue(
        complaint_id=complaint_id, clock=state.clock, due_at=state.due_at.astimezone(UTC), kind=rule.kind,
        warn_from=start,
    )  # fmt: skip


def reminders_due(
    complaint: Complaint,
    events: Sequence[Event],
    now: datetime,
    *,
    rules: Iterable[ReminderRule] = DEFAULT_REMINDERS,
    policy: SlaPolicy | None = None,
    calendar: WorkingCalendar | None = None,
    timezone: str | None = None,
) -> tuple[ReminderDue, ...]:
    """Every reminder due for ``complaint`` at ``now`` under ``rules`` (in rule order). Pure.

    ``policy``, ``calendar`` and ``timezone`` are those the service's deadlines use (defaults: national
    rules, the Indonesian government calendar, the zone of the complaint's region).
    """
    require_aware("now", now)
    if complaint.status in TERMINAL:
        return ()
    policy = policy or SlaPolicy()
    calendar = calendar or indonesia_calendar()
    zone = timezone or office_timezone(complaint, policy)
    states = {
        s.clock: s
        for s in clock_states(complaint, events, now, policy=policy, calendar=calendar, timezone=zone)
    }
    found: list[ReminderDue] = []
    for rule in rules:
        state = states.get(rule.clock)
        if state is None or not _running(state):
            continue
        due = _due(complaint.id, state, rule, now, calendar=calendar, timezone=zone, counting=policy.counting)
        if due is not None and due not in found:
            found.append(due)
    return tuple(found)


def reminder_horizon(
    now: datetime,
    rules: Iterable[ReminderRule] = DEFAULT_REMINDERS,
    *,
    calendar: WorkingCalendar | None = None,
    counting: Counting | None = None,
) -> datetime:
    """An instant every deadline with a reminder due at ``now`` falls before, in any Indonesian zone.

    A runner asks storage for complaints whose stored ``due_at`` is before it (one indexed query) instead of
    scanning every complaint. The bound is generous on purpose (each lead plus three units, counted in WIB,
    whose day ends last): fetching a few complaints too many costs a replay; one too few loses a warning.
    """
    require_aware("now", now)
    calendar = calendar or indonesia_calendar()
    counting = counting or Counting()
    latest = now.astimezone(UTC)
    for rule in rules:
        line = _line(calendar, _WESTERNMOST, rule.unit, counting)
        end = line.from_w(line.to_w(now) + line.length(rule.lead + 3))
        latest = max(latest, end + timedelta(days=1) if rule.unit is TimeUnit.calendar_days else end)
    return latest
