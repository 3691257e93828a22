"""Messages: a rendered notice for one recipient on one channel, with an id stable across retries.

:class:`MessageRenderer` turns an event (or a :class:`~sp4n.notify.rules.Reminder`) plus the complaint's
:class:`~sp4n.notify.facts.ComplaintFacts` into messages, following the rules and the privacy rules of
:mod:`sp4n.notify.rules`. It is pure: recipients come from a :class:`~sp4n.notify.model.Directory` and
reporter identities from an :class:`~sp4n.notify.model.IdentityLookup` the host passes in.

The message id is ``sha256(complaint_id, sequence, recipient id, channel)``: the same event rendered again
(a retry, a second relay, a re-drive) gives the same id, so receivers drop duplicates by id.

>>> from sp4n.notify.model import message_id
>>> message_id("c1", "2", "agency:pemkab-sleman", "email")[:16]
'3485ed160206b243'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import BreachDetails, StoredEvent
from sp4n.lifecycle.status import Action
from sp4n.notify._context import Occasion, context, redact, zone_of
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.model import (
    DeadlineSource,
    Directory,
    IdentityLookup,
    Message,
    NextDeadline,
    Recipient,
    message_id,
)
from sp4n.notify.rules import (
    DEFAULT_RULES,
    Audience,
    NotificationRule,
    Reminder,
    identity_visible,
    may_notify,
    rules_for,
)
from sp4n.notify.templates import Templates

__all__ = ["MessageRenderer"]


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
        agency_names: agency id to the name citizens read ("Pemerintah Kabupaten Sleman"); messages name
            an agency by name: these names first, else a regional government's official name
            (:func:`sp4n.jurisdiction.agency_name`), and its id only for an agency nobody named.
    """

    def __init__(
        self,
        *,
        directory: Directory,
        identities: IdentityLookup | None = None,
        rules: Sequence[NotificationRule] = DEFAULT_RULES,
        templates: Templates | None = None,
        deadlines: DeadlineSource | None = None,
        agency_names: Mapping[str, str] | None = None,
    ) -> None:
        self._directory = directory
        self._agency_names = dict(agency_names or {})
        self._identities = identities
        self._rules = tuple(rules)
        self._templates = templates if templates is not None else Templates()
        self._deadlines = deadlines

    def tells_reporter(self, trigger: Action | Reminder) -> bool:
        """Does any rule tell the reporter of ``trigger``? (Then the reporters following a complaint, its
        duplicates', hear of it too.)"""
        return any(r.audience is Audience.reporter for r in rules_for(trigger, self._rules))

    def for_event(self, stored: StoredEvent, facts: ComplaintFacts) -> list[Message]:
        """Every message ``stored`` causes under the rules, privacy applied."""
        event = stored.event
        if isinstance(event.details, BreachDetails):
            deadline: NextDeadline | None = NextDeadline(
                clock=event.details.clock, due_at=event.details.due_at
            )
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
        self, reminder: Reminder, facts: ComplaintFacts, *, deadline: NextDeadline, sequence: int
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

    def _identity(self, reporter_ref: str | None) -> ReporterIdentity | None:
        if self._identities is None or reporter_ref is None:
            return None
        return self._identities.get(reporter_ref)

    def _render(self, occasion: Occasion, facts: ComplaintFacts) -> list[Message]:
        identity = self._identity(facts.reporter_ref)
        messages = []
        for rule in rules_for(occasion.trigger, self._rules):
            if not may_notify(rule.audience, rahasia=facts.rahasia):
                continue  # a rahasia complaint never reaches a public channel (Perpres 76/2013)
            if rule.audience is Audience.reporter:
                recipients: Sequence[Recipient] = _reporter_recipients(identity, zone_of(facts))
                messages += self._to_followers(rule, occasion, facts, identity)
            else:
                recipients = self._directory.recipients(rule.audience, facts)
            messages += [self._message(rule, r, occasion, facts, identity) for r in recipients]
        return messages

    def _to_followers(
        self, rule: NotificationRule, occ: Occasion, facts: ComplaintFacts, identity: ReporterIdentity | None
    ) -> list[Message]:
        """What the reporters of this complaint's duplicates hear: the canonical reporter's notices (our
        choice), never of a rahasia complaint (it is not theirs to read), and never naming either reporter to
        the other: the canonical reporter's identity is redacted from the text and no name is filled in."""
        if facts.rahasia:
            return []
        out = []
        for ref in dict.fromkeys(facts.followers):
            if ref == facts.reporter_ref:
                continue  # the same reporter filed twice: already told once
            zone = zone_of(facts)
            for r in _reporter_recipients(self._identity(ref), zone):
                out.append(self._message(rule, r, occ, facts, None, hidden=identity))
        return out

    def _message(
        self,
        rule: NotificationRule,
        r: Recipient,
        occ: Occasion,
        facts: ComplaintFacts,
        identity: ReporterIdentity | None,
        *,
        hidden: ReporterIdentity | None = None,
    ) -> Message:
        ctx = context(rule, r, occ, facts, identity, agency_names=self._agency_names)
        template = self._templates.get(rule.template, r.language)
        visible = identity_visible(
            rule.audience, anonim=facts.anonim, disclosed_to_ombudsman=facts.disclosed_to_ombudsman
        )
        hidden = hidden if hidden is not None else (None if visible else identity)

        def fill(t: Any, *, oneline: bool = False) -> str:
            text = redact(t.safe_substitute(ctx), hidden, r.language)
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
