"""The calendar's data classes at their edges: keyword-only records, the errors they raise and the stable
fingerprint stored with every deadline (found by mutation testing, docs/mutation-testing.md)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import attrs
import pytest

from sp4n.exceptions import ConfigurationError, RuleViolation
from sp4n.sla.workdays import CalendarOverrides, OverrideDay, SkbYear, indonesia_calendar

CLOSURE = OverrideDay(date=date(2026, 6, 2), name="Libur daerah", source="SE Gubernur 1/2026")
REOPENED = OverrideDay(date=date(2026, 12, 24), name="Batal", source="SKB perubahan")
SKB_DAY = OverrideDay(date=date(2028, 3, 6), name="Cuti Bersama Idul Fitri", source="SKB 1/2027")


def test_calendar_records_take_keywords_only() -> None:
    # name and source are both text: a positional call could file the decree as the holiday's name.
    skb = SkbYear(year=2028, source="SKB 1/2027", libur_nasional=[], cuti_bersama=[SKB_DAY])
    records: list[Any] = [CLOSURE, skb, CalendarOverrides(add=[CLOSURE], remove=[REOPENED], skb=[skb])]
    for record in records:
        assert attrs.evolve(record) == record
        with pytest.raises(TypeError):
            type(record)(*attrs.astuple(record, recurse=False))


def test_an_override_or_skb_without_a_source_names_the_rule() -> None:
    with pytest.raises(RuleViolation) as override:
        attrs.evolve(CLOSURE, source="  ")
    assert (override.value.field, override.value.rule) == (
        "override.source",
        "every calendar override must cite its source",
    )
    with pytest.raises(RuleViolation) as skb:
        SkbYear(year=2028, source="", libur_nasional=[], cuti_bersama=[])
    assert (skb.value.field, skb.value.rule) == ("skb.source", "an SKB year must cite its decree")


def test_skb_days_are_converted_to_tuples_whatever_iterable_the_host_gives() -> None:
    skb = SkbYear(year=2028, source="SKB", libur_nasional=iter([SKB_DAY]), cuti_bersama=iter([SKB_DAY]))
    assert (skb.libur_nasional, skb.cuti_bersama) == ((SKB_DAY,), (SKB_DAY,))


def test_the_fingerprint_is_the_documented_hash_of_every_override() -> None:
    # It is stored in every deadline's calendar_version, so it must not change between releases: the text
    # it hashes is pinned here, written out by hand.
    new_year = OverrideDay(date=date(2028, 1, 1), name="Tahun Baru", source="SKB 1/2027")
    skb = SkbYear(year=2028, source="SKB 1/2027", libur_nasional=[new_year], cuti_bersama=[SKB_DAY])
    overrides = CalendarOverrides(add=[CLOSURE], remove=[REOPENED], skb=[skb])
    text = (
        "+2026-06-02:Libur daerah:SE Gubernur 1/2026|-2026-12-24:Batal:SKB perubahan"
        "skb2028:SKB 1/2027:2028-01-01:libur_nasional|skb2028:SKB 1/2027:2028-03-06:cuti_bersama"
    )
    assert overrides.fingerprint == hashlib.sha256(text.encode()).hexdigest()[:12]


def test_a_bad_overrides_file_names_itself_and_the_allowed_keys() -> None:
    with pytest.raises(ConfigurationError) as err:
        CalendarOverrides.from_mapping({"added": []})
    assert (err.value.source, err.value.problem) == (
        "overrides",
        "expected a mapping with only the keys 'add', 'remove' and 'skb'",
    )


def test_estimated_days_say_where_the_estimate_comes_from() -> None:
    cal = indonesia_calendar()
    new_year = cal.describe(date(cal.official_until + 1, 1, 1))
    assert new_year is not None
    assert new_year.source == (
        f"estimated: holidays rules, cuti bersama after the SKB pattern of {cal.official_until}"
    )


def test_overrides_and_skb_years_on_the_first_and_last_years_of_the_range_are_accepted() -> None:
    first = OverrideDay(date=date(2024, 1, 2), name="Libur daerah", source="SE 1/2024")
    last = OverrideDay(date=date(2026, 12, 30), name="Libur daerah", source="SE 9/2026")
    skbs = [SkbYear(year=y, source=f"SKB {y}", libur_nasional=[], cuti_bersama=[]) for y in (2024, 2026)]
    cal = indonesia_calendar(CalendarOverrides(add=[first, last], skb=skbs), years=(2024, 2026))
    assert not cal.is_working_day(first.date)
    assert not cal.is_working_day(last.date)


def test_a_one_year_calendar_is_a_calendar() -> None:
    cal = indonesia_calendar(years=(2026, 2026))
    assert cal.years == (2026, 2026)
    assert cal.add_working_days(date(2026, 3, 27), 1) == date(2026, 3, 30)  # Friday to Monday


def test_a_calendar_or_change_out_of_range_names_what_and_the_range() -> None:
    with pytest.raises(ConfigurationError) as years:
        indonesia_calendar(years=(2027, 2026))
    assert (years.value.source, years.value.problem) == (
        "calendar years",
        "first year 2027 is after last year 2026",
    )
    outside = OverrideDay(date=date(2027, 1, 4), name="Libur daerah", source="SE 1/2027")
    with pytest.raises(ConfigurationError) as override:
        indonesia_calendar(CalendarOverrides(add=[outside]), years=(2024, 2026))
    assert (override.value.source, override.value.problem) == (
        "calendar overrides",
        "2027-01-04 is outside the years 2024-2026",
    )
    skb = SkbYear(year=2027, source="SKB 2027", libur_nasional=[], cuti_bersama=[])
    with pytest.raises(ConfigurationError) as late:
        indonesia_calendar(CalendarOverrides(skb=[skb]), years=(2024, 2026))
    assert (late.value.source, late.value.problem) == (
        "calendar skb",
        "SKB 2027 must list dates of 2027, within 2024-2026",
    )
