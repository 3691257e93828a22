"""The stream relay on fakes: cursor, waves, retries, privacy scoping per audience."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify.streams import StreamAudience, StreamRecord, subject_token
from sp4n.service.relay import RetryPolicy, UnitOfWorkReader
from sp4n.service.streams import RecordsFromLog, StreamRelay, waves
from sp4n.testing import MemoryOutboxStore, MemoryUnitOfWork, RecordingPublisher, commit_events, story

RETRY = RetryPolicy(max_attempts=2, base_delay=0, max_delay=0)


def _log(n: int) -> UnitOfWorkReader:
    uow = MemoryUnitOfWork()
    for i in range(n):
        commit_events(uow, story(f"c{i}", reporter_ref=f"nik-rep-{i}"), upto=6)
    return UnitOfWorkReader(uow)


def _relay(
    reader: UnitOfWorkReader,
    publisher: RecordingPublisher,
    audience: StreamAudience = StreamAudience.agency,
    *,
    store: MemoryOutboxStore | None = None,
    batch_size: int = 7,
) -> StreamRelay:
    return StreamRelay(
        name="agency-feed", events=reader, store=store or MemoryOutboxStore(), publisher=publisher,
        records=RecordsFromLog(reader, audience), batch_size=batch_size, retry=RETRY, sleep=lambda _: None,
    )  # fmt: skip


def _drain(relay: StreamRelay) -> None:
    for _ in range(200):
        if relay.run_once().events == 0:
            return
    raise AssertionError("the relay did not catch up")


def test_every_event_is_published_once_and_the_cursor_follows() -> None:
    reader, pub, store = _log(5), RecordingPublisher(), MemoryOutboxStore()
    relay = _relay(reader, pub, store=store)
    _drain(relay)
    log = reader.read_since(0, 1000)
    assert sorted(r.id for r in pub.records) == sorted(
        f"{s.event.complaint_id}:{s.event.sequence}" for s in log
    )
    assert store.cursor("stream:agency-feed") == log[-1].position
    assert relay.run_once().events == 0  # caught up: nothing published twice


def test_no_wave_holds_two_events_of_one_complaint_and_waves_span_complaints() -> None:
    reader, pub = _log(3), RecordingPublisher()
    _drain(_relay(reader, pub, batch_size=50))
    for batch in pub.batches:
        complaints = [i.split(":")[0] for i in batch]
        assert len(complaints) == len(set(complaints))
    assert pub.batches[0] == ["c0:1", "c1:1", "c2:1"]  # one round trip for three complaints' first events


def test_a_failing_broker_keeps_the_cursor_and_order_per_complaint_survives_a_partial_batch() -> None:
    # The broker stores the first record of a wave and then fails, twice (the relay's whole retry budget):
    # the pass gives up, and the next pass publishes the wave again with the same ids.
    reader, store = _log(4), MemoryOutboxStore()
    pub = RecordingPublisher(fail_batches=2, keep_on_failure=1)
    relay = _relay(reader, pub, store=store, batch_size=50)
    first = relay.run_once()
    assert first.delivered == 0
    assert store.cursor("stream:agency-feed") == 0
    _drain(relay)
    by_complaint: dict[str, list[int]] = defaultdict(list)
    for r in pub.records:
        by_complaint[r.complaint_id].append(r.sequence)
    for seqs in by_complaint.values():  # copies only of the same id; first sightings in order
        assert list(dict.fromkeys(seqs)) == sorted(set(seqs)) == list(range(1, 7))


def test_a_restarted_relay_resumes_from_the_committed_cursor() -> None:
    reader, store, pub = _log(4), MemoryOutboxStore(), RecordingPublisher()
    _relay(reader, pub, store=store).run_once()
    done = len(pub.records)
    again = RecordingPublisher()
    _drain(_relay(reader, again, store=store))  # a new relay over the same store
    ids = [r.id for r in pub.records] + [r.id for r in again.records]
    assert sorted(ids) == sorted(
        f"{s.event.complaint_id}:{s.event.sequence}" for s in reader.read_since(0, 1000)
    )
    assert done > 0


def test_the_public_stream_never_carries_a_rahasia_complaint_or_any_reporter() -> None:
    uow = MemoryUnitOfWork()
    commit_events(uow, story("open", reporter_ref="nik-3404011234560001"), upto=6)
    commit_events(uow, story("secret", reporter_ref="nik-3404019999990001", rahasia=True), upto=6)
    reader, pub = UnitOfWorkReader(uow), RecordingPublisher()
    _drain(_relay(reader, pub, StreamAudience.public))
    assert {r.complaint_id for r in pub.records} == {"open"}
    for r in pub.records:
        body = json.loads(r.payload)
        assert "nik-" not in r.payload.decode()
        assert set(body["event"]) == {"sequence", "occurred_at", "action", "actor_role", "from_status",
                                      "to_status"}  # fmt: skip


def test_the_agency_stream_redacts_an_anonim_reporter_and_shows_a_named_one() -> None:
    uow = MemoryUnitOfWork()
    commit_events(uow, story("anon", reporter_ref="nik-anon-1", anonim=True), upto=6)
    commit_events(uow, story("named", reporter_ref="nik-named-1"), upto=6)
    reader, pub = UnitOfWorkReader(uow), RecordingPublisher()
    _drain(_relay(reader, pub, StreamAudience.agency))
    anon = [r.payload.decode() for r in pub.records if r.complaint_id == "anon"]
    assert anon
    assert not any("nik-anon-1" in p for p in anon)
    assert all(json.loads(p)["complaint"]["reporter_redacted"] for p in anon)
    named = [json.loads(r.payload) for r in pub.records if r.complaint_id == "named"]
    assert all(p["complaint"]["reporter_ref"] == "nik-named-1" for p in named)


def test_subjects_name_the_agency_and_the_event_type() -> None:
    reader, pub = _log(1), RecordingPublisher()
    _drain(_relay(reader, pub))
    assert [r.subject("sp4n") for r in pub.records] == [
        "sp4n.unassigned.submit", "sp4n.pemkab-sleman.verify", "sp4n.pemkab-sleman.dispose",
        "sp4n.pemkab-sleman.start", "sp4n.pemkab-sleman.follow_up", "sp4n.pemkab-sleman.close",
    ]  # fmt: skip


def test_an_event_that_cannot_be_encoded_is_a_dead_letter_and_the_stream_goes_on() -> None:
    reader, store, pub = _log(2), MemoryOutboxStore(), RecordingPublisher()
    records = RecordsFromLog(reader, StreamAudience.agency)

    def broken(stored: StoredEvent) -> StreamRecord | None:
        if stored.event.complaint_id == "c0" and stored.event.sequence == 3:
            raise ValueError("nik-secret in the text")
        return records(stored)

    relay = StreamRelay(name="s", events=reader, store=store, publisher=pub, records=broken, retry=RETRY,
                        sleep=lambda _: None)  # fmt: skip
    _drain(relay)
    assert len(pub.records) == 11
    [dead] = store.dead_letters("stream:s")
    assert (dead.message_id, dead.error) == ("c0:3", "ValueError while encoding")


def test_a_stream_needs_a_name_and_a_positive_batch() -> None:
    reader = _log(0)
    with pytest.raises(ConfigurationError, match="name"):
        _relay_named(reader, " ")
    with pytest.raises(ConfigurationError, match="batch_size"):
        _relay(reader, RecordingPublisher(), batch_size=0)


def _relay_named(reader: UnitOfWorkReader, name: str) -> StreamRelay:
    return StreamRelay(name=name, events=reader, store=MemoryOutboxStore(), publisher=RecordingPublisher(),
                       records=RecordsFromLog(reader, StreamAudience.public))  # fmt: skip


def _record(complaint: str, n: int) -> StreamRecord:
    return StreamRecord(id=f"{complaint}:{n}", complaint_id=complaint, sequence=n, position=0,
                        agency_token="a", event_type="submit", payload=b"")  # fmt: skip


@given(st.lists(st.sampled_from("abcde"), max_size=40))
def test_waves_keep_each_complaints_order_and_hold_one_record_per_complaint(complaints: list[str]) -> None:
    records = [_record(c, n) for n, c in enumerate(complaints)]
    cut = waves(records)
    assert sorted(r.sequence for w in cut for r in w) == list(range(len(records)))  # each record once
    assert all(w and len({r.complaint_id for r in w}) == len(w) for w in cut)
    wave_of = {r.id: k for k, w in enumerate(cut) for r in w}
    for c in set(complaints):  # a complaint's records sit in waves 0, 1, 2, ... in log order
        assert [wave_of[r.id] for r in records if r.complaint_id == c] == list(range(complaints.count(c)))
    for w in cut:  # within a wave, log order
        assert [r.sequence for r in w] == sorted(r.sequence for r in w)


@given(st.text(max_size=30))
def test_a_subject_token_never_splits_or_matches_a_wildcard(agency: str) -> None:
    token = subject_token(agency)
    assert token
    assert not any(c in token for c in ".*># \t")
    assert token == subject_token(agency)
