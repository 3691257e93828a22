"""Plain-language explanations of a deadline in Indonesian and English (e.g. for a disputed breach).

>>> from datetime import datetime, UTC
>>> from sp4n.sla.deadlines import compute_deadline
>>> from sp4n.sla.rules import TimeUnit
>>> start = datetime(2025, 8, 14, 2, 0, tzinfo=UTC)
>>> d = compute_deadline(start, 3, TimeUnit.working_days, timezone="Asia/Makassar")
>>> print(explain_deadline(d, "en").replace(d.calendar_version, "holidays-X"))
Limit: 3 working days from Thursday 14 August 2025, 10:00 WITA (Asia/Makassar).
The day of the event does not count; the limit ends at 24:00 WITA on Wednesday 20 August 2025.
Days not counted:
- Saturday 16 August 2025: weekend — Saturday
- Sunday 17 August 2025: national holiday — Independence Day
- Monday 18 August 2025: collective leave — Independence Day Joint Holiday
Calendar: holidays-X.
"""

from __future__ import annotations

from datetime import date

from sp4n.jurisdiction.provinces import zone_abbreviation
from sp4n.sla.deadlines import Deadline
from sp4n.sla.rules import TimeUnit
from sp4n.sla.workdays import NonWorkingDay

__all__ = ["explain_deadline"]

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_UNITS = {
    "id": {
        TimeUnit.working_days: "hari kerja",
        TimeUnit.calendar_days: "hari kalender",
        TimeUnit.working_hours: "jam kerja",
    },
    "en": {
        TimeUnit.working_days: "working days",
        TimeUnit.calendar_days: "calendar days",
        TimeUnit.working_hours: "working hours",
    },
}
_TEXT = {
    "id": {
        "limit": "Batas waktu: {value} {unit} sejak {start} ({zone}).",
        "days": "Hari kejadian tidak dihitung; batas waktu berakhir pukul 24.00 {abbr} pada {due}.",
        "hours": "Hanya jam kerja dihitung; batas waktu berakhir pada {due}, pukul {clock} {abbr}.",
        "cutoff": "Laporan yang diterima di luar jam kerja dihitung mulai hari kerja berikutnya.",
        "skipped": "Hari yang tidak dihitung:",
        "none": "Tidak ada hari libur yang dilewati.",
        "estimated": "Perhatian: sebagian tanggal masih perkiraan dan dapat bergeser setelah sidang isbat.",
        "version": "Kalender: {version}.",
    },
    "en": {
        "limit": "Limit: {value} {unit} from {start} ({zone}).",
        "days": "The day of the event does not count; the limit ends at 24:00 {abbr} on {due}.",
        "hours": "Only office hours count; the limit ends on {due} at {clock} {abbr}.",
        "cutoff": "A report received outside office hours counts from the next working day.",
        "skipped": "Days not counted:",
        "none": "No non-working days were skipped.",
        "estimated": "Note: some dates are still estimates and may move after the sidang isbat.",
        "version": "Calendar: {version}.",
    },
}


def _day(day: date, language: str) -> str:
    return f"{_DAYS[language][day.weekday()]} {day.day} {_MONTHS[language][day.month - 1]} {day.year}"


def _skipped_line(day: NonWorkingDay, language: str) -> str:
    kind = day.kind.label_id if language == "id" else day.kind.label_en
    names = "; ".join(day.names_id if language == "id" else day.names_en)
    mark = {"id": " (perkiraan)", "en": " (estimated)"}[language] if day.estimated else ""
    return f"- {_day(day.date, language)}: {kind} — {names}{mark}"


def explain_deadline(deadline: Deadline, language: str = "id") -> str:
    """Explain ``deadline`` in ``language`` (``"id"`` or ``"en"``): the rule, the end, every skipped day."""
    if language not in _TEXT:
        raise ValueError(f"language must be 'id' or 'en', not {language!r}")
    text = _TEXT[language]
    abbr = zone_abbreviation(deadline.timezone)
    local = deadline.start.astimezone(deadline.deadline.tzinfo)
    start = f"{_day(local.date(), language)}, {local:%H:%M} {abbr}"
    lines = [
        text["limit"].format(
            value=deadline.value, unit=_UNITS[language][deadline.unit], start=start, zone=deadline.timezone
        )
    ]
    due = _day(deadline.due_date, language)
    if deadline.unit is TimeUnit.working_hours:
        lines.append(text["hours"].format(due=due, clock=f"{deadline.deadline:%H:%M}", abbr=abbr))
    else:
        lines.append(text["days"].format(due=due, abbr=abbr))
    if deadline.cutoff:
        lines.append(text["cutoff"])
    if deadline.unit is not TimeUnit.calendar_days:
        lines.append(text["skipped"] if deadline.skipped else text["none"])
        lines.extend(_skipped_line(d, language) for d in deadline.skipped)
    if deadline.estimated:
        lines.append(text["estimated"])
    lines.append(text["version"].format(version=deadline.calendar_version))
    return "\n".join(lines)
