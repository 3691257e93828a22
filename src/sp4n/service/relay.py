"""The outbox relay: delivers committed events, as rendered messages, to every subscribed sender.

The event table is the outbox (``EventLog.read_since``). A relay runs apart from the commands, after their
commit, so no adapter ever blocks or undoes a decision. For each :class:`Subscription` it:

1. claims the subscriber's cursor in the :class:`~sp4n.ports.OutboxStore` (one relay per
   subscriber at a time; other relays skip it);
2. reads up to ``batch_size`` events after the cursor, renders each event's messages and keeps those the
   subscriber accepts;
3. sends them in log order, retrying a failing send with exponential backoff and jitter (the delay before
   retry *n* is ``min(max_delay, base_delay * 2**(n-1))`` scaled by a factor in ``[0.5, 1]`` drawn from the
   injected random source), unless the failure is permanent (a :class:`DeliveryError` with
   ``retryable=False``, e.g. an HTTP 4xx);
4. after ``max_attempts`` (or a permanent failure) writes a dead letter and **goes on** — a poison message
   never blocks the rest;
5. commits the new cursor and the dead letters together.

Order: messages reach a subscriber in log order, so in order per complaint. The one exception is a dead
letter: later messages of the *same* complaint still proceed (holding a citizen's "closed" notice hostage to
an agency mailbox that bounces would be worse), and a re-drive delivers the dead one late. Receivers that
care order by ``(complaint_id, sequence)``, both carried in every message.

Delivery is at least once: a relay killed mid-batch leaves the cursor where it was, and the next run sends
that batch again. Every message carries a stable id (:func:`sp4n.notify.messages.message_id`) so the
receiver drops duplicates.
"""

from __future__ import annotations

import logging
import random as _random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from sp4n.exceptions import ConfigurationError, DeliveryError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify.model import Message
from sp4n.ports import Claim, DeadLetter, EventLog, MessageSender, OutboxStore
from sp4n.service.relay_feed import RelayWakeup, RenderFromLog, UnitOfWorkReader, run_passes

__all__ = [
    "OutboxRelay",
    "PassResult",
    "RelayWakeup",
    "RenderFromLog",
    "RetryPolicy",
    "Subscription",
    "UnitOfWorkReader",
]

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how patiently a message is retried before it becomes a dead letter."""

    max_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    base_delay: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_delay: float = attrs.field(default=30.0, validator=attrs.validators.ge(0))

    def delay(self, attempt: int, draw: float) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based); ``draw`` is uniform in [0, 1).

        ```python
        >>> p = RetryPolicy(base_delay=1.0, max_delay=10.0)
        >>> [p.delay(n, 1.0) for n in (1, 2, 3, 4, 5)]
        [1.0, 2.0, 4.0, 8.0, 10.0]
        >>> p.delay(3, 0.0)
        2.0

        ```
        """
        ceiling: float = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling * (0.5 + draw / 2)


def _channels(value: Any) -> frozenset[str] | None:
    # Typed Any: the attrs mypy plugin turns a generic converter parameter (Iterable[str]) into an unsolvable
    # Iterable[_T_co], so callers could not pass a set.
    if isinstance(value, str):
        raise ConfigurationError("channels", "give a collection of channel names, not one string")
    return None if value is None else frozenset(value)


@attrs.frozen(kw_only=True)
class Subscription:
    """A named :class:`~sp4n.ports.MessageSender` and the channels it takes (``None``: every message)."""

    name: str
    sender: MessageSender
    channels: frozenset[str] | None = attrs.field(default=None, converter=_channels)

    def accepts(self, message: Message) -> bool:
        """Does this subscriber deliver ``message``?"""
        return self.channels is None or message.channel in self.channels


def describe(err: BaseException, message: Message) -> str:
    """A short error text for a dead letter, with the recipient's address taken out (it is personal data)."""
    text = f"{type(err).__name__}: {err}"
    if message.address:
        text = text.replace(message.address, "<recipient>")
    return text[:500]


def _retryable(err: Exception) -> bool:
    return not (isinstance(err, DeliveryError) and not err.retryable)


@attrs.frozen(kw_only=True)
class PassResult:
    """What one :meth:`OutboxRelay.run_once` did: events read, messages delivered, dead letters written."""

    events: int = 0
    delivered: int = 0
    dead_lettered: int = 0

    def __add__(self, other: PassResult) -> PassResult:
        return PassResult(
            events=self.events + other.events,
            delivered=self.delivered + other.delivered,
            dead_lettered=self.dead_lettered + other.dead_lettered,
        )


class OutboxRelay:
    """Moves committed events to message senders (see the module docstring for the guarantees).

    Args:
        events: the event log to read (its own connection: the relay never joins a command's transaction).
        render: turns a stored event into messages (usually a :class:`RenderFromLog`).
        store: cursors and dead letters.
        subscriptions: the senders, each with a unique name (the name keys its cursor).
        retry: retry policy (default :class:`RetryPolicy`).
        batch_size: events per claim; a relay killed mid-batch redelivers at most this many events.
        sleep: how to wait between retries (injected so tests do not wait).
        random: uniform draws in [0, 1) for the jitter (injected so tests are deterministic).
        now: the instant stamped on dead letters.

    Raises:
        ConfigurationError: two subscriptions share a name, or ``batch_size`` < 1.
    """

    def __init__(
        self,
        *,
        events: EventLog,
        render: Callable[[StoredEvent], Sequence[Message]],
        store: OutboxStore,
        subscriptions: Sequence[Subscription],
        retry: RetryPolicy | None = None,
        batch_size: int = 100,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        names = [s.name for s in subscriptions]
        if len(set(names)) != len(names):
            raise ConfigurationError("subscriptions", "names must be unique (each keys a cursor)")
        if batch_size < 1:
            raise ConfigurationError("batch_size", "must be at least 1")
        self._events, self._render, self._store = events, render, store
        self._subs = {s.name: s for s in subscriptions}
        self._retry = retry if retry is not None else RetryPolicy()
        self._batch, self._sleep, self._random = batch_size, sleep, random
        self._now = now if now is not None else (lambda: datetime.now(UTC))

    def run_once(self) -> PassResult:
        """One pass over every subscriber that no other relay holds."""
        total = PassResult()
        cache: dict[int, Sequence[Message]] = {}
        last = self._events.last_position()
        for sub in self._subs.values():
            if self._store.cursor(sub.name) >= last:
                continue  # caught up: a plain read, so an idle relay takes no write lock
            claim = self._store.claim(sub.name)
            if claim is None:
                continue  # another relay is delivering to this subscriber right now
            try:
                total += self._work(sub, claim, cache)
            finally:
                claim.release()  # no-op after a commit; frees the claim if delivery raised
        return total

    def run(
        self, *, stop: Callable[[], bool], idle_seconds: float = 0.05, wakeup: RelayWakeup | None = None
    ) -> None:
        """Run passes until ``stop()`` is true, idling ``idle_seconds`` when there was nothing to do.

        With a ``wakeup`` (the event notifier given to the service), an idle relay starts its next pass as
        soon as a command commits instead of at the end of the idle time.
        """
        run_passes(
            lambda: self.run_once().events,
            stop=stop,
            idle_seconds=idle_seconds,
            wakeup=wakeup,
            sleep=self._sleep,
        )

    def _work(self, sub: Subscription, claim: Claim, cache: dict[int, Sequence[Message]]) -> PassResult:
        batch = self._events.read_since(claim.position, self._batch)
        result = PassResult(events=len(batch))
        for stored in batch:
            result += self._deliver_event(sub, claim, stored, cache)
            claim.advance(stored.position)
        if batch and not claim.commit():
            log.warning("outbox: lost the claim on %s; another relay redelivers the batch", sub.name)
        return result

    def _messages(self, stored: StoredEvent, cache: dict[int, Sequence[Message]]) -> Sequence[Message]:
        if stored.position not in cache:
            cache[stored.position] = self._render(stored)
        return cache[stored.position]

    def _deliver_event(
        self, sub: Subscription, claim: Claim, stored: StoredEvent, cache: dict[int, Sequence[Message]]
    ) -> PassResult:
        try:
            messages = self._messages(stored, cache)
        except Exception as err:  # a poison event: record it, keep going with the others
            claim.dead_letter(self._render_failure(sub.name, stored, err))
            return PassResult(dead_lettered=1)
        delivered = dead = 0
        for message in messages:
            if not sub.accepts(message):
                continue
            failure = self._send(sub, message)
            if failure is None:
                delivered += 1
            else:
                claim.dead_letter(self._dead_letter(sub.name, message, *failure))
                dead += 1
        return PassResult(delivered=delivered, dead_lettered=dead)

    def _send(self, sub: Subscription, message: Message) -> tuple[int, str] | None:
        """Send with retries; ``None`` on success, else ``(attempts, error)``."""
        attempt = 0
        while True:
            attempt += 1
            try:
                sub.sender.send(message)
                return None
            except Exception as err:
                if attempt >= self._retry.max_attempts or not _retryable(err):
                    log.warning(
                        "outbox: %s gave up on message %s: %s", sub.name, message.id, type(err).__name__
                    )
                    return attempt, describe(err, message)
                self._sleep(self._retry.delay(attempt, self._random()))

    def _dead_letter(self, subscriber: str, m: Message, attempts: int, error: str) -> DeadLetter:
        return DeadLetter(
            subscriber=subscriber, message_id=m.id, position=m.position or 0, complaint_id=m.complaint_id,
            sequence=m.sequence, attempts=attempts, error=error, failed_at=self._now(),
        )  # fmt: skip

    def _render_failure(self, subscriber: str, stored: StoredEvent, err: Exception) -> DeadLetter:
        # Only the type: a rendering error's text could quote personal data.
        return DeadLetter(
            subscriber=subscriber, message_id=f"event:{stored.position}", position=stored.position,
            complaint_id=stored.event.complaint_id, sequence=stored.event.sequence, attempts=1,
            error=f"{type(err).__name__} while rendering", failed_at=self._now(),
        )  # fmt: skip

    def redrive(self, subscriber: str, message_id: str | None = None) -> PassResult:
        """Try a subscriber's dead letters again (all, or the one ``message_id``).

        A dead letter that now goes through is removed; one that fails again stays, with its attempts added.

        Raises:
            ConfigurationError: no subscription has that name.
        """
        sub = self._subs.get(subscriber)
        if sub is None:
            raise ConfigurationError("subscriber", f"no subscription named {subscriber!r}")
        result = PassResult()
        for dead in self._store.dead_letters(subscriber, limit=1_000_000):
            if message_id in (None, dead.message_id):
                result += self._redrive_one(sub, dead)
        return result

    def _redrive_one(self, sub: Subscription, dead: DeadLetter) -> PassResult:
        found = self._events.read_since(dead.position - 1, 1)
        if not found or found[0].position != dead.position:
            return PassResult()  # the event is gone (should not happen in an append-only log): leave it
        stored = found[0]
        try:
            messages = [
                m for m in self._render(stored)
                if sub.accepts(m) and (dead.message_id.startswith("event:") or m.id == dead.message_id)
            ]  # fmt: skip
        except Exception as err:
            self._store.save_dead_letter(attrs.evolve(self._render_failure(sub.name, stored, err),
                                                      attempts=dead.attempts + 1))  # fmt: skip
            return PassResult(events=1, dead_lettered=1)
        self._store.resolve(sub.name, dead.message_id)
        result = PassResult(events=1)
        for m in messages:
            failure = self._send(sub, m)
            if failure is None:
                result += PassResult(delivered=1)
            else:
                again = self._dead_letter(sub.name, m, dead.attempts + failure[0], failure[1])
                self._store.save_dead_letter(again)
                result += PassResult(dead_lettered=1)
        return result
