"""Privacy views of complaints and events: what the public, an agency and the reporter may see.

The safe view is the default everywhere (real leaks happened when agency admins forgot the anonim
flag). Perpres 76/2013 requires keeping a reporter's identity confidential, so:

* the public never sees a ``rahasia`` complaint, and never sees any reporter reference at all;
* an agency sees an ``anonim`` complaint with the reporter reference redacted unless the host passes an
  explicit :class:`Disclosure` (who authorised it, when, why), which the view then carries as its record;
* the reporter sees their whole complaint.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Actor, PrivacyFlag
>>> at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
>>> flag = PrivacyFlag(set_by="r-1", set_by_role="reporter", set_at=at)
>>> c = Complaint(id="c1", tracking_id="LAP-1", type="pengaduan", title="Pungli", description="...",
...               category="pelayanan", channel="web", reporter_ref="r-1", anonim=flag, submitted_at=at,
...               status="forwarded", agency_id="pemkab-sleman", version=2, updated_at=at)
>>> agency_view(c).reporter_ref is None
True
>>> ok = Disclosure(complaint_id="c1", authorised_by="inspektorat-1", at=at, reason="court order 12/2026")
>>> agency_view(c, ok).reporter_ref
'r-1'
>>> public_view(c).status_label
'Diteruskan ke instansi'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import attrs

from sp4n.exceptions import NotPermitted, RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.events import Details, Event, ForwardDetails, SubmitDetails
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, PrivacyFlag, Role, require_aware
from sp4n.lifecycle.status import Action, Status

__all__ = [
    "AGENCY_SIDE",
    "REDACTED",
    "AgencyComplaint",
    "Disclosure",
    "PublicComplaint",
    "PublicEvent",
    "PublicStatus",
    "Scrub",
    "agency_event_view",
    "agency_view",
    "is_published",
    "public_event_view",
    "public_status",
    "public_view",
    "reporter_view",
    "scoped_event",
    "scoped_view",
    "visible_to",
]

#: What stands in for a redacted reporter id in event views.
REDACTED = "[anonim]"


def _text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise RuleViolation(f"disclosure.{attribute.name}", "must not be empty")


def _aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    require_aware(f"disclosure.{attribute.name}", value)


@attrs.frozen(kw_only=True)
class Disclosure:
    """An explicit, recorded opt-in to show an anonim reporter's reference to an agency.

    It names the complaint it is for, who authorised it, when and why; the host stores it (it is returned in
    the view) so that every lifting of anonymity can be audited.
    """

    complaint_id: str = attrs.field(validator=_text)
    authorised_by: str = attrs.field(validator=_text)
    at: datetime = attrs.field(validator=_aware)
    reason: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class PublicComplaint:
    """What anyone may see: never a reporter reference, never a rahasia report."""

    tracking_id: str
    type: ComplaintType
    title: str
    description: str
    category: str
    region_code: str | None
    incident_date: date | None
    channel: Channel
    status: Status
    status_label: str
    agency_id: str | None
    submitted_at: datetime
    updated_at: datetime
    attachments: tuple[Attachment, ...] = ()


@attrs.frozen(kw_only=True)
class AgencyComplaint:
    """What an agency works with. ``reporter_ref`` is ``None`` for anonim unless ``disclosure`` lifted it."""

    complaint: Complaint
    reporter_ref: str | None
    reporter_redacted: bool
    disclosure: Disclosure | None = None


@attrs.frozen(kw_only=True)
class PublicEvent:
    """A step as the public sees it: what and when, the role that acted, never who or why."""

    sequence: int
    occurred_at: datetime
    action: Action
    actor_role: Role
    from_status: Status | None
    to_status: Status


def is_published(complaint: Complaint) -> bool:
    """May the public read this complaint's text? Only once the national admin has verified it (it left
    ``submitted``: the admin may set rahasia at verification, and checks the report first), never when
    rahasia (Perpres 76/2013: "tidak dapat dilihat oleh masyarakat luas"), never once archived (a report
    archived as defamatory or as holding personal data must not stay published), never while in redaction
    (the national admin flagged a text holding what must be masked; it returns once the flag is cleared).
    """
    return (
        not complaint.is_rahasia
        and not complaint.in_redaction
        and complaint.status not in _UNPUBLISHED
        and complaint.archive_reason is None
    )


_UNPUBLISHED = frozenset({Status.submitted, Status.archived})


@attrs.frozen(kw_only=True)
class PublicStatus:
    """What a tracking-number lookup shows of a report that is not published: where it stands, no text."""

    tracking_id: str
    status: Status
    status_label: str
    submitted_at: datetime
    updated_at: datetime


def public_status(complaint: Complaint) -> PublicStatus | None:
    """The status-only answer to a tracking-number lookup (``None`` for a rahasia report)."""
    if complaint.is_rahasia:
        return None
    return PublicStatus(
        tracking_id=complaint.tracking_id,
        status=complaint.status,
        status_label=complaint.status.label,
        submitted_at=complaint.submitted_at,
        updated_at=complaint.updated_at,
    )


def public_view(complaint: Complaint) -> PublicComplaint | None:
    """The public view of a published complaint (:func:`is_published`), else ``None``."""
    if not is_published(complaint):
        return None
    return PublicComplaint(
        tracking_id=complaint.tracking_id,
        type=complaint.type,
        title=complaint.title,
        description=complaint.description,
        category=complaint.category,
        region_code=complaint.region_code,
        incident_date=complaint.incident_date,
        channel=complaint.channel,
        status=complaint.status,
        status_label=complaint.status.label,
        agency_id=complaint.agency_id,
        submitted_at=complaint.submitted_at,
        updated_at=complaint.updated_at,
        # Attachments stay with the handling agency unless published (they may show faces, plates, homes).
        attachments=tuple(a for a in complaint.attachments if a.published),
    )


def _check_disclosure(complaint: Complaint, disclosure: Disclosure | None) -> Disclosure | None:
    if disclosure is not None and disclosure.complaint_id != complaint.id:
        raise RuleViolation("disclosure.complaint_id", "a disclosure lifts anonymity for one complaint only")
    return disclosure


def _redact_flag(flag: PrivacyFlag | None, reporter_ref: str | None) -> PrivacyFlag | None:
    # A flag the reporter set names the reporter as its setter: that too is identity.
    if flag is None or (flag.set_by_role is not Role.reporter and flag.set_by != reporter_ref):
        return flag
    return attrs.evolve(flag, set_by=REDACTED)


#: Removes a hidden reporter's identity from a free text (the service builds one from the identity store
#: with :func:`sp4n.identity.redact_identity`, which the lifecycle may not import).
Scrub = Callable[[str], str]


def _scrub_complaint(complaint: Complaint, scrub: Scrub) -> Complaint:
    return attrs.evolve(
        complaint,
        title=scrub(complaint.title),
        description=scrub(complaint.description),
        archive_reason=None if complaint.archive_reason is None else scrub(complaint.archive_reason),
        declines=tuple(attrs.evolve(d, reason=scrub(d.reason)) for d in complaint.declines),
    )


def agency_view(
    complaint: Complaint, disclosure: Disclosure | None = None, *, scrub: Scrub | None = None
) -> AgencyComplaint:
    """The agency view: an anonim reporter is redacted unless ``disclosure`` is given (and recorded).

    Redaction covers the reporter reference, the setter of any privacy flag the reporter set and, with
    ``scrub``, every free text (title, description, decline and archive reasons) that might quote them.
    """
    disclosure = _check_disclosure(complaint, disclosure)
    hidden = complaint.is_anonim and disclosure is None
    ref = None if hidden else complaint.reporter_ref
    shown = complaint
    if hidden:
        shown = attrs.evolve(
            complaint,
            reporter_ref=None,
            anonim=_redact_flag(complaint.anonim, complaint.reporter_ref),
            rahasia=_redact_flag(complaint.rahasia, complaint.reporter_ref),
        )
        if scrub is not None:
            shown = _scrub_complaint(shown, scrub)
    return AgencyComplaint(
        complaint=shown,
        reporter_ref=ref,
        reporter_redacted=hidden,
        disclosure=disclosure if complaint.is_anonim else None,
    )


def reporter_view(complaint: Complaint) -> Complaint:
    """The reporter sees their own complaint whole, including who declined it and why."""
    return complaint


def _redact_details(details: Details, scrub: Scrub) -> Details:
    if isinstance(details, SubmitDetails):
        return attrs.evolve(
            details, reporter_ref=None, title=scrub(details.title), description=scrub(details.description)
        )
    if isinstance(details, ForwardDetails) and details.title is not None:
        return attrs.evolve(details, title=scrub(details.title))
    return details


def _unchanged(text: str) -> str:
    return text


def shows_as_redacted(actor: Actor, complaint: Complaint) -> bool:
    """Whether the agency side sees ``actor`` as ``[anonim]``: the reporter of an anonim complaint, in any
    role they acted in (Perpres 76/2013: an anonim reporter's identity is kept from the reported party)."""
    return complaint.is_anonim and (actor.role is Role.reporter or actor.id == complaint.reporter_ref)


def agency_event_view(
    event: Event, complaint: Complaint, disclosure: Disclosure | None = None, *, scrub: Scrub | None = None
) -> Event:
    """An event as an agency sees it: for an anonim complaint the reporter's actor id is redacted, and with
    ``scrub`` every free text (reason, title, description) too."""
    disclosure = _check_disclosure(complaint, disclosure)
    if event.complaint_id != complaint.id:
        raise RuleViolation("event.complaint_id", "the event belongs to another complaint")
    if not complaint.is_anonim or disclosure is not None:
        return event
    actor = event.actor
    if shows_as_redacted(actor, complaint):
        actor = Actor(id=REDACTED, role=actor.role, agency_id=actor.agency_id, unit_id=actor.unit_id)
    scrub = scrub or _unchanged
    reason = None if event.reason is None else scrub(event.reason)
    return attrs.evolve(event, actor=actor, reason=reason, details=_redact_details(event.details, scrub))


def public_event_view(event: Event, complaint: Complaint) -> PublicEvent | None:
    """An event as the public sees it (``None`` unless the complaint is published): no actor id, reason or
    details."""
    if not is_published(complaint):
        return None
    if event.complaint_id != complaint.id:
        raise RuleViolation("event.complaint_id", "the event belongs to another complaint")
    return PublicEvent(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        action=event.action,
        actor_role=event.actor.role,
        from_status=event.from_status,
        to_status=event.to_status,
    )


# --- results scoped to their reader ------------------------------------------------------------------------

#: Roles on the reported side or outside LAPOR!'s operator: they never see who an anonim reporter is. The
#: Ombudsman is here because its own rules let a reporter's identity be kept from it too (UU 37/2008 Pasal
#: 24(2)); it receives what an agency receives, unless the reporter escalated with ``disclose_identity``.
AGENCY_SIDE: frozenset[Role] = frozenset({Role.agency_admin, Role.unit_officer, Role.ombudsman})


def _disclosed_to(complaint: Complaint, actor: Actor) -> bool:
    # An anonim reporter who escalated with ``disclose_identity`` consented that Ombudsman RI (and only it:
    # never the agency) may know who they are (UU 37/2008 Pasal 24(2)).
    return actor.role is Role.ombudsman and complaint.disclosed_to_ombudsman


def visible_to(complaint: Complaint, actor: Actor) -> bool:
    """May ``actor`` read ``complaint``? Its reporter (their own), the agency it is assigned to (its admin,
    its units the complaint was disposed to), a co-handling agency (its admin and officers), the national
    admin, the Ombudsman and the system.

    >>> from datetime import datetime, UTC
    >>> at = datetime(2026, 3, 2, tzinfo=UTC)
    >>> c = Complaint(id="c1", tracking_id="LAP-1", type="pengaduan", title="t", description="d",
    ...               category="k", channel="web", reporter_ref="r-1", submitted_at=at, status="forwarded",
    ...               agency_id="pemkab-sleman", version=2, updated_at=at)
    >>> visible_to(c, Actor(id="r-2", role="reporter")), visible_to(c, Actor(id="r-1", role="reporter"))
    (False, True)
    """
    role = actor.role
    if role is Role.reporter:
        return complaint.reporter_ref is not None and actor.id == complaint.reporter_ref
    if role in (Role.agency_admin, Role.unit_officer):
        if actor.agency_id is not None and actor.agency_id in complaint.co_agency_ids:
            return True  # a co-handling agency contributes, so it reads (redacted, as every agency)
        if complaint.agency_id is None or actor.agency_id != complaint.agency_id:
            return False
        return role is Role.agency_admin or actor.unit_id in complaint.unit_ids
    return True  # national admin, Ombudsman, system


def scoped_view(
    complaint: Complaint, actor: Actor, *, acted: bool = False, scrub: Scrub | None = None
) -> Complaint:
    """``complaint`` as ``actor`` may receive it: an agency-side actor gets the agency view (an anonim
    reporter redacted), everyone else the whole complaint.

    ``acted=True`` is for the result of a command ``actor`` has just run (permission was checked then; an
    agency that declined no longer holds the complaint but still gets its own result, redacted). Otherwise
    :class:`~sp4n.exceptions.NotPermitted` unless :func:`visible_to`.
    """
    if not acted and not visible_to(complaint, actor):
        raise NotPermitted(actor.id, "read", "this complaint is neither theirs nor their agency's")
    if _disclosed_to(complaint, actor):
        return complaint
    if actor.role in AGENCY_SIDE or (actor.role is Role.reporter and actor.id != complaint.reporter_ref):
        return agency_view(complaint, scrub=scrub).complaint
    return complaint


def scoped_event(event: Event, complaint: Complaint, actor: Actor, *, scrub: Scrub | None = None) -> Event:
    """An event of ``complaint`` as ``actor`` may receive it (agency side: :func:`agency_event_view`)."""
    if actor.role in AGENCY_SIDE and not _disclosed_to(complaint, actor):
        return agency_event_view(event, complaint, scrub=scrub)
    return event
