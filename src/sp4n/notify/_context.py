"""Filling a template's placeholders for one recipient, privacy applied (internal to the renderer).

Only this module decides what a placeholder may say: :func:`context` is where the anonim rule takes effect
(``$reporter`` is a name only when :func:`~sp4n.notify.rules.identity_visible` allows it) and :func:`redact`
removes a hidden reporter's identity from any text that quotes it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.identity import ReporterIdentity, redact_identity
from sp4n.jurisdiction.agencies import agency_name
from sp4n.lifecycle.events import BreachDetails, Event
from sp4n.lifecycle.status import Action, Status
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.localtime import DEFAULT_ZONE, duration_text, local_datetime, zone_for_region
from sp4n.notify.model import NextDeadline, Recipient
from sp4n.notify.rules import NotificationRule, Trigger, identity_visible
from sp4n.sla.rules import NATIONAL_RULES
from sp4n.texts import text as words
from sp4n.tracking import display, is_valid


def redact(text: str, hidden: ReporterIdentity | None, language: str) -> str:
    """``text`` with every spelling of a hidden reporter's name, NIK, phone or e-mail replaced.

    Defence in depth: free text (a title, a reason) could quote the reporter in any case and any phone
    format (:func:`sp4n.identity.redact_identity`); a hidden identity never passes.

    >>> from sp4n.identity import new_identity
    >>> redact("Hubungi SITI di 0812-3456-7890", new_identity("r", name="Siti", phone="+6281234567890"), "id")
    'Hubungi [disembunyikan] di [disembunyikan]'
    """
    return redact_identity(text, hidden, words("notice.hidden", language))


@attrs.frozen(kw_only=True)
class Occasion:
    """What is being announced: an event (``key`` = its sequence) or a reminder (``key`` names it)."""

    trigger: Trigger
    key: str
    sequence: int
    position: int | None
    event: Event | None
    deadline: NextDeadline | None


def _status_text(status: Status, language: str) -> str:
    return words(f"status.{status.value}", language)


def zone_of(facts: ComplaintFacts) -> str:
    try:
        return zone_for_region(facts.region_code)
    except RuleViolation:
        return DEFAULT_ZONE  # a malformed region must not stop the reporter hearing about their report


_NATIONAL_LABELS = {rule.clock: (rule.label_id, rule.label_en) for rule in NATIONAL_RULES}


def clock_label(deadline: NextDeadline, language: str) -> str:
    """The clock's name for people: the deadline's own label, else the national rule's, else the name."""
    national = _NATIONAL_LABELS.get(deadline.clock, ("", ""))
    if language == "en":
        return deadline.label_en or national[1] or deadline.clock
    return deadline.label_id or national[0] or deadline.clock


def context(
    rule: NotificationRule,
    r: Recipient,
    occ: Occasion,
    facts: ComplaintFacts,
    identity: ReporterIdentity | None,
    *,
    agency_names: Mapping[str, str] | None = None,
) -> dict[str, str]:
    unknown = words("notice.unknown", r.language)
    ev = occ.event
    visible = identity_visible(
        rule.audience, anonim=facts.anonim, disclosed_to_ombudsman=facts.disclosed_to_ombudsman
    )
    if visible and identity is not None and identity.name:
        reporter = identity.name
    else:
        reporter = words("notice.anonymous", r.language) if facts.anonim else unknown
    deadline = local_datetime(occ.deadline.due_at, r.timezone, r.language) if occ.deadline else unknown
    agency = (
        ev.actor.agency_id if ev is not None and ev.action is Action.decline else None
    ) or facts.agency_id
    breach = ev.details if ev is not None and isinstance(ev.details, BreachDetails) else None
    names = agency_names or {}
    return {
        # One way everywhere: sp4n's own numbers in groups of three, as the timeline and receipts show them.
        "tracking_id": display(facts.tracking_id) if is_valid(facts.tracking_id) else facts.tracking_id,
        "title": facts.title,
        "category": facts.category,
        "status": _status_text(ev.to_status, r.language) if ev is not None else unknown,
        "agency": agency_name(agency, names) if agency else unknown,
        "units": ", ".join(facts.unit_ids) or unknown,
        "reason": (ev.reason if ev is not None else None) or unknown,
        "reporter": reporter,
        "deadline": deadline,
        "deadline_line": words("notice.next", r.language, deadline=deadline) if occ.deadline else "",
        "clock": clock_label(occ.deadline, r.language) if occ.deadline else unknown,
        "overdue": duration_text(breach.overdue_by, r.language) if breach else unknown,
    }
