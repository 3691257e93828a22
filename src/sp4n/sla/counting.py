"""Office hours and the counting convention: when a working day opens and closes, and Ramadan's hours.

Split from :mod:`sp4n.sla.rules` (which re-exports every name here). The hours are Perpres 21/2023's; the
Ramadan periods are data per year with their source, shared or for one agency's office, and a host
replaces or extends them.

>>> Counting().hours_on(date(2026, 3, 2)).days[0]     # a Monday in Ramadan 1447 H: 08.00-15.00
(480, 900)
>>> Counting().hours_on(date(2026, 3, 23)).days[0]    # after Idul Fitri: 07.30-16.00 again
(450, 960)
"""

from __future__ import annotations

from datetime import date

import attrs

from sp4n.exceptions import ConfigurationError

__all__ = ["RAMADAN_HOURS", "Counting", "OfficeHours", "SpecialHours"]


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@attrs.frozen(kw_only=True)
class OfficeHours:
    """Opening and closing minute of each weekday Monday–Friday, local time.

    Default per Perpres 21/2023 (37.5 hours a week): 07:30–16:00 Monday–Thursday, 07:30–16:30 Friday.

    >>> OfficeHours.parse("08:00-15:00").days[4]
    (480, 900)
    """

    days: tuple[tuple[int, int], ...] = attrs.field(default=((450, 960),) * 4 + ((450, 990),))

    @days.validator
    def _check(
        self, _: attrs.Attribute[tuple[tuple[int, int], ...]], value: tuple[tuple[int, int], ...]
    ) -> None:
        if len(value) != 5 or any(not 0 <= a < b <= 1440 for a, b in value):
            raise ConfigurationError(
                "office hours", "need five (open, close) minute pairs, open before close"
            )

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """``"07:30-16:00"`` for every day, or five comma-separated ranges Monday to Friday."""
        try:
            ranges = [tuple(_minutes(p) for p in part.split("-")) for part in text.split(",")]
        except ValueError as err:
            unread = "cannot read {text!r} (want HH:MM-HH:MM)"
            raise ConfigurationError("office hours", unread, text=text) from err
        pairs = tuple((r[0], r[1]) for r in ranges if len(r) == 2)
        return cls(days=pairs * 5 if len(pairs) == 1 else pairs)


@attrs.frozen(kw_only=True)
class SpecialHours:
    """Office hours that replace the usual ones from ``first`` to ``last`` (inclusive), with their source.

    ``agency_id`` limits them to one agency's office: Ramadan's daily hours are set by each agency (no
    national circular in 2025 or 2026), so an agency's own period wins over the shared default for its clocks.
    """

    first: date
    last: date
    hours: OfficeHours
    source: str
    agency_id: str | None = None


_RAMADAN = OfficeHours.parse("08:00-15:00,08:00-15:00,08:00-15:00,08:00-15:00,08:00-15:30")
_RAMADAN_SOURCE = (
    "Perpres 21/2023: 32.5 hours a week from 08.00 in Ramadan; no national circular for the daily hours, so "
    "our default is the common 08.00-15.00 (Friday 15.30), set per agency; dates per the government's "
    "sidang isbat"
)
#: Ramadan office hours per year, used by the cutoff. Hosts replace or extend. Dates: 1 Ramadan 1446 H =
#: 1 March 2025 and 1 Syawal = 31 March 2025 (libur nasional 31 March); 1 Ramadan 1447 H = 19 February 2026
#: (sidang isbat) and the SKB 2026's Idul Fitri on 21 March 2026 (libur nasional 21-22 March).
RAMADAN_HOURS: tuple[SpecialHours, ...] = (
    SpecialHours(first=date(2025, 3, 1), last=date(2025, 3, 30), hours=_RAMADAN, source=_RAMADAN_SOURCE),
    SpecialHours(first=date(2026, 2, 19), last=date(2026, 3, 20), hours=_RAMADAN, source=_RAMADAN_SOURCE),
)


@attrs.frozen(kw_only=True)
class Counting:
    """The counting convention, on the handling office's local calendar (Perpres 21/2023: Monday–Friday).

    The event's own day never counts; "N working days" end at 24:00 local of the N-th working day after the
    event's local date. With ``cutoff`` an event outside office hours (after closing, or on a non-working day)
    counts as received on the next working day; in a ``special_hours`` period (Ramadan) those hours apply.
    ``cutoff`` is off by default. Working-hour clocks count the usual ``office_hours``.
    """

    office_hours: OfficeHours = attrs.field(factory=OfficeHours)
    cutoff: bool = False
    special_hours: tuple[SpecialHours, ...] = RAMADAN_HOURS

    def hours_on(self, day: date) -> OfficeHours:
        """The office hours that apply on ``day`` (a shared special period's, else the usual)."""
        return next(
            (s.hours for s in self.special_hours if s.agency_id is None and s.first <= day <= s.last),
            self.office_hours,
        )

    def for_agency(self, agency_id: str | None) -> Counting:
        """The convention as ``agency_id``'s office counts: its own special periods before the shared ones.

        ```python
        >>> own = SpecialHours(first=date(2026, 2, 19), last=date(2026, 3, 20), agency_id="pemkab-sleman",
        ...                    hours=OfficeHours.parse("08:00-14:00"), source="SE Bupati Sleman")
        >>> counting = Counting(special_hours=(own, *RAMADAN_HOURS))
        >>> [counting.for_agency(a).hours_on(date(2026, 3, 2)).days[0] for a in ("pemkab-sleman", None)]
        [(480, 840), (480, 900)]

        ```
        """
        if all(s.agency_id is None for s in self.special_hours):
            return self
        own = tuple(attrs.evolve(s, agency_id=None) for s in self.special_hours if s.agency_id == agency_id)
        shared = tuple(s for s in self.special_hours if s.agency_id is None)
        return attrs.evolve(self, special_hours=own + shared)
