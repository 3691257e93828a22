"""The pure packages' faces are eager and curated, and any of their modules can be imported first."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import sp4n.lifecycle
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.lifecycle import NATIONAL_ADMIN, a_complaint_in


@pytest.mark.parametrize("name", sp4n.lifecycle.__all__)
def test_every_public_name_of_the_lifecycle_resolves(name: str) -> None:
    assert getattr(sp4n.lifecycle, name) is not None


@pytest.mark.parametrize("name", ["no_such_name", "submit"])
def test_an_unknown_or_retired_name_is_an_attribute_error(name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(sp4n.lifecycle, name)


def test_apply_from_the_package_is_the_engine_function_in_any_import_order() -> None:
    engine = importlib.import_module("sp4n.lifecycle.engine")
    complaint, _ = a_complaint_in(Status.submitted)
    assert sp4n.lifecycle.apply is engine.apply
    after, event = sp4n.lifecycle.apply(
        complaint, Action.verify, NATIONAL_ADMIN, complaint.updated_at, agency_id="x"
    )
    assert (after.status, event.sequence) == (Status.forwarded, 2)
    assert engine.new_complaint is sp4n.lifecycle.new_complaint


PURE_PACKAGES = ("sp4n.lifecycle", "sp4n.sla", "sp4n.jurisdiction", "sp4n.notify")


def _modules_of(package: str) -> list[str]:
    found = pkgutil.walk_packages(importlib.import_module(package).__path__, prefix=f"{package}.")
    return [package, *sorted(m.name for m in found)]


def test_every_module_of_the_pure_packages_can_be_imported_first() -> None:
    # Each module in a fresh interpreter state (sp4n unloaded), so an import cycle cannot hide behind
    # an import order that happened to work.
    names = [name for package in PURE_PACKAGES for name in _modules_of(package)]
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m == 'sp4n' or m.startswith('sp4n.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as err:\n"
        "        failed.append(f'{name}: {err}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", result.stdout
