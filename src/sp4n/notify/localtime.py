"""Instants and durations written for a reader in their own zone (WIB, WITA, WIT) and language.

Stored instants are UTC; a notice shows them in the recipient's local time (Keppres 41/1987 zones, looked up
through :mod:`sp4n.jurisdiction.provinces`).

>>> from datetime import datetime, UTC
>>> due = datetime(2026, 3, 5, 16, 59, tzinfo=UTC)
>>> local_datetime(due, "Asia/Jakarta", "id")
'5 Maret 2026 pukul 23.59 WIB'
>>> local_datetime(due, "Asia/Jayapura", "en")
'6 March 2026, 01:59 WIT'
>>> zone_for_region("73.71")
'Asia/Makassar'
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sp4n.jurisdiction.provinces import WIB, timezone_for_region, zone_abbreviation

__all__ = ["DEFAULT_ZONE", "duration_text", "local_datetime", "zone_for_region"]

#: The zone used when a recipient's region is unknown (the seat of the national administrator, Jakarta).
DEFAULT_ZONE = WIB

_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip


def zone_for_region(region_code: str | None) -> str:
    """The IANA zone of a region code, or :data:`DEFAULT_ZONE` when there is none.

    >>> zone_for_region(None)
    'Asia/Jakarta'
    """
    return DEFAULT_ZONE if not region_code else timezone_for_region(region_code)


def local_datetime(instant: datetime, zone: str, language: str) -> str:
    """``instant`` in ``zone`` written for ``language`` (Indonesian unless ``en``): the one form every
    message, view and report uses.

    Indonesian writes the time with a period (PUEBI: *pukul 24.00*). A local midnight is written as 24.00 of
    the day before: a limit in working days ends at the close of its last day (PermenPANRB 62/2018 counts
    whole days), and "pukul 00.00" of the next day reads as a day more than the law gives.

    >>> from datetime import UTC
    >>> end = datetime(2026, 3, 25, 16, 0, tzinfo=UTC)        # 26 March 00:00 WITA
    >>> local_datetime(end, "Asia/Makassar", "id"), local_datetime(end, "Asia/Makassar", "en")
    ('25 Maret 2026 pukul 24.00 WITA', '25 March 2026, 24:00 WITA')
    """
    local = instant.astimezone(ZoneInfo(zone))
    abbr = zone_abbreviation(zone)
    day, clock = local, (local.hour, local.minute)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        day, clock = local - timedelta(days=1), (24, 0)
    if language == "en":
        return f"{day.day} {_MONTHS['en'][day.month - 1]} {day.year}, {clock[0]:02d}:{clock[1]:02d} {abbr}"
    return f"{day.day} {_MONTHS['id'][day.month - 1]} {day.year} pukul {clock[0]:02d}.{clock[1]:02d} {abbr}"


def duration_text(delta: timedelta, language: str) -> str:
    """A duration in whole days and hours.

    >>> duration_text(timedelta(days=2, hours=3, minutes=10), "id")
    '2 hari 3 jam'
    >>> duration_text(timedelta(minutes=5), "en")
    '0 days 0 hours'
    """
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if language == "en":
        return f"{days} days {hours} hours"
    return f"{days} hari {hours} jam"
