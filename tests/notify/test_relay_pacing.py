"""How the relay spends its time: it renders the next event while the receiver answers (two-step senders),
without changing what is sent or in what order, and a standby relay (its subscriber held by another) backs
off instead of polling the claim every few milliseconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.adapters.storage.outbox import MemoryOutboxStore, _MemoryClaim
from sp4n.adapters.system import ManualClock
from sp4n.exceptions import DeliveryError
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.status import Action
from sp4n.notify import Message, MessageRenderer, NotificationRule, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.service import OutboxRelay, RenderFromLog, Subscription
from sp4n.service.relay_feed import RelayWakeup, run_passes
from sp4n.testing.notify import ListEventLog, RecordingSender, WebhookReceiver, drain

NOW = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
SECRET = b"pacing-secret"
HOOK = [Recipient(id="hook", audience="national_admin", channel="webhook", address="https://x.id/hook")]
RULES = tuple(
    NotificationRule(trigger=a, audience="national_admin", template="public_status") for a in Action
)


def _renderer() -> MessageRenderer:
    """One webhook message per event."""
    return MessageRenderer(directory=StaticDirectory(national=HOOK), rules=RULES)


class TwoStep(RecordingSender):
    """A two-step sender that writes what happens, in order, to ``trace``; ``fail`` makes answers fail."""

    def __init__(self, trace: list[str]) -> None:
        super().__init__()
        self.trace = trace
        self.fail: Callable[[Message], bool] = lambda m: False

    def begin(self, message: Message) -> Callable[[], object]:
        self.trace.append(f"begin {message.position}")

        def answer() -> None:
            self.trace.append(f"answer {message.position}")
            if self.fail(message):
                raise DeliveryError("HTTP 503", retryable=True)
            self.messages.append(message)

        return answer

    def send(self, message: Message) -> None:
        self.trace.append(f"send {message.position}")
        super().send(message)


def _relay(log: ListEventLog, sender: RecordingSender, trace: list[str], clock: ManualClock) -> OutboxRelay:
    renderer = _renderer()
    good = RenderFromLog(renderer, log)

    def render(stored: StoredEvent) -> list[Message]:
        trace.append(f"render {stored.position}")
        return good(stored)

    subs = [Subscription(name="hook", sender=sender)]
    return OutboxRelay(events=log, render=render, store=MemoryOutboxStore(), now=clock.now, batch_size=3,
                       subscriptions=subs, random=lambda: 0.5)  # fmt: skip


def _expected(log: ListEventLog) -> list[str]:
    render = RenderFromLog(_renderer(), log)
    return [m.id for s in log.read_since(0, 10_000) for m in render(s)]


def test_the_next_event_is_rendered_while_the_receiver_answers_and_the_last_of_a_batch_is_sent_plainly() -> (
    None
):
    log, trace = ListEventLog.interleaved(1), list[str]()
    sender = TwoStep(trace)
    relay = _relay(log, sender, trace, ManualClock(NOW))
    relay.run_once()
    assert trace[:9] == [
        "render 1", "begin 1", "render 2", "answer 1",
        "begin 2", "render 3", "answer 2",
        "send 3", "render 4",
    ]  # fmt: skip
    assert trace.count("render 2") == 1  # rendered once: its turn uses what was rendered ahead
    assert sender.ids() == _expected(log)


def test_a_failed_answer_holds_the_stream_and_what_was_rendered_ahead_is_sent_only_after_it() -> None:
    log, trace, clock = ListEventLog.interleaved(2), list[str](), ManualClock(NOW)
    sender = TwoStep(trace)
    left = {"n": 3}

    def fail(m: Message) -> bool:
        left["n"] -= m.position == 2
        return m.position == 2 and left["n"] >= 0

    sender.fail = fail
    relay = _relay(log, sender, trace, clock)
    relay.run_once()
    assert "render 3" in trace  # rendered ahead...
    assert "begin 3" not in trace  # ...never sent past the failure
    assert relay.waiting() == {"hook": 1}
    drain(relay, clock)
    assert sender.ids() == _expected(log)  # nothing lost, none twice, log order


def test_an_event_that_fails_to_render_ahead_is_rendered_again_at_its_turn_and_not_dead_lettered() -> None:
    log, trace, clock = ListEventLog.interleaved(1), list[str](), ManualClock(NOW)
    sender = TwoStep(trace)
    renderer = _renderer()
    good, flaky = RenderFromLog(renderer, log), {"left": 1}

    def render(stored: StoredEvent) -> list[Message]:
        trace.append(f"render {stored.position}")
        if stored.position == 2 and flaky["left"]:
            flaky["left"] -= 1
            raise ConnectionError("identity store away for a moment")
        return good(stored)

    store = MemoryOutboxStore()
    relay = OutboxRelay(events=log, render=render, store=store, now=clock.now, batch_size=3,
                        subscriptions=[Subscription(name="hook", sender=sender)])  # fmt: skip
    drain(relay, clock)
    assert trace[:5] == ["render 1", "begin 1", "render 2", "answer 1", "render 2"]
    assert store.dead_letters() == []
    assert sender.ids() == _expected(log)


def test_the_webhook_request_reaches_the_receiver_before_its_answer_is_read() -> None:
    log = ListEventLog.interleaved(1)
    render = RenderFromLog(_renderer(), log)
    first = render(log.read_since(0, 1)[0])[0]
    with WebhookReceiver(SECRET) as receiver:
        sender = WebhookSender(receiver.url, secret=SECRET)
        answer = sender.begin(first)
        deadline = time.monotonic() + 5
        while not receiver.ids() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert receiver.ids() == [first.id]  # arrived while the relay was free to render
        assert answer() == 200
        receiver.fail_next(1, status=503)
        with pytest.raises(DeliveryError) as failed:
            sender.begin(first)()
        assert failed.value.retryable
        sender.close()


def _standby_pauses(*, passes: int, holder_leaves_after: int | None = None) -> tuple[list[float], int]:
    """Run a relay whose subscriber another relay holds (until its ``holder_leaves_after``-th sleep); its
    sleeps and the messages it delivered. Without a leaving holder, a commit's wake-up is pending."""
    log, store, sender = ListEventLog.interleaved(2), MemoryOutboxStore(), RecordingSender()
    held = store.claim("hook")
    assert held is not None
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if holder_leaves_after is not None and len(sleeps) == holder_leaves_after:
            held.release()

    relay = OutboxRelay(events=log, render=RenderFromLog(_renderer(), log), store=store, sleep=sleep,
                        subscriptions=[Subscription(name="hook", sender=sender)])  # fmt: skip
    wakeup = None if holder_leaves_after is not None else RelayWakeup()
    if wakeup is not None:
        wakeup.notify(None)  # type: ignore[arg-type]  # a commit happened: a standby does not care
    relay.run(stop=lambda: len(sleeps) >= passes, idle_seconds=0.01, wakeup=wakeup, standby_seconds=0.1)
    return sleeps, len(sender.messages)


def test_a_standby_relay_backs_off_doubling_up_to_standby_seconds_and_ignores_wakeups() -> None:
    sleeps, delivered = _standby_pauses(passes=7)
    assert sleeps == pytest.approx([0.01, 0.02, 0.04, 0.08, 0.1, 0.1, 0.1])
    assert delivered == 0


def test_a_standby_relay_takes_over_when_the_holder_lets_go_and_then_idles_as_usual() -> None:
    sleeps, delivered = _standby_pauses(passes=4, holder_leaves_after=3)
    assert sleeps == pytest.approx([0.01, 0.02, 0.04, 0.01])  # the last: idle, caught up
    assert delivered == 12


def test_run_passes_resets_the_standby_pause_after_a_pass_that_did_work() -> None:
    sleeps: list[float] = []
    plan = iter([(0, True), (0, True), (0, True), (5, True), (0, True), (0, False)])
    standby = {"now": False}

    def one() -> int:
        done, standby["now"] = next(plan)
        return done

    run_passes(one, stop=lambda: len(sleeps) >= 5, idle_seconds=0.5, wakeup=None, sleep=sleeps.append,
               standby=lambda: standby["now"], standby_seconds=10.0)  # fmt: skip
    assert sleeps == [0.5, 1.0, 2.0, 0.5, 0.5]


def test_a_standby_leaves_a_holder_that_is_getting_on_and_takes_over_one_that_stopped() -> None:
    log, store, sender = ListEventLog.interleaved(2), MemoryOutboxStore(), RecordingSender()
    asked: list[str] = []

    class Counting(MemoryOutboxStore):
        def claim(self, subscriber: str) -> _MemoryClaim | None:
            asked.append(subscriber)
            return store.claim(subscriber)

        def cursor(self, subscriber: str) -> int:
            return store.cursor(subscriber)

    standby = OutboxRelay(events=log, render=RenderFromLog(_renderer(), log), store=Counting(),
                          subscriptions=[Subscription(name="hook", sender=sender)])  # fmt: skip
    holder = store.claim("hook")
    assert holder is not None
    standby.run_once()
    assert asked == ["hook"]  # held: it asked once, and noted where the cursor was
    holder.advance(3)
    assert holder.commit()  # the holder got on with it (and claims again at once)
    holder = store.claim("hook")
    assert holder is not None
    standby.run_once()
    assert asked == ["hook"]  # the cursor moved since it last looked: it does not even ask
    standby.run_once()
    assert asked == ["hook", "hook"]  # no progress since: it asks (in vain: still held)
    holder.release()  # the holder died
    standby.run_once()
    assert sender.ids() == _expected(log)[3:]  # taken over where the holder left off
