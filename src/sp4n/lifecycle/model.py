"""The complaint aggregate and the actors who act on it (pure values, no I/O).

A :class:`Complaint` is immutable; the lifecycle's ``apply`` returns a new one together with exactly one
:class:`~sp4n.lifecycle.events.Event`. Reporter identity (name, NIK, phone, e-mail) is *not* here: the
complaint holds only an opaque ``reporter_ref``; the identity lives in its own record so that it can be
erased (UU 27/2022 PDP).

>>> officer = Actor(id="u-7", role=Role.unit_officer, agency_id="pemkab-sleman", unit_id="disdik")
>>> officer.role.label
'Petugas unit / penghubung'
>>> Actor(id="x", role=Role.agency_admin)
Traceback (most recent call last):
...
sp4n.exceptions.RuleViolation: actor.agency_id: admin instansi harus menyebut instansinya
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.status import Status
from sp4n.texts import text

__all__ = [
    "CHANNELS_WITHOUT_REGION",
    "Actor",
    "Channel",
    "Complaint",
    "ComplaintType",
    "DeclineRecord",
    "PrivacyFlag",
    "Role",
    "require_aware",
]


def require_aware(field: str, value: datetime) -> None:
    """Raise :class:`RuleViolation` unless ``value`` is timezone-aware (house rule: no naive time)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise RuleViolation(field, "must be timezone-aware (naive datetimes are refused)")


def _aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    require_aware(attribute.name, value)


class Role(StrEnum):
    """Who an actor is in SP4N-LAPOR! (the tiers of PermenPANRB 5/2025, Ombudsman RI, and two machines).

    Two machine roles, kept apart so that neither can do the other's work: ``intake`` is a channel gateway
    (SMS 1708, Twitter @LAPOR1708) that may only file reports; ``system`` is the SLA timer, which may only
    record breaches, auto-close and (when configured) auto-escalate.
    """

    reporter = "reporter"
    national_admin = "national_admin"
    agency_admin = "agency_admin"
    unit_officer = "unit_officer"
    ombudsman = "ombudsman"
    intake = "intake"
    system = "system"

    @property
    def label(self) -> str:
        """The name of the role in the current language (``sp4n.texts``)."""
        return text(f"role.{self.value}")


class ComplaintType(StrEnum):
    """Report types LAPOR! takes: aspirasi, pengaduan and permintaan informasi."""

    aspirasi = "aspirasi"
    pengaduan = "pengaduan"
    permintaan_informasi = "permintaan_informasi"


class Channel(StrEnum):
    """Where the report came in: web, SMS 1708, the Android/iOS app, Twitter @LAPOR1708, or another."""

    web = "web"
    sms = "sms"
    app = "app"
    twitter = "twitter"
    other = "other"


#: Channels whose reports often carry no location: SMS 1708 and Twitter @LAPOR1708 bring a short text only.
#: Every other channel (web, app) asks for a place, so its reports must name a region code.
CHANNELS_WITHOUT_REGION = frozenset({Channel.sms, Channel.twitter, Channel.other})


def _check_actor(instance: Actor, _: attrs.Attribute[str | None], __: str | None) -> None:
    if not instance.id:
        raise RuleViolation("actor.id", "must not be empty")
    if instance.role is Role.agency_admin and not instance.agency_id:
        raise RuleViolation("actor.agency_id", "an agency_admin must name the agency it administers")
    if instance.role is Role.unit_officer and not instance.agency_id:
        raise RuleViolation("actor.agency_id", "a unit_officer must name the agency it belongs to")
    if instance.role is Role.unit_officer and not instance.unit_id:
        raise RuleViolation("actor.unit_id", "a unit_officer must name its unit")


@attrs.frozen(kw_only=True)
class Actor:
    """Someone (or something) acting on a complaint.

    ``agency_id`` is required for agency admins and unit officers; ``unit_id`` for unit officers.
    """

    id: str
    role: Role = attrs.field(converter=Role)
    agency_id: str | None = None
    unit_id: str | None = attrs.field(default=None, validator=_check_actor)


@attrs.frozen(kw_only=True)
class PrivacyFlag:
    """A privacy flag (anonim or rahasia) that is set, with who set it and when (Perpres 76/2013)."""

    set_by: str
    set_by_role: Role = attrs.field(converter=Role)
    set_at: datetime = attrs.field(validator=_aware)


@attrs.frozen(kw_only=True)
class DeclineRecord:
    """One "bukan wewenang": the agency that declined, who did it, when and why."""

    agency_id: str
    actor_id: str
    at: datetime = attrs.field(validator=_aware)
    reason: str


@attrs.frozen(kw_only=True)
class Complaint:
    """A complaint as it stands after ``version`` events.

    Attributes mirror the LAPOR! report: ``anonim`` and ``rahasia`` are ``None`` when not set, else a
    :class:`PrivacyFlag` recording who set them. ``held_from`` is the status a held complaint resumes to.
    ``breached_clocks`` names every clock whose breach was recorded; ``replies`` counts the reporter's "not
    satisfied" answers; ``satisfaction`` is the reporter's rating at close and ``closed_at`` the last close
    (the reopen and Ombudsman windows count from it); ``disclosed_to_ombudsman`` is an anonim reporter's
    consent that Ombudsman RI (never the agency) may see who they are. ``duplicate_of`` links an archived
    duplicate to its canonical complaint; ``co_agency_ids`` are agencies added to help the lead agency
    (``agency_id``, which alone owns the clocks). ``attachments`` are references to the reporter's files.
    ``information_extended`` says a permintaan informasi's time limit was extended (once, UU 14/2008 Pasal
    22(8)). ``in_redaction`` says the national admin flagged a text of it for masking: it stays off public
    surfaces until the flag is cleared.
    """

    id: str
    tracking_id: str
    type: ComplaintType = attrs.field(converter=ComplaintType)
    title: str
    description: str
    category: str
    region_code: str | None = None
    incident_date: date | None = None
    channel: Channel = attrs.field(converter=Channel)
    reporter_ref: str | None = None
    anonim: PrivacyFlag | None = None
    rahasia: PrivacyFlag | None = None
    submitted_at: datetime = attrs.field(validator=_aware)
    status: Status = attrs.field(converter=Status)
    held_from: Status | None = None
    agency_id: str | None = None
    unit_ids: tuple[str, ...] = ()
    declines: tuple[DeclineRecord, ...] = ()
    archive_reason: str | None = None
    version: int
    updated_at: datetime = attrs.field(validator=_aware)
    breached_clocks: tuple[str, ...] = ()
    replies: int = 0
    satisfaction: int | None = None
    closed_at: datetime | None = None
    ombudsman_ref: str | None = None
    disclosed_to_ombudsman: bool = False
    duplicate_of: str | None = None
    co_agency_ids: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    information_extended: bool = False
    in_redaction: bool = False

    @property
    def is_anonim(self) -> bool:
        """True when the reporter's identity must be hidden."""
        return self.anonim is not None

    @property
    def is_rahasia(self) -> bool:
        """True when the whole report is hidden from the public."""
        return self.rahasia is not None

    @property
    def declined_agencies(self) -> frozenset[str]:
        """Every agency that has said "bukan wewenang" for this complaint."""
        return frozenset(d.agency_id for d in self.declines)

    @property
    def agencies_involved(self) -> frozenset[str]:
        """The lead agency (if any) and every co-handling agency."""
        lead = () if self.agency_id is None else (self.agency_id,)
        return frozenset((*lead, *self.co_agency_ids))
