"""The values a rendered notice is made of (its recipient, the deadline it mentions, the message itself) and
the three read ports the renderer is given (re-exported by :mod:`sp4n.ports`).

Kept apart from the renderer so that ports, adapters and the renderer's helpers can all name these types
without importing the renderer (and without an import cycle).

>>> message_id("c1", "2", "agency:pemkab-sleman", "email")[:16]
'3485ed160206b243'
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import attrs

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import Event
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.localtime import DEFAULT_ZONE
from sp4n.notify.rules import PUBLIC_AUDIENCES, Audience
from sp4n.notify.templates import DEFAULT_LANGUAGE

__all__ = [
    "DeadlineSource",
    "Directory",
    "IdentityLookup",
    "Message",
    "NextDeadline",
    "Recipient",
    "message_id",
]


@attrs.frozen(kw_only=True)
class Recipient:
    """Someone to tell, on one channel: ``address`` is an e-mail, a phone number, a URL or a feed name."""

    id: str
    audience: Audience = attrs.field(converter=Audience)
    channel: str
    address: str
    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_ZONE


@attrs.frozen(kw_only=True)
class NextDeadline:
    """The next running time limit: which clock and when it falls due (UTC).

    ``label_id`` / ``label_en`` name the clock for people ("tindak lanjut instansi"); when empty, messages use
    the national rule's label for that clock name, else the name itself.
    """

    clock: str
    due_at: datetime
    label_id: str = ""
    label_en: str = ""


@attrs.frozen(kw_only=True)
class Message:
    """One notice to one recipient on one channel. ``public`` marks a channel anyone can read."""

    id: str
    complaint_id: str
    sequence: int
    position: int | None
    trigger: str
    template: str
    audience: Audience = attrs.field(converter=Audience)
    channel: str
    recipient_id: str
    address: str
    language: str
    tracking_id: str
    subject: str
    body: str
    sms: str

    @property
    def public(self) -> bool:
        """True when the message goes to a public audience."""
        return self.audience in PUBLIC_AUDIENCES

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the webhook payload)."""
        return {f.name: str(v) if isinstance(v, Audience) else v for f, v in _items(self)}


def _items(m: Message) -> list[tuple[attrs.Attribute[Any], Any]]:
    return [(f, getattr(m, f.name)) for f in attrs.fields(Message)]


def message_id(complaint_id: str, key: str, recipient_id: str, channel: str) -> str:
    """The stable id of a message: sha256 over the event key, the recipient and the channel."""
    raw = "\x1f".join((complaint_id, key, recipient_id, channel)).encode()
    return hashlib.sha256(raw).hexdigest()


class Directory(Protocol):
    """Where the non-reporter recipients of a complaint are (agency admins, units, national admin, ...)."""

    def recipients(self, audience: Audience, facts: ComplaintFacts) -> Sequence[Recipient]: ...


class IdentityLookup(Protocol):
    """Reads reporter identities (an :class:`~sp4n.ports.IdentityStore` fits)."""

    def get(self, identity_id: str) -> ReporterIdentity | None: ...


class DeadlineSource(Protocol):
    """The next deadline of a complaint after an event (the SLA clocks, wired by the host)."""

    def next_deadline(self, facts: ComplaintFacts, event: Event) -> NextDeadline | None: ...
