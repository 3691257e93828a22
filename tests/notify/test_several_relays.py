"""Several relays at once on PostgreSQL / MariaDB (and SQLite leases): in normal operation no message is
sent twice, none is lost, and each complaint's messages keep their order."""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.outbox_server import SqlOutboxStore
from sp4n.notify import Message, MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.ports import OutboxStore
from sp4n.service import OutboxRelay, RenderFromLog, Subscription
from sp4n.testing.notify import ListEventLog, RecordingSender

DIRECTORY = StaticDirectory(
    agencies={
        "pemkab-sleman": [Recipient(id="a", audience="agency_admin", channel="email", address="a@x.id")]
    },
    units={
        ("pemkab-sleman", "disdik"): [Recipient(id="u", audience="unit", channel="sms", address="+62811")]
    },
    public=[Recipient(id="p", audience="public", channel="webhook", address="https://x.id/feed")],
)


def _run_relays(
    make_store: Callable[[], OutboxStore], relays: int = 3
) -> tuple[list[Message], dict[str, list[Message]]]:
    log = ListEventLog.interleaved(25)
    render = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)
    expected = [m for s in log.read_since(0, 10_000) for m in render(s)]
    sinks = {ch: RecordingSender() for ch in ("email", "sms", "webhook")}
    subs = [Subscription(name=ch, sender=n, channels={ch}) for ch, n in sinks.items()]
    barrier = threading.Barrier(relays)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            store = make_store()
            relay = OutboxRelay(events=log, render=render, store=store, subscriptions=subs, batch_size=5)
            barrier.wait(timeout=30)
            while any(store.cursor(s.name) < log.last_position() for s in subs):
                relay.run_once()
            store.close()  # type: ignore[attr-defined]  # every concrete store here has close()
        except BaseException as err:  # surfaced in the test thread below
            barrier.abort()
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(relays)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    return expected, {ch: n.messages for ch, n in sinks.items()}


def _check(expected: list[Message], got: dict[str, list[Message]]) -> None:
    for channel, messages in got.items():
        ids = [m.id for m in messages]
        assert len(ids) == len(set(ids)), f"{channel}: a message was sent twice"
        assert ids == [m.id for m in expected if m.channel == channel]  # none lost, log order
        per: dict[str, list[int]] = defaultdict(list)
        for m in messages:
            per[m.complaint_id].append(m.sequence)
        assert all(s == sorted(s) for s in per.values())


@pytest.mark.postgres
def test_three_relays_on_postgresql_never_send_twice(postgres_server: str) -> None:
    prefix = f"t_outbox_{uuid.uuid4().hex[:8]}"
    try:
        _check(*_run_relays(lambda: SqlOutboxStore(postgres_server, prefix=prefix)))
    finally:
        cleaner = SqlOutboxStore(postgres_server, prefix=prefix)
        cleaner.drop_tables()
        cleaner.close()


@pytest.mark.mariadb
def test_three_relays_on_mariadb_never_send_twice(mariadb_server: str) -> None:
    prefix = f"t_outbox_{uuid.uuid4().hex[:8]}"
    try:
        _check(*_run_relays(lambda: SqlOutboxStore(mariadb_server, prefix=prefix)))
    finally:
        cleaner = SqlOutboxStore(mariadb_server, prefix=prefix)
        cleaner.drop_tables()
        cleaner.close()


def test_three_relays_on_one_sqlite_outbox_never_send_twice(tmp_path: Path) -> None:
    path = str(tmp_path / "outbox.db")
    _check(*_run_relays(lambda: SqliteOutboxStore(path)))
