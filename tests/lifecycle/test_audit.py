"""The audit's hashes against values computed here by hand (hashlib over hand-written bytes), and its checks.

The known-answer vectors do not call sp4n to build what they compare with: the canonical text is written
out literally, so a change to the canonical form, to what the hash covers (``prev_hash`` included) or to the
genesis value fails here even if every other test moved along with it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import attrs
import pytest

from sp4n.exceptions import HistoryTampered
from sp4n.lifecycle.audit import Checkpoint, EventRecord, StateRecord, audit, checkpoint, log_link
from sp4n.lifecycle.events import Event, event_to_dict
from sp4n.lifecycle.history import GENESIS, canonical_json, chain, event_hash, find_tampering
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.lifecycle import walked

CLOSE = Event(
    complaint_id="c1",
    sequence=1,
    occurred_at=datetime(2026, 3, 2, tzinfo=UTC),
    action=Action.close,
    actor=Actor(id="a", role=Role.system),
    from_status=Status.followed_up,
    to_status=Status.closed,
    reason="Selesai é",
)
CLOSE_TEXT = (
    b'{"action":"close","actor":{"agency_id":null,"id":"a","role":"system","unit_id":null},'
    b'"complaint_id":"c1","details":{},"from_status":"followed_up","occurred_at":"2026-03-02T00:00:00+00:00",'
    b'"reason":"Selesai \\u00e9","sequence":1,"to_status":"closed"}'
)
ZEROS = b"0" * 64


def test_the_canonical_text_is_exactly_the_hand_written_bytes() -> None:
    assert canonical_json(event_to_dict(CLOSE)).encode("ascii") == CLOSE_TEXT


def test_the_genesis_value_is_sixty_four_zeros() -> None:
    assert GENESIS.encode("ascii") == ZEROS


def test_known_answer_first_event_hash() -> None:
    expected = hashlib.sha256(ZEROS + b"\n" + CLOSE_TEXT).hexdigest()
    assert event_hash(GENESIS, CLOSE) == expected


def test_known_answer_the_hash_covers_prev_hash() -> None:
    prev = "ab" * 32
    expected = hashlib.sha256(prev.encode() + b"\n" + CLOSE_TEXT).hexdigest()
    assert event_hash(prev, CLOSE) == expected
    assert event_hash(prev, CLOSE) != event_hash(GENESIS, CLOSE)


def test_known_answer_log_link() -> None:
    h = "cd" * 32
    expected = hashlib.sha256(ZEROS + b"\n7:" + h.encode()).hexdigest()
    assert log_link(GENESIS, 7, h) == expected
    assert log_link(GENESIS, 8, h) != expected  # the position is hashed too


def test_known_answer_checkpoint_of_two_events() -> None:
    h1, h2 = "11" * 32, "22" * 32
    d1 = hashlib.sha256(ZEROS + b"\n1:" + h1.encode()).hexdigest()
    d2 = hashlib.sha256(d1.encode() + b"\n3:" + h2.encode()).hexdigest()
    records = [
        EventRecord(position=p, complaint_id="c", sequence=s, hash=h, prev_hash="", payload="")
        for p, s, h in ((1, 1, h1), (3, 2, h2))
    ]
    assert checkpoint(records) == Checkpoint(position=3, count=2, digest=d2)


def _records(cid: str = "c-1", status: Status = Status.closed) -> tuple[StateRecord, list[EventRecord]]:
    complaint, events = walked(cid, status)
    stored = chain(events, prev_hash=GENESIS, first_position=1)
    records = [
        EventRecord(
            position=s.position, complaint_id=cid, sequence=s.event.sequence, hash=s.hash,
            prev_hash=s.prev_hash, payload=canonical_json(event_to_dict(s.event)),
        )
        for s in stored
    ]  # fmt: skip
    state = StateRecord(
        complaint_id=cid, version=complaint.version, last_hash=stored[-1].hash, complaint=complaint
    )
    return state, records


def test_a_whole_store_verifies() -> None:
    state, records = _records()
    assert audit([state], records, since=checkpoint(records)) == []


def test_a_chain_from_another_genesis_is_found_at_its_first_event() -> None:
    _, events = walked("c-1", Status.closed)
    stored = chain(events, prev_hash="f" * 64, first_position=1)
    problem = find_tampering(stored)
    assert problem is not None
    assert (problem.sequence, "prev_hash" in problem.problem) == (1, True)


def test_a_state_row_that_differs_from_the_replay_names_the_fields() -> None:
    state, records = _records()
    assert state.complaint is not None
    edited = attrs.evolve(state, complaint=attrs.evolve(state.complaint, title="lain", agency_id=None))
    [finding] = audit([edited], records)
    assert "agency_id" in finding.problem
    assert "title" in finding.problem


def test_a_stale_last_hash_is_found() -> None:
    state, records = _records()
    [finding] = audit([attrs.evolve(state, last_hash=records[-2].hash)], records)
    assert finding.problem == "last_hash is not the hash of the last event"


def test_a_state_without_events_and_events_without_state_are_both_found() -> None:
    s1, r1 = _records("c-1")
    s2, r2 = _records("c-2")
    found = audit([s1], r1 + [attrs.evolve(r, position=r.position + 100) for r in r2])
    assert [(f.complaint_id, f.problem) for f in found] == [
        ("c-2", "events exist but the complaint does not")
    ]
    found = audit([s1, s2], r1)
    assert [(f.complaint_id, f.problem) for f in found] == [
        ("c-2", "the complaint has no events (history deleted)")
    ]


def test_adapter_findings_about_the_row_itself_are_reported() -> None:
    state, records = _records()
    [finding] = audit([attrs.evolve(state, problems=("public column edited",))], records)
    assert finding.problem == "public column edited"


@pytest.mark.parametrize("cut", [1, 3])
def test_a_log_shorter_than_the_checkpoint_is_found(cut: int) -> None:
    state, records = _records()
    cp = checkpoint(records)
    [finding] = [f for f in audit([state], records[:-cut], since=cp) if f.complaint_id == ""]
    assert "no longer matches the checkpoint" in finding.problem


def test_events_after_the_checkpoint_do_not_disturb_it() -> None:
    state, records = _records()
    cp = checkpoint(records[:3])
    assert audit([state], records, since=cp) == []


@pytest.mark.parametrize(
    "text", ["", "{", "[]", '{"position": 1}', '{"position": "x", "count": 1, "digest": ""}']
)
@pytest.mark.usefixtures("english")
def test_a_malformed_checkpoint_is_refused(text: str) -> None:
    with pytest.raises(HistoryTampered, match="not a checkpoint"):
        Checkpoint.from_json(text)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_canonical_json_refuses_numbers_json_cannot_carry(number: float) -> None:
    # NaN and infinities are not JSON: another reader would hash different bytes, or fail to read them.
    with pytest.raises(ValueError, match="JSON"):
        canonical_json({"x": number})
