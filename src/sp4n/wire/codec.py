"""Domain values to wire documents and back.

``*_to_doc`` builds the pydantic document from the domain value (instants in UTC); ``*_from_doc`` builds
the domain value back, so ``from_doc(to_doc(x)) == x`` for every value (the round-trip tests hold it).
:func:`to_json` and :func:`from_json` wrap any document as JSON text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Protocol, TypeVar

import attrs
from pydantic import BaseModel, ValidationError

from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.model import Actor, Complaint, DeclineRecord, PrivacyFlag
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import AgencyComplaint, Disclosure, PublicComplaint, PublicEvent
from sp4n.notify.model import NextDeadline
from sp4n.texts import text
from sp4n.wire import models as m
from sp4n.wire.details import attachments_from_docs, attachments_to_docs, details_from_doc, details_to_doc

__all__ = [
    "ReceiptLike",
    "agency_complaint_from_doc",
    "agency_complaint_to_doc",
    "complaint_from_doc",
    "complaint_to_doc",
    "event_from_doc",
    "event_from_json",
    "event_to_doc",
    "event_to_json",
    "from_json",
    "next_deadline_to_doc",
    "public_complaint_from_doc",
    "public_complaint_to_doc",
    "public_event_from_doc",
    "public_event_to_doc",
    "receipt_to_doc",
    "reporter_complaint_to_doc",
    "stored_event_from_doc",
    "stored_event_to_doc",
    "to_json",
]

D = TypeVar("D", bound=BaseModel)


def to_json(doc: BaseModel) -> str:
    """Compact JSON text of a wire document (null members kept: the schema names every field)."""
    try:
        return doc.model_dump_json()
    except ValueError:  # pydantic_core.PydanticSerializationError
        # Text that is not valid Unicode (a lone surrogate) can only travel escaped; the commands refuse it
        # at the edge, but what storage already holds must still be readable.
        return json.dumps(doc.model_dump(mode="json"), separators=(",", ":"))


def from_json(model: type[D], text: str | bytes) -> D:
    """Parse and validate JSON text as ``model`` (pydantic's ``ValidationError`` on a bad document)."""
    try:
        return model.model_validate_json(text)
    except ValidationError as err:
        if not any(e["type"] == "json_invalid" for e in err.errors()):
            raise
        return model.model_validate(json.loads(text))


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _opt_utc(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value)


# --- complaints -------------------------------------------------------------------------------------------


def _flag_to_doc(flag: PrivacyFlag | None) -> m.PrivacyFlagDoc | None:
    if flag is None:
        return None
    return m.PrivacyFlagDoc(set_by=flag.set_by, set_by_role=flag.set_by_role, set_at=_utc(flag.set_at))


def _flag_from_doc(doc: m.PrivacyFlagDoc | None) -> PrivacyFlag | None:
    if doc is None:
        return None
    return PrivacyFlag(set_by=doc.set_by, set_by_role=doc.set_by_role, set_at=doc.set_at)


def complaint_to_doc(complaint: Complaint) -> m.ComplaintDoc:
    """The whole complaint as a document."""
    c = complaint
    return m.ComplaintDoc(
        id=c.id,
        tracking_id=c.tracking_id,
        type=c.type,
        title=c.title,
        description=c.description,
        category=c.category,
        region_code=c.region_code,
        incident_date=c.incident_date,
        channel=c.channel,
        reporter_ref=c.reporter_ref,
        anonim=_flag_to_doc(c.anonim),
        rahasia=_flag_to_doc(c.rahasia),
        submitted_at=_utc(c.submitted_at),
        status=c.status,
        status_label=text(f"status.{c.status.value}", "id"),  # the contract: always the Indonesian label
        held_from=c.held_from,
        agency_id=c.agency_id,
        unit_ids=c.unit_ids,
        declines=tuple(
            m.DeclineDoc(agency_id=d.agency_id, actor_id=d.actor_id, at=_utc(d.at), reason=d.reason)
            for d in c.declines
        ),
        archive_reason=c.archive_reason,
        version=c.version,
        updated_at=_utc(c.updated_at),
        breached_clocks=c.breached_clocks,
        replies=c.replies,
        satisfaction=c.satisfaction,
        closed_at=_opt_utc(c.closed_at),
        ombudsman_ref=c.ombudsman_ref,
        disclosed_to_ombudsman=c.disclosed_to_ombudsman,
        duplicate_of=c.duplicate_of,
        co_agency_ids=c.co_agency_ids,
        attachments=attachments_to_docs(c.attachments),
        information_extended=c.information_extended,
        in_redaction=c.in_redaction,
    )


def complaint_from_doc(doc: m.ComplaintDoc) -> Complaint:
    """The complaint a document describes (``status_label`` is derived, so it is not read)."""
    fields = doc.model_dump(exclude={"status_label", "anonim", "rahasia", "declines", "attachments"})
    return Complaint(
        **fields,
        attachments=attachments_from_docs(doc.attachments),
        anonim=_flag_from_doc(doc.anonim),
        rahasia=_flag_from_doc(doc.rahasia),
        declines=tuple(
            DeclineRecord(agency_id=d.agency_id, actor_id=d.actor_id, at=d.at, reason=d.reason)
            for d in doc.declines
        ),
    )


def next_deadline_to_doc(deadline: NextDeadline | None) -> m.NextDeadlineDoc | None:
    """The next running SLA deadline, or ``None``."""
    if deadline is None:
        return None
    return m.NextDeadlineDoc(
        clock=deadline.clock,
        due_at=_utc(deadline.due_at),
        label_id=deadline.label_id,
        label_en=deadline.label_en,
    )


def reporter_complaint_to_doc(
    complaint: Complaint, *, due_at: datetime | None = None, next_deadline: NextDeadline | None = None
) -> m.ReporterComplaintDoc:
    """The reporter's view (their whole complaint) with its deadlines."""
    return m.ReporterComplaintDoc(
        complaint=complaint_to_doc(complaint),
        due_at=_opt_utc(due_at),
        next_deadline=next_deadline_to_doc(next_deadline),
    )


def agency_complaint_to_doc(
    view: AgencyComplaint, *, due_at: datetime | None = None, next_deadline: NextDeadline | None = None
) -> m.AgencyComplaintDoc:
    """An agency view (from :func:`sp4n.lifecycle.views.agency_view`) with its deadlines."""
    d = view.disclosure
    return m.AgencyComplaintDoc(
        complaint=complaint_to_doc(view.complaint),
        reporter_ref=view.reporter_ref,
        reporter_redacted=view.reporter_redacted,
        disclosure=None
        if d is None
        else m.DisclosureDoc(
            complaint_id=d.complaint_id, authorised_by=d.authorised_by, at=_utc(d.at), reason=d.reason
        ),
        due_at=_opt_utc(due_at),
        next_deadline=next_deadline_to_doc(next_deadline),
    )


def agency_complaint_from_doc(doc: m.AgencyComplaintDoc) -> AgencyComplaint:
    """The agency view a document describes."""
    d = doc.disclosure
    return AgencyComplaint(
        complaint=complaint_from_doc(doc.complaint),
        reporter_ref=doc.reporter_ref,
        reporter_redacted=doc.reporter_redacted,
        disclosure=None
        if d is None
        else Disclosure(complaint_id=d.complaint_id, authorised_by=d.authorised_by, at=d.at, reason=d.reason),
    )


def public_complaint_to_doc(
    view: PublicComplaint, *, due_at: datetime | None = None, next_deadline: NextDeadline | None = None
) -> m.PublicComplaintDoc:
    """A public view (from :func:`sp4n.lifecycle.views.public_view`) with its deadlines."""
    fields = attrs.asdict(view, recurse=False)
    fields["submitted_at"] = _utc(view.submitted_at)
    fields["updated_at"] = _utc(view.updated_at)
    fields["attachments"] = attachments_to_docs(view.attachments)
    return m.PublicComplaintDoc(
        **fields, due_at=_opt_utc(due_at), next_deadline=next_deadline_to_doc(next_deadline)
    )


def public_complaint_from_doc(doc: m.PublicComplaintDoc) -> PublicComplaint:
    """The public view a document describes."""
    fields = doc.model_dump(exclude={"v", "kind", "due_at", "next_deadline", "attachments"})
    return PublicComplaint(**fields, attachments=attachments_from_docs(doc.attachments))


def public_event_to_doc(view: PublicEvent) -> m.PublicEventDoc:
    """A public event view."""
    fields = attrs.asdict(view, recurse=False)
    fields["occurred_at"] = _utc(view.occurred_at)
    return m.PublicEventDoc(**fields)


def public_event_from_doc(doc: m.PublicEventDoc) -> PublicEvent:
    """The public event view a document describes."""
    return PublicEvent(**doc.model_dump(exclude={"v"}))


# --- events -----------------------------------------------------------------------------------------------


def event_to_doc(event: Event) -> m.EventDoc:
    """An event (the internal record: actor ids and reasons included; apply a view first for others)."""
    a = event.actor
    return m.EventDoc(
        complaint_id=event.complaint_id,
        sequence=event.sequence,
        occurred_at=_utc(event.occurred_at),
        action=event.action,
        actor=m.ActorDoc(id=a.id, role=a.role, agency_id=a.agency_id, unit_id=a.unit_id),
        from_status=event.from_status,
        to_status=event.to_status,
        reason=event.reason,
        details=details_to_doc(event.details),
    )


def event_from_doc(doc: m.EventDoc) -> Event:
    """The event a document describes."""
    a = doc.actor
    return Event(
        complaint_id=doc.complaint_id,
        sequence=doc.sequence,
        occurred_at=doc.occurred_at,
        action=doc.action,
        actor=Actor(id=a.id, role=a.role, agency_id=a.agency_id, unit_id=a.unit_id),
        from_status=doc.from_status,
        to_status=doc.to_status,
        reason=doc.reason,
        details=details_from_doc(doc.details),
    )


def stored_event_to_doc(stored: StoredEvent) -> m.StoredEventDoc:
    """A committed event with its log position and hash link."""
    return m.StoredEventDoc(
        position=stored.position,
        event=event_to_doc(stored.event),
        hash=stored.hash,
        prev_hash=stored.prev_hash,
    )


def event_to_json(stored: StoredEvent) -> str:
    """A committed event as wire JSON (the internal record: apply a view before it leaves the agency side)."""
    return to_json(stored_event_to_doc(stored))


def event_from_json(text: str | bytes) -> StoredEvent:
    """The committed event that :func:`event_to_json` wrote."""
    return stored_event_from_doc(from_json(m.StoredEventDoc, text))


def stored_event_from_doc(doc: m.StoredEventDoc) -> StoredEvent:
    """The committed event a document describes."""
    return StoredEvent(
        position=doc.position, event=event_from_doc(doc.event), hash=doc.hash, prev_hash=doc.prev_hash
    )


# --- receipts ---------------------------------------------------------------------------------------------


class ReceiptLike(Protocol):
    """What a receipt document reads (``sp4n.service.Receipt`` has it; the wire sits below the service)."""

    @property
    def complaint_id(self) -> str: ...
    @property
    def tracking_id(self) -> str: ...
    @property
    def reporter_ref(self) -> str | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def submitted_at(self) -> datetime: ...
    @property
    def replayed(self) -> bool: ...


def receipt_to_doc(receipt: ReceiptLike) -> m.ReceiptDoc:
    """A filing receipt."""
    return m.ReceiptDoc(
        complaint_id=receipt.complaint_id,
        tracking_id=receipt.tracking_id,
        reporter_ref=receipt.reporter_ref,
        status=receipt.status,
        submitted_at=_utc(receipt.submitted_at),
        replayed=receipt.replayed,
    )
