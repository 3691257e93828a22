"""Deadlines at their edges: the errors they raise and the keyword-only record (found by mutation testing,
docs/mutation-testing.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import pytest

from sp4n.exceptions import RuleViolation, UnsupportedYear
from sp4n.sla.deadlines import Deadline, compute_deadline
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
