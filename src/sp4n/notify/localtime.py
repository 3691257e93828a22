"""Instants and durations written for a reader in their own zone (WIB, WITA, WIT) and language.

Stored instants are UTC; a notice shows them in the recipient's local time (Keppres 41/1987 zones, looked up
through :mod:`sp4n.jurisdiction.provinces`), written as :mod:`sp4n.texts.dates` writes every instant.

>>> from datetime import datetime, UTC
>>> due = datetime(2026, 3, 5, 16, 59, tzinfo=UTC)
>>> local_datetime(due, "Asia/Jakarta", "id")
'Kamis, 5 Maret 2026 pukul 23.59 WIB'
>>> local_datetime(due, "Asia/Jayapura", "en")
'Friday, 6 March 2026, 01:59 WIT'
>>> zone_for_region("73.71")
'Asia/Makassar'
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sp4n.jurisdiction.provinces import WIB, timezone_for_region, zone_abbreviation
from sp4n.texts import deadline_text, duration_text

__all__ = ["DEFAULT_ZONE", "duration_text", "local_datetime", "zone_for_region"]

#: The zone used when a recipient's region is unknown (the seat of the national administrator, Jakarta).
DEFAULT_ZONE = WIB


def zone_for_region(region_code: str | None) -> str:
    """The IANA zone of a region code, or :data:`DEFAULT_ZONE` when there is none.

    >>> zone_for_region(None)
    'Asia/Jakarta'
    """
    return DEFAULT_ZONE if not region_code else timezone_for_region(region_code)


def local_datetime(instant: datetime, zone: str, language: str | None = None) -> str:
    """``instant`` in ``zone`` written for ``language`` (the current one when ``None``): the one form every
    message, page, report and the command line use (:func:`sp4n.texts.deadline_text`).

    A limit in days ends at local midnight, written as 23.59 of its last day, as offices write it:

    >>> from datetime import UTC
    >>> end = datetime(2026, 3, 25, 16, 0, tzinfo=UTC)        # 26 March 00:00 WITA
    >>> local_datetime(end, "Asia/Makassar", "id"), local_datetime(end, "Asia/Makassar", "en")
    ('Rabu, 25 Maret 2026 pukul 23.59 WITA', 'Wednesday, 25 March 2026, 23:59 WITA')
    """
    return deadline_text(instant.astimezone(ZoneInfo(zone)), zone_abbreviation(zone), language)
