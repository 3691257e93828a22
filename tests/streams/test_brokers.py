"""The stream relay against the real brokers: NATS JetStream and RabbitMQ on loopback.

The relay runs in its own process over SQLite files and is killed (SIGKILL) mid-stream, then restarted:
every event must be on the broker, copies only with the same id (none at all on JetStream, which drops them
by ``Nats-Msg-Id``), and each complaint's events in order. Every test uses fresh stream, subject, exchange
and queue names and deletes them, because other suites share these servers.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import DeliveryError
from sp4n.notify.streams import StreamRecord
from sp4n.service.relay import UnitOfWorkReader
from sp4n.testing import commit_events, nats_url, rabbitmq_url, story
from sp4n.testing.streams import Delivered, drain_queue, read_jetstream

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

COMPLAINTS, STEPS = 40, 6

# The relay process. Its publisher stands in for a link that hangs: after ``stall_after`` waves (0: never)
# it says "stalled" and stops answering, after the broker has the wave but before the relay could record
# it. The test kills it there, so the kill lands mid-stream on every machine, however fast, and the
# restarted relay must publish that last wave again.
RELAY = """
import sys, time
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.streams import NatsJetStreamPublisher, RabbitMqPublisher
from sp4n.notify.streams import StreamAudience
from sp4n.service.relay import RetryPolicy, UnitOfWorkReader
from sp4n.service.streams import RecordsFromLog, StreamRelay

events_path, outbox_path, broker, url, name, stall_after = sys.argv[1:7]
if broker == "nats":
    inner = NatsJetStreamPublisher(url, stream=name.upper(), subject_prefix=name)
else:
    inner = RabbitMqPublisher(url, exchange=name, routing_prefix=name)

class Hanging:
    waves = 0
    def publish(self, records):
        inner.publish(records)
        self.waves += 1
        if self.waves == int(stall_after):
            print("stalled", flush=True)
            time.sleep(600)
    def close(self):
        inner.close()

reader = UnitOfWorkReader(SqliteUnitOfWork(events_path))
relay = StreamRelay(name=name, events=reader, store=SqliteOutboxStore(outbox_path, lease_seconds=1.0),
                    publisher=Hanging(), records=RecordsFromLog(reader, StreamAudience.agency),
                    batch_size=30, retry=RetryPolicy(max_attempts=50, base_delay=0.01, max_delay=0.2))
print("ready", flush=True)
relay.run(stop=lambda: False, idle_seconds=0.02)
"""


def _start(
    events: Path, outbox: Path, broker: str, url: str, name: str, *, stall_after: int = 0
) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", RELAY, str(events), str(outbox), broker, url, name, str(stall_after)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.kill()
    proc.wait()
    assert proc.stdout is not None
    proc.stdout.close()


def _wait(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def _expected_ids(events_db: Path) -> list[str]:
    reader = UnitOfWorkReader(SqliteUnitOfWork(events_db))
    return [f"{s.event.complaint_id}:{s.event.sequence}" for s in reader.read_since(0, 100_000)]


def _seed(tmp_path: Path) -> tuple[Path, Path]:
    events_db = tmp_path / "events.db"
    uow = SqliteUnitOfWork(events_db)
    for i in range(COMPLAINTS):
        commit_events(uow, story(f"c{i:02d}", reporter_ref=f"nik-{i}", anonim=i % 2 == 0), upto=STEPS)
    return events_db, tmp_path / "outbox.db"


def _check(got: list[Delivered], expected: list[str]) -> None:
    assert set(expected) == {d.id for d in got}  # every event, nothing else
    bodies: dict[str, bytes] = {}
    for d in got:  # a copy is the same message: same id, same subject, same body
        assert bodies.setdefault(d.id, d.payload) == d.payload
        assert json.loads(d.payload)["id"] == d.id
    order: dict[str, list[int]] = defaultdict(list)
    for d in got:
        complaint, seq = d.id.rsplit(":", 1)
        order[complaint].append(int(seq))
    for seqs in order.values():
        assert list(dict.fromkeys(seqs)) == list(range(1, STEPS + 1))  # first sightings in order
    anonim = [d for d in got if int(d.id[1:3]) % 2 == 0]
    assert not any(b"nik-" in d.payload for d in anonim)  # agency stream: anonim reporters redacted


def _kill_and_restart(tmp_path: Path, broker: str, url: str, name: str, published: Callable[[], int]) -> None:
    events_db, outbox_db = tmp_path / "events.db", tmp_path / "outbox.db"
    total = COMPLAINTS * STEPS
    first = _start(events_db, outbox_db, broker, url, name, stall_after=3)
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "stalled"
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert 0 < published() < total, "the kill must land mid-stream"
    finally:
        _stop(first)
    second = _start(events_db, outbox_db, broker, url, name)
    last = UnitOfWorkReader(SqliteUnitOfWork(events_db)).last_position()
    store = SqliteOutboxStore(str(outbox_db))
    try:
        _wait(lambda: store.cursor(f"stream:{name}") >= last, timeout=60)  # confirmed, then committed
    finally:
        _stop(second)


def _jetstream_count(url: str, stream: str) -> Callable[[], int]:
    import asyncio

    import nats

    async def count() -> int:
        nc = await nats.connect(url)
        try:
            return int((await nc.jetstream().stream_info(stream)).state.messages)
        except Exception:
            return 0
        finally:
            await nc.close()

    return lambda: asyncio.run(count())


@pytest.fixture
def name() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


def test_jetstream_gets_every_event_once_in_order_after_a_kill(tmp_path: Path, name: str) -> None:
    url = nats_url()
    events_db, _ = _seed(tmp_path)
    try:
        _kill_and_restart(tmp_path, "nats", url, name, _jetstream_count(url, name.upper()))
    finally:
        got = read_jetstream(url, name.upper(), delete=True)
    _check(got, _expected_ids(events_db))
    assert len(got) == COMPLAINTS * STEPS  # JetStream dropped every copy by Nats-Msg-Id
    assert {d.subject for d in got if d.id.endswith(":2")} == {f"{name}.pemkab-sleman.verify"}


@pytest.fixture
def rabbit_queue(name: str) -> Iterator[tuple[str, str]]:
    """A durable queue bound to every routing key of a fresh exchange (deleted afterwards)."""
    import pika

    url = rabbitmq_url()
    conn = pika.BlockingConnection(pika.URLParameters(url))
    channel = conn.channel()
    channel.exchange_declare(exchange=name, exchange_type="topic", durable=True)
    channel.queue_declare(queue=name, durable=True)
    channel.queue_bind(queue=name, exchange=name, routing_key=f"{name}.#")
    try:
        yield url, name
    finally:
        channel.queue_delete(queue=name)
        channel.exchange_delete(exchange=name)
        conn.close()


def _queue_depth(url: str, queue: str) -> Callable[[], int]:
    import pika

    def depth() -> int:
        conn = pika.BlockingConnection(pika.URLParameters(url))
        try:
            return int(
                conn.channel().queue_declare(queue=queue, durable=True, passive=True).method.message_count
            )
        finally:
            conn.close()

    return depth


def test_rabbitmq_gets_every_event_in_order_after_a_kill(
    tmp_path: Path, rabbit_queue: tuple[str, str]
) -> None:
    url, name = rabbit_queue
    events_db, _ = _seed(tmp_path)
    _kill_and_restart(tmp_path, "rabbitmq", url, name, _queue_depth(url, name))
    got = drain_queue(url, name)
    _check(got, _expected_ids(events_db))
    assert {d.subject for d in got if d.id.endswith(":6")} == {f"{name}.pemkab-sleman.close"}


def test_rabbitmq_messages_are_persistent_with_the_event_id(rabbit_queue: tuple[str, str]) -> None:
    import pika

    from sp4n.adapters.streams import RabbitMqPublisher

    url, name = rabbit_queue
    pub = RabbitMqPublisher(url, exchange=name, routing_prefix=name)
    record = StreamRecord(id="c9:1", complaint_id="c9", sequence=1, position=1, agency_token="unassigned",
                          event_type="submit", payload=b'{"id":"c9:1"}')  # fmt: skip
    pub.publish([record])
    pub.close()
    conn = pika.BlockingConnection(pika.URLParameters(url))
    try:
        method, props, body = conn.channel().basic_get(name, auto_ack=True)
    finally:
        conn.close()
    assert method is not None
    assert method.routing_key == f"{name}.unassigned.submit"
    assert (props.message_id, props.delivery_mode, body) == ("c9:1", 2, b'{"id":"c9:1"}')
    assert props.headers == {"sp4n-complaint-id": "c9", "sp4n-sequence": 1}


def test_an_unreachable_broker_is_a_retryable_delivery_error() -> None:
    from sp4n.adapters.streams import NatsJetStreamPublisher, RabbitMqPublisher

    record = StreamRecord(id="c1:1", complaint_id="c1", sequence=1, position=1, agency_token="a",
                          event_type="submit", payload=b"{}")  # fmt: skip
    for pub in (NatsJetStreamPublisher("nats://127.0.0.1:1", timeout=2),
                RabbitMqPublisher("amqp://guest:guest@127.0.0.1:1/%2F")):  # fmt: skip
        with pytest.raises(DeliveryError) as caught:
            pub.publish([record])
        assert caught.value.retryable
        pub.close()
