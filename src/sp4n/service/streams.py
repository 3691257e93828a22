"""The stream relay: committed events to a message broker, from the same durable outbox cursor as notices.

Other systems (agencies' case systems, dashboards, data warehouses) subscribe to the complaint events on a
broker; :class:`StreamRelay` feeds them. It reads the event log after its cursor in the
:class:`~sp4n.ports.OutboxStore` (keyed ``stream:<name>``, beside the notification subscribers' cursors),
turns each event into a :class:`~sp4n.notify.streams.StreamRecord` for the stream's audience
(:class:`RecordsFromLog`), hands them to an :class:`~sp4n.ports.EventPublisher` and moves the cursor only
after the broker has confirmed them.

Guarantees:

* **at least once** — a relay killed mid-batch leaves the cursor where it was; the next run publishes the
  unconfirmed events again, with the same ids (NATS drops them by ``Nats-Msg-Id``; AMQP consumers by
  ``message_id``);
* **in order per complaint** — the batch is cut into waves, wave *k* holding each complaint's *k*-th event
  of the batch (:func:`waves`), and a wave is published only after the one before it was confirmed. A
  publisher may pipeline a wave, and a wave that fails part-way is published again whole: a complaint's
  later event never lands before an earlier one. Order *between* complaints is not kept;
* **a broker outage blocks, it does not skip** — unlike a notice, a failed publish never becomes a dead
  letter (a gap in a stream is worse than a delay); the relay retries with backoff and keeps the cursor.
  Only an event that cannot be *encoded* (a bug, not an outage) is recorded as a dead letter and skipped.

With a backlog, the relay reads and encodes the next batch on a worker thread while the broker confirms the
current one (the cursor still moves only past what was confirmed), unless the publisher says
``encode_ahead = False``: a publisher that runs Python for every record while it waits (nats-py's event
loop) would fight the encoder for the GIL and be slower. ``events`` and ``records`` are called from that
one thread, one call at a time.
"""

from __future__ import annotations

import logging
import random as _random
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import NamedTuple

from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle import evolve, replay
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Complaint
from sp4n.notify.streams import Encoder, StreamAudience, StreamRecord, encode_json, event_id, stream_record
from sp4n.ports import Claim, DeadLetter, EventLog, EventPublisher, OutboxStore
from sp4n.service.relay import PassResult, RelayWakeup, RetryPolicy
from sp4n.service.relay_feed import run_passes

__all__ = ["RecordsFromLog", "StreamRelay", "waves"]

log = logging.getLogger(__name__)


class RecordsFromLog:
    """Stored events to stream records for one audience, each complaint folded from the log.

    The complaint as it stands after each event is kept for ``max_complaints`` complaints (least recently
    used out): the relay reads the log in order, so the next event of a known complaint is one
    :func:`~sp4n.lifecycle.evolve` step; otherwise the complaint's history is read and replayed.

    Args:
        events: the event log (the relay's own reader).
        audience: whom the stream is for; every record is scoped by the privacy views for it.
        encode: the payload encoder (default :func:`~sp4n.notify.streams.encode_json`).
    """

    def __init__(
        self,
        events: EventLog,
        audience: StreamAudience,
        *,
        encode: Encoder = encode_json,
        max_complaints: int = 10_000,
    ) -> None:
        self._events, self._audience, self._encode = events, StreamAudience(audience), encode
        self._known: OrderedDict[str, Complaint] = OrderedDict()
        self._max = max_complaints

    def __call__(self, stored: StoredEvent) -> StreamRecord | None:
        """The record of ``stored``, or ``None`` when the stream's audience may not see it."""
        return stream_record(stored, self._complaint_after(stored), self._audience, self._encode)

    def _complaint_after(self, stored: StoredEvent) -> Complaint:
        event = stored.event
        known = self._known.get(event.complaint_id)
        if known is not None and known.version == event.sequence - 1:
            complaint = evolve(known, event)
        elif event.sequence == 1:
            complaint = evolve(None, event)
        else:
            history = self._events.history(event.complaint_id)
            complaint = replay(s.event for s in history if s.event.sequence <= event.sequence)
        self._known[event.complaint_id] = complaint
        self._known.move_to_end(event.complaint_id)
        while len(self._known) > self._max:
            self._known.popitem(last=False)
        return complaint


class _Encoded(NamedTuple):
    """A batch read after a cursor position, its records and the events that could not be encoded."""

    batch: list[StoredEvent]
    records: list[StreamRecord]
    failures: list[DeadLetter]


def waves(records: Sequence[StreamRecord]) -> list[list[StreamRecord]]:
    """``records`` in waves: wave *k* holds each complaint's *k*-th record, in log order within the wave.

    A complaint's records land in consecutive waves in their order, so publishing wave after wave keeps
    the order per complaint while each wave is as wide as the batch has complaints (order *between*
    complaints is not a promise: no consumer can rely on it once two relays or partitions exist).

    >>> from sp4n.notify.streams import StreamRecord
    >>> def r(c: str, n: int) -> StreamRecord:
    ...     return StreamRecord(id=f"{c}:{n}", complaint_id=c, sequence=n, position=0, agency_token="a",
    ...                         event_type="submit", payload=b"")
    >>> [[x.id for x in w] for w in waves([r("a", 1), r("a", 2), r("b", 1), r("a", 3), r("b", 2)])]
    [['a:1', 'b:1'], ['a:2', 'b:2'], ['a:3']]
    """
    cut: list[list[StreamRecord]] = []
    seen: dict[str, int] = {}
    for record in records:
        k = seen.get(record.complaint_id, 0)
        seen[record.complaint_id] = k + 1
        if k == len(cut):
            cut.append([])
        cut[k].append(record)
    return cut


class StreamRelay:
    """Publishes committed events to one broker stream (see the module docstring for the guarantees).

    Args:
        name: the stream's name; its cursor is kept as ``stream:<name>`` in ``store``.
        events: the event log to read (its own connection, never a command's transaction).
        store: the outbox store that keeps the cursor (the notification relay's store will do).
        publisher: the broker adapter (:mod:`sp4n.adapters.streams`).
        records: an event to its record, or ``None`` to skip it (usually a :class:`RecordsFromLog`).
        batch_size: events per pass; a relay killed mid-pass publishes at most this many again.
        retry: how often and how patiently a failed publish is retried within one pass.
        sleep: how to wait between retries (injected so tests do not wait).
        random: uniform draws in [0, 1) for the jitter.
        now: the instant stamped on dead letters.

    Raises:
        ConfigurationError: an empty ``name`` or ``batch_size`` < 1.
    """

    def __init__(
        self,
        *,
        name: str,
        events: EventLog,
        store: OutboxStore,
        publisher: EventPublisher,
        records: Callable[[StoredEvent], StreamRecord | None],
        batch_size: int = 500,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        if not name.strip():
            raise ConfigurationError("name", "a stream needs a name (it keys the cursor)")
        if batch_size < 1:
            raise ConfigurationError("batch_size", "must be at least 1")
        self.cursor_key = f"stream:{name}"
        self._events, self._store, self._publisher, self._records = events, store, publisher, records
        self._batch, self._retry = batch_size, retry if retry is not None else RetryPolicy()
        self._sleep, self._random = sleep, random
        self._now = now if now is not None else (lambda: datetime.now(UTC))
        self._encode_ahead = getattr(publisher, "encode_ahead", True) is not False
        self._worker: ThreadPoolExecutor | None = None
        self._ahead: tuple[int, Future[_Encoded]] | None = None  # the next batch, being encoded

    def run_once(self) -> PassResult:
        """One pass: up to ``batch_size`` events published and the cursor moved past what was confirmed.

        ``delivered`` counts records the broker confirmed; ``events`` the events the cursor moved past.
        """
        if self._store.cursor(self.cursor_key) >= self._events.last_position():
            return PassResult()  # caught up: a plain read, no write lock
        claim = self._store.claim(self.cursor_key)
        if claim is None:
            return PassResult()  # another relay is publishing this stream
        try:
            return self._work(claim)
        finally:
            claim.release()  # no-op after a commit

    def run(
        self, *, stop: Callable[[], bool], idle_seconds: float = 0.05, wakeup: RelayWakeup | None = None
    ) -> None:
        """Run passes until ``stop()`` is true, idling ``idle_seconds`` when there was nothing to do."""
        run_passes(
            lambda: self.run_once().events,
            stop=stop,
            idle_seconds=idle_seconds,
            wakeup=wakeup,
            sleep=self._sleep,
        )

    def close(self) -> None:
        """Stop the worker thread that encodes ahead (a relay that runs again starts a new one)."""
        worker, self._worker, self._ahead = self._worker, None, None
        if worker is not None:
            worker.shutdown(wait=True, cancel_futures=True)

    def _encode(self, position: int) -> _Encoded:
        batch = self._events.read_since(position, self._batch)
        records: list[StreamRecord] = []
        failures: list[DeadLetter] = []
        for stored in batch:
            try:
                record = self._records(stored)
            except Exception as err:  # a bug in an encoder: record it, do not stall the stream forever
                failures.append(self._encoding_failure(stored, err))
                continue
            if record is not None:
                records.append(record)
        return _Encoded(batch, records, failures)

    def _submit(self, position: int) -> Future[_Encoded]:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sp4n-stream-encoder")
        return self._worker.submit(self._encode, position)

    def _encoded(self, position: int) -> _Encoded:
        """The batch after ``position``: the one encoded ahead when it starts there, did not fail and is not
        empty (events may have come since); else read and encoded now, on the worker when there is one (so
        ``records`` is never called by two threads at once)."""
        if not self._encode_ahead:
            return self._encode(position)
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            at, future = ahead
            failed = future.exception()  # waits for it to finish
            if at == position and failed is None and future.result().batch:
                return future.result()
        return self._submit(position).result()

    def _work(self, claim: Claim) -> PassResult:
        batch, records, failures = self._encoded(claim.position)
        if self._encode_ahead and len(batch) == self._batch:  # a backlog: encode on while this is confirmed
            self._ahead = (batch[-1].position, self._submit(batch[-1].position))
        done = batch[-1].position if batch else claim.position
        published = 0
        for wave in waves(records):
            if not self._publish(wave):
                # Later events of other complaints may be out already (waves are not log-contiguous): keep the
                # cursor before the batch; the next pass publishes it again and the ids drop the copies.
                done = claim.position
                break
            published += len(wave)
        for failure in failures:
            if failure.position <= done:
                claim.dead_letter(failure)
        claim.advance(done)
        if not claim.commit():
            log.warning("streams: lost the claim on %s; another relay publishes the batch", self.cursor_key)
        return PassResult(
            events=sum(1 for s in batch if s.position <= done),
            delivered=published,
            dead_lettered=sum(1 for f in failures if f.position <= done),
        )

    def _publish(self, wave: Sequence[StreamRecord]) -> bool:
        attempt = 0
        while True:
            attempt += 1
            try:
                self._publisher.publish(wave)
                return True
            except Exception as err:
                if attempt >= self._retry.max_attempts:
                    log.warning("streams: %s gave up for now: %s", self.cursor_key, type(err).__name__)
                    return False
                self._sleep(self._retry.delay(attempt, self._random()))

    def _encoding_failure(self, stored: StoredEvent, err: Exception) -> DeadLetter:
        # Only the type: an encoding error's text could quote personal data.
        return DeadLetter(
            subscriber=self.cursor_key, message_id=event_id(stored), position=stored.position,
            complaint_id=stored.event.complaint_id, sequence=stored.event.sequence, attempts=1,
            error=f"{type(err).__name__} while encoding", failed_at=self._now(),
        )  # fmt: skip
