"""Plain-language explanations of a deadline in Indonesian and English (e.g. for a disputed breach).

>>> from datetime import datetime, UTC
>>> from sp4n.sla.deadlines import compute_deadline
>>> from sp4n.sla.rules import TimeUnit
>>> start = datetime(2025, 8, 14, 2, 0, tzinfo=UTC)
>>> d = compute_deadline(start, 3, TimeUnit.working_days, timezone="Asia/Makassar")
>>> print(explain_deadline(d, "en").replace(d.calendar_version, "holidays-X"))
Limit: 3 working days from Thursday, 14 August 2025, 10:00 WITA (Asia/Makassar).
The day of the event does not count; the limit ends on Wednesday, 20 August 2025, 23:59 WITA.
Days not counted:
- Saturday, 16 August 2025: weekend — Saturday
- Sunday, 17 August 2025: national holiday — Independence Day
- Monday, 18 August 2025: collective leave — Independence Day Joint Holiday
Calendar: holidays-X.
"""

from __future__ import annotations

from sp4n.jurisdiction.provinces import zone_abbreviation
from sp4n.sla.deadlines import Deadline
from sp4n.sla.rules import TimeUnit
from sp4n.sla.workdays import NonWorkingDay
from sp4n.texts import current_language, day_text, deadline_text, language_from, text

__all__ = ["explain_deadline"]


def _skipped_line(day: NonWorkingDay, language: str) -> str:
    kind = text(f"sla.kind.{day.kind.value}", language)
    names = "; ".join(day.names_id if language == "id" else day.names_en)
    mark = text("sla.estimated_mark", language) if day.estimated else ""
    return f"- {day_text(day.date, language)}: {kind} — {names}{mark}"


def explain_deadline(deadline: Deadline, language: str | None = None) -> str:
    """Explain ``deadline`` in ``language`` (the current one when ``None``): the rule, the end, every skipped
    day. The end is written as every deadline is (:func:`sp4n.texts.deadline_text`)."""
    language = language or current_language()
    if language_from(language) != language:
        raise ValueError(f"language must be 'id', 'en' or one installed in sp4n.texts, not {language!r}")
    abbr = zone_abbreviation(deadline.timezone)
    local = deadline.start.astimezone(deadline.deadline.tzinfo)
    unit = text(f"sla.unit.{deadline.unit.value}", language)
    start = deadline_text(local, abbr, language)
    lines = [
        text("sla.limit", language, value=deadline.value, unit=unit, start=start, zone=deadline.timezone)
    ]
    due = deadline_text(deadline.deadline, abbr, language)
    hours = deadline.unit is TimeUnit.working_hours
    lines.append(text("sla.hours" if hours else "sla.days", language, due=due))
    if deadline.cutoff:
        lines.append(text("sla.cutoff", language))
    if deadline.unit is not TimeUnit.calendar_days:
        lines.append(text("sla.skipped" if deadline.skipped else "sla.none", language))
        lines.extend(_skipped_line(d, language) for d in deadline.skipped)
    if deadline.estimated:
        lines.append(text("sla.estimated", language))
    lines.append(text("sla.version", language, version=deadline.calendar_version))
    return "\n".join(lines)
