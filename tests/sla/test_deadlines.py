"""Deadlines follow the counting convention in every zone; the fast paths agree with a day-by-day count."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from holidays.countries.indonesia import Indonesia
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation, UnsupportedYear
from sp4n.sla import Counting, OfficeHours, TimeUnit, batch_due_epochs, compute_deadline, indonesia_calendar

ZONES = ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]
OFFSET = {"Asia/Jakarta": 7, "Asia/Pontianak": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}


@functools.cache
def _reference_off_days() -> frozenset[date]:
    """Straight from the holidays package, independent of our tables."""
    found = Indonesia(years=range(2002, 2028), categories=("public", "government"))
    return frozenset(found)


def _ref_working(day: date) -> bool:
    return day.weekday() < 5 and day not in _reference_off_days()


def _ref_add(day: date, n: int) -> date:
    """The day-by-day reference: step forward one day at a time, counting working days."""
    while n:
        day += timedelta(days=1)
        n -= _ref_working(day)
    return day


def _local(parts: tuple[int, int, int, int, int], zone: str) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Friday or Saturday + 3 → Wednesday: the weekend does not count (Perpres 21/2023, Monday–Friday).
        ((2026, 3, 6, 10, 0), 3, date(2026, 3, 11)),
        ((2026, 3, 7, 10, 0), 3, date(2026, 3, 11)),
        # Idul Fitri 2025: Nyepi cuti bersama 28 Mar, Idul Fitri 31 Mar–1 Apr, cuti bersama 2–4 and 7 Apr.
        ((2025, 3, 27, 9, 0), 3, date(2025, 4, 10)),
        ((2025, 3, 27, 9, 0), 1, date(2025, 4, 8)),
        # Idul Fitri 2026: 18 Mar cuti, 19 Nyepi, 20 cuti, 21–22 Idul Fitri, 23–24 cuti.
        ((2026, 3, 17, 9, 0), 1, date(2026, 3, 25)),
        ((2026, 3, 17, 9, 0), 5, date(2026, 3, 31)),
        # August 2025 amendment: 18 Aug is cuti bersama.
        ((2025, 8, 15, 9, 0), 1, date(2025, 8, 19)),
        # Year ends: Christmas cuti bersama then New Year.
        ((2025, 12, 24, 9, 0), 3, date(2025, 12, 31)),
        ((2025, 12, 30, 9, 0), 2, date(2026, 1, 2)),
        ((2026, 12, 23, 9, 0), 3, date(2026, 12, 30)),
        ((2026, 12, 31, 23, 59), 1, date(2027, 1, 4)),
        # The event's own day never counts, even at 00:00.
        ((2026, 3, 2, 0, 0), 1, date(2026, 3, 3)),
    ],
)
def test_working_day_deadlines_match_the_skb_calendar_in_every_zone(
    zone: str, start: tuple[int, int, int, int, int], n: int, due: date
) -> None:
    result = compute_deadline(_local(start, zone), n, TimeUnit.working_days, timezone=zone)
    assert result.due_date == due
    assert result.deadline == datetime.combine(due + timedelta(days=1), datetime.min.time(), ZoneInfo(zone))
    assert result.deadline.utcoffset() == timedelta(hours=OFFSET[zone])
    assert result.due_at.tzinfo is UTC


def test_half_past_four_utc_is_tuesday_in_wib_but_wednesday_in_wita_and_wit() -> None:
    instant = datetime(2026, 3, 3, 16, 30, tzinfo=UTC)  # Tue 23:30 WIB, Wed 00:30 WITA, Wed 01:30 WIT
    dues = {z: compute_deadline(instant, 1, TimeUnit.working_days, timezone=z).due_date for z in ZONES}
    assert dues == {
        "Asia/Jakarta": date(2026, 3, 4),
        "Asia/Pontianak": date(2026, 3, 4),
        "Asia/Makassar": date(2026, 3, 5),
        "Asia/Jayapura": date(2026, 3, 5),
    }


def test_local_midnight_is_the_boundary_between_days() -> None:
    wita = "Asia/Makassar"
    before = compute_deadline(_local((2026, 3, 3, 23, 59), wita), 1, TimeUnit.working_days, timezone=wita)
    after = compute_deadline(_local((2026, 3, 4, 0, 0), wita), 1, TimeUnit.working_days, timezone=wita)
    assert (before.due_date, after.due_date) == (date(2026, 3, 4), date(2026, 3, 5))


def test_the_skipped_days_are_listed_with_their_names() -> None:
    result = compute_deadline(
        _local((2025, 3, 27, 9, 0), "Asia/Jakarta"), 3, TimeUnit.working_days, timezone="Asia/Jakarta"
    )
    skipped = {d.date: d for d in result.skipped}
    assert set(skipped) == {date(2025, 3, 28) + timedelta(days=i) for i in range(11)}
    assert skipped[date(2025, 3, 31)].names_en == ("Eid al-Fitr",)
    assert result.calendar_version.startswith("holidays-")


def test_the_cutoff_moves_a_report_received_after_closing_to_the_next_working_day() -> None:
    zone = "Asia/Jakarta"
    # The usual hours: early March 2026 falls in Ramadan, whose earlier closing is tested on its own.
    on = Counting(cutoff=True, special_hours=())
    late = _local((2026, 3, 2, 16, 5), zone)  # Monday, after 16:00 closing
    early = _local((2026, 3, 2, 15, 55), zone)
    friday_late = _local((2026, 3, 6, 16, 20), zone)  # Friday closes at 16:30
    saturday = _local((2026, 3, 7, 10, 0), zone)
    assert compute_deadline(late, 3, TimeUnit.working_days, timezone=zone).due_date == date(2026, 3, 5)
    assert compute_deadline(late, 3, TimeUnit.working_days, timezone=zone, counting=on).due_date == date(
        2026, 3, 6
    )
    assert compute_deadline(early, 3, TimeUnit.working_days, timezone=zone, counting=on).due_date == date(
        2026, 3, 5
    )
    assert compute_deadline(
        friday_late, 3, TimeUnit.working_days, timezone=zone, counting=on
    ).due_date == date(2026, 3, 11)
    assert compute_deadline(saturday, 3, TimeUnit.working_days, timezone=zone, counting=on).due_date == date(
        2026, 3, 12
    )


def test_calendar_days_count_every_day_from_the_local_date() -> None:
    result = compute_deadline(
        _local((2026, 3, 17, 9, 0), "Asia/Jayapura"), 60, TimeUnit.calendar_days, timezone="Asia/Jayapura"
    )
    assert result.due_date == date(2026, 5, 16)
    assert result.skipped == ()


def test_working_hours_count_office_hours_only() -> None:
    zone = "Asia/Jakarta"
    friday = _local((2026, 3, 6, 14, 0), zone)  # 2.5 h left on Friday (closes 16:30)
    result = compute_deadline(friday, 4, TimeUnit.working_hours, timezone=zone)
    assert result.deadline == _local((2026, 3, 9, 9, 0), zone)
    custom = Counting(office_hours=OfficeHours.parse("08:00-12:00"))
    assert compute_deadline(
        friday, 4, TimeUnit.working_hours, timezone=zone, counting=custom
    ).deadline == _local((2026, 3, 9, 12, 0), zone)


def test_bad_input_is_refused() -> None:
    naive = datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001 - a naive time is the bad input under test
    with pytest.raises(RuleViolation):
        compute_deadline(naive, 3, TimeUnit.working_days, timezone="Asia/Jakarta")
    with pytest.raises(RuleViolation):
        compute_deadline(
            datetime(2026, 3, 2, 9, 0, tzinfo=UTC), -1, TimeUnit.working_days, timezone="Asia/Jakarta"
        )
    with pytest.raises(UnsupportedYear):
        compute_deadline(
            datetime(2040, 3, 2, 9, 0, tzinfo=UTC), 3, TimeUnit.working_days, timezone="Asia/Jakarta"
        )


@pytest.mark.parametrize("zone", ZONES)
def test_indonesian_zones_keep_one_utc_offset_all_year_every_supported_year(zone: str) -> None:
    # No daylight saving in Indonesia (Keppres 41/1987): the batch path relies on a fixed offset.
    cal = indonesia_calendar()
    tz = ZoneInfo(zone)
    offsets = set()
    day = date(cal.first_year, 1, 1)
    while day.year <= cal.last_year:
        offsets.add(datetime(day.year, day.month, day.day, 12, tzinfo=tz).utcoffset())
        day += timedelta(days=7)
    assert offsets == {timedelta(hours=OFFSET[zone])}


days_in_range = st.dates(min_value=date(2002, 1, 1), max_value=date(2027, 9, 1))
small_n = st.integers(min_value=0, max_value=60)
instants = st.datetimes(
    min_value=datetime(2002, 1, 2),  # noqa: DTZ001 - hypothesis bounds are naive; timezones= makes them UTC
    max_value=datetime(2027, 9, 1),  # noqa: DTZ001 - as above
    timezones=st.just(UTC),
)


@given(days_in_range, small_n)
def test_adding_working_days_agrees_with_the_day_by_day_reference(day: date, n: int) -> None:
    assert indonesia_calendar().add_working_days(day, n) == _ref_add(day, n)


@given(days_in_range, st.integers(min_value=1, max_value=60))
def test_a_due_date_is_a_working_day_after_the_start(day: date, n: int) -> None:
    due = indonesia_calendar().add_working_days(day, n)
    assert due > day
    assert _ref_working(due)


@given(days_in_range, days_in_range, small_n)
def test_deadlines_are_monotone_in_the_start(a: date, b: date, n: int) -> None:
    cal = indonesia_calendar()
    early, late = sorted((a, b))
    assert cal.add_working_days(early, n) <= cal.add_working_days(late, n)


@given(days_in_range, small_n)
def test_counting_working_days_inverts_adding_them(day: date, n: int) -> None:
    cal = indonesia_calendar()
    assert cal.count_working_days(day, cal.add_working_days(day, n)) == n


@given(instants, st.integers(min_value=0, max_value=60), st.sampled_from(ZONES))
def test_a_deadline_is_never_before_its_start_and_skips_exactly_the_non_working_days(
    start: datetime, n: int, zone: str
) -> None:
    result = compute_deadline(start, n, TimeUnit.working_days, timezone=zone)
    assert result.due_at > start
    local_day = start.astimezone(ZoneInfo(zone)).date()
    span = [local_day + timedelta(days=i) for i in range(1, (result.due_date - local_day).days + 1)]
    assert [d.date for d in result.skipped] == [d for d in span if not _ref_working(d)]
    assert sum(_ref_working(d) for d in span) == n


@given(
    st.lists(instants, min_size=1, max_size=20),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(ZONES),
)
def test_the_batch_path_agrees_with_the_one_at_a_time_path(starts: list[datetime], n: int, zone: str) -> None:
    got = batch_due_epochs([s.timestamp() for s in starts], n, timezone=zone)
    want = [compute_deadline(s, n, TimeUnit.working_days, timezone=zone).due_at.timestamp() for s in starts]
    assert got == want


def test_the_batch_path_refuses_starts_outside_the_calendar_before_computing() -> None:
    inside = datetime(2026, 3, 2, tzinfo=UTC).timestamp()
    outside = datetime(2001, 6, 1, tzinfo=UTC).timestamp()
    with pytest.raises(UnsupportedYear):
        batch_due_epochs([inside, outside], 3, timezone="Asia/Jakarta")
    with pytest.raises(RuleViolation):
        batch_due_epochs([inside], -1, timezone="Asia/Jakarta")


@given(instants, instants, st.integers(min_value=0, max_value=60), st.sampled_from(ZONES))
def test_a_later_start_never_gives_an_earlier_deadline(a: datetime, b: datetime, n: int, zone: str) -> None:
    early, late = sorted((a, b))
    first = compute_deadline(early, n, TimeUnit.working_days, timezone=zone)
    second = compute_deadline(late, n, TimeUnit.working_days, timezone=zone)
    assert first.due_at <= second.due_at


def test_the_last_supported_year_still_counts_and_the_batch_refuses_starts_beyond_the_table() -> None:
    cal = indonesia_calendar()
    last = cal.last_year
    inside = datetime(last, 1, 12, 2, 0, tzinfo=UTC)  # a Monday-ish morning early in the last year
    single = compute_deadline(inside, 3, TimeUnit.working_days, timezone="Asia/Jakarta")
    assert single.due_date.year == last
    (batch,) = batch_due_epochs([inside.timestamp()], 3, timezone="Asia/Jakarta")
    assert batch == int(single.deadline.timestamp())
    beyond = datetime(last + 1, 1, 12, 2, 0, tzinfo=UTC).timestamp()
    before = datetime(cal.first_year - 1, 6, 2, 2, 0, tzinfo=UTC).timestamp()
    for starts in ([beyond], [inside.timestamp(), beyond], [before, inside.timestamp()]):
        with pytest.raises(UnsupportedYear):
            batch_due_epochs(starts, 3, timezone="Asia/Jakarta")
    late_in_last_year = datetime(last, 12, 28, 2, 0, tzinfo=UTC).timestamp()
    with pytest.raises(UnsupportedYear):  # the due date would fall past the table
        batch_due_epochs([inside.timestamp(), late_in_last_year], 10, timezone="Asia/Jakarta")
