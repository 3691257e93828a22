"""Events: the append-only record of who did what to a complaint, when and why.

Every event carries the complaint id, its sequence number (equal to the complaint's version after it), the
instant in UTC, the actor, the status before and after, a reason or note, and *typed* details for its action.

Events serialise to plain JSON-safe dicts and back without loss, which is what storage adapters and the outbox
use:

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Actor, Role
>>> e = Event(complaint_id="c1", sequence=2, occurred_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
...           action=Action.verify, actor=Actor(id="adm", role=Role.national_admin),
...           from_status=Status.submitted, to_status=Status.forwarded, reason=None,
...           details=ForwardDetails(agency_id="pemkab-sleman"))
>>> event_from_dict(event_to_dict(e)) == e
True
>>> event_to_dict(e)["details"]
{'agency_id': 'pemkab-sleman', 'title': None, 'category': None, 'anonim': None, 'rahasia': None}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeAlias

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.model import Actor, Channel, ComplaintType, Role
from sp4n.lifecycle.status import Action, Status

__all__ = [
    "BreachDetails",
    "CloseDetails",
    "CoAgencyDetails",
    "Details",
    "DisposeDetails",
    "DuplicateDetails",
    "EscalateDetails",
    "Event",
    "ForwardDetails",
    "InformationDetails",
    "NoDetails",
    "OmbudsmanDetails",
    "PublishDetails",
    "RedactDetails",
    "Seal",
    "StoredEvent",
    "SubmitDetails",
    "canonical_json",
    "details_type_for",
    "event_from_dict",
    "event_to_dict",
]


@attrs.frozen(kw_only=True)
class SubmitDetails:
    """Everything the reporter filed; replay builds the complaint from it (a reporter ref, never identity)."""

    tracking_id: str
    type: ComplaintType = attrs.field(converter=ComplaintType)
    title: str
    description: str
    category: str
    region_code: str | None = None
    incident_date: date | None = None
    channel: Channel = attrs.field(converter=Channel)
    reporter_ref: str | None = None
    anonim: bool = False
    rahasia: bool = False


@attrs.frozen(kw_only=True)
class ForwardDetails:
    """Verify and forward (or reroute) to an agency; verification may also set title, category and flags."""

    agency_id: str
    title: str | None = None
    category: str | None = None
    anonim: bool | None = None
    rahasia: bool | None = None


def _unit_tuple(unit_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(unit_ids)


@attrs.frozen(kw_only=True)
class DisposeDetails:
    """Disposisi to one or more units of the assigned agency."""

    unit_ids: tuple[str, ...] = attrs.field(converter=_unit_tuple)


@attrs.frozen(kw_only=True)
class EscalateDetails:
    """Escalation to Ombudsman RI (UU 25/2009 Pasal 46); ``ombudsman_ref`` is their case number if known.

    ``disclose_identity`` is an anonim reporter's consent that Ombudsman RI (never the agency) may see who
    they are: Ombudsman RI takes reports only from identified reporters (UU 37/2008 Pasal 24(1)) and keeps
    the identity confidential on request (24(2)).
    """

    ombudsman_ref: str | None = None
    disclose_identity: bool | None = None


def _attachment_tuple(value: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class InformationDetails:
    """The reporter's added information: the text is the event's reason; files are references."""

    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=_attachment_tuple)


@attrs.frozen(kw_only=True)
class DuplicateDetails:
    """An archived duplicate and the canonical complaint it repeats."""

    duplicate_of: str


@attrs.frozen(kw_only=True)
class CoAgencyDetails:
    """A co-handling agency the national admin adds (the lead agency keeps the clocks)."""

    agency_id: str


@attrs.frozen(kw_only=True)
class CloseDetails:
    """A close; ``satisfaction`` is the reporter's rating (1 to 5, our choice of scale), absent on
    auto-close."""

    satisfaction: int | None = None


@attrs.frozen(kw_only=True)
class OmbudsmanDetails:
    """A step Ombudsman RI records: ``document_ref`` is its registration, LHP or Rekomendasi number."""

    document_ref: str | None = None


@attrs.frozen(kw_only=True)
class BreachDetails:
    """A time limit was breached: which clock, the due instant, and by how much it was overrun."""

    clock: str
    due_at: datetime
    overdue_by: timedelta
    agency_id: str | None = None


@attrs.frozen(kw_only=True)
class PublishDetails:
    """An attachment made public: the storage key of the complaint's attachment it publishes."""

    storage_key: str


@attrs.frozen(kw_only=True)
class RedactDetails:
    """A span masked in one free text of an earlier event: which event (``sequence``) and text (``field``:
    ``reason``, ``details.title`` or ``details.description``), the span ``[start, end)`` of the text as it
    stood, and the SHA-256 of the text after masking (what verification checks the stored text against once
    the original is erased). The masked words themselves are never in the event."""

    sequence: int
    field: str
    start: int
    end: int
    masked_digest: str


@attrs.frozen(kw_only=True)
class NoDetails:
    """Actions whose only data are the actor, the time and the reason."""


Details: TypeAlias = (
    SubmitDetails
    | ForwardDetails
    | DisposeDetails
    | EscalateDetails
    | CloseDetails
    | DuplicateDetails
    | CoAgencyDetails
    | InformationDetails
    | OmbudsmanDetails
    | BreachDetails
    | NoDetails
    | PublishDetails
    | RedactDetails
)

_DETAILS_FOR: dict[Action, type[Details]] = {
    Action.submit: SubmitDetails,
    Action.verify: ForwardDetails,
    Action.reroute: ForwardDetails,
    Action.dispose: DisposeDetails,
    Action.escalate: EscalateDetails,
    Action.close: CloseDetails,
    Action.archive_duplicate: DuplicateDetails,
    Action.add_agency: CoAgencyDetails,
    Action.add_information: InformationDetails,
    Action.ombudsman_receive: OmbudsmanDetails,
    Action.record_lhp: OmbudsmanDetails,
    Action.record_recommendation: OmbudsmanDetails,
    Action.record_response: OmbudsmanDetails,
    Action.conclude: OmbudsmanDetails,
    Action.record_breach: BreachDetails,
    Action.publish_attachment: PublishDetails,
    Action.redact: RedactDetails,
}


def details_type_for(action: Action) -> type[Details]:
    """The details class an event of ``action`` carries.

    >>> details_type_for(Action.dispose).__name__
    'DisposeDetails'
    >>> details_type_for(Action.start).__name__
    'NoDetails'
    """
    return _DETAILS_FOR.get(action, NoDetails)


def _utc(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() != timedelta(0):
        raise RuleViolation(attribute.name, "must be an aware datetime in UTC")


@attrs.frozen(kw_only=True)
class Event:
    """One step in a complaint's life. ``sequence`` starts at 1 (the submit) and equals the version after."""

    complaint_id: str
    sequence: int
    occurred_at: datetime = attrs.field(validator=_utc)
    action: Action = attrs.field(converter=Action)
    actor: Actor
    from_status: Status | None
    to_status: Status
    reason: str | None = None
    details: Details = NoDetails()


# --- JSON-safe codec --------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, Attachment):
        return attrs.asdict(value)
    return value


#: The field names of each details class, looked up once (``attrs.fields`` per event was a fifth of it).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
#: Values that encode as themselves: most details fields (ids, texts, numbers).
_PLAIN = (str, int, type(None))
_ACTIONS: dict[str, Action] = {m.value: m for m in Action}
_ROLES: dict[str, Role] = {m.value: m for m in Role}
_STATUSES: dict[str, Status] = {m.value: m for m in Status}


def details_field_names(cls: type) -> tuple[str, ...]:
    """A details class's field names in declaration order, the order :func:`event_to_dict` writes them."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in attrs.fields(cls))
    return names


def _details_to_dict(details: Details) -> dict[str, Any]:
    out = {}
    for name in details_field_names(type(details)):
        value = getattr(details, name)
        # bool is an int: encodes as itself too. StrEnum members are str: json writes their value.
        out[name] = value if isinstance(value, _PLAIN) else _encode(value)
    return out


def _details_from_dict(action: Action, data: Mapping[str, Any]) -> Details:
    cls = details_type_for(action)
    kwargs: dict[str, Any] = dict(data)
    if cls is SubmitDetails and kwargs.get("incident_date"):
        kwargs["incident_date"] = date.fromisoformat(kwargs["incident_date"])
    if cls is InformationDetails:
        kwargs["attachments"] = tuple(Attachment(**a) for a in kwargs.get("attachments", ()))
    if cls is BreachDetails:
        kwargs["due_at"] = datetime.fromisoformat(kwargs["due_at"])
        kwargs["overdue_by"] = timedelta(seconds=kwargs["overdue_by"])
    return cls(**kwargs)


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-safe dict of ``event`` (instants as ISO 8601 in UTC)."""
    return {
        "complaint_id": event.complaint_id,
        "sequence": event.sequence,
        "occurred_at": _encode(event.occurred_at),
        "action": str(event.action),
        "actor": {
            "id": event.actor.id,
            "role": str(event.actor.role),
            "agency_id": event.actor.agency_id,
            "unit_id": event.actor.unit_id,
        },
        "from_status": None if event.from_status is None else str(event.from_status),
        "to_status": str(event.to_status),
        "reason": event.reason,
        "details": _details_to_dict(event.details),
    }


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """Rebuild an :class:`Event` from :func:`event_to_dict`'s output."""
    action = _ACTIONS.get(data["action"]) or Action(data["action"])  # a dict look-up: Enum(v) costs 20×
    actor, before = data["actor"], data["from_status"]
    return Event(
        complaint_id=data["complaint_id"], sequence=int(data["sequence"]),
        occurred_at=datetime.fromisoformat(data["occurred_at"]), action=action,
        actor=Actor(id=actor["id"], role=_ROLES.get(actor["role"]) or Role(actor["role"]),
                    agency_id=actor["agency_id"], unit_id=actor["unit_id"]),
        from_status=None if before is None else _STATUSES.get(before) or Status(before),
        to_status=_STATUSES.get(data["to_status"]) or Status(data["to_status"]),
        reason=data["reason"], details=_details_from_dict(action, data["details"]),
    )  # fmt: skip


def canonical_json(data: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, ASCII only (lone surrogates survive as escapes).

    >>> canonical_json({"b": 1, "a": "é"})
    '{"a":"\\\\u00e9","b":1}'
    """
    return _CANONICAL(data)


def _one_shot(*, sort_keys: bool) -> Callable[[Any], str]:
    """A C encoder made once (a ``JSONEncoder`` makes one per call); the same text as ``plain`` below, but
    no circular-reference check (these dicts are built fresh from attrs classes)."""
    plain = json.JSONEncoder(sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator
        return plain.encode
    encoder = make(None, plain.default, json.encoder.encode_basestring_ascii, None, ":", ",", sort_keys,
                   False, False)  # fmt: skip

    return lambda data: "".join(encoder(data, 0))


_CANONICAL = _one_shot(sort_keys=True)
#: :func:`canonical_json` without sorting, for dicts built with sorted keys at every level (the state rows;
#: the audit re-encodes them with :func:`canonical_json` and compares, so a key out of order is found).
presorted_json = _one_shot(sort_keys=False)


@attrs.frozen(kw_only=True)
class Seal:
    """How the chain commits to one free text of a stored event (chain format 2, :mod:`sp4n.lifecycle.seals`):
    ``digest`` is SHA-256 over ``salt`` and the text. ``salt`` is ``None`` once the text was redacted: the
    original and its salt left the event row, and the masked text is checked against the redact event."""

    field: str
    digest: str
    salt: str | None


@attrs.frozen(kw_only=True)
class StoredEvent:
    """An event as committed: its global ``position`` in the log (the outbox order) and its chain hash.

    ``seals`` is ``None`` for chain format 1 (the hash covers the texts themselves), else one :class:`Seal`
    per free text the event holds (format 2: the hash covers their digests).
    """

    position: int
    event: Event
    hash: str
    prev_hash: str
    seals: tuple[Seal, ...] | None = None
