"""The package's public face: small, complete, typed, and importing it builds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import sp4n

EXPECTED = {
    "Action",
    "Actor",
    "Assigned",
    "Channel",
    "Complaint",
    "ComplaintNotFound",
    "ComplaintType",
    "ConcurrencyConflict",
    "ConfigurationError",
    "Disclosure",
    "Event",
    "InvalidTransition",
    "MemoryUnitOfWork",
    "NotPermitted",
    "Role",
    "RoutingFacts",
    "RuleViolation",
    "Service",
    "Sp4nError",
    "SqliteUnitOfWork",
    "Status",
    "TimeUnit",
    "Unresolved",
    "agency_view",
    "allowed_actions",
    "apply",
    "compute_deadline",
    "create_service",
    "indonesia_calendar",
    "new_complaint",
    "public_view",
    "replay",
    "resolve",
}


def test_the_public_names_are_exactly_the_curated_list() -> None:
    assert set(sp4n.__all__) == EXPECTED
    bound = {n for n in vars(sp4n) if not n.startswith("_") and not isinstance(getattr(sp4n, n), ModuleType)}
    assert bound - {"annotations"} == EXPECTED  # the face binds exactly what it lists, eagerly


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    value = getattr(sp4n, name)
    assert value is not None
    assert (getattr(value, "__doc__", None) or "").strip(), f"{name} has no docstring"


def test_every_error_is_also_the_builtin_that_fits() -> None:
    assert issubclass(sp4n.RuleViolation, ValueError)
    assert issubclass(sp4n.NotPermitted, PermissionError)
    assert issubclass(sp4n.ComplaintNotFound, LookupError)
    assert all(
        issubclass(getattr(sp4n, n), sp4n.Sp4nError)
        for n in EXPECTED
        if isinstance(getattr(sp4n, n), type) and issubclass(getattr(sp4n, n), Exception)
    )


def test_importing_sp4n_builds_nothing_and_loads_no_optional_driver(tmp_path: Path) -> None:
    # Drivers for server databases and the SMTP test server are extras: the face must not need them. And an
    # import must not create a store, a file or a thread (a host decides when those exist).
    code = (
        "import os, sys, threading; before = set(os.listdir('.')); import sp4n; "
        "optional = ('psycopg', 'pymysql', 'aiosmtpd', 'hypothesis', 'pytest'); "
        "drivers = [m for m in optional if m in sys.modules]; "
        "print(drivers, threading.active_count(), sorted(set(os.listdir('.')) - before))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert run.stdout.strip() == "[] 1 []"
