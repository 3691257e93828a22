"""Every EventPublisher keeps the contract: the recording fake, NATS JetStream and RabbitMQ (real servers)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator

import pytest

from sp4n.adapters.streams import NatsJetStreamPublisher, RabbitMqPublisher
from sp4n.testing import nats_url, rabbitmq_url
from sp4n.testing.contracts import EventPublisherContract
from sp4n.testing.streams import Delivered, RecordingPublisher, drain_queue, read_jetstream


class TestRecordingPublisher(EventPublisherContract):
    @pytest.fixture
    def publisher(self) -> RecordingPublisher:
        return RecordingPublisher()

    @pytest.fixture
    def read_back(self, publisher: RecordingPublisher) -> Callable[[], list[Delivered]]:
        return lambda: [Delivered(r.id, r.subject("sp4n"), r.payload) for r in publisher.records]


class TestNatsJetStream(EventPublisherContract):
    @pytest.fixture
    def name(self) -> str:
        return f"k{uuid.uuid4().hex[:10]}"

    @pytest.fixture
    def publisher(self, name: str) -> Iterator[NatsJetStreamPublisher]:
        url = nats_url()
        pub = NatsJetStreamPublisher(url, stream=name.upper(), subject_prefix=name)
        yield pub
        pub.close()
        with contextlib.suppress(Exception):  # the empty-batch test never creates the stream
            read_jetstream(url, name.upper(), delete=True)

    @pytest.fixture
    def read_back(self, name: str) -> Callable[[], list[Delivered]]:
        def read() -> list[Delivered]:
            try:
                return read_jetstream(nats_url(), name.upper())
            except Exception as err:  # no stream yet: nothing was published
                if type(err).__name__ == "NotFoundError":
                    return []
                raise

        return read


class TestRabbitMq(EventPublisherContract):
    @pytest.fixture
    def queue(self) -> Iterator[tuple[str, str]]:
        import pika

        url, name = rabbitmq_url(), f"k{uuid.uuid4().hex[:10]}"
        conn = pika.BlockingConnection(pika.URLParameters(url))
        channel = conn.channel()
        channel.exchange_declare(exchange=name, exchange_type="topic", durable=True)
        channel.queue_declare(queue=name, durable=True)
        channel.queue_bind(queue=name, exchange=name, routing_key="#")
        yield url, name
        channel.queue_delete(queue=name)
        channel.exchange_delete(exchange=name)
        conn.close()

    @pytest.fixture
    def publisher(self, queue: tuple[str, str]) -> Iterator[RabbitMqPublisher]:
        url, name = queue
        pub = RabbitMqPublisher(url, exchange=name, routing_prefix=name)
        yield pub
        pub.close()

    @pytest.fixture
    def read_back(self, queue: tuple[str, str]) -> Callable[[], list[Delivered]]:
        got: list[Delivered] = []

        def read() -> list[Delivered]:
            got.extend(drain_queue(*queue))  # a queue hands each message out once: keep what was read
            return list(got)

        return read
