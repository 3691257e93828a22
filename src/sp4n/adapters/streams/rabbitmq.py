"""RabbitMqPublisher: stream records to a durable AMQP topic exchange (``sp4n[rabbitmq]``, pika).

Each record is published to the exchange with the routing key ``<prefix>.<agency>.<event type>``, as a
persistent message (``delivery_mode=2``) whose ``message_id`` is the event id, on a channel in publisher
confirm mode: :meth:`RabbitMqPublisher.publish` returns only after the broker acknowledged every record.
AMQP has no server-side de-duplication, so after a relay crash a consumer may see a copy, with the same
``message_id``: consumers keep the ids they processed (or make processing idempotent).

Why pika: the relay is synchronous, and pika's ``BlockingConnection`` gives confirms without an event loop
of our own (aio-pika would need one, as nats-py does, for no gain here); it is the RabbitMQ team's
recommended Python client and keeps to AMQP 0-9-1 without further dependencies.

Subscribers bind their own durable queues (``<prefix>.pemkab-34_04.*``, ``<prefix>.*.close``, ``#``); a
topic exchange drops what no queue is bound to, so bind before the events you need are published, or pass
``mandatory=True`` to make an unroutable record fail (and the relay retry it) instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from sp4n.exceptions import DeliveryError
from sp4n.notify.streams import StreamRecord

__all__ = ["RabbitMqPublisher"]

COMPLAINT_HEADER = "sp4n-complaint-id"
SEQUENCE_HEADER = "sp4n-sequence"


class RabbitMqPublisher:
    """Publishes to one topic exchange, declaring it (durable) on connect.

    Args:
        url: an AMQP URL, e.g. ``"amqp://guest:guest@127.0.0.1:5672/%2F"``.
        exchange: the topic exchange's name.
        routing_prefix: the first token(s) of every routing key.
        mandatory: refuse records no queue is bound for (the relay then retries them).
    """

    def __init__(
        self,
        url: str = "amqp://guest:guest@127.0.0.1:5672/%2F",
        *,
        exchange: str = "sp4n.events",
        routing_prefix: str = "sp4n",
        mandatory: bool = False,
    ) -> None:
        import pika  # noqa: PLC0415 - optional dependency (sp4n[rabbitmq])

        self._pika: Any = pika
        self._params = pika.URLParameters(url)
        self.exchange, self.routing_prefix, self._mandatory = exchange, routing_prefix, mandatory
        self._conn: Any = None
        self._channel: Any = None

    def publish(self, records: Sequence[StreamRecord]) -> None:
        """Publish ``records`` in order; return once the broker confirmed every one.

        Raises:
            DeliveryError: the broker is unreachable, refused (nack) a record, or could not route one under
                ``mandatory`` (retryable: the relay publishes the batch again, with the same ids).
        """
        if not records:
            return
        try:
            channel = self._open()
            for r in records:
                channel.basic_publish(
                    exchange=self.exchange,
                    routing_key=r.subject(self.routing_prefix),
                    body=r.payload,
                    properties=self._pika.BasicProperties(
                        content_type=r.content_type,
                        delivery_mode=self._pika.DeliveryMode.Persistent,
                        message_id=r.id,
                        headers={COMPLAINT_HEADER: r.complaint_id, SEQUENCE_HEADER: r.sequence},
                    ),
                    mandatory=self._mandatory,
                )
        except (OSError, self._pika.exceptions.AMQPError) as err:
            self._drop()
            raise DeliveryError("rabbitmq: {error}", error=type(err).__name__, retryable=True) from err

    def _open(self) -> Any:
        if self._channel is None or not self._channel.is_open:
            self._drop()
            conn = self._pika.BlockingConnection(self._params)
            channel = conn.channel()
            channel.exchange_declare(exchange=self.exchange, exchange_type="topic", durable=True)
            channel.confirm_delivery()
            self._conn, self._channel = conn, channel
        return self._channel

    def _drop(self) -> None:
        conn, self._conn, self._channel = self._conn, None, None
        if conn is not None and conn.is_open:
            with contextlib.suppress(Exception):  # a broken connection; the next publish reconnects
                conn.close()

    def close(self) -> None:
        """Close the connection."""
        self._drop()
