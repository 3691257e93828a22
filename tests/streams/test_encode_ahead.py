"""The stream relay encodes the next batch while the broker confirms the current one: the guarantees are
those of a relay that does not (every event, in order per complaint, the cursor never past an unconfirmed
event), the encoder is called by one thread at a time, and a batch encoded ahead is used only where the
cursor really stands."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.lifecycle.events import StoredEvent
from sp4n.notify.streams import StreamAudience, StreamRecord
from sp4n.service.relay import RetryPolicy, UnitOfWorkReader
from sp4n.service.streams import RecordsFromLog, StreamRelay
from sp4n.testing import MemoryOutboxStore, MemoryUnitOfWork, RecordingPublisher, commit_events, story

RETRY = RetryPolicy(max_attempts=2, base_delay=0, max_delay=0)


class OneAtATime:
    """Wraps the encoder: notes which threads call it and fails the test if two calls overlap."""

    def __init__(self, inner: RecordsFromLog) -> None:
        self.inner, self.threads, self.overlaps = inner, set[threading.Thread](), 0
        self._busy = threading.Lock()

    def __call__(self, stored: StoredEvent) -> StreamRecord | None:
        if not self._busy.acquire(blocking=False):
            self.overlaps += 1
            self._busy.acquire()
        try:
            self.threads.add(threading.current_thread())
            return self.inner(stored)
        finally:
            self._busy.release()


class Publisher(RecordingPublisher):
    def __init__(self, *, ahead: bool, fail_batches: int = 0, keep_on_failure: int = 0) -> None:
        super().__init__(fail_batches=fail_batches, keep_on_failure=keep_on_failure)
        self.encode_ahead = ahead


def _uow(complaints: int) -> MemoryUnitOfWork:
    uow = MemoryUnitOfWork()
    for i in range(complaints):
        commit_events(uow, story(f"c{i}", reporter_ref=f"r-{i}"), upto=6)
    return uow


def _relay(
    reader: UnitOfWorkReader, pub: RecordingPublisher, store: MemoryOutboxStore, batch: int
) -> tuple[StreamRelay, OneAtATime]:
    records = OneAtATime(RecordsFromLog(reader, StreamAudience.agency))
    relay = StreamRelay(name="feed", events=reader, store=store, publisher=pub, records=records,
                        batch_size=batch, retry=RETRY, sleep=lambda _: None)  # fmt: skip
    return relay, records


def _drain(relay: StreamRelay, passes: int = 500) -> None:
    for _ in range(passes):
        relay.run_once()
    relay.close()


def _first_sightings_in_order(records: Sequence[StreamRecord]) -> bool:
    seen: dict[str, list[int]] = {}
    for r in records:
        if r.sequence not in seen.setdefault(r.complaint_id, []):
            seen[r.complaint_id].append(r.sequence)
    return all(seqs == list(range(1, 7)) for seqs in seen.values())


@settings(max_examples=40, deadline=None)
@given(
    complaints=st.integers(1, 6),
    batch=st.integers(1, 13),
    fail_batches=st.integers(0, 5),
    keep=st.integers(0, 6),
    ahead=st.booleans(),
)
def test_with_or_without_encoding_ahead_every_event_arrives_in_order_and_the_cursor_reaches_the_end(
    complaints: int, batch: int, fail_batches: int, keep: int, ahead: bool
) -> None:
    uow = _uow(complaints)
    reader, store = UnitOfWorkReader(uow), MemoryOutboxStore()
    pub = Publisher(ahead=ahead, fail_batches=fail_batches, keep_on_failure=keep)
    relay, records = _relay(reader, pub, store, batch)
    _drain(relay, passes=complaints * 6 + fail_batches + 2)
    log = reader.read_since(0, 1000)
    assert {r.id for r in pub.records} == {f"{s.event.complaint_id}:{s.event.sequence}" for s in log}
    assert _first_sightings_in_order(pub.records)
    assert store.cursor("stream:feed") == log[-1].position
    assert records.overlaps == 0
    on_worker = any(t.name.startswith("sp4n-stream-encoder") for t in records.threads)
    assert on_worker is ahead  # the worker encodes when the publisher allows it, and only then


def test_a_batch_encoded_ahead_is_not_used_while_the_cursor_stays_before_a_failed_batch() -> None:
    reader, store = UnitOfWorkReader(_uow(4)), MemoryOutboxStore()
    pub = Publisher(ahead=True, fail_batches=2, keep_on_failure=0)  # the first batch fails both attempts
    relay, _ = _relay(reader, pub, store, batch=6)
    assert relay.run_once().events == 0
    assert store.cursor("stream:feed") == 0
    relay.run_once()  # the same first batch again, not the one encoded ahead of it
    assert pub.batches[2] == pub.batches[0]
    assert store.cursor("stream:feed") == 6
    relay.close()


def test_events_committed_after_a_batch_encoded_ahead_came_back_empty_are_published() -> None:
    uow = _uow(2)  # 12 events: two full batches of 6, then an empty one encoded ahead
    reader, store, pub = UnitOfWorkReader(uow), MemoryOutboxStore(), Publisher(ahead=True)
    relay, _ = _relay(reader, pub, store, batch=6)
    relay.run_once()
    relay.run_once()
    commit_events(uow, story("c9"), upto=6)
    _drain(relay, passes=3)
    assert len(pub.records) == 18
    assert store.cursor("stream:feed") == 18


def test_a_closed_relay_stops_its_worker_and_runs_again_with_a_new_one() -> None:
    uow = _uow(3)
    reader, store, pub = UnitOfWorkReader(uow), MemoryOutboxStore(), Publisher(ahead=True)
    relay, records = _relay(reader, pub, store, batch=6)
    relay.run_once()
    relay.close()
    assert any(t is not threading.current_thread() for t in records.threads)
    assert not any(t.is_alive() for t in records.threads if t is not threading.current_thread())
    _drain(relay, passes=4)
    assert len(pub.records) == 18
