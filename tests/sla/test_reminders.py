"""Reminders: due from ``warn_from`` until the deadline, only for running clocks, with keys that stay put."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.lifecycle.engine import apply, new_complaint
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action
from sp4n.sla import (
    DEFAULT_REMINDERS,
    ClockStatus,
    ReminderDue,
    ReminderRule,
    TimeUnit,
    clock_states,
    indonesia_calendar,
    next_due_at,
    reminder_horizon,
    reminders_due,
    warn_from,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
REPORTER = Actor(id="r1", role=Role.reporter)
ADMIN = Actor(id="adm", role=Role.national_admin)
AGENCY = Actor(id="a1", role=Role.agency_admin, agency_id="pemkab-sleman")
_US = timedelta(microseconds=1)


def wib(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB).astimezone(UTC)


class Story:
    """A complaint built through the real lifecycle, one step at a time."""

    def __init__(self, at: datetime, region: str = "34.04", complaint_id: str = "c1") -> None:
        self.complaint, first = new_complaint(
            complaint_id=complaint_id, tracking_id="LAP-1", type="pengaduan", title="Jalan rusak",
            description="Berlubang", category="jalan", region_code=region, channel="web",
            reporter_ref="r1", actor=REPORTER, at=at,
        )  # fmt: skip
        self.events: list[Event] = [first]

    def do(self, action: Action, actor: Actor, at: datetime, **details: Any) -> Story:
        self.complaint, event = apply(self.complaint, action, actor, at, reason="alasan", **details)
        self.events.append(event)
        return self

    def verify(self, at: datetime) -> Story:
        return self.do(Action.verify, ADMIN, at, agency_id="pemkab-sleman")

    def due(self, now: datetime, **kw: object) -> tuple[ReminderDue, ...]:
        return reminders_due(self.complaint, self.events, now, **kw)  # type: ignore[arg-type]


def kinds(found: tuple[ReminderDue, ...]) -> list[tuple[str, str]]:
    return [(r.kind, r.clock) for r in found]


# Verified Monday 2 March 2026: follow-up due at 24:00 WIB on Monday 9 March (Tue, Wed, Thu, Fri, Mon).
FOLLOW_UP_DUE = wib(2026, 3, 10)
FOLLOW_UP_WARN = wib(2026, 3, 9)


def _verified() -> Story:
    return Story(wib(2026, 3, 2, 9)).verify(wib(2026, 3, 2, 10))


def test_the_agency_is_warned_from_the_start_of_the_last_working_day_and_not_a_moment_before() -> None:
    story = _verified()
    assert story.due(FOLLOW_UP_WARN - _US) == ()
    assert story.due(FOLLOW_UP_WARN) == (
        ReminderDue(
            complaint_id="c1", clock="follow_up", due_at=FOLLOW_UP_DUE, kind="deadline_approaching",
            warn_from=FOLLOW_UP_WARN,
        ),
    )  # fmt: skip
    assert kinds(story.due(FOLLOW_UP_DUE - _US)) == [("deadline_approaching", "follow_up")]


def test_no_reminder_once_the_deadline_has_passed_the_breach_notice_takes_over() -> None:
    assert _verified().due(FOLLOW_UP_DUE) == ()
    assert _verified().due(FOLLOW_UP_DUE + timedelta(days=2)) == ()


def test_no_reminder_once_the_clock_has_stopped() -> None:
    story = _verified().do(Action.follow_up, AGENCY, wib(2026, 3, 9, 8))
    assert story.due(wib(2026, 3, 9, 12)) == ()


def test_no_reminder_for_a_closed_complaint_even_inside_another_clocks_window() -> None:
    story = Story(wib(2026, 7, 1, 9)).verify(wib(2026, 7, 1, 10))
    story.do(Action.follow_up, AGENCY, wib(2026, 7, 1, 11))
    assert kinds(story.due(wib(2026, 7, 14, 12))) == [("auto_close_warning", "reply_window")]
    story.do(Action.close, REPORTER, wib(2026, 7, 14, 13))
    assert story.due(wib(2026, 7, 14, 14)) == ()


def test_the_reporter_is_warned_two_working_days_before_the_auto_close() -> None:
    # Followed up Wednesday 1 July 2026 (no holidays in July): 10 working days end at 24:00 on Wed 15 July.
    story = Story(wib(2026, 7, 1, 9)).verify(wib(2026, 7, 1, 10))
    story.do(Action.follow_up, AGENCY, wib(2026, 7, 1, 11))
    assert story.due(wib(2026, 7, 14) - _US) == ()
    (warning,) = story.due(wib(2026, 7, 14))
    assert (warning.kind, warning.clock, warning.due_at) == (
        "auto_close_warning",
        "reply_window",
        wib(2026, 7, 16),
    )
    assert warning.key == "auto_close_warning:reply_window:2026-07-15T17:00:00+00:00"


def test_a_reply_stops_the_auto_close_warning() -> None:
    story = Story(wib(2026, 7, 1, 9)).verify(wib(2026, 7, 1, 10))
    story.do(Action.follow_up, AGENCY, wib(2026, 7, 1, 11)).do(Action.reply, REPORTER, wib(2026, 7, 13, 9))
    assert [r for r in story.due(wib(2026, 7, 14, 9)) if r.kind == "auto_close_warning"] == []


def test_a_paused_clock_warns_no_one_and_after_resuming_its_later_deadline_gets_a_new_key() -> None:
    story = _verified().do(Action.dispose, AGENCY, wib(2026, 3, 3, 9), unit_ids=("disdik",))
    story.do(Action.start, AGENCY, wib(2026, 3, 3, 10)).do(Action.hold, AGENCY, wib(2026, 3, 6, 9))
    assert story.due(wib(2026, 3, 9, 12)) == ()
    story.do(Action.resume, AGENCY, wib(2026, 3, 11, 9))
    # Three working days on hold (Friday 09:00 to Wednesday 09:00) move 24:00 Monday to 24:00 Thursday.
    (after,) = story.due(wib(2026, 3, 12, 12))
    assert (after.due_at, after.warn_from) == (wib(2026, 3, 13), wib(2026, 3, 12))
    assert after.key != f"deadline_approaching:follow_up:{FOLLOW_UP_DUE.isoformat()}"


def test_the_key_stays_the_same_while_the_deadline_does() -> None:
    story = _verified()
    keys = {
        r.key for now in (FOLLOW_UP_WARN, wib(2026, 3, 9, 12), FOLLOW_UP_DUE - _US) for r in story.due(now)
    }
    assert keys == {f"deadline_approaching:follow_up:{FOLLOW_UP_DUE.isoformat()}"}


def test_in_makassar_the_deadline_and_the_warning_fall_on_wita_midnight() -> None:
    story = Story(wib(2026, 3, 2, 9), region="73.71").verify(wib(2026, 3, 2, 10))
    (warning,) = story.due(datetime(2026, 3, 9, 12, tzinfo=WITA))
    assert warning.due_at == datetime(2026, 3, 10, tzinfo=WITA)
    assert warning.warn_from == datetime(2026, 3, 9, tzinfo=WITA)


def test_over_cuti_bersama_the_lead_reaches_back_past_the_holidays() -> None:
    # 18-24 March 2026 are Idul Fitri holidays and cuti bersama: two working days before 24:00 on Wednesday 25
    # March start on Tuesday 17 March.
    due = wib(2026, 3, 26)
    cal = indonesia_calendar()
    one = warn_from(due, wib(2026, 3, 1), 1, TimeUnit.working_days, calendar=cal, timezone="Asia/Jakarta")
    two = warn_from(due, wib(2026, 3, 1), 2, TimeUnit.working_days, calendar=cal, timezone="Asia/Jakarta")
    assert (one, two) == (wib(2026, 3, 25), wib(2026, 3, 17))


def test_a_lead_longer_than_the_limit_warns_from_the_start_of_the_clock() -> None:
    story = _verified()
    rules = (ReminderRule(kind="deadline_approaching", clock="follow_up", lead=30),)
    (warning,) = story.due(wib(2026, 3, 2, 11), rules=rules)
    assert warning.warn_from == wib(2026, 3, 2, 10)


def test_leads_may_be_counted_in_working_hours() -> None:
    rules = (ReminderRule(kind="deadline_approaching", clock="follow_up", lead=4, unit="working_hours"),)
    story = _verified()
    # The last four office hours before 24:00 Monday 9 March start at 12:00 (07:30-16:00 on Mondays).
    assert story.due(wib(2026, 3, 9, 12) - _US, rules=rules) == ()
    assert kinds(story.due(wib(2026, 3, 9, 12), rules=rules)) == [("deadline_approaching", "follow_up")]


def test_the_horizon_is_rejected_for_a_naive_now_like_every_instant() -> None:
    with pytest.raises(ValueError, match="zona waktu"):  # "timezone-aware", in the default language
        reminder_horizon(datetime(2026, 3, 2))  # noqa: DTZ001 - the point of the test


# --- properties ---------------------------------------------------------------------------------------

REGIONS = ["31.71", "34.04", "51.03", "73.71", "91.71"]
STEPS = [Action.verify, Action.dispose, Action.start, Action.hold, Action.resume, Action.follow_up]


@st.composite
def stories(draw: st.DrawFn) -> Story:
    """A complaint somewhere along submit → verify → dispose → start → hold → resume → follow up → end."""
    t = datetime(2026, 1, 5, tzinfo=UTC) + timedelta(hours=draw(st.integers(0, 24 * 170)))
    story = Story(t, region=draw(st.sampled_from(REGIONS)))
    steps = STEPS[: draw(st.one_of(st.just(len(STEPS)), st.integers(0, len(STEPS))))]
    if Action.hold in steps and draw(st.booleans()):
        steps = [s for s in steps if s not in {Action.hold, Action.resume}]
    ending = draw(st.sampled_from([None, Action.reply, Action.close])) if Action.follow_up in steps else None
    for action in [*steps, ending] if ending else steps:
        t += timedelta(minutes=draw(st.integers(1, 60 * 24 * 9)))
        if action is Action.verify:
            story.verify(t)
        elif action is Action.dispose:
            story.do(action, AGENCY, t, unit_ids=("disdik",))
        else:
            story.do(action, REPORTER if action in (Action.reply, Action.close) else AGENCY, t)
    return story


LATER = st.integers(0, 60 * 24 * 75)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Story, datetime]:
    """A story and an instant after its last event, mostly within days before one of its deadlines."""
    story = draw(stories())
    last = story.events[-1].occurred_at
    dues = sorted(
        s.due_at for s in clock_states(story.complaint, story.events, last) if s.due_at and s.due_at > last
    )
    if draw(st.integers(0, 3)) and dues:
        before = timedelta(minutes=draw(st.integers(-60, 60 * 24 * 4)))
        return story, max(last, draw(st.sampled_from(dues)) - before)
    return story, last + timedelta(minutes=draw(LATER))


@given(cases())
def test_reminders_are_deterministic_and_ignore_the_order_events_are_given_in(
    case: tuple[Story, datetime],
) -> None:
    story, now = case
    first = story.due(now)
    assert story.due(now) == first
    assert reminders_due(story.complaint, list(reversed(story.events)), now) == first


@given(cases())
def test_a_reminder_is_never_due_before_warn_from_nor_once_its_clock_stops_or_its_deadline_passes(
    case: tuple[Story, datetime],
) -> None:
    story, now = case
    states = {s.clock: s for s in clock_states(story.complaint, story.events, now)}
    for r in story.due(now):
        assert r.warn_from <= now < r.due_at
        assert states[r.clock].status is ClockStatus.running
        assert states[r.clock].due_at == r.due_at
        assert story.complaint.status.is_terminal is False
    if story.events[-1].action is Action.close:
        assert story.due(now) == ()


@given(cases())
def test_a_reminder_stays_due_with_the_same_key_until_its_deadline(case: tuple[Story, datetime]) -> None:
    (story, now), last = case, case[0].events[-1].occurred_at  # the history is fixed from ``last`` on
    for r in story.due(now):
        for moment in (max(r.warn_from, last), now + (r.due_at - now) / 2, r.due_at - _US):
            assert r in story.due(moment)
        assert r not in story.due(r.due_at)
        if r.warn_from - _US >= last:
            assert r not in story.due(r.warn_from - _US)


@given(cases())
def test_the_stored_next_deadline_of_a_complaint_with_a_reminder_due_is_inside_the_horizon(
    case: tuple[Story, datetime],
) -> None:
    # What makes the runner's single ``overdue(horizon)`` query complete.
    story, now = case
    found = story.due(now)
    if found:
        stored = next_due_at(story.complaint, story.events)
        assert stored is not None
        assert stored <= min(r.due_at for r in found) < reminder_horizon(now, DEFAULT_REMINDERS)


@given(st.integers(0, 5), st.sampled_from(list(TimeUnit)), st.dates(date(2026, 1, 5), date(2026, 11, 30)))
def test_warn_from_is_never_after_the_deadline_nor_before_the_start(
    lead: int, unit: TimeUnit, day: date
) -> None:
    cal = indonesia_calendar()
    start = datetime(day.year, day.month, day.day, 3, tzinfo=UTC)
    due = start + timedelta(days=9, hours=5)
    moment = warn_from(due, start, lead, unit, calendar=cal, timezone="Asia/Makassar")
    assert start <= moment <= due
    assert warn_from(due, start, lead + 1, unit, calendar=cal, timezone="Asia/Makassar") <= moment
