"""Canonical actors and complaints walked through the lifecycle, for example-based tests.

Everything here is deterministic (no hypothesis): a fixed cast of actors, the near misses who look entitled
but are not, and :func:`a_complaint_in`, which walks a complaint to any status through
:func:`sp4n.lifecycle.engine.apply`, so every history is one the library accepts. :func:`walked` does the
same under an id of your choosing, for tests that store several complaints. The hypothesis strategies built
on this cast are in :mod:`sp4n.testing.strategies`.

>>> sorted({a.role.value for a in ACTORS})
['agency_admin', 'intake', 'national_admin', 'ombudsman', 'reporter', 'system', 'unit_officer']
>>> complaint, events = walked("c-9", Status.disposed)
>>> complaint.id, [e.sequence for e in events], events[0].details.tracking_id
('c-9', [1, 2, 3], 'LAP-c-9')
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.engine import apply, new_complaint
from sp4n.lifecycle.events import Event, SubmitDetails
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role
from sp4n.lifecycle.status import Action, Status

__all__ = [
    "ACTORS",
    "AGENCIES",
    "AGENCY_ADMIN",
    "EVERYONE",
    "FOREIGN_UNIT",
    "IMPERSONATOR",
    "INTAKE",
    "NATIONAL_ADMIN",
    "OMBUDSMAN",
    "OTHER_AGENCY_ADMIN",
    "OTHER_REPORTER",
    "OTHER_UNIT",
    "REPORTER",
    "REPORTERS",
    "SYSTEM",
    "T0",
    "UNITS",
    "UNIT_OFFICER",
    "a_complaint_in",
    "breached",
    "escalable",
    "renamed",
    "walked",
]

#: When example complaints are submitted unless told otherwise (Monday 5 January 2026, 08:00 WIB).
T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)

AGENCIES: tuple[str, ...] = ("pemkab-sleman", "pemkab-badung", "pemkot-padang")
#: Files reporters attach (two keys only, so that a generated publish often names a file the complaint holds).
FILES: tuple[Attachment, ...] = (
    Attachment(media_type="image/jpeg", size=2048, sha256="ab" * 32, storage_key="ab/photo.jpg"),
    Attachment(media_type="application/pdf", size=4096, sha256="cd" * 32, storage_key="cd/letter.pdf"),
)
UNITS: tuple[str, ...] = ("disdik", "dinkes", "dpupr")
REPORTERS: tuple[str, ...] = ("r-1", "r-2")
#: Every kind of actor, for every agency and unit above: small enough that random draws often match.
ACTORS: tuple[Actor, ...] = (
    *(Actor(id=r, role=Role.reporter) for r in REPORTERS),
    Actor(id="adm-nasional", role=Role.national_admin),
    *(Actor(id=f"adm-{a}", role=Role.agency_admin, agency_id=a) for a in AGENCIES),
    *(Actor(id=f"{a}-{u}", role=Role.unit_officer, agency_id=a, unit_id=u) for a in AGENCIES for u in UNITS),
    Actor(id="ombudsman-ri", role=Role.ombudsman),
    Actor(id="intake-sms", role=Role.intake),
    Actor(id="system", role=Role.system),
)

# --- deterministic paths ------------------------------------------------------------------------------------

REPORTER = ACTORS[0]
NATIONAL_ADMIN = Actor(id="adm-nasional", role=Role.national_admin)
AGENCY_ADMIN = Actor(id=f"adm-{AGENCIES[0]}", role=Role.agency_admin, agency_id=AGENCIES[0])
UNIT_OFFICER = Actor(
    id=f"{AGENCIES[0]}-{UNITS[0]}", role=Role.unit_officer, agency_id=AGENCIES[0], unit_id=UNITS[0]
)
SYSTEM = Actor(id="system", role=Role.system)
INTAKE = Actor(id="intake-sms", role=Role.intake)

_Step = tuple[Action, Actor, dict[str, Any]]
_VERIFY: _Step = (Action.verify, NATIONAL_ADMIN, {"agency_id": AGENCIES[0]})
_DISPOSE: _Step = (Action.dispose, AGENCY_ADMIN, {"unit_ids": [UNITS[0]]})
_START: _Step = (Action.start, UNIT_OFFICER, {})
_FOLLOW: _Step = (Action.follow_up, UNIT_OFFICER, {})
_OMBUDSMAN = Actor(id="ombudsman-ri", role=Role.ombudsman)
# Escalation needs a ground (here: declined and not re-routed) and, for anonim, the reporter's consent.
_ESCALATE: tuple[_Step, ...] = (
    _VERIFY,
    (Action.decline, AGENCY_ADMIN, {}),
    (Action.escalate, REPORTER, {"disclose_identity": True}),
)
_RECEIVED: tuple[_Step, ...] = (*_ESCALATE, (Action.ombudsman_receive, _OMBUDSMAN, {"document_ref": "ORI-1"}))
_LHP: tuple[_Step, ...] = (*_RECEIVED, (Action.record_lhp, _OMBUDSMAN, {"document_ref": "LHP-1"}))
_PATHS: dict[Status, tuple[_Step, ...]] = {
    Status.submitted: (),
    Status.forwarded: (_VERIFY,),
    Status.disposed: (_VERIFY, _DISPOSE),
    Status.in_progress: (_VERIFY, _DISPOSE, _START),
    Status.followed_up: (_VERIFY, _DISPOSE, _START, _FOLLOW),
    Status.closed: (_VERIFY, _DISPOSE, _START, _FOLLOW, (Action.close, REPORTER, {})),
    Status.declined: (_VERIFY, (Action.decline, AGENCY_ADMIN, {})),
    Status.archived: ((Action.archive, NATIONAL_ADMIN, {}),),
    Status.on_hold: (_VERIFY, _DISPOSE, (Action.hold, AGENCY_ADMIN, {})),
    Status.awaiting_information: (_VERIFY, (Action.request_information, AGENCY_ADMIN, {})),
    Status.escalated: _ESCALATE,
    Status.examined_by_ombudsman: _RECEIVED,
    Status.lhp_issued: _LHP,
    Status.recommendation_issued: (*_LHP, (Action.record_recommendation, _OMBUDSMAN, {})),
    Status.answered_to_ombudsman: (*_LHP, (Action.record_response, _OMBUDSMAN, {})),
    Status.concluded: (*_LHP, (Action.record_response, _OMBUDSMAN, {}), (Action.conclude, _OMBUDSMAN, {})),
}


def a_complaint_in(
    status: Status, *, anonim: bool = False, rahasia: bool = False, at: datetime = T0
) -> tuple[Complaint, list[Event]]:
    """A complaint walked to ``status`` by the canonical actors (an hour per step), with its history.

    The complaint is assigned to ``AGENCIES[0]`` and disposed to ``UNITS[0]`` where the status implies it;
    an ``on_hold`` complaint was held from ``disposed``.

    >>> c, events = a_complaint_in(Status.in_progress)
    >>> (str(c.status), c.version, len(events))
    ('in_progress', 4, 4)
    """
    complaint, event = new_complaint(
        complaint_id="c-1",
        tracking_id="LAP-000000001",
        type=ComplaintType.pengaduan,
        title="Jalan berlubang",
        description="Lubang besar di depan sekolah",
        category="infrastruktur",
        region_code="34.04",
        channel=Channel.web,
        anonim=anonim,
        rahasia=rahasia,
        actor=REPORTER,
        at=at,
    )
    events = [event]
    for action, actor, details in _PATHS[status]:
        when = complaint.updated_at + timedelta(hours=1)
        complaint, event = apply(complaint, action, actor, when, reason="alasan", **details)
        events.append(event)
    return complaint, events


def breached(
    complaint: Complaint, events: list[Event], clock: str = "follow_up"
) -> tuple[Complaint, list[Event]]:
    """The complaint after the system records a breach of ``clock`` (an hour later): a ground to escalate.

    >>> c, events = breached(*a_complaint_in(Status.forwarded))
    >>> c.breached_clocks, len(events)
    (('follow_up',), 3)
    """
    when = complaint.updated_at + timedelta(hours=1)
    complaint, event = apply(
        complaint, Action.record_breach, SYSTEM, when, clock=clock, due_at=when, overdue_by=timedelta(hours=1)
    )
    return complaint, [*events, event]


def escalable(status: Status, *, anonim: bool = False) -> tuple[Complaint, list[Event]]:
    """A complaint in ``status`` that meets a ground for Ombudsman RI (the agency's follow-up clock was
    breached; for ``closed``, before the reporter closed it).

    >>> c, _ = escalable(Status.closed)
    >>> (str(c.status), c.breached_clocks)
    ('closed', ('follow_up',))
    """
    if status is Status.closed:
        complaint, events = breached(*a_complaint_in(Status.followed_up, anonim=anonim))
        complaint, event = apply(complaint, Action.close, REPORTER, complaint.updated_at + timedelta(hours=1))
        return complaint, [*events, event]
    return breached(*a_complaint_in(status, anonim=anonim))


def renamed(
    complaint: Complaint, events: list[Event], complaint_id: str, tracking_id: str
) -> tuple[Complaint, list[Event]]:
    """The same complaint and history under another id and tracking number."""
    out = []
    for e in events:
        details = e.details
        if isinstance(details, SubmitDetails):
            details = attrs.evolve(details, tracking_id=tracking_id)
        out.append(attrs.evolve(e, complaint_id=complaint_id, details=details))
    return attrs.evolve(complaint, id=complaint_id, tracking_id=tracking_id), out


def walked(
    complaint_id: str, status: Status, *, at: datetime = T0, rahasia: bool = False, anonim: bool = False
) -> tuple[Complaint, list[Event]]:
    """A complaint walked to ``status`` (see :func:`a_complaint_in`) under ``complaint_id``, with tracking
    number ``LAP-<complaint_id>``."""
    complaint, events = a_complaint_in(status, at=at, rahasia=rahasia, anonim=anonim)
    return renamed(complaint, events, complaint_id, f"LAP-{complaint_id}")


# --- near misses: actors who look entitled but are not -----------------------------------------------------

OTHER_REPORTER = Actor(id=REPORTERS[1], role=Role.reporter)
OTHER_AGENCY_ADMIN = Actor(id=f"adm-{AGENCIES[1]}", role=Role.agency_admin, agency_id=AGENCIES[1])
OTHER_UNIT = Actor(
    id=f"{AGENCIES[0]}-{UNITS[1]}", role=Role.unit_officer, agency_id=AGENCIES[0], unit_id=UNITS[1]
)
FOREIGN_UNIT = Actor(
    id=f"{AGENCIES[1]}-{UNITS[0]}", role=Role.unit_officer, agency_id=AGENCIES[1], unit_id=UNITS[0]
)
OMBUDSMAN = Actor(id="ombudsman-ri", role=Role.ombudsman)
#: An agency admin whose id equals the reporter's reference: the role, not the id alone, decides.
IMPERSONATOR = Actor(id=REPORTER.id, role=Role.agency_admin, agency_id=AGENCIES[1])
#: The canonical actors of :func:`a_complaint_in` and every near miss, for permission tables.
EVERYONE: tuple[Actor, ...] = (
    REPORTER,
    OTHER_REPORTER,
    NATIONAL_ADMIN,
    AGENCY_ADMIN,
    OTHER_AGENCY_ADMIN,
    UNIT_OFFICER,
    OTHER_UNIT,
    FOREIGN_UNIT,
    OMBUDSMAN,
    SYSTEM,
    INTAKE,
    IMPERSONATOR,
)
