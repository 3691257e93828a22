"""The package's public face: small, complete, typed, and cheap to import."""

from __future__ import annotations

import subprocess
import sys

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
    "Unit",
    "Unresolved",
    "agency_view",
    "allowed_actions",
    "apply",
    "compute_deadline",
    "create_service",
    "indonesia_calendar",
    "public_view",
    "replay",
    "resolve",
    "submit",
}


def test_the_public_names_are_exactly_the_curated_list() -> None:
    assert set(sp4n.__all__) == EXPECTED
    assert set(sp4n._WHERE) == EXPECTED  # every name knows where it lives


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_public_name_resolves_and_is_documented(name: str) -> None:
    value = getattr(sp4n, name)
    assert value is not None
    assert (getattr(value, "__doc__", None) or "").strip(), f"{name} has no docstring"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = sp4n.no_such_name


def test_every_error_is_also_the_builtin_that_fits() -> None:
    assert issubclass(sp4n.RuleViolation, ValueError)
    assert issubclass(sp4n.NotPermitted, PermissionError)
    assert issubclass(sp4n.ComplaintNotFound, LookupError)
    assert all(
        issubclass(getattr(sp4n, n), sp4n.Sp4nError)
        for n in EXPECTED
        if isinstance(getattr(sp4n, n), type) and issubclass(getattr(sp4n, n), Exception)
    )


def test_importing_sp4n_builds_nothing_and_loads_no_adapter_or_pydantic() -> None:
    code = (
        "import sys, sp4n; "
        "heavy = ('pydantic', 'sqlite3', 'psycopg', 'pymysql', 'sp4n.service.facade'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
