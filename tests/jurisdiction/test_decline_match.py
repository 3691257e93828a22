"""``after_decline_of`` with ``after_decline_match``: all of the named agencies (the default) or any one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.loaders import policy_from_dict
from sp4n.exceptions import PolicyInvalid
from sp4n.jurisdiction import (
    Agency,
    AgencyKind,
    AgencyRegistry,
    Assigned,
    DeclineMatch,
    Policy,
    RoutingFacts,
    Rule,
    Target,
    explain_routing,
    resolve,
)

AGENCIES = AgencyRegistry(
    [Agency(id=a, name=a.upper(), kind=AgencyKind.bumn) for a in ("pln", "pemda", "esdm", "ombudsman")]
)


def _policy(match: str | None) -> Policy:
    fallback: dict[str, object] = {"id": "esdm", "category": "listrik", "target": {"agency": "esdm"}}
    fallback["after_decline_of"] = ["pln", "pemda"]
    if match is not None:
        fallback["after_decline_match"] = match
    return policy_from_dict(
        {"name": "p", "rules": [{"id": "pln", "category": "listrik", "target": {"agency": "pln"}}, fallback]},
        source="test",
    )


def _routed(policy: Policy, declined: set[str]) -> str | None:
    decision = resolve(
        RoutingFacts(category="listrik", region_code="34", declined=declined), policy, AGENCIES
    )
    return decision.agency.id if isinstance(decision, Assigned) else None


def test_by_default_every_named_agency_must_have_declined() -> None:
    policy = _policy(None)
    assert policy.rules[1].after_decline_match is DeclineMatch.all
    assert _routed(policy, {"pln"}) is None  # PLN declined, the regional government has not: no fallback yet
    assert _routed(policy, {"pln", "pemda"}) == "esdm"


def test_with_any_one_decline_is_enough() -> None:
    policy = _policy("any")
    assert _routed(policy, set()) == "pln"
    assert _routed(policy, {"pemda"}) == "esdm"  # one of the two declined: the fallback applies and wins
    assert _routed(policy, {"pln"}) == "esdm"


def test_the_explanation_says_which_semantics_applies() -> None:
    for match, words in (("all", "pemda+pln"), ("any", "pemda or pln")):
        facts = RoutingFacts(category="listrik", region_code="34")
        _, losers = explain_routing(facts, _policy(match), AGENCIES)
        assert any(f"applies only after {words} declined" in line for line in losers)


def test_an_unknown_match_is_refused_naming_the_rule_and_field() -> None:
    with pytest.raises(PolicyInvalid) as caught:
        _policy("most")
    assert "after_decline_match" in str(caught.value)
    assert "esdm" in str(caught.value)


@given(
    named=st.frozensets(st.sampled_from(["a", "b", "c", "d"]), min_size=1),
    declined=st.frozensets(st.sampled_from(["a", "b", "c", "d", "e"])),
)
def test_all_means_every_one_and_any_means_at_least_one(
    named: frozenset[str], declined: frozenset[str]
) -> None:
    def rule(match: DeclineMatch) -> Rule:
        return Rule(
            id="r", category="c", target=Target(agency="x"), after_decline_of=named, after_decline_match=match
        )

    assert rule(DeclineMatch.all).applies_after(declined) == all(a in declined for a in named)
    assert rule(DeclineMatch.any).applies_after(declined) == any(a in declined for a in named)
