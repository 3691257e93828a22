"""Conditions that depend on a complaint's past, as data with their sources: windows and Ombudsman grounds.

The machine says what can follow a status and :mod:`~sp4n.lifecycle.access` who may act; some steps also need
the complaint's past to allow them. Each rule here carries its source; where the law names no number the
value is marked "our choice" and a host passes its own :class:`Conditions` to ``apply``.

* **reopen** after close: only by the reporter, within :attr:`Conditions.reopen_window` of the close.
* **escalate** to Ombudsman RI: UU 37/2008 Pasal 24 asks that the reporter has already gone to the reported
  party without a proper resolution, that the reporter is identified (their identity may be kept
  confidential, 24(2)), and that the matter is not older than two years. The grounds that show "no proper
  resolution" are :data:`ESCALATION_GROUNDS`; a complaint must meet at least one.

>>> from datetime import datetime, UTC
>>> from sp4n.testing.lifecycle import a_complaint_in
>>> c, _ = a_complaint_in(Status.forwarded)
>>> escalation_grounds(c)   # minutes after forwarding: nothing has gone wrong yet
()
>>> c, _ = a_complaint_in(Status.declined)
>>> [g.name for g in escalation_grounds(c)]
['declined_without_reroute']
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs

from sp4n.lifecycle.model import Complaint, ComplaintType
from sp4n.lifecycle.status import Action, Status
from sp4n.texts import Phrase

__all__ = [
    "AGENCY_CLOCKS",
    "DEFAULT_CONDITIONS",
    "ESCALATION_GROUNDS",
    "INFORMATION_EXTENSION_SOURCE",
    "NEVER_FORWARDED",
    "Conditions",
    "EscalationGround",
    "Window",
    "blocked_by_past",
    "escalation_grounds",
    "outside_window",
]

#: The clocks that measure the agency's own work (a breach of one is "the agency was late"); the names are
#: those of :data:`sp4n.sla.rules.NATIONAL_RULES`.
AGENCY_CLOCKS: frozenset[str] = frozenset({"follow_up", "resolution", "hold_cap"})


@attrs.frozen(kw_only=True)
class Window:
    """A period after some instant during which an action stays possible, with its source."""

    days: int = attrs.field(validator=attrs.validators.gt(0))
    source: str

    def closes_at(self, start: datetime) -> datetime:
        """The instant the window closes (``days`` calendar days after ``start``)."""
        return start + timedelta(days=self.days)


@attrs.frozen(kw_only=True)
class EscalationGround:
    """One reason a complaint may go to Ombudsman RI: ``holds`` tells whether the complaint meets it."""

    name: str
    description: str
    source: str
    holds: Callable[[Complaint], bool] = attrs.field(eq=False, repr=False)


def _agency_late(c: Complaint) -> bool:
    return bool(AGENCY_CLOCKS.intersection(c.breached_clocks))


def _not_satisfied(c: Complaint) -> bool:
    return c.replies > 0


def _declined_unrouted(c: Complaint) -> bool:
    return c.status is Status.declined


_UU37 = "UU 37/2008 Pasal 24(1) huruf c: laporan tidak mendapat penyelesaian sebagaimana mestinya"
#: UU 37/2008 Pasal 24(1) huruf c: the reporter "sudah menyampaikan Laporan secara langsung kepada pihak
#: Terlapor atau atasannya": a complaint never forwarded to an agency has not reached the reported party.
NEVER_FORWARDED = (
    "Ombudsman RI takes a report only after it reached the reported party: this complaint was never "
    "forwarded to an agency (UU 37/2008 Pasal 24(1) huruf c)"
)
#: The grounds for escalation (our reading of UU 37/2008 Pasal 24(1) for LAPOR!): any one suffices.
ESCALATION_GROUNDS: tuple[EscalationGround, ...] = (
    EscalationGround(
        name="agency_breached_deadline",
        description="the agency breached its time limit (follow-up or resolution)",
        source=f"{_UU37}; our choice: a recorded breach of an agency clock",
        holds=_agency_late,
    ),
    EscalationGround(
        name="not_satisfied_after_follow_up",
        description="the reporter answered a follow-up as not satisfied",
        source=f"{_UU37}; our choice: at least one reply after a tindak lanjut",
        holds=_not_satisfied,
    ),
    EscalationGround(
        name="declined_without_reroute",
        description="the agency declined (bukan wewenang) and the complaint was not re-routed",
        source=f"{_UU37}; our choice: the complaint stands declined",
        holds=_declined_unrouted,
    ),
)


def escalation_grounds(complaint: Complaint) -> tuple[EscalationGround, ...]:
    """The grounds ``complaint`` meets now (empty: it may not yet go to Ombudsman RI)."""
    return tuple(g for g in ESCALATION_GROUNDS if g.holds(complaint))


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the period ends on 28 February
        return day.replace(year=day.year + years, day=28)


@attrs.frozen(kw_only=True)
class Conditions:
    """The windows a host may override; the defaults carry their sources."""

    reopen_window: Window = Window(
        days=30,
        source=(
            "our choice (no rule found on reopening in LAPOR!): 30 days after the close, the period "
            "Perpres 76/2013 gives to complain after using a service"
        ),
    )
    #: UU 37/2008 Pasal 24(3): a report to Ombudsman RI about a matter older than two years is not taken.
    ombudsman_years: int = attrs.field(default=2, validator=attrs.validators.gt(0))
    ombudsman_source: str = (
        "UU 37/2008 Pasal 24(3): belum lewat 2 tahun sejak peristiwa, tindakan atau keputusan terjadi; "
        "counted from the incident date, else the submission (our choice: the latest the matter can be)"
    )

    def ombudsman_deadline(self, complaint: Complaint) -> date:
        """The last local date on which the matter may go to Ombudsman RI.

        Counted from the incident date when the reporter gave one, else from the submission (the latest the
        matter can have happened).
        """
        start = complaint.incident_date or complaint.submitted_at.date()
        return _years_after(start, self.ombudsman_years)


DEFAULT_CONDITIONS = Conditions()


def blocked_by_past(complaint: Complaint, action: Action) -> str | None:
    """Why the complaint's past forbids ``action`` now (``None``: it does not), whatever the time.

    >>> from sp4n.testing.lifecycle import a_complaint_in
    >>> blocked_by_past(a_complaint_in(Status.forwarded)[0], Action.escalate)  # doctest: +ELLIPSIS
    'escalation to Ombudsman RI needs one of: the agency breached its time limit ...'
    """
    if action in _PAST_RULES:
        return _PAST_RULES[action](complaint)
    if action is not Action.escalate:
        return None
    if complaint.reporter_ref is None:
        return "Ombudsman RI takes a report only from an identified reporter (UU 37/2008 Pasal 24(1))"
    if complaint.agency_id is None and not complaint.declines:
        # Held or waiting before verification: the reported party never had the report, so whatever breach
        # LAPOR! itself made, there is nothing Pasal 24(1)(c) can say went unresolved by it.
        return NEVER_FORWARDED
    if not escalation_grounds(complaint):
        wanted = "; ".join(g.description for g in ESCALATION_GROUNDS)
        return Phrase("escalation to Ombudsman RI needs one of: {wanted}", wanted=wanted)
    return None


#: UU 14/2008 Pasal 22(7)-(8): a public body answers a request for information in writing within 10 working
#: days and "dapat memperpanjang waktu ... paling lambat 7 (tujuh) hari kerja berikutnya dengan memberikan
#: alasan secara tertulis": one extension, with written reasons, for a permintaan informasi only.
INFORMATION_EXTENSION_SOURCE = (
    "UU 14/2008 Pasal 22(8): perpanjangan paling lambat 7 hari kerja, sekali, dengan alasan tertulis"
)


def _declined_twice(complaint: Complaint) -> str | None:
    if complaint.agency_id in complaint.declined_agencies:
        return Phrase(
            "{agency} declined once and the national admin overruled it: nothing declines twice",
            agency=complaint.agency_id,
        )
    return None


def _extension_blocked(complaint: Complaint) -> str | None:
    if complaint.type is not ComplaintType.permintaan_informasi:
        return Phrase(
            "only a permintaan informasi has an extension ({source})", source=INFORMATION_EXTENSION_SOURCE
        )
    if complaint.information_extended:
        return Phrase(
            "the time limit was extended once already ({source})", source=INFORMATION_EXTENSION_SOURCE
        )
    if "follow_up" in complaint.breached_clocks:
        return Phrase(
            "the 10 working days have passed: extend before they end ({source})",
            source=INFORMATION_EXTENSION_SOURCE,
        )
    return None


def _nothing_to_publish(complaint: Complaint) -> str | None:
    if all(a.published for a in complaint.attachments):
        return "the complaint has no unpublished attachment"
    return None


def _already_flagged(complaint: Complaint) -> str | None:
    return "the complaint is already in redaction" if complaint.in_redaction else None


def _not_flagged(complaint: Complaint) -> str | None:
    return None if complaint.in_redaction else "the complaint is not in redaction"


_PAST_RULES: dict[Action, Callable[[Complaint], str | None]] = {
    Action.decline: _declined_twice,
    Action.extend_information_deadline: _extension_blocked,
    Action.publish_attachment: _nothing_to_publish,
    Action.flag_redaction: _already_flagged,
    Action.clear_redaction: _not_flagged,
}


def outside_window(complaint: Complaint, action: Action, at: datetime, conditions: Conditions) -> str | None:
    """Why ``action`` at ``at`` falls outside its window (``None``: inside, or no window applies)."""
    if action is Action.reopen and complaint.closed_at is not None:
        window = conditions.reopen_window
        if at > window.closes_at(complaint.closed_at):
            return Phrase(
                "reopen is possible only within {days} days of the close ({source})",
                days=window.days,
                source=window.source,
            )
    if action is Action.escalate:
        # Compared on WIT's date (UTC+9), the latest local date in Indonesia: never refuses too early.
        local = (at.astimezone(UTC) + timedelta(hours=9)).date()
        if local > conditions.ombudsman_deadline(complaint):
            return Phrase(
                "the matter is too old for Ombudsman RI ({source})", source=conditions.ombudsman_source
            )
    return None
