"""Outbox relay: throughput to a local webhook receiver and latency from commit to receipt.

Setup: events are committed through the storage adapter; a relay runs as its own process (as in production)
and POSTs one signed webhook per event to a receiver on loopback (``sp4n.testing.notify.WebhookReceiver``, in
this process).

* ``ours`` — :class:`sp4n.service.OutboxRelay` with a durable cursor (``SqliteOutboxStore`` lease claim, or
  ``SqlOutboxStore`` row lock on PostgreSQL; cursor committed per batch of 100), in-order retries and
  dead-letter bookkeeping;
* ``naive`` (baseline) — the loop most hosts write first: ``read_since`` → render → POST, cursor kept in
  memory only (lost on restart), no retries, no dead letters.

Both render with the same renderer and sign with the same sender, so the ratio is the price of the
reliability bookkeeping, less what ours gains by rendering the next event while the receiver answers. The
machine is shared, so runs are *interleaved* (ours, naive, ours, naive, ...) and the ratio reported is the
median of the per-pair ratios, which load drifting between runs cannot bias; each relay's CPU time per
delivery (from /proc, after start-up) is reported too, as load skews it far less than wall time.

Every relay process starts (imports, connections) and says "ready" before the clock starts; then all are
told to go at once. Phase 1 (throughput): N events committed first; deliveries/s from "go" to the last
receipt. Phase 2 (latency): a writer commits at 1,000 events/s while the relay runs; latency per event is
receipt time minus commit time (medians of the per-run p99s). Phase 3: the same throughput on PostgreSQL with
three ``ours`` relay processes sharing one subscriber (a single naive loop as the baseline), counting
duplicates (must be 0), and the p99 with them while one writer commits at ``PG_RATE`` (its commits wait for
the WAL flush). Targets: ours ≥ 1.0 × naive throughput, p99 ≤ 2 × naive, on both databases.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import emit, parse_args

from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.testing.notify import WebhookReceiver, commit_events, story

SECRET = b"benchmark-secret"
STEPS = 6  # events per complaint in sp4n.testing.notify.story
# One writer on PostgreSQL waits for a WAL flush per commit (about 3 ms here): 250 commits/s is what it keeps.
PG_RATE, PG_EVENTS = 250.0, 1_500

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
if events_path.startswith("postgresql://"):
    from sp4n.adapters.storage.outbox_server import SqlOutboxStore
    from sp4n.adapters.storage.urls import unit_of_work_from_url
    reader = UnitOfWorkReader(unit_of_work_from_url(events_path, prefix=outbox_path + "_"))
    store = SqlOutboxStore(events_path, prefix=outbox_path + "_outbox")
else:
    reader = UnitOfWorkReader(SqliteUnitOfWork(events_path, synchronous="NORMAL"))
    store = SqliteOutboxStore(outbox_path)
rules = tuple(
    NotificationRule(trigger=a, audience="national_admin", template="public_status") for a in Action
)
national = [Recipient(id="hook", audience="national_admin", channel="webhook", address=url)]
render = RenderFromLog(MessageRenderer(directory=StaticDirectory(national=national), rules=rules), reader)
sender = WebhookSender(None, secret=b"benchmark-secret")
if mode == "ours":
    relay = OutboxRelay(events=reader, render=render, store=store,
                        subscriptions=[Subscription(name="hook", sender=sender)], batch_size=100)
    print("ready", time.process_time(), flush=True)
    sys.stdin.readline()
    relay.run(stop=lambda: False, idle_seconds=0.002)
else:
    position = 0
    print("ready", time.process_time(), flush=True)
    sys.stdin.readline()
    while True:
        batch = reader.read_since(position, 100)
        if not batch:
            time.sleep(0.002)
        for stored in batch:
            for message in render(stored):
                sender.send(message)
            position = stored.position
"""


class _Relay:
    """A relay process, started up to its "ready" line; ``go()`` lets it begin delivering."""

    def __init__(self, mode: str, work: Path | tuple[str, str], url: str) -> None:
        where = [str(work / "events.db"), str(work / "outbox.db")] if isinstance(work, Path) else list(work)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", RELAY, mode, *where, url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "ready":
            raise RuntimeError(f"{mode} relay did not start")
        self.cpu_at_ready = float(line[1])

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def cpu(self) -> float:
        """CPU seconds used since "ready" (Linux: /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") - self.cpu_at_ready

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


def _start(mode: str, work: Path | tuple[str, str], url: str, count: int = 1) -> tuple[list[_Relay], float]:
    """``count`` relays, each started (imports, connections) before any begins: the clock starts at "go"."""
    relays = [_Relay(mode, work, url) for _ in range(count)]
    started = time.perf_counter()
    for relay in relays:
        relay.go()
    return relays, started


def _stop(relays: list[_Relay]) -> None:
    for relay in relays:
        relay.stop()


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


def throughput(mode: str, events: int, receiver: WebhookReceiver) -> tuple[float, float]:
    """Deliveries per second for a backlog of ``events`` committed events, and the relay's CPU µs each."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        uow = SqliteUnitOfWork(work / "events.db", synchronous="NORMAL")
        _commit_all(uow, events // STEPS)
        uow.close()
        receiver.received.clear()
        relays, started = _start(mode, work, receiver.url)
        try:
            _wait_for(receiver, events // STEPS * STEPS, timeout=300)
            cpu = sum(relay.cpu() for relay in relays)
        finally:
            _stop(relays)
        done = len(receiver.received)
        return done / (receiver.received[-1].at - started), cpu / done * 1e6


def _write_at_rate(
    open_uow: Callable[[], Any], complaints: int, rate: float, committed: dict[tuple[str, int], float]
) -> None:
    uow = open_uow()  # in this thread: sqlite3 objects stay in theirs
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


def _latencies(
    relays: list[_Relay], open_uow: Callable[[], Any], events: int, rate: float, receiver: WebhookReceiver
) -> dict[str, float]:
    """Commit ``events`` at ``rate`` per second while ``relays`` deliver; commit-to-receipt latencies."""
    committed: dict[tuple[str, int], float] = {}
    try:
        began = time.perf_counter()
        writer = threading.Thread(target=_write_at_rate, args=(open_uow, events // STEPS, rate, committed))
        writer.start()
        writer.join()
        achieved = len(committed) / (time.perf_counter() - began)
        _wait_for(receiver, len(committed), timeout=300)
    finally:
        _stop(relays)
    samples = sorted(
        r.at - committed[(r.payload["complaint_id"], r.payload["sequence"])] for r in receiver.received
    )
    return {
        "median_ms": statistics.median(samples) * 1000,
        "p99_ms": samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000,
        "max_ms": samples[-1] * 1000,
        "write_rate_per_s": achieved,
    }


def latency(mode: str, events: int, rate: float, receiver: WebhookReceiver) -> dict[str, float]:
    """Commit-to-receipt latency while a writer commits ``rate`` events per second."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        SqliteUnitOfWork(work / "events.db", synchronous="NORMAL").close()  # the schema, before the relay
        receiver.received.clear()
        relays, _ = _start(mode, work, receiver.url)
        return _latencies(
            relays, lambda: SqliteUnitOfWork(work / "events.db", synchronous="NORMAL"), events, rate, receiver
        )


def latency_postgres(mode: str, count: int, dsn: str, receiver: WebhookReceiver) -> dict[str, float]:
    """Commit-to-receipt latency on PostgreSQL, ``count`` relay processes, ``PG_EVENTS`` at ``PG_RATE``."""
    from sp4n.adapters.storage.urls import unit_of_work_from_url

    prefix = f"bench{os.getpid()}_{uuid.uuid4().hex[:6]}"
    unit_of_work_from_url(dsn, prefix=prefix + "_", migrate=True).close()  # the schema, before the relays
    try:
        receiver.received.clear()
        relays, _ = _start(mode, (dsn, prefix), receiver.url, count)
        return _latencies(
            relays, lambda: unit_of_work_from_url(dsn, prefix=prefix + "_"), PG_EVENTS, PG_RATE, receiver
        )
    finally:
        _drop(dsn, prefix)


def throughput_postgres(
    mode: str, count: int, events: int, dsn: str, receiver: WebhookReceiver
) -> tuple[float, float]:
    """Deliveries per second on PostgreSQL with ``count`` relay processes (duplicates raise), and their CPU
    µs per delivery (all relays together: the standbys' polling included)."""
    from sp4n.adapters.storage.urls import unit_of_work_from_url

    prefix = f"bench{os.getpid()}_{uuid.uuid4().hex[:6]}"
    uow = unit_of_work_from_url(dsn, prefix=prefix + "_", migrate=True)
    try:
        stories = [story(f"c{i:05d}") for i in range(events // STEPS)]
        for step in range(STEPS):
            for history in stories:
                commit_events(uow, history, upto=step + 1, after=step)
        receiver.received.clear()
        relays, started = _start(mode, (dsn, prefix), receiver.url, count)
        try:
            _wait_for(receiver, events // STEPS * STEPS, timeout=300)
            cpu = sum(relay.cpu() for relay in relays)
            time.sleep(0.2)  # a duplicate would arrive now
        finally:
            _stop(relays)
        ids = [r.message_id for r in receiver.received]
        if len(ids) != len(set(ids)):
            raise RuntimeError(f"{len(ids) - len(set(ids))} duplicates with {count} relays")
        done = len(set(ids))
        return done / (max(r.at for r in receiver.received) - started), cpu / done * 1e6
    finally:
        uow.close()
        _drop(dsn, prefix)


def _drop(dsn: str, prefix: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in (*TABLES, "outbox_cursor", "outbox_dead_letter"):  # fmt: skip
            conn.execute(f"DROP TABLE IF EXISTS {prefix}_{table}")


def _postgres() -> str | None:
    dsn = os.environ.get("SP4N_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        import psycopg

        psycopg.connect(dsn, connect_timeout=2).close()
    except Exception:
        return None
    return dsn


def _ratio(ours: list[float], naive: list[float]) -> float:
    """The median of the per-pair ratios (load drifting between pairs cannot bias it)."""
    return statistics.median(o / n for o, n in zip(ours, naive, strict=True))


def _measure(events: int, repeat: int, dsn: str | None) -> dict[str, dict[str, list[float]]]:
    """Every figure, per mode, one value per interleaved run."""
    keys = ("tput", "cpu", "p99", "pg_tput", "pg_cpu", "pg_p99")
    m: dict[str, dict[str, list[float]]] = {k: {"ours": [], "naive": []} for k in keys}
    with WebhookReceiver(SECRET) as receiver:
        throughput("ours", min(events, 1002), receiver)  # warm-up: imports, page cache
        for _ in range(repeat):  # interleaved, so load on the shared machine hits both alike
            for mode in ("ours", "naive"):
                per_s, cpu = throughput(mode, events, receiver)
                m["tput"][mode].append(per_s)
                m["cpu"][mode].append(cpu)
        for _ in range(repeat):
            for mode in ("ours", "naive"):
                m["p99"][mode].append(latency(mode, events, 1000.0, receiver)["p99_ms"])
        for _ in range(repeat if dsn else 0):
            assert dsn is not None
            for mode, count in (("ours", 3), ("naive", 1)):
                per_s, cpu = throughput_postgres(mode, count, events, dsn, receiver)
                m["pg_tput"][mode].append(per_s)
                m["pg_cpu"][mode].append(cpu)
                m["pg_p99"][mode].append(latency_postgres(mode, count, dsn, receiver)["p99_ms"])
        if receiver.rejected:
            raise RuntimeError(f"{receiver.rejected} requests failed signature verification")
    return m


def main() -> None:
    args = parse_args(__doc__ or "")
    events = 102 if args.smoke else 10_002  # whole complaints of 6 events
    repeat = 1 if args.smoke else args.repeat
    dsn = None if args.smoke else _postgres()
    m = _measure(events, repeat, dsn)
    result: dict[str, Any] = {"benchmark": "outbox", "events": events, "rate_per_s": 1000.0, "repeat": repeat}
    result["runs"] = m
    med = {k: {mode: statistics.median(v) for mode, v in per.items() if v} for k, per in m.items()}
    for mode in ("ours", "naive"):
        tput, cpu, p99 = med["tput"][mode], med["cpu"][mode], med["p99"][mode]
        result[f"{mode}_throughput_per_s"], result[f"{mode}_p99_ms"] = tput, p99
        result[f"{mode}_relay_cpu_us_per_delivery"] = cpu
        print(f"{mode:5} throughput: {tput:8.0f} deliveries/s ({cpu:.0f} µs relay CPU each),"
              f" p99 latency at 1000 commits/s {p99:.1f} ms (medians of {repeat})")  # fmt: skip
    ratio = result["throughput_ratio_ours_vs_naive"] = _ratio(m["tput"]["ours"], m["tput"]["naive"])
    p99_ratio = result["p99_ratio_ours_vs_naive"] = _ratio(m["p99"]["ours"], m["p99"]["naive"])
    result["target_throughput_met"], result["target_p99_met"] = ratio >= 1.0, p99_ratio <= 2.0
    print(f"ours/naive: throughput {ratio:.2f}x, p99 {p99_ratio:.2f}x (medians of per-pair ratios)")
    if dsn is not None:
        pg_ratio = result["postgres_3_relays_ratio_vs_naive"] = _ratio(
            m["pg_tput"]["ours"], m["pg_tput"]["naive"]
        )
        pg_p99 = result["postgres_3_relays_p99_ratio_vs_naive"] = _ratio(
            m["pg_p99"]["ours"], m["pg_p99"]["naive"]
        )
        result["postgres_target_throughput_met"] = pg_ratio >= 1.0
        result["postgres_target_p99_met"] = pg_p99 <= 2.0
        t, c, p = med["pg_tput"], med["pg_cpu"], med["pg_p99"]
        print(f"PostgreSQL, 3 relays: {t['ours']:.0f} deliveries/s ({c['ours']:.0f} µs CPU each, all three),"
              f" 0 duplicates, p99 at {PG_RATE:.0f} commits/s {p['ours']:.1f} ms; one naive loop:"
              f" {t['naive']:.0f}/s ({c['naive']:.0f} µs), p99 {p['naive']:.1f} ms;"
              f" ratios: throughput {pg_ratio:.2f}x, p99 {pg_p99:.2f}x")  # fmt: skip
    emit(result)


if __name__ == "__main__":
    main()
