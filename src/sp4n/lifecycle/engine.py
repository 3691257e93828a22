"""The pure decision functions: ``new_complaint`` creates a complaint, ``apply`` moves it one step.

Both return the new :class:`~sp4n.lifecycle.model.Complaint` *and* exactly one
:class:`~sp4n.lifecycle.events.Event`; nothing reads the clock, makes ids or does I/O (time and ids are
arguments). On any error nothing is returned, so nothing can be half-written.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Actor
>>> t = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
>>> reporter = Actor(id="r-1", role="reporter")
>>> c, e = new_complaint(complaint_id="c1", tracking_id="LAP-1", type="pengaduan", title="Jalan rusak",
...                      description="Lubang di Jl. Godean km 5", category="infrastruktur",
...                      region_code="34.04", channel="web", anonim=True, actor=reporter, at=t)
>>> (c.status, c.version, e.sequence, c.anonim.set_by)
(<Status.submitted: 'submitted'>, 1, 1, 'r-1')
>>> admin = Actor(id="adm", role="national_admin")
>>> c, e = apply(c, Action.verify, admin, t, agency_id="pemkab-sleman")
>>> (str(e.from_status), str(e.to_status), c.agency_id, c.version)
('submitted', 'forwarded', 'pemkab-sleman', 2)
>>> apply(c, Action.close, reporter, t)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sp4n.exceptions.InvalidTransition: langkah «Selesaikan» tidak dapat dilakukan ... dari followed_up
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs

from sp4n.exceptions import InvalidTransition, NotPermitted, RuleViolation
from sp4n.lifecycle._details import build_details, optional_text, text
from sp4n.lifecycle._details import incident_date as _incident
from sp4n.lifecycle._details import region_code as _region
from sp4n.lifecycle._fold import evolve, replay
from sp4n.lifecycle.access import SUBMIT_ROLES, allowed_actions, can, check_permitted
from sp4n.lifecycle.conditions import DEFAULT_CONDITIONS, Conditions, blocked_by_past, outside_window
from sp4n.lifecycle.events import Event, SubmitDetails
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role, require_aware
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.table import TABLE, target

__all__ = ["allowed_actions", "apply", "can", "evolve", "new_complaint", "replay"]

#: Actions whose reason is required: the LAPOR! admin guide asks a reason to archive, and a "bukan
#: wewenang" must say why so the national admin can reroute it; a Tunda says why the agency waits. A reopen
#: says what is still wrong; the Ombudsman's steps record what its LHP, Rekomendasi or conclusion says and
#: what the reported party did. An overrule says why the agency is competent after all; a co-handling
#: agency's contribution is its text; a unit handing a complaint back says why.
REASON_REQUIRED = frozenset(
    {
        Action.archive,
        Action.decline,
        Action.hold,
        Action.reopen,
        Action.record_lhp,
        Action.record_recommendation,
        Action.record_response,
        Action.conclude,
        Action.overrule_decline,
        Action.archive_duplicate,
        Action.contribute,
        Action.hand_back,
        Action.request_information,
        Action.add_information,
        Action.extend_information_deadline,  # "dengan memberikan alasan secara tertulis" (UU 14/2008 22(8))
    }
)


def _utc(field: str, at: datetime) -> datetime:
    require_aware(field, at)
    return at if at.tzinfo is UTC else at.astimezone(UTC)


def _enum(field: str, enum: type[ComplaintType] | type[Channel], value: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise RuleViolation(field, "must be one of {allowed}", allowed=allowed) from None


def _reporter_ref(actor: Actor, reporter_ref: str | None) -> str | None:
    ref = optional_text("reporter_ref", reporter_ref)
    if actor.role is Role.reporter:
        # A reporter files under their own reference, so that only they can later reply or close.
        if ref is not None and ref != actor.id:
            raise RuleViolation("reporter_ref", "a reporter files under their own reference")
        return actor.id
    return ref


def new_complaint(
    *,
    complaint_id: str,
    tracking_id: str,
    type: ComplaintType | str,
    title: str,
    description: str,
    category: str,
    region_code: str | None = None,
    incident_date: date | None = None,
    channel: Channel | str,
    reporter_ref: str | None = None,
    anonim: bool = False,
    rahasia: bool = False,
    actor: Actor,
    at: datetime,
) -> tuple[Complaint, Event]:
    """File a complaint: the new complaint (version 1) and its first event (sequence 1, ``Action.submit``).

    ``region_code`` is kept as given, like ``agency_id``: the Kemendagri grammar is checked where the code
    enters (:mod:`sp4n.commands`, :func:`sp4n.jurisdiction.codes.normalize_code`), not here, because the
    lifecycle sits below jurisdiction. Web and app reports must give one.

    Raises:
        RuleViolation: a field is missing or malformed (``field`` names it).
        NotPermitted: the actor's role may not file complaints.
    """
    if actor.role not in SUBMIT_ROLES:
        raise NotPermitted(
            actor.id, "submit", "only a reporter, the national admin or an intake gateway may submit"
        )
    when = _utc("at", at)
    kind = _enum("channel", Channel, channel)
    details = SubmitDetails(
        tracking_id=text("tracking_id", tracking_id),
        type=_enum("type", ComplaintType, type),
        title=text("title", title),
        description=text("description", description),
        category=text("category", category),
        region_code=_region(region_code, kind),
        incident_date=_incident(incident_date, when),
        channel=kind,
        reporter_ref=_reporter_ref(actor, reporter_ref),
        anonim=_bool("anonim", anonim),
        rahasia=_bool("rahasia", rahasia),
    )
    event = Event(
        complaint_id=text("complaint_id", complaint_id),
        sequence=1,
        occurred_at=when,
        action=Action.submit,
        actor=actor,
        from_status=None,
        to_status=Status.submitted,
        details=details,
    )
    return evolve(None, event), event


def _bool(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise RuleViolation(field, "must be true or false")
    return value


def _transition_rule(complaint: Complaint, action: Action) -> tuple[str, dict[str, object]]:
    """Why ``action`` is impossible from the status: an English rule with its values (sp4n.texts.rules)."""
    if complaint.status.is_terminal:
        return "a {status} complaint is final", {"status": str(complaint.status)}
    if action is Action.resume:
        return "resume returns only to the status the hold began in", {}
    sources = sorted(str(s) for s in Status if action in TABLE[s])
    return "{action} is possible only from {sources}", {
        "action": str(action),
        "sources": ", ".join(sources) or "nowhere",
    }


def apply(
    complaint: Complaint,
    action: Action,
    actor: Actor,
    at: datetime,
    *,
    reason: str | None = None,
    conditions: Conditions = DEFAULT_CONDITIONS,
    **details: Any,
) -> tuple[Complaint, Event]:
    """Decide one step: the new complaint and exactly one event (``sequence`` = the new version). Pure.

    ``conditions`` holds the windows (reopen, Ombudsman RI) a host may override.

    Raises:
        InvalidTransition: ``action`` is not possible from the complaint's status or past (e.g. escalation
            without one of the grounds of :data:`~sp4n.lifecycle.conditions.ESCALATION_GROUNDS`).
        NotPermitted: ``actor`` may not do ``action`` (the error names the rule).
        RuleViolation: ``at`` is naive, earlier than the last change or outside the action's window, or a
            reason/detail is missing or bad.
    """
    when = _utc("at", at)
    if when < complaint.updated_at:
        raise RuleViolation(
            "at", "must not be before the complaint's last change (time never runs backwards)"
        )
    if type(action) is not Action:
        action = Action(action)
    to_status = target(complaint.status, action, complaint.held_from)
    if to_status is None:
        rule, values = _transition_rule(complaint, action)
        raise InvalidTransition(str(action), str(complaint.status), rule, **values)
    past = blocked_by_past(complaint, action)
    if past is not None:
        raise InvalidTransition(str(action), str(complaint.status), past)
    check_permitted(complaint, action, actor)
    late = outside_window(complaint, action, when, conditions)
    if late is not None:
        raise RuleViolation("at", late)
    why = optional_text("reason", reason)
    if why is None and action in REASON_REQUIRED:
        raise RuleViolation("reason", "{action} needs a reason", action=str(action))
    if details.get("satisfaction") is not None and actor.role is not Role.reporter:
        raise RuleViolation("details.satisfaction", "only the reporter rates their satisfaction")
    event = _trusted_event(
        complaint_id=complaint.id,
        sequence=complaint.version + 1,
        occurred_at=when,
        action=action,
        actor=actor,
        from_status=complaint.status,
        to_status=to_status,
        reason=why,
        details=build_details(complaint, action, details),
    )
    return evolve(complaint, event), event


_EVENT_FIELDS = tuple(f.name for f in attrs.fields(Event))


def _trusted_event(**values: Any) -> Event:
    """An :class:`Event` from values ``apply`` has just validated, without re-running attrs' checks.

    The hot path's biggest single cost was the event's own validators repeating checks ``apply`` had made
    (``occurred_at`` is already aware UTC, ``action`` already an :class:`Action`). Every field must be given.
    """
    event = object.__new__(Event)
    for name in _EVENT_FIELDS:
        object.__setattr__(event, name, values[name])
    return event
