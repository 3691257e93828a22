"""pytest plugin registered by the ``sp4n`` entry point: fixtures for host test suites.

* ``postgres_server`` and ``mariadb_server`` give the DSN of a reachable server, skipping outside CI when
  none answers and failing under ``CI=true`` (see :mod:`sp4n.testing.servers`).
* ``sp4n_regions`` is the default region list (the built-in Kepmendagri 2025 list, or the one a host named
  with ``use_regions``); ``SP4N_REGIONS`` (with ``SP4N_REGIONS_VERSION``) names a newer official file instead.
* ``sp4n_policy`` and ``sp4n_routing`` load an agency's own routing policy, named by ``SP4N_POLICY`` (skips
  when unset). Override ``sp4n_regions`` / ``sp4n_policy`` in a ``conftest.py`` to load them another way.
  See docs/testing-routing-policy.md.

pytest loads this module in every session of an environment where sp4n is installed, the test extra or
not, so it needs pytest alone: no hypothesis.
"""

from __future__ import annotations

import os

import pytest

from sp4n.adapters.loaders import load_policy, load_regions
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.regions_builtin import default_regions
from sp4n.testing import servers
from sp4n.testing.routing import RoutingHarness

__all__ = ["mariadb_server", "postgres_server", "sp4n_policy", "sp4n_regions", "sp4n_routing"]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """DSN of a reachable PostgreSQL server."""
    return servers.postgres_dsn()


@pytest.fixture(scope="session")
def mariadb_server() -> str:
    """DSN of a reachable MariaDB/MySQL server."""
    return servers.mariadb_dsn()


def _env_path(name: str) -> str:
    path = os.environ.get(name)
    if not path:
        pytest.skip(f"set {name} to the file to test (or override the fixture in conftest.py)")
    return path


@pytest.fixture(scope="session")
def sp4n_regions() -> RegionRegistry:
    """The default region list (built in), or the official file named by ``SP4N_REGIONS``."""
    path = os.environ.get("SP4N_REGIONS")
    if not path:
        return default_regions()
    return load_regions(path, version=os.environ.get("SP4N_REGIONS_VERSION", "custom"))


@pytest.fixture(scope="session")
def sp4n_policy() -> Policy:
    """The routing policy named by ``SP4N_POLICY`` (skips when unset)."""
    return load_policy(_env_path("SP4N_POLICY"))


@pytest.fixture(scope="session")
def sp4n_routing(sp4n_regions: RegionRegistry, sp4n_policy: Policy) -> RoutingHarness:
    """A :class:`~sp4n.testing.routing.RoutingHarness` over ``sp4n_regions`` and ``sp4n_policy``."""
    return RoutingHarness(sp4n_regions, sp4n_policy)
