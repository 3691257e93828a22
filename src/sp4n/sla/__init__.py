"""The SLA engine: Indonesian working days, legal time limits as data, clocks from history and timers.

>>> from datetime import datetime, UTC
>>> start = datetime(2026, 12, 23, 5, 0, tzinfo=UTC)
>>> d = compute_deadline(start, 3, TimeUnit.working_days, timezone="Asia/Jayapura")
>>> d.due_date.isoformat(), [s.date.isoformat() for s in d.skipped if s.kind is DayKind.cuti_bersama]
('2026-12-30', ['2026-12-24'])
"""

from __future__ import annotations

from sp4n.sla.clocks import ClockState, ClockStatus, clock_states, office_timezone
from sp4n.sla.deadlines import Deadline, batch_due_epochs, compute_deadline, fixed_utc_offset
from sp4n.sla.explain import explain_deadline
from sp4n.sla.reminders import (
    DEFAULT_REMINDERS,
    ReminderDue,
    ReminderRule,
    reminder_horizon,
    reminder_key,
    reminders_due,
    warn_from,
)
from sp4n.sla.rules import (
    NATIONAL_RULES,
    ClockRule,
    Counting,
    Expiry,
    OfficeHours,
    RuleOverride,
    SlaPolicy,
    TimeUnit,
)
from sp4n.sla.timers import SYSTEM_ACTOR, SYSTEM_ACTOR_ID, DueAction, due_actions, next_due_at
from sp4n.sla.workdays import (
    CalendarOverrides,
    DayKind,
    NonWorkingDay,
    OverrideDay,
    WorkingCalendar,
    indonesia_calendar,
)

__all__ = [
    "DEFAULT_REMINDERS",
    "NATIONAL_RULES",
    "SYSTEM_ACTOR",
    "SYSTEM_ACTOR_ID",
    "CalendarOverrides",
    "ClockRule",
    "ClockState",
    "ClockStatus",
    "Counting",
    "DayKind",
    "Deadline",
    "DueAction",
    "Expiry",
    "NonWorkingDay",
    "OfficeHours",
    "OverrideDay",
    "ReminderDue",
    "ReminderRule",
    "RuleOverride",
    "SlaPolicy",
    "TimeUnit",
    "WorkingCalendar",
    "batch_due_epochs",
    "clock_states",
    "compute_deadline",
    "due_actions",
    "explain_deadline",
    "fixed_utc_offset",
    "indonesia_calendar",
    "next_due_at",
    "office_timezone",
    "reminder_horizon",
    "reminder_key",
    "reminders_due",
    "warn_from",
]
