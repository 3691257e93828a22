"""Deadline engines for the service: the :class:`~sp4n.ports.Deadlines` port, as :mod:`sp4n.sla` answers it
(:class:`SlaDeadlines`, the default) or as nothing at all (:class:`NoDeadlines`).

The service asks the engine twice: after every write, for the next deadline it stores as ``due_at`` (so that
"what is overdue" is one indexed query), and in ``run_due``, for what the timers must do now. A host with its
own engine passes any object of that shape as ``create_service(sla=...)``.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.engine import new_complaint
>>> from sp4n.lifecycle.model import Actor
>>> complaint, event = new_complaint(
...     complaint_id="c-1", tracking_id="222222222", type="pengaduan", title="Jalan",
...     description="Jl. Godean km 5", category="jalan", channel="web", region_code="34.04",
...     actor=Actor(id="intake", role="intake"), at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
... )
>>> SlaDeadlines().next_due_at(complaint, [event]).isoformat()   # 3 working days to verify and forward
'2026-03-05T17:00:00+00:00'
>>> NoDeadlines().next_due_at(complaint, [event]) is None
True
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime

import attrs

from sp4n import sla
from sp4n.jurisdiction.agencies import Agency, AgencyRegistry
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint
from sp4n.sla.rules import SlaPolicy
from sp4n.sla.timers import DueAction
from sp4n.sla.workdays import WorkingCalendar, indonesia_calendar

__all__ = ["NoDeadlines", "SlaDeadlines"]

log = logging.getLogger(__name__)
_WARNED: set[tuple[str, int]] = set()


def _warn_if_estimated(calendar: WorkingCalendar, due: datetime | None) -> None:
    """Log once per calendar and year that deadlines past the official holiday data are estimates."""
    official = calendar.official_until
    if due is not None and due.year > official and (calendar.version, due.year) not in _WARNED:
        _WARNED.add((calendar.version, due.year))
        log.warning("sla: deadlines after %d are estimated (no SKB cuti bersama data yet); load the SKB "
                    "as CalendarOverrides(skb=...) to make them official", official)  # fmt: skip


@functools.cache
def _government_zones() -> dict[str, str]:
    """Every regional government of the built-in region list and its office's zone (built once)."""
    return {a.id: a.timezone for a in AgencyRegistry.with_governments()}


class NoDeadlines:
    """A deadline engine that knows no limits: nothing is ever due (used when no SLA engine is wired)."""

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """Always ``None``."""
        return None

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """Always empty."""
        return ()


class SlaDeadlines:
    """The :mod:`sp4n.sla` engine as the service's :class:`~sp4n.ports.Deadlines`.

    Args:
        policy: the time limits (default: the national rules of :class:`~sp4n.sla.rules.SlaPolicy`).
        calendar: the working calendar (default: the Indonesian government calendar).
        agencies: agencies whose office zone (``Agency.timezone``) each clock counts in, besides the
            regional governments of the built-in region list (a ministry in Jakarta handling a Papua complaint
            counts in WIB); the policy's own ``office_timezones`` win over both.
    """

    def __init__(
        self,
        policy: SlaPolicy | None = None,
        calendar: WorkingCalendar | None = None,
        *,
        agencies: Iterable[Agency] | None = None,
    ) -> None:
        policy = policy or SlaPolicy()
        given = {a.id: a.timezone for a in agencies or ()}
        zones = _government_zones() | given | dict(policy.office_timezones)
        self.policy = attrs.evolve(policy, office_timezones=zones)
        self.calendar = calendar

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """See :func:`sp4n.sla.next_due_at`."""
        due = sla.next_due_at(complaint, events, self.policy, calendar=self.calendar)
        _warn_if_estimated(self.calendar or indonesia_calendar(), due)
        return due

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """See :func:`sp4n.sla.due_actions`: breach notices and auto-close, as the SLA system actor."""
        return sla.due_actions(complaint, events, now, policy=self.policy, calendar=self.calendar)
