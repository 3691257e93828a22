"""Inputs a host's test suite names in the environment: its region list and its routing policy.

``SP4N_REGIONS`` (the official code list, CSV ``kode,nama``, with ``SP4N_REGIONS_VERSION``) and
``SP4N_POLICY`` (``.toml``, ``.yaml`` or ``.json``). A test whose variable is unset skips on a developer's
machine and **fails under** ``CI=true``: a CI job that forgot to set them must not pass with every routing
test skipped. Each file is read once per session.

:func:`env_regions` and :func:`env_policy` take no arguments, so they can be handed to the routing strategies
at module level, where nothing is loaded until hypothesis draws the first example::

    from hypothesis import given
    from sp4n.testing.environment import env_regions
    from sp4n.testing.strategies import routing_facts

    @given(routing_facts(env_regions, ["pendidikan-dasar"]))
    def test_every_school_complaint_has_an_agency(sp4n_routing, facts): ...
"""

from __future__ import annotations

import functools
import os

from sp4n.adapters.loaders import load_policy, load_regions
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.testing.servers import in_ci

__all__ = ["env_file", "env_policy", "env_regions"]


def env_file(name: str) -> str:
    """The path in environment variable ``name``; unset: skip, or fail under ``CI=true``."""
    import pytest  # noqa: PLC0415 - the test extra; imported only when a test asks

    path = os.environ.get(name)
    if not path:
        message = f"set {name} to the file to test (or override the fixture in conftest.py)"
        if in_ci():
            pytest.fail(f"{message} (CI=true: this input must be present)")
        pytest.skip(message)
    return path


@functools.cache
def env_regions() -> RegionRegistry:
    """The official code list named by ``SP4N_REGIONS`` (version from ``SP4N_REGIONS_VERSION``)."""
    return load_regions(env_file("SP4N_REGIONS"), version=os.environ.get("SP4N_REGIONS_VERSION", "custom"))


@functools.cache
def env_policy() -> Policy:
    """The routing policy named by ``SP4N_POLICY``."""
    return load_policy(env_file("SP4N_POLICY"))
