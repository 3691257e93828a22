"""NatsJetStreamPublisher: stream records to NATS JetStream (``sp4n[nats]``, the nats-py client).

Each record goes to the subject ``<prefix>.<agency>.<event type>`` with the header ``Nats-Msg-Id`` set to
the event id: JetStream drops a message whose id it has seen within the stream's duplicate window, so a
relay that publishes a batch again after a crash adds nothing. ``Nats-Expected-Stream`` makes the server
refuse the message if the subject is not captured by *this* stream (rather than by another, or by none).

nats-py speaks asyncio; the relay is synchronous, so the publisher owns a private event loop and runs each
call on it (one thread at a time, as the relay does). A batch is pipelined: every record is written before
the first acknowledgement is awaited (:meth:`JetStreamContext.publish_async`), in order, on one connection.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

from sp4n.exceptions import ConfigurationError, DeliveryError
from sp4n.notify.streams import StreamRecord

__all__ = ["NatsJetStreamPublisher"]

#: Headers every record carries besides ``Nats-Msg-Id``: consumers order and group by them.
COMPLAINT_HEADER = "Sp4n-Complaint-Id"
SEQUENCE_HEADER = "Sp4n-Sequence"


class NatsJetStreamPublisher:
    """Publishes to one JetStream stream, creating it (subjects ``<prefix>.>``) when it does not exist.

    Args:
        servers: NATS URL(s), e.g. ``"nats://127.0.0.1:4222"``.
        stream: the JetStream stream name.
        subject_prefix: the first token(s) of every subject.
        duplicate_window: seconds the server remembers message ids for de-duplication (a stream created
            here); a relay that restarts after a longer outage may deliver copies, with the same id.
        timeout: seconds to wait for the connection and for a batch's acknowledgements.

    Raises:
        ConfigurationError: a subject prefix that is empty or holds wildcards or spaces.
    """

    #: The relay does not encode the next batch on a second thread meanwhile: this publisher's event loop runs
    #: Python for every record and acknowledgement, and the two threads would take turns at the GIL (slower).
    encode_ahead = False

    def __init__(
        self,
        servers: str | Sequence[str] = "nats://127.0.0.1:4222",
        *,
        stream: str = "SP4N_EVENTS",
        subject_prefix: str = "sp4n",
        duplicate_window: float = 120.0,
        timeout: float = 10.0,
    ) -> None:
        import nats  # noqa: PLC0415 - optional dependency (sp4n[nats])

        tokens = subject_prefix.split(".")
        if not all(t and not any(c in t for c in "*> \t") for t in tokens):
            raise ConfigurationError("subject_prefix", "must be dot-separated tokens without wildcards")
        self._nats: Any = nats
        self._servers = [servers] if isinstance(servers, str) else list(servers)
        self.stream, self.subject_prefix = stream, subject_prefix
        self._window, self._timeout = duplicate_window, timeout
        self._loop = asyncio.new_event_loop()
        self._nc: Any = None
        self._js: Any = None

    def publish(self, records: Sequence[StreamRecord]) -> None:
        """Publish ``records`` in order; return once JetStream has stored every one.

        Raises:
            DeliveryError: the server is unreachable or refused or did not acknowledge a record in time
                (retryable: the relay publishes the batch again, and the ids make the copies harmless).
        """
        if not records:
            return
        try:
            self._loop.run_until_complete(asyncio.wait_for(self._publish(records), self._timeout))
        except DeliveryError:
            raise
        except (TimeoutError, OSError, self._nats.errors.Error) as err:
            self._drop()
            raise DeliveryError("nats: {error}", error=type(err).__name__, retryable=True) from err

    async def _publish(self, records: Sequence[StreamRecord]) -> None:
        js = await self._context()
        pending = [
            await js.publish_async(
                r.subject(self.subject_prefix),
                r.payload,
                stream=self.stream,
                headers={
                    "Nats-Msg-Id": r.id,
                    COMPLAINT_HEADER: r.complaint_id,
                    SEQUENCE_HEADER: str(r.sequence),
                    "Content-Type": r.content_type,
                },
            )
            for r in records
        ]
        acks = await asyncio.gather(*pending, return_exceptions=True)
        failed = [a for a in acks if isinstance(a, BaseException)]
        if failed:
            raise DeliveryError(
                "nats: {count} of {total} not stored ({error})",
                count=len(failed),
                total=len(records),
                error=type(failed[0]).__name__,
                retryable=True,
            )

    async def _context(self) -> Any:
        if self._js is None:
            nc = await self._nats.connect(
                servers=self._servers, connect_timeout=self._timeout, max_reconnect_attempts=0
            )
            js = nc.jetstream(timeout=self._timeout)
            await self._ensure_stream(js)
            self._nc, self._js = nc, js
        return self._js

    async def _ensure_stream(self, js: Any) -> None:
        from nats.js.errors import NotFoundError  # noqa: PLC0415 - optional dependency

        try:
            await js.stream_info(self.stream)
        except NotFoundError:
            await js.add_stream(
                name=self.stream, subjects=[f"{self.subject_prefix}.>"], duplicate_window=self._window
            )

    def _drop(self) -> None:
        nc, self._nc, self._js = self._nc, None, None
        if nc is not None:
            # Closing a broken connection may fail too; the next publish reconnects.
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.wait_for(nc.close(), self._timeout))

    def close(self) -> None:
        """Drain and close the connection and the private event loop."""
        self._drop()
        self._loop.close()
