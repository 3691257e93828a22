"""SLA engine: add N working days, ours against numpy.busday_offset and the holidays package's helper.

Ours is a precomputed per-calendar table (working-day rank per date, date per rank): two list look-ups
whatever N is. Baselines in the same run, on the same Indonesian calendar (libur nasional + cuti bersama):

- ``numpy.busday_offset`` with a ``busdaycalendar`` (one call per deadline, ``roll="backward"`` so that a
  start on a weekend or holiday counts from the previous working day, as ours does). It is timed twice: on
  the same input as ours (a ``datetime.date``; the target is judged on this) and on its own best case
  (a ``numpy.datetime64`` prepared in advance), both reported;
- ``holidays.Indonesia(...).get_nth_working_day`` (it steps day by day).

Then a batch of deadlines (UTC epoch seconds in, UTC epoch seconds out, time-zone conversion included), with a
vectorised numpy pipeline doing the same work as a reference line. Targets: >= 10x numpy's one call,
>= 100x the holidays helper at N = 60, batch <= 1 us per deadline.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from _common import emit, median_seconds, parse_args
from holidays.countries.indonesia import Indonesia

from sp4n.sla import WorkingCalendar, batch_due_epochs, fixed_utc_offset, indonesia_calendar

NS = (3, 5, 14, 60)
ZONE = "Asia/Makassar"


def _starts(count: int, rng: random.Random) -> list[date]:
    first = date(2024, 1, 1).toordinal()
    last = date(2026, 12, 31).toordinal() - 120
    return [date.fromordinal(rng.randint(first, last)) for _ in range(count)]


def _per_call(loop: Any, starts: list[Any], n: int, repeat: int) -> float:
    """Median seconds per call of ``loop(starts, n)`` (each loop calls its function once per start)."""
    return median_seconds(lambda: loop(starts, n), repeat) / len(starts)


def _busdays(cal: WorkingCalendar) -> Any:
    """numpy's business-day calendar with the same holidays as ours."""
    years = range(cal.first_year, cal.last_year + 1)
    off = sorted({d.date for y in years for d in cal.holidays_in(y)})
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(off, dtype="datetime64[D]"))


def _loops(cal: WorkingCalendar) -> dict[str, Any]:
    """One loop per contender, each calling its add-N-working-days function once per start."""
    add = cal.add_working_days
    offset = np.busday_offset
    busdays = _busdays(cal)
    nth = Indonesia(years=range(cal.first_year, cal.last_year + 1), categories=("public", "government"))
    nth_working_day = nth.get_nth_working_day

    def ours(days: list[date], n: int) -> None:
        for d in days:
            add(d, n)

    def numpy_one(days: list[Any], n: int) -> None:
        for d in days:
            offset(d, n, roll="backward", busdaycal=busdays)

    def holidays_one(days: list[date], n: int) -> None:
        for d in days:
            nth_working_day(d, n)

    def agree(d: date, n: int) -> bool:
        theirs: date = offset(d, n, roll="backward", busdaycal=busdays).astype(date)
        return add(d, n) == theirs == nth_working_day(d, n)

    return {"ours": ours, "numpy": numpy_one, "holidays": holidays_one, "agree": agree}


def _single_calls(count: int, slow_count: int, repeat: int) -> dict[str, Any]:
    loops = _loops(indonesia_calendar())
    starts = _starts(count, random.Random(7))
    slow_starts = starts[:slow_count]
    np_starts = [np.datetime64(d, "D") for d in starts]  # numpy's best case: its own scalar type
    results: dict[str, Any] = {}
    for n in NS:
        assert all(loops["agree"](d, n) for d in slow_starts), "the three disagree"
        t_ours = _per_call(loops["ours"], starts, n, repeat)
        t_numpy = _per_call(loops["numpy"], starts, n, repeat)
        t_numpy_best = _per_call(loops["numpy"], np_starts, n, repeat)
        t_hol = _per_call(loops["holidays"], slow_starts, n, repeat)
        results[f"n{n}"] = {
            "ours_us": t_ours * 1e6,
            "numpy_busday_offset_us": t_numpy * 1e6,
            "numpy_busday_offset_datetime64_us": t_numpy_best * 1e6,
            "speedup_vs_numpy_datetime64": t_numpy_best / t_ours,
            "holidays_get_nth_working_day_us": t_hol * 1e6,
            "speedup_vs_numpy": t_numpy / t_ours,
            "speedup_vs_holidays": t_hol / t_ours,
        }
        print(
            f"add {n:>2} working days: ours {t_ours * 1e6:5.3f} us | numpy one call {t_numpy * 1e6:5.3f} us "
            f"({t_numpy / t_ours:4.1f}x; datetime64 input {t_numpy_best * 1e6:5.3f} us, "
            f"{t_numpy_best / t_ours:4.1f}x) | holidays helper {t_hol * 1e6:7.3f} us ({t_hol / t_ours:5.1f}x)"
        )
    return results


def _numpy_batch(starts: np.ndarray[Any, Any], n: int, offset: int, busdays: Any) -> np.ndarray[Any, Any]:
    local_days = ((starts + offset) // 86400).astype("datetime64[D]")
    due = np.busday_offset(local_days, n, roll="backward", busdaycal=busdays)
    return (due.astype("int64") + 1) * 86400 - offset


def _batch(size: int, repeat: int) -> dict[str, Any]:
    cal = indonesia_calendar()
    rng = random.Random(11)
    lo = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    hi = datetime(2026, 9, 30, tzinfo=UTC).timestamp()
    starts = [rng.uniform(lo, hi) for _ in range(size)]
    ours = batch_due_epochs(starts, 5, timezone=ZONE, calendar=cal)  # warm the tables, keep for the check
    seconds = median_seconds(lambda: batch_due_epochs(starts, 5, timezone=ZONE, calendar=cal), repeat)
    busdays = _busdays(cal)
    offset = fixed_utc_offset(ZONE, cal.first_year, cal.last_year)
    array = np.array(starts)
    reference = _numpy_batch(array, 5, offset, busdays)
    assert reference.tolist() == ours, "the numpy pipeline and ours disagree"
    np_seconds = median_seconds(lambda: _numpy_batch(np.array(starts), 5, offset, busdays), repeat)
    per = seconds / size * 1e6
    print(
        f"batch of {size:,} deadlines (5 wd, {ZONE}, tz conversion included): ours {per:.3f} us each "
        f"({seconds:.3f} s) | numpy vectorised {np_seconds / size * 1e6:.3f} us each"
    )
    sample = datetime.fromtimestamp(starts[0], UTC)
    due = datetime.fromtimestamp(ours[0], UTC)
    days = (due - sample) / timedelta(days=1)
    print(f"  e.g. {sample:%Y-%m-%d %H:%M} UTC -> {due:%Y-%m-%d %H:%M} UTC ({days:.1f} days later)")
    return {
        "size": size,
        "ours_us_per_deadline": per,
        "ours_seconds": seconds,
        "numpy_vectorised_us_per_deadline": np_seconds / size * 1e6,
    }


def main() -> None:
    """Run every measurement and print the JSON summary last."""
    args = parse_args(__doc__ or "sla benchmark")
    count, slow, size = (200, 50, 10_000) if args.smoke else (20_000, 2_000, 1_000_000)
    repeat = 1 if args.smoke else args.repeat
    singles = _single_calls(count, slow, repeat)
    batch = _batch(size, repeat)
    targets = {
        "vs_numpy_ge_10x": all(r["speedup_vs_numpy"] >= 10 for r in singles.values()),
        "vs_holidays_ge_100x_at_n60": singles["n60"]["speedup_vs_holidays"] >= 100,
        "batch_le_1us": batch["ours_us_per_deadline"] <= 1.0,
    }
    print("targets:", ", ".join(f"{k}={'met' if v else 'NOT met'}" for k, v in targets.items()))
    emit(
        {
            "benchmark": "sla",
            "smoke": args.smoke,
            "repeat": repeat,
            "add_working_days": singles,
            "batch": batch,
            "targets": targets,
        }
    )


if __name__ == "__main__":
    main()
