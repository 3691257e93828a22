"""The Indonesian government working calendar: Monday–Friday minus libur nasional and cuti bersama.

The dates come from the ``holidays`` package (``holidays.Indonesia``, categories ``public`` = libur nasional
and ``government`` = cuti bersama, both set each year by the SKB cuti bersama of three ministers), never
hand-typed. Hosts add or remove dates with a source note through :class:`CalendarOverrides` without a release
(a mid-year SKB amendment, a provincial holiday, an office closure).

A calendar covers an explicit range of years and raises :class:`~sp4n.exceptions.UnsupportedYear` outside it.
The *official* range runs from 2002, the first year with cuti bersama, to the last year for which the
installed ``holidays`` has a cuti bersama list (``WorkingCalendar.official_until``). So that a calendar gap
never takes the complaint service down, the default calendar then runs on for :data:`ESTIMATED_YEARS` more
years on a documented fallback, every holiday in them marked ``estimated``: weekends; the libur nasional the
``holidays`` rules compute (fixed dates such as 1 January, 1 May, 1 June, 17 August and 25 December, and
their estimates of the lunar and Islamic dates); and the cuti bersama of the last official year carried
over as a *pattern* (each one kept at the same distance from the holiday it bridged, e.g. the days around
Idul Fitri). Deadlines that reach those years are ``estimated``. When the new SKB is out, a host loads it as
data (``CalendarOverrides(skb=[SkbYear(...)])``, or the ``skb`` key of an overrides file) without upgrading:
it replaces the estimate for that year, which then counts as official. Dates the data marks as estimated
(Islamic and lunar dates before the sidang isbat) are flagged too.

The counting is table-driven: every working day in the range gets an index, so "N working days after" is two
list look-ups whatever N is.

>>> from datetime import date
>>> cal = indonesia_calendar()
>>> cal.add_working_days(date(2025, 3, 27), 3)   # Idul Fitri 2025: 28 Mar – 7 Apr are off
datetime.date(2025, 4, 10)
>>> cal.count_working_days(date(2025, 3, 27), date(2025, 4, 10))
3
>>> cal.is_working_day(date(2025, 8, 18))        # added by the August 2025 SKB amendment
False
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import date

import attrs
from holidays.countries.indonesia import Indonesia
from holidays.version import __version__ as holidays_version

from sp4n.exceptions import ConfigurationError, RuleViolation
from sp4n.sla.daytable import DayKind, NonWorkingDay, WorkingCalendar

__all__ = [
    "CalendarOverrides",
    "DayKind",
    "NonWorkingDay",
    "OverrideDay",
    "SkbYear",
    "WorkingCalendar",
    "indonesia_calendar",
]

#: Cuti bersama was first decreed for 2002; earlier years have no government-leave data.
FIRST_SKB_YEAR = 2002
#: Years after the last official SKB year that the default calendar covers with estimates.
ESTIMATED_YEARS = 10
_JOINT = " Joint Holiday"


@attrs.frozen(kw_only=True)
class OverrideDay:
    """One host change to the calendar: the date, a name for it and the source (decree, letter, notice)."""

    date: date
    name: str
    source: str = attrs.field()

    @source.validator
    def _needs_source(self, _: attrs.Attribute[str], value: str) -> None:
        if not value.strip():
            raise RuleViolation("override.source", "every calendar override must cite its source")


def _days(value: Iterable[OverrideDay]) -> tuple[OverrideDay, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class SkbYear:
    """A year's official non-working days, loaded by a host as data once the SKB is signed (the SKB of the
    Ministers of Religious Affairs, Manpower, and Administrative and Bureaucratic Reform sets both lists).

    >>> skb = SkbYear(year=2028, source="SKB 3 Menteri 2027", libur_nasional=[], cuti_bersama=[])
    >>> skb.year
    2028
    """

    year: int
    source: str = attrs.field()
    libur_nasional: tuple[OverrideDay, ...] = attrs.field(converter=_days)
    cuti_bersama: tuple[OverrideDay, ...] = attrs.field(converter=_days)

    @source.validator
    def _needs_source(self, _: attrs.Attribute[str], value: str) -> None:
        if not value.strip():
            raise RuleViolation("skb.source", "an SKB year must cite its decree")

    def days(self) -> list[NonWorkingDay]:
        """The year's days as calendar entries."""
        return [
            NonWorkingDay(date=o.date, kind=kind, names_id=(o.name,), names_en=(o.name,), source=self.source)
            for kind, group in ((DayKind.libur_nasional, self.libur_nasional),
                                (DayKind.cuti_bersama, self.cuti_bersama))
            for o in group
        ]  # fmt: skip


def _skbs(value: Iterable[SkbYear]) -> tuple[SkbYear, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class CalendarOverrides:
    """Dates a host adds as non-working (``add``) or makes working again (``remove``), each with a source."""

    add: tuple[OverrideDay, ...] = attrs.field(default=(), converter=_days)
    remove: tuple[OverrideDay, ...] = attrs.field(default=(), converter=_days)
    skb: tuple[SkbYear, ...] = attrs.field(default=(), converter=_skbs)

    @property
    def fingerprint(self) -> str:
        """A short hash of the overrides, recorded in every deadline's calendar version."""
        text = "|".join(
            f"{sign}{o.date.isoformat()}:{o.name}:{o.source}"
            for sign, days in (("+", self.add), ("-", self.remove))
            for o in sorted(days, key=lambda o: o.date)
        ) + "|".join(f"skb{s.year}:{s.source}:{d.date}:{d.kind}" for s in self.skb for d in s.days())
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @classmethod
    def from_mapping(cls, data: object, source: str = "overrides") -> CalendarOverrides:
        """Read ``{"add": [{"date", "name", "source"}], "remove": [...]}`` (as parsed from JSON or YAML).

        >>> o = CalendarOverrides.from_mapping(
        ...     {"add": [{"date": "2026-06-02", "name": "Libur daerah", "source": "SE Gubernur 1/2026"}]})
        >>> o.add[0].date
        datetime.date(2026, 6, 2)
        """
        if not isinstance(data, dict) or set(data) - {"add", "remove", "skb"}:
            raise ConfigurationError(
                source, "expected a mapping with only the keys 'add', 'remove' and 'skb'"
            )
        try:
            return cls(
                add=tuple(_override_from(item) for item in data.get("add", ())),
                remove=tuple(_override_from(item) for item in data.get("remove", ())),
                skb=tuple(_skb_from(item) for item in data.get("skb", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as err:
            raise ConfigurationError(
                source, "bad override entry: {error}", error=type(err).__name__
            ) from None


def _override_from(item: dict[str, str], source: str | None = None) -> OverrideDay:
    name = item["name"]
    if not isinstance(name, str):
        raise TypeError("name")
    return OverrideDay(date=date.fromisoformat(item["date"]), name=name, source=source or item["source"])


def _skb_from(item: dict[str, object]) -> SkbYear:
    year, source = item["year"], item["source"]
    if not isinstance(year, int) or not isinstance(source, str):
        raise TypeError("skb year")
    groups = {k: item.get(k, ()) for k in ("libur_nasional", "cuti_bersama")}
    days = {k: tuple(_override_from(d, source) for d in v) for k, v in groups.items()}  # type: ignore[attr-defined]
    return SkbYear(year=year, source=source, **days)


def _carry_over(found: dict[date, NonWorkingDay], last: int, years: range) -> None:
    """The fallback past the official data: mark the computed libur nasional of ``years`` estimated and
    repeat the last official year's cuti bersama at the same distance from the holiday each one bridges."""
    source = f"estimated: holidays rules, cuti bersama after the SKB pattern of {last}"
    for day, info in list(found.items()):
        if day.year in years:
            found[day] = attrs.evolve(info, estimated=True, source=source)
    anchors = [d for d in found.values() if d.date.year == last and d.kind is DayKind.libur_nasional]
    for joint in [d for d in found.values() if d.date.year == last and d.kind is DayKind.cuti_bersama]:
        base = joint.names_en[0].removesuffix(_JOINT) if joint.names_en else ""
        near = [a for a in anchors if a.names_en and a.names_en[0].startswith(base)]
        if not base or not near:
            continue
        anchor = min(near, key=lambda a: abs((a.date - joint.date).days))
        for year in years:
            for target in [
                d for d in found.values() if d.date.year == year and d.names_en[:1] == anchor.names_en[:1]
            ]:
                when = target.date + (joint.date - anchor.date)
                if when.year == year and when not in found:
                    found[when] = attrs.evolve(joint, date=when, estimated=True, source=source)


def _skb_years() -> tuple[int, int]:
    """From 2002 to the last consecutive year the installed ``holidays`` has cuti bersama for."""
    last = FIRST_SKB_YEAR
    while Indonesia(years=last + 1, categories=("government",)):
        last += 1
    return FIRST_SKB_YEAR, last


def _split(names: list[str], marker: str) -> tuple[tuple[str, ...], bool]:
    estimated = any(n.endswith(marker) for n in names)
    return tuple(n.removesuffix(marker) for n in names), estimated


def _load(first: int, last: int) -> dict[date, NonWorkingDay]:
    """Read both categories in both languages from ``holidays.Indonesia``."""
    years = range(first, last + 1)
    found: dict[date, NonWorkingDay] = {}
    # Public first so that a date which is both (none today) keeps the stronger kind.
    for category, kind in (("government", DayKind.cuti_bersama), ("public", DayKind.libur_nasional)):
        in_id = Indonesia(years=years, categories=(category,), language="id")
        in_en = Indonesia(years=years, categories=(category,), language="en_US")
        for day in in_id:
            names_id, est_id = _split(in_id.get_list(day), " (perkiraan)")
            names_en, est_en = _split(in_en.get_list(day), " (estimated)")
            found[day] = NonWorkingDay(
                date=day,
                kind=kind,
                names_id=names_id,
                names_en=names_en,
                estimated=est_id or est_en,
                source=f"holidays {holidays_version} (SKB {kind.label_id})",
            )
    return found


def _apply(found: dict[date, NonWorkingDay], overrides: CalendarOverrides, years: tuple[int, int]) -> None:
    for o in (*overrides.add, *overrides.remove):
        if not years[0] <= o.date.year <= years[1]:
            raise ConfigurationError(
                "calendar overrides",
                "{date} is outside the years {first}-{last}",
                date=o.date,
                first=years[0],
                last=years[1],
            )
    for o in overrides.remove:
        found.pop(o.date, None)
    for o in overrides.add:
        found[o.date] = NonWorkingDay(
            date=o.date, kind=DayKind.override, names_id=(o.name,), names_en=(o.name,), source=o.source
        )


@functools.lru_cache(maxsize=16)
def indonesia_calendar(
    overrides: CalendarOverrides | None = None, years: tuple[int, int] | None = None
) -> WorkingCalendar:
    """The national calendar (cached per arguments), optionally changed by host ``overrides``.

    ``years`` narrows (or, at the host's risk, widens) the supported range; by default it is the official
    SKB range plus :data:`ESTIMATED_YEARS` estimated years (module docstring). Removing a weekend date makes
    it a working day (hari kerja pengganti).

    >>> closure = OverrideDay(date=date(2026, 6, 2), name="Libur daerah", source="SE 1/2026")
    >>> o = CalendarOverrides(add=[closure])
    >>> cal = indonesia_calendar(o)
    >>> cal.is_working_day(date(2026, 6, 2)), cal.version.startswith("holidays-")
    (False, True)
    """
    first, official = _skb_years()
    first, last = years or (first, official + ESTIMATED_YEARS)
    if first > last:
        raise ConfigurationError(
            "calendar years", "first year {first} is after last year {last}", first=first, last=last
        )
    found = _load(first, last)
    official = min(official, last)
    _carry_over(found, official, range(official + 1, last + 1))
    version = f"holidays-{holidays_version}"
    if overrides is not None and (overrides.add or overrides.remove or overrides.skb):
        official = _load_skb(found, overrides.skb, official, (first, last))
        _apply(found, overrides, (first, last))
        version += f"+overrides:{overrides.fingerprint}"
    opened = [o.date for o in overrides.remove] if overrides else []
    return WorkingCalendar(found.values(), first, last, version, opened, official_until=official)


def _load_skb(found: dict[date, NonWorkingDay], skbs: tuple[SkbYear, ...], official: int,
              years: tuple[int, int]) -> int:  # fmt: skip
    """Replace estimated years by the SKBs a host loaded; the new last official year."""
    for skb in skbs:
        if not years[0] <= skb.year <= years[1] or any(d.date.year != skb.year for d in skb.days()):
            wrong = "SKB {year} must list dates of {year}, within {first}-{last}"
            raise ConfigurationError("calendar skb", wrong, year=skb.year, first=years[0], last=years[1])
        for day in [d for d in found if d.year == skb.year]:
            del found[day]
        found.update({d.date: d for d in skb.days()})
    loaded = {s.year for s in skbs}
    while official + 1 in loaded:
        official += 1
    return official
