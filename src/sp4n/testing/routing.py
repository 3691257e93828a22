"""Helpers for routing-policy test suites: hypothesis strategies, a harness and pytest fixtures.

An agency points the fixtures at its files with environment variables (``SP4N_REGIONS`` — the official
code list, ``SP4N_POLICY`` — the policy) or overrides the ``sp4n_regions`` / ``sp4n_policy`` fixtures in its
own ``conftest.py``. See docs/testing-routing-policy.md.

>>> from sp4n.jurisdiction import Policy, Rule, Target, TargetLevel, parse_regions
>>> regions = parse_regions(["34,DIY", "34.04,Kabupaten Sleman", "34.04.01,Gamping",
...                          "34.04.01.2001,Balecatur"], version="2025")
>>> policy = Policy(name="p", rules=[
...     Rule(id="sd", category="pendidikan-dasar", target=Target(level=TargetLevel.kabupaten_kota))])
>>> harness = RoutingHarness(regions, policy)
>>> harness.agency_for("pendidikan-dasar", "34.04.01.2001")
'pemkab-34.04'
>>> harness.assert_routes("pendidikan-dasar", within="34.04", to="pemkab-34.04")
>>> harness.gaps(within="34")
[]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from sp4n.adapters.loaders import load_policy, load_regions
from sp4n.jurisdiction.agencies import Agency, AgencyRegistry, regional_governments
from sp4n.jurisdiction.check import Finding, FindingKind, check_policy
from sp4n.jurisdiction.codes import depth_of, is_within
from sp4n.jurisdiction.policy import Policy, Rule, Target, TargetLevel
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.resolve import Assigned, Decision, RoutingFacts, resolve
from sp4n.lifecycle.model import Channel, ComplaintType

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "RoutingHarness",
    "policies",
    "region_codes",
    "routing_facts",
    "rules",
    "sp4n_policy",
    "sp4n_regions",
    "sp4n_routing",
]


def _st() -> Any:
    # Imported on use: the pytest plugin imports this module, and hypothesis is only a test extra.
    from hypothesis import strategies  # noqa: PLC0415 - see above

    return strategies


def region_codes(
    regions: RegionRegistry, *, depth: int | None = None, within: str = ""
) -> SearchStrategy[str]:
    """Codes drawn from a loaded registry, optionally at one depth (1–4) and inside an area."""
    codes = sorted(c for c in regions if (depth is None or depth_of(c) == depth) and is_within(c, within))
    if not codes:
        raise ValueError(f"no region at depth {depth} within {within!r} in dataset {regions.version}")
    strategy: SearchStrategy[str] = _st().sampled_from(codes)
    return strategy


def routing_facts(
    regions: RegionRegistry,
    categories: Sequence[str],
    *,
    depth: int | None = 4,
    within: str = "",
    declined: SearchStrategy[frozenset[str]] | None = None,
) -> SearchStrategy[RoutingFacts]:
    """Complaint facts: a category, any type and channel, a region (villages by default), declines."""
    st = _st()
    strategy: SearchStrategy[RoutingFacts] = st.builds(
        RoutingFacts,
        category=st.sampled_from(list(categories)),
        type=st.sampled_from(list(ComplaintType)),
        channel=st.sampled_from(list(Channel)),
        region_code=region_codes(regions, depth=depth, within=within),
        declined=declined if declined is not None else st.just(frozenset()),
    )
    return strategy


def _targets(agency_ids: Sequence[str]) -> SearchStrategy[Target]:
    st = _st()
    levels: SearchStrategy[Target] = st.sampled_from(list(TargetLevel)).map(lambda level: Target(level=level))
    if not agency_ids:
        return levels
    named: SearchStrategy[Target] = st.sampled_from(list(agency_ids)).map(lambda a: Target(agency=a))
    both: SearchStrategy[Target] = st.one_of(levels, named)
    return both


def rules(
    regions: RegionRegistry, categories: Sequence[str], agency_ids: Sequence[str] = ()
) -> SearchStrategy[Rule]:
    """One rule (ids are numbered by :func:`policies`): any category, target, region subtree, filters,
    priority, and sometimes a condition that named agencies declined first."""
    st = _st()
    nothing = st.just(frozenset())
    decliners = (
        st.frozensets(st.sampled_from(list(agency_ids)), min_size=1, max_size=2) if agency_ids else nothing
    )
    strategy: SearchStrategy[Rule] = st.builds(
        Rule,
        id=st.just("r"),
        category=st.sampled_from(list(categories)),
        target=_targets(agency_ids),
        region=st.one_of(st.just(""), region_codes(regions)),
        types=st.one_of(nothing, st.frozensets(st.sampled_from(list(ComplaintType)), min_size=1)),
        channels=st.one_of(nothing, st.frozensets(st.sampled_from(list(Channel)), min_size=1)),
        after_decline_of=st.one_of(nothing, nothing, nothing, decliners),
        priority=st.integers(-2, 2),
    )
    return strategy


def policies(
    regions: RegionRegistry, categories: Sequence[str], agency_ids: Sequence[str] = (), *, max_rules: int = 12
) -> SearchStrategy[Policy]:
    """Policies of up to ``max_rules`` rules with unique ids, declaring every category."""
    declared = list(categories)

    def number(drawn: list[Rule]) -> Policy:
        numbered = [attrs.evolve(r, id=f"r{n}") for n, r in enumerate(drawn)]
        return Policy(name="generated", rules=numbered, declared_categories=declared)

    strategy: SearchStrategy[Policy] = (
        _st().lists(rules(regions, categories, agency_ids), max_size=max_rules).map(number)
    )
    return strategy


class RoutingHarness:
    """A policy bound to a region list and its agencies, with the assertions an agency's suite needs."""

    def __init__(
        self, regions: RegionRegistry, policy: Policy, extra_agencies: Iterable[Agency] = ()
    ) -> None:
        self.regions = regions
        self.policy = policy
        self.registry = AgencyRegistry([*regional_governments(regions), *policy.agencies, *extra_agencies])

    def route(
        self,
        category: str,
        region: str,
        *,
        type: ComplaintType = ComplaintType.pengaduan,
        channel: Channel = Channel.web,
        declined: Iterable[str] = (),
    ) -> Decision:
        """The decision for one complaint."""
        facts = RoutingFacts(
            category=category, region_code=region, type=type, channel=channel, declined=declined
        )
        return resolve(facts, self.policy, self.registry)

    def agency_for(self, category: str, region: str, **facts: Any) -> str | None:
        """The assigned agency's id, ``None`` when unresolved (keywords as for :meth:`route`)."""
        decision = self.route(category, region, **facts)
        return decision.agency.id if isinstance(decision, Assigned) else None

    def assert_routes(self, category: str, *, within: str, to: str, **facts: Any) -> None:
        """Every village in ``within`` sends ``category`` to agency ``to``; lists the first misroutes."""
        wrong = [
            (code, got)
            for code in self.regions
            if len(code) == 13 and is_within(code, within)
            for got in [self.agency_for(category, code, **facts)]
            if got != to
        ]
        assert not wrong, (
            f"{len(wrong)} village(s) in {within} do not route {category!r} to {to}: {wrong[:5]}"
        )

    def gaps(self, *, within: str = "") -> list[Finding]:
        """Coverage gaps (category × village without an agency) touching ``within``."""
        report = check_policy(self.policy, self.regions, self.registry)
        return [
            f
            for f in report.findings
            if f.kind is FindingKind.gap and (is_within(f.region, within) or is_within(within, f.region))
        ]


def _env_path(name: str) -> str:
    path = os.environ.get(name)
    if not path:
        pytest.skip(f"set {name} to the file to test (or override the fixture in conftest.py)")
    return path


@pytest.fixture(scope="session")
def sp4n_regions() -> RegionRegistry:
    """The official code list named by ``SP4N_REGIONS`` (skips when unset)."""
    return load_regions(_env_path("SP4N_REGIONS"), version=os.environ.get("SP4N_REGIONS_VERSION", "custom"))


@pytest.fixture(scope="session")
def sp4n_policy() -> Policy:
    """The routing policy named by ``SP4N_POLICY`` (skips when unset)."""
    return load_policy(_env_path("SP4N_POLICY"))


@pytest.fixture(scope="session")
def sp4n_routing(sp4n_regions: RegionRegistry, sp4n_policy: Policy) -> RoutingHarness:
    """A :class:`RoutingHarness` over ``sp4n_regions`` and ``sp4n_policy``."""
    return RoutingHarness(sp4n_regions, sp4n_policy)
