"""The outbox relay: at least once, in order per complaint, transient failures retried (capped exponential
backoff with jitter) for the delivery window without moving the cursor, permanent ones dead-lettered at once
with the complaint's later messages waiting behind them, re-drive in order, and no double sending."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.storage.outbox import MemoryOutboxStore, _MemoryClaim
from sp4n.adapters.system import ManualClock
from sp4n.exceptions import ConfigurationError, DeliveryError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify import Message, MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.service import OutboxRelay, RenderFromLog, RetryPolicy, Subscription
from sp4n.testing.notify import ListEventLog, RecordingSender, drain

NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


def _recipient(id_: str, audience: str, channel: str) -> Recipient:
    return Recipient(id=id_, audience=audience, channel=channel, address=f"{id_}@example.go.id")


DIRECTORY = StaticDirectory(
    agencies={
        "pemkab-sleman": [
            _recipient("sleman", "agency_admin", "email"),
            _recipient("sleman-hook", "agency_admin", "webhook"),
        ]
    },
    units={("pemkab-sleman", "disdik"): [_recipient("disdik", "unit", "email")]},
    public=[_recipient("feed", "public", "webhook")],
)


class Timed(RecordingSender):
    """Records the clock's time of every attempt."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__()
        self.clock = clock
        self.tried_at: list[datetime] = []

    def send(self, message: Message) -> None:
        self.tried_at.append(self.clock.now())
        super().send(message)


def _relay(
    log: ListEventLog,
    subs: Sequence[Subscription],
    *,
    store: MemoryOutboxStore | None = None,
    retry: RetryPolicy | None = None,
    clock: ManualClock | None = None,
) -> OutboxRelay:
    clock = clock if clock is not None else ManualClock(NOW)
    return OutboxRelay(
        events=log,
        render=RenderFromLog(MessageRenderer(directory=DIRECTORY), log),
        store=store if store is not None else MemoryOutboxStore(),
        subscriptions=subs,
        retry=retry,
        sleep=lambda _: None,
        random=lambda: 0.5,
        now=clock.now,
        batch_size=7,
    )


def _expected(log: ListEventLog, channels: set[str] | None = None) -> list[Message]:
    render = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)
    every = [m for s in log.read_since(0, 10_000) for m in render(s)]
    return [m for m in every if channels is None or m.channel in channels]


def order_violations(messages: Sequence[Message]) -> int:
    """Messages that reached the receiver after a later one of the same complaint (first receipts only)."""
    latest: dict[str, int] = {}
    bad, seen = 0, set()
    for m in messages:
        if m.id in seen:
            continue
        seen.add(m.id)
        if m.sequence < latest.get(m.complaint_id, 0):
            bad += 1
        latest[m.complaint_id] = max(m.sequence, latest.get(m.complaint_id, 0))
    return bad


def test_every_message_is_delivered_once_in_log_order_when_nothing_fails() -> None:
    log, rec, clock = ListEventLog.interleaved(5), RecordingSender(), ManualClock(NOW)
    drain(_relay(log, [Subscription(name="all", sender=rec)], clock=clock), clock)
    assert rec.ids() == [m.id for m in _expected(log)]


def test_each_subscriber_has_its_own_cursor_and_gets_only_its_channels() -> None:
    log, mail, hook, clock = (
        ListEventLog.interleaved(3),
        RecordingSender(),
        RecordingSender(),
        ManualClock(NOW),
    )
    store = MemoryOutboxStore()
    subs = [
        Subscription(name="mail", sender=mail, channels={"email"}),
        Subscription(name="hook", sender=hook, channels={"webhook"}),
    ]
    hook.fail_next(100, retryable=False)  # the webhook receiver refuses everything: mail is unaffected
    drain(_relay(log, subs, store=store, clock=clock), clock)
    assert mail.ids() == [m.id for m in _expected(log, {"email"})]
    assert hook.ids() == []
    assert store.cursor("mail") == store.cursor("hook") == log.last_position()


def test_a_transient_failure_waits_with_capped_exponential_backoff_and_jitter_without_resending() -> None:
    log, clock = ListEventLog.interleaved(1), ManualClock(NOW)
    rec = Timed(clock)
    rec.fail_next(5)
    relay = _relay(log, [Subscription(name="all", sender=rec)], clock=clock,
                   retry=RetryPolicy(base_delay=1.0, max_delay=3.0))  # fmt: skip
    drain(relay, clock)
    gaps = [(b - a).total_seconds() for a, b in zip(rec.tried_at, rec.tried_at[1:], strict=False)][:5]
    assert gaps == [0.75, 1.5, 2.25, 2.25, 2.25]  # min(3, 2**(n-1)) * (0.5 + 0.5 / 2)
    assert rec.ids() == [m.id for m in _expected(log)]  # in order, each once
    assert rec.attempts == len(_expected(log)) + 5


def test_a_receiver_down_for_less_than_the_window_loses_nothing_and_dead_letters_nothing() -> None:
    log, clock, store = ListEventLog.interleaved(4), ManualClock(NOW), MemoryOutboxStore()
    rec = Timed(clock)
    back_at = NOW + timedelta(hours=20)
    rec.fail_when(lambda _: clock.now() < back_at)
    drain(_relay(log, [Subscription(name="all", sender=rec)], store=store, clock=clock), clock)
    assert rec.ids() == [m.id for m in _expected(log)]
    assert store.dead_letters() == []
    # while down, never more than one attempt per capped delay (300 s): the receiver is not hammered
    assert sum(1 for t in rec.tried_at if t < back_at) < 20 * 3600 / 150 + 20


def test_a_receiver_down_past_the_window_dead_letters_then_redrives_everything_in_order_when_back() -> None:
    log, clock, store = ListEventLog.interleaved(3), ManualClock(NOW), MemoryOutboxStore()
    rec = Timed(clock)
    window = timedelta(minutes=10)
    rec.fail_when(lambda _: clock.now() < NOW + window * 2)
    relay = _relay(log, [Subscription(name="all", sender=rec)], store=store, clock=clock,
                   retry=RetryPolicy(base_delay=1, max_delay=60, window=window))  # fmt: skip
    drain(relay, clock)
    assert store.cursor("all") == log.last_position()  # nothing stuck behind the outage for ever
    dead = store.dead_letters(limit=1000)
    assert {d.message_id for d in dead} == {m.id for m in _expected(log)}
    clock.advance(window * 2)  # the receiver is back; the next re-drive comes due
    drain(relay, clock)
    assert store.dead_letters() == []
    assert sorted(rec.ids()) == sorted(m.id for m in _expected(log))
    assert order_violations(rec.messages) == 0


def test_a_permanent_failure_dead_letters_at_once_and_its_complaints_later_messages_wait_behind_it() -> None:
    log, store, clock = ListEventLog.interleaved(2), MemoryOutboxStore(), ManualClock(NOW)
    rec = Timed(clock)
    expected = _expected(log)
    poison = next(m for m in expected if m.complaint_id == "c0")
    rec.fail_when(lambda m: m.id == poison.id, retryable=False)
    relay = _relay(log, [Subscription(name="all", sender=rec)], store=store, clock=clock)
    drain(relay, clock)
    c0 = [m.id for m in expected if m.complaint_id == "c0"]
    assert rec.ids() == [m.id for m in expected if m.complaint_id != "c0"]  # the other complaint flows
    letters = {d.message_id: d for d in store.dead_letters(limit=100)}
    assert set(letters) == set(c0)
    assert letters.pop(poison.id).attempts == 1  # tried once; the rest wait, untried
    assert {d.attempts for d in letters.values()} == {0}
    assert poison.address not in store.dead_letters()[0].error  # no personal data in the letters
    rec.fail_when(None)  # the receiver is fixed
    assert relay.redrive("all", poison.id).redriven == len(c0)
    assert sorted(rec.ids()[-len(c0) :]) == sorted(c0)  # the whole complaint...
    assert order_violations(rec.messages) == 0  # ...in order
    assert store.dead_letters() == []
    with pytest.raises(ConfigurationError):
        relay.redrive("nobody")


def test_a_redrive_that_fails_again_keeps_the_letter_with_its_attempts_added_and_the_rest_behind_it() -> None:
    log, store, clock = ListEventLog.interleaved(1), MemoryOutboxStore(), ManualClock(NOW)
    rec = RecordingSender()
    rec.fail_next(1, retryable=False)
    relay = _relay(log, [Subscription(name="all", sender=rec)], store=store, clock=clock)
    drain(relay, clock)
    before = store.dead_letters(limit=100)
    rec.fail_next(1, retryable=False)
    assert relay.redrive("all").redriven == 0
    after = store.dead_letters(limit=100)
    assert [d.message_id for d in after] == [d.message_id for d in before]
    # the oldest letter was tried again (its attempts added); the rest of the complaint still waits behind it
    assert [d.attempts for d in after] == [before[0].attempts + 1] + [d.attempts for d in before[1:]]
    assert rec.ids() == []


def test_an_event_that_cannot_be_rendered_is_dead_lettered_and_other_complaints_flow() -> None:
    log, rec, store, clock = (
        ListEventLog.interleaved(2),
        RecordingSender(),
        MemoryOutboxStore(),
        ManualClock(NOW),
    )
    good = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)

    def render(stored: StoredEvent) -> list[Message]:
        if stored.position == 3:
            raise KeyError("pelapor@example.org")
        return good(stored)

    relay = OutboxRelay(events=log, render=render, store=store, now=clock.now,
                        subscriptions=[Subscription(name="all", sender=rec)])  # fmt: skip
    drain(relay, clock)
    bad = log.read_since(2, 1)[0].event.complaint_id
    letters = store.dead_letters(limit=100)
    assert letters[0].message_id == "event:3"
    assert {d.complaint_id for d in letters} == {bad}
    assert "pelapor" not in letters[0].error
    assert rec.ids() == [m.id for m in _expected(log) if m.complaint_id != bad and m.position != 3]


def test_a_store_outage_while_rendering_is_transient_the_cursor_does_not_move_past_it() -> None:
    log, rec, store, clock = (
        ListEventLog.interleaved(2),
        RecordingSender(),
        MemoryOutboxStore(),
        ManualClock(NOW),
    )
    good = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)
    outage = {"left": 20}

    def render(stored: StoredEvent) -> list[Message]:
        if stored.position >= 4 and outage["left"] > 0:
            outage["left"] -= 1
            raise sqlite3.OperationalError("server closed the connection unexpectedly")
        return good(stored)

    relay = OutboxRelay(events=log, render=render, store=store, now=clock.now, random=lambda: 0.5,
                        subscriptions=[Subscription(name="all", sender=rec)])  # fmt: skip
    relay.run_once()
    assert store.cursor("all") == 3
    drain(relay, clock)
    assert store.dead_letters() == []
    assert rec.ids() == [m.id for m in _expected(log)]


def test_retry_after_is_honoured() -> None:
    log, clock = ListEventLog.interleaved(1), ManualClock(NOW)
    rec = Timed(clock)
    calls = {"n": 0}

    class Busy(Timed):
        def send(self, message: Message) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                self.tried_at.append(self.clock.now())
                raise DeliveryError("HTTP 429", retryable=True, retry_after=120)
            super().send(message)

    rec = Busy(clock)
    drain(_relay(log, [Subscription(name="all", sender=rec)], clock=clock), clock)
    assert (rec.tried_at[1] - rec.tried_at[0]).total_seconds() == 120


def test_a_relay_that_dies_mid_batch_leaves_the_cursor_so_the_batch_is_sent_again() -> None:
    log, store = ListEventLog.interleaved(3), MemoryOutboxStore()

    class Crash(BaseException):
        pass

    class Dies(RecordingSender):
        def send(self, message: Message) -> None:
            if message.position == 5:
                raise Crash  # the process dies mid-send
            super().send(message)

    crashing, clock = Dies(), ManualClock(NOW)
    with pytest.raises(Crash):
        _relay(log, [Subscription(name="all", sender=crashing)], store=store, clock=clock).run_once()
    assert store.cursor("all") == 0
    assert crashing.ids()
    again = RecordingSender()
    drain(_relay(log, [Subscription(name="all", sender=again)], store=store, clock=clock), clock)
    assert set(crashing.ids()) <= set(again.ids())
    assert again.ids() == [m.id for m in _expected(log)]


def test_a_relay_that_loses_its_claim_sends_nothing_more_and_commits_nothing() -> None:
    log, rec, clock = ListEventLog.interleaved(2), RecordingSender(), ManualClock(NOW)

    class Losing(MemoryOutboxStore):
        def claim(self, subscriber: str) -> _MemoryClaim | None:
            claim = super().claim(subscriber)
            if claim is not None:
                sends = {"n": 0}

                def renew() -> bool:
                    sends["n"] += 1
                    return sends["n"] <= 3

                claim.renew = renew  # type: ignore[method-assign]
            return claim

    store = Losing()
    _relay(log, [Subscription(name="all", sender=rec)], store=store, clock=clock).run_once()
    assert len(rec.ids()) == 3
    assert store.cursor("all") == 0


def test_two_relays_sharing_a_store_never_send_the_same_message_twice() -> None:
    log, rec, store = ListEventLog.interleaved(20), RecordingSender(), MemoryOutboxStore()
    subs = [Subscription(name="all", sender=rec)]
    relays = [_relay(log, subs, store=store) for _ in range(2)]
    barrier = threading.Barrier(2)

    def work(relay: OutboxRelay) -> None:
        barrier.wait()
        for _ in range(200):
            relay.run_once()

    threads = [threading.Thread(target=work, args=(r,)) for r in relays]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert rec.ids() == [m.id for m in _expected(log)]


def test_run_survives_store_errors_logs_no_complaint_data_and_keeps_going(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log, rec = ListEventLog.interleaved(3), RecordingSender()

    class Flaky(MemoryOutboxStore):
        failures = 5

        def claim(self, subscriber: str) -> _MemoryClaim | None:
            if Flaky.failures:
                Flaky.failures -= 1
                raise sqlite3.OperationalError("database is locked (complaint 'c0', siti@example.org)")
            return super().claim(subscriber)

    pauses: list[float] = []
    relay = OutboxRelay(events=log, render=RenderFromLog(MessageRenderer(directory=DIRECTORY), log),
                        store=Flaky(), subscriptions=[Subscription(name="all", sender=rec)],
                        sleep=pauses.append, random=lambda: 0.5,
                        retry=RetryPolicy(base_delay=1, max_delay=4))  # fmt: skip
    expected = [m.id for m in _expected(log)]
    with caplog.at_level(logging.INFO):
        relay.run(stop=lambda: rec.ids() == expected)
    assert rec.ids() == expected
    assert pauses[:5] == [0.75, 1.5, 3.0, 3.0, 3.0]
    assert relay.last_error == "OperationalError"
    assert "c0" not in caplog.text
    assert "siti" not in caplog.text


@pytest.mark.usefixtures("english")
def test_subscriptions_must_have_unique_names() -> None:
    rec = RecordingSender()
    with pytest.raises(ConfigurationError, match="unique"):
        _relay(ListEventLog(), [Subscription(name="x", sender=rec), Subscription(name="x", sender=rec)])


@given(
    plan=st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=40),
    window_minutes=st.integers(1, 30),
)
def test_whatever_fails_nothing_is_lost_order_holds_and_nothing_is_sent_twice(
    plan: list[tuple[int, bool]], window_minutes: int
) -> None:
    """Each message fails ``n`` times (transiently, or permanently if the flag says so); after re-driving
    with a healthy receiver every message arrived exactly once, in order per complaint."""
    log, store, clock = ListEventLog.interleaved(3), MemoryOutboxStore(), ManualClock(NOW)
    rec = Timed(clock)
    expected = _expected(log)
    fails = {m.id: plan[i % len(plan)] for i, m in enumerate(expected)}
    tries: dict[str, int] = defaultdict(int)
    permanent = {"now": False}

    def flaky(m: Message) -> bool:
        tries[m.id] += 1
        count, perm = fails[m.id]
        permanent["now"] = perm
        return tries[m.id] <= count

    class Sender(Timed):
        def send(self, message: Message) -> None:
            if flaky(message):
                raise DeliveryError("flaky", retryable=not permanent["now"])
            super().send(message)

    rec = Sender(clock)
    retry = RetryPolicy(base_delay=10, max_delay=120, window=timedelta(minutes=window_minutes))
    relay = _relay(log, [Subscription(name="all", sender=rec)], store=store, clock=clock, retry=retry)
    drain(relay, clock)
    if not any(perm for _, perm in plan) and all(n * 120 < window_minutes * 60 / 2 for n, _ in plan):
        assert store.dead_letters() == []  # short outages never dead-letter
    for _ in range(200):  # the receiver heals: each re-drive round tries the head of every complaint's chain
        if not store.dead_letters():
            break
        clock.advance(timedelta(seconds=121))
        drain(relay, clock)
    assert store.dead_letters() == []
    assert sorted(rec.ids()) == sorted(m.id for m in expected)
    assert len(rec.ids()) == len(set(rec.ids()))
    assert order_violations(rec.messages) == 0
