"""Each way a history can be broken is named exactly (what an auditor reads in the report), found by mutation
testing: the problem texts, equal positions, a one-event history and an empty one."""

from __future__ import annotations

import attrs
import pytest

from sp4n.exceptions import HistoryTampered
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.history import GENESIS, chain, event_hash, find_tampering, verify_history
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked


def _chained() -> list[StoredEvent]:
    _, events = walked("c-1", Status.in_progress)
    return chain(events, prev_hash=GENESIS, first_position=1)


def _problem(history: list[StoredEvent], version: int | None = None) -> tuple[str, int, str]:
    found = find_tampering(history, version=version)
    assert found is not None
    return found.complaint_id, found.sequence, found.problem


def test_a_missing_event_is_named_by_the_sequence_expected() -> None:
    s = _chained()
    assert _problem([s[0], s[2], s[3]]) == (
        "c-1", 3, "sequence 3 where 2 was expected (deleted or reordered)"
    )  # fmt: skip


def test_an_equal_position_is_a_reorder_not_a_pass() -> None:
    s = _chained()
    same = attrs.evolve(s[1], position=s[0].position)
    assert _problem([s[0], same, *s[2:]]) == (
        "c-1",
        2,
        "position is not after the previous event's (reordered)",
    )


def test_a_broken_link_and_an_edit_are_named() -> None:
    s = _chained()
    unlinked = attrs.evolve(s[1], prev_hash="1" * 64)
    assert (
        _problem([s[0], unlinked, *s[2:]])[2]
        == "prev_hash does not link to the previous event (deleted or reordered)"
    )
    edited = attrs.evolve(s[2], event=attrs.evolve(s[2].event, reason="lain"))
    assert _problem([*s[:2], edited, s[3]]) == ("c-1", 3, "hash does not match the event (edited)")


def test_an_event_of_another_complaint_is_named() -> None:
    s = _chained()
    _, other = walked("c-2", Status.in_progress)
    foreign = attrs.evolve(s[1], event=other[1])
    assert _problem([s[0], foreign]) == ("c-1", 2, "event of another complaint in this history")


def test_a_one_event_history_and_an_empty_one() -> None:
    s = _chained()
    assert find_tampering(s[:1], version=1) is None
    assert _problem(s[:1], version=2) == ("c-1", 2, "history has 1 events, version 2")
    assert _problem([], version=1) == ("", 1, "history has 0 events, version 1")


@pytest.mark.parametrize("prev", ["", "0" * 63, "f" * 64])
def test_only_the_genesis_value_starts_a_history(prev: str) -> None:
    _, events = walked("c-1", Status.forwarded)
    first = events[0]
    forged = StoredEvent(position=1, event=first, hash=event_hash(prev, first), prev_hash=prev)
    assert _problem([forged])[1:] == (
        1,
        "prev_hash does not link to the previous event (deleted or reordered)",
    )


def test_verify_history_raises_the_problem_find_tampering_names_and_passes_a_whole_history() -> None:
    s = _chained()
    verify_history(s, version=len(s))  # a whole history passes silently
    with pytest.raises(HistoryTampered) as err:
        verify_history(s[:-1], version=len(s))
    assert (err.value.complaint_id, err.value.sequence) == ("c-1", len(s))
