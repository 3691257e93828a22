"""Webhooks: each message is POSTed as JSON, signed with HMAC-SHA256 over the timestamp and the body.

:class:`WebhookSender` implements :class:`sp4n.ports.MessageSender`; receivers use :class:`SignatureVerifier`
(or :func:`verify_signature`).

Headers sent:

* ``X-Sp4n-Timestamp`` — seconds since the epoch when the request was signed;
* ``X-Sp4n-Signature`` — ``sha256=<hex>`` of ``HMAC(secret, timestamp + "." + body)``;
* ``X-Sp4n-Message-Id`` — the message's stable id (the receiver drops duplicates by it).

Signing the timestamp with the body lets a receiver refuse a replay: :func:`verify_signature` accepts a
request only when the signature matches *and* the timestamp is within ``tolerance`` seconds of now. Retries
re-sign with a fresh timestamp, so a legitimate late retry still passes.

>>> body = b'{"id": "m1"}'
>>> sig = sign(b"s3cret", "1772420400", body)
>>> verify_signature(secret=b"s3cret", timestamp="1772420400", body=body, signature=sig, now=1772420410)
True
>>> verify_signature(secret=b"s3cret", timestamp="1772420400", body=body, signature=sig, now=1772429999)
False
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import ssl
import time
from collections.abc import Callable

from sp4n.adapters.delivery._headers import ID_HEADER
from sp4n.adapters.delivery._http import HttpPoster
from sp4n.exceptions import ConfigurationError
from sp4n.notify.model import Message

__all__ = [
    "ID_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "SignatureVerifier",
    "WebhookSender",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Sp4n-Signature"
TIMESTAMP_HEADER = "X-Sp4n-Timestamp"


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


_TIMESTAMP = re.compile(r"[0-9]{1,15}")
_SIGNATURE = re.compile(r"sha256=[0-9a-f]{64}")


class SignatureVerifier:
    """A receiver's check of sp4n's webhook signatures, with its secret fixed at construction.

    An empty secret is refused here, once, as :class:`~sp4n.exceptions.ConfigurationError`: anybody could
    sign with it. :meth:`verify` never raises on what a request carries.

    >>> SignatureVerifier(b"")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.ConfigurationError: secret: webhook memerlukan rahasia penandatanganan yang tidak kosong
    """

    def __init__(self, secret: bytes, *, tolerance: float = 300.0) -> None:
        if not isinstance(secret, bytes) or not secret:
            raise ConfigurationError("secret", "a webhook needs a non-empty signing secret")
        self._secret = secret
        self._tolerance = tolerance

    def verify(self, *, timestamp: object, body: object, signature: object, now: float) -> bool:
        """True when ``signature`` is ours for ``timestamp`` and ``body`` and the timestamp is fresh; False
        for anything else, malformed input included (non-ASCII or non-decimal text, wrong types)."""
        if not isinstance(timestamp, str) or not isinstance(signature, str) or not isinstance(body, bytes):
            return False
        # fullmatch on ASCII-only patterns: int() would take Arabic-Indic digits, spaces, "+" and "_".
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        if abs(now - int(timestamp)) > self._tolerance:
            return False
        return hmac.compare_digest(sign(self._secret, timestamp, body), signature)


def verify_signature(
    *, secret: bytes, timestamp: str, body: bytes, signature: str, now: float, tolerance: float = 300.0
) -> bool:
    """True when ``signature`` is ours for ``timestamp`` and ``body`` and the timestamp is fresh; False on any
    malformed input. An empty secret raises :class:`~sp4n.exceptions.ConfigurationError` (see
    :class:`SignatureVerifier`, which checks it once, at construction).

    Args:
        secret: the shared secret.
        timestamp: the ``X-Sp4n-Timestamp`` header.
        body: the raw request body, exactly as received.
        signature: the ``X-Sp4n-Signature`` header.
        now: the receiver's current time (seconds since the epoch).
        tolerance: how far (either way) the timestamp may be from ``now``.
    """
    verifier = SignatureVerifier(secret, tolerance=tolerance)
    return verifier.verify(timestamp=timestamp, body=body, signature=signature, now=now)


def encode(message: Message) -> bytes:
    """The JSON body of a message (keys sorted, compact)."""
    return json.dumps(message.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class WebhookSender:
    """POSTs each message as signed JSON to ``url`` (or, when ``url`` is ``None``, to the message's address).
    Failures raise :class:`~sp4n.exceptions.DeliveryError`: retryable for 5xx, 408, 429 and network
    errors or timeouts, permanent for other 4xx (the relay then dead-letters without retrying).
    """

    def __init__(
        self,
        url: str | None,
        *,
        secret: bytes,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.time,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if not secret:
            raise ConfigurationError("secret", "a webhook needs a non-empty signing secret")
        self._url, self._secret, self._clock = url, secret, clock
        self._http = HttpPoster(timeout=timeout, ssl_context=ssl_context)

    def send(self, message: Message) -> None:
        """Deliver one message (raises ``DeliveryError`` on failure)."""
        self.begin(message)()

    def begin(self, message: Message) -> Callable[[], object]:
        """Post the message now; the returned call waits for the answer and raises as :meth:`send` does
        (the relay renders its next event in between)."""
        m = message
        body = encode(m)
        timestamp = str(int(self._clock()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(self._secret, timestamp, body),
            ID_HEADER: m.id,
        }
        return self._http.begin(self._url or m.address, body, headers)

    def close(self) -> None:
        """Close kept-alive connections."""
        self._http.close()
