"""The working-day table: which days are off and why, with O(1) "N working days after" look-ups.

:class:`WorkingCalendar` is built from a list of non-working days (weekends are implied) over an explicit
range of years; :func:`sp4n.sla.workdays.indonesia_calendar` builds the national one. Every working day in the
range gets a rank, so adding N working days is two list look-ups whatever N is, and counting working days
between two dates is a subtraction.

>>> cal = WorkingCalendar([NonWorkingDay(date=date(2026, 3, 5), kind=DayKind.override, names_id=("Tutup",),
...                        names_en=("Closed",))], 2026, 2026, "example")
>>> cal.add_working_days(date(2026, 3, 4), 1), cal.count_working_days(date(2026, 3, 4), date(2026, 3, 6))
(datetime.date(2026, 3, 6), 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from enum import StrEnum

import attrs

from sp4n.exceptions import RuleViolation, UnsupportedYear
from sp4n.texts import text

__all__ = ["DayKind", "NonWorkingDay", "WorkingCalendar"]

_SATURDAY = 5


class DayKind(StrEnum):
    """Why a day is not a working day."""

    weekend = "weekend"
    libur_nasional = "libur_nasional"
    cuti_bersama = "cuti_bersama"
    override = "override"

    @property
    def label_id(self) -> str:
        """Indonesian label."""
        return text(f"sla.kind.{self.value}", "id")

    @property
    def label_en(self) -> str:
        """English label."""
        return text(f"sla.kind.{self.value}", "en")


@attrs.frozen(kw_only=True)
class NonWorkingDay:
    """A day offices are closed: its kind, Indonesian and English names, and whether the date is estimated."""

    date: date
    kind: DayKind
    names_id: tuple[str, ...]
    names_en: tuple[str, ...]
    estimated: bool = False
    source: str | None = None


class WorkingCalendar:
    """A working calendar over an explicit year range, with precomputed working-day tables.

    Build one with :func:`indonesia_calendar`. ``version`` names the data that produced it.
    """

    __slots__ = (
        "_base",
        "_dates",
        "_holidays",
        "_opened",
        "_rank",
        "_rank_of",
        "_work",
        "first_year",
        "last_year",
        "official_until",
        "version",
    )

    def __init__(
        self,
        days: Iterable[NonWorkingDay],
        first_year: int,
        last_year: int,
        version: str,
        opened: Iterable[date] = (),
        *,
        official_until: int | None = None,
    ) -> None:
        """Index ``days`` (holidays and overrides; weekends implied) over ``first_year``–``last_year``.

        ``opened`` are dates made working days by a host (a removed holiday or a substitute Saturday).
        ``official_until`` is the last year with official data; later years are estimates (default: all
        official).
        """
        self.official_until = last_year if official_until is None else official_until
        self._opened = frozenset(opened)
        self.first_year = first_year
        self.last_year = last_year
        self.version = version
        self._holidays = {d.date: d for d in days}
        self._base = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        self._work: list[int] = []
        # _rank[i] = number of working days on or before ordinal _base + i.
        self._rank: list[int] = []
        for ordinal in range(self._base, end + 1):
            if self._is_open(date.fromordinal(ordinal)):
                self._work.append(ordinal)
            self._rank.append(len(self._work))
        self._dates = [date.fromordinal(o) for o in self._work]
        # The same ranks keyed by date: one hash look-up replaces toordinal() and the range check.
        self._rank_of = {date.fromordinal(self._base + i): r for i, r in enumerate(self._rank)}

    def _is_open(self, day: date) -> bool:
        if day in self._holidays:
            return False
        return day in self._opened or day.weekday() < _SATURDAY

    def _offset(self, day: date) -> int:
        if not self.first_year <= day.year <= self.last_year:
            raise UnsupportedYear(day.year, self.first_year, self.last_year)
        return day.toordinal() - self._base

    def is_working_day(self, day: date) -> bool:
        """True when government offices are open on ``day``."""
        i = self._offset(day)
        return self._rank[i] > (self._rank[i - 1] if i else 0)

    def rank(self, day: date) -> int:
        """How many working days of the range fall on or before ``day``."""
        return self._rank[self._offset(day)]

    def nth(self, rank: int) -> date:
        """The working day whose :meth:`rank` is ``rank`` (1-based); raises past the range."""
        if not 1 <= rank <= len(self._work):
            raise UnsupportedYear(self.last_year + 1 if rank > 0 else self.first_year - 1, *self.years)
        return self._dates[rank - 1]

    @property
    def years(self) -> tuple[int, int]:
        """The supported (first, last) years."""
        return (self.first_year, self.last_year)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (``day`` itself for ``n == 0``)."""
        # Fast path: a dict hit proves the day is in range; the rank bound is checked (no silent wrap).
        k = self._rank_of.get(day)
        if k is not None and n > 0:
            k += n
            if k <= len(self._dates):
                return self._dates[k - 1]
        if n < 0:
            raise RuleViolation("working_days", "must not be negative")
        if n == 0:
            return day
        return self.nth(self._rank[self._offset(day)] + n)

    def count_working_days(self, start: date, end: date) -> int:
        """Working days in (``start``, ``end``]; the inverse of :meth:`add_working_days`."""
        return self._rank[self._offset(end)] - self._rank[self._offset(start)]

    def tables(self) -> tuple[int, list[int], list[int]]:
        """(first ordinal, rank per ordinal, working-day ordinals): the raw tables for batch code paths."""
        return self._base, self._rank, self._work

    def non_working_days(self, start: date, end: date) -> Iterator[NonWorkingDay]:
        """Every non-working day in (``start``, ``end``], weekends included, in date order."""
        self._offset(start)
        self._offset(end)
        day = start + timedelta(days=1)
        while day <= end:
            info = self.describe(day)
            if info is not None:
                yield info
            day += timedelta(days=1)

    def describe(self, day: date) -> NonWorkingDay | None:
        """Why ``day`` is not a working day, or ``None`` when it is one."""
        if self.is_working_day(day):
            return None
        hol = self._holidays.get(day)
        if hol is not None:
            return hol
        name_id, name_en = (text(f"weekday.{day.weekday()}", language) for language in ("id", "en"))
        return NonWorkingDay(date=day, kind=DayKind.weekend, names_id=(name_id,), names_en=(name_en,))

    def holidays_in(self, year: int) -> list[NonWorkingDay]:
        """The holidays and overrides of ``year`` (weekends left out), in date order."""
        if not self.first_year <= year <= self.last_year:
            raise UnsupportedYear(year, self.first_year, self.last_year)
        return sorted((d for d in self._holidays.values() if d.date.year == year), key=lambda d: d.date)
