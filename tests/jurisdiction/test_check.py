"""Static checks: ties, unknown agencies/regions, missing governments, shadowed rules, decliners.

Each test builds the smallest policy that shows one finding."""

from __future__ import annotations

from sp4n.jurisdiction import (
    Agency,
    AgencyKind,
    AgencyRegistry,
    FindingKind,
    Policy,
    RegionRegistry,
    Rule,
    Severity,
    Target,
    TargetLevel,
    check_policy,
    parse_regions,
    regional_governments,
)

REGIONS = parse_regions(
    [
        "34,DI Yogyakarta",
        "34.04,Kabupaten Sleman",
        "34.04.01,Gamping",
        "34.04.01.2001,Balecatur",
        "34.71,Kota Yogyakarta",
        "34.71.01,Mantrijeron",
        "34.71.01.1001,Gedongkiwo",
    ],
    version="test",
)
REGISTRY = AgencyRegistry(
    [*regional_governments(REGIONS), Agency(id="pln", name="PLN", kind=AgencyKind.bumn)]
)
KAB = Target(level=TargetLevel.kabupaten_kota)
PROV = Target(level=TargetLevel.provinsi)


def _kinds(policy: Policy, regions: RegionRegistry = REGIONS) -> set[tuple[FindingKind, tuple[str, ...]]]:
    return {(f.kind, f.rules) for f in check_policy(policy, regions, REGISTRY).findings}


def test_a_complete_policy_passes_without_findings() -> None:
    report = check_policy(
        Policy(name="p", rules=[Rule(id="sd", category="sd", target=KAB)]), REGIONS, REGISTRY
    )
    assert report.findings == ()
    assert report.ok


def test_two_equally_specific_rules_with_different_targets_are_a_tie() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="a", category="c", region="34", target=PROV),
            Rule(id="b", category="c", region="34", target=Target(agency="pln")),
        ],
    )
    assert (FindingKind.tie, ("a", "b")) in _kinds(policy)
    same_target = Policy(
        name="p", rules=[Rule(id="a", category="c", target=PROV), Rule(id="b", category="c", target=PROV)]
    )
    assert not any(kind is FindingKind.tie for kind, _ in _kinds(same_target))


def test_unknown_agencies_and_regions_are_errors() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="ghost", category="c", target=Target(agency="ghost")),
            Rule(id="nowhere", category="d", region="34.05", target=PROV),
            Rule(id="wait", category="d", target=PROV, after_decline_of=["phantom"]),
        ],
    )
    report = check_policy(policy, REGIONS, REGISTRY)
    found = {(f.kind, f.rules) for f in report.errors}
    assert (FindingKind.unknown_agency, ("ghost",)) in found
    assert (FindingKind.unknown_region, ("nowhere",)) in found
    assert (FindingKind.unknown_agency, ("wait",)) in found
    # The ghost's category has no usable agency anywhere: that is a gap too.
    assert any(f.kind is FindingKind.gap and f.category == "c" and f.region == "" for f in report.errors)


def test_a_regional_target_without_that_government_is_reported() -> None:
    without_kota = AgencyRegistry([a for a in REGISTRY if a.id != "pemkot-34.71"])
    report = check_policy(
        Policy(name="p", rules=[Rule(id="sd", category="sd", target=KAB)]), REGIONS, without_kota
    )
    missing = [f for f in report.errors if f.kind is FindingKind.missing_government]
    assert len(missing) == 1
    assert "34.71" in missing[0].message
    gap = [f for f in report.errors if f.kind is FindingKind.gap]
    assert [(g.region, g.villages) for g in gap] == [("34.71", 1)]


def test_a_rule_that_never_comes_first_is_shadowed_but_only_warned() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="main", category="c", target=Target(agency="pln"), priority=1),
            Rule(id="fallback", category="c", target=PROV),
        ],
    )
    report = check_policy(policy, REGIONS, REGISTRY)
    assert [(f.kind, f.rules, f.severity) for f in report.findings] == [
        (FindingKind.shadowed, ("fallback",), Severity.warning)
    ]
    assert report.ok


def test_a_rule_that_could_send_a_declined_complaint_back_to_the_decliner_is_an_error() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="kab", category="sd", target=KAB),
            Rule(id="back", category="sd", region="34.04", target=KAB, after_decline_of=["pemkab-34.04"]),
            Rule(id="up", category="sd", target=PROV, after_decline_of=["pemkab-34.04"]),
            Rule(id="pln", category="listrik", target=Target(agency="pln")),
            Rule(id="again", category="listrik", target=Target(agency="pln"), after_decline_of=["pln"]),
        ],
    )
    back = {
        f.rules
        for f in check_policy(policy, REGIONS, REGISTRY).errors
        if f.kind is FindingKind.routes_back_to_decliner
    }
    assert back == {("back",), ("again",)}


def test_a_declared_category_without_rules_is_a_gap_everywhere() -> None:
    report = check_policy(Policy(name="p", rules=[], declared_categories=["sd"]), REGIONS, REGISTRY)
    assert [(f.kind, f.region, f.villages) for f in report.findings] == [(FindingKind.gap, "", 2)]


def test_a_type_restricted_rule_leaves_the_other_types_uncovered() -> None:
    policy = Policy(name="p", rules=[Rule(id="sd", category="sd", target=KAB, types=["pengaduan"])])
    gaps = [f for f in check_policy(policy, REGIONS, REGISTRY).findings if f.kind is FindingKind.gap]
    assert {f.type for f in gaps} == {"aspirasi", "permintaan_informasi"}
    assert all(f.region == "" and f.villages == 2 for f in gaps)


def test_a_rule_whose_every_village_has_a_more_specific_rule_is_shadowed() -> None:
    policy = Policy(
        name="p",
        rules=[
            Rule(id="province", category="c", region="34", target=PROV),
            Rule(id="sleman", category="c", region="34.04", target=KAB),
            Rule(id="kota", category="c", region="34.71", target=KAB),
        ],
    )
    assert _kinds(policy) == {(FindingKind.shadowed, ("province",))}
    partly = Policy(name="p", rules=policy.rules[:2])
    assert _kinds(partly) == set()
