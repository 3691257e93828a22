"""The outbox relay: delivers committed events, as rendered messages, to every subscribed sender.

The event table is the outbox (``EventLog.read_since``); the relay runs apart from commands, after their
commit. For each :class:`Subscription` it:

1. claims the subscriber's cursor in the :class:`~sp4n.ports.OutboxStore` (one relay per subscriber at a
   time; other relays skip it and, in :meth:`OutboxRelay.run`, back off as standbys), keeping the claim
   alive before every send;
2. re-drives the subscriber's dead letters when that is due (see below);
3. reads up to ``batch_size`` events after the cursor, renders each event's messages and keeps those the
   subscriber accepts, and sends them in log order, **one attempt each** (with a
   :class:`~sp4n.service.relay_policy.TwoStepSender`, the next event is rendered while the receiver answers);
4. commits the new cursor, new dead letters and re-driven ones together.

Failures (sorted by :func:`~sp4n.service.relay_policy.is_transient`): a **transient** one stops the cursor
*before* that event; the subscriber waits, without its claim, ``RetryPolicy.delay(n)`` (capped exponential
backoff with jitter, at least the receiver's ``Retry-After``), nothing after it is sent meanwhile (order
holds), and messages of the event already sent are not resent. Only after the delivery window
(``RetryPolicy.window``, default a day, from the start of the outage) is it dead-lettered. A **permanent**
one (HTTP 4xx, SMTP 5xx, an invalid address, a template error) is a dead letter at once.

A complaint's later messages for that subscriber *wait behind* its dead letter (letters with ``attempts ==
0``). Re-driving (automatic every ``RetryPolicy.max_delay`` seconds while the subscriber is not failing, or
:meth:`OutboxRelay.redrive`) sends each complaint's letters oldest first, stops at the first that fails
again, and deletes a letter only in the commit after its send: a crash resends it, never loses it.

At least once: a relay killed mid-batch leaves the cursor, so the batch is sent again, with the same stable
message ids (receivers drop duplicates); without a crash, no message is sent twice.
"""

from __future__ import annotations

import contextlib
import logging
import random as _random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify.model import Message
from sp4n.ports import Claim, DeadLetter, EventLog, OutboxStore
from sp4n.service import relay_policy as _policy
from sp4n.service.relay_feed import RelayWakeup, RenderFromLog, UnitOfWorkReader, run_passes
from sp4n.service.relay_policy import PassResult, RetryPolicy, Subscription

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

_BATCHES_PER_PASS = 10
_MAX_LETTERS = 100_000  # dead letters read per subscriber and claim (they are meant to be few)


class OutboxRelay:
    """Moves committed events to message senders (see the module docstring for the guarantees).

    Args:
        events: the event log to read (its own connection: the relay never joins a command's transaction).
        render: turns a stored event into messages (usually a :class:`RenderFromLog`).
        store: cursors and dead letters.
        subscriptions: the senders, each with a unique name (the name keys its cursor).
        retry: retry policy (default :class:`RetryPolicy`: a day's delivery window).
        batch_size: events per claim; a relay killed mid-batch redelivers at most this many events.
        sleep: how :meth:`run` waits (injected so tests do not wait).
        random: uniform draws in [0, 1) for the jitter (injected so tests are deterministic).
        now: the clock for retry times, the delivery window and dead-letter stamps (injected so tests can
            pass a day in a moment).

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
        self._begin = {s.name: s.sender.begin if isinstance(s.sender, _policy.TwoStepSender) else None
                       for s in subscriptions}  # fmt: skip
        self._retry = retry if retry is not None else RetryPolicy()
        self._batch, self._sleep, self._random = batch_size, sleep, random
        self._now = now if now is not None else (lambda: datetime.now(UTC))
        self._holds: dict[str, _policy.Hold] = {}
        self._down_since: dict[str, datetime] = {}  # start of a subscriber's ongoing run of failures
        self._next_redrive: dict[str, datetime] = {}
        self._standby = False  # the last pass found a subscriber with work held by another relay
        self._seen: dict[str, int] = {}  # cursors of subscribers held by others, when last looked at
        #: Everything this relay has done since it started (the health line of ``sp4n relay``).
        self.totals = PassResult()
        #: The type of the last error a pass of :meth:`run` survived (never its text: it could hold data).
        self.last_error: str | None = None

    def waiting(self) -> dict[str, int]:
        """Subscribers waiting to retry a message, with the attempts made so far."""
        return {name: hold.attempts for name, hold in self._holds.items()}

    def next_retry(self) -> datetime | None:
        """When the earliest waiting subscriber is due to retry (``None``: none waits)."""
        return min((hold.due for hold in self._holds.values()), default=None)

    def run_once(self) -> PassResult:
        """One pass over every subscriber that no other relay holds and that is not waiting to retry."""
        total = PassResult()
        cache: dict[int, Sequence[Message]] = {}
        last, now = self._events.last_position(), self._now()
        self._standby = False
        for sub in self._subs.values():
            hold = self._holds.get(sub.name)
            if hold is not None and now < hold.due:
                total += PassResult(waiting=1)
                continue
            redrive = hold is None and now >= self._next_redrive.get(sub.name, now)
            cursor, seen = (
                self._store.cursor(sub.name) if hold is None else -1,
                self._seen.pop(sub.name, None),
            )
            if hold is None and not redrive and cursor >= last:
                continue  # caught up: a plain read, so an idle relay takes no write lock
            if seen is not None and cursor > seen:  # held by a relay that is getting on with it: leave it
                self._seen[sub.name], self._standby = cursor, True
                continue
            # A relay with a backlog keeps the subscriber for a few batches (claiming again at once), so its
            # per-complaint history cache stays warm instead of relays taking turns with cold ones.
            for batch in range(_BATCHES_PER_PASS):
                claim = self._store.claim(sub.name)
                if claim is None:  # another relay is delivering to this subscriber right now
                    if batch == 0:
                        self._seen[sub.name], self._standby = cursor, True
                    break
                try:
                    step = self._work(sub, claim, cache, redrive=redrive)
                finally:
                    claim.release()  # no-op after a commit; frees the claim if delivery raised
                total, redrive = total + step, False
                if step.events < self._batch or sub.name in self._holds:
                    break
        self.totals += total
        return total

    def run(
        self,
        *,
        stop: Callable[[], bool],
        idle_seconds: float = 0.05,
        wakeup: RelayWakeup | None = None,
        standby_seconds: float = 1.0,
    ) -> None:
        """Run passes until ``stop()`` is true, idling ``idle_seconds`` when there was nothing to do.

        A pass that fails (the store or the event log unavailable, a lock held too long) is logged by its
        error's type only — no complaint data reaches the log — and retried after a capped exponential
        backoff; the relay keeps going. With a ``wakeup`` (the event notifier given to the service), an
        idle relay starts its next pass as soon as a command commits. A *standby* relay (its work held by
        another relay) asks again after pauses doubling up to ``standby_seconds``, deaf to wake-ups: it
        takes no CPU or round trips from the holder, and replaces a holder that died within that time (on
        SQLite, once the lease has expired).
        """

        def on_error(err: Exception) -> None:
            self.last_error = type(err).__name__

        def one_pass() -> int:
            step = self.run_once()
            return step.events + step.redriven

        run_passes(
            one_pass,
            stop=stop,
            idle_seconds=idle_seconds,
            wakeup=wakeup,
            sleep=self._sleep,
            backoff=lambda failures: self._retry.delay(failures, self._random()),
            on_error=on_error,
            standby=lambda: self._standby,
            standby_seconds=standby_seconds,
        )

    def _work(
        self, sub: Subscription, claim: Claim, cache: dict[int, Sequence[Message]], *, redrive: bool
    ) -> PassResult:
        hold = self._holds.get(sub.name)
        if hold is not None and hold.cursor != claim.position:
            del self._holds[sub.name]  # another relay got past it meanwhile
        result = PassResult()
        counts = [0, 0, 0]  # events, delivered, dead-lettered: plain ints in the hot loop
        letters = claim.letters(_MAX_LETTERS)
        try:
            if redrive:
                done, more = self._redrive(sub, claim, letters, cache)
                # A long backlog is re-driven a batch per claim (a crash resends at most one batch), the next
                # batch at once; otherwise the next round waits max_delay.
                pause = timedelta(seconds=0 if more else self._retry.max_delay)
                self._next_redrive[sub.name] = self._now() + pause
                letters = [d for d in letters if d.message_id not in done]
                result += PassResult(redriven=len(done))
            parked = {d.complaint_id for d in letters}
            batch = self._events.read_since(claim.position, self._batch)
            for i, stored in enumerate(batch):
                ahead = batch[i + 1] if i + 1 < len(batch) else None
                self._deliver_event(sub, claim, stored, cache, parked, counts=counts, ahead=ahead)
                claim.advance(stored.position)
                if self._holds:
                    self._holds.pop(sub.name, None)
                counts[0] += 1
        except _policy.HeldBack:
            result += PassResult(waiting=1)
        except _policy.LostClaim:
            log.warning("outbox: lost the claim on %s; another relay carries on", sub.name)
            return result + PassResult(events=counts[0], delivered=counts[1], dead_lettered=counts[2])
        if not claim.commit():
            log.warning("outbox: lost the claim on %s; another relay redelivers the batch", sub.name)
        return result + PassResult(events=counts[0], delivered=counts[1], dead_lettered=counts[2])

    def _deliver_event(
        self, sub: Subscription, claim: Claim, stored: StoredEvent, cache: dict[int, Sequence[Message]],
        parked: set[str], *, counts: list[int], ahead: StoredEvent | None = None,
    ) -> None:  # fmt: skip
        """Deliver one event's messages, adding to ``counts`` (delivered at 1, dead-lettered at 2)."""
        cid = stored.event.complaint_id
        try:
            messages = [m for m in self._messages(stored, cache) if sub.accepts(m)]
        except Exception as err:
            self._failed(sub, claim, f"event:{stored.position}", err)  # raises HeldBack: transient, young
            claim.dead_letter(_policy.render_failure(sub.name, stored, err, self._now()))
            parked.add(cid)
            counts[2] += 1
            return
        hold = self._holds.get(sub.name) if self._holds else None
        sent: set[str] = hold.sent if hold is not None else set()
        for m in messages:
            if m.id in sent:
                continue  # sent before this event's retry began
            if cid in parked:
                claim.dead_letter(_policy.dead_letter(sub.name, m, 0, _policy.WAITING, self._now()))
                counts[2] += 1
                continue
            if not claim.renew():
                raise _policy.LostClaim
            try:
                begin = self._begin[sub.name]
                if begin is not None and ahead is not None and m is messages[-1]:
                    answer = begin(m)
                    self._render_ahead(ahead, cache)
                    answer()
                else:
                    sub.sender.send(m)
            except Exception as err:
                attempts = self._failed(sub, claim, m.id, err, sent=sent, message=m)
                claim.dead_letter(
                    _policy.dead_letter(sub.name, m, attempts, _policy.describe(err, m), self._now())
                )
                parked.add(cid)
                counts[2] += 1
                continue
            if self._down_since:
                self._down_since.pop(sub.name, None)
            sent.add(m.id)
            counts[1] += 1

    def _failed(
        self, sub: Subscription, claim: Claim, key: str, err: Exception, *,
        sent: set[str] | None = None, message: Message | None = None,
    ) -> int:  # fmt: skip
        """Wait (raise ``HeldBack``) for a young transient failure; else the attempts, for a dead letter."""
        now, hold = self._now(), self._holds.get(sub.name)
        attempts = hold.attempts + 1 if hold is not None and hold.key == key else 1
        first = hold.first_failed if hold is not None and hold.key == key else now
        transient = _policy.is_transient(err)
        since = min(first, self._down_since.setdefault(sub.name, now)) if transient else now
        if transient and now - since < self._retry.window:
            pause = max(self._retry.delay(attempts, self._random()), _policy.retry_after(err))
            self._holds[sub.name] = _policy.Hold(key=key, cursor=claim.position, attempts=attempts,
                                          first_failed=first, due=now + timedelta(seconds=pause),
                                          sent=sent if sent is not None else set())  # fmt: skip
            log.info("outbox: %s will retry %s (attempt %d) in %.2f s: %s",
                     sub.name, key, attempts, pause, type(err).__name__)  # fmt: skip
            raise _policy.HeldBack
        self._holds.pop(sub.name, None)
        log.warning("outbox: %s dead-lettered %s after %d attempt(s): %s",
                    sub.name, key, attempts, type(err).__name__)  # fmt: skip
        return attempts

    def _render_ahead(self, stored: StoredEvent, cache: dict[int, Sequence[Message]]) -> None:
        # While the receiver handles the request just written: the relay would otherwise only wait for it.
        # A failure is left for the event's own turn, which renders it again and sorts the error out.
        if stored.position not in cache:
            with contextlib.suppress(Exception):
                cache[stored.position] = self._render(stored)

    def _messages(self, stored: StoredEvent, cache: dict[int, Sequence[Message]]) -> Sequence[Message]:
        if stored.position not in cache:
            cache[stored.position] = self._render(stored)
        return cache[stored.position]

    def redrive(self, subscriber: str, message_id: str | None = None) -> PassResult:
        """Send a subscriber's dead letters again: every complaint's (or, with ``message_id``, the complaint
        holding that letter), each complaint's oldest first, stopping at the first that fails again.

        A letter is deleted only in the commit after its successful send; one that fails again stays, with
        its attempts added. Nothing happens while another relay holds the subscriber (it re-drives itself).

        Raises:
            ConfigurationError: no subscription has that name.
        """
        sub = self._subs.get(subscriber)
        if sub is None:
            raise ConfigurationError("subscriber", "no subscription named {name!r}", name=subscriber)
        total, more, chain = 0, True, None
        while more:
            claim = self._store.claim(subscriber)
            if claim is None:
                log.warning("outbox: %s is held by another relay; not re-driven now", subscriber)
                break
            try:
                letters = claim.letters(_MAX_LETTERS)
                if message_id is not None:
                    chain = chain or {d.complaint_id for d in letters if d.message_id == message_id}
                    letters = [d for d in letters if d.complaint_id in chain]
                done, more = self._redrive(sub, claim, letters, {})
                claim.commit()
            except _policy.LostClaim:
                break
            finally:
                claim.release()
            total += len(done)
        return PassResult(redriven=total)

    def _redrive(
        self, sub: Subscription, claim: Claim, letters: list[DeadLetter], cache: dict[int, Sequence[Message]]
    ) -> tuple[set[str], bool]:
        """Re-send up to a batch of dead letters complaint by complaint, in order; the ids resolved (in
        ``claim``) and whether letters were left for another batch."""
        chains: dict[str, list[DeadLetter]] = defaultdict(list)
        for d in sorted(letters, key=lambda d: (d.position, d.message_id)):
            chains[d.complaint_id].append(d)
        done: set[str] = set()
        tried = 0
        for chain in chains.values():
            for dead in chain:
                if tried == self._batch:
                    return done, True
                tried += 1
                if not self._redrive_one(sub, claim, dead, cache):
                    break  # the rest of this complaint waits behind it
                claim.resolve(dead.message_id)
                done.add(dead.message_id)
        return done, False

    def _redrive_one(
        self, sub: Subscription, claim: Claim, dead: DeadLetter, cache: dict[int, Sequence[Message]]
    ) -> bool:
        found = self._events.read_since(dead.position - 1, 1)
        if not found or found[0].position != dead.position:
            return False  # the event is gone (should not happen in an append-only log): keep the letter
        try:
            messages = [
                m for m in self._messages(found[0], cache)
                if sub.accepts(m) and (dead.message_id.startswith("event:") or m.id == dead.message_id)
            ]  # fmt: skip
        except Exception as err:
            claim.dead_letter(_policy.again(dead, f"{_policy.describe(err)} while rendering", self._now()))
            return False
        for m in messages:
            if not claim.renew():
                raise _policy.LostClaim
            try:
                sub.sender.send(m)
            except Exception as err:
                claim.dead_letter(_policy.again(dead, _policy.describe(err, m), self._now()))
                return False
        return True
