"""Resolve a complaint's routing facts to one agency, and explain the decision.

:func:`resolve` is deterministic and total: it returns :class:`Assigned` or :class:`Unresolved`, never
raises for well-formed facts. After "bukan wewenang" it proposes the next candidate and never an agency
that already declined.

>>> from sp4n.jurisdiction.agencies import AgencyRegistry, regional_governments
>>> from sp4n.jurisdiction.policy import Policy, Rule, Target, TargetLevel
>>> from sp4n.jurisdiction.regions import parse_regions
>>> regions = parse_regions(["34,DIY", "34.04,Kabupaten Sleman"], version="2025")
>>> registry = AgencyRegistry(regional_governments(regions))
>>> policy = Policy(name="p", rules=[
...     Rule(id="sd", category="pendidikan-dasar", target=Target(level=TargetLevel.kabupaten_kota)),
...     Rule(id="sd-fallback", category="pendidikan-dasar", target=Target(level=TargetLevel.provinsi),
...          priority=-1)])
>>> facts = RoutingFacts(category="pendidikan-dasar", region_code="3404012001")
>>> resolve(facts, policy, registry).agency.id
'pemkab-34.04'
>>> declined = attrs.evolve(facts, declined=frozenset({"pemkab-34.04"}))
>>> resolve(declined, policy, registry).agency.id
'pemprov-34'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from sp4n.jurisdiction.agencies import Agency, AgencyRegistry
from sp4n.jurisdiction.codes import is_within, normalize_code
from sp4n.jurisdiction.policy import Policy, Rule, TargetLevel
from sp4n.lifecycle.model import Channel, ComplaintType
from sp4n.texts import Phrase

if TYPE_CHECKING:
    from sp4n.lifecycle.model import Complaint

__all__ = [
    "Assigned",
    "Decision",
    "RoutingFacts",
    "Unresolved",
    "candidates",
    "explain_routing",
    "resolve",
    "target_of",
]


def _region(value: str | None) -> str | None:
    return None if value is None else normalize_code(value)


def _names(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _key(facts: RoutingFacts) -> tuple[str, str, str]:
    return (str(facts.category), str(facts.type.value), str(facts.channel.value))


def _chain(facts: RoutingFacts) -> tuple[str, ...]:
    code = facts.region_code or ""
    return (*(code[:n] for n in (13, 8, 5, 2) if n <= len(code)), "")


@attrs.frozen(kw_only=True)
class RoutingFacts:
    """What routing looks at: category, type, channel, region code and who already declined."""

    category: str
    type: ComplaintType = attrs.field(default=ComplaintType.pengaduan, converter=ComplaintType)
    channel: Channel = attrs.field(default=Channel.web, converter=Channel)
    region_code: str | None = attrs.field(default=None, converter=_region)
    declined: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    #: The region and its ancestors, deepest first, ending with "" (the whole country).
    chain: tuple[str, ...] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_chain, takes_self=True)
    )
    #: The first two levels of the region (kabupaten/kota or province), the resolver's cache key.
    area: str = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda f: (f.region_code or "")[:5], takes_self=True),
    )
    #: The policy's table key, computed once (see :data:`sp4n.jurisdiction.policy.TableKey`).
    key: tuple[str, str, str] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_key, takes_self=True)
    )
    #: The table key as one string, whose hash Python caches: the resolver's fast path looks it up.
    slot: str = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(lambda f: "\x1f".join(f.key), takes_self=True)
    )

    @classmethod
    def from_complaint(cls, complaint: Complaint) -> RoutingFacts:
        """The routing facts of a complaint, including every agency that declined it."""
        return cls(
            category=complaint.category,
            type=complaint.type,
            channel=complaint.channel,
            region_code=complaint.region_code,
            declined=complaint.declined_agencies,
        )


@attrs.frozen(kw_only=True)
class Assigned:
    """The complaint goes to ``agency`` because of ``rule``; ``explanation`` says why in one line."""

    agency: Agency
    rule: Rule
    explanation: str
    #: Rules or agencies skipped before this one (declined, or no agency for their target here).
    passed_over: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Unresolved:
    """No agency could be chosen; ``reason`` says why (a gap in the policy, or everyone declined)."""

    reason: str


Decision = Assigned | Unresolved


def target_of(rule: Rule, region_code: str | None, registry: AgencyRegistry) -> Agency | None:
    """The agency a rule sends a complaint from ``region_code`` to, ``None`` when there is none."""
    target = rule.target
    if target.agency is not None:
        return registry.get(target.agency)
    if region_code is None:
        return None
    return registry.government_for(region_code, provincial=target.level is TargetLevel.provinsi)


def _assigned(rule: Rule, agency: Agency, skipped: tuple[str, ...] = ()) -> Assigned:
    note = Phrase("; passed over {skipped}", skipped=Phrase.joined(", ", skipped)) if skipped else ""
    explanation = Phrase(
        "rule {rule!r} ({rule_text}) assigns {agency} ({name}){note}",
        rule=rule.id, rule_text=rule.describe(), agency=agency.id, name=agency.name, note=note,
    )  # fmt: skip
    return Assigned(agency=agency, rule=rule, explanation=explanation, passed_over=skipped)


def _missing(rule: Rule, facts: RoutingFacts) -> str:
    """Why a rule's target gives no agency for these facts."""
    if rule.target.agency is not None:
        return Phrase("agency {agency!r} is not registered", agency=rule.target.agency)
    return Phrase("no {target} for region {region}", target=rule.target.describe(), region=facts.region_code)


def _plain_candidates(facts: RoutingFacts, policy: Policy) -> tuple[Rule, ...] | None:
    table = policy.tables.get(facts.key)
    if table is None:
        return None
    for prefix in facts.chain:
        found = table.get(prefix)
        if found is not None:
            return found
    return ()


def _ordered(facts: RoutingFacts, policy: Policy) -> tuple[Rule, ...] | None:
    plain = _plain_candidates(facts, policy)
    if plain is None or not facts.declined:
        return plain
    code = facts.region_code or ""
    extra = tuple(
        r
        for r in policy.decline_rules.get(facts.category, ())
        if r.applies_after(facts.declined)
        and r.matches(facts.type, facts.channel)
        and (not r.region or code == r.region or code.startswith(r.region + "."))
    )
    # Decline-conditioned rules join the others by specificity: a deeper region still comes first.
    return policy.ordered((*extra, *plain)) if extra else plain


def candidates(facts: RoutingFacts, policy: Policy, registry: AgencyRegistry) -> tuple[Assigned, ...]:
    """Every agency the policy would propose, best first, each once, never one that declined."""
    out: dict[str, Assigned] = {}
    for rule in _ordered(facts, policy) or ():
        agency = target_of(rule, facts.region_code, registry)
        if agency is not None and agency.id not in facts.declined and agency.id not in out:
            out[agency.id] = _assigned(rule, agency)
    return tuple(out.values())


Cache = tuple[dict[str, "Decision"], frozenset[str]]
#: (registry, cache by table key, cache by table, clean assignments by (rule id, agency id)).
Bound = tuple[AgencyRegistry, dict[str, Cache], dict[int, Cache], dict[tuple[str, str], Assigned]]


def _cache(policy: Policy, registry: AgencyRegistry, key: tuple[str, str, str]) -> Cache:
    """The decision cache for one table key, shared by every key with the same table."""
    memo = policy.memo
    # Decisions depend on the registry: start afresh for another one. The (registry, by key, by table)
    # triple is replaced as one object, so a reader on another thread never mixes two registries.
    bound: Bound | None = memo[0] if memo else None
    if bound is None or bound[0] is not registry:
        bound = (registry, {}, {}, {})
        memo[:] = [bound]
    by_key: dict[str, Cache] = bound[1]
    found = by_key.get("\x1f".join(key))
    if found is None:
        table = policy.tables.get(key, {})
        # Below a kabupaten/kota with no deeper anchor, every region decides alike: cache by its code.
        deep = frozenset(prefix[:5] for prefix in table if len(prefix) > 5)
        found = by_key["\x1f".join(key)] = bound[2].setdefault(id(table), ({}, deep)) if table else ({}, deep)
    return found


def resolve(facts: RoutingFacts, policy: Policy, registry: AgencyRegistry) -> Decision:
    """The agency a complaint goes to now, or why there is none (deterministic and total)."""
    if facts.declined:
        return _resolve_slowly(facts, policy, registry)
    memo = policy.memo
    bound = memo[0] if memo else None
    cache = bound[1].get(facts.slot) if bound is not None and bound[0] is registry else None
    if cache is None:
        cache = _cache(policy, registry, facts.key)
    decision = cache[0].get(facts.area)
    if decision is None:
        decision = _resolve_slowly(facts, policy, registry)
        # Only a clean assignment reads the same for every region of the area (reasons name the region).
        if facts.area not in cache[1] and isinstance(decision, Assigned) and not decision.passed_over:
            cache[0][facts.area] = decision
    return decision


def _clean(policy: Policy, registry: AgencyRegistry, rule: Rule, agency: Agency) -> Assigned:
    """A clean assignment, built once per (rule, agency) for the bound registry (its text is costly)."""
    memo = policy.memo
    bound: Bound | None = memo[0] if memo else None
    if bound is None or bound[0] is not registry:
        return _assigned(rule, agency)
    key = (rule.id, agency.id)
    found = bound[3].get(key)
    if found is None:
        found = bound[3][key] = _assigned(rule, agency)
    return found


def _resolve_slowly(facts: RoutingFacts, policy: Policy, registry: AgencyRegistry) -> Decision:
    ordered = _ordered(facts, policy)
    if ordered is None:
        return Unresolved(
            reason=Phrase("policy {name!r} has no rule for category {category!r}", name=policy.name,
                          category=facts.category)
        )  # fmt: skip
    skipped: list[str] = []
    for rule in ordered:
        agency = target_of(rule, facts.region_code, registry)
        if agency is None:
            skipped.append(Phrase("{id} ({why})", id=rule.id, why=_missing(rule, facts)))
        elif agency.id in facts.declined:
            skipped.append(Phrase("{id} (declined)", id=agency.id))
        elif skipped:
            return _assigned(rule, agency, tuple(skipped))
        else:
            return _clean(policy, registry, rule, agency)
    where = facts.region_code or Phrase("an unknown region")
    if not ordered:
        scope = f"{facts.type}, {facts.channel}"
        reason = Phrase("no rule routes {category!r} ({scope}) from {where}", category=facts.category,
                        scope=scope, where=where)  # fmt: skip
        return Unresolved(reason=reason)
    reason = Phrase("no agency left for {category!r} from {where}: {skipped}", category=facts.category,
                    where=where, skipped=Phrase.joined("; ", skipped))  # fmt: skip
    return Unresolved(reason=reason)


def _loss(rule: Rule, facts: RoutingFacts, ordered: tuple[Rule, ...], winner: Rule | None) -> str:
    code = facts.region_code or ""
    if rule.region and not is_within(code, rule.region):
        return Phrase("region {code} is outside {region}", code=code or "-", region=rule.region)
    if not rule.matches(facts.type, facts.channel):
        return Phrase("does not take type {type} via {channel}", type=facts.type, channel=facts.channel)
    if rule not in ordered:
        return Phrase("applies only after {agencies} declined", agencies=rule.decline_condition())
    if winner is None or rule.specificity() == winner.specificity():
        return Phrase("tied with the winner and listed later" if winner else "its target has no agency")
    return Phrase("less specific than {winner} ({ours} < {theirs})",
                  winner=winner.id, ours=rule.specificity(), theirs=winner.specificity())  # fmt: skip


def explain_routing(
    facts: RoutingFacts, policy: Policy, registry: AgencyRegistry
) -> tuple[Decision, list[str]]:
    """The decision and, for every other rule of the category, one line on why it lost."""
    decision = resolve(facts, policy, registry)
    winner = decision.rule if isinstance(decision, Assigned) else None
    ordered = _ordered(facts, policy) or ()
    lines: list[str] = []
    for rule in policy.rules:
        if rule.category != facts.category or rule is winner:
            continue
        agency = target_of(rule, facts.region_code, registry)
        reason = _loss(rule, facts, ordered, winner)
        if rule in ordered and agency is None:
            reason = _missing(rule, facts)
        elif rule in ordered and agency is not None and agency.id in facts.declined:
            reason = Phrase("{agency} already declined", agency=agency.id)
        lines.append(Phrase("{rule}: {reason}", rule=rule.id, reason=reason))
    return decision, lines
