"""pytest plugin registered by the ``sp4n`` entry point: fixtures for host test suites.

``postgres_server`` and ``mariadb_server`` give a DSN of a reachable server, skipping outside CI when none
answers and failing under ``CI=true``.
"""

from __future__ import annotations

import pytest

from sp4n.testing import servers


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """DSN of a reachable PostgreSQL server."""
    return servers.postgres_dsn()


@pytest.fixture(scope="session")
def mariadb_server() -> str:
    """DSN of a reachable MariaDB/MySQL server."""
    return servers.mariadb_dsn()


# Routing-policy fixtures for agencies' own suites (read SP4N_REGIONS, SP4N_POLICY, SP4N_REGIONS_VERSION).
from sp4n.testing.routing import sp4n_policy, sp4n_regions, sp4n_routing  # noqa: E402

__all__ = ["mariadb_server", "postgres_server", "sp4n_policy", "sp4n_regions", "sp4n_routing"]
