"""Event streams: events/s from the log to NATS JetStream and to RabbitMQ, against the client's bare loop.

Setup: N events (whole complaints of 6) committed to a SQLite file through ``SqliteUnitOfWork``; brokers on
loopback (NATS with JetStream on 4222, RabbitMQ on 5672). Each run gets a fresh stream or exchange, deleted
after.

* ``ours`` — :class:`sp4n.service.StreamRelay`: reads the log after a durable ``SqliteOutboxStore`` cursor,
  folds each complaint and encodes the agency-audience JSON (``RecordsFromLog``), publishes in waves with
  broker confirmation (``NatsJetStreamPublisher`` / ``RabbitMqPublisher``) and commits the cursor per batch
  of 500 events;
* ``bare`` (baseline) — the client library's own publish loop over the *same payloads, already encoded*,
  with the same guarantee: nats-py ``publish_async`` with ``Nats-Msg-Id`` and all acknowledgements awaited
  per 500; pika ``basic_publish`` of persistent messages on a confirm channel. No log, no cursor, no
  encoding, no privacy views.

The ratio ``ours / bare`` is the price of reading the log, scoping and encoding, and the durable cursor.
Target: ≥ 0.5. The machine may be shared, so after one warm-up run each, ``--repeat`` runs are *interleaved*
(ours, bare, ours, bare, ...) and the ratio reported is the median of the per-pair ratios, which load drifting
between runs cannot bias; the rates are the medians of each side.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import emit, parse_args

from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.streams import NatsJetStreamPublisher, RabbitMqPublisher
from sp4n.notify.streams import StreamAudience, StreamRecord
from sp4n.service import RecordsFromLog, StreamRelay, UnitOfWorkReader
from sp4n.testing.notify import commit_events, story

NATS_URL = "nats://127.0.0.1:4222"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
BATCH = 500


def _seed(folder: Path, events: int) -> Path:
    path = folder / "events.db"
    uow = SqliteUnitOfWork(str(path))
    for i in range(events // 6):
        commit_events(uow, story(f"c{i:05d}", reporter_ref=f"r-{i}", anonim=i % 2 == 0), upto=6)
    return path


def _records(events_db: Path) -> list[StreamRecord]:
    reader = UnitOfWorkReader(SqliteUnitOfWork(str(events_db)))
    encode = RecordsFromLog(reader, StreamAudience.agency)
    return [r for s in reader.read_since(0, 10**9) if (r := encode(s)) is not None]


def _nats_cleanup(stream: str) -> None:
    import nats

    async def drop() -> None:
        nc = await nats.connect(NATS_URL)
        try:
            await nc.jetstream().delete_stream(stream)
        finally:
            await nc.close()

    asyncio.run(drop())


def _rabbit_cleanup(exchange: str) -> None:
    import pika

    conn = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        conn.channel().exchange_delete(exchange=exchange)
    finally:
        conn.close()


def ours(broker: str, events_db: Path, folder: Path) -> float:
    name = f"b{uuid.uuid4().hex[:10]}"
    publisher: NatsJetStreamPublisher | RabbitMqPublisher
    if broker == "nats":
        publisher = NatsJetStreamPublisher(NATS_URL, stream=name.upper(), subject_prefix=name)
    else:
        publisher = RabbitMqPublisher(AMQP_URL, exchange=name, routing_prefix=name)
    reader = UnitOfWorkReader(SqliteUnitOfWork(str(events_db)))
    relay = StreamRelay(name=name, events=reader, store=SqliteOutboxStore(str(folder / f"{name}.db")),
                        publisher=publisher, records=RecordsFromLog(reader, StreamAudience.agency),
                        batch_size=BATCH)  # fmt: skip
    try:
        start, total = time.perf_counter(), 0
        while (n := relay.run_once().events) > 0:
            total += n
        return total / (time.perf_counter() - start)
    finally:
        relay.close()
        publisher.close()
        (_nats_cleanup(name.upper()) if broker == "nats" else _rabbit_cleanup(name))


def bare_nats(records: list[StreamRecord]) -> float:
    import nats

    name = f"b{uuid.uuid4().hex[:10]}"

    async def run() -> float:
        nc = await nats.connect(NATS_URL)
        js = nc.jetstream()
        await js.add_stream(name=name.upper(), subjects=[f"{name}.>"])
        start = time.perf_counter()
        for i in range(0, len(records), BATCH):
            futures = [
                await js.publish_async(r.subject(name), r.payload, headers={"Nats-Msg-Id": r.id})
                for r in records[i : i + BATCH]
            ]
            await asyncio.gather(*futures)
        rate = len(records) / (time.perf_counter() - start)
        await js.delete_stream(name.upper())
        await nc.close()
        return rate

    return asyncio.run(run())


def bare_rabbitmq(records: list[StreamRecord]) -> float:
    import pika

    name = f"b{uuid.uuid4().hex[:10]}"
    conn = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = conn.channel()
    channel.exchange_declare(exchange=name, exchange_type="topic", durable=True)
    channel.confirm_delivery()
    start = time.perf_counter()
    for r in records:
        channel.basic_publish(exchange=name, routing_key=r.subject(name), body=r.payload,
                              properties=pika.BasicProperties(delivery_mode=2, message_id=r.id))  # fmt: skip
    rate = len(records) / (time.perf_counter() - start)
    channel.exchange_delete(exchange=name)
    conn.close()
    return rate


def _pairs(mine: Callable[[], float], base: Callable[[], float], repeat: int) -> tuple[float, float, float]:
    """Medians of ours and of the baseline, and the median of the per-pair ratios (runs interleaved)."""
    mine(), base()  # warm-up
    runs = [(mine(), base()) for _ in range(repeat)]
    ratio = statistics.median(m / b for m, b in runs)
    return statistics.median(m for m, _ in runs), statistics.median(b for _, b in runs), ratio


def main() -> None:
    args = parse_args(__doc__ or "")
    events = 120 if args.smoke else 12_000
    repeat = 1 if args.smoke else args.repeat
    result: dict[str, Any] = {"benchmark": "streams", "events": events, "repeat": repeat}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        events_db = _seed(folder, events)
        records = _records(events_db)
        for broker, bare in (("nats", bare_nats), ("rabbitmq", bare_rabbitmq)):
            mine, base, ratio = _pairs(
                lambda b=broker: ours(b, events_db, folder),  # type: ignore[misc]
                lambda f=bare: f(records),  # type: ignore[misc]
                repeat,
            )
            result[f"{broker}_ours_per_s"], result[f"{broker}_bare_per_s"] = mine, base
            result[f"{broker}_ratio"] = ratio
            result[f"{broker}_target_met"] = ratio >= 0.5
            print(f"{broker:8} ours {mine:8.0f} events/s, bare client loop {base:8.0f}/s:"
                  f" {ratio:.2f}x (median of per-pair ratios)")  # fmt: skip
    emit(result)


if __name__ == "__main__":
    main()
