"""pytest plugin registered by the ``sp4n`` entry point: fixtures for host test suites.

* ``postgres_server`` and ``mariadb_server`` give the DSN of a reachable server, skipping outside CI when
  none answers and failing under ``CI=true`` (see :mod:`sp4n.testing.servers`).
* ``sp4n_regions`` is the default region list (the built-in Kepmendagri 2025 list, or the one a host named
  with ``use_regions``); ``SP4N_REGIONS`` (with ``SP4N_REGIONS_VERSION``) names a newer official file instead.
* ``sp4n_policy`` and ``sp4n_routing`` load an agency's own routing policy, named by ``SP4N_POLICY``; they
  skip when it is unset, and fail under ``CI=true`` (:mod:`sp4n.testing.environment`). Override
  ``sp4n_regions`` / ``sp4n_policy`` in a ``conftest.py`` to load them another way. See
  docs/testing-routing-policy.md.

The plugin is opt-in: sp4n registers no pytest entry point, so the pytest runs of other projects in the
same environment load nothing of sp4n (measured with ``python -X importtime``: loading it costs about 0.4 s
of imports, the whole library, because it lives in the ``sp4n`` package). Enable it in the top-level
``conftest.py`` with ``pytest_plugins = ["sp4n.testing.pytest_plugin"]`` or with
``pytest -p sp4n.testing.pytest_plugin``. Its fixtures import what they need only when a test asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sp4n.jurisdiction.policy import Policy
    from sp4n.jurisdiction.regions import RegionRegistry
    from sp4n.testing.routing import RoutingHarness

__all__ = ["mariadb_server", "postgres_server", "sp4n_policy", "sp4n_regions", "sp4n_routing"]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """DSN of a reachable PostgreSQL server."""
    from sp4n.testing import servers  # noqa: PLC0415 - nothing is loaded until a test asks

    return servers.postgres_dsn()


@pytest.fixture(scope="session")
def mariadb_server() -> str:
    """DSN of a reachable MariaDB/MySQL server."""
    from sp4n.testing import servers  # noqa: PLC0415

    return servers.mariadb_dsn()


@pytest.fixture(scope="session")
def sp4n_regions() -> RegionRegistry:
    """The default region list (built in), or the official file named by ``SP4N_REGIONS``."""
    import os  # noqa: PLC0415

    from sp4n.jurisdiction.regions_builtin import default_regions  # noqa: PLC0415
    from sp4n.testing.environment import env_regions  # noqa: PLC0415

    return env_regions() if os.environ.get("SP4N_REGIONS") else default_regions()


@pytest.fixture(scope="session")
def sp4n_policy() -> Policy:
    """The routing policy named by ``SP4N_POLICY`` (skips when unset; fails under ``CI=true``)."""
    from sp4n.testing.environment import env_policy  # noqa: PLC0415

    return env_policy()


@pytest.fixture(scope="session")
def sp4n_routing(sp4n_regions: RegionRegistry, sp4n_policy: Policy) -> RoutingHarness:
    """A :class:`~sp4n.testing.routing.RoutingHarness` over ``sp4n_regions`` and ``sp4n_policy``."""
    from sp4n.testing.routing import RoutingHarness  # noqa: PLC0415

    return RoutingHarness(sp4n_regions, sp4n_policy)
