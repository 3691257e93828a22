"""Routing policy as data: rules from (category, type, channel, region subtree) to an agency, compiled once.

A :class:`Rule` matches one category and optionally some report types, channels and a region subtree; it
targets a named agency or "the regional government at level provinsi / kabupaten-kota of the complaint's
region", so one rule covers all 514 kabupaten/kota. Among matching rules the most specific wins: the deeper
region first, then a rule that names types or channels, then the higher ``priority``; what is still tied is
broken by the order of the rules (and reported by :mod:`sp4n.jurisdiction.check`). A rule with
``after_decline_of`` applies only once those agencies have said "bukan wewenang": **all** of them by default
(``after_decline_match = "all"``), or **any** one of them with ``after_decline_match = "any"``.

Files are read and validated at the edge (:func:`sp4n.adapters.loaders.load_policy`); this
module is pure.

>>> rule = Rule(id="sd", category="pendidikan-dasar", target=Target(level=TargetLevel.kabupaten_kota))
>>> rule.describe()
'pendidikan-dasar, everywhere → kabupaten/kota government'
>>> Policy(name="p", rules=(rule,)).categories
('pendidikan-dasar',)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction.agencies import Agency
from sp4n.jurisdiction.codes import ancestors, depth_of, normalize_code
from sp4n.lifecycle.model import Channel, ComplaintType
from sp4n.texts import Phrase

__all__ = [
    "DeclineMatch",
    "Policy",
    "Rule",
    "Table",
    "TableKey",
    "TableView",
    "Target",
    "TargetLevel",
    "build_table",
]


class TargetLevel(StrEnum):
    """Which regional government of the complaint's region a rule targets."""

    provinsi = "provinsi"
    kabupaten_kota = "kabupaten_kota"


def _one_target(instance: Target, _: attrs.Attribute[TargetLevel | None], level: TargetLevel | None) -> None:
    if (instance.agency is None) == (level is None):
        raise RuleViolation("target", "name exactly one of agency or level")


@attrs.frozen(kw_only=True)
class Target:
    """A named ``agency`` id, or the regional government at ``level`` of the complaint's region."""

    agency: str | None = None
    level: TargetLevel | None = attrs.field(
        default=None, converter=attrs.converters.optional(TargetLevel), validator=_one_target
    )

    def describe(self) -> str:
        """Human-readable target."""
        if self.level is TargetLevel.provinsi:
            return Phrase("provincial government")
        if self.level is TargetLevel.kabupaten_kota:
            return Phrase("kabupaten/kota government")
        return str(self.agency)


def _types(values: Iterable[str]) -> frozenset[ComplaintType]:
    return frozenset(ComplaintType(v) for v in values)


def _channels(values: Iterable[str]) -> frozenset[Channel]:
    return frozenset(Channel(v) for v in values)


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _region(value: str | None) -> str:
    return "" if not value else normalize_code(value, "rule.region")


class DeclineMatch(StrEnum):
    """How many of a rule's ``after_decline_of`` agencies must have declined before the rule applies."""

    all = "all"  # every one of them (the default: a fallback after the whole list said bukan wewenang)
    any = "any"  # at least one of them


@attrs.frozen(kw_only=True)
class Rule:
    """One routing rule. Empty ``types`` / ``channels`` mean any; ``region`` ``""`` means everywhere.

    ``after_decline_of`` makes the rule wait for declines: with ``after_decline_match`` ``all`` (the default)
    until every named agency declined, with ``any`` until one of them did.

    >>> r = Rule(id="x", category="listrik", target=Target(agency="esdm"), after_decline_of=["pln", "pemda"],
    ...          after_decline_match="any")
    >>> r.applies_after({"pln"}), r.describe()
    (True, 'listrik, everywhere, after pemda or pln declined → esdm')
    """

    id: str
    category: str
    target: Target = attrs.field(validator=attrs.validators.instance_of(Target))
    region: str = attrs.field(default="", converter=_region)
    types: frozenset[ComplaintType] = attrs.field(default=frozenset(), converter=_types)
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_channels)
    after_decline_of: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    after_decline_match: DeclineMatch = attrs.field(default=DeclineMatch.all, converter=DeclineMatch)
    priority: int = 0
    basis: str = ""

    def applies_after(self, declined: Iterable[str]) -> bool:
        """True when the declines so far satisfy ``after_decline_of`` (always, for a rule without one)."""
        if not self.after_decline_of:
            return True
        if self.after_decline_match is DeclineMatch.any:
            return not self.after_decline_of.isdisjoint(declined)
        return self.after_decline_of <= frozenset(declined)

    def decline_condition(self) -> str:
        """``"pln+pemda"`` (all of them) or ``"pln or pemda"`` (any one)."""
        joiner = " or " if self.after_decline_match is DeclineMatch.any else "+"
        return joiner.join(sorted(self.after_decline_of))

    @property
    def region_depth(self) -> int:
        """0 for a nationwide rule, else the depth of its region (1 provinsi … 4 village)."""
        return depth_of(self.region) if self.region else 0

    def specificity(self) -> tuple[int, int, int, int]:
        """The sort key: higher wins (region depth, decline-conditioned, named filters, priority)."""
        filters = int(bool(self.types)) + int(bool(self.channels))
        return (self.region_depth, int(bool(self.after_decline_of)), filters, self.priority)

    def matches(self, type_: ComplaintType, channel: Channel) -> bool:
        """True when the rule accepts this report type and channel."""
        return (not self.types or type_ in self.types) and (not self.channels or channel in self.channels)

    def describe(self) -> str:
        """One line: what the rule matches and where it sends it."""
        parts = [
            self.category,
            Phrase("in {region}", region=self.region) if self.region else Phrase("everywhere"),
        ]
        if self.types:
            parts.append(Phrase("type {types}", types="/".join(sorted(self.types))))
        if self.channels:
            parts.append(Phrase("channel {channels}", channels="/".join(sorted(self.channels))))
        if self.after_decline_of:
            parts.append(Phrase("after {agencies} declined", agencies=self.decline_condition()))
        return Phrase("{parts} → {target}", parts=Phrase.joined(", ", parts), target=self.target.describe())


#: (category, type, channel) as plain strings: hashing a StrEnum member runs Python code, a str's is cached.
TableKey = tuple[str, str, str]
#: Region prefix → the rules anchored there or above, best first ("" is the whole country).
Table = dict[str, tuple[Rule, ...]]
#: (type or None for all, channel or None for all, merged table, own table).
TableView = tuple[ComplaintType | None, Channel | None, Table, Table]


def _sorted(rules: Iterable[Rule], order: dict[str, int]) -> tuple[Rule, ...]:
    return tuple(sorted(rules, key=lambda r: (tuple(-k for k in r.specificity()), order[r.id])))


def build_table(rules: Iterable[Rule], order: dict[str, int]) -> tuple[Table, Table]:
    """``(merged, own)``: per anchored prefix, the candidates including ancestors', and its own rules."""
    own_lists: dict[str, list[Rule]] = {}
    for rule in rules:
        own_lists.setdefault(rule.region, []).append(rule)
    own = {prefix: _sorted(found, order) for prefix, found in own_lists.items()}
    merged: Table = {}
    for prefix in sorted(own, key=len):
        above = (
            ()
            if not prefix
            else next((merged[a] for a in (*reversed(ancestors(prefix)), "") if a in merged), ())
        )
        merged[prefix] = own[prefix] + above
    return merged, own


def _rule_tuple(values: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(values)


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _agency_tuple(values: Iterable[Agency]) -> tuple[Agency, ...]:
    return tuple(values)


def _unique_ids(instance: Policy, _: attrs.Attribute[tuple[Rule, ...]], rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleViolation(f"policy.{instance.name}.rules", "rule id {id!r} appears twice", id=rule.id)
        seen.add(rule.id)


@attrs.frozen(kw_only=True)
class Policy:
    """A named, versioned set of rules, plus agencies it declares (ministries, BUMN, …).

    The lookup index is built once, at construction: per (category, type, channel), a dict from region
    prefix to the ordered candidates, so resolving walks at most five prefixes.
    """

    name: str
    rules: tuple[Rule, ...] = attrs.field(converter=_rule_tuple, validator=_unique_ids)
    version: str = ""
    declared_categories: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    agencies: tuple[Agency, ...] = attrs.field(default=(), converter=_agency_tuple)
    tables: dict[TableKey, Table] = attrs.field(init=False, eq=False, repr=False)
    own_tables: dict[TableKey, Table] = attrs.field(init=False, eq=False, repr=False)
    decline_rules: dict[str, tuple[Rule, ...]] = attrs.field(init=False, eq=False, repr=False)
    #: Rule id → position in the policy (the last tie-breaker).
    rank: dict[str, int] = attrs.field(init=False, eq=False, repr=False)
    #: The resolver's cache of decisions for the last agency registry used: a cache, not state.
    memo: list[Any] = attrs.field(init=False, eq=False, repr=False, factory=list)

    def __attrs_post_init__(self) -> None:
        order = {rule.id: n for n, rule in enumerate(self.rules)}
        tables: dict[TableKey, Table] = {}
        own_tables: dict[TableKey, Table] = {}
        declines: dict[str, list[Rule]] = {}
        built: dict[frozenset[str], tuple[Table, Table]] = {}
        for category in self.categories:
            mine = [r for r in self.rules if r.category == category]
            declines[category] = [r for r in mine if r.after_decline_of]
            plain = [r for r in mine if not r.after_decline_of]
            for type_, channel in itertools.product(ComplaintType, Channel):
                chosen = [r for r in plain if r.matches(type_, channel)]
                ids = frozenset(r.id for r in chosen)
                if ids not in built:  # share identical tables: most categories need one, not fifteen
                    built[ids] = build_table(chosen, order)
                key = (category, str(type_.value), str(channel.value))
                tables[key], own_tables[key] = built[ids]
        object.__setattr__(self, "tables", tables)
        object.__setattr__(self, "own_tables", own_tables)
        object.__setattr__(self, "decline_rules", {c: _sorted(r, order) for c, r in declines.items()})
        object.__setattr__(self, "rank", order)

    def ordered(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        """``rules`` best first: most specific, then listed first."""
        return _sorted(rules, self.rank)

    @property
    def categories(self) -> tuple[str, ...]:
        """Every category the policy declares or has a rule for, in first-seen order."""
        return tuple(dict.fromkeys((*self.declared_categories, *(r.category for r in self.rules))))

    def rule(self, rule_id: str) -> Rule:
        """The rule with that id; raises :class:`RuleViolation`."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise RuleViolation(
            "rule", "policy {name!r} has no rule {rule_id!r}", name=self.name, rule_id=rule_id
        )

    def distinct_tables(self, category: str) -> list[TableView]:
        """The category's tables; one entry with type/channel ``None`` when no rule narrows them."""
        combos = list(itertools.product(ComplaintType, Channel))
        keys = [(category, t.value, c.value) for t, c in combos]
        first = self.tables.get(keys[0])
        if first is None:
            return [(None, None, {}, {})]
        if all(self.tables[k] is first for k in keys):
            return [(None, None, first, self.own_tables[keys[0]])]
        return [(t, c, self.tables[k], self.own_tables[k]) for (t, c), k in zip(combos, keys, strict=True)]
