"""Routing strategies built at module level, from inputs that are loaded only when hypothesis first draws."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.outcomes import Skipped
from hypothesis import given, settings

from sp4n.jurisdiction import Assigned, RoutingFacts, resolve
from sp4n.testing.environment import env_policy, env_regions
from sp4n.testing.routing import RoutingHarness
from sp4n.testing.strategies import policies, routing_facts

REGIONS_CSV = "34,DI Yogyakarta\n34.04,Kabupaten Sleman\n34.04.01,Gamping\n34.04.01.2001,Balecatur\n"
POLICY_TOML = (
    'name = "diy"\n[[rules]]\nid = "sd"\ncategory = "pendidikan-dasar"\n'
    'target = { level = "kabupaten_kota" }\n'
)

drawn: list[RoutingFacts] = []


# Built at import time: no file is read here, so the module imports even where SP4N_REGIONS is unset.
@settings(max_examples=10)
@given(routing_facts(env_regions, lambda: sorted(env_policy().categories)))
def every_school_complaint_has_an_agency(facts: RoutingFacts) -> None:
    drawn.append(facts)
    harness = RoutingHarness(env_regions(), env_policy())
    assert isinstance(resolve(facts, harness.policy, harness.registry), Assigned)


@pytest.fixture
def fresh_env() -> Iterator[None]:
    env_regions.cache_clear()
    env_policy.cache_clear()
    yield
    env_regions.cache_clear()
    env_policy.cache_clear()


@pytest.mark.usefixtures("fresh_env")
def test_a_module_level_strategy_reads_the_files_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "wilayah.csv").write_text(REGIONS_CSV, encoding="utf-8")
    (tmp_path / "policy.toml").write_text(POLICY_TOML, encoding="utf-8")
    monkeypatch.setenv("SP4N_REGIONS", str(tmp_path / "wilayah.csv"))
    monkeypatch.setenv("SP4N_POLICY", str(tmp_path / "policy.toml"))
    drawn.clear()
    every_school_complaint_has_an_agency()
    assert drawn
    assert {f.region_code for f in drawn} == {"34.04.01.2001"}
    assert {f.category for f in drawn} == {"pendidikan-dasar"}


@pytest.mark.usefixtures("fresh_env")
def test_without_its_file_the_strategy_skips_outside_ci_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SP4N_REGIONS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped):
        every_school_complaint_has_an_agency()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        every_school_complaint_has_an_agency()


def test_policies_accept_categories_given_late() -> None:
    from sp4n.jurisdiction import parse_regions

    regions = parse_regions(REGIONS_CSV.splitlines(), version="t")
    seen: list[frozenset[str]] = []

    @settings(max_examples=5)
    @given(policies(lambda: regions, lambda: ["a", "b"]))
    def check(policy: object) -> None:
        seen.append(frozenset(getattr(policy, "categories", ())))

    check()
    assert seen
    assert all(c >= {"a", "b"} for c in seen)
