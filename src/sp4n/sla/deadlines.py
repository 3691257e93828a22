"""Deadlines from an instant: N working days, calendar days or working hours on the office's local calendar.

>>> from datetime import datetime, UTC
>>> start = datetime(2025, 3, 27, 3, 0, tzinfo=UTC)   # Thursday before Nyepi and Idul Fitri
>>> d = compute_deadline(start, 3, TimeUnit.working_days, timezone="Asia/Jakarta")
>>> d.due_date, d.deadline.isoformat(), len(d.skipped)
(datetime.date(2025, 4, 10), '2025-04-11T00:00:00+07:00', 11)
>>> d.calendar_version.startswith("holidays-")   # e.g. 'holidays-0.109'
True

Instants near midnight fall on different local days in different zones (16:30 UTC is Tuesday 23:30 WIB but
Wednesday 00:30 WITA):

>>> tue = datetime(2026, 3, 3, 16, 30, tzinfo=UTC)
>>> [compute_deadline(tue, 1, TimeUnit.working_days, timezone=z).due_date.isoformat()
...  for z in ("Asia/Jakarta", "Asia/Makassar")]
['2026-03-04', '2026-03-05']
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from sp4n.exceptions import ConfigurationError, RuleViolation, Sp4nError, UnsupportedYear
from sp4n.sla.rules import Counting, TimeUnit
from sp4n.sla.timeline import Timeline
from sp4n.sla.workdays import NonWorkingDay, WorkingCalendar, indonesia_calendar

__all__ = ["Deadline", "batch_due_epochs", "compute_deadline", "fixed_utc_offset"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_US = timedelta(microseconds=1)


@attrs.frozen(kw_only=True)
class Deadline:
    """A computed deadline with everything needed to explain and audit it.

    ``deadline`` is the local instant the time is up (24:00 of ``due_date`` for day units, written as 00:00 of
    the next day); ``due_at`` is the same instant in UTC. ``counted_from`` is the event's local date, which
    never counts; ``skipped`` lists the non-working days after it up to ``due_date`` (inclusive).
    ``estimated`` is true when a date in range is still an estimate (it may move after the sidang isbat), or
    the due date falls past the calendar's official data (``WorkingCalendar.official_until``).
    """

    start: datetime
    value: int
    unit: TimeUnit
    timezone: str
    counted_from: date
    due_date: date
    deadline: datetime
    due_at: datetime
    skipped: tuple[NonWorkingDay, ...]
    estimated: bool
    calendar_version: str
    cutoff: bool


def compute_deadline(
    start: datetime,
    value: int,
    unit: TimeUnit,
    *,
    timezone: str,
    calendar: WorkingCalendar | None = None,
    counting: Counting | None = None,
) -> Deadline:
    """The deadline ``value`` ``unit`` after ``start`` (aware) for an office in IANA zone ``timezone``."""
    if value < 0:
        raise RuleViolation(str(unit), "must not be negative")
    cal = calendar or indonesia_calendar()
    line = Timeline(cal, timezone, unit, counting or Counting())
    # The office's local year decides, not the year the caller's zone shows: 00:30 WIB on 1 January is the
    # previous year in UTC, and the same instant must get the same answer in any zone.
    try:
        year = line.local(start)[0].year
    except OverflowError:  # an instant at the very end of year 9999 has no local date past it
        year = start.year
    if not cal.first_year <= year <= cal.last_year:
        raise UnsupportedYear(year, cal.first_year, cal.last_year)
    try:
        anchor = line.anchor(start)
        due_at = line.due(start, anchor + line.length(value))
    except (OverflowError, ValueError) as err:  # a count that runs past year 9999
        if isinstance(err, Sp4nError):
            raise
        raise UnsupportedYear(cal.last_year + 1, cal.first_year, cal.last_year) from None
    local_due = due_at.astimezone(line.zone)
    due_date = (local_due - _US).date() if unit is not TimeUnit.working_hours else local_due.date()
    counted_from = line.local(start)[0]
    cal.rank(counted_from)  # even calendar days refuse a start the calendar does not cover (UnsupportedYear)
    if unit is TimeUnit.calendar_days:
        skipped: tuple[NonWorkingDay, ...] = ()
        estimated = False
    else:
        skipped = tuple(cal.non_working_days(counted_from, due_date))
        # Past the official data every count is an estimate, even one that skipped only weekends.
        estimated = any(d.estimated for d in skipped) or due_date.year > cal.official_until
    return Deadline(
        start=start.astimezone(UTC),
        value=value,
        unit=unit,
        timezone=timezone,
        counted_from=counted_from,
        due_date=due_date,
        deadline=local_due,
        due_at=due_at,
        skipped=skipped,
        estimated=estimated,
        calendar_version=cal.version,
        cutoff=line.counting.cutoff,
    )


def fixed_utc_offset(timezone: str, first_year: int, last_year: int) -> int:
    """The zone's UTC offset in seconds, checked constant over the years (Indonesia keeps no DST).

    >>> fixed_utc_offset("Asia/Makassar", 2002, 2027)
    28800
    """
    zone = ZoneInfo(timezone)
    offsets = {
        datetime(year, month, 1, tzinfo=zone).utcoffset()
        for year in range(first_year, last_year + 2)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        raise ConfigurationError(
            timezone, "the zone changes its UTC offset; the batch path needs a fixed one"
        )
    (offset,) = offsets
    assert offset is not None
    return int(offset.total_seconds())


def batch_due_epochs(
    starts: Sequence[float], working_days: int, *, timezone: str, calendar: WorkingCalendar | None = None
) -> list[int]:
    """Due instants (UTC epoch seconds) for many start instants (UTC epoch seconds), one rule, one zone.

    The fast path for timers and back-fills: the zone's fixed offset and the calendar's tables replace all
    datetime work. Every start must fall in the calendar's years, or :class:`UnsupportedYear` is raised
    before anything is computed.

    ```python
    >>> start = datetime(2025, 3, 27, 3, 0, tzinfo=UTC).timestamp()
    >>> due = batch_due_epochs([start], 3, timezone="Asia/Jakarta")
    >>> [datetime.fromtimestamp(t, UTC).isoformat() for t in due]
    ['2025-04-10T17:00:00+00:00']

    ```
    """
    if working_days < 0:
        raise RuleViolation("working_days", "must not be negative")
    cal = calendar or indonesia_calendar()
    if not starts:
        return []
    offset = fixed_utc_offset(timezone, cal.first_year, cal.last_year)
    base, rank, work = cal.tables()
    # Check the extremes through the checked API: starts outside the years, or a due date past the last
    # year, raise here, so the unchecked loop below cannot wrap a negative index or run off the table.
    for t in (min(starts), max(starts)):
        cal.add_working_days(datetime.fromtimestamp(t + offset, UTC).date(), working_days)
    shift = _EPOCH_ORDINAL - base
    if working_days == 0:
        return [(int((t + offset) // 86400) + 1) * 86400 - offset for t in starts]
    last = _EPOCH_ORDINAL - 1
    n = working_days - 1
    return [(work[rank[int((t + offset) // 86400) + shift] + n] - last) * 86400 - offset for t in starts]
