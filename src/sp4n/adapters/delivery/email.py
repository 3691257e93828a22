"""E-mail over SMTP with the standard library: optional STARTTLS and login, timeouts, failures sorted.

:class:`SmtpSender` implements :class:`sp4n.ports.MessageSender`. Each message becomes one plain-text mail.
Its ``Message-ID`` header is derived from the message's stable id (``<id@domain>``) and the id is also sent as
``X-Sp4n-Message-Id``, so a mailbox or a mail gateway can drop a duplicate after a retry.

Failures raise :class:`~sp4n.exceptions.DeliveryError`: network errors, timeouts and SMTP 4xx replies
(the server says "try later") are retryable; SMTP 5xx replies (unknown mailbox, refused) are permanent.

>>> from sp4n.notify.model import Message
>>> m = Message(id="ab" * 32, complaint_id="c1", sequence=2, position=9, trigger="verify",
...             template="forwarded", audience="reporter", channel="email", recipient_id="reporter:r1:email",
...             address="siti@example.org", language="id", tracking_id="LAP-1", subject="Laporan LAP-1",
...             body="Isi", sms="Isi")
>>> mail = SmtpSender(host="127.0.0.1", sender="lapor@example.go.id").compose(m)
>>> mail["Message-ID"], mail["To"]
('<abababababababababababababababababababababababababababababababab@example.go.id>', 'siti@example.org')
"""

from __future__ import annotations

import email.policy
import smtplib
import ssl
from email.message import EmailMessage

from sp4n.adapters.delivery._headers import ID_HEADER
from sp4n.exceptions import DeliveryError
from sp4n.notify.model import Message

__all__ = ["SmtpSender"]

# RFC 5322 allows 998 characters a line; not folding keeps the 64-hex id headers on one line for filters.
_POLICY = email.policy.SMTP.clone(max_line_length=998)


class SmtpSender:
    """Sends each message as an e-mail to its address through an SMTP server (a ``MessageSender``).

    Args:
        host: SMTP server.
        port: SMTP port (587 with ``starttls=True`` is the usual submission setup).
        sender: the From address (its domain also names the Message-ID).
        starttls: upgrade the connection with STARTTLS before sending (and before login).
        username: log in with this user (only after STARTTLS, unless the host is loopback).
        password: the password for ``username``.
        timeout: seconds for connecting and for each SMTP command.
        ssl_context: TLS settings for STARTTLS (default: verify certificates).
    """

    def __init__(
        self,
        *,
        host: str,
        sender: str,
        port: int = 25,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._starttls, self._username, self._password = starttls, username, password
        self._timeout, self._ssl = timeout, ssl_context
        self._domain = sender.rpartition("@")[2] or "sp4n.invalid"

    def compose(self, message: Message) -> EmailMessage:
        """The mail for ``message``."""
        mail = EmailMessage(policy=_POLICY)
        mail["From"] = self._sender
        mail["To"] = message.address
        mail["Subject"] = message.subject
        mail["Message-ID"] = f"<{message.id}@{self._domain}>"
        mail[ID_HEADER] = message.id
        mail.set_content(message.body)
        return mail

    def send(self, message: Message) -> None:
        """Deliver one message (raises ``DeliveryError`` on failure)."""
        mail = self.compose(message)
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
                if self._starttls:
                    smtp.starttls(context=self._ssl or ssl.create_default_context())
                if self._username is not None:
                    smtp.login(self._username, self._password or "")
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as err:
            codes = [code for code, _ in err.recipients.values()]
            raise DeliveryError("recipient refused", retryable=all(400 <= c < 500 for c in codes)) from err
        except smtplib.SMTPResponseException as err:
            raise DeliveryError(
                "SMTP {smtp_code}", smtp_code=err.smtp_code, retryable=400 <= err.smtp_code < 500
            ) from err
        except (smtplib.SMTPException, OSError) as err:
            raise DeliveryError("SMTP failure: {error}", error=type(err).__name__, retryable=True) from err
