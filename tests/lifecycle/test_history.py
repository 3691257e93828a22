"""History: every event carries who/when/why; replay rebuilds exactly; a broken history is detected."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given

from sp4n.exceptions import HistoryTampered, RuleViolation
from sp4n.lifecycle.engine import evolve, replay
from sp4n.lifecycle.events import Event, event_from_dict, event_to_dict
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.lifecycle import a_complaint_in
from sp4n.testing.strategies import histories


@given(histories())
def test_replay_rebuilds_the_complaint_exactly(events: list[Event]) -> None:
    complaint = replay(events)
    assert complaint.version == len(events) == events[-1].sequence
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    # The fast fold and apply's trusted events must equal what attrs' own constructors build (validators run).
    assert attrs.evolve(complaint) == complaint
    assert all(attrs.evolve(e) == e for e in events)


@given(histories())
def test_replay_through_the_json_codec_rebuilds_the_same_complaint(events: list[Event]) -> None:
    decoded = [event_from_dict(event_to_dict(e)) for e in events]
    assert decoded == events
    assert replay(decoded) == replay(events)


@given(histories())
def test_every_event_says_who_when_and_from_where_to_where(events: list[Event]) -> None:
    complaint: Complaint | None = None
    for event in events:
        assert event.occurred_at.utcoffset() == timedelta(0)
        assert event.actor.id
        assert event.actor.role
        assert event.from_status == (None if complaint is None else complaint.status)
        complaint = evolve(complaint, event)
        assert complaint.status is event.to_status
        assert complaint.updated_at == event.occurred_at


def test_a_history_missing_an_event_is_refused() -> None:
    _, events = a_complaint_in(Status.in_progress)
    with pytest.raises(HistoryTampered) as err:
        replay([events[0], events[1], events[3]])
    assert err.value.sequence == 4


def test_a_history_with_a_reordered_event_is_refused() -> None:
    _, events = a_complaint_in(Status.in_progress)
    with pytest.raises(HistoryTampered):
        replay([events[0], events[2], events[1], events[3]])


@pytest.mark.usefixtures("english")
def test_an_event_from_another_complaint_is_refused() -> None:
    _, events = a_complaint_in(Status.forwarded)
    with pytest.raises(HistoryTampered, match="belongs to complaint"):
        replay([events[0], attrs.evolve(events[1], complaint_id="other")])


def test_an_event_whose_from_status_was_edited_is_refused() -> None:
    _, events = a_complaint_in(Status.disposed)
    with pytest.raises(HistoryTampered, match="from_status"):
        replay([*events[:2], attrs.evolve(events[2], from_status=Status.submitted)])


@pytest.mark.usefixtures("english")
def test_a_history_must_start_with_the_submit_event() -> None:
    _, events = a_complaint_in(Status.forwarded)
    with pytest.raises(HistoryTampered, match="start with the submit"):
        replay(events[1:])
    with pytest.raises(RuleViolation):
        replay([])


def test_a_duplicated_event_is_refused() -> None:
    _, events = a_complaint_in(Status.forwarded)
    with pytest.raises(HistoryTampered):
        replay([*events, events[-1]])


def test_replay_keeps_decline_history_and_hold_origin() -> None:
    complaint, events = a_complaint_in(Status.on_hold)
    assert replay(events) == complaint
    assert complaint.held_from is Status.disposed
    declined, declined_events = a_complaint_in(Status.declined)
    assert replay(declined_events).declines == declined.declines != ()


def test_submit_and_record_breach_events_are_part_of_the_same_numbering() -> None:
    complaint, events = a_complaint_in(Status.closed)
    assert [e.action for e in events] == [
        Action.submit, Action.verify, Action.dispose, Action.start, Action.follow_up, Action.close,
    ]  # fmt: skip
    assert complaint.version == 6
