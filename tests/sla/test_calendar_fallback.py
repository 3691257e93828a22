"""Past the last year with official holiday data the calendar runs on estimates (documented fallback), a host
can load the new SKB as data, and the complaint service keeps working across the year boundary."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest

from sp4n.adapters.system import ManualClock
from sp4n.exceptions import ConfigurationError, UnsupportedYear
from sp4n.lifecycle.model import Actor
from sp4n.service import create_service
from sp4n.sla.daytable import DayKind
from sp4n.sla.deadlines import compute_deadline
from sp4n.sla.rules import TimeUnit
from sp4n.sla.timers import SYSTEM_ACTOR
from sp4n.sla.workdays import CalendarOverrides, OverrideDay, SkbYear, indonesia_calendar
from sp4n.testing.fakes import SequentialIds, SequentialTrackingNumbers

LAST_OFFICIAL, FIRST_ESTIMATED = 2027, 2028


def test_the_last_official_year_and_the_first_estimated_one_are_pinned() -> None:
    cal = indonesia_calendar()
    assert cal.official_until == LAST_OFFICIAL
    official = compute_deadline(datetime(2027, 10, 4, 2, 0, tzinfo=UTC), 3, TimeUnit.working_days,
                                timezone="Asia/Jakarta")  # fmt: skip
    assert not official.estimated
    crossing = compute_deadline(datetime(2027, 12, 28, 2, 0, tzinfo=UTC), 5, TimeUnit.working_days,
                                timezone="Asia/Jakarta")  # fmt: skip
    assert crossing.due_date.year == FIRST_ESTIMATED
    assert crossing.estimated
    assert crossing.due_date == date(2028, 1, 4)  # 29, 30, 31 Dec, then Monday 3 and Tuesday 4 January
    with pytest.raises(UnsupportedYear):
        cal.is_working_day(date(cal.last_year + 1, 1, 2))


def test_estimated_years_keep_weekends_fixed_holidays_and_the_last_cuti_bersama_pattern() -> None:
    cal = indonesia_calendar()
    for fixed in (
        date(2028, 1, 1),
        date(2028, 5, 1),
        date(2028, 6, 1),
        date(2028, 8, 17),
        date(2028, 12, 25),
    ):
        day = cal.describe(fixed)
        assert day is not None
        assert day.estimated
    assert cal.describe(date(2028, 6, 3)) is not None  # a Saturday
    # 2027's SKB bridged Idul Fitri (10-11 March) with 9, 12 and 15 March; 2028's Idul Fitri is estimated
    # on 27-28 February, so the same pattern gives 26 and 29 February and 3 March.
    for joint in (date(2028, 2, 29), date(2028, 3, 3)):
        day = cal.describe(joint)
        assert day is not None
        assert (day.kind, day.estimated) == (DayKind.cuti_bersama, True)
        assert "SKB pattern of 2027" in (day.source or "")
    assert cal.is_working_day(date(2028, 3, 7))


def test_a_host_loads_the_new_skb_as_data_and_its_year_becomes_official() -> None:
    skb = {
        "year": 2028,
        "source": "SKB 3 Menteri No. 1/2027",
        "libur_nasional": [{"date": "2028-01-01", "name": "Tahun Baru 2028 Masehi"}],
        "cuti_bersama": [{"date": "2028-03-06", "name": "Cuti Bersama Idul Fitri"}],
    }
    cal = indonesia_calendar(CalendarOverrides.from_mapping({"skb": [skb]}))
    assert cal.official_until == 2028
    assert cal.is_working_day(date(2028, 2, 29))  # the estimate is replaced, not merged
    assert not cal.is_working_day(date(2028, 3, 6))
    info = cal.describe(date(2028, 3, 6))
    assert info is not None
    assert (info.kind, info.estimated, info.source) == (
        DayKind.cuti_bersama,
        False,
        "SKB 3 Menteri No. 1/2027",
    )
    deadline = compute_deadline(datetime(2028, 3, 1, 2, 0, tzinfo=UTC), 5, TimeUnit.working_days,
                                timezone="Asia/Jakarta", calendar=cal)  # fmt: skip
    assert not deadline.estimated
    assert deadline.calendar_version != indonesia_calendar().version


@pytest.mark.parametrize(
    "skb",
    [
        {"year": 2028, "source": "", "libur_nasional": [], "cuti_bersama": []},
        {"year": "2028", "source": "x"},
        {"year": 2028, "source": "x", "cuti_bersama": [{"date": "2029-01-02", "name": "wrong year"}]},
        {"year": 2099, "source": "x"},
        {"year": 2028, "source": "x", "cuti_bersama": [{"date": "2028-01-02", "name": 5}]},
    ],
)
def test_a_bad_skb_is_a_configuration_error(skb: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        indonesia_calendar(CalendarOverrides.from_mapping({"skb": [skb]}))


def test_an_skb_year_is_typed_data() -> None:
    day = OverrideDay(date=date(2028, 3, 6), name="Cuti Bersama", source="SKB")
    skb = SkbYear(year=2028, source="SKB", libur_nasional=[], cuti_bersama=[day])
    assert [d.kind for d in skb.days()] == [DayKind.cuti_bersama]


def test_the_service_keeps_filing_and_verifying_across_the_end_of_the_official_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = ManualClock(datetime(2027, 12, 28, 2, 0, tzinfo=UTC))
    svc = create_service(clock=clock, ids=SequentialIds("c-"), tracking=SequentialTrackingNumbers())
    body = {"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
            "category": "infrastruktur", "channel": "web", "region_code": "34.04",
            "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}  # fmt: skip
    admin = Actor(id="adm-1", role="national_admin")
    with caplog.at_level(logging.WARNING):
        first = svc.submit(body)
        svc.verify_and_forward(
            {"complaint_id": first.complaint_id, "agency_id": "pemkab-sleman"}, actor=admin
        )
        clock.set(datetime(2028, 1, 1, 2, 0, tzinfo=UTC))
        second = svc.submit(body)
    assert str(svc.get(second.complaint_id, actor=SYSTEM_ACTOR).status) == "submitted"
    assert "estimated" in caplog.text
    clock.set(datetime(2028, 6, 1, 2, 0, tzinfo=UTC))
    assert svc.run_due() > 0  # breaches recorded on the estimated calendar, nothing aborted
