"""End to end with the real service on SQLite: commands commit without waiting for any receiver, the relay
delivers afterwards, and an anonim reporter's identity never reaches the agency's webhook."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.model import Actor, Role
from sp4n.notify import MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.service import (
    OutboxRelay,
    RelayWakeup,
    RenderFromLog,
    RetryPolicy,
    Subscription,
    UnitOfWorkReader,
    create_service,
)
from sp4n.testing.notify import RecordingSender, WebhookReceiver

SECRET = b"e2e"
SITI = {"name": "Siti Rahmawati", "email": "siti.r@example.org", "phone": "+6281234500099"}


def _relay(
    tmp: Path, url: str, wakeup: RelayWakeup, to_reporter: RecordingSender, stop: threading.Event
) -> None:
    reader = UnitOfWorkReader(SqliteUnitOfWork(tmp / "sp4n.db"))  # the relay's own connection, in its thread
    hook = Recipient(id="sleman", audience="agency_admin", channel="webhook", address=url)
    directory = StaticDirectory(agencies={"pemkab-sleman": [hook]})
    OutboxRelay(
        events=reader,
        render=RenderFromLog(MessageRenderer(directory=directory, identities=reader), reader),
        store=SqliteOutboxStore(str(tmp / "outbox.db")),
        subscriptions=[
            Subscription(name="agency", sender=WebhookSender(None, secret=SECRET), channels={"webhook"}),
            Subscription(name="reporter", sender=to_reporter, channels={"email", "sms"}),
        ],
        retry=RetryPolicy(base_delay=0.01),
    ).run(stop=stop.is_set, idle_seconds=0.5, wakeup=wakeup)


def test_commands_never_wait_for_a_slow_receiver_and_the_agency_never_sees_an_anonim_reporter(
    tmp_path: Path,
) -> None:
    wakeup, to_reporter, stop = RelayWakeup(), RecordingSender(), threading.Event()
    service = create_service(uow=SqliteUnitOfWork(tmp_path / "sp4n.db"), notifier=wakeup)
    with WebhookReceiver(SECRET, delay=1.0) as agency:  # every request takes the agency a second
        worker = threading.Thread(target=_relay, args=(tmp_path, agency.url, wakeup, to_reporter, stop))
        worker.start()
        try:
            started = time.perf_counter()
            receipt = service.submit(
                {
                    "type": "pengaduan",
                    "title": "Pungutan liar di sekolah",
                    "description": "Diminta uang seragam",
                    "category": "pendidikan",
                    "channel": "web",
                    "region_code": "34.04",
                    "anonim": True,
                    "reporter": SITI,
                }
            )
            service.verify_and_forward(
                {"complaint_id": receipt.complaint_id, "agency_id": "pemkab-sleman"},
                actor=Actor(id="adm", role=Role.national_admin),
            )
            assert time.perf_counter() - started < 0.9  # both commands done before one agency request is
            deadline = time.monotonic() + 15
            while not agency.received and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            stop.set()
            worker.join()
    (arrived,) = agency.received
    assert arrived.payload["tracking_id"] == receipt.tracking_id
    text = " ".join(str(v) for v in arrived.payload.values())
    assert not [v for v in SITI.values() if v in text]
    assert "Anonim" in arrived.payload["body"]
    assert {(m.template, m.address) for m in to_reporter.messages} == {
        ("received", SITI["email"]), ("received", SITI["phone"]),
        ("forwarded", SITI["email"]), ("forwarded", SITI["phone"]),
    }  # fmt: skip
