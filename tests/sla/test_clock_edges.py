"""Clocks at their edges, on histories the lifecycle engine writes: the status words hosts store and send, an
unstarted clock, whom each clock runs against, holds interrupted or repeated, zero limits, late extensions
(found by mutation testing, docs/mutation-testing.md)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.engine import apply, replay
from sp4n.lifecycle.events import Event, SubmitDetails
from sp4n.lifecycle.model import Complaint, ComplaintType
from sp4n.lifecycle.status import Action, Status
from sp4n.sla import ClockState, RuleOverride, SlaPolicy, clock_states
from sp4n.sla.rules import NATIONAL_RULES
from sp4n.testing.lifecycle import AGENCY_ADMIN, NATIONAL_ADMIN, REPORTER, a_complaint_in

WIB = timezone(timedelta(hours=7))
#: a_complaint_in(Status.forwarded) is verified and forwarded at 09:00 WIB on Monday 5 January 2026, so the
#: agency's five working days are 6, 7, 8, 9 and 12 January: due at 24:00 WIB on Monday 12 January.
FOLLOW_UP_DUE = datetime(2026, 1, 13, 0, tzinfo=WIB)


def _states(
    complaint: Complaint, events: list[Event], now: datetime, policy: SlaPolicy | None = None
) -> dict[str, ClockState]:
    return {s.clock: s for s in clock_states(complaint, events, now, policy=policy)}


def _then(
    complaint: Complaint, events: list[Event], action: Action, at: datetime
) -> tuple[Complaint, list[Event]]:
    actors = {Action.add_information: REPORTER, Action.overrule_decline: NATIONAL_ADMIN}
    complaint, event = apply(complaint, action, actors.get(action, AGENCY_ADMIN), at, reason="alasan")
    return complaint, [*events, event]


def test_clock_statuses_travel_as_the_documented_words() -> None:
    # docs/sla.md names them; hosts store them and send them in JSON, so their spelling is an interface.
    complaint, events = a_complaint_in(Status.forwarded)
    at = complaint.updated_at + timedelta(hours=1)
    words = {c: s.status for c, s in _states(complaint, events, at).items()}
    held, held_events = _then(complaint, events, Action.hold, at)
    words["held follow_up"] = _states(held, held_events, at)["follow_up"].status
    words["late follow_up"] = _states(complaint, events, FOLLOW_UP_DUE)["follow_up"].status
    sent = json.loads(json.dumps(words))
    assert (sent["verification"], sent["follow_up"], sent["reply_window"]) == (
        "stopped",
        "running",
        "not_started",
    )
    assert (sent["held follow_up"], sent["late follow_up"]) == ("paused", "breached")


def test_a_clock_not_started_reports_its_rule_and_nothing_else() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    window = _states(complaint, events, complaint.updated_at)["reply_window"]
    # The LAPOR! reply window: 10 working days once the agency has followed up.
    assert (window.rule.clock, window.rule.value) == ("reply_window", 10)
    assert (window.agency_id, window.started_at, window.stopped_at, window.due_at) == (None, None, None, None)
    assert (window.elapsed, window.remaining, window.paused_for, window.overdue_by) == (timedelta(0),) * 4


def test_a_clock_state_takes_keywords_only() -> None:
    # started_at, stopped_at and due_at are all instants, elapsed and remaining both durations: a positional
    # call could swap them unnoticed.
    complaint, events = a_complaint_in(Status.forwarded)
    state = _states(complaint, events, complaint.updated_at)["follow_up"]
    build: Any = ClockState  # mypy rightly refuses the positional call this test makes
    assert attrs.evolve(state) == state
    with pytest.raises(TypeError):
        build(*attrs.astuple(state, recurse=False))


def test_a_naive_now_is_refused_by_name() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    with pytest.raises(RuleViolation) as err:
        clock_states(complaint, events, datetime(2026, 1, 6, 9))  # noqa: DTZ001 - the naive instant under test
    assert err.value.field == "now"


def test_verification_is_nobodys_agency_and_the_agencys_clocks_run_against_it() -> None:
    complaint, events = a_complaint_in(Status.followed_up)
    states = _states(complaint, events, complaint.updated_at)
    # Verification is the national admin's; the reporter's reply window runs on the agency's follow-up.
    assert states["verification"].agency_id is None
    assert (states["follow_up"].agency_id, states["reply_window"].agency_id) == ("pemkab-sleman",) * 2


def test_an_overruled_decline_restarts_the_follow_up_for_the_agency_that_declined() -> None:
    complaint, events = a_complaint_in(Status.declined)  # declined at 10:00 WIB on Monday 5 January
    at = datetime(2026, 1, 6, 10, tzinfo=WIB)  # Tuesday: five working days are 7, 8, 9, 12 and 13 January
    complaint, events = _then(complaint, events, Action.overrule_decline, at)
    follow_up = _states(complaint, events, at)["follow_up"]
    assert (str(follow_up.status), follow_up.agency_id) == ("running", "pemkab-sleman")
    assert follow_up.due_at == datetime(2026, 1, 14, 0, tzinfo=WIB)


def test_information_added_during_a_hold_does_not_restart_the_hold() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    complaint, events = _then(complaint, events, Action.hold, datetime(2026, 1, 7, 12, tzinfo=WIB))  # Wed
    complaint, events = _then(complaint, events, Action.add_information, datetime(2026, 1, 8, 12, tzinfo=WIB))
    complaint, events = _then(complaint, events, Action.resume, datetime(2026, 1, 9, 12, tzinfo=WIB))  # Fri
    follow_up = _states(complaint, events, datetime(2026, 1, 9, 13, tzinfo=WIB))["follow_up"]
    assert follow_up.paused_for == timedelta(days=2)  # Wednesday 12:00 to Friday 12:00
    assert follow_up.due_at == FOLLOW_UP_DUE + timedelta(days=2)  # Tuesday 13 and Wednesday 14 January


def test_two_holds_extend_the_deadline_by_both() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    for hold, resume in [((7, 12), (8, 12)), ((9, 12), (12, 12))]:  # Wed-Thu noon; Fri noon to Mon noon
        complaint, events = _then(complaint, events, Action.hold, datetime(2026, 1, *hold, tzinfo=WIB))
        complaint, events = _then(complaint, events, Action.resume, datetime(2026, 1, *resume, tzinfo=WIB))
    follow_up = _states(complaint, events, datetime(2026, 1, 12, 13, tzinfo=WIB))["follow_up"]
    assert follow_up.paused_for == timedelta(days=2)
    assert follow_up.due_at == FOLLOW_UP_DUE + timedelta(days=2)


def test_a_zero_day_limit_runs_to_the_end_of_the_day_with_nothing_left_to_count() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    policy = SlaPolicy(overrides=(RuleOverride(clock="follow_up", value=0, citation="SOP: hari yang sama"),))
    follow_up = _states(complaint, events, complaint.updated_at, policy)["follow_up"]
    assert (str(follow_up.status), follow_up.due_at) == ("running", datetime(2026, 1, 6, 0, tzinfo=WIB))
    assert (follow_up.elapsed, follow_up.remaining) == (timedelta(0), timedelta(0))


@given(
    limit=st.integers(min_value=0, max_value=12),
    hold_hours=st.integers(min_value=0, max_value=10 * 24),
    later_hours=st.integers(min_value=0, max_value=20 * 24),
)
def test_a_running_clock_has_spent_and_left_its_limit_whatever_it_was_held_for(
    limit: int, hold_hours: int, later_hours: int
) -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    policy = SlaPolicy(overrides=(RuleOverride(clock="follow_up", value=limit, citation="SOP"),))
    held_at = complaint.updated_at + timedelta(hours=1)
    complaint, events = _then(complaint, events, Action.hold, held_at)
    resumed_at = held_at + timedelta(hours=hold_hours)
    complaint, events = _then(complaint, events, Action.resume, resumed_at)
    follow_up = _states(complaint, events, resumed_at + timedelta(hours=later_hours), policy)["follow_up"]
    if str(follow_up.status) == "running":  # time on hold is neither spent nor lost
        assert follow_up.elapsed + follow_up.remaining == timedelta(days=limit)
    else:
        assert (str(follow_up.status), follow_up.remaining) == ("breached", timedelta(0))


def _information_request() -> tuple[Complaint, list[Event]]:
    """A permintaan informasi forwarded at 09:00 WIB on Monday 5 January 2026: ten working days (UU 14/2008
    Pasal 22(7)) are 6-9, 12-15, 19 and 20 January (Friday 16 January is Isra Mi'raj): due 24:00 on 20 Jan."""
    _, events = a_complaint_in(Status.forwarded)
    filed = events[0].details
    assert isinstance(filed, SubmitDetails)
    events[0] = attrs.evolve(events[0], details=attrs.evolve(filed, type=ComplaintType.permintaan_informasi))
    return replay(events), events


INFORMATION_DUE = datetime(2026, 1, 21, 0, tzinfo=WIB)


def test_an_extension_in_time_adds_seven_working_days() -> None:
    complaint, events = _information_request()
    at = datetime(2026, 1, 20, 15, tzinfo=WIB)
    complaint, events = _then(complaint, events, Action.extend_information_deadline, at)
    follow_up = _states(complaint, events, at)["follow_up"]
    # Seven more working days: 21-23 and 26-29 January.
    assert (str(follow_up.status), follow_up.due_at) == ("running", datetime(2026, 1, 30, 0, tzinfo=WIB))


def test_an_extension_recorded_after_the_deadline_does_not_undo_the_breach() -> None:
    # The timer has not yet recorded the breach, so the lifecycle accepts the extension; the clock must not.
    complaint, events = _information_request()
    at = INFORMATION_DUE + timedelta(hours=10)
    complaint, events = _then(complaint, events, Action.extend_information_deadline, at)
    follow_up = _states(complaint, events, at)["follow_up"]
    assert (str(follow_up.status), follow_up.due_at, follow_up.overdue_by) == (
        "breached",
        INFORMATION_DUE,
        timedelta(hours=10),
    )


def test_an_extension_during_a_hold_begun_after_the_deadline_does_not_undo_the_breach() -> None:
    complaint, events = _information_request()
    complaint, events = _then(complaint, events, Action.hold, INFORMATION_DUE + timedelta(hours=9))
    at = INFORMATION_DUE + timedelta(hours=10)
    complaint, events = _then(complaint, events, Action.extend_information_deadline, at)
    follow_up = _states(complaint, events, at)["follow_up"]
    assert (str(follow_up.status), follow_up.due_at) == ("breached", INFORMATION_DUE)


def test_a_host_rule_that_extends_on_a_repeatable_action_extends_every_time() -> None:
    # A host SOP: each time the reporter adds information the agency gets one more working day.
    follow_up = next(r for r in NATIONAL_RULES if r.clock == "follow_up")
    sop = attrs.evolve(follow_up, extends_on={Action.add_information}, extension=1)
    policy = SlaPolicy(rules=tuple(sop if r is follow_up else r for r in NATIONAL_RULES))
    complaint, events = a_complaint_in(Status.forwarded)
    for at in (datetime(2026, 1, 6, tzinfo=WIB), datetime(2026, 1, 7, tzinfo=WIB)):
        complaint, events = _then(complaint, events, Action.add_information, at)
    state = _states(complaint, events, datetime(2026, 1, 7, 12, tzinfo=WIB), policy)["follow_up"]
    assert state.due_at == FOLLOW_UP_DUE + timedelta(days=2)  # Tuesday 13 and Wednesday 14 January
