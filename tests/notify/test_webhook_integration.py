"""Webhooks and the SMS gateway against a real HTTP server on loopback, including the receiver going down."""

from __future__ import annotations

import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.delivery.sms import HttpSmsGateway
from sp4n.adapters.delivery.webhook import SignatureVerifier, WebhookSender, sign, verify_signature
from sp4n.adapters.storage.outbox import MemoryOutboxStore
from sp4n.exceptions import ConfigurationError, DeliveryError
from sp4n.notify import Message, MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.ports import MessageSender
from sp4n.service.relay import OutboxRelay, RenderFromLog, RetryPolicy, Subscription
from sp4n.testing.notify import ListEventLog, WebhookReceiver

SECRET = b"rahasia-bersama"
DIRECTORY = StaticDirectory(
    agencies={
        "pemkab-sleman": [Recipient(id="sleman", audience="agency_admin", channel="webhook", address="-")]
    },
    units={
        ("pemkab-sleman", "disdik"): [Recipient(id="disdik", audience="unit", channel="webhook", address="-")]
    },
    public=[Recipient(id="feed", audience="public", channel="webhook", address="-")],
)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as r:
        yield r


def _expected(log: ListEventLog) -> list[Message]:
    render = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)
    return [m for s in log.read_since(0, 10_000) for m in render(s)]


def _relay(
    log: ListEventLog, notifier: WebhookSender, store: MemoryOutboxStore, retry: RetryPolicy
) -> OutboxRelay:
    return OutboxRelay(
        events=log,
        render=RenderFromLog(MessageRenderer(directory=DIRECTORY), log),
        store=store,
        subscriptions=[Subscription(name="hook", sender=notifier)],
        retry=retry,
        batch_size=10,
    )


def test_the_webhook_and_the_sms_gateway_are_message_senders() -> None:
    senders: list[MessageSender] = [
        WebhookSender("http://127.0.0.1:9/", secret=SECRET),
        HttpSmsGateway("http://127.0.0.1:9/"),
    ]
    assert all(isinstance(sender, MessageSender) for sender in senders)


def test_a_message_arrives_signed_and_the_receiver_verifies_it(receiver: WebhookReceiver) -> None:
    message = _expected(ListEventLog.interleaved(1))[0]
    WebhookSender(receiver.url, secret=SECRET).send(message)
    (got,) = receiver.received
    assert got.message_id == message.id
    assert got.payload["tracking_id"] == "LAP-c0"
    assert got.payload == message.to_dict()


def test_a_wrong_secret_is_rejected_and_that_is_not_retried(receiver: WebhookReceiver) -> None:
    with pytest.raises(DeliveryError) as err:
        WebhookSender(receiver.url, secret=b"salah").send(_expected(ListEventLog.interleaved(1))[0])
    assert receiver.rejected == 1
    assert not err.value.retryable
    assert receiver.received == []


@pytest.mark.parametrize(
    ("status", "retryable"), [(500, True), (503, True), (429, True), (400, False), (404, False)]
)
def test_5xx_is_retryable_and_4xx_is_not(receiver: WebhookReceiver, status: int, retryable: bool) -> None:
    receiver.fail_next(1, status)
    with pytest.raises(DeliveryError) as err:
        WebhookSender(receiver.url, secret=SECRET).send(_expected(ListEventLog.interleaved(1))[0])
    assert err.value.retryable is retryable
    assert str(status) in str(err.value)


def test_an_unreachable_receiver_is_a_retryable_network_error() -> None:
    with WebhookReceiver(SECRET) as r:
        url = r.url
    with pytest.raises(DeliveryError) as err:
        WebhookSender(url, secret=SECRET, timeout=1).send(_expected(ListEventLog.interleaved(1))[0])
    assert err.value.retryable


def test_a_replayed_or_tampered_request_does_not_verify() -> None:
    body = b'{"id":"m1"}'
    sig = sign(SECRET, "1772420400", body)
    assert verify_signature(secret=SECRET, timestamp="1772420400", body=body, signature=sig, now=1772420400)
    assert not verify_signature(
        secret=SECRET, timestamp="1772420400", body=body + b" ", signature=sig, now=1772420400
    )
    assert not verify_signature(
        secret=SECRET, timestamp="1772420401", body=body, signature=sig, now=1772420400
    )
    assert not verify_signature(
        secret=SECRET, timestamp="1772420400", body=body, signature=sig, now=1772421000
    )
    assert not verify_signature(secret=SECRET, timestamp="soon", body=body, signature=sig, now=1772420400)


def test_receiver_down_for_a_while_then_back_everything_arrives_in_order_once_after_dedup(
    receiver: WebhookReceiver,
) -> None:
    log, store = ListEventLog.interleaved(10), MemoryOutboxStore()
    expected = _expected(log)
    relay = _relay(
        log,
        WebhookSender(receiver.url, secret=SECRET, timeout=2),
        store,
        RetryPolicy(base_delay=0.01, max_delay=0.1),
    )
    relay.run_once()  # part of the traffic goes through
    receiver.down()
    stop = threading.Event()
    worker = threading.Thread(target=relay.run, kwargs={"stop": stop.is_set, "idle_seconds": 0.01})
    worker.start()
    time.sleep(0.4)  # down for a while, with the relay retrying
    receiver.up()
    deadline = time.monotonic() + 20
    while len(set(receiver.ids())) < len(expected) and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    worker.join()
    first_seen = list(dict.fromkeys(receiver.ids()))
    assert first_seen == [m.id for m in expected]  # every id, in log order, so in order per complaint
    assert store.dead_letters() == []
    per_complaint: dict[str, list[int]] = defaultdict(list)
    for mid in first_seen:
        payload = next(r.payload for r in receiver.received if r.message_id == mid)
        per_complaint[payload["complaint_id"]].append(payload["sequence"])
    assert all(s == sorted(s) for s in per_complaint.values())


def test_a_message_the_receiver_refuses_is_dead_lettered_its_complaint_waits_and_the_rest_arrive(
    receiver: WebhookReceiver,
) -> None:
    log, store = ListEventLog.interleaved(3), MemoryOutboxStore()
    expected = _expected(log)
    poison = expected[2]
    behind = [m.id for m in expected[3:] if m.complaint_id == poison.complaint_id]
    receiver.fail_when(lambda p: p["id"] == poison.id, status=422)
    relay = _relay(log, WebhookSender(receiver.url, secret=SECRET), store, RetryPolicy(base_delay=0))
    while relay.run_once().events:
        pass
    assert receiver.ids() == [m.id for m in expected if m.id != poison.id and m.id not in behind]
    letters = {d.message_id: d.attempts for d in store.dead_letters(limit=100)}
    assert letters == {poison.id: 1} | dict.fromkeys(behind, 0)
    receiver.fail_when(None)
    relay.redrive("hook")
    payloads = {r.message_id: r.payload for r in receiver.received}
    late = [payloads[i] for i in receiver.ids()[-len(letters) :]]
    assert {p["id"] for p in late} == set(letters)
    assert [p["sequence"] for p in late] == sorted(p["sequence"] for p in late)  # late, but in order
    assert store.dead_letters() == []


def test_the_sms_gateway_receives_the_short_text_its_parts_the_token_and_the_stable_reference() -> None:
    hook = next(m for m in _expected(ListEventLog.interleaved(1)) if m.channel == "webhook")
    sms = Message(**{**{k: getattr(hook, k) for k in hook.to_dict()}, "channel": "sms", "address": "+628123"})
    with WebhookReceiver(None) as gateway_server:
        HttpSmsGateway(gateway_server.url, token="t0k3n").send(sms)
        (got,) = gateway_server.received
    assert got.payload == {
        "to": "+628123",
        "text": sms.sms,
        "reference": sms.id,
        "encoding": "gsm7",
        "parts": 1,
    }
    assert got.headers["Authorization"] == "Bearer t0k3n"
    assert got.message_id == sms.id


def test_the_sms_gateway_refuses_a_text_longer_than_its_part_limit_without_retrying() -> None:
    hook = next(m for m in _expected(ListEventLog.interleaved(1)) if m.channel == "webhook")
    long_sms = Message(
        **{**{k: getattr(hook, k) for k in hook.to_dict()}, "channel": "sms", "sms": "x" * 400}
    )
    with WebhookReceiver(None) as gateway_server:
        with pytest.raises(DeliveryError) as err:
            HttpSmsGateway(gateway_server.url, max_parts=2).send(long_sms)
        assert gateway_server.requests == 0
        assert not err.value.retryable


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [
        ("١٧٧٢٤٢٠٤٠٠", None),  # Arabic-Indic digits: int() takes them, ASCII encoding does not
        ("1772420400", "sha256=é" + "0" * 63),
        (" 1772420400", None),
        ("+1772420400", None),
        ("1_772_420_400", None),
        ("", None),
        ("1772420400", ""),
        ("1772420400", "sha256=" + "A" * 64),
        ("1772420400\n", None),
    ],
)
def test_malformed_headers_are_false_never_an_exception(timestamp: str, signature: str | None) -> None:
    body = b'{"id":"m1"}'
    sig = sign(SECRET, "1772420400", body) if signature is None else signature
    assert (
        verify_signature(secret=SECRET, timestamp=timestamp, body=body, signature=sig, now=1772420400)
        is False
    )


@given(timestamp=st.text(max_size=20), signature=st.text(max_size=80), body=st.binary(max_size=40))
def test_any_text_in_the_headers_gives_a_boolean(timestamp: str, signature: str, body: bytes) -> None:
    verifier = SignatureVerifier(SECRET)
    assert verifier.verify(timestamp=timestamp, body=body, signature=signature, now=1772420400) in (
        True,
        False,
    )
    assert verifier.verify(timestamp=timestamp, body=None, signature=signature, now=0) is False


@pytest.mark.parametrize("secret", [b"", "text-secret"])
def test_an_empty_or_non_bytes_secret_is_refused_at_construction(secret: object) -> None:
    with pytest.raises(ConfigurationError):
        SignatureVerifier(secret)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        verify_signature(secret=secret, timestamp="1", body=b"", signature="", now=1)  # type: ignore[arg-type]


def test_the_poster_sends_without_waiting_for_acks_of_the_headers(receiver: WebhookReceiver) -> None:
    sender = WebhookSender(receiver.url, secret=SECRET)
    sender.send(_expected(ListEventLog.interleaved(1))[0])
    (conn,) = sender._http._local.pool.values()
    # Headers and body go out in two writes: Nagle's algorithm would hold the body for the receiver's
    # delayed ACK of the headers (tens of milliseconds a message).
    assert conn.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    sender.close()
