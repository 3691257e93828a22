"""Event streams in tests: a recording publisher, and readers that take back what a broker stored.

:class:`RecordingPublisher` is the fake of :class:`sp4n.ports.EventPublisher`; ``read_jetstream`` and
``drain_queue`` read what the real adapters published (nats-py and pika are imported only when called).

>>> from sp4n.notify.streams import StreamRecord
>>> pub = RecordingPublisher(fail_batches=1)
>>> r = StreamRecord(id="c1:1", complaint_id="c1", sequence=1, position=1, agency_token="unassigned",
...                  event_type="submit", payload=b"{}")
>>> try:
...     pub.publish([r])
... except Exception as err:
...     print(type(err).__name__)
DeliveryError
>>> pub.publish([r]); [x.id for x in pub.records]
['c1:1']
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import attrs

from sp4n.exceptions import DeliveryError
from sp4n.notify.streams import StreamRecord

__all__ = ["Delivered", "RecordingPublisher", "drain_queue", "read_jetstream"]


class RecordingPublisher:
    """Keeps every record it is given; the first ``fail_batches`` calls raise a retryable DeliveryError
    after keeping the first ``keep_on_failure`` records of the batch (a broker that stored part of it)."""

    def __init__(self, *, fail_batches: int = 0, keep_on_failure: int = 0) -> None:
        self.records: list[StreamRecord] = []
        self.batches: list[list[str]] = []
        self._fail, self._keep = fail_batches, keep_on_failure
        self.closed = False

    def publish(self, records: Sequence[StreamRecord]) -> None:
        """Record ``records`` (or part of them, and fail, while failures remain)."""
        self.batches.append([r.id for r in records])
        if self._fail > 0:
            self._fail -= 1
            self.records += records[: self._keep]
            raise DeliveryError("recording publisher: told to fail", retryable=True)
        self.records += records

    def close(self) -> None:
        """Mark closed."""
        self.closed = True


@attrs.frozen
class Delivered:
    """One message as a subscriber got it from the broker."""

    id: str
    subject: str
    payload: bytes


def read_jetstream(url: str, stream: str, *, delete: bool = False) -> list[Delivered]:
    """Every message of JetStream ``stream``, in stream order (optionally deleting the stream after)."""
    import nats  # noqa: PLC0415 - optional dependency (sp4n[nats])

    async def read() -> list[Delivered]:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            info = await js.stream_info(stream)
            got = []
            for seq in range(info.state.first_seq, info.state.last_seq + 1):
                msg = await js.get_msg(stream, seq)
                got.append(
                    Delivered((msg.headers or {}).get("Nats-Msg-Id", ""), msg.subject or "", msg.data or b"")
                )
            if delete:
                await js.delete_stream(stream)
            return got
        finally:
            await nc.close()

    return asyncio.run(read())


def drain_queue(url: str, queue: str, *, delete: bool = False) -> list[Delivered]:
    """Every message waiting in AMQP ``queue``, in queue order, acknowledged (optionally deleting it)."""
    import pika  # noqa: PLC0415 - optional dependency (sp4n[rabbitmq])

    conn: Any = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = conn.channel()
        got = []
        while True:
            method, props, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                break
            got.append(Delivered(props.message_id or "", method.routing_key, body))
        if delete:
            channel.queue_delete(queue)
        return got
    finally:
        conn.close()
