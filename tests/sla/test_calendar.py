"""The working calendar matches the official SKB lists, knows its years, flags estimates, takes overrides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import ConfigurationError, RuleViolation, UnsupportedYear
from sp4n.sla import CalendarOverrides, DayKind, OverrideDay, indonesia_calendar

# Hand-copied from the SKB cuti bersama of the three ministers (the official source) for 2025 and 2026; 2025
# includes the August 2025 amendment that added 18 August as cuti bersama.
SKB = {
    2025: {
        DayKind.libur_nasional: "01-01 01-27 01-29 03-29 03-31 04-01 04-18 04-20 05-01 05-12 05-29 06-01 "
        "06-06 06-27 08-17 09-05 12-25",
        DayKind.cuti_bersama: "01-28 03-28 04-02 04-03 04-04 04-07 05-13 05-30 06-09 08-18 12-26",
    },
    2026: {
        DayKind.libur_nasional: "01-01 01-16 02-17 03-19 03-21 03-22 04-03 04-05 05-01 05-14 05-27 05-31 "
        "06-01 06-16 08-17 08-25 12-25",
        DayKind.cuti_bersama: "02-16 03-18 03-20 03-23 03-24 05-15 05-28 12-24",
    },
}


def _dates(year: int, text: str) -> set[date]:
    return {date.fromisoformat(f"{year}-{md}") for md in text.split()}


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("kind", [DayKind.libur_nasional, DayKind.cuti_bersama])
def test_the_calendar_matches_the_official_skb_list(year: int, kind: DayKind) -> None:
    listed = {d.date for d in indonesia_calendar().holidays_in(year) if d.kind is kind}
    assert listed == _dates(year, SKB[year][kind])


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_weekday_outside_the_skb_lists_is_a_working_day(year: int) -> None:
    cal = indonesia_calendar()
    off = _dates(year, SKB[year][DayKind.libur_nasional]) | _dates(year, SKB[year][DayKind.cuti_bersama])
    day = date(year, 1, 1)
    while day.year == year:
        assert cal.is_working_day(day) == (day.weekday() < 5 and day not in off), day
        day += timedelta(days=1)


def test_a_holiday_on_a_sunday_is_simply_a_non_working_day() -> None:
    cal = indonesia_calendar()
    easter = cal.describe(date(2025, 4, 20))
    assert easter is not None
    assert easter.kind is DayKind.libur_nasional
    assert cal.count_working_days(date(2025, 4, 17), date(2025, 4, 21)) == 1  # Good Friday, Sat, Sun, Mon


def test_names_come_in_indonesian_and_english() -> None:
    day = indonesia_calendar().describe(date(2025, 8, 18))
    assert day is not None
    assert day.names_id == ("Cuti Bersama Hari Kemerdekaan Republik Indonesia",)
    assert day.names_en == ("Independence Day Joint Holiday",)


def test_confirmed_years_carry_no_estimates_but_later_islamic_dates_are_flagged() -> None:
    cal = indonesia_calendar()
    assert not any(d.estimated for year in (2025, 2026) for d in cal.holidays_in(year))
    fitri_2027 = cal.describe(date(2027, 3, 10))
    assert fitri_2027 is not None
    assert fitri_2027.estimated
    assert fitri_2027.names_id == ("Hari Raya Idul Fitri",)  # the "(perkiraan)" suffix is a flag, not a name


def test_the_supported_years_are_the_official_years_and_ten_estimated_ones() -> None:
    cal = indonesia_calendar()
    assert cal.first_year == 2002
    assert cal.official_until == 2027  # the last year with an SKB in the installed holidays data
    assert cal.last_year == cal.official_until + 10
    for year in (cal.first_year - 1, cal.last_year + 1):
        with pytest.raises(UnsupportedYear) as info:
            cal.is_working_day(date(year, 6, 1))
        assert (info.value.first, info.value.last) == cal.years


def test_a_deadline_running_past_the_last_year_is_refused_not_guessed() -> None:
    cal = indonesia_calendar()
    with pytest.raises(UnsupportedYear):
        cal.add_working_days(date(cal.last_year, 12, 20), 30)


def test_a_host_adds_and_removes_dates_with_a_source_and_the_version_says_so() -> None:
    overrides = CalendarOverrides(
        add=[OverrideDay(date=date(2026, 6, 2), name="Libur daerah", source="SE Gubernur 1/2026")],
        remove=[
            OverrideDay(date=date(2026, 12, 24), name="Cuti bersama dibatalkan", source="SKB perubahan"),
            OverrideDay(date=date(2026, 6, 6), name="Hari kerja pengganti", source="SE 2/2026"),  # a Saturday
        ],
    )
    cal = indonesia_calendar(overrides)
    assert not cal.is_working_day(date(2026, 6, 2))
    added = cal.describe(date(2026, 6, 2))
    assert added is not None
    assert added.kind is DayKind.override
    assert added.source == "SE Gubernur 1/2026"
    assert cal.is_working_day(date(2026, 12, 24))
    assert cal.is_working_day(date(2026, 6, 6))
    assert cal.version == f"{indonesia_calendar().version}+overrides:{overrides.fingerprint}"
    assert indonesia_calendar().is_working_day(date(2026, 6, 2))  # the national calendar is untouched


def test_an_override_needs_a_source_and_a_supported_year() -> None:
    with pytest.raises(RuleViolation):
        OverrideDay(date=date(2026, 6, 2), name="x", source=" ")
    far = CalendarOverrides(add=[OverrideDay(date=date(2090, 1, 2), name="x", source="y")])
    with pytest.raises(ConfigurationError):
        indonesia_calendar(far)


@pytest.mark.usefixtures("english")
def test_overrides_are_read_from_plain_data_and_bad_data_is_named() -> None:
    data = {"remove": [{"date": "2026-12-24", "name": "batal", "source": "SKB perubahan"}]}
    assert CalendarOverrides.from_mapping(data).remove[0].date == date(2026, 12, 24)
    with pytest.raises(ConfigurationError, match=r"overrides.json: bad override entry"):
        CalendarOverrides.from_mapping({"add": [{"date": "2026-02-30"}]}, source="overrides.json")
    with pytest.raises(ConfigurationError):
        CalendarOverrides.from_mapping({"added": []})


@given(st.dates(min_value=date(2002, 1, 1), max_value=date(2027, 12, 31)))
def test_a_day_is_working_exactly_when_it_is_a_weekday_without_a_holiday(day: date) -> None:
    cal = indonesia_calendar()
    assert cal.is_working_day(day) == (cal.describe(day) is None)
    assert cal.is_working_day(day) == (
        day.weekday() < 5 and day not in {d.date for d in cal.holidays_in(day.year)}
    )
