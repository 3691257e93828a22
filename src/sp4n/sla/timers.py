"""Timers: what the system itself must do now — auto-close, breach notices, optional auto-escalation.

:func:`due_actions` is pure and idempotent: a breach already recorded in the events (same clock, same due
instant) is not returned again, and a final complaint (closed, archived, escalated) gets nothing. The host
applies each returned action through the lifecycle as the system actor, then asks again later.
:func:`next_due_at` is the earliest instant at which asking again can return something; storage keeps it as
``due_at`` so that "what is overdue" is one indexed query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import attrs

from sp4n.lifecycle.conditions import AGENCY_CLOCKS
from sp4n.lifecycle.events import BreachDetails, Details, EscalateDetails, Event, NoDetails
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import TERMINAL, Action, Status
from sp4n.lifecycle.table import actions_from
from sp4n.sla.clocks import ClockState, ClockStatus, clock_states
from sp4n.sla.rules import Expiry, SlaPolicy
from sp4n.sla.workdays import WorkingCalendar

__all__ = ["SYSTEM_ACTOR", "SYSTEM_ACTOR_ID", "DueAction", "due_actions", "next_due_at"]

#: The id of the actor the SLA timers act as (role ``system``).
SYSTEM_ACTOR_ID = "sp4n-sla"
#: The actor the SLA timers act as; the service records the system's own steps as this actor too.
SYSTEM_ACTOR = Actor(id=SYSTEM_ACTOR_ID, role=Role.system)

_UNIT_WORDS = {
    "working_days": ("hari kerja", "working days"),
    "calendar_days": ("hari", "calendar days"),
    "working_hours": ("jam kerja", "working hours"),
}


@attrs.frozen(kw_only=True)
class DueAction:
    """One thing the system must do: ``action`` by ``actor`` with ``reason`` and typed ``details``."""

    action: Action
    clock: str
    reason: str
    details: Details
    actor: Actor


def _recorded(events: Sequence[Event]) -> set[tuple[str, datetime]]:
    return {(e.details.clock, e.details.due_at) for e in events if isinstance(e.details, BreachDetails)}


def _breach(state: ClockState, actor: Actor) -> DueAction:
    assert state.due_at is not None
    rule = state.rule
    id_unit, en_unit = _UNIT_WORDS[rule.unit]
    reason = (
        f"Batas waktu {rule.label_id or rule.clock} ({rule.value} {id_unit}) terlampaui / "
        f"{rule.label_en or rule.clock} limit ({rule.value} {en_unit}) exceeded; {rule.citation}; "
        f"calendar {state.calendar_version}"
    )
    details = BreachDetails(
        clock=state.clock, due_at=state.due_at, overdue_by=state.overdue_by, agency_id=state.agency_id
    )
    return DueAction(
        action=Action.record_breach, clock=state.clock, reason=reason, details=details, actor=actor
    )


def _lapse(state: ClockState, actor: Actor) -> DueAction:
    rule = state.rule
    reason = (
        f"Permintaan kelengkapan tidak dijawab dalam {rule.value} hari kerja; laporan dilanjutkan / "
        f"no answer to the request for information within {rule.value} working days; handling continues; "
        f"{rule.citation}"
    )
    return DueAction(
        action=Action.information_lapsed, clock=state.clock, reason=reason, details=NoDetails(), actor=actor
    )


def _close(state: ClockState, actor: Actor) -> DueAction:
    rule = state.rule
    reason = (
        f"Ditutup otomatis: tidak ada tanggapan pelapor {rule.value} hari kerja setelah tindak lanjut / "
        f"closed automatically: no reply within {rule.value} working days of the follow-up; {rule.citation}"
    )
    return DueAction(action=Action.close, clock=state.clock, reason=reason, details=NoDetails(), actor=actor)


def due_actions(
    complaint: Complaint,
    events: Sequence[Event],
    now: datetime,
    *,
    policy: SlaPolicy | None = None,
    calendar: WorkingCalendar | None = None,
    timezone: str | None = None,
    actor: Actor | None = None,
) -> tuple[DueAction, ...]:
    """What the system must do for ``complaint`` at ``now`` given its ``events`` (empty: nothing due)."""
    if complaint.status in TERMINAL:
        return ()
    policy = policy or SlaPolicy()
    actor = actor or SYSTEM_ACTOR
    states = clock_states(complaint, events, now, policy=policy, calendar=calendar, timezone=timezone)
    recorded = _recorded(events)
    out: list[DueAction] = []
    closing: DueAction | None = None
    for state in (s for s in states if s.status is ClockStatus.breached and s.due_at is not None):
        if state.rule.on_expiry is Expiry.auto_close:
            if state.stopped_at is None and complaint.status is Status.followed_up:
                closing = _close(state, actor)
        elif state.rule.on_expiry is Expiry.lapse:
            if state.stopped_at is None and complaint.status is Status.awaiting_information:
                closing = _lapse(state, actor)
        elif (state.clock, state.due_at) not in recorded:
            out.append(_breach(state, actor))
    if closing is not None:
        return (*out, closing)
    escalating = [
        s
        for s in states
        if s.status is ClockStatus.breached
        and s.is_live
        and s.clock in policy.escalate_on
        and s.clock in AGENCY_CLOCKS  # a ground for Ombudsman RI (lifecycle.conditions) once recorded
    ]
    # Only the reporter may disclose an anonim reporter's identity to Ombudsman RI: no auto-escalation then.
    identified = complaint.reporter_ref is not None and not complaint.is_anonim
    # Never before an agency had it (UU 37/2008 Pasal 24(1) huruf c; lifecycle.conditions.NEVER_FORWARDED).
    reached = any(e.action is Action.verify for e in events)
    if escalating and identified and reached and not any(e.action is Action.escalate for e in events):
        out.append(_escalate(escalating[0], actor))
    # Only what the lifecycle allows from where the complaint stands (e.g. no breach notice once Ombudsman RI
    # holds it: the agency's clocks stopped when it left the agency).
    possible = actions_from(complaint.status)
    return tuple(a for a in out if a.action in possible)


def _escalate(state: ClockState, actor: Actor) -> DueAction:
    reason = (
        f"Eskalasi otomatis ke Ombudsman RI: batas waktu {state.rule.label_id or state.clock} terlampaui / "
        f"automatic escalation: {state.rule.label_en or state.clock} limit breached (UU 25/2009 Pasal 46)"
    )
    return DueAction(
        action=Action.escalate, clock=state.clock, reason=reason, details=EscalateDetails(), actor=actor
    )


def next_due_at(
    complaint: Complaint,
    events: Iterable[Event],
    policy: SlaPolicy | None = None,
    *,
    calendar: WorkingCalendar | None = None,
    timezone: str | None = None,
) -> datetime | None:
    """The earliest due instant of a live clock whose expiry is not yet handled; ``None`` if there is none.

    Evaluated as of the last event, so it changes only when the history does. Paused clocks have no due
    instant; breaches already recorded are handled; a final complaint has nothing due.
    """
    if complaint.status in TERMINAL:
        return None
    history = sorted(events, key=lambda e: e.sequence)
    if not history:
        return None
    states = clock_states(
        complaint, history, history[-1].occurred_at, policy=policy, calendar=calendar, timezone=timezone
    )
    recorded = _recorded(history)
    if Action.record_breach not in actions_from(complaint.status):
        recorded |= {(s.clock, s.due_at) for s in states if s.due_at is not None}  # nothing can be recorded
    dues = [s.due_at for s in states if s.due_at is not None and _pending(s, recorded)]
    return min(dues, default=None)


def _pending(state: ClockState, recorded: set[tuple[str, datetime]]) -> bool:
    """A live auto-close clock, or a breach-type clock whose breach is not recorded (live or stopped late)."""
    if state.rule.on_expiry in (Expiry.auto_close, Expiry.lapse):
        return state.is_live
    if (state.clock, state.due_at) in recorded:
        return False
    return state.is_live or state.status is ClockStatus.breached
