"""Clocks around the conversation: a reply restarts the agency's follow-up, a reopen too, and the reported
party's 30 working days on the Ombudsman's LHP (Peraturan Ombudsman 58/2023 Pasal 54(1)) breach."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Action, Status
from sp4n.sla import ClockState, ClockStatus, clock_states, due_actions, next_due_at
from sp4n.sla.rules import RAMADAN_HOURS, Counting, OfficeHours, SlaPolicy, SpecialHours
from sp4n.testing.lifecycle import AGENCY_ADMIN, NATIONAL_ADMIN, OMBUDSMAN, REPORTER, a_complaint_in

WIB = timezone(timedelta(hours=7))


def _state(
    complaint: Complaint, events: list[Event], now: datetime, clock: str, policy: SlaPolicy | None = None
) -> ClockState:
    return next(s for s in clock_states(complaint, events, now, policy=policy) if s.clock == clock)


def test_a_reply_restarts_the_agency_follow_up_clock_from_the_reply() -> None:
    complaint, events = a_complaint_in(Status.followed_up)
    assert _state(complaint, events, complaint.updated_at, "follow_up").status is ClockStatus.stopped
    # Wednesday 14 January 2026, 10:00 WIB: five working days (15, 19, 20, 21, 22 January; Friday 16 January
    # is Isra Mi'raj) end on Thursday 22 January at 24:00 WIB.
    at = datetime(2026, 1, 14, 10, tzinfo=WIB)
    replied, event = apply(complaint, Action.reply, REPORTER, at, reason="belum diperbaiki")
    state = _state(replied, [*events, event], at, "follow_up")
    assert state.status is ClockStatus.running
    assert state.due_at == datetime(2026, 1, 23, 0, tzinfo=WIB)
    assert _state(replied, [*events, event], at, "reply_window").status is ClockStatus.stopped


def test_a_reopen_restarts_the_follow_up_clock() -> None:
    complaint, events = a_complaint_in(Status.closed)
    at = complaint.updated_at + timedelta(days=2)
    reopened, event = apply(complaint, Action.reopen, REPORTER, at, reason="rusak lagi")
    assert _state(reopened, [*events, event], at, "follow_up").status is ClockStatus.running


def test_the_lhp_clock_runs_30_working_days_and_its_breach_is_recorded_by_the_timer() -> None:
    complaint, events = a_complaint_in(Status.examined_by_ombudsman)
    # Monday 2 March 2026, 09:00 WIB. The 30th working day after it, skipping Nyepi and Idul Fitri with its
    # cuti bersama (18-20, 23-24 March) and Good Friday (3 April), is Tuesday 21 April 2026 (hand-counted).
    at = datetime(2026, 3, 2, 9, tzinfo=WIB)
    complaint, event = apply(complaint, Action.record_lhp, OMBUDSMAN, at, reason="LHP: perbaiki layanan")
    events.append(event)
    state = _state(complaint, events, at, "lhp_follow_up")
    assert state.status is ClockStatus.running
    assert state.due_at == datetime(2026, 4, 22, 0, tzinfo=WIB)
    assert next_due_at(complaint, events) == state.due_at
    late = datetime(2026, 4, 22, 8, tzinfo=WIB)
    (due,) = due_actions(complaint, events, late)
    assert (due.action, due.clock) == (Action.record_breach, "lhp_follow_up")
    assert "Peraturan Ombudsman 58/2023 Pasal 54" in due.reason
    # The reported party's response stops the clock.
    answered, event = apply(complaint, Action.record_response, OMBUDSMAN, at + timedelta(days=3), reason="ok")
    assert _state(answered, [*events, event], late, "lhp_follow_up").status is ClockStatus.stopped
    assert due_actions(answered, [*events, event], late) == ()


def test_agency_clocks_stop_when_ombudsman_ri_takes_the_complaint() -> None:
    complaint, events = a_complaint_in(Status.escalated)
    much_later = complaint.updated_at + timedelta(days=200)
    states = {s.clock: s for s in clock_states(complaint, events, much_later)}
    assert states["resolution"].stopped_at == complaint.updated_at
    assert due_actions(complaint, events, much_later) == ()


def test_the_cutoff_follows_ramadan_office_hours() -> None:
    cutoff = SlaPolicy(counting=Counting(cutoff=True))
    # 15:30 WIB is after closing in Ramadan (08.00-15.00) but inside the usual hours (07.30-16.00).
    in_ramadan = datetime(2026, 3, 2, 15, 30, tzinfo=WIB)  # Monday, Ramadan 1447 H
    after_ramadan = datetime(2026, 4, 13, 15, 30, tzinfo=WIB)  # Monday
    for submitted_at, due in [
        # Received Tuesday 3 March: three working days are 4, 5, 6 March.
        (in_ramadan, datetime(2026, 3, 7, 0, tzinfo=WIB)),
        # Received the same Monday: 14, 15, 16 April.
        (after_ramadan, datetime(2026, 4, 17, 0, tzinfo=WIB)),
    ]:
        complaint, events = a_complaint_in(Status.submitted, at=submitted_at)
        state = _state(complaint, events, submitted_at, "verification", cutoff)
        assert state.due_at == due
    assert all("Perpres 21/2023" in s.source for s in RAMADAN_HOURS)


def test_a_paused_calendar_day_clock_still_ends_at_midnight() -> None:
    complaint, events = a_complaint_in(Status.in_progress)
    before = _state(complaint, events, complaint.updated_at, "resolution").due_at
    assert before is not None
    # 26 hours waiting for the reporter (Wednesday 10:00 to Thursday 12:00): the 60 days get two days back,
    # ending at 24:00 local, not at noon.
    asked_at = datetime(2026, 1, 7, 10, tzinfo=WIB)
    asked, ask = apply(complaint, Action.request_information, AGENCY_ADMIN, asked_at, reason="Foto?")
    answered, answer = apply(
        asked, Action.add_information, REPORTER, asked_at + timedelta(hours=26), reason="Ini"
    )
    state = _state(answered, [*events, ask, answer], answered.updated_at, "resolution")
    assert state.paused_for == timedelta(hours=26)
    assert state.due_at == before + timedelta(days=2)
    assert state.due_at is not None
    assert state.due_at.astimezone(WIB).time() == datetime.min.time()


def test_the_timer_never_escalates_a_complaint_no_agency_ever_had() -> None:
    # Held by the national admin before verification, Monday 5 January 2026 09:00 WIB. Ten working days
    # after the 5th: 6-9 January (4), 12-15 (8; Friday 16 January is Isra Mi'raj), 19 and 20: the cap ends
    # Tuesday 20 January at 24:00 WIB. UU 37/2008 Pasal 24(1) huruf c: Ombudsman RI takes a report only
    # once the reported party had it, so the breach is recorded but no escalation follows, even if the host
    # asks for escalation on that clock.
    complaint, events = a_complaint_in(Status.submitted)
    held, event = apply(
        complaint, Action.hold, NATIONAL_ADMIN, datetime(2026, 1, 5, 9, tzinfo=WIB), reason="cek identitas"
    )
    now = datetime(2026, 1, 21, 10, tzinfo=WIB)
    policy = SlaPolicy(escalate_on={"hold_cap"})
    due = due_actions(held, [*events, event], now, policy=policy)
    assert [(a.action, a.clock) for a in due] == [(Action.record_breach, "hold_cap")]
    assert _state(held, [*events, event], now, "hold_cap").due_at == datetime(2026, 1, 21, 0, tzinfo=WIB)
    # Held the same way after forwarding, the same breach escalates: the refusal is about the agency.
    forwarded, history = a_complaint_in(Status.forwarded)
    held, event = apply(
        forwarded, Action.hold, AGENCY_ADMIN, datetime(2026, 1, 5, 9, tzinfo=WIB), reason="menunggu data"
    )
    due = due_actions(held, [*history, event], now, policy=policy)
    assert [a.action for a in due] == [Action.record_breach, Action.escalate]


def test_an_agency_with_its_own_ramadan_hours_counts_its_cutoff_by_them() -> None:
    # Ramadan's daily hours are each agency's (no national circular in 2026). Forwarded Monday 2 March 2026,
    # 14:30 WIB: inside the shared 08.00-15.00, so received that day and the five working days are 3, 4, 5,
    # 6 and 9 March; for an office closing at 14.00 it is received Tuesday 3 March: 4, 5, 6, 9 and 10 March.
    own = SpecialHours(
        first=date(2026, 2, 19), last=date(2026, 3, 20), hours=OfficeHours.parse("08:00-14:00"),
        source="Surat Edaran Bupati (example)", agency_id="pemkab-sleman",
    )  # fmt: skip
    policy = SlaPolicy(counting=Counting(cutoff=True, special_hours=(own, *RAMADAN_HOURS)))
    complaint, events = a_complaint_in(Status.forwarded, at=datetime(2026, 3, 2, 13, 30, tzinfo=WIB))
    assert (complaint.agency_id, events[-1].occurred_at) == (
        "pemkab-sleman",
        datetime(2026, 3, 2, 14, 30, tzinfo=WIB),
    )
    assert _state(complaint, events, complaint.updated_at, "follow_up", policy).due_at == datetime(
        2026, 3, 11, 0, tzinfo=WIB
    )
    shared = SlaPolicy(counting=Counting(cutoff=True))
    assert _state(complaint, events, complaint.updated_at, "follow_up", shared).due_at == datetime(
        2026, 3, 10, 0, tzinfo=WIB
    )
    # The national admin's verification clock never takes an agency's hours.
    submitted, history = a_complaint_in(Status.submitted, at=datetime(2026, 3, 2, 14, 30, tzinfo=WIB))
    both = [
        _state(submitted, history, submitted.updated_at, "verification", p).due_at for p in (policy, shared)
    ]
    assert both[0] == both[1] == datetime(2026, 3, 6, 0, tzinfo=WIB)  # received Monday: 3, 4, 5 March
