"""Shared fixtures: the full official code lists as built into sp4n, and the example national policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from sp4n.adapters.loaders import load_policy
from sp4n.jurisdiction import AgencyRegistry, Policy, RegionRegistry, builtin_regions, regional_governments

EXAMPLE_POLICY = Path(__file__).resolve().parents[2] / "docs" / "examples" / "national-policy.toml"


@pytest.fixture(scope="session")
def regions_2025() -> RegionRegistry:
    """The full Kepmendagri 2025 list, built in."""
    return builtin_regions("2025")


@pytest.fixture(scope="session")
def regions_2022() -> RegionRegistry:
    """The full Kepmendagri 2022 list, built in."""
    return builtin_regions("2022")


@pytest.fixture(scope="session")
def example_policy() -> Policy:
    """docs/examples/national-policy.toml."""
    return load_policy(EXAMPLE_POLICY)


@pytest.fixture(scope="session")
def national_registry(regions_2025: RegionRegistry, example_policy: Policy) -> AgencyRegistry:
    """Regional governments of the 2025 list plus the example policy's agencies."""
    return AgencyRegistry([*regional_governments(regions_2025), *example_policy.agencies])
