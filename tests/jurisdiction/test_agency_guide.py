"""What docs/testing-routing-policy.md shows an agency: its routing promises as tests.

Pemkab Sleman's suite, run against the example national policy and the full 2025 list.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from sp4n.jurisdiction import Assigned, Policy, RegionRegistry, RoutingFacts, resolve
from sp4n.testing.routing import RoutingHarness
from sp4n.testing.strategies import routing_facts

SLEMAN = "34.04"
DIY = "34"


@pytest.fixture(scope="module")
def routing(regions_2025: RegionRegistry, example_policy: Policy) -> RoutingHarness:
    return RoutingHarness(regions_2025, example_policy)


def test_every_pendidikan_dasar_complaint_from_sleman_reaches_pemkab_sleman(routing: RoutingHarness) -> None:
    routing.assert_routes("pendidikan-dasar", within=SLEMAN, to="pemkab-34.04")
    assert routing.registry.get("pemkab-34.04").name == "Pemerintah Kabupaten Sleman"  # type: ignore[union-attr]


def test_no_category_is_left_without_an_agency_anywhere_in_our_province(routing: RoutingHarness) -> None:
    assert routing.gaps(within=DIY) == []


def test_the_harness_notices_a_misroute_and_a_gap(routing: RoutingHarness, example_policy: Policy) -> None:
    with pytest.raises(AssertionError, match="do not route"):
        routing.assert_routes("pendidikan-menengah", within=SLEMAN, to="pemkab-34.04")
    thin = RoutingHarness(
        routing.regions, Policy(name="thin", rules=example_policy.rules[:1], declared_categories=["x"])
    )
    assert [g.category for g in thin.gaps(within=DIY)] == ["x"]


def test_any_complaint_from_sleman_reaches_an_agency(
    regions_2025: RegionRegistry, routing: RoutingHarness
) -> None:
    @settings(max_examples=50)
    @given(routing_facts(regions_2025, routing.policy.categories, within=SLEMAN))
    def check(facts: RoutingFacts) -> None:
        assert isinstance(resolve(facts, routing.policy, routing.registry), Assigned)

    check()
