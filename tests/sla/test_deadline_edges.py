"""Deadlines at their edges: the errors they raise and the keyword-only record (found by mutation testing,
docs/mutation-testing.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from sp4n.exceptions import ConfigurationError, RuleViolation, UnsupportedYear
from sp4n.sla.deadlines import Deadline, batch_due_epochs, compute_deadline, fixed_utc_offset
from sp4n.sla.rules import TimeUnit
from sp4n.sla.workdays import indonesia_calendar

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_a_negative_count_names_its_unit_and_the_rule() -> None:
    with pytest.raises(RuleViolation) as err:
        compute_deadline(START, -1, TimeUnit.working_hours, timezone="Asia/Jakarta")
    assert (err.value.field, err.value.rule) == ("working_hours", "must not be negative")


@pytest.mark.parametrize("unit", list(TimeUnit))
def test_a_count_running_past_year_9999_is_the_year_after_the_calendar(unit: TimeUnit) -> None:
    # Not an OverflowError from datetime: the caller gets the typed error every other uncovered year gives.
    cal = indonesia_calendar()
    with pytest.raises(UnsupportedYear) as err:
        compute_deadline(START, 10**8, unit, timezone="Asia/Jakarta")
    assert (err.value.year, err.value.first, err.value.last) == (cal.last_year + 1, *cal.years)


def test_a_deadline_takes_keywords_only() -> None:
    # start, deadline and due_at are all instants: a positional call could swap them unnoticed.
    deadline = compute_deadline(START, 3, TimeUnit.working_days, timezone="Asia/Jakarta")
    build: Any = Deadline  # mypy rightly refuses the positional call this test makes
    assert attrs.evolve(deadline) == deadline
    with pytest.raises(TypeError):
        build(*attrs.astuple(deadline, recurse=False))


def test_a_calendar_day_count_is_never_an_estimate_even_in_estimated_years() -> None:
    # Holidays do not move a count of calendar days, so an estimated holiday cannot make it uncertain.
    late = START.replace(year=indonesia_calendar().official_until + 2)
    assert compute_deadline(late, 5, TimeUnit.working_days, timezone="Asia/Jakarta").estimated is True
    days = compute_deadline(late, 5, TimeUnit.calendar_days, timezone="Asia/Jakarta")
    assert (days.estimated, days.skipped) == (False, ())


def test_estimated_means_past_the_official_data_even_when_only_working_days_were_counted() -> None:
    official = indonesia_calendar().official_until
    inside = compute_deadline(datetime(official, 10, 4, 2, 0, tzinfo=UTC), 3, TimeUnit.working_days,
                              timezone="Asia/Jakarta")  # fmt: skip
    assert (inside.skipped, inside.estimated) == ((), False)
    # 4-6 January of the first estimated year: Tuesday to Thursday, nothing skipped, still an estimate.
    past = compute_deadline(datetime(official + 1, 1, 4, 2, 0, tzinfo=UTC), 2, TimeUnit.working_days,
                            timezone="Asia/Jakarta")  # fmt: skip
    assert (past.due_date.year, past.skipped, past.estimated) == (official + 1, (), True)


def test_the_batch_path_needs_a_zone_whose_offset_never_changes() -> None:
    with pytest.raises(ConfigurationError) as err:
        fixed_utc_offset("Europe/Berlin", 2020, 2021)  # summer time
    assert (err.value.source, err.value.problem) == (
        "Europe/Berlin",
        "the zone changes its UTC offset; the batch path needs a fixed one",
    )
    # Pyongyang kept UTC+08:30 from August 2015 to May 2018, UTC+09:00 since: the years checked run from the
    # first to the one after the last.
    assert fixed_utc_offset("Asia/Pyongyang", 2019, 2020) == 9 * 3600
    assert fixed_utc_offset("Asia/Pyongyang", 2016, 2016) == 8 * 3600 + 1800  # 2016 and 2017, no further
    for first, last in ((2016, 2017), (2018, 2019)):
        with pytest.raises(ConfigurationError):
            fixed_utc_offset("Asia/Pyongyang", first, last)


def test_the_batch_path_names_a_negative_count() -> None:
    with pytest.raises(RuleViolation) as err:
        batch_due_epochs([START.timestamp()], -1, timezone="Asia/Jakarta")
    assert (err.value.field, err.value.rule) == ("working_days", "must not be negative")


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_zero_working_days_in_the_batch_path_end_at_the_local_midnight_as_one_at_a_time(zone: str) -> None:
    starts = [START, START.replace(hour=16, minute=30), datetime(2026, 3, 7, 23, 59, tzinfo=UTC)]
    want = [
        int(compute_deadline(s, 0, TimeUnit.working_days, timezone=zone).due_at.timestamp()) for s in starts
    ]
    assert batch_due_epochs([s.timestamp() for s in starts], 0, timezone=zone) == want


def test_a_start_in_the_first_local_minutes_of_the_first_year_counts_whatever_zone_it_is_given_in() -> None:
    # 00:30 WIB on 1 January is still the previous year in UTC: the office's local date decides, so the same
    # instant gets the same deadline written in UTC or in WIB, one at a time or in a batch.
    cal = indonesia_calendar()
    start = datetime(cal.first_year - 1, 12, 31, 17, 30, tzinfo=UTC)
    in_wib = start.astimezone(ZoneInfo("Asia/Jakarta"))
    one = compute_deadline(start, 3, TimeUnit.working_days, timezone="Asia/Jakarta")
    assert one == attrs.evolve(
        compute_deadline(in_wib, 3, TimeUnit.working_days, timezone="Asia/Jakarta"), start=one.start
    )
    assert one.counted_from == date(cal.first_year, 1, 1)
    (due,) = batch_due_epochs([start.timestamp()], 3, timezone="Asia/Jakarta")
    assert due == int(one.due_at.timestamp())
