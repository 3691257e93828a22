"""The wire models: pydantic definitions of every JSON document sp4n speaks, version 1.

These models are the *single* definition of the wire: :mod:`sp4n.wire.codec` fills them from the domain's
values and the JSON Schema (:func:`sp4n.wire.json_schemas`) is generated from them, so the documentation,
the validator and the encoder cannot disagree. Names are the domain's attribute names; instants are ISO 8601
in UTC; enums are their string values. Nothing of attrs or pydantic (class names, private fields) appears in
the JSON.

Top-level documents carry ``"v": 1``. A consumer rejects a version it does not know; sp4n only adds optional
fields within a version and makes a new version for anything else.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sp4n.lifecycle.model import Channel, ComplaintType, Role
from sp4n.lifecycle.status import Action, Status

__all__ = [
    "WIRE_VERSION",
    "ActorDoc",
    "AgencyComplaintDoc",
    "AttachmentDoc",
    "BreachDetailsDoc",
    "CloseDetailsDoc",
    "CoAgencyDetailsDoc",
    "ComplaintDoc",
    "DeclineDoc",
    "DetailsDoc",
    "DisclosureDoc",
    "DisposeDetailsDoc",
    "DuplicateDetailsDoc",
    "EscalateDetailsDoc",
    "EventDoc",
    "ForwardDetailsDoc",
    "InformationDetailsDoc",
    "NextDeadlineDoc",
    "NoDetailsDoc",
    "OmbudsmanDetailsDoc",
    "PrivacyFlagDoc",
    "ProblemDoc",
    "PublicComplaintDoc",
    "PublicEventDoc",
    "PublishDetailsDoc",
    "ReceiptDoc",
    "RedactDetailsDoc",
    "ReporterComplaintDoc",
    "StoredEventDoc",
    "SubmitDetailsDoc",
]

#: The wire version every top-level document carries as ``"v"``.
WIRE_VERSION = 1

Version = Annotated[Literal[1], Field(description="wire format version")]


def _title(cls: type) -> str:
    # The schema names a document as the wire does ("PublicComplaint"), not by the Python class.
    return cls.__name__.removesuffix("Doc")


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, model_title_generator=_title)


class ActorDoc(_Doc):
    """Who acted: an id and a role (agency and unit for agency staff)."""

    id: str
    role: Role
    agency_id: str | None = None
    unit_id: str | None = None


class PrivacyFlagDoc(_Doc):
    """A privacy flag that is set: who set it, in which role, when."""

    set_by: str
    set_by_role: Role
    set_at: datetime


class DeclineDoc(_Doc):
    """One "bukan wewenang"."""

    agency_id: str
    actor_id: str
    at: datetime
    reason: str


class NextDeadlineDoc(_Doc):
    """The next running SLA time limit: the clock's name, when it falls due, its labels for people."""

    clock: str
    due_at: datetime
    label_id: str = ""
    label_en: str = ""


class AttachmentDoc(_Doc):
    """A reference to a stored file: media type, size, SHA-256 and storage key (never the bytes)."""

    media_type: str
    size: int
    sha256: str
    storage_key: str
    published: bool = False


class ComplaintDoc(_Doc):
    """A whole complaint (the reporter's own view; inside an agency view, with the reporter redacted)."""

    id: str
    tracking_id: str
    type: ComplaintType
    title: str
    description: str
    category: str
    region_code: str | None = None
    incident_date: date | None = None
    channel: Channel
    reporter_ref: str | None = None
    anonim: PrivacyFlagDoc | None = None
    rahasia: PrivacyFlagDoc | None = None
    submitted_at: datetime
    status: Status
    status_label: str = Field(description="the Indonesian label LAPOR! shows (read-only)")
    held_from: Status | None = None
    agency_id: str | None = None
    unit_ids: tuple[str, ...] = ()
    declines: tuple[DeclineDoc, ...] = ()
    archive_reason: str | None = None
    version: int
    updated_at: datetime
    breached_clocks: tuple[str, ...] = ()
    replies: int = 0
    satisfaction: int | None = None
    closed_at: datetime | None = None
    ombudsman_ref: str | None = None
    disclosed_to_ombudsman: bool = False
    duplicate_of: str | None = None
    co_agency_ids: tuple[str, ...] = ()
    attachments: tuple[AttachmentDoc, ...] = ()
    information_extended: bool = False
    in_redaction: bool = False


def _due_at() -> Any:
    return Field(default=None, description="the stored deadline the timers act on (none once closed)")


class ReporterComplaintDoc(_Doc):
    """The reporter's view of their own complaint (``kind`` "reporter")."""

    v: Version = 1
    kind: Literal["reporter"] = "reporter"
    complaint: ComplaintDoc
    due_at: datetime | None = _due_at()
    next_deadline: NextDeadlineDoc | None = None


class DisclosureDoc(_Doc):
    """A recorded lifting of an anonim reporter's anonymity for one complaint."""

    complaint_id: str
    authorised_by: str
    at: datetime
    reason: str


class AgencyComplaintDoc(_Doc):
    """What an agency sees (``kind`` "agency"): ``reporter_ref`` is null for anonim unless disclosed."""

    v: Version = 1
    kind: Literal["agency"] = "agency"
    complaint: ComplaintDoc
    reporter_ref: str | None
    reporter_redacted: bool
    disclosure: DisclosureDoc | None = None
    due_at: datetime | None = _due_at()
    next_deadline: NextDeadlineDoc | None = None


class PublicComplaintDoc(_Doc):
    """What anyone may see (``kind`` "public"): never a reporter reference, never a rahasia complaint."""

    v: Version = 1
    kind: Literal["public"] = "public"
    tracking_id: str
    type: ComplaintType
    title: str
    description: str
    category: str
    region_code: str | None = None
    incident_date: date | None = None
    channel: Channel
    status: Status
    status_label: str
    agency_id: str | None = None
    submitted_at: datetime
    updated_at: datetime
    attachments: tuple[AttachmentDoc, ...] = Field(default=(), description="the published attachments")
    due_at: datetime | None = _due_at()
    next_deadline: NextDeadlineDoc | None = None


class PublicEventDoc(_Doc):
    """A step as the public sees it: what and when, the role that acted."""

    v: Version = 1
    sequence: int
    occurred_at: datetime
    action: Action
    actor_role: Role
    from_status: Status | None = None
    to_status: Status


class SubmitDetailsDoc(_Doc):
    kind: Literal["submit"] = "submit"
    tracking_id: str
    type: ComplaintType
    title: str
    description: str
    category: str
    region_code: str | None = None
    incident_date: date | None = None
    channel: Channel
    reporter_ref: str | None = None
    anonim: bool = False
    rahasia: bool = False


class ForwardDetailsDoc(_Doc):
    kind: Literal["forward"] = "forward"
    agency_id: str
    title: str | None = None
    category: str | None = None
    anonim: bool | None = None
    rahasia: bool | None = None


class DisposeDetailsDoc(_Doc):
    kind: Literal["dispose"] = "dispose"
    unit_ids: tuple[str, ...]


class EscalateDetailsDoc(_Doc):
    kind: Literal["escalate"] = "escalate"
    ombudsman_ref: str | None = None
    disclose_identity: bool | None = None


class CloseDetailsDoc(_Doc):
    kind: Literal["close"] = "close"
    satisfaction: int | None = None


class DuplicateDetailsDoc(_Doc):
    kind: Literal["duplicate"] = "duplicate"
    duplicate_of: str


class CoAgencyDetailsDoc(_Doc):
    kind: Literal["co_agency"] = "co_agency"
    agency_id: str


class InformationDetailsDoc(_Doc):
    kind: Literal["information"] = "information"
    attachments: tuple[AttachmentDoc, ...] = ()


class OmbudsmanDetailsDoc(_Doc):
    kind: Literal["ombudsman"] = "ombudsman"
    document_ref: str | None = None


class BreachDetailsDoc(_Doc):
    kind: Literal["breach"] = "breach"
    clock: str
    due_at: datetime
    overdue_by: timedelta = Field(description="ISO 8601 duration")
    agency_id: str | None = None


class NoDetailsDoc(_Doc):
    kind: Literal["none"] = "none"


class PublishDetailsDoc(_Doc):
    kind: Literal["publish"] = "publish"
    storage_key: str


class RedactDetailsDoc(_Doc):
    """Which text of which event was masked, the span, the SHA-256 of the masked text (never the words)."""

    kind: Literal["redact"] = "redact"
    sequence: int
    field: str
    start: int
    end: int
    masked_digest: str


DetailsDoc = Annotated[
    SubmitDetailsDoc
    | ForwardDetailsDoc
    | DisposeDetailsDoc
    | EscalateDetailsDoc
    | CloseDetailsDoc
    | DuplicateDetailsDoc
    | CoAgencyDetailsDoc
    | InformationDetailsDoc
    | OmbudsmanDetailsDoc
    | BreachDetailsDoc
    | NoDetailsDoc
    | PublishDetailsDoc
    | RedactDetailsDoc,
    Field(discriminator="kind"),
]


class EventDoc(_Doc):
    """One step of a complaint's life; ``details.kind`` says which details it carries."""

    complaint_id: str
    sequence: int
    occurred_at: datetime
    action: Action
    actor: ActorDoc
    from_status: Status | None = None
    to_status: Status
    reason: str | None = None
    details: DetailsDoc


class StoredEventDoc(_Doc):
    """A committed event: its position in the log (the outbox order) and its hash chain link."""

    v: Version = 1
    position: int
    event: EventDoc
    hash: str
    prev_hash: str


class ReceiptDoc(_Doc):
    """What a reporter is told after filing; ``replayed`` is true for an idempotent retry."""

    v: Version = 1
    complaint_id: str
    tracking_id: str
    reporter_ref: str | None = None
    status: Status
    submitted_at: datetime
    replayed: bool = False


class ProblemDoc(BaseModel):
    """An error as RFC 9457 problem details (``application/problem+json``); extension members allowed."""

    model_config = ConfigDict(extra="allow", frozen=True, model_title_generator=_title)

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    field: str | None = Field(default=None, description="the input field that broke a rule")
    rule: str | None = Field(default=None, description="the rule it broke")
    errors: list[dict[str, str]] | None = Field(
        default=None, description="every problem found, as {field, rule}"
    )
