"""E-mail against a real SMTP server (aiosmtpd) on loopback: plain, STARTTLS, refusals and an outage."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from sp4n.adapters.delivery.email import SmtpSender
from sp4n.adapters.storage.outbox import MemoryOutboxStore
from sp4n.adapters.system import ManualClock
from sp4n.exceptions import DeliveryError
from sp4n.identity import ReporterIdentity
from sp4n.notify import Message, MessageRenderer
from sp4n.ports import MessageSender
from sp4n.service.relay import OutboxRelay, RenderFromLog, RetryPolicy, Subscription
from sp4n.testing.notify import ListEventLog, drain, story
from sp4n.testing.servers import free_port

SITI = ReporterIdentity(id="r1", name="Siti", nik=None, phone=None, email="siti@example.org")


class Mailbox:
    """aiosmtpd handler: keeps what arrives; refuses recipients on a block list."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.mails.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


class Identities:
    def get(self, identity_id: str) -> ReporterIdentity | None:
        return SITI if identity_id == SITI.id else None


def _messages() -> tuple[ListEventLog, list[Message]]:
    log = ListEventLog()
    log.append(story("c1", reporter_ref="r1"))
    render = RenderFromLog(MessageRenderer(directory=_NoOne(), identities=Identities()), log)
    return log, [m for s in log.read_since(0) for m in render(s) if m.channel == "email"]


class _NoOne:
    def recipients(self, audience: object, facts: object) -> list[Any]:
        return []


def test_the_smtp_sender_is_a_message_sender() -> None:
    sender: MessageSender = SmtpSender(host="127.0.0.1", sender="lapor@example.go.id")
    assert isinstance(sender, MessageSender)


def test_a_mail_arrives_with_subject_body_and_a_message_id_derived_from_the_stable_id(
    smtp: tuple[Mailbox, int],
) -> None:
    box, port = smtp
    message = _messages()[1][0]
    SmtpSender(host="127.0.0.1", port=port, sender="lapor@lapor.go.id", timeout=5).send(message)
    ((rcpts, raw),) = box.mails
    mail = message_from_bytes(raw)
    assert rcpts == ["siti@example.org"]
    assert mail["Subject"] == message.subject
    assert mail["Message-ID"] == f"<{message.id}@lapor.go.id>"
    assert b"LAP-c1" in raw.split(b"\r\n\r\n", 1)[1]


def test_a_refused_mailbox_is_a_permanent_failure(smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    box.refuse.add("siti@example.org")
    with pytest.raises(DeliveryError) as err:
        SmtpSender(host="127.0.0.1", port=port, sender="lapor@lapor.go.id", timeout=5).send(_messages()[1][0])
    assert not err.value.retryable
    assert "siti@example.org" not in str(err.value)


def test_an_unreachable_server_is_a_retryable_failure() -> None:
    with pytest.raises(DeliveryError) as err:
        SmtpSender(host="127.0.0.1", port=free_port(), sender="lapor@lapor.go.id", timeout=2).send(
            _messages()[1][0]
        )
    assert err.value.retryable


def test_the_relay_delivers_every_reporter_mail_in_order_once_the_server_is_back() -> None:
    log, expected = _messages()
    box, port = Mailbox(), free_port()
    notifier = SmtpSender(host="127.0.0.1", port=port, sender="lapor@lapor.go.id", timeout=2)
    controller = Controller(box, hostname="127.0.0.1", port=port)
    clock = ManualClock(datetime(2026, 3, 2, 5, 0, tzinfo=UTC))
    store = MemoryOutboxStore()
    relay = OutboxRelay(
        events=log,
        render=RenderFromLog(MessageRenderer(directory=_NoOne(), identities=Identities()), log),
        store=store,
        subscriptions=[Subscription(name="mail", sender=notifier, channels={"email"})],
        retry=RetryPolicy(base_delay=1.0),
        now=clock.now,
    )
    for _ in range(3):  # the mail server is down: the relay waits, the cursor stays
        relay.run_once()
        clock.set(relay.next_retry() or clock.now())
    assert relay.waiting() == {"mail": 3}
    controller.start()  # the mail server comes back while the relay is retrying
    try:
        drain(relay, clock)
    finally:
        controller.stop()
    ids = [message_from_bytes(raw)["X-Sp4n-Message-Id"] for _, raw in box.mails]
    assert ids == [m.id for m in expected]
    assert store.dead_letters() == []


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_starttls_upgrades_the_connection_before_sending(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    box, port = Mailbox(), free_port()
    controller = Controller(
        box, hostname="127.0.0.1", port=port, tls_context=server_ctx, require_starttls=True
    )
    controller.start()
    try:
        plain = SmtpSender(host="127.0.0.1", port=port, sender="lapor@lapor.go.id", timeout=5)
        with pytest.raises(DeliveryError):
            plain.send(_messages()[1][0])  # the server insists on STARTTLS
        client_ctx = ssl.create_default_context(cafile=str(cert))
        tls = SmtpSender(host="127.0.0.1", port=port, sender="lapor@lapor.go.id", starttls=True,
                           ssl_context=client_ctx, timeout=5)  # fmt: skip
        tls.send(_messages()[1][0])
    finally:
        controller.stop()
    assert len(box.mails) == 1
