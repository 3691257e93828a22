"""Clocks from history: replay a complaint's events and say where each time limit stands at an instant.

Each rule of the :class:`~sp4n.sla.rules.SlaPolicy` is a clock. A start event (re)starts it, from the end of
the event's local day; a stop event or a step out of the statuses it runs in (``runs_in``) stops it; a
status in the rule's ``pauses_in`` (on hold) pauses it, and the working time spent paused is added to its
deadline when it resumes. A pause that begins after the deadline does not undo the breach, nor does an
extension (``extends_on``) recorded after it. A reroute restarts the agency clock for the new agency, whose
own SOP override (if any) applies.

Elapsed, remaining and paused times are *working* time on the rule's unit (see :mod:`sp4n.sla.timeline`);
``overdue_by`` is wall-clock time past the due instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from sp4n.jurisdiction.provinces import timezone_for_region
from sp4n.lifecycle.events import Event, ForwardDetails
from sp4n.lifecycle.model import Complaint, require_aware
from sp4n.lifecycle.status import Action
from sp4n.sla.rules import ClockRule, SlaPolicy, TimeUnit
from sp4n.sla.timeline import DAY_US, Timeline
from sp4n.sla.workdays import WorkingCalendar, indonesia_calendar

__all__ = ["ClockState", "ClockStatus", "clock_states", "office_timezone"]

_US = timedelta(microseconds=1)
_ZERO = timedelta(0)


class ClockStatus(StrEnum):
    """Where a clock stands."""

    not_started = "not_started"
    running = "running"
    paused = "paused"
    stopped = "stopped"
    breached = "breached"


@attrs.frozen(kw_only=True)
class ClockState:
    """One clock at one instant. ``due_at`` is ``None`` while not started or paused in time.

    ``calendar_version`` names the calendar that produced ``due_at`` (as every computed deadline does).
    """

    clock: str
    rule: ClockRule
    status: ClockStatus
    agency_id: str | None = None
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    due_at: datetime | None = None
    elapsed: timedelta = _ZERO
    remaining: timedelta = _ZERO
    paused_for: timedelta = _ZERO
    overdue_by: timedelta = _ZERO
    calendar_version: str = ""

    @property
    def is_live(self) -> bool:
        """True while the clock still runs (on time or overdue), i.e. not stopped, paused or unstarted."""
        return self.stopped_at is None and self.status in (ClockStatus.running, ClockStatus.breached)


@attrs.define
class _Run:
    rule: ClockRule
    line: Timeline
    started_at: datetime
    anchor: int
    agency_id: str | None
    paused_w: int = 0
    paused_since: datetime | None = None
    stopped_at: datetime | None = None
    frozen_due: datetime | None = None
    granted_w: int = 0

    def due_w(self) -> int:
        return self.anchor + self.line.length(self.rule.value) + self.extension_w() + self.granted_w

    def extension_w(self) -> int:
        # A limit in days ends at 24:00 local: a calendar-day clock gets back whole days for a pause (any part
        # of a day paused gives the day back), never a deadline at midday. Working days and hours count the
        # paused working time exactly, which for working days also ends at 24:00 once the pause is over.
        if self.rule.unit is TimeUnit.calendar_days and self.paused_w:
            return -(-self.paused_w // DAY_US) * DAY_US
        return self.paused_w

    def due_at(self) -> datetime:
        return self.frozen_due or self.line.due(self.started_at, self.due_w())

    def is_late(self, at: datetime) -> bool:
        # Paused in time, the deadline waits; once late (a hold after the deadline froze it), it stays late.
        return self.frozen_due is not None or (self.paused_since is None and at >= self.due_at())

    def pause(self, at: datetime) -> None:
        if self.paused_since is not None or self.frozen_due is not None:
            return
        if at >= self.due_at():
            self.frozen_due = self.due_at()  # already overdue: holding now cannot undo the breach
            return
        self.paused_since = at

    def resume(self, at: datetime) -> None:
        if self.paused_since is not None:
            # Only counted time can be paused: time on the event's own day (before the anchor) never counts.
            begin = max(self.line.to_w(self.paused_since), self.anchor)
            self.paused_w += max(0, self.line.to_w(at) - begin)
            self.paused_since = None

    def stop(self, at: datetime) -> None:
        self.resume(at)
        self.stopped_at = at


def office_timezone(complaint: Complaint, policy: SlaPolicy) -> str:
    """The fallback zone when the policy does not know the office: the complaint region's province's, else
    the policy default."""
    if complaint.region_code:
        return timezone_for_region(complaint.region_code)
    return policy.default_timezone


class _Replay:
    """Replays events for one rule, keeping the current run."""

    def __init__(
        self,
        clock: str,
        complaint: Complaint,
        policy: SlaPolicy,
        ctx: tuple[WorkingCalendar, str, str | None],
    ):
        self.clock = clock
        self.complaint = complaint
        self.policy = policy
        self.calendar, self.timezone, self.fixed_zone = ctx
        self.run: _Run | None = None
        # The national rule that decides when the clock starts: the same for every event of a replay, and
        # rule_for scans the policy's overrides each time it is asked.
        self._base: ClockRule | None = None

    def step(self, event: Event, agency_id: str | None) -> None:
        run = self.run
        if run is not None and run.stopped_at is None:
            if event.action in run.rule.stops_on or event.to_status not in run.rule.runs_in:
                run.stop(event.occurred_at)
            elif event.to_status in run.rule.pauses_in:
                run.pause(event.occurred_at)
            else:
                run.resume(event.occurred_at)
            # An extension must be given before the limit ends (UU 14/2008 Pasal 22(8)): one recorded after
            # the deadline, before the timer recorded the breach, does not undo it.
            extends = event.action in run.rule.extends_on and run.stopped_at is None
            if extends and not run.is_late(event.occurred_at):
                run.granted_w += run.line.length(run.rule.extension)  # counted in the rule's own unit
        base = self._base
        if base is None:
            base = self._base = self.policy.rule_for(self.clock, agency_id=None, category=None)
        if event.action in base.starts_on and event.to_status in base.runs_in:
            self.start(event, agency_id)

    def _zone(self, rule: ClockRule, agency_id: str | None) -> str:
        if self.fixed_zone is not None:
            return self.fixed_zone
        if rule.office == "national":
            return self.policy.national_timezone
        return self.policy.office_timezone(agency_id) or self.timezone

    def start(self, event: Event, agency_id: str | None) -> None:
        rule = self.policy.rule_for(
            self.clock,
            agency_id=agency_id,
            category=self.complaint.category,
            complaint_type=str(self.complaint.type),
        )
        office = None if rule.office == "national" else agency_id
        counting = self.policy.counting.for_agency(office)  # the office's own Ramadan hours, if it set any
        line = Timeline(self.calendar, self._zone(rule, agency_id), rule.unit, counting)
        self.run = _Run(
            rule=rule,
            line=line,
            started_at=event.occurred_at,
            anchor=line.anchor(event.occurred_at),
            agency_id=agency_id,
        )

    def state(self, now: datetime) -> ClockState:
        run = self.run
        if run is None:
            rule = self.policy.rule_for(
                self.clock,
                agency_id=None,
                category=self.complaint.category,
                complaint_type=str(self.complaint.type),
            )
            return ClockState(
                clock=self.clock,
                rule=rule,
                status=ClockStatus.not_started,
                calendar_version=self.calendar.version,
            )
        due_at = run.due_at()
        end = run.stopped_at or run.paused_since or now
        position = max(run.line.to_w(end), run.anchor)
        late = run.is_late(end)
        status = _status(run, late)
        return ClockState(
            clock=self.clock,
            rule=run.rule,
            status=status,
            agency_id=run.agency_id,
            started_at=run.started_at,
            stopped_at=run.stopped_at,
            due_at=None if status is ClockStatus.paused else due_at,
            elapsed=max(0, position - run.anchor - run.paused_w) * _US,
            remaining=0 * _US if late else max(0, run.due_w() - position) * _US,
            paused_for=run.paused_w * _US,
            overdue_by=max(_ZERO, (run.stopped_at or now) - due_at) if late else _ZERO,
            calendar_version=self.calendar.version,
        )


def _status(run: _Run, late: bool) -> ClockStatus:
    if late:
        return ClockStatus.breached
    if run.stopped_at is not None:
        return ClockStatus.stopped
    return ClockStatus.paused if run.paused_since is not None else ClockStatus.running


def clock_states(
    complaint: Complaint,
    events: Iterable[Event],
    now: datetime,
    *,
    policy: SlaPolicy | None = None,
    calendar: WorkingCalendar | None = None,
    timezone: str | None = None,
) -> tuple[ClockState, ...]:
    """Every clock of ``policy`` for ``complaint`` as of ``now``, from the events up to ``now``.

    Each clock counts on its handling office's zone (:class:`~sp4n.sla.rules.SlaPolicy`: the agency's, the
    national admin's for verification; the complaint region's when the policy does not know the agency).
    ``timezone`` forces one zone for every clock.
    """
    require_aware("now", now)
    policy = policy or SlaPolicy()
    ctx = (calendar or indonesia_calendar(), office_timezone(complaint, policy), timezone)
    replays = [_Replay(rule.clock, complaint, policy, ctx) for rule in policy.rules]
    agency: str | None = None
    declined: str | None = None
    for event in sorted(events, key=lambda e: e.sequence):
        if event.occurred_at > now:
            break
        if isinstance(event.details, ForwardDetails):
            agency = event.details.agency_id
        elif event.action is Action.decline:
            agency, declined = None, agency
        elif event.action is Action.overrule_decline:
            agency = declined
        for replay in replays:
            replay.step(event, agency)
    return tuple(replay.state(now) for replay in replays)
