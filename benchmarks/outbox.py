"""Outbox relay: throughput to a local webhook receiver and latency from commit to receipt.

Setup: events are committed to a SQLite file through the storage adapter (``SqliteUnitOfWork``,
``synchronous=NORMAL``); a relay runs as its own process (as in production) and POSTs one signed webhook per
event to a receiver on loopback (``sp4n.testing.notify.WebhookReceiver``, in this process).

* ``ours`` — :class:`sp4n.service.OutboxRelay` with a durable ``SqliteOutboxStore`` cursor (lease
  claim, cursor committed per batch of 100), retry and dead-letter bookkeeping;
* ``naive`` (baseline) — the loop most hosts write first: ``read_since`` → render → POST, cursor kept in
  memory only (lost on restart), no retries, no dead letters.

Both render with the same renderer and sign with the same sender, so the ratio is the price of the
reliability bookkeeping. Phase 1 (throughput): N events committed first, then the relay starts; deliveries/s
from the relay's "ready" to the last receipt (median of ``--repeat`` runs). Phase 2 (latency): a writer
commits at 1,000 events/s while the relay runs; latency per event is receipt time minus commit time.
Targets: ≥ 1,000 deliveries/s with one relay on SQLite; p99 ≤ 1 s at that rate.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import emit, parse_args

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.testing.notify import WebhookReceiver, commit_events, story

SECRET = b"benchmark-secret"
STEPS = 6  # events per complaint in sp4n.testing.notify.story

RELAY = """
import sys, time
from sp4n.service import OutboxRelay, RenderFromLog, Subscription, UnitOfWorkReader
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.lifecycle.status import Action
from sp4n.notify import MessageRenderer, NotificationRule, Recipient
from sp4n.notify.directory import StaticDirectory

mode, events_path, outbox_path, url = sys.argv[1:5]
reader = UnitOfWorkReader(SqliteUnitOfWork(events_path, synchronous="NORMAL"))
rules = tuple(
    NotificationRule(trigger=a, audience="national_admin", template="public_status") for a in Action
)
national = [Recipient(id="hook", audience="national_admin", channel="webhook", address=url)]
render = RenderFromLog(MessageRenderer(directory=StaticDirectory(national=national), rules=rules), reader)
sender = WebhookSender(None, secret=b"benchmark-secret")
if mode == "ours":
    relay = OutboxRelay(events=reader, render=render, store=SqliteOutboxStore(outbox_path),
                        subscriptions=[Subscription(name="hook", sender=sender)], batch_size=100)
    print("ready", flush=True)
    relay.run(stop=lambda: False, idle_seconds=0.002)
else:
    position = 0
    print("ready", flush=True)
    while True:
        batch = reader.read_since(position, 100)
        if not batch:
            time.sleep(0.002)
        for stored in batch:
            for message in render(stored):
                sender.send(message)
            position = stored.position
"""


def _start_relay(mode: str, work: Path, url: str) -> tuple[subprocess.Popen[str], float]:
    proc = subprocess.Popen(
        [sys.executable, "-c", RELAY, mode, str(work / "events.db"), str(work / "outbox.db"), url],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise RuntimeError(f"{mode} relay did not start")
    return proc, time.perf_counter()


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.kill()
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def _wait_for(receiver: WebhookReceiver, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(receiver.received) < count and time.monotonic() < deadline:
        time.sleep(0.002)
    if len(receiver.received) < count:
        raise RuntimeError(f"only {len(receiver.received)} of {count} deliveries arrived")


def _commit_all(uow: SqliteUnitOfWork, complaints: int) -> None:
    stories = [story(f"c{i:05d}") for i in range(complaints)]
    for step in range(STEPS):
        for history in stories:
            commit_events(uow, history, upto=step + 1, after=step)


def throughput(mode: str, events: int, receiver: WebhookReceiver) -> float:
    """Deliveries per second for a backlog of ``events`` committed events."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        uow = SqliteUnitOfWork(work / "events.db", synchronous="NORMAL")
        _commit_all(uow, events // STEPS)
        uow.close()
        receiver.received.clear()
        proc, started = _start_relay(mode, work, receiver.url)
        try:
            _wait_for(receiver, events // STEPS * STEPS, timeout=300)
        finally:
            _stop(proc)
        return len(receiver.received) / (receiver.received[-1].at - started)


def _write_at_rate(path: Path, complaints: int, rate: float, committed: dict[tuple[str, int], float]) -> None:
    uow = SqliteUnitOfWork(path, synchronous="NORMAL")  # in this thread: sqlite3 objects stay in theirs
    stories = [story(f"c{i:05d}") for i in range(complaints)]
    start, k = time.perf_counter(), 0
    for step in range(STEPS):
        for history in stories:
            pause = start + k / rate - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            commit_events(uow, history, upto=step + 1, after=step)
            committed[(history[0].complaint_id, step + 1)] = time.perf_counter()
            k += 1
    uow.close()


def latency(mode: str, events: int, rate: float, receiver: WebhookReceiver) -> dict[str, float]:
    """Commit-to-receipt latency while a writer commits ``rate`` events per second."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        SqliteUnitOfWork(work / "events.db", synchronous="NORMAL").close()  # the schema, before the relay
        receiver.received.clear()
        proc, _ = _start_relay(mode, work, receiver.url)
        committed: dict[tuple[str, int], float] = {}
        try:
            began = time.perf_counter()
            writer = threading.Thread(
                target=_write_at_rate, args=(work / "events.db", events // STEPS, rate, committed)
            )
            writer.start()
            writer.join()
            achieved = len(committed) / (time.perf_counter() - began)
            _wait_for(receiver, len(committed), timeout=300)
        finally:
            _stop(proc)
        samples = sorted(
            r.at - committed[(r.payload["complaint_id"], r.payload["sequence"])] for r in receiver.received
        )
        return {
            "median_ms": statistics.median(samples) * 1000,
            "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000,
            "max_ms": samples[-1] * 1000,
            "write_rate_per_s": achieved,
        }


def main() -> None:
    args = parse_args(__doc__ or "")
    events = 102 if args.smoke else 10_002  # whole complaints of 6 events
    repeat = 1 if args.smoke else args.repeat
    rate = 1000.0
    result: dict[str, Any] = {"benchmark": "outbox", "events": events, "rate_per_s": rate, "repeat": repeat}
    with WebhookReceiver(SECRET) as receiver:
        for mode in ("ours", "naive"):
            runs = [throughput(mode, events, receiver) for _ in range(repeat)]
            result[f"{mode}_throughput_per_s"] = statistics.median(runs)
            print(f"{mode:5} throughput: {statistics.median(runs):8.0f} deliveries/s (median of {repeat})")
            lat = latency(mode, events, rate, receiver)
            result[f"{mode}_latency"] = lat
            print(
                f"{mode:5} latency at {lat['write_rate_per_s']:.0f} commits/s:"
                f" median {lat['median_ms']:.1f} ms, p99 {lat['p99_ms']:.1f} ms, max {lat['max_ms']:.1f} ms"
            )
        if receiver.rejected:
            raise RuntimeError(f"{receiver.rejected} requests failed signature verification")
    result["throughput_ratio_ours_vs_naive"] = (
        result["ours_throughput_per_s"] / result["naive_throughput_per_s"]
    )
    result["target_throughput_met"] = result["ours_throughput_per_s"] >= 1000
    result["target_p99_met"] = result["ours_latency"]["p99_ms"] <= 1000
    print(f"ours/naive throughput ratio: {result['throughput_ratio_ours_vs_naive']:.2f}")
    emit(result)


if __name__ == "__main__":
    main()
