"""Figures from real receivers (a webhook server and an SMTP server, aiosmtpd, on loopback) on SQLite and
PostgreSQL: a receiver down for 5 s, 60 s and past a shortened delivery window (on an injected clock, so a
minute's outage takes a moment), a relay killed with SIGKILL mid-batch and mid-redrive, and two or three
relays sharing slow receivers. Each scenario prints one ``FIGURE`` line (run with ``-s`` to see them;
docs/notifications.md reports the latest run) and asserts the promise: nothing lost, no order violation, no
dead letter for an outage shorter than the window, and duplicates only after a crash (always with the same
message id)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiosmtpd.controller import Controller

from sp4n.adapters.delivery.email import SmtpSender
from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.outbox_server import SqlOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.adapters.system import ManualClock
from sp4n.notify import Message, MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.ports import OutboxStore
from sp4n.service import OutboxRelay, RenderFromLog, RetryPolicy, Subscription, UnitOfWorkReader
from sp4n.testing.notify import WebhookReceiver, commit_events, drain, story
from sp4n.testing.servers import free_port

SECRET = b"kunci"
T0 = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
COMPLAINTS = 12


def directory(url: str) -> StaticDirectory:
    """Agencies, units and the public feed on the webhook at ``url``; by e-mail when ``url`` is ``mail``."""

    def hook(id_: str, audience: str) -> list[Recipient]:
        if url == "mail":
            return [Recipient(id=id_, audience=audience, channel="email", address=f"{id_}@sleman.go.id")]
        return [Recipient(id=id_, audience=audience, channel="webhook", address=url)]

    return StaticDirectory(agencies={"pemkab-sleman": hook("sleman", "agency_admin")},
                           units={("pemkab-sleman", "disdik"): hook("disdik", "unit")},
                           public=hook("feed", "public"))  # fmt: skip


@attrs.frozen
class Engine:
    """Where the events and the outbox live: ``events()`` and ``store()`` open new connections."""

    name: str
    events: Callable[[], Any]
    store: Callable[[], OutboxStore]
    where: tuple[str, str]  # what a relay process is told: the database (file or DSN) and the table prefix


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        db = tmp_path / "lapor.sqlite"
        yield Engine(
            "sqlite", lambda: SqliteUnitOfWork(db), lambda: SqliteOutboxStore(str(db)), (str(db), "")
        )
        return
    import psycopg

    dsn: str = request.getfixturevalue("postgres_server")
    prefix = f"fig{os.getpid()}_{uuid.uuid4().hex[:6]}"
    yield Engine("postgres", lambda: unit_of_work_from_url(dsn, prefix=prefix + "_", migrate=True),
                 lambda: SqlOutboxStore(dsn, prefix=prefix + "_outbox"), (dsn, prefix))  # fmt: skip
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in (*TABLES, "outbox_cursor", "outbox_dead_letter"):  # fmt: skip
            conn.execute(f"DROP TABLE IF EXISTS {prefix}_{table}")


def _commit(engine: Engine) -> None:
    uow = engine.events()
    stories = [story(f"c{i:02d}") for i in range(COMPLAINTS)]
    for step in range(1, 7):  # interleaved, as real traffic is
        for s in stories:
            commit_events(uow, s, upto=step, after=step - 1)


def _expected(engine: Engine, url: str) -> list[Message]:
    reader = UnitOfWorkReader(engine.events())
    render = RenderFromLog(MessageRenderer(directory=directory(url)), reader)
    return [m for s in reader.read_since(0, 10_000) for m in render(s)]


@attrs.frozen
class Figures:
    delivered: int
    duplicates: int
    dead_letters: int
    order_violations: int
    lost: int

    @classmethod
    def of(cls, ids: list[str], expected: list[Message], dead_letters: int) -> Figures:
        """Figures of the ``ids`` a receiver got, in arrival order, against the ``expected`` messages."""
        where = {m.id: (m.complaint_id, m.sequence) for m in expected}
        latest: dict[str, int] = {}
        violations = 0
        for mid in dict.fromkeys(ids):
            complaint, sequence = where[mid]
            if sequence < latest.get(complaint, 0):
                violations += 1
            latest[complaint] = max(sequence, latest.get(complaint, 0))
        return cls(delivered=len(set(ids)), duplicates=len(ids) - len(set(ids)), dead_letters=dead_letters,
                   order_violations=violations, lost=len(set(where) - set(ids)))  # fmt: skip

    def report(self, scenario: str, engine: str) -> None:
        line = (
            f"FIGURE {scenario} [{engine}]: delivered={self.delivered} duplicates={self.duplicates} "
            f"dead_letters={self.dead_letters} order_violations={self.order_violations} lost={self.lost}"
        )
        sys.stdout.write(f"\n{line}\n")  # fmt: skip


class MailReceiver:
    """An SMTP server (aiosmtpd) on a fixed loopback port that can be taken down and brought back."""

    def __init__(self) -> None:
        self.port, self.mails = free_port(), list[bytes]()
        self._controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook
        self.mails.append(bytes(envelope.content))
        return "250 Message accepted"

    def up(self) -> None:
        controller = Controller(self, hostname="127.0.0.1", port=self.port)
        controller.start()
        self._controller = controller

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def ids(self) -> list[str]:
        """The ``X-Sp4n-Message-Id`` of every mail received, in arrival order (duplicates included)."""
        return [str(message_from_bytes(raw)["X-Sp4n-Message-Id"]) for raw in self.mails]


class ComesBack:
    """A sender to a receiver that is down until the injected clock reaches ``back_at``."""

    def __init__(
        self, receiver: WebhookReceiver | MailReceiver, clock: ManualClock, back_at: datetime
    ) -> None:
        self.receiver, self.clock, self.back_at = receiver, clock, back_at
        self.sender: WebhookSender | SmtpSender = (
            SmtpSender(host="127.0.0.1", port=receiver.port, sender="lapor@lapor.go.id", timeout=2)
            if isinstance(receiver, MailReceiver)
            else WebhookSender(None, secret=SECRET, timeout=2)
        )
        self.down = True

    def send(self, message: Message) -> None:
        if self.down and self.clock.now() >= self.back_at:
            self.receiver.up()
            self.down = False
        self.sender.send(message)


@contextlib.contextmanager
def receiver_of(kind: str) -> Iterator[tuple[WebhookReceiver | MailReceiver, str]]:
    """A running receiver of ``kind`` (``webhook`` or ``email``) and the address the directory is given."""
    if kind == "webhook":
        with WebhookReceiver(SECRET) as hook:
            yield hook, hook.url
        return
    mail = MailReceiver()
    mail.up()
    try:
        yield mail, "mail"
    finally:
        mail.down()


@pytest.mark.parametrize("channel", ["webhook", "email"])
@pytest.mark.parametrize(("outage", "window", "scenario"), [
    (timedelta(seconds=5), timedelta(days=1), "receiver down 5 s"),
    (timedelta(seconds=60), timedelta(days=1), "receiver down 60 s"),
    (timedelta(seconds=90), timedelta(seconds=30), "receiver down 90 s, window 30 s"),
])  # fmt: skip
def test_a_receiver_outage(
    engine: Engine, outage: timedelta, window: timedelta, scenario: str, channel: str
) -> None:
    _commit(engine)
    clock = ManualClock(T0)
    with receiver_of(channel) as (receiver, address):
        expected = _expected(engine, address)
        store, reader = engine.store(), UnitOfWorkReader(engine.events())
        sender = ComesBack(receiver, clock, T0 + outage)
        relay = OutboxRelay(events=reader, store=store, batch_size=10, now=clock.now,
                            render=RenderFromLog(MessageRenderer(directory=directory(address)), reader),
                            subscriptions=[Subscription(name="hook", sender=sender)],
                            retry=RetryPolicy(base_delay=0.5, max_delay=10, window=window))  # fmt: skip
        receiver.down()  # the outage starts before the first delivery
        drain(relay, clock)
        dead_during = len(store.dead_letters("hook", limit=10_000))
        # the receiver is back by now; the next automatic re-drive (every max_delay) comes due
        clock.set(max(clock.now(), T0 + outage) + timedelta(seconds=11))
        drain(relay, clock)
        figures = Figures.of(receiver.ids(), expected, len(store.dead_letters("hook", limit=10_000)))
    figures.report(f"{channel}: {scenario} (dead letters while down: {dead_during})", engine.name)
    assert len(expected) > COMPLAINTS
    assert (figures.lost, figures.order_violations, figures.duplicates, figures.dead_letters) == (0, 0, 0, 0)
    if outage < window:
        assert dead_during == 0
    else:
        assert dead_during > 0


@pytest.mark.parametrize("relays", [2, 3])
def test_several_relays_with_a_slow_receiver(engine: Engine, relays: int) -> None:
    _commit(engine)
    with WebhookReceiver(SECRET, delay=0.003) as receiver:
        expected = _expected(engine, receiver.url)
        stop = threading.Event()

        def work() -> None:
            reader = UnitOfWorkReader(engine.events())
            render = RenderFromLog(MessageRenderer(directory=directory(receiver.url)), reader)
            hook = Subscription(name="hook", sender=WebhookSender(None, secret=SECRET))
            relay = OutboxRelay(events=reader, store=engine.store(), batch_size=5, render=render,
                                subscriptions=[hook])  # fmt: skip
            relay.run(stop=stop.is_set, idle_seconds=0.01)

        threads = [threading.Thread(target=work) for _ in range(relays)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(set(receiver.ids())) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)  # anything sent twice would arrive now
        stop.set()
        for t in threads:
            t.join(timeout=30)
        figures = Figures.of(receiver.ids(), expected, len(engine.store().dead_letters("hook")))
    figures.report(f"{relays} relays, receiver 3 ms per request", engine.name)
    assert figures == Figures(
        delivered=len(expected), duplicates=0, dead_letters=0, order_violations=0, lost=0
    )


RELAY = """
import sys
from sp4n.service import OutboxRelay, RenderFromLog, RetryPolicy, Subscription, UnitOfWorkReader
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from aiosmtpd.controller import Controller
from email import message_from_bytes

from sp4n.adapters.delivery.email import SmtpSender
from sp4n.adapters.delivery.email import SmtpSender
from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.notify import MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory

db, prefix, url = sys.argv[1:4]
mail = url.startswith("smtp:")  # smtp:PORT: every notice by e-mail to aiosmtpd on that loopback port
channel = "email" if mail else "webhook"
hook = lambda id_, audience: [Recipient(id=id_, audience=audience, channel=channel,
                                        address=f"{id_}@sleman.go.id" if mail else url)]
sender = (SmtpSender(host="127.0.0.1", port=int(url[5:]), sender="lapor@lapor.go.id", timeout=2) if mail
          else WebhookSender(None, secret=b"kunci"))
directory = StaticDirectory(agencies={"pemkab-sleman": hook("sleman", "agency_admin")},
                            units={("pemkab-sleman", "disdik"): hook("disdik", "unit")},
                            public=hook("feed", "public"))
if db.startswith("postgresql://"):
    from sp4n.adapters.storage.outbox_server import SqlOutboxStore
    from sp4n.adapters.storage.urls import unit_of_work_from_url
    reader, store = (UnitOfWorkReader(unit_of_work_from_url(db, prefix=prefix + "_", migrate=True)),
                     SqlOutboxStore(db, prefix=prefix + "_outbox"))
else:
    reader, store = UnitOfWorkReader(SqliteUnitOfWork(db)), SqliteOutboxStore(db, lease_seconds=1.0)
relay = OutboxRelay(events=reader, render=RenderFromLog(MessageRenderer(directory=directory), reader),
                    store=store,
                    subscriptions=[Subscription(name="hook", sender=sender)],
                    retry=RetryPolicy(base_delay=0.01, max_delay=0.2), batch_size=5)
print("ready", flush=True)
relay.run(stop=lambda: False, idle_seconds=0.02)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_relay_killed_mid_redrive_loses_nothing(engine: Engine) -> None:
    _commit(engine)
    with WebhookReceiver(SECRET, delay=0.01) as receiver:
        expected = _expected(engine, receiver.url)
        # First every message is refused (HTTP 422, permanent): all of them become dead letters, each
        # complaint's chain waiting behind its first.
        receiver.fail_when(lambda _: True, status=422)
        reader, store = UnitOfWorkReader(engine.events()), engine.store()
        clock = ManualClock(T0)
        render = RenderFromLog(MessageRenderer(directory=directory(receiver.url)), reader)
        hook = Subscription(name="hook", sender=WebhookSender(None, secret=SECRET))
        relay = OutboxRelay(events=reader, store=store, now=clock.now, render=render, subscriptions=[hook])
        drain(relay, clock)
        assert len(store.dead_letters("hook", limit=10_000)) == len(expected)
        receiver.fail_when(None)
        receiver.received.clear()

        def start() -> subprocess.Popen[str]:
            argv = [sys.executable, "-c", RELAY, *engine.where, receiver.url]
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env)
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            return proc

        first = start()  # it re-drives at once
        deadline = time.monotonic() + 30
        while len(receiver.ids()) < len(expected) // 3 and time.monotonic() < deadline:
            time.sleep(0.005)
        first.send_signal(signal.SIGKILL)  # mid-redrive
        first.wait()
        killed_at = len(set(receiver.ids()))
        second = start()
        try:
            deadline = time.monotonic() + 60
            while (
                len(set(receiver.ids())) < len(expected) or store.dead_letters("hook")
            ) and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            second.kill()
            second.wait()
            for p in (first, second):
                assert p.stdout is not None
                p.stdout.close()
        figures = Figures.of(receiver.ids(), expected, len(store.dead_letters("hook", limit=10_000)))
    figures.report(f"relay killed mid-redrive after {killed_at} of {len(expected)}", engine.name)
    assert 0 < killed_at < len(expected)
    assert (figures.lost, figures.order_violations, figures.dead_letters) == (0, 0, 0)
    assert figures.duplicates <= 5  # at most one claim's batch of letters, each again with its same id


def _start(engine: Engine, url: str) -> subprocess.Popen[str]:
    argv = [sys.executable, "-c", RELAY, *engine.where, url]
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("channel", ["webhook", "email"])
def test_a_relay_killed_mid_batch_loses_nothing(engine: Engine, channel: str) -> None:
    _commit(engine)
    with receiver_of(channel) as (receiver, address):
        expected = _expected(engine, address)
        where = f"smtp:{receiver.port}" if isinstance(receiver, MailReceiver) else address
        first = _start(engine, where)
        deadline = time.monotonic() + 30
        while len(receiver.ids()) < len(expected) // 3 and time.monotonic() < deadline:
            time.sleep(0.005)
        first.send_signal(signal.SIGKILL)  # mid-batch (batches of 5 events)
        first.wait()
        killed_at = len(set(receiver.ids()))
        second = _start(engine, where)
        try:
            deadline = time.monotonic() + 60
            while len(set(receiver.ids())) < len(expected) and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.2)
        finally:
            for proc in (first, second):
                proc.kill()
                proc.wait()
                assert proc.stdout is not None
                proc.stdout.close()
        figures = Figures.of(receiver.ids(), expected, len(engine.store().dead_letters("hook")))
    figures.report(f"{channel}: relay killed mid-batch after {killed_at} of {len(expected)}", engine.name)
    assert 0 < killed_at < len(expected)
    assert (figures.lost, figures.order_violations, figures.dead_letters) == (0, 0, 0)
    assert figures.duplicates <= 5 * 2  # at most the killed batch (5 events, 2 messages at most each)
