"""Who hears about what: notification rules as data, and the privacy rules every message obeys.

A :class:`NotificationRule` says "when ``trigger`` happens, tell ``audience`` using ``template``". A trigger
is either an :class:`~sp4n.lifecycle.status.Action` (an event in the log) or a :class:`Reminder` (a timer
notice that is not an event: the auto-close warning and the approaching deadline). Hosts pass their own tuple
of rules to replace :data:`DEFAULT_RULES`.

Privacy (Perpres 76/2013 requires the reporter's identity be kept confidential; UU 27/2022 PDP):

* an **anonim** complaint's reporter identity (name, NIK) and contact (phone, e-mail) never reach anyone but
  the reporter themself — in particular never an agency (:func:`identity_visible`);
* nothing about a **rahasia** complaint goes to a public audience (:func:`may_notify`).

>>> [r.audience.value for r in rules_for(Action.verify)]
['reporter', 'agency_admin', 'public']
>>> identity_visible(Audience.agency_admin, anonim=True)
False
>>> may_notify(Audience.public, rahasia=True)
False
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import attrs

from sp4n.lifecycle.status import Action

__all__ = [
    "AGENCY_AUDIENCES",
    "DEFAULT_RULES",
    "PUBLIC_AUDIENCES",
    "Audience",
    "NotificationRule",
    "Reminder",
    "Trigger",
    "identity_visible",
    "may_notify",
    "rules_for",
]


class Audience(StrEnum):
    """Who a notice is for."""

    reporter = "reporter"
    agency_admin = "agency_admin"
    unit = "unit"
    national_admin = "national_admin"
    ombudsman = "ombudsman"
    public = "public"


class Reminder(StrEnum):
    """Timer notices that are not events in the log (sent by the host's timer worker)."""

    auto_close_warning = "auto_close_warning"
    deadline_approaching = "deadline_approaching"


Trigger = Action | Reminder

#: Audiences that belong to the agency the complaint is about.
AGENCY_AUDIENCES = frozenset({Audience.agency_admin, Audience.unit})
#: Audiences whose channels anyone can read (a public status feed, social media).
PUBLIC_AUDIENCES = frozenset({Audience.public})


@attrs.frozen(kw_only=True)
class NotificationRule:
    """When ``trigger`` happens, tell ``audience`` with the template named ``template``."""

    trigger: Trigger
    audience: Audience = attrs.field(converter=Audience)
    template: str


def _rule(trigger: Trigger, audience: Audience, template: str) -> NotificationRule:
    return NotificationRule(trigger=trigger, audience=audience, template=template)


A = Audience
#: The default rules: reporter on receipt, forward, follow-up, close and auto-close warning; agency
#: admin on arrival, on the reporter's reply or reopen, and approaching deadline; units on disposition and on
#: the reporter's reply or reopen; national admin on breach and decline;
#: Ombudsman RI on escalation (UU 25/2009 Pasal 46); a public status line on forward and close.
DEFAULT_RULES: tuple[NotificationRule, ...] = (
    _rule(Action.submit, A.reporter, "received"),
    _rule(Action.verify, A.reporter, "forwarded"),
    _rule(Action.verify, A.agency_admin, "arrived"),
    _rule(Action.verify, A.public, "public_status"),
    _rule(Action.reroute, A.reporter, "forwarded"),
    _rule(Action.reroute, A.agency_admin, "arrived"),
    _rule(Action.dispose, A.unit, "disposed"),
    _rule(Action.follow_up, A.reporter, "followed_up"),
    # A reply (or a reopen) owes a new tindak lanjut: the agency and the units working it hear of it.
    _rule(Action.reply, A.agency_admin, "replied"),
    _rule(Action.reply, A.unit, "replied"),
    _rule(Action.reopen, A.agency_admin, "replied"),
    _rule(Action.reopen, A.unit, "replied"),
    _rule(Action.request_information, A.reporter, "information_requested"),
    _rule(Action.add_information, A.agency_admin, "information_added"),
    # UU 14/2008 Pasal 22(8): the extension comes with a written notice of its reasons to the requester.
    _rule(Action.extend_information_deadline, A.reporter, "information_deadline_extended"),
    _rule(Action.close, A.reporter, "closed"),
    _rule(Action.close, A.public, "public_status"),
    _rule(Action.decline, A.national_admin, "declined"),
    _rule(Action.record_breach, A.national_admin, "breach"),
    _rule(Action.escalate, A.ombudsman, "escalated"),
    _rule(Reminder.auto_close_warning, A.reporter, "auto_close_warning"),
    _rule(Reminder.deadline_approaching, A.agency_admin, "deadline_approaching"),
)
del A


def rules_for(trigger: Trigger, rules: Sequence[NotificationRule] = DEFAULT_RULES) -> list[NotificationRule]:
    """The rules that fire on ``trigger``, in the order given.

    >>> [r.template for r in rules_for(Reminder.auto_close_warning)]
    ['auto_close_warning']
    >>> rules_for(Action.start)
    []
    """
    return [r for r in rules if r.trigger == trigger and type(r.trigger) is type(trigger)]


def identity_visible(audience: Audience, *, anonim: bool, disclosed_to_ombudsman: bool = False) -> bool:
    """May a message to ``audience`` carry the reporter's identity or contact?

    Never for a public audience; for an anonim complaint only to the reporter, and to Ombudsman RI once the
    reporter escalated with ``disclose_identity`` (UU 37/2008 Pasal 24(2): that consent is for Ombudsman RI
    alone, never the agency).

    >>> identity_visible(Audience.ombudsman, anonim=True, disclosed_to_ombudsman=True)
    True
    >>> identity_visible(Audience.agency_admin, anonim=True, disclosed_to_ombudsman=True)
    False

    >>> identity_visible(Audience.reporter, anonim=True)
    True
    >>> identity_visible(Audience.public, anonim=False)
    False
    """
    if audience in PUBLIC_AUDIENCES:
        return False
    if audience is Audience.ombudsman and disclosed_to_ombudsman:
        return True
    return audience is Audience.reporter or not anonim


def may_notify(audience: Audience, *, rahasia: bool) -> bool:
    """May ``audience`` hear of the complaint at all? Public audiences never hear of a rahasia one.

    >>> may_notify(Audience.agency_admin, rahasia=True)
    True
    """
    return not (rahasia and audience in PUBLIC_AUDIENCES)
