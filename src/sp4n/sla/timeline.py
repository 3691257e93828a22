"""Working time as a number line, so that deadlines, elapsed time and holds are plain arithmetic.

A :class:`Timeline` maps an instant to its *working-time coordinate* (integer microseconds) and back:

- ``working_days``: each working day contributes its whole local day (24 h); non-working days contribute
  nothing. A deadline of N working days is the coordinate at the end of the event's local day plus N days,
  which lands on 24:00 of the N-th working day. Time on hold is measured the same way, so a hold extends a
  deadline by exactly the working time spent paused (a hold over a weekend extends nothing).
- ``working_hours``: only office hours count (default 07:30–16:00 Mon–Thu, 07:30–16:30 Fri, Perpres 21/2023).
- ``calendar_days``: every second counts, on the local wall clock.

>>> from datetime import datetime, UTC
>>> from sp4n.sla.workdays import indonesia_calendar
>>> line = Timeline(indonesia_calendar(), "Asia/Jakarta", TimeUnit.working_days, Counting())
>>> start = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)   # Thursday 09:00 WIB
>>> line.from_w(line.anchor(start) + line.length(3)).isoformat()   # Fri 6, Mon 9, Tue 10 → 24:00 WIB
'2026-03-10T17:00:00+00:00'
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sp4n.lifecycle.model import require_aware
from sp4n.sla.rules import Counting, OfficeHours, TimeUnit
from sp4n.sla.workdays import WorkingCalendar

__all__ = ["DAY_US", "HOUR_US", "Timeline", "local_midnight"]

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
_MINUTE_US = 60_000_000
_US = timedelta(microseconds=1)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """00:00 local time on ``day`` (Indonesian zones have no DST, so it always exists)."""
    return datetime(day.year, day.month, day.day, tzinfo=zone)


@functools.lru_cache(maxsize=32)
def _office_cumulative(cal: WorkingCalendar, hours: OfficeHours) -> list[int]:
    """cum[k] = office microseconds in working days of rank 1..k."""
    cum = [0]
    _, _, work = cal.tables()
    for ordinal in work:
        opens, closes = _hours_of(hours, date.fromordinal(ordinal))
        cum.append(cum[-1] + (closes - opens) * _MINUTE_US)
    return cum


def _hours_of(hours: OfficeHours, day: date) -> tuple[int, int]:
    # A host-opened weekend day (hari kerja pengganti) keeps Friday's hours.
    return hours.days[min(day.weekday(), 4)]


class Timeline:
    """Instants ↔ working-time coordinates for one calendar, zone, unit and counting convention."""

    def __init__(self, calendar: WorkingCalendar, timezone: str, unit: TimeUnit, counting: Counting) -> None:
        """Bind the calendar, the IANA ``timezone`` of the handling office, the unit and the convention."""
        self.calendar = calendar
        self.timezone = timezone
        self.zone = ZoneInfo(timezone)
        self.unit = unit
        self.counting = counting

    def local(self, instant: datetime) -> tuple[date, int]:
        """The local date of ``instant`` and microseconds since local midnight."""
        require_aware("instant", instant)
        here = instant.astimezone(self.zone)
        day = here.date()
        return day, (here - local_midnight(day, self.zone)) // _US

    def length(self, value: int) -> int:
        """``value`` units in coordinate microseconds."""
        return value * (HOUR_US if self.unit is TimeUnit.working_hours else DAY_US)

    def to_w(self, instant: datetime) -> int:
        """The working-time coordinate of ``instant``."""
        day, micros = self.local(instant)
        if self.unit is TimeUnit.calendar_days:
            return day.toordinal() * DAY_US + micros
        rank = self.calendar.rank(day)
        if not self.calendar.is_working_day(day):
            return self._start_of_rank(rank + 1)
        if self.unit is TimeUnit.working_days:
            return (rank - 1) * DAY_US + micros
        opens, closes = _hours_of(self.counting.office_hours, day)
        inside = min(max(micros, opens * _MINUTE_US), closes * _MINUTE_US) - opens * _MINUTE_US
        return self._start_of_rank(rank) + inside

    def _start_of_rank(self, rank: int) -> int:
        if self.unit is TimeUnit.working_days:
            return (rank - 1) * DAY_US
        return _office_cumulative(self.calendar, self.counting.office_hours)[rank - 1]

    def from_w(self, w: int) -> datetime:
        """The earliest instant (UTC) at coordinate ``w``; a day's end is its 24:00, not the next morning."""
        if self.unit is TimeUnit.calendar_days:
            days, micros = divmod(w, DAY_US)
            return self._at(date.fromordinal(days), micros)
        if self.unit is TimeUnit.working_days:
            rank, micros = divmod(w, DAY_US)
            if micros == 0 and rank > 0:
                return self._at(self.calendar.nth(rank), DAY_US)
            return self._at(self.calendar.nth(rank + 1), micros)
        cum = _office_cumulative(self.calendar, self.counting.office_hours)
        rank = max(1, bisect_left(cum, w))
        day = self.calendar.nth(rank)
        opens = _hours_of(self.counting.office_hours, day)[0] * _MINUTE_US
        return self._at(day, opens + w - cum[rank - 1])

    def _at(self, day: date, micros: int) -> datetime:
        return (local_midnight(day, self.zone) + micros * _US).astimezone(UTC)

    def anchor(self, instant: datetime) -> int:
        """Where counting starts for an event at ``instant`` (the end of its local day, for day units)."""
        if self.unit is TimeUnit.working_hours:
            return self.to_w(instant)
        day, micros = self.local(instant)
        if self.unit is TimeUnit.calendar_days:
            return (day.toordinal() + 1) * DAY_US
        rank = self.calendar.rank(day)
        if self.counting.cutoff and self._outside_hours(day, micros):
            rank += 1
        return rank * DAY_US

    def due(self, start: datetime, w: int) -> datetime:
        """The due instant at coordinate ``w`` for a clock started at ``start`` (UTC).

        Never before the end of the start's local day (day units) or the start itself (hours): only a zero
        limit can reach back that far, and zero means "by the end of the same day".
        """
        instant = self.from_w(w)
        if self.unit is TimeUnit.working_hours:
            return max(instant, start.astimezone(UTC))
        day = self.local(start)[0]
        return max(instant, local_midnight(day + timedelta(days=1), self.zone).astimezone(UTC))

    def _outside_hours(self, day: date, micros: int) -> bool:
        if not self.calendar.is_working_day(day):
            return True
        return micros >= _hours_of(self.counting.hours_on(day), day)[1] * _MINUTE_US
