"""Events as stream records for the systems that subscribe to a broker: id, subject, JSON payload.

A stream is declared for one :class:`StreamAudience`, and every record on it is scoped for that audience
with the lifecycle's privacy views (Perpres 76/2013: a reporter's identity stays confidential):

* ``public`` — what :func:`~sp4n.lifecycle.views.public_view` and
  :func:`~sp4n.lifecycle.views.public_event_view` show: no actor id, no reason, no details, no reporter;
  a rahasia complaint's events are not published at all;
* ``agency`` — what :func:`~sp4n.lifecycle.views.agency_view` and
  :func:`~sp4n.lifecycle.views.agency_event_view` show: the whole event, with an anonim reporter's
  reference and actor id redacted.

The record's id is the event's id, ``"<complaint_id>:<sequence>"``: stable across redeliveries, so the
broker (NATS ``Nats-Msg-Id``) or the consumer (AMQP ``message_id``) drops duplicates.

The payload encoding is a parameter (:data:`Encoder`); :func:`encode_json` is the default.

```python
>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle import Action, Actor, Role, apply, new_complaint
>>> from sp4n.lifecycle.events import StoredEvent
>>> t = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
>>> c, e = new_complaint(complaint_id="c-1", tracking_id="K2C-CYQ-SMH", type="pengaduan", title="Pungli",
...                      description="...", category="pendidikan-dasar", region_code="34.04.01.2001",
...                      channel="web", reporter_ref="r-81", anonim=True,
...                      actor=Actor(id="r-81", role=Role.reporter), at=t)
>>> c, e = apply(c, Action.verify, Actor(id="adm", role=Role.national_admin), t, agency_id="pemkab-34.04")
>>> record = stream_record(StoredEvent(position=2, event=e, hash="h", prev_hash="g"), c,
...                        StreamAudience.agency)
>>> record.id, record.subject("sp4n")
('c-1:2', 'sp4n.pemkab-34_04.verify')
>>> import json
>>> json.loads(record.payload)["complaint"]["reporter_ref"] is None   # anonim: redacted for agencies
True

```
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from datetime import UTC, date
from enum import StrEnum
from typing import Any

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.events import Event, StoredEvent, details_field_names, event_to_dict
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import (
    REDACTED,
    agency_event_view,
    public_event_view,
    public_view,
    shows_as_redacted,
)
from sp4n.texts import text

__all__ = [
    "UNASSIGNED",
    "Encoder",
    "StreamAudience",
    "StreamRecord",
    "encode_json",
    "event_id",
    "stream_record",
    "subject_token",
]

#: The subject token of a complaint that no agency holds yet (before the national admin forwards it).
UNASSIGNED = "unassigned"

#: Payload format version; a consumer checks it before reading the rest.
SCHEMA = 1


class StreamAudience(StrEnum):
    """Who may read the stream: the public (open data, dashboards) or agencies' case systems."""

    public = "public"
    agency = "agency"


#: Encodes one event for an audience, given the complaint as it stands after that event; ``None``: the
#: audience may not see it (not published). :func:`encode_json` is the default.
Encoder = Callable[[StoredEvent, Complaint, StreamAudience], bytes | None]

_NOT_TOKEN = re.compile(r"[^A-Za-z0-9_-]")
#: One encoder for every record (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
#: How that encoder writes a string (quoted, escaped; ``ensure_ascii=False``), and the two booleans.
_string = json.encoder.encode_basestring
_BOOL = ("false", "true")


def subject_token(agency_id: str | None) -> str:
    """``agency_id`` as one subject/routing-key token: dots, wildcards and spaces become ``_``.

    NATS subjects and AMQP topic routing keys both split on ``.`` and treat ``*``, ``>`` and ``#`` as
    wildcards, and Kemendagri codes inside agency ids carry dots. The exact id travels in the payload.

    >>> subject_token("pemkab-34.04"), subject_token(None)
    ('pemkab-34_04', 'unassigned')
    """
    return UNASSIGNED if agency_id is None else _token(agency_id)


@functools.lru_cache(maxsize=4096)  # a few hundred agencies, each on every event it handles
def _token(agency_id: str) -> str:
    return _NOT_TOKEN.sub("_", agency_id) or "_"


def event_id(stored: StoredEvent) -> str:
    """The event's id: ``"<complaint_id>:<sequence>"``, the same on every redelivery."""
    return f"{stored.event.complaint_id}:{stored.event.sequence}"


@attrs.frozen(kw_only=True)
class StreamRecord:
    """One event, encoded for one audience, with what a publisher needs to route and de-duplicate it."""

    id: str
    complaint_id: str
    sequence: int
    position: int
    agency_token: str
    event_type: str
    payload: bytes
    content_type: str = "application/json"

    def subject(self, prefix: str) -> str:
        """``<prefix>.<agency>.<event type>``: the NATS subject and the AMQP routing key."""
        return f"{prefix}.{self.agency_token}.{self.event_type}"


def _instant(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _public(stored: StoredEvent, complaint: Complaint) -> dict[str, Any] | None:
    view, event = public_view(complaint), public_event_view(stored.event, complaint)
    if view is None or event is None:
        return None  # rahasia: the public does not learn the complaint exists
    return {
        "complaint": {k: _instant(v) for k, v in attrs.asdict(view, recurse=False).items()},
        "event": {k: _instant(v) for k, v in attrs.asdict(event, recurse=False).items()},
    }


@functools.cache  # the catalogue does not change while running: one look-up per status
def _status_label(status: Status) -> str:
    return text(f"status.{status.value}", "id")


def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


def _agency(stored: StoredEvent, complaint: Complaint) -> str:
    """The agency payload, written straight from the complaint and the event: what :func:`agency_view` and
    :func:`agency_event_view` show, without the redacted copies they build (for an anonim complaint the
    reporter's reference, the reporter's actor id and the submit's reporter reference are withheld here).

    A template over values escaped by the very function the JSON encoder escapes strings with; the result is
    the encoder's output for the views' dicts byte for byte (a test holds it to the views, so a rule added
    to them and not here fails it).
    """
    c, event = complaint, stored.event
    if event.complaint_id != c.id:
        raise RuleViolation("event.complaint_id", "the event belongs to another complaint")
    hidden = c.is_anonim
    incident = "null" if c.incident_date is None else f'"{c.incident_date.isoformat()}"'
    return (
        f'{{"schema":{SCHEMA},"id":{_string(f"{event.complaint_id}:{event.sequence}")},"audience":"agency",'
        f'"position":{stored.position:d},"complaint":{{"id":{_string(c.id)},'
        f'"tracking_id":{_string(c.tracking_id)},"type":{_string(c.type)},"title":{_string(c.title)},'
        f'"description":{_string(c.description)},"category":{_string(c.category)},'
        f'"region_code":{_text(c.region_code)},"incident_date":{incident},"channel":{_string(c.channel)},'
        f'"status":{_string(c.status)},"status_label":{_string(_status_label(c.status))},'
        f'"agency_id":{_text(c.agency_id)},"unit_ids":{_list(c.unit_ids)},'
        f'"anonim":{_BOOL[hidden]},"rahasia":{_BOOL[c.rahasia is not None]},'
        f'"reporter_ref":{"null" if hidden else _text(c.reporter_ref)},"reporter_redacted":{_BOOL[hidden]},'
        f'"submitted_at":"{c.submitted_at.isoformat()}","updated_at":"{c.updated_at.isoformat()}",'
        f'"version":{c.version:d}}},"event":{_event(event, c, hidden)}}}'
    )


def _event(e: Event, c: Complaint, hidden: bool) -> str:
    """:func:`~sp4n.lifecycle.events.event_to_dict` of the agency's view of ``e``, by template."""
    a = e.actor
    actor_id = REDACTED if shows_as_redacted(a, c) else a.id
    return (
        f'{{"complaint_id":{_string(e.complaint_id)},"sequence":{e.sequence:d},'
        f'"occurred_at":"{e.occurred_at.astimezone(UTC).isoformat()}","action":{_string(e.action)},'
        f'"actor":{{"id":{_string(actor_id)},"role":{_string(a.role)},"agency_id":{_text(a.agency_id)},'
        f'"unit_id":{_text(a.unit_id)}}},"from_status":{_text(e.from_status)},'
        f'"to_status":{_string(e.to_status)},"reason":{_text(e.reason)},"details":{_details(e, c, hidden)}}}'
    )


def _details(e: Event, c: Complaint, hidden: bool) -> str:
    """The event's details as the agency sees them, encoded. Plain values (text, numbers, flags, tuples of
    text, dates) are written as they are, a hidden reporter's reference withheld; anything else (instants,
    durations, attachments) goes the general way, through the view."""
    details = e.details
    cls: type = type(details)
    parts = []
    for name, key in _detail_keys(cls):
        value = getattr(details, name)
        encoded = "null" if hidden and name == "reporter_ref" else _plain(value)
        if encoded is None:
            return _JSON.encode(event_to_dict(agency_event_view(e, c))["details"])
        parts.append(key + encoded)
    return "{" + ",".join(parts) + "}"


def _plain(value: Any) -> str | None:
    """``value`` as the encoder writes it, if it is text, a whole number, a flag, ``None``, a tuple of text
    or a date (as ``event_to_dict`` has it: ISO 8601); ``None`` for anything else."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):  # a flag too: bool is an int, and the encoder writes it true/false
        return _BOOL[value] if isinstance(value, bool) else int.__repr__(value)
    if type(value) is date:
        return f'"{value.isoformat()}"'
    if type(value) is tuple and all(isinstance(v, str) for v in value):
        return _list(value)
    return None


def _list(texts: tuple[str, ...]) -> str:
    return "[" + ",".join(map(_string, texts)) + "]"


@functools.cache  # one per details class
def _detail_keys(cls: type) -> tuple[tuple[str, str], ...]:
    """Each field name of ``cls`` and its encoded key, in the order ``event_to_dict`` writes them."""
    return tuple((name, f"{_string(name)}:") for name in details_field_names(cls))


def encode_json(stored: StoredEvent, complaint: Complaint, audience: StreamAudience) -> bytes | None:
    """The default encoder: compact UTF-8 JSON, ``{"schema", "id", "audience", "position", "complaint",
    "event"}`` with instants in ISO 8601 (UTC), or ``None`` when ``audience`` may not see the event.
    """
    if audience is StreamAudience.agency:
        return _agency(stored, complaint).encode()
    body = _public(stored, complaint)
    if body is None:
        return None
    head = {"schema": SCHEMA, "id": event_id(stored), "audience": str(audience), "position": stored.position}
    return _JSON.encode(head | body).encode()


def stream_record(
    stored: StoredEvent, complaint: Complaint, audience: StreamAudience, encode: Encoder = encode_json
) -> StreamRecord | None:
    """The record of ``stored`` for ``audience`` (``complaint``: as it stands after the event), or ``None``
    when the audience may not see it.
    """
    payload = encode(stored, complaint, audience)
    if payload is None:
        return None
    return StreamRecord(
        id=event_id(stored),
        complaint_id=stored.event.complaint_id,
        sequence=stored.event.sequence,
        position=stored.position,
        # After a decline no agency holds the complaint; the subject stays the declining agency's, so its
        # case system hears of its own decision.
        agency_token=subject_token(complaint.agency_id or stored.event.actor.agency_id),
        event_type=str(stored.event.action),
        payload=payload,
    )
