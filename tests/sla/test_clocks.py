"""Clocks replayed from a complaint's history: start, stop, pause, reroute, breach, auto-close, timers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from holidays.countries.indonesia import Indonesia
from hypothesis import given
from hypothesis import strategies as st

from sp4n.lifecycle.events import BreachDetails, Details, Event, ForwardDetails, NoDetails, SubmitDetails
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.sla import (
    CalendarOverrides,
    ClockState,
    ClockStatus,
    OverrideDay,
    RuleOverride,
    SlaPolicy,
    TimeUnit,
    WorkingCalendar,
    clock_states,
    due_actions,
    indonesia_calendar,
    next_due_at,
)

WIB = ZoneInfo("Asia/Jakarta")
ADMIN = Actor(id="adm", role=Role.national_admin)
OFFICER = Actor(id="ofc", role=Role.agency_admin, agency_id="pemkab-sleman")
SYSTEM = Actor(id="sp4n-sla", role=Role.system)


def wib(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB).astimezone(UTC)


class History:
    """Builds a plausible event list by hand (independent of the lifecycle module)."""

    def __init__(self, at: datetime, region: str = "34.04") -> None:
        self.events: list[Event] = []
        self.status = Status.submitted
        self.region = region
        details = SubmitDetails(
            tracking_id="LAP-1",
            type="pengaduan",
            title="Jalan rusak",
            description="...",
            category="jalan",
            region_code=region,
            channel="web",
        )
        self._add(Action.submit, at, None, Status.submitted, details, Actor(id="r", role=Role.reporter))

    def _add(  # noqa: PLR0917 - an event's fields, in the order they are read
        self, action: Action, at: datetime, frm: Status | None, to: Status, details: Details, actor: Actor
    ) -> History:
        self.events.append(
            Event(
                complaint_id="c1",
                sequence=len(self.events) + 1,
                occurred_at=at,
                action=action,
                actor=actor,
                from_status=frm,
                to_status=to,
                details=details,
            )
        )
        self.status = to
        return self

    def do(self, action: Action, at: datetime, to: Status | None = None, **forward: str) -> History:
        details: Details = ForwardDetails(agency_id=forward["agency"]) if forward else NoDetails()
        return self._add(action, at, self.status, to or self.status, details, OFFICER)

    def verify(self, at: datetime, agency: str = "pemkab-sleman") -> History:
        return self.do(Action.verify, at, Status.forwarded, agency=agency)

    def breach(self, clock: str, due_at: datetime, at: datetime) -> History:
        details = BreachDetails(clock=clock, due_at=due_at, overdue_by=at - due_at, agency_id=None)
        return self._add(Action.record_breach, at, self.status, self.status, details, SYSTEM)

    def complaint(self) -> Complaint:
        first, last = self.events[0], self.events[-1]
        return Complaint(
            id="c1",
            tracking_id="LAP-1",
            type="pengaduan",
            title="Jalan rusak",
            description="...",
            category="jalan",
            region_code=self.region,
            channel="web",
            reporter_ref="r",
            submitted_at=first.occurred_at,
            status=self.status,
            version=len(self.events),
            updated_at=last.occurred_at,
        )


def states(
    h: History, now: datetime, *, policy: SlaPolicy | None = None, calendar: WorkingCalendar | None = None
) -> dict[str, ClockState]:
    return {s.clock: s for s in clock_states(h.complaint(), h.events, now, policy=policy, calendar=calendar)}


def test_the_verification_clock_runs_from_submission_and_stops_at_verification() -> None:
    h = History(wib(2026, 3, 5, 10))  # Thursday
    running = states(h, wib(2026, 3, 9, 12))
    v = running["verification"]
    assert v.status is ClockStatus.running
    assert v.due_at == wib(2026, 3, 11, 0, 0) + timedelta(days=0)  # 24:00 WIB on Tue 10 Mar
    assert v.elapsed == timedelta(days=1, hours=12)  # Friday whole + Monday until 12:00
    assert v.remaining == timedelta(days=1, hours=12)
    h.verify(wib(2026, 3, 10, 15))
    stopped = states(h, wib(2026, 3, 12))
    assert stopped["verification"].status is ClockStatus.stopped
    assert stopped["follow_up"].status is ClockStatus.running
    assert stopped["resolution"].status is ClockStatus.running


def test_a_late_verification_is_a_breach_by_the_overrun() -> None:
    h = History(wib(2026, 3, 5, 10)).verify(wib(2026, 3, 11, 8))
    v = states(h, wib(2026, 3, 12))["verification"]
    assert v.status is ClockStatus.breached
    assert v.overdue_by == timedelta(hours=8)


def test_each_clock_counts_on_its_handling_offices_calendar() -> None:
    start = datetime(2026, 3, 3, 16, 30, tzinfo=UTC)  # Tue 23:30 in WIB, Wed 00:30 in WITA
    # Verification is the national admin's: counted in WIB wherever the complaint comes from.
    for region in ("34.71", "73.71", "91.71"):
        assert states(History(start, region), start)["verification"].due_at == datetime(
            2026, 3, 6, 17, tzinfo=UTC
        )
    # The agency's follow-up: in the zone of the agency's office when the policy knows it, else the region's.
    papua = History(start, "91.71").verify(start, agency="kemendikbud")
    jakarta = SlaPolicy(office_timezones={"kemendikbud": "Asia/Jakarta"})
    wib_due = clock_states(papua.complaint(), papua.events, start, policy=jakarta)
    wit_due = clock_states(papua.complaint(), papua.events, start)
    assert {s.clock: s.due_at for s in wib_due}["follow_up"] == datetime(
        2026, 3, 10, 17, tzinfo=UTC
    )  # 24:00 WIB
    assert {s.clock: s.due_at for s in wit_due}["follow_up"] == datetime(
        2026, 3, 11, 15, tzinfo=UTC
    )  # 24:00 WIT


def test_a_hold_extends_the_deadline_by_exactly_the_working_time_on_hold() -> None:
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))  # Mon: follow-up due 24:00 Mon 9 Mar
    base = states(h, wib(2026, 3, 3))["follow_up"].due_at
    assert base == wib(2026, 3, 10, 0)
    h.do(Action.hold, wib(2026, 3, 4, 12), Status.on_hold)  # Wed 12:00
    paused = states(h, wib(2026, 3, 6))["follow_up"]
    assert paused.status is ClockStatus.paused
    assert paused.due_at is None
    h.do(
        Action.resume, wib(2026, 3, 9, 12), Status.forwarded
    )  # Mon 12:00: Wed ½ + Thu + Fri + Mon ½ = 3 days
    resumed = states(h, wib(2026, 3, 9, 13))["follow_up"]
    assert resumed.paused_for == timedelta(days=3)
    assert resumed.due_at == wib(2026, 3, 13, 0)  # three working days later: 24:00 Thu 12 Mar


def test_a_hold_over_a_weekend_extends_nothing() -> None:
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    h.do(Action.hold, wib(2026, 3, 7, 9), Status.on_hold).do(
        Action.resume, wib(2026, 3, 8, 20), Status.forwarded
    )
    assert states(h, wib(2026, 3, 9))["follow_up"].due_at == wib(2026, 3, 10, 0)


def test_a_hold_after_the_deadline_does_not_undo_the_breach() -> None:
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    h.do(Action.hold, wib(2026, 3, 11, 9), Status.on_hold).do(
        Action.resume, wib(2026, 3, 20), Status.forwarded
    )
    f = states(h, wib(2026, 3, 21))["follow_up"]
    assert f.status is ClockStatus.breached
    assert f.due_at == wib(2026, 3, 10, 0)


def test_a_reroute_restarts_the_agency_clock_for_the_new_agency_with_its_own_sop() -> None:
    policy = SlaPolicy(
        overrides=(RuleOverride(clock="follow_up", value=2, agency_id="dinas-pu", citation="SOP PU"),)
    )
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    h.do(Action.decline, wib(2026, 3, 4, 10), Status.declined)
    declined = states(h, wib(2026, 3, 5), policy=policy)["follow_up"]
    assert declined.status is ClockStatus.stopped
    assert declined.agency_id == "pemkab-sleman"
    h.do(Action.reroute, wib(2026, 3, 5, 10), Status.forwarded, agency="dinas-pu")
    f = states(h, wib(2026, 3, 5, 11), policy=policy)["follow_up"]
    assert (f.status, f.agency_id, f.rule.value) == (ClockStatus.running, "dinas-pu", 2)
    assert f.due_at == wib(2026, 3, 10, 0)  # Fri 6, Mon 9
    assert f.rule.citation == "SOP PU"


def _followed_up() -> History:
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    return h.do(Action.follow_up, wib(2026, 3, 4, 10), Status.followed_up)


def test_the_reply_window_auto_closes_after_ten_silent_working_days() -> None:
    h = (
        _followed_up()
    )  # Wed 4 Mar: 10 wd skipping Idul Fitri 18–24 Mar → 24:00 Fri 27 Mar... check via states
    due = states(h, wib(2026, 3, 5))["reply_window"].due_at
    assert due == wib(2026, 3, 26, 0)  # 5,6,9,10,11,12,13,16,17,25 → 24:00 Wed 25 Mar
    assert due_actions(h.complaint(), h.events, due - timedelta(seconds=1)) == ()
    actions = due_actions(h.complaint(), h.events, due)
    assert [(a.action, a.clock, a.actor.role) for a in actions] == [
        (Action.close, "reply_window", Role.system)
    ]
    assert "10 hari kerja" in actions[0].reason
    h.do(Action.close, due, Status.closed)
    assert due_actions(h.complaint(), h.events, due + timedelta(days=30)) == ()
    assert next_due_at(h.complaint(), h.events) is None


def test_a_reply_stops_the_reply_window() -> None:
    h = _followed_up().do(Action.reply, wib(2026, 3, 6), Status.in_progress)
    assert states(h, wib(2026, 4, 30))["reply_window"].status is ClockStatus.stopped
    assert all(a.action is not Action.close for a in due_actions(h.complaint(), h.events, wib(2026, 4, 30)))


def test_breach_notices_name_the_clock_the_due_instant_and_the_agency_and_are_not_repeated() -> None:
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    now = wib(2026, 3, 11, 10)
    first = due_actions(h.complaint(), h.events, now)
    assert [a.action for a in first] == [Action.record_breach]
    details = first[0].details
    assert isinstance(details, BreachDetails)
    assert (details.clock, details.due_at, details.agency_id) == (
        "follow_up",
        wib(2026, 3, 10, 0),
        "pemkab-sleman",
    )
    assert details.overdue_by == timedelta(days=1, hours=10)
    assert first[0].reason.endswith(f"calendar {indonesia_calendar().version}")  # the audit names the data
    assert due_actions(h.complaint(), h.events, now) == first  # asking again without applying: the same list
    h.breach("follow_up", details.due_at, now)
    assert due_actions(h.complaint(), h.events, now + timedelta(days=3)) == ()


def test_auto_escalation_is_optional_and_happens_once() -> None:
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    now = wib(2026, 3, 11, 10)
    assert Action.escalate not in [a.action for a in due_actions(h.complaint(), h.events, now)]
    policy = SlaPolicy(escalate_on={"follow_up"})
    actions = due_actions(h.complaint(), h.events, now, policy=policy)
    assert [a.action for a in actions] == [Action.record_breach, Action.escalate]
    h.do(Action.escalate, now, Status.escalated)
    assert due_actions(h.complaint(), h.events, now, policy=policy) == ()


def test_next_due_at_is_the_earliest_unhandled_due_instant() -> None:
    h = History(wib(2026, 3, 5, 10))
    assert next_due_at(h.complaint(), h.events) == wib(2026, 3, 11, 0)
    h.verify(wib(2026, 3, 6))
    assert next_due_at(h.complaint(), h.events) == wib(2026, 3, 14, 0)  # follow-up: 9..13 Mar
    h.breach("follow_up", wib(2026, 3, 14, 0), wib(2026, 3, 16))
    assert next_due_at(h.complaint(), h.events) == datetime(
        2026, 5, 5, 17, 0, tzinfo=UTC
    )  # 60 days after 6 Mar
    h.do(Action.hold, wib(2026, 3, 17), Status.on_hold)
    # A Tunda pauses the follow-up but not the 60 days (Perpres 76/2013 counts from a complete file); the
    # hold itself may last 10 working days: 25-27, 30-31 March, 1-2, 6-8 April (Idul Fitri leave, Good
    # Friday skipped), so it is due at the end of Wednesday 8 April.
    assert next_due_at(h.complaint(), h.events) == wib(2026, 4, 9, 0)
    h.do(Action.resume, wib(2026, 3, 18), Status.forwarded)
    assert next_due_at(h.complaint(), h.events) == datetime(2026, 5, 5, 17, 0, tzinfo=UTC)


def test_events_after_now_are_ignored() -> None:
    h = History(wib(2026, 3, 5, 10)).verify(wib(2026, 3, 6))
    assert states(h, wib(2026, 3, 5, 12))["verification"].status is ClockStatus.running


# --- properties ------------------------------------------------------------------------------------------

hold_starts = st.integers(min_value=0, max_value=40 * 24 * 60)
hold_lengths = st.integers(min_value=1, max_value=20 * 24 * 60)


def _ref_working_time(a: datetime, b: datetime) -> timedelta:
    """Day-by-day reference: the part of [a, b) that falls on WIB working days (holidays package directly)."""
    off = set(Indonesia(years=range(a.year, b.year + 2), categories=("public", "government")))
    total = timedelta(0)
    day = a.astimezone(WIB).date()
    while day <= b.astimezone(WIB).date():
        lo = datetime(day.year, day.month, day.day, tzinfo=WIB)
        if day.weekday() < 5 and day not in off:
            total += max(timedelta(0), min(b, lo + timedelta(days=1)) - max(a, lo))
        day += timedelta(days=1)
    return total


@given(hold_starts, hold_lengths, st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)))
def test_a_hold_never_shortens_a_deadline_and_extends_it_by_exactly_the_working_time_on_hold(
    offset: int, length: int, day: date
) -> None:
    start = datetime(day.year, day.month, day.day, 9, tzinfo=WIB).astimezone(UTC)
    counting_from = datetime(day.year, day.month, day.day, tzinfo=WIB) + timedelta(days=1)
    plain = History(start).verify(start + timedelta(minutes=1))
    hold_at = start + timedelta(minutes=2 + offset)
    resume_at = hold_at + timedelta(minutes=length)
    held = History(start).verify(start + timedelta(minutes=1))
    held.do(Action.hold, hold_at, Status.on_hold).do(Action.resume, resume_at, Status.forwarded)
    before = states(plain, resume_at)
    after = states(held, resume_at)
    # A Tunda never moves the 60 days of Perpres 76/2013 (they count from a complete file, not the agency's
    # convenience); the follow-up is extended by exactly the working time on hold.
    assert after["resolution"].due_at == before["resolution"].due_at
    for clock in ("follow_up",):
        due_before, due_after = before[clock].due_at, after[clock].due_at
        assert due_before is not None
        assert due_after is not None
        assert due_after >= due_before
        if hold_at >= due_before:
            assert due_after == due_before  # a hold after the deadline changes nothing
            continue
        paused = max(resume_at, counting_from) - max(hold_at, counting_from)
        if clock == "follow_up":
            paused = _ref_working_time(max(hold_at, counting_from), max(resume_at, counting_from))
            assert _ref_working_time(due_before, due_after) == paused
        else:
            assert due_after - due_before == paused
        assert after[clock].paused_for == paused


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)), st.integers(min_value=0, max_value=30)
)
def test_a_running_clock_elapsed_plus_remaining_is_its_length(day: date, days_later: int) -> None:
    start = datetime(day.year, day.month, day.day, 9, tzinfo=WIB).astimezone(UTC)
    h = History(start).verify(start + timedelta(minutes=1))
    f = states(h, start + timedelta(days=days_later, minutes=2))["follow_up"]
    if f.status is ClockStatus.running:
        assert f.elapsed + f.remaining == timedelta(days=5)
    else:
        assert f.status is ClockStatus.breached
        assert f.remaining == timedelta(0)


def test_a_clock_counts_on_the_calendar_given_and_names_its_version() -> None:
    closure = OverrideDay(date=date(2026, 3, 6), name="Kantor tutup", source="SE Bupati 7/2026")
    cal = indonesia_calendar(CalendarOverrides(add=[closure]))
    h = History(wib(2026, 3, 5, 10))
    national = states(h, wib(2026, 3, 5, 11))["verification"]
    local = states(h, wib(2026, 3, 5, 11), calendar=cal)["verification"]
    assert (national.due_at, local.due_at) == (wib(2026, 3, 11, 0), wib(2026, 3, 12, 0))
    assert (national.calendar_version, local.calendar_version) == (indonesia_calendar().version, cal.version)


def test_a_clock_stopped_late_still_gets_its_breach_recorded_once() -> None:
    h = History(wib(2026, 3, 5, 10)).verify(wib(2026, 3, 12, 9))  # verification was due 24:00 Tue 10 Mar
    actions = due_actions(h.complaint(), h.events, wib(2026, 3, 12, 10))
    breaches = [a.details for a in actions if isinstance(a.details, BreachDetails)]
    assert [(b.clock, b.due_at, b.overdue_by) for b in breaches] == [
        ("verification", wib(2026, 3, 11, 0), timedelta(days=1, hours=9))
    ]
    assert next_due_at(h.complaint(), h.events) == wib(2026, 3, 11, 0)  # still to be handled
    h.breach("verification", wib(2026, 3, 11, 0), wib(2026, 3, 12, 10))
    assert due_actions(h.complaint(), h.events, wib(2026, 3, 12, 11)) == ()
    # The follow-up clock: 13, 16, 17, then Nyepi and Idul Fitri (18–24 Mar), then 25, 26 → 24:00 Thu 26 Mar.
    assert next_due_at(h.complaint(), h.events) == wib(2026, 3, 27, 0)


def test_a_clock_in_working_hours_counts_office_hours_only() -> None:
    policy = SlaPolicy(
        overrides=(
            RuleOverride(clock="verification", value=8, unit=TimeUnit.working_hours, citation="SOP 8 jam"),
        )
    )
    h = History(wib(2026, 3, 6, 14))  # Friday 14:00: 2.5 office hours left (closes 16:30)
    v = states(h, wib(2026, 3, 6, 15), policy=policy)["verification"]
    assert v.due_at == wib(2026, 3, 9, 13, 0)  # Monday 07:30 + 5.5 h
    assert v.elapsed == timedelta(hours=1)
    assert v.remaining == timedelta(hours=7)


def test_a_hold_exactly_at_the_due_instant_is_already_late_and_a_microsecond_before_is_not() -> None:
    due = wib(2026, 3, 10, 0)  # follow-up limit of a complaint verified Mon 2 Mar 10:00
    at_due = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10)).do(Action.hold, due, Status.on_hold)
    late = states(at_due, due + timedelta(days=3))["follow_up"]
    assert (late.status, late.due_at) == (ClockStatus.breached, due)
    before = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    before.do(Action.hold, due - timedelta(microseconds=1), Status.on_hold)
    paused = states(before, due + timedelta(days=3))["follow_up"]
    assert paused.status is ClockStatus.paused


def test_a_second_hold_after_a_breach_neither_pauses_nor_moves_the_deadline() -> None:
    due = wib(2026, 3, 10, 0)
    h = History(wib(2026, 3, 2)).verify(wib(2026, 3, 2, 10))
    h.breach("follow_up", due, wib(2026, 3, 10, 1))
    h.do(Action.hold, wib(2026, 3, 11, 9), Status.on_hold).do(
        Action.resume, wib(2026, 3, 12), Status.forwarded
    )
    h.do(Action.hold, wib(2026, 3, 13, 9), Status.on_hold)
    f = states(h, wib(2026, 3, 20))["follow_up"]
    assert (f.status, f.due_at, f.paused_for) == (ClockStatus.breached, due, timedelta(0))
