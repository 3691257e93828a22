"""Days, instants, deadlines and durations written one way everywhere: messages, pages, reports, the CLI.

The form is the one Indonesian offices write in letters and announcements: the day's name, the date with the
month in words, and the time with a period and the zone — *Senin, 4 Mei 2026 pukul 23.59 WITA*. A limit in
days ends at the close of its last day (PermenPANRB 62/2018 counts whole days); the stored instant is 00.00
of the next day, which reads as one day more than the law gives, so an instant at exactly local midnight is
written as 23.59 of the day before, as offices write a closing time ("paling lambat ... pukul 23.59 WIB";
our choice over the rarer "pukul 24.00"). These functions take a local time and its zone abbreviation: the
zone itself is looked up by the callers (``sp4n.notify.localtime``, ``sp4n.sla.explain``).

>>> from datetime import datetime, timedelta, timezone
>>> wita = timezone(timedelta(hours=8))
>>> deadline_text(datetime(2026, 5, 5, 0, 0, tzinfo=wita), "WITA", "id")
'Senin, 4 Mei 2026 pukul 23.59 WITA'
>>> deadline_text(datetime(2026, 5, 5, 0, 0, tzinfo=wita), "WITA", "en")
'Monday, 4 May 2026, 23:59 WITA'
>>> deadline_text(datetime(2026, 5, 4, 14, 30, tzinfo=wita), "WITA", "id")
'Senin, 4 Mei 2026 pukul 14.30 WITA'
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sp4n.texts.core import register, text

__all__ = ["day_text", "deadline_text", "duration_text"]

_MONTHS = (
    ("Januari", "January"), ("Februari", "February"), ("Maret", "March"), ("April", "April"), ("Mei", "May"),
    ("Juni", "June"), ("Juli", "July"), ("Agustus", "August"), ("September", "September"),
    ("Oktober", "October"), ("November", "November"), ("Desember", "December"),
)  # fmt: skip
_WEEKDAYS = (
    ("Senin", "Monday"), ("Selasa", "Tuesday"), ("Rabu", "Wednesday"), ("Kamis", "Thursday"),
    ("Jumat", "Friday"), ("Sabtu", "Saturday"), ("Minggu", "Sunday"),
)  # fmt: skip

register({f"month.{n}": pair for n, pair in enumerate(_MONTHS, start=1)})
register({f"weekday.{n}": pair for n, pair in enumerate(_WEEKDAYS)})
register(
    {
        "date.day": ("{weekday}, {day} {month} {year}", "{weekday}, {day} {month} {year}"),
        "date.instant": (
            "{date} pukul {hour:02d}.{minute:02d} {zone}",
            "{date}, {hour:02d}:{minute:02d} {zone}",
        ),
        "date.duration": ("{days} hari {hours} jam", "{days} days {hours} hours"),
    }
)


def day_text(day: date, language: str | None = None) -> str:
    """A day as offices write it.

    >>> day_text(date(2025, 8, 17), "id"), day_text(date(2025, 8, 17), "en")
    ('Minggu, 17 Agustus 2025', 'Sunday, 17 August 2025')
    """
    return text(
        "date.day",
        language,
        weekday=text(f"weekday.{day.weekday()}", language),
        day=day.day,
        month=text(f"month.{day.month}", language),
        year=day.year,
    )


def deadline_text(local: datetime, zone: str, language: str | None = None) -> str:
    """``local`` (already in the reader's zone, abbreviated ``zone``) as a deadline is written everywhere."""
    shown = local.replace(second=0, microsecond=0)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        shown = local - timedelta(minutes=1)  # the close of the day before, not the start of the next
    return text(
        "date.instant",
        language,
        date=day_text(shown.date(), language),
        hour=shown.hour,
        minute=shown.minute,
        zone=zone,
    )


def duration_text(delta: timedelta, language: str | None = None) -> str:
    """A duration in whole days and hours.

    >>> duration_text(timedelta(days=2, hours=3, minutes=10), "id")
    '2 hari 3 jam'
    >>> duration_text(timedelta(minutes=5), "en")
    '0 days 0 hours'
    """
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    return text("date.duration", language, days=days, hours=hours)
