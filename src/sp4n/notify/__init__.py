"""Notifications: who hears what (rules as data), rendered messages, and SMS length.

The pure half of notifications lives here; delivery (the outbox relay, e-mail, webhook and SMS adapters) is
in :mod:`sp4n.adapters`. See ``docs/notifications.md``.
"""

from __future__ import annotations

from sp4n.notify.facts import ComplaintFacts, fold_facts
from sp4n.notify.messages import MessageRenderer
from sp4n.notify.model import Message, NextDeadline, Recipient, message_id
from sp4n.notify.rules import (
    DEFAULT_RULES,
    Audience,
    NotificationRule,
    Reminder,
    identity_visible,
    may_notify,
)
from sp4n.notify.sms import SmsLength, sms_length
from sp4n.notify.templates import MessageTemplate, Templates

__all__ = [
    "DEFAULT_RULES",
    "Audience",
    "ComplaintFacts",
    "Message",
    "MessageRenderer",
    "MessageTemplate",
    "NextDeadline",
    "NotificationRule",
    "Recipient",
    "Reminder",
    "SmsLength",
    "Templates",
    "fold_facts",
    "identity_visible",
    "may_notify",
    "message_id",
    "sms_length",
]
