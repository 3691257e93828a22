"""The resolver: most specific rule wins, priority breaks the rest, declines are never re-proposed."""

from __future__ import annotations

from datetime import UTC, datetime

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
    Unresolved,
    candidates,
    explain_routing,
    parse_regions,
    regional_governments,
    resolve,
)
from sp4n.lifecycle.model import Channel, Complaint, ComplaintType, DeclineRecord
from sp4n.lifecycle.status import Status

REGIONS = parse_regions(
    [
        "31,DKI Jakarta",
        "31.71,Kota Administrasi Jakarta Pusat",
        "34,DI Yogyakarta",
        "34.04,Kabupaten Sleman",
        "34.04.01,Gamping",
        "34.04.01.2001,Balecatur",
        "34.71,Kota Yogyakarta",
        "51,Bali",
        "51.03,Kabupaten Badung",
    ],
    version="2025",
)
PLN = Agency(id="pln", name="PT PLN (Persero)", kind=AgencyKind.bumn)
ESDM = Agency(id="esdm", name="Kementerian ESDM", kind=AgencyKind.kementerian)
REGISTRY = AgencyRegistry([*regional_governments(REGIONS), PLN, ESDM])
KAB = Target(level=TargetLevel.kabupaten_kota)
PROV = Target(level=TargetLevel.provinsi)


def _agency(decision: object) -> str | None:
    return decision.agency.id if isinstance(decision, Assigned) else None


def _route(policy: Policy, region: str | None, category: str = "c", **kw: object) -> str | None:
    return _agency(resolve(RoutingFacts(category=category, region_code=region, **kw), policy, REGISTRY))  # type: ignore[arg-type]


def test_one_kabupaten_kota_rule_reaches_each_regional_government() -> None:
    policy = Policy(name="p", rules=[Rule(id="sd", category="c", target=KAB)])
    assert _route(policy, "34.04.01.2001") == "pemkab-34.04"
    assert _route(policy, "3471") == "pemkot-34.71"
    assert _route(policy, "51.03") == "pemkab-51.03"


def test_in_jakarta_the_kabupaten_kota_tier_is_the_provincial_government() -> None:
    # DKI's cities are administrative, not autonomous (UU 29/2007): no Pemkot Jakarta Pusat exists.
    policy = Policy(name="p", rules=[Rule(id="sd", category="c", target=KAB)])
    assert "pemkot-31.71" not in REGISTRY
    assert _route(policy, "31.71") == "pemprov-31"


def test_the_deepest_region_wins_over_priority_and_filters() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="national", category="c", target=Target(agency="pln"), priority=9, types=["pengaduan"]),
            Rule(id="province", category="c", region="34", target=PROV),
            Rule(id="kab", category="c", region="34.04", target=KAB),
        ],
    )
    assert _route(policy, "34.04.01.2001") == "pemkab-34.04"
    assert _route(policy, "34.71") == "pemprov-34"
    assert _route(policy, "51.03") == "pln"


def test_at_the_same_region_a_rule_naming_the_type_beats_a_general_one_then_priority_decides() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="general", category="c", target=Target(agency="pln"), priority=5),
            Rule(id="aspirasi", category="c", target=Target(agency="esdm"), types=["aspirasi"]),
            Rule(id="low", category="c", target=PROV, priority=-1),
        ],
    )
    assert _route(policy, "34.04", type=ComplaintType.aspirasi) == "esdm"
    assert _route(policy, "34.04", type=ComplaintType.pengaduan) == "pln"


def test_an_exact_tie_goes_to_the_rule_listed_first() -> None:
    a = Rule(id="a", category="c", target=Target(agency="pln"))
    b = Rule(id="b", category="c", target=Target(agency="esdm"))
    assert _route(Policy(name="p", rules=[a, b]), "34") == "pln"
    assert _route(Policy(name="p", rules=[b, a]), "34") == "esdm"


def test_after_a_decline_the_next_candidate_is_proposed_and_never_the_decliner() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="kab", category="c", target=KAB),
            Rule(id="prov", category="c", target=PROV, priority=-1),
            Rule(id="pln", category="c", target=Target(agency="pln"), priority=-2),
        ],
    )
    facts = RoutingFacts(category="c", region_code="34.04.01.2001")
    assert [a.agency.id for a in candidates(facts, policy, REGISTRY)] == ["pemkab-34.04", "pemprov-34", "pln"]
    once = attrs.evolve(facts, declined={"pemkab-34.04"})
    decision = resolve(once, policy, REGISTRY)
    assert isinstance(decision, Assigned)
    assert decision.agency.id == "pemprov-34"
    assert "pemkab-34.04 (declined)" in decision.explanation
    assert [a.agency.id for a in candidates(once, policy, REGISTRY)] == ["pemprov-34", "pln"]
    everyone = attrs.evolve(facts, declined={"pemkab-34.04", "pemprov-34", "pln"})
    last = resolve(everyone, policy, REGISTRY)
    assert isinstance(last, Unresolved)
    assert "declined" in last.reason


def test_a_decline_conditioned_rule_applies_only_after_that_agency_declined() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="pln", category="listrik", target=Target(agency="pln")),
            Rule(id="esdm", category="listrik", target=Target(agency="esdm"), after_decline_of=["pln"]),
        ],
    )
    assert _route(policy, "34", category="listrik") == "pln"
    assert _route(policy, "34", category="listrik", declined={"pln"}) == "esdm"


def test_unknown_categories_and_uncovered_regions_are_unresolved_with_a_reason() -> None:
    policy = Policy(name="p", rules=[Rule(id="bali", category="c", region="51", target=PROV)])
    unknown = resolve(RoutingFacts(category="zzz", region_code="34"), policy, REGISTRY)
    assert isinstance(unknown, Unresolved)
    assert "'zzz'" in unknown.reason
    outside = resolve(RoutingFacts(category="c", region_code="34"), policy, REGISTRY)
    assert isinstance(outside, Unresolved)
    assert "34" in outside.reason
    province_only = Policy(name="p", rules=[Rule(id="kab", category="c", target=KAB)])
    assert _route(province_only, "34") is None  # a province-level code has no kabupaten/kota government
    assert _route(province_only, None) is None


def test_explain_says_why_every_other_rule_lost() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="national", category="c", target=Target(agency="pln")),
            Rule(id="kab", category="c", region="34.04", target=KAB),
            Rule(id="bali", category="c", region="51", target=PROV),
            Rule(id="sms", category="c", region="34.04", channels=["sms"], target=PROV),
            Rule(id="other", category="d", target=PROV),
        ],
    )
    decision, lines = explain_routing(
        RoutingFacts(category="c", region_code="34.04.01.2001"), policy, REGISTRY
    )
    assert isinstance(decision, Assigned)
    assert decision.rule.id == "kab"
    assert lines == [
        "national: less specific than kab ((0, 0, 0, 0) < (2, 0, 0, 0))",
        "bali: region 34.04.01.2001 is outside 51",
        "sms: does not take type pengaduan via web",
    ]


def test_routing_facts_come_from_a_complaint_including_its_declines() -> None:
    at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    complaint = Complaint(
        id="c1",
        tracking_id="T1",
        type=ComplaintType.pengaduan,
        title="t",
        description="d",
        category="pendidikan-dasar",
        region_code="3404012001",
        channel=Channel.sms,
        submitted_at=at,
        status=Status.declined,
        declines=(DeclineRecord(agency_id="pemkab-34.04", actor_id="u1", at=at, reason="bukan wewenang"),),
        version=1,
        updated_at=at,
    )
    facts = RoutingFacts.from_complaint(complaint)
    assert facts.region_code == "34.04.01.2001"
    assert facts.channel is Channel.sms
    assert facts.declined == frozenset({"pemkab-34.04"})


def test_malformed_region_codes_are_refused_when_the_facts_are_built() -> None:
    with pytest.raises(ValueError, match="region_code"):
        RoutingFacts(category="c", region_code="34.70")


def test_a_decline_conditioned_rule_still_yields_to_a_rule_for_a_deeper_region() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="diy", category="listrik", region="34", target=PROV),
            Rule(id="pln", category="listrik", target=Target(agency="pln")),
            Rule(id="esdm", category="listrik", target=Target(agency="esdm"), after_decline_of=["pln"]),
        ],
    )
    assert _route(policy, "34.04", category="listrik", declined={"pln"}) == "pemprov-34"
    assert _route(policy, "51.03", category="listrik", declined={"pln"}) == "esdm"
    assert _route(policy, "34.04", category="listrik", declined={"pln", "pemprov-34"}) == "esdm"


def test_decisions_follow_the_registry_they_are_asked_with() -> None:
    policy = Policy(name="p", rules=[Rule(id="pln", category="c", target=Target(agency="pln"))])
    other = AgencyRegistry([Agency(id="pln", name="PLN UID Yogyakarta", kind=AgencyKind.bumn)])
    facts = RoutingFacts(category="c", region_code="34.04")
    names = [getattr(resolve(facts, policy, r), "agency", PLN).name for r in (REGISTRY, other, REGISTRY)]
    assert names == ["PT PLN (Persero)", "PLN UID Yogyakarta", "PT PLN (Persero)"]


def test_a_cached_decision_is_the_same_for_every_village_of_the_kabupaten() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="kab", category="c", target=KAB),
            Rule(id="gamping", category="c", region="34.04.01", target=PROV),
        ],
    )
    assert _route(policy, "34.04") == "pemkab-34.04"  # fills the cache only where no deeper rule exists
    assert _route(policy, "34.04.01.2001") == "pemprov-34"
    assert _route(policy, "34.71") == "pemkot-34.71"
    assert _route(policy, "34.71") == "pemkot-34.71"
