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

import json
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import attrs

from sp4n.lifecycle.events import StoredEvent, event_to_dict
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import agency_event_view, public_event_view, public_view
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


def subject_token(agency_id: str | None) -> str:
    """``agency_id`` as one subject/routing-key token: dots, wildcards and spaces become ``_``.

    NATS subjects and AMQP topic routing keys both split on ``.`` and treat ``*``, ``>`` and ``#`` as
    wildcards, and Kemendagri codes inside agency ids carry dots. The exact id travels in the payload.

    >>> subject_token("pemkab-34.04"), subject_token(None)
    ('pemkab-34_04', 'unassigned')
    """
    return UNASSIGNED if agency_id is None else _NOT_TOKEN.sub("_", agency_id) or "_"


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


def _status_label(status: Status) -> str:
    label = _STATUS_LABELS.get(status)
    if label is None:
        label = _STATUS_LABELS[status] = text(f"status.{status.value}", "id")
    return label


#: The Indonesian status labels, looked up once per status (the catalogue does not change while running).
_STATUS_LABELS: dict[Status, str] = {}


def _agency(stored: StoredEvent, complaint: Complaint) -> dict[str, Any]:
    """The agency payload's body, built straight from the complaint: what :func:`agency_view` shows without
    the redacted copy it builds (only the reporter fields differ in it, and they are written here: an anonim
    reporter's reference is withheld). Enum members go to the encoder as the strings they are, tuples as
    lists; the result is the JSON of the views' output byte for byte (a test holds it to that).
    """
    hidden = complaint.is_anonim
    incident = complaint.incident_date
    return {
        "complaint": {
            "id": complaint.id, "tracking_id": complaint.tracking_id, "type": complaint.type,
            "title": complaint.title, "description": complaint.description, "category": complaint.category,
            "region_code": complaint.region_code,
            "incident_date": None if incident is None else incident.isoformat(), "channel": complaint.channel,
            "status": complaint.status, "status_label": _status_label(complaint.status),
            "agency_id": complaint.agency_id, "unit_ids": complaint.unit_ids, "anonim": hidden,
            "rahasia": complaint.rahasia is not None,
            "reporter_ref": None if hidden else complaint.reporter_ref, "reporter_redacted": hidden,
            "submitted_at": complaint.submitted_at.isoformat(),
            "updated_at": complaint.updated_at.isoformat(), "version": complaint.version,
        },
        "event": event_to_dict(agency_event_view(stored.event, complaint)),
    }  # fmt: skip


def encode_json(stored: StoredEvent, complaint: Complaint, audience: StreamAudience) -> bytes | None:
    """The default encoder: compact UTF-8 JSON, ``{"schema", "id", "audience", "position", "complaint",
    "event"}`` with instants in ISO 8601 (UTC), or ``None`` when ``audience`` may not see the event.
    """
    event = stored.event
    head = {"schema": SCHEMA, "id": f"{event.complaint_id}:{event.sequence}", "audience": audience,
            "position": stored.position}  # fmt: skip
    if audience is StreamAudience.agency:
        return _JSON.encode(head | _agency(stored, complaint)).encode()
    body = _public(stored, complaint)
    if body is None:
        return None
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
