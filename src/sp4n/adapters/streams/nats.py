"""NatsJetStreamPublisher: stream records to NATS JetStream (``sp4n[nats]``, the nats-py client).

Each record goes to the subject ``<prefix>.<agency>.<event type>`` with the header ``Nats-Msg-Id`` set to
the event id: JetStream drops a message whose id it has seen within the stream's duplicate window, so a
relay that publishes a batch again after a crash adds nothing. ``Nats-Expected-Stream`` makes the server
refuse the message if the subject is not captured by *this* stream (rather than by another, or by none).

nats-py speaks asyncio; the relay is synchronous, so the publisher owns a private event loop and runs each
call on it (one thread at a time, as the relay does). A batch is pipelined: every record is written, in
order, on one connection, before the first acknowledgement is awaited. The records carry one reply subject
per batch, and one subscription counts the batch's acknowledgements (JetStream answers every message it
stores, a copy it dropped included, and refuses with an error): lighter than nats-py's ``publish_async``,
which keeps a token, a future and a semaphore slot per message. The batch succeeds only when every record
was stored; an answer that comes after its batch was given up (timed out, published again) is ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Sequence
from typing import Any

import attrs

from sp4n.exceptions import ConfigurationError, DeliveryError
from sp4n.notify.streams import StreamRecord

__all__ = ["NatsJetStreamPublisher"]

#: Headers every record carries besides ``Nats-Msg-Id``: consumers order and group by them.
COMPLAINT_HEADER = "Sp4n-Complaint-Id"
SEQUENCE_HEADER = "Sp4n-Sequence"


@attrs.define
class _Batch:
    """The acknowledgements a batch in flight still waits for, all sent to one reply subject."""

    reply: str
    total: int
    done: asyncio.Future[None]
    answered: int = 0
    failed: int = 0
    error: str = ""


def _refusal(msg: Any) -> str | None:
    """Why JetStream did not store the message this acknowledgement answers, or ``None``: it did (a
    duplicate within the window counts as stored)."""
    data = msg.data
    if data.startswith(b'{"stream":') and b'"error"' not in data:
        return None  # the usual answer, {"stream":..,"seq":..}: stored (no JSON parse per message)
    if msg.headers and msg.headers.get("Status") == "503":
        return "NoStreamResponseError"  # no stream captures the subject
    try:
        answer = json.loads(msg.data)
    except ValueError:
        return "ValueError"
    if not isinstance(answer, dict) or "seq" not in answer:
        return "APIError"
    return "APIError" if "error" in answer else None


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
        if not all(t and not any(c in t for c in "*> \t\r\n") for t in tokens):
            raise ConfigurationError("subject_prefix", "must be dot-separated tokens without wildcards")
        self._nats: Any = nats
        self._servers = [servers] if isinstance(servers, str) else list(servers)
        self.stream, self.subject_prefix = stream, subject_prefix
        self._window, self._timeout = duplicate_window, timeout
        self._loop = asyncio.new_event_loop()
        self._nc: Any = None
        self._inbox = ""
        self._serial = 0
        self._batch: _Batch | None = None

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
        nc = await self._connected()
        self._serial += 1
        reply = f"{self._inbox}.{self._serial}"
        batch = self._batch = _Batch(reply, len(records), self._loop.create_future())
        prefix, stream = self.subject_prefix, self.stream
        try:
            for r in records:
                await nc.publish(
                    r.subject(prefix),
                    r.payload,
                    reply=batch.reply,
                    headers={
                        "Nats-Msg-Id": r.id,
                        "Nats-Expected-Stream": stream,
                        COMPLAINT_HEADER: r.complaint_id,
                        SEQUENCE_HEADER: str(r.sequence),
                        "Content-Type": r.content_type,
                    },
                )
            await batch.done
        finally:
            self._batch = None
        if batch.failed:
            raise DeliveryError(
                "nats: {count} of {total} not stored ({error})",
                count=batch.failed,
                total=batch.total,
                error=batch.error,
                retryable=True,
            )

    async def _acknowledged(self, msg: Any) -> None:
        """One JetStream acknowledgement (or refusal) of the batch in flight; a late one of an abandoned
        batch (timed out, published again since) goes to another reply subject and is ignored."""
        batch = self._batch
        if batch is None or msg.subject != batch.reply or batch.done.done():
            return
        error = _refusal(msg)
        if error is not None:
            batch.failed += 1
            batch.error = batch.error or error
        batch.answered += 1
        if batch.answered == batch.total:
            batch.done.set_result(None)

    async def _connected(self) -> Any:
        if self._nc is None:
            nc = await self._nats.connect(
                servers=self._servers,
                connect_timeout=self._timeout,
                max_reconnect_attempts=0,
                # Every subject is checked here: the prefix in __init__, the rest by construction
                # (subject_token, Action values), so nats-py need not scan each one again.
                skip_subject_validation=True,
            )
            try:
                await self._ensure_stream(nc.jetstream(timeout=self._timeout))
                self._inbox = nc.new_inbox()
                await nc.subscribe(f"{self._inbox}.*", cb=self._acknowledged)
            except BaseException:
                await nc.close()
                raise
            self._nc = nc
        return self._nc

    async def _ensure_stream(self, js: Any) -> None:
        from nats.js.errors import NotFoundError  # noqa: PLC0415 - optional dependency

        try:
            await js.stream_info(self.stream)
        except NotFoundError:
            await js.add_stream(
                name=self.stream, subjects=[f"{self.subject_prefix}.>"], duplicate_window=self._window
            )

    def _drop(self) -> None:
        nc, self._nc, self._batch = self._nc, None, None
        if nc is not None:
            # Closing a broken connection may fail too; the next publish reconnects.
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.wait_for(nc.close(), self._timeout))

    def close(self) -> None:
        """Drain and close the connection and the private event loop."""
        self._drop()
        self._loop.close()
