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
    Policy,
    RoutingFacts,
    Rule,
    Target,
    TargetLevel,
    explain_routing,
    parse_regions,
    regional_governments,
)

REGIONS = parse_regions(["34,DI Yogyakarta", "34.04,Kabupaten Sleman"], version="2025")
PLN = Agency(id="pln", name="PT PLN (Persero)", kind=AgencyKind.bumn)
REGISTRY = AgencyRegistry([*regional_governments(REGIONS), PLN])


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
    assert decision.agency.id == "pln"
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
