"""Delivery adapters: how a rendered :class:`~sp4n.notify.model.Message` reaches its recipient.

Each channel implements :class:`sp4n.ports.MessageSender` (``send(message)``, raising
:class:`~sp4n.exceptions.DeliveryError` marked retryable or permanent); only the standard library is used.

* ``email`` — ``SmtpSender``: one plain-text mail per message over SMTP (optional STARTTLS and login);
* ``webhook`` — ``WebhookSender``: signed JSON POST; ``sign``, and ``SignatureVerifier`` /
  ``verify_signature`` for receivers;
* ``sms`` — ``HttpSmsGateway``: one JSON POST per text to an HTTP SMS gateway (``default_payload``);
* ``_http`` — the keep-alive HTTP POST client the webhook and SMS senders share;
* ``_headers`` — header names every channel sends (no channel imports another).

>>> from sp4n.adapters.delivery import WebhookSender
>>> from sp4n.ports import MessageSender
>>> isinstance(WebhookSender("https://example.org/hook", secret=b"s"), MessageSender)
True
"""

from sp4n.adapters.delivery.email import SmtpSender
from sp4n.adapters.delivery.sms import HttpSmsGateway, default_payload
from sp4n.adapters.delivery.webhook import SignatureVerifier, WebhookSender, sign, verify_signature

__all__ = [
    "HttpSmsGateway",
    "SignatureVerifier",
    "SmtpSender",
    "WebhookSender",
    "default_payload",
    "sign",
    "verify_signature",
]
