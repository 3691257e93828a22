"""The estimated years past the last SKB, checked against ``holidays.Indonesia`` directly: each computed libur
nasional is kept and marked estimated, the cuti bersama pattern is carried and never grown, and each day says
where it came from (found by mutation testing, docs/mutation-testing.md)."""

from __future__ import annotations

from datetime import date, timedelta

from holidays.countries.indonesia import Indonesia
from holidays.version import __version__ as holidays_version

from sp4n.sla.workdays import DayKind, indonesia_calendar

CAL = indonesia_calendar()
OFFICIAL = CAL.official_until
ESTIMATED = range(OFFICIAL + 1, CAL.years[1] + 1)


def test_every_libur_nasional_holidays_computes_for_the_estimated_years_is_kept_and_marked_estimated() -> (
    None
):
    computed = Indonesia(years=ESTIMATED, categories=("public",))
    assert computed
    for day in computed:
        described = CAL.describe(day)
        assert described is not None, day
        assert (described.kind, described.estimated) == (DayKind.libur_nasional, True), day


def test_every_holiday_of_an_estimated_year_is_marked_estimated() -> None:
    for year in ESTIMATED:
        assert all(d.estimated for d in CAL.holidays_in(year) if d.kind is not DayKind.weekend), year


def test_each_idul_fitri_keeps_no_more_cuti_bersama_than_the_last_official_one() -> None:
    # The pattern of the last SKB is carried over, one copy per Idul Fitri: it never grows.
    def joint_days(eid: date) -> int:
        around = CAL.non_working_days(eid - timedelta(days=10), eid + timedelta(days=10))
        return sum(d.kind is DayKind.cuti_bersama and "Idul Fitri" in d.names_id[0] for d in around)

    eid_al_fitr = [
        d
        for d, n in Indonesia(years=range(OFFICIAL, CAL.years[1] + 1)).items()
        if n.startswith("Eid al-Fitr")
    ]
    official = [joint_days(d) for d in eid_al_fitr if d.year == OFFICIAL]
    assert official
    assert all(joint_days(d) <= max(official) for d in eid_al_fitr if d.year > OFFICIAL)


def test_estimated_names_lose_the_marker_the_flag_carries_it() -> None:
    raw = Indonesia(years=OFFICIAL, categories=("public",), language="en_US")
    marked = {d: n for d, n in raw.items() if n.endswith(" (estimated)")}
    assert marked  # lunar and Islamic dates before the sidang isbat
    for day, name in marked.items():
        described = CAL.describe(day)
        assert described is not None
        assert (described.names_en[0], described.estimated) == (name.removesuffix(" (estimated)"), True)
        assert not described.names_id[0].endswith("(perkiraan)")


def test_an_official_day_names_the_holidays_release_and_the_kind_of_decree() -> None:
    independence = CAL.describe(date(2026, 8, 17))
    joint = CAL.describe(date(2026, 12, 24))
    assert independence is not None
    assert joint is not None
    assert independence.source == f"holidays {holidays_version} (SKB libur nasional)"
    assert joint.source == f"holidays {holidays_version} (SKB cuti bersama)"
