"""The resolver at its edges: why each other rule lost when the winner is a fallback, and the routing facts a
caller builds (found by mutation testing, docs/mutation-testing.md)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from sp4n.jurisdiction import (
    Agency,
    AgencyKind,
    AgencyRegistry,
    Assigned,
    Decision,
    Policy,
    RoutingFacts,
    Rule,
    Target,
    TargetLevel,
    Unresolved,
    explain_routing,
    parse_regions,
    regional_governments,
    resolve,
)

REGIONS = parse_regions(["34,DI Yogyakarta", "34.04,Kabupaten Sleman"], version="2025")
PLN = Agency(id="pln", name="PT PLN (Persero)", kind=AgencyKind.bumn)
REGISTRY = AgencyRegistry([*regional_governments(REGIONS), PLN])
KAB = Target(level=TargetLevel.kabupaten_kota)


def test_explain_names_the_missing_government_and_the_agency_that_declined() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="kab", category="c", target=Target(level=TargetLevel.kabupaten_kota)),
            Rule(id="prov", category="c", target=Target(level=TargetLevel.provinsi), priority=-1),
            Rule(id="pln", category="c", target=Target(agency="pln"), priority=-2),
        ],
    )
    # A province-level code has no kabupaten/kota government, and the province already declined.
    facts = RoutingFacts(category="c", region_code="34", declined={"pemprov-34"})
    decision, lines = explain_routing(facts, policy, REGISTRY)
    assert isinstance(decision, Assigned)
    assert isinstance(decision, Decision)
    assert decision.explanation == (
        "rule 'pln' (c, everywhere → pln) assigns pln (PT PLN (Persero)); passed over kab (no kabupaten/kota "
        "government for region 34), pemprov-34 (declined)"
    )
    assert lines == [
        "kab: no kabupaten/kota government for region 34",
        "prov: pemprov-34 already declined",
    ]


def test_the_chain_is_the_region_and_its_ancestors_down_to_the_whole_country() -> None:
    assert RoutingFacts(category="c", region_code="3404012001").chain == (
        "34.04.01.2001",
        "34.04.01",
        "34.04",
        "34",
        "",
    )
    assert RoutingFacts(category="c").chain == ("",)


def test_a_clean_assignment_says_only_which_rule_assigns_whom() -> None:
    policy = Policy(name="p", rules=[Rule(id="kab", category="c", target=KAB)])
    decision = resolve(RoutingFacts(category="c", region_code="34.04"), policy, REGISTRY)
    assert isinstance(decision, Assigned)
    assert (decision.explanation, decision.passed_over) == (
        "rule 'kab' (c, everywhere → kabupaten/kota government) assigns pemkab-34.04 "
        "(Pemerintah Kabupaten Sleman)",
        (),
    )


def test_unresolved_reasons_name_every_agency_passed_over_or_the_missing_rule() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="esdm", category="c", target=Target(agency="esdm")),  # not in the registry
            Rule(id="kab", category="c", target=KAB, priority=-1),
        ],
    )
    nobody = resolve(RoutingFacts(category="c", region_code="34"), policy, REGISTRY)
    assert nobody == Unresolved(
        reason="no agency left for 'c' from 34: esdm (agency 'esdm' is not registered); "
        "kab (no kabupaten/kota government for region 34)"
    )
    bali = Policy(name="p", rules=[Rule(id="bali", category="c", region="51", target=KAB)])
    assert resolve(RoutingFacts(category="c", region_code="34"), bali, REGISTRY) == Unresolved(
        reason="no rule routes 'c' (pengaduan, web) from 34"
    )
    assert resolve(RoutingFacts(category="c"), bali, REGISTRY) == Unresolved(
        reason="no rule routes 'c' (pengaduan, web) from an unknown region"
    )


def test_explain_says_a_tie_was_listed_later_a_rule_waits_for_a_decline_and_no_region_is_none() -> None:
    tie = Policy(
        name="p",
        rules=[
            Rule(id="a", category="c", target=Target(agency="pln")),
            Rule(id="b", category="c", target=KAB),
        ],
    )
    assert explain_routing(RoutingFacts(category="c", region_code="34.04"), tie, REGISTRY)[1] == [
        "b: tied with the winner and listed later"
    ]
    waiting = Policy(
        name="p",
        rules=[
            Rule(id="pln", category="c", target=Target(agency="pln")),
            Rule(id="kab", category="c", target=KAB, after_decline_of=["pln"]),
            Rule(id="bali", category="c", region="51", target=KAB),
        ],
    )
    assert explain_routing(RoutingFacts(category="c"), waiting, REGISTRY)[1] == [
        "kab: applies only after pln declined",
        "bali: region - is outside 51",
    ]


def test_routing_facts_take_keywords_only_and_their_derived_fields_are_not_given() -> None:
    # category and region_code are both text: a positional call could swap them unnoticed; the derived fields
    # (chain, area, key, slot) follow the facts and cannot be given out of step with them.
    facts = RoutingFacts(category="c", region_code="34.04")
    build: Any = RoutingFacts  # mypy rightly refuses the calls this test makes
    assert attrs.evolve(facts) == facts
    with pytest.raises(TypeError):
        build("c")
    for derived in ("chain", "area", "key", "slot"):
        with pytest.raises(TypeError):
            build(category="c", region_code="34.04", **{derived: ("",)})
    decision = resolve(facts, Policy(name="p", rules=[Rule(id="kab", category="c", target=KAB)]), REGISTRY)
    assert isinstance(decision, Assigned)
    records: list[Any] = [decision, Unresolved(reason="r")]
    for record in records:  # the agency, rule and explanation, or the reason, are never given in order
        with pytest.raises(TypeError):
            type(record)(*attrs.astuple(record, recurse=False))


def test_an_unknown_category_is_unresolved_naming_the_policy_and_category() -> None:
    policy = Policy(name="pusat", rules=[Rule(id="kab", category="c", target=KAB)])
    assert resolve(RoutingFacts(category="zzz", region_code="34"), policy, REGISTRY) == Unresolved(
        reason="policy 'pusat' has no rule for category 'zzz'"
    )


def test_a_regional_decline_conditioned_rule_reaches_the_regions_inside_it() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="pln", category="c", target=Target(agency="pln")),
            Rule(
                id="diy",
                category="c",
                region="34",
                target=Target(level=TargetLevel.provinsi),
                after_decline_of=["pln"],
            ),
        ],
    )
    decision = resolve(RoutingFacts(category="c", region_code="34.04.01", declined={"pln"}), policy, REGISTRY)
    assert isinstance(decision, Assigned)
    assert decision.agency.id == "pemprov-34"


def test_an_explanation_that_names_a_village_is_never_reused_for_another_village() -> None:
    # No kabupaten/kota government in this registry: the skipped rule's note names the complaint's own region.
    policy = Policy(
        name="p",
        rules=[
            Rule(id="kab", category="c", target=KAB),
            Rule(id="pln", category="c", target=Target(agency="pln"), priority=-1),
        ],
    )
    registry = AgencyRegistry([PLN])
    for village in ("34.04.01.2001", "34.04.01.2002"):
        decision = resolve(RoutingFacts(category="c", region_code=village), policy, registry)
        assert isinstance(decision, Assigned)
        assert decision.passed_over == (f"kab (no kabupaten/kota government for region {village})",)


def test_decisions_after_a_decline_follow_the_registry_they_are_asked_with() -> None:
    policy = Policy(name="p", rules=[Rule(id="pln", category="c", target=Target(agency="pln"))])
    facts = RoutingFacts(category="c", region_code="34.04")
    assert isinstance(resolve(facts, policy, REGISTRY), Assigned)  # binds the policy's caches to REGISTRY
    declined = attrs.evolve(facts, declined={"pemkab-34.04"})  # someone else declined: pln is still clean
    names = []
    for name in ("PLN UID Yogyakarta", "PLN UID Bali"):
        registry = AgencyRegistry([Agency(id="pln", name=name, kind=AgencyKind.bumn)])
        decision = resolve(declined, policy, registry)
        assert isinstance(decision, Assigned)
        names.append(decision.agency.name)
    assert names == ["PLN UID Yogyakarta", "PLN UID Bali"]
