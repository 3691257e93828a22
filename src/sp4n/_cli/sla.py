"""``sp4n sla deadline`` and ``sp4n calendar``: deadlines and non-working days from the command line.

The JSON output is a contract other tools script against; keys are only ever added.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sp4n._cli import inputs
from sp4n.exceptions import ConfigurationError, RuleViolation
from sp4n.jurisdiction.provinces import timezone_for_region
from sp4n.lifecycle.model import require_aware
from sp4n.sla.deadlines import Deadline, compute_deadline
from sp4n.sla.explain import explain_deadline
from sp4n.sla.rules import Counting, TimeUnit
from sp4n.sla.workdays import CalendarOverrides, NonWorkingDay, WorkingCalendar, indonesia_calendar
from sp4n.texts import LANGUAGES, current_language, text


def register(subparsers: Any) -> None:
    """Add ``sla`` (with ``deadline``) and ``calendar`` to the ``sp4n`` parser."""
    sla = subparsers.add_parser("sla", help=text("help.sla"))
    sla_sub = sla.add_subparsers(dest="sla_command", required=True, metavar="SLA_COMMAND")
    deadline = sla_sub.add_parser("deadline", help=text("help.sla.deadline"))
    deadline.add_argument("--from", dest="start", required=True, help=text("help.sla.from"))
    amount = deadline.add_mutually_exclusive_group(required=True)
    amount.add_argument("--working-days", type=int, metavar="N", help=text("help.sla.working_days"))
    amount.add_argument("--calendar-days", type=int, metavar="N", help=text("help.sla.calendar_days"))
    deadline.add_argument("--region", required=True, help=text("help.sla.region"))
    deadline.add_argument("--regions", metavar="FILE", help=text("help.sla.regions"))
    deadline.add_argument("--cutoff", action="store_true", help=text("help.sla.cutoff"))
    deadline.add_argument(  # kept for scripts written before the global sp4n --lang
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=text("help.sla.lang")
    )
    _common(deadline)
    deadline.set_defaults(handler=_deadline)

    calendar = subparsers.add_parser("calendar", help=text("help.calendar"))
    calendar.add_argument("year", type=int, metavar="YEAR", help=text("help.calendar.year"))
    _common(calendar)
    calendar.set_defaults(handler=_calendar)


_MAX_OVERRIDES_BYTES = 1024 * 1024


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--overrides", metavar="FILE", help=text("help.overrides"))
    parser.add_argument("--json", action="store_true", help=text("help.json"))


def _calendar_from(args: argparse.Namespace) -> WorkingCalendar:
    if args.overrides is None:
        return indonesia_calendar()
    text, source = inputs.read_text(args.overrides, "overrides")
    try:
        if len(text) > _MAX_OVERRIDES_BYTES:
            raise ConfigurationError(source, "an overrides file may not exceed 1 MiB")
        data = json.loads(text)
    except (ValueError, RecursionError) as err:  # bad JSON, a 5,000-digit number, nesting too deep
        raise ConfigurationError(source, "cannot read overrides: {error}", error=type(err).__name__) from None
    return indonesia_calendar(CalendarOverrides.from_mapping(data, source=source))


def _parse_start(value: str) -> datetime:
    try:
        start = datetime.fromisoformat(value)
    except ValueError as err:
        raise RuleViolation("--from", "{value!r} is not an ISO 8601 instant", value=value) from err
    require_aware("--from", start)
    return start


def _check_region(code: str, regions: str | None) -> str:
    timezone = timezone_for_region(code)
    if regions is None:
        return timezone
    # The jurisdiction package's pure parser checks every row; we only read the file here at the edge.
    from sp4n.jurisdiction.regions import parse_regions  # noqa: PLC0415 - the full list is optional and large

    text, source = inputs.read_text(regions, "region list")
    registry = parse_regions(text.splitlines(), version=Path(source).stem, source=source)
    try:
        registry[code]
    except KeyError:
        raise RuleViolation(
            "--region", "{code!r} is not in {source}", code=code, source=Path(source).name
        ) from None
    return timezone


def _day_json(day: NonWorkingDay) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "kind": str(day.kind),
        "kind_label": day.kind.label_id,
        "name": "; ".join(day.names_id),
        "name_en": "; ".join(day.names_en),
        "estimated": day.estimated,
        "source": day.source,
    }


def deadline_json(deadline: Deadline, region: str) -> dict[str, Any]:
    """The JSON contract of ``sp4n sla deadline --json``."""
    return {
        "due_date": deadline.due_date.isoformat(),
        "deadline": deadline.deadline.isoformat(),
        "due_at_utc": deadline.due_at.isoformat(),
        "timezone": deadline.timezone,
        "region": region,
        "from": deadline.start.isoformat(),
        "value": deadline.value,
        "unit": str(deadline.unit),
        "counted_from": deadline.counted_from.isoformat(),
        "cutoff": deadline.cutoff,
        "skipped": [_day_json(d) for d in deadline.skipped],
        "estimated": deadline.estimated,
        "calendar_version": deadline.calendar_version,
    }


def _deadline(args: argparse.Namespace) -> int:
    start = _parse_start(args.start)
    timezone = _check_region(args.region, args.regions)
    if args.working_days is not None:
        value, unit = args.working_days, TimeUnit.working_days
    else:
        value, unit = args.calendar_days, TimeUnit.calendar_days
    if value < 0:
        raise RuleViolation(f"--{unit.replace('_', '-')}", "must not be negative")
    result = compute_deadline(
        start,
        value,
        unit,
        timezone=timezone,
        calendar=_calendar_from(args),
        counting=Counting(cutoff=args.cutoff),
    )
    if args.json:
        print(json.dumps(deadline_json(result, args.region), ensure_ascii=False))
    else:
        print(explain_deadline(result, getattr(args, "lang", None) or current_language()))
    return 0


def _calendar(args: argparse.Namespace) -> int:
    calendar = _calendar_from(args)
    days = calendar.holidays_in(args.year)
    if args.json:
        payload = {
            "year": args.year,
            "calendar_version": calendar.version,
            "supported_years": list(calendar.years),
            "days": [_day_json(d) for d in days],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    english = current_language() == "en"
    print(text("sla.holidays_of", year=args.year, version=calendar.version))
    for day in days:
        mark = text("sla.estimated_mark") if day.estimated else ""
        names = "; ".join(day.names_en if english else day.names_id)
        weekday = text(f"weekday.{day.date.weekday()}")
        print(f"{day.date.isoformat()} {weekday} {text(f'sla.kind.{day.kind.value}')}: {names}{mark}")
    return 0
