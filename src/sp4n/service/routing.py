"""Routing for the service: a routing policy as the :data:`~sp4n.ports.Resolver` that forwarding consults.

``verify_and_forward`` and ``reroute`` without an ``agency_id`` ask the resolver; a reroute after "bukan
wewenang" never goes back to an agency that declined (the resolver sees ``declined_agencies``).

>>> from sp4n.jurisdiction.agencies import AgencyRegistry, regional_governments
>>> from sp4n.jurisdiction.policy import Policy, Rule, Target, TargetLevel
>>> from sp4n.jurisdiction.regions import parse_regions
>>> regions = parse_regions(["34,DI Yogyakarta", "34.04,Kabupaten Sleman"], version="2025")
>>> policy = Policy(name="p", rules=[
...     Rule(id="jalan", category="jalan", target=Target(level=TargetLevel.kabupaten_kota))])
>>> choose = policy_resolver(policy, AgencyRegistry(regional_governments(regions)))
>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.engine import new_complaint
>>> from sp4n.lifecycle.model import Actor
>>> complaint, _ = new_complaint(
...     complaint_id="c-1", tracking_id="222222222", type="pengaduan", title="Jalan",
...     description="Jl. Godean km 5", category="jalan", channel="web", region_code="34.04",
...     actor=Actor(id="intake", role="intake"), at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
... )
>>> choose(complaint)
'pemkab-34.04'
>>> other, _ = new_complaint(
...     complaint_id="c-2", tracking_id="333333333", type="pengaduan", title="Lampu mati",
...     description="Jl. Kaliurang km 9", category="penerangan", channel="web", region_code="34.04",
...     actor=Actor(id="intake", role="intake"), at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
... )
>>> print(choose(other))   # no rule for this category: forwarding must name the agency
None
"""

from __future__ import annotations

from sp4n.jurisdiction.agencies import AgencyRegistry
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.resolve import Assigned, RoutingFacts, resolve
from sp4n.lifecycle.model import Complaint
from sp4n.ports import Resolver

__all__ = ["policy_resolver"]


def policy_resolver(policy: Policy, registry: AgencyRegistry | None = None) -> Resolver:
    """A :data:`~sp4n.ports.Resolver` from a routing policy (:func:`sp4n.jurisdiction.resolve.resolve`).

    It never proposes an agency that already declined; ``None`` when the policy finds no agency. Without
    ``registry`` the agencies are the regional governments of the default region list (the built-in
    Kepmendagri 2025 list) and the policy's own.
    """
    if registry is None:
        registry = AgencyRegistry.with_governments(None, policy.agencies)

    def choose(complaint: Complaint) -> str | None:
        decision = resolve(RoutingFacts.from_complaint(complaint), policy, registry)
        return decision.agency.id if isinstance(decision, Assigned) else None

    return choose
