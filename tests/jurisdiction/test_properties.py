"""Properties of routing over a small region list: total, deterministic, local, and checked exactly."""

from __future__ import annotations

import itertools

import attrs
from hypothesis import given
from hypothesis import strategies as st

from sp4n.jurisdiction import (
    Agency,
    AgencyKind,
    AgencyRegistry,
    Assigned,
    Decision,
    FindingKind,
    Policy,
    RoutingFacts,
    Rule,
    Target,
    TargetLevel,
    Unresolved,
    check_policy,
    is_within,
    parse_regions,
    regional_governments,
    resolve,
)
from sp4n.jurisdiction.resolve import target_of
from sp4n.lifecycle.model import Channel, ComplaintType
from sp4n.testing.strategies import policies, routing_facts, rules

REGIONS = parse_regions(
    [
        "31,DKI Jakarta",
        "31.71,Kota Administrasi Jakarta Pusat",
        "31.71.01,Gambir",
        "31.71.01.1001,Gambir",
        "34,DI Yogyakarta",
        "34.04,Kabupaten Sleman",
        "34.04.01,Gamping",
        "34.04.01.2001,Balecatur",
        "34.04.01.2002,Ambarketawang",
        "34.04.02,Godean",
        "34.04.02.2001,Sidoluhur",
        "34.71,Kota Yogyakarta",
        "34.71.01,Mantrijeron",
        "34.71.01.1001,Gedongkiwo",
        "51,Bali",
        "51.03,Kabupaten Badung",
        "51.03.01,Kuta Selatan",
        "51.03.01.1001,Benoa",
        "51.71,Kota Denpasar",
    ],
    version="test",
)
# Badung and Denpasar have no government here, and "ghost" is not registered: gaps must show up.
REGISTRY = AgencyRegistry(
    [
        *(a for a in regional_governments(REGIONS) if a.governs not in ("51.03", "51.71")),
        Agency(id="pln", name="PLN", kind=AgencyKind.bumn),
        Agency(id="bpjs", name="BPJS Kesehatan", kind=AgencyKind.lembaga),
    ]
)
CATEGORIES = ["sd", "listrik", "jalan"]
AGENCIES = ["pln", "bpjs", "ghost"]
VILLAGES = [c for c in REGIONS if len(c) == 13]
some_policy = policies(REGIONS, CATEGORIES, AGENCIES, max_rules=10)
DECLINERS = ["pln", "bpjs", "ghost", "pemprov-34", "pemkab-34.04", "pemprov-31"]
declines = st.frozensets(st.sampled_from(DECLINERS))
any_facts = routing_facts(REGIONS, [*CATEGORIES, "unknown"], depth=None, declined=declines)


def _declines_met(rule: Rule, declined: frozenset[str]) -> bool:
    """The documented rule, written out: no condition; all named agencies declined; or any one of them."""
    if not rule.after_decline_of:
        return True
    if rule.after_decline_match == "any":
        return any(agency in declined for agency in rule.after_decline_of)
    return all(agency in declined for agency in rule.after_decline_of)


def _reference(facts: RoutingFacts, policy: Policy) -> str | None:
    """A naive resolver written straight from the documented rule: filter, sort, first usable target."""
    code = facts.region_code or ""
    matching = [
        (n, r)
        for n, r in enumerate(policy.rules)
        if r.category == facts.category
        and is_within(code, r.region)
        and r.matches(facts.type, facts.channel)
        and _declines_met(r, facts.declined)
    ]
    matching.sort(key=lambda item: (tuple(-k for k in item[1].specificity()), item[0]))
    for _, rule in matching:
        agency = target_of(rule, facts.region_code, REGISTRY)
        if agency is not None and agency.id not in facts.declined:
            return agency.id
    return None


def _outcome(decision: Decision) -> str | None:
    return decision.agency.id if isinstance(decision, Assigned) else None


@given(some_policy, any_facts)
def test_resolution_is_total_deterministic_and_matches_the_documented_rule(
    policy: Policy, facts: RoutingFacts
) -> None:
    first = resolve(facts, policy, REGISTRY)
    assert isinstance(first, Assigned | Unresolved)
    assert resolve(facts, policy, REGISTRY) == first
    rebuilt = Policy(name=policy.name, rules=policy.rules, declared_categories=policy.declared_categories)
    assert resolve(facts, rebuilt, REGISTRY) == first
    assert _outcome(first) == _reference(facts, policy)
    if isinstance(first, Assigned):
        assert first.agency.id not in facts.declined


@given(some_policy, st.data())
def test_after_declines_the_resolver_still_follows_the_documented_rule(
    policy: Policy, data: st.DataObject
) -> None:
    # Facts aimed at the policy's own rules and decliners, so that declines really meet decline rules.
    rule = data.draw(st.sampled_from(policy.rules)) if policy.rules else None
    category = rule.category if rule else "sd"
    region = data.draw(
        st.sampled_from([v for v in VILLAGES if rule is None or is_within(v, rule.region)] or VILLAGES)
    )
    declined = data.draw(st.frozensets(st.sampled_from(DECLINERS), min_size=1))
    facts = RoutingFacts(category=category, region_code=region, declined=declined)
    decision = resolve(facts, policy, REGISTRY)
    assert _outcome(decision) == _reference(facts, policy)
    assert not (isinstance(decision, Assigned) and decision.agency.id in declined)


@given(some_policy, rules(REGIONS, CATEGORIES, AGENCIES), any_facts)
def test_adding_a_regional_rule_only_changes_decisions_inside_its_subtree(
    policy: Policy, extra: Rule, facts: RoutingFacts
) -> None:
    extra = attrs.evolve(extra, id="extra", region=extra.region or "34.04")
    wider = Policy(name="wider", rules=[*policy.rules, extra])
    inside = extra.category == facts.category and is_within(facts.region_code or "", extra.region)
    if not inside:
        assert _outcome(resolve(facts, wider, REGISTRY)) == _outcome(resolve(facts, policy, REGISTRY))


@given(some_policy)
def test_the_check_reports_a_gap_exactly_where_some_village_is_unresolved(policy: Policy) -> None:
    gaps = [f for f in check_policy(policy, REGIONS, REGISTRY).findings if f.kind is FindingKind.gap]
    for category, type_, channel in itertools.product(policy.categories, ComplaintType, Channel):
        unresolved = {
            v
            for v in VILLAGES
            if isinstance(
                resolve(
                    RoutingFacts(category=category, type=type_, channel=channel, region_code=v),
                    policy,
                    REGISTRY,
                ),
                Unresolved,
            )
        }
        mine = [
            g
            for g in gaps
            if g.category == category and g.type in (None, type_) and g.channel in (None, channel)
        ]
        assert sum(g.villages for g in mine) == len(unresolved)
        assert all(any(is_within(v, g.region) for g in mine) for v in unresolved)


def test_the_check_finds_the_missing_governments_of_badung_and_denpasar() -> None:
    policy = Policy(
        name="p", rules=[Rule(id="sd", category="sd", target=Target(level=TargetLevel.kabupaten_kota))]
    )
    report = check_policy(policy, REGIONS, REGISTRY)
    kinds = {(f.kind, f.region, f.villages) for f in report.findings}
    assert (FindingKind.gap, "51", 1) in kinds  # Bali's one village, collapsed to its province
    assert any(
        f.kind is FindingKind.missing_government and "51.03, 51.71" in f.message for f in report.findings
    )
