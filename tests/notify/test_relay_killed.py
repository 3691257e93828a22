"""The relay process killed mid-batch (SIGKILL) and restarted: nothing is lost, order per complaint holds,
and after de-duplication by id every message arrived exactly once. Storage is SQLite files on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.notify import MessageRenderer
from sp4n.notify.directory import StaticDirectory
from sp4n.notify.model import Message, Recipient
from sp4n.service.relay import RenderFromLog, UnitOfWorkReader
from sp4n.testing.notify import WebhookReceiver, commit_events, story

SECRET = b"kunci"

# The relay process: its own connections to the event database and the outbox store, a 1 s lease so the
# restarted relay can take over from the killed one quickly.
RELAY = """
import sys
from sp4n.service.relay import OutboxRelay, RenderFromLog, RetryPolicy, Subscription, UnitOfWorkReader
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.notify import MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory

events_path, outbox_path, url = sys.argv[1:4]
hook = lambda id_, audience: [Recipient(id=id_, audience=audience, channel="webhook", address=url)]
directory = StaticDirectory(agencies={"pemkab-sleman": hook("sleman", "agency_admin")},
                            units={("pemkab-sleman", "disdik"): hook("disdik", "unit")},
                            public=hook("feed", "public"))
reader = UnitOfWorkReader(SqliteUnitOfWork(events_path))
relay = OutboxRelay(events=reader, render=RenderFromLog(MessageRenderer(directory=directory), reader),
                    store=SqliteOutboxStore(outbox_path, lease_seconds=1.0),
                    subscriptions=[Subscription(name="hook",
                                                sender=WebhookSender(None, secret=b"kunci"))],
                    retry=RetryPolicy(base_delay=0.01, max_delay=0.2), batch_size=25)
print("ready", flush=True)
relay.run(stop=lambda: False, idle_seconds=0.02)
"""


def _start(events: Path, outbox: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", RELAY, str(events), str(outbox), url],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _wait(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def _expected(uow: SqliteUnitOfWork, url: str) -> list[Message]:
    """What the relay process renders: the same directory as in RELAY."""

    def hook(id_: str, audience: str) -> list[Recipient]:
        return [Recipient(id=id_, audience=audience, channel="webhook", address=url)]

    directory = StaticDirectory(
        agencies={"pemkab-sleman": hook("sleman", "agency_admin")},
        units={("pemkab-sleman", "disdik"): hook("disdik", "unit")},
        public=hook("feed", "public"),
    )
    reader = UnitOfWorkReader(uow)
    render = RenderFromLog(MessageRenderer(directory=directory), reader)
    return [m for s in reader.read_since(0, 10_000) for m in render(s)]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_relay_killed_mid_batch_and_restarted_loses_nothing(tmp_path: Path) -> None:
    events_db, outbox_db = tmp_path / "events.db", tmp_path / "outbox.db"
    uow = SqliteUnitOfWork(events_db)
    for i in range(30):
        commit_events(uow, story(f"c{i:02d}"), upto=6)
    with WebhookReceiver(SECRET, delay=0.004) as receiver:
        expected = _expected(uow, receiver.url)
        assert len(expected) == 120

        first = _start(events_db, outbox_db, receiver.url)
        _wait(lambda: len(receiver.ids()) >= 40, timeout=30)
        first.send_signal(signal.SIGKILL)  # mid-batch: batches are 25 events, ~17 messages
        first.wait()
        killed_at = len(set(receiver.ids()))
        assert 0 < killed_at < len(expected)

        second = _start(events_db, outbox_db, receiver.url)
        try:
            _wait(lambda: len(set(receiver.ids())) >= len(expected), timeout=60)
        finally:
            second.kill()
            second.wait()
            assert second.stdout is not None
            second.stdout.close()
            assert first.stdout is not None
            first.stdout.close()

        first_seen = list(dict.fromkeys(receiver.ids()))
        assert sorted(first_seen) == sorted(m.id for m in expected)  # nothing lost, once after de-dup
        by_id = {m.id: m for m in expected}
        order: dict[str, list[int]] = defaultdict(list)
        for mid in first_seen:
            order[by_id[mid].complaint_id].append(by_id[mid].sequence)
        assert all(seq == sorted(seq) for seq in order.values())
