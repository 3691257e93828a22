"""A small HTTP POST client on :mod:`http.client`: keep-alive, timeouts, failures sorted for retrying.

Shared by the webhook and SMS-gateway senders. A status of 2xx is success; 5xx, 408, 429 and network
errors raise a retryable :class:`~sp4n.exceptions.DeliveryError` (the relay retries with backoff);
any other status — other 4xx, and 3xx, because a signed body is not replayed to wherever a redirect points —
raises a permanent one (the relay writes a dead letter without retrying).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from sp4n.exceptions import ConfigurationError, DeliveryError

__all__ = ["HttpPoster"]

#: 4xx statuses that mean "try later" rather than "this request is wrong".
RETRYABLE_4XX = frozenset({408, 429})


def _seconds(value: str | None) -> float | None:
    """A ``Retry-After`` given in seconds (RFC 9110 10.2.3), capped at an hour; an HTTP date or junk: None.

    >>> _seconds("120"), _seconds("Fri, 31 Dec 1999 23:59:59 GMT"), _seconds("99999999")
    (120.0, None, 3600.0)
    """
    if value is None or not value.strip().isdigit() or len(value.strip()) > 12:
        return None
    return min(3600.0, float(value.strip()))


def _connect(conn: http.client.HTTPConnection) -> None:
    conn.connect()
    # http.client writes the headers and the body in two sends; without TCP_NODELAY the body waits for the
    # receiver's (delayed) ACK of the headers: up to tens of milliseconds per message on Linux.
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class HttpPoster:
    """Posts bodies to URLs, keeping one connection per host and thread alive between calls."""

    def __init__(self, *, timeout: float = 5.0, ssl_context: ssl.SSLContext | None = None) -> None:
        self._timeout = timeout
        self._ssl = ssl_context
        self._local = threading.local()

    def _connection(self, url: str) -> tuple[http.client.HTTPConnection, str]:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigurationError("url", "{scheme}:// is not http:// or https://", scheme=parts.scheme)
        key = (parts.scheme, parts.hostname, parts.port)
        pool: dict[tuple[str, str, int | None], http.client.HTTPConnection]
        pool = self._local.__dict__.setdefault("pool", {})
        conn = pool.get(key)
        if conn is None:
            if parts.scheme == "https":
                ctx = self._ssl or ssl.create_default_context()
                conn = http.client.HTTPSConnection(
                    parts.hostname, parts.port, timeout=self._timeout, context=ctx
                )
            else:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self._timeout)
            pool[key] = conn
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return conn, path

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        """POST ``body``; return the 2xx status or raise :class:`DeliveryError`."""
        return self.begin(url, body, headers)()

    def begin(self, url: str, body: bytes, headers: Mapping[str, str]) -> Callable[[], int]:
        """Write the request now; the returned call reads the answer (the 2xx status, or raises
        :class:`DeliveryError`, as :meth:`post`). Between the two the caller may do other work (the relay
        renders its next event) while the receiver handles the request. Call it before the next ``begin``.
        """
        conn, path = self._connection(url)
        try:
            if conn.sock is None:
                _connect(conn)
            conn.request("POST", path, body=body, headers={**headers, "Content-Length": str(len(body))})
        except (OSError, http.client.HTTPException) as err:
            conn.close()  # the next attempt reconnects
            raise DeliveryError("network error: {error}", error=type(err).__name__, retryable=True) from err
        return lambda: _answer(conn)

    def close(self) -> None:
        """Close this thread's connections."""
        for conn in self._local.__dict__.get("pool", {}).values():
            conn.close()


def _answer(conn: http.client.HTTPConnection) -> int:
    try:
        response = conn.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as err:
        conn.close()  # the next attempt reconnects
        raise DeliveryError("network error: {error}", error=type(err).__name__, retryable=True) from err
    if response.will_close:
        conn.close()
    if 200 <= status < 300:
        return status
    retryable = status >= 500 or status in RETRYABLE_4XX
    wait = _seconds(response.getheader("Retry-After")) if retryable else None
    raise DeliveryError("HTTP {status}", status=status, retryable=retryable, retry_after=wait)
