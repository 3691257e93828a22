"""Shared fixtures: the full official code lists from ../shared/data, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from sp4n.adapters.loaders import load_policy, load_regions
from sp4n.jurisdiction import AgencyRegistry, Policy, RegionRegistry, regional_governments
from sp4n.testing.servers import require_file

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
EXAMPLE_POLICY = Path(__file__).resolve().parents[2] / "docs" / "examples" / "national-policy.toml"


def _load(year: str) -> RegionRegistry:
    path = require_file(DATA / f"wilayah-{year}.csv", "the full official region list (../shared/data)")
    return load_regions(path, version=year)


@pytest.fixture(scope="session")
def regions_2025() -> RegionRegistry:
    """The full Kepmendagri 2025 list (skips where ../shared/data is absent)."""
    return _load("2025")


@pytest.fixture(scope="session")
def regions_2022() -> RegionRegistry:
    """The full Kepmendagri 2022 list (skips where ../shared/data is absent)."""
    return _load("2022")


@pytest.fixture(scope="session")
def example_policy() -> Policy:
    """docs/examples/national-policy.toml."""
    return load_policy(EXAMPLE_POLICY)


@pytest.fixture(scope="session")
def national_registry(regions_2025: RegionRegistry, example_policy: Policy) -> AgencyRegistry:
    """Regional governments of the 2025 list plus the example policy's agencies."""
    return AgencyRegistry([*regional_governments(regions_2025), *example_policy.agencies])
