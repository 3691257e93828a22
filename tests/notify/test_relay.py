"""The outbox relay: at least once, in order per complaint, retries with backoff and jitter, dead letters
that do not block the rest, re-drive, one cursor per subscriber, and no double sending between relays."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.storage.outbox import MemoryOutboxStore
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify import Message, MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.service import OutboxRelay, RenderFromLog, RetryPolicy, Subscription
from sp4n.testing.notify import ListEventLog, RecordingSender, story

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


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def _log(complaints: int) -> ListEventLog:
    log = ListEventLog()
    stories = [story(f"c{i}") for i in range(complaints)]
    for step in range(6):  # interleave complaints, as real traffic does
        for s in stories:
            log.append([s[step]])
    return log


def _relay(
    log: ListEventLog,
    subs: Sequence[Subscription],
    *,
    store: MemoryOutboxStore | None = None,
    sleep: Callable[[float], None] | None = None,
    retry: RetryPolicy | None = None,
) -> OutboxRelay:
    return OutboxRelay(
        events=log,
        render=RenderFromLog(MessageRenderer(directory=DIRECTORY), log),
        store=store if store is not None else MemoryOutboxStore(),
        subscriptions=subs,
        retry=retry,
        sleep=sleep if sleep is not None else Sleeps(),
        random=lambda: 0.5,
        now=lambda: NOW,
        batch_size=7,
    )


def _expected(log: ListEventLog, channels: set[str] | None = None) -> list[Message]:
    render = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)
    every = [m for s in log.read_since(0, 10_000) for m in render(s)]
    return [m for m in every if channels is None or m.channel in channels]


def _in_order_per_complaint(messages: Sequence[Message]) -> bool:
    seen: dict[str, list[int]] = defaultdict(list)
    for m in messages:
        seen[m.complaint_id].append(m.sequence)
    return all(seq == sorted(seq) for seq in seen.values())


def test_every_message_is_delivered_once_in_log_order_when_nothing_fails() -> None:
    log, rec = _log(5), RecordingSender()
    relay = _relay(log, [Subscription(name="all", sender=rec)])
    while relay.run_once().events:
        pass
    assert rec.ids() == [m.id for m in _expected(log)]


def test_each_subscriber_has_its_own_cursor_and_gets_only_its_channels() -> None:
    log, mail, hook = _log(3), RecordingSender(), RecordingSender()
    store = MemoryOutboxStore()
    subs = [
        Subscription(name="mail", sender=mail, channels={"email"}),
        Subscription(name="hook", sender=hook, channels={"webhook"}),
    ]
    hook.fail_next(100, retryable=False)  # the webhook receiver refuses everything: mail is unaffected
    relay = _relay(log, subs, store=store)
    while relay.run_once().events:
        pass
    assert mail.ids() == [m.id for m in _expected(log, {"email"})]
    assert hook.ids() == []
    assert store.cursor("mail") == store.cursor("hook") == log.last_position()


def test_a_failing_send_is_retried_with_exponential_backoff_and_injected_jitter() -> None:
    log, rec, sleeps = _log(1), RecordingSender(), Sleeps()
    rec.fail_next(3)
    relay = _relay(
        log,
        [Subscription(name="all", sender=rec)],
        sleep=sleeps,
        retry=RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=3.0),
    )
    relay.run_once()
    assert sleeps.delays == [0.75, 1.5, 2.25]  # min(3, 2**(n-1)) * (0.5 + 0.5 / 2)
    assert rec.ids()[:1] == [_expected(log)[0].id]


def test_a_poison_message_becomes_a_dead_letter_without_blocking_the_rest() -> None:
    log, rec, store = _log(4), RecordingSender(), MemoryOutboxStore()
    poison = _expected(log)[3]
    rec.fail_when(lambda m: m.id == poison.id)
    relay = _relay(
        log,
        [Subscription(name="all", sender=rec)],
        store=store,
        retry=RetryPolicy(max_attempts=3, base_delay=0.01),
    )
    while relay.run_once().events:
        pass
    assert rec.ids() == [m.id for m in _expected(log) if m.id != poison.id]
    (dead,) = store.dead_letters("all")
    assert (dead.message_id, dead.attempts, dead.position) == (poison.id, 3, poison.position)
    assert poison.address not in dead.error  # personal data stays out of the dead-letter table


def test_a_permanent_failure_is_dead_lettered_at_once_without_retrying() -> None:
    log, rec, sleeps, store = _log(1), RecordingSender(), Sleeps(), MemoryOutboxStore()
    rec.fail_next(1, retryable=False)
    relay = _relay(log, [Subscription(name="all", sender=rec)], store=store, sleep=sleeps)
    relay.run_once()
    assert sleeps.delays == []
    assert [d.attempts for d in store.dead_letters()] == [1]


def test_later_messages_of_the_same_complaint_proceed_past_a_dead_letter_and_redrive_delivers_it() -> None:
    log, rec, store = _log(1), RecordingSender(), MemoryOutboxStore()
    expected = _expected(log)
    rec.fail_when(lambda m: m.id == expected[0].id)
    relay = _relay(
        log,
        [Subscription(name="all", sender=rec)],
        store=store,
        retry=RetryPolicy(max_attempts=2, base_delay=0),
    )
    relay.run_once()
    assert rec.ids() == [m.id for m in expected[1:]]
    rec.fail_when(None)
    assert relay.redrive("all").delivered == 1
    assert rec.ids()[-1] == expected[0].id
    assert store.dead_letters() == []


def test_a_redrive_that_fails_again_keeps_the_dead_letter_with_the_attempts_added() -> None:
    log, rec, store = _log(1), RecordingSender(), MemoryOutboxStore()
    rec.fail_next(2)
    relay = _relay(
        log,
        [Subscription(name="all", sender=rec)],
        store=store,
        retry=RetryPolicy(max_attempts=2, base_delay=0),
    )
    relay.run_once()
    rec.fail_next(2)
    relay.redrive("all")
    assert [d.attempts for d in store.dead_letters()] == [4]
    with pytest.raises(ConfigurationError):
        relay.redrive("nobody")


def test_an_event_that_cannot_be_rendered_is_dead_lettered_and_the_rest_flow() -> None:
    log, rec, store = _log(2), RecordingSender(), MemoryOutboxStore()
    good = RenderFromLog(MessageRenderer(directory=DIRECTORY), log)

    def render(stored: StoredEvent) -> list[Message]:
        if stored.position == 3:
            raise KeyError("pelapor@example.org")
        return good(stored)

    relay = OutboxRelay(
        events=log,
        render=render,
        store=store,
        subscriptions=[Subscription(name="all", sender=rec)],
        now=lambda: NOW,
    )
    relay.run_once()
    (dead,) = store.dead_letters()
    assert dead.message_id == "event:3"
    assert "pelapor" not in dead.error
    assert rec.ids() == [m.id for m in _expected(log) if m.position != 3]


def test_a_relay_that_dies_mid_batch_leaves_the_cursor_so_the_batch_is_sent_again() -> None:
    log, store = _log(3), MemoryOutboxStore()
    crashing = RecordingSender()
    crashing.fail_when(lambda m: m.position == 5)

    class Crash(Exception):
        pass

    def boom(_: float) -> None:
        raise Crash  # the process dies while waiting to retry

    relay = _relay(log, [Subscription(name="all", sender=crashing)], store=store, sleep=boom)
    with pytest.raises(Crash):
        relay.run_once()
    assert store.cursor("all") == 0
    assert crashing.ids()
    again = RecordingSender()
    relay = _relay(log, [Subscription(name="all", sender=again)], store=store)
    while relay.run_once().events:
        pass
    assert set(crashing.ids()) <= set(again.ids())
    assert again.ids() == [m.id for m in _expected(log)]


def test_two_relays_sharing_a_store_never_send_the_same_message_twice() -> None:
    log, rec, store = _log(20), RecordingSender(), MemoryOutboxStore()
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


def test_subscriptions_must_have_unique_names() -> None:
    rec = RecordingSender()
    with pytest.raises(ConfigurationError, match="unique"):
        _relay(ListEventLog(), [Subscription(name="x", sender=rec), Subscription(name="x", sender=rec)])


@given(failures=st.lists(st.integers(0, 6), min_size=1, max_size=40), attempts=st.integers(1, 4))
def test_whatever_fails_every_message_is_either_delivered_once_or_dead_lettered_in_order(
    failures: list[int], attempts: int
) -> None:
    log, rec, store = _log(3), RecordingSender(), MemoryOutboxStore()
    expected = _expected(log)
    plan = {m.id: failures[i % len(failures)] for i, m in enumerate(expected)}
    tries: dict[str, int] = defaultdict(int)

    def flaky(m: Message) -> bool:
        tries[m.id] += 1
        return tries[m.id] <= plan[m.id]

    rec.fail_when(flaky)
    relay = _relay(
        log,
        [Subscription(name="all", sender=rec)],
        store=store,
        retry=RetryPolicy(max_attempts=attempts, base_delay=0),
    )
    while relay.run_once().events:
        pass
    dead = {d.message_id for d in store.dead_letters(limit=1000)}
    assert dead == {mid for mid, n in plan.items() if n >= attempts}
    assert rec.ids() == [m.id for m in expected if m.id not in dead]
    assert _in_order_per_complaint(rec.messages)
