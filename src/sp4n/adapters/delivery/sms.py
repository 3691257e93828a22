"""A generic SMS gateway over HTTP: one JSON POST per text message.

:class:`HttpSmsGateway` implements :class:`sp4n.ports.MessageSender`. Gateways differ in field names, so the
body is built by a ``payload`` function a host may replace; the default sends ``{"to", "text", "reference",
"encoding", "parts"}``, where ``reference`` is the message's stable id (most gateways drop a repeated client
reference) and ``parts`` is what :func:`sp4n.notify.sms.sms_length` counted, so billing surprises show up
before sending. Authentication is a bearer token header; failures are sorted like the webhook's
(5xx/408/429/network retryable, other 4xx not).

>>> from sp4n.notify.model import Message
>>> m = Message(id="m1", complaint_id="c1", sequence=1, position=1, trigger="submit", template="received",
...             audience="reporter", channel="sms", recipient_id="reporter:r1:sms", address="+6281234567890",
...             language="id", tracking_id="LAP-1", subject="s", body="b", sms="LAPOR! Laporan diterima.")
>>> p = default_payload(m)
>>> p["to"], p["reference"], p["encoding"], p["parts"]
('+6281234567890', 'm1', 'gsm7', 1)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sp4n.adapters.delivery._headers import ID_HEADER
from sp4n.adapters.delivery._http import HttpPoster
from sp4n.exceptions import DeliveryError
from sp4n.notify.model import Message
from sp4n.notify.sms import sms_length

__all__ = ["HttpSmsGateway", "default_payload"]


def default_payload(message: Message) -> dict[str, Any]:
    """The JSON fields sent for ``message``."""
    length = sms_length(message.sms)
    return {
        "to": message.address,
        "text": message.sms,
        "reference": message.id,
        "encoding": length.encoding,
        "parts": length.parts,
    }


class HttpSmsGateway:
    """Sends ``message.sms`` to ``message.address`` through an HTTP SMS gateway at ``url``.

    Args:
        url: the gateway's send endpoint.
        token: sent as ``Authorization: Bearer <token>`` when given.
        payload: builds the JSON body (default :func:`default_payload`).
        max_parts: refuse (permanently) a text longer than this many parts, rather than pay for it.
        timeout: seconds to connect and to wait for the answer.
    """

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        payload: Callable[[Message], dict[str, Any]] = default_payload,
        max_parts: int = 3,
        timeout: float = 5.0,
    ) -> None:
        self._url, self._token, self._payload, self._max_parts = url, token, payload, max_parts
        self._http = HttpPoster(timeout=timeout)

    def send(self, message: Message) -> None:
        """Deliver one SMS (raises ``DeliveryError`` on failure)."""
        m = message
        if sms_length(m.sms).parts > self._max_parts:
            raise DeliveryError(
                "text needs more than {max_parts} SMS parts", max_parts=self._max_parts, retryable=False
            )
        headers = {"Content-Type": "application/json; charset=utf-8", ID_HEADER: m.id}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        body = json.dumps(self._payload(m), ensure_ascii=False).encode()
        self._http.post(self._url, body, headers)

    def close(self) -> None:
        """Close kept-alive connections."""
        self._http.close()
