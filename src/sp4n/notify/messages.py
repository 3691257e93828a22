"""Messages: a rendered notice for one recipient on one channel, with an id stable across retries.

:class:`MessageRenderer` turns an event (or a :class:`~sp4n.notify.rules.Reminder`) plus the complaint's
:class:`~sp4n.notify.facts.ComplaintFacts` into messages, following the rules and the privacy rules of
:mod:`sp4n.notify.rules`. It is pure: recipients come from a :class:`Directory` and reporter identities from
an :class:`~sp4n.ports.IdentityStore` the host passes in.

The message id is ``sha256(complaint_id, sequence, recipient id, channel)``: the same event rendered again
(a retry, a second relay, a re-drive) gives the same id, so receivers drop duplicates by id.

>>> message_id("c1", "2", "agency:pemkab-sleman", "email")[:16]
'3485ed160206b243'
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import attrs

from sp4n.lifecycle.events import BreachDetails, Event
from sp4n.notify._context import Occasion, context, identity_values, redact, zone_of
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.localtime import DEFAULT_ZONE
from sp4n.notify.rules import (
    DEFAULT_RULES,
    PUBLIC_AUDIENCES,
    Audience,
    Reminder,
    Rule,
    identity_visible,
    may_notify,
    rules_for,
)
from sp4n.notify.templates import DEFAULT_LANGUAGE, Templates
from sp4n.ports import ReporterIdentity, StoredEvent

__all__ = [
    "Deadline",
    "DeadlineSource",
    "Directory",
    "IdentityLookup",
    "Message",
    "MessageRenderer",
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
class Deadline:
    """The next running time limit: which clock and when it falls due (UTC).

    ``label_id`` / ``label_en`` name the clock for people ("tindak lanjut instansi"); when empty, messages use
    the national rule's label for that clock name, else the name itself.
    """

    clock: str
    due_at: datetime
    label_id: str = ""
    label_en: str = ""


class Directory(Protocol):
    """Where the non-reporter recipients of a complaint are (agency admins, units, national admin, ...)."""

    def recipients(self, audience: Audience, facts: ComplaintFacts) -> Sequence[Recipient]: ...


class IdentityLookup(Protocol):
    """Reads reporter identities (an :class:`~sp4n.ports.IdentityStore` fits)."""

    def get(self, identity_id: str) -> ReporterIdentity | None: ...


class DeadlineSource(Protocol):
    """The next deadline of a complaint after an event (the SLA clocks, wired by the host)."""

    def next_deadline(self, facts: ComplaintFacts, event: Event) -> Deadline | None: ...


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


def _reporter_recipients(identity: ReporterIdentity | None, zone: str) -> list[Recipient]:
    if identity is None or identity.erased_at is not None:
        return []  # an erased reporter (UU 27/2022 PDP) is told nothing: there is no one to tell
    found = []
    if identity.email:
        found.append(("email", identity.email))
    if identity.phone:
        found.append(("sms", identity.phone))
    return [
        Recipient(
            id=f"reporter:{identity.id}:{ch}",
            audience=Audience.reporter,
            channel=ch,
            address=addr,
            timezone=zone,
        )
        for ch, addr in found
    ]


class MessageRenderer:
    """Renders the messages an event or reminder causes (pure: every source of data is passed in).

    Args:
        directory: recipients other than the reporter.
        identities: reporter identities (reporter messages need a contact; hidden ones are redacted).
        rules: who hears what (default :data:`~sp4n.notify.rules.DEFAULT_RULES`).
        templates: texts (default the built-in Indonesian and English ones).
        deadlines: where "the next deadline" comes from; without it messages leave the line out.
    """

    def __init__(
        self,
        *,
        directory: Directory,
        identities: IdentityLookup | None = None,
        rules: Sequence[Rule] = DEFAULT_RULES,
        templates: Templates | None = None,
        deadlines: DeadlineSource | None = None,
    ) -> None:
        self._directory = directory
        self._identities = identities
        self._rules = tuple(rules)
        self._templates = templates if templates is not None else Templates()
        self._deadlines = deadlines

    def for_event(self, stored: StoredEvent, facts: ComplaintFacts) -> list[Message]:
        """Every message ``stored`` causes under the rules, privacy applied."""
        event = stored.event
        if isinstance(event.details, BreachDetails):
            deadline: Deadline | None = Deadline(clock=event.details.clock, due_at=event.details.due_at)
        else:
            deadline = self._deadlines.next_deadline(facts, event) if self._deadlines else None
        occasion = Occasion(
            trigger=event.action,
            key=str(event.sequence),
            sequence=event.sequence,
            position=stored.position,
            event=event,
            deadline=deadline,
        )
        return self._render(occasion, facts)

    def for_reminder(
        self, reminder: Reminder, facts: ComplaintFacts, *, deadline: Deadline, sequence: int
    ) -> list[Message]:
        """Messages of a timer notice; ``sequence`` is the complaint's version when the timer fired.

        The id is keyed on the reminder, the clock and the due instant, so a timer worker that fires twice
        for the same deadline produces the same ids.
        """
        key = f"{reminder}:{deadline.clock}:{deadline.due_at.isoformat()}"
        occasion = Occasion(
            trigger=reminder, key=key, sequence=sequence, position=None, event=None, deadline=deadline
        )
        return self._render(occasion, facts)

    def _identity(self, facts: ComplaintFacts) -> ReporterIdentity | None:
        if self._identities is None or facts.reporter_ref is None:
            return None
        return self._identities.get(facts.reporter_ref)

    def _render(self, occasion: Occasion, facts: ComplaintFacts) -> list[Message]:
        identity = self._identity(facts)
        messages = []
        for rule in rules_for(occasion.trigger, self._rules):
            if not may_notify(rule.audience, rahasia=facts.rahasia):
                continue  # a rahasia complaint never reaches a public channel (domain.md §7)
            if rule.audience is Audience.reporter:
                recipients: Sequence[Recipient] = _reporter_recipients(identity, zone_of(facts))
            else:
                recipients = self._directory.recipients(rule.audience, facts)
            messages += [self._message(rule, r, occasion, facts, identity) for r in recipients]
        return messages

    def _message(
        self,
        rule: Rule,
        r: Recipient,
        occ: Occasion,
        facts: ComplaintFacts,
        identity: ReporterIdentity | None,
    ) -> Message:
        ctx = context(rule, r, occ, facts, identity)
        template = self._templates.get(rule.template, r.language)
        secrets = [] if identity_visible(rule.audience, anonim=facts.anonim) else identity_values(identity)

        def fill(t: Any, *, oneline: bool = False) -> str:
            text = redact(t.safe_substitute(ctx), secrets, r.language)
            return " ".join(text.split()) if oneline else text.strip()

        return Message(
            id=message_id(facts.complaint_id, occ.key, r.id, r.channel),
            complaint_id=facts.complaint_id,
            sequence=occ.sequence,
            position=occ.position,
            trigger=str(occ.trigger),
            template=rule.template,
            audience=rule.audience,
            channel=r.channel,
            recipient_id=r.id,
            address=r.address,
            language=r.language,
            tracking_id=facts.tracking_id,
            subject=fill(template.subject, oneline=True),
            body=fill(template.body),
            sms=fill(template.sms, oneline=True),
        )
