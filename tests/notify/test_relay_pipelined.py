"""A pipelined sender (``start`` now, the receiver's answer later): the relay renders the next event while the
receiver works, and everything the relay promises holds as with ``send`` — nothing lost, nothing sent twice,
in order per complaint, one attempt each. Also: a complaint's first event starts its cached history
without reading the log, and a webhook's ``start`` is its ``send`` in two halves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.notify.test_relay import DIRECTORY, NOW, _expected, _log, order_violations

from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.adapters.storage.outbox import MemoryOutboxStore
from sp4n.adapters.system import ManualClock
from sp4n.exceptions import DeliveryError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify import Message, MessageRenderer
from sp4n.service import OutboxRelay, RenderFromLog, RetryPolicy, Subscription
from sp4n.service.history_cache import HistoryCache
from sp4n.service.relay_policy import PipelinedSender
from sp4n.testing.notify import ListEventLog, RecordingSender, WebhookReceiver, drain, story


class Pipelined(RecordingSender):
    """``start`` notes the message; the answer records it, or fails as ``fails`` says (transient or not)."""

    def __init__(self, trace: list[str], fails: Callable[[Message], tuple[bool, bool]] | None = None) -> None:
        super().__init__()
        self.trace, self.fails = trace, fails

    def start(self, message: Message) -> Callable[[], None]:
        self.trace.append(f"start {message.id}")

        def answer() -> None:
            self.trace.append(f"answer {message.id}")
            self.send(message)

        return answer

    def send(self, message: Message) -> None:
        failing, retryable = self.fails(message) if self.fails is not None else (False, True)
        if failing:
            raise DeliveryError("flaky", retryable=retryable)
        super().send(message)


def _relay(
    log: ListEventLog,
    sender: RecordingSender,
    trace: list[str],
    *,
    store: MemoryOutboxStore | None = None,
    clock: ManualClock | None = None,
    retry: RetryPolicy | None = None,
    broken: int | None = None,
) -> OutboxRelay:
    render = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)

    def traced(stored: StoredEvent) -> list[Message]:
        trace.append(f"render {stored.position}")
        if stored.position == broken:
            raise KeyError("template")  # a bug in a template: permanent
        return render(stored)

    clock = clock if clock is not None else ManualClock(NOW)
    return OutboxRelay(
        events=log, render=traced, store=store if store is not None else MemoryOutboxStore(),
        subscriptions=[Subscription(name="all", sender=sender)], retry=retry, sleep=lambda _: None,
        random=lambda: 0.5, now=clock.now, batch_size=7,
    )  # fmt: skip


def test_the_next_event_is_rendered_between_handing_a_message_over_and_reading_the_answer() -> None:
    log, trace = _log(3), list[str]()
    sender = Pipelined(trace)
    assert isinstance(sender, PipelinedSender)
    assert not isinstance(RecordingSender(), PipelinedSender)
    drain(_relay(log, sender, trace), ManualClock(NOW))
    expected = _expected(log)
    assert sender.ids() == [m.id for m in expected]
    overlapped = [
        int(trace[i].split()[1]) for i in range(1, len(trace) - 1)
        if trace[i].startswith("render") and trace[i - 1].startswith("start")
        and trace[i + 1].startswith("answer")
    ]  # fmt: skip
    # Every event but a batch's first (batches of 7) whose previous event has a message to wait on.
    after_a_message = {m.position + 1 for m in expected if m.position is not None}
    assert overlapped == sorted(p for p in after_a_message if (p - 1) % 7 and p <= 18)
    assert [t for t in trace if t.startswith("render")] == [f"render {p}" for p in range(1, 19)]  # once each


def test_an_event_that_cannot_be_rendered_ahead_is_dead_lettered_in_its_own_turn_and_the_rest_flow() -> None:
    log, trace, store = _log(2), list[str](), MemoryOutboxStore()
    sender = Pipelined(trace)
    drain(_relay(log, sender, trace, store=store, broken=3), ManualClock(NOW))
    letters = store.dead_letters(limit=1000)
    assert letters[0].message_id == "event:3"
    assert letters[0].error == "KeyError while rendering"
    assert {d.complaint_id for d in letters} == {"c0"}  # its later messages wait behind it
    assert sender.ids() == [m.id for m in _expected(log) if m.complaint_id == "c1" or m.sequence < 2]


@given(
    plan=st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=30),
    window_minutes=st.integers(1, 30),
)
def test_whatever_the_answers_say_nothing_is_lost_order_holds_and_nothing_is_sent_twice(
    plan: list[tuple[int, bool]], window_minutes: int
) -> None:
    """Each message's answer fails ``n`` times (transiently, or permanently if the flag says so); after
    re-driving with a healthy receiver every message arrived exactly once, in order per complaint."""
    log, store, clock, trace = _log(3), MemoryOutboxStore(), ManualClock(NOW), list[str]()
    expected = _expected(log)
    fails = {m.id: plan[i % len(plan)] for i, m in enumerate(expected)}
    tries: dict[str, int] = defaultdict(int)

    def flaky(m: Message) -> tuple[bool, bool]:
        tries[m.id] += 1
        count, permanent = fails[m.id]
        return tries[m.id] <= count, not permanent

    sender = Pipelined(trace, flaky)
    retry = RetryPolicy(base_delay=10, max_delay=120, window=timedelta(minutes=window_minutes))
    relay = _relay(log, sender, trace, store=store, clock=clock, retry=retry)
    drain(relay, clock)
    for _ in range(200):  # the receiver heals: each re-drive round tries the head of every complaint's chain
        if not store.dead_letters():
            break
        clock.advance(timedelta(seconds=121))
        drain(relay, clock)
    assert store.dead_letters() == []
    assert sorted(sender.ids()) == sorted(m.id for m in expected)
    assert len(sender.ids()) == len(set(sender.ids()))
    assert order_violations(sender.messages) == 0


class CountingLog(ListEventLog):
    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str] = []

    def history(self, complaint_id: str) -> list[StoredEvent]:
        self.reads.append(complaint_id)
        return super().history(complaint_id)


@given(order=st.permutations(range(12)))
def test_a_first_event_starts_its_history_without_a_read_and_histories_match_the_log(
    order: list[int],
) -> None:
    log = CountingLog()
    stories = [story(f"c{i}") for i in range(2)]
    log.append([e for s in stories for e in s])
    stored = log.read_since(0, 100)
    cache = HistoryCache(log, max_complaints=1)  # one complaint at a time: the other is read again
    for i in sorted(order[:6]) + order[6:]:  # in log order first, then in any order (a re-drive)
        event = stored[i].event
        afresh = [s.event for s in log.history(event.complaint_id) if s.event.sequence <= event.sequence]
        log.reads.clear()
        assert cache.upto(event) == afresh
        if event.sequence == 1:
            assert log.reads == []


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(b"rahasia") as r:
        yield r


def test_a_webhooks_start_and_answer_deliver_as_send_does(receiver: WebhookReceiver) -> None:
    sender = WebhookSender(receiver.url, secret=b"rahasia")
    first, second = _expected(_log(1))[:2]
    answer = sender.start(first)
    answer()
    receiver.fail_next(1, 503)
    answer = sender.start(second)  # handed over: the failure is in the answer
    with pytest.raises(DeliveryError) as failed:
        answer()
    assert failed.value.retryable
    sender.send(second)
    assert [r.message_id for r in receiver.received] == [first.id, second.id]
    sender.close()
