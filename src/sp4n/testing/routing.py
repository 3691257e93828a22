"""A routing policy bound to a region list, with the assertions an agency's test suite needs.

:class:`RoutingHarness` answers "which agency gets this complaint?" and checks whole areas at once. The
pytest plugin builds one from the agency's own files (the ``sp4n_routing`` fixture, see
:mod:`sp4n.testing.pytest_plugin`); the hypothesis strategies for routing are in
:mod:`sp4n.testing.strategies`.
See docs/testing-routing-policy.md.

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

from collections.abc import Iterable
from typing import Any

from sp4n.jurisdiction.agencies import Agency, AgencyRegistry
from sp4n.jurisdiction.check import Finding, FindingKind, check_policy
from sp4n.jurisdiction.codes import is_within
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.resolve import Assigned, Decision, RoutingFacts, resolve
from sp4n.lifecycle.model import Channel, ComplaintType

__all__ = ["RoutingHarness"]


class RoutingHarness:
    """A policy bound to a region list and its agencies, with the assertions an agency's suite needs."""

    def __init__(
        self, regions: RegionRegistry, policy: Policy, extra_agencies: Iterable[Agency] = ()
    ) -> None:
        self.regions = regions
        self.policy = policy
        self.registry = AgencyRegistry.with_governments(regions, [*policy.agencies, *extra_agencies])

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
