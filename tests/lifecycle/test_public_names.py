"""The lifecycle package's public names resolve, and ``apply`` stays callable in every import order."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

import sp4n.lifecycle
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.lifecycle import NATIONAL_ADMIN, a_complaint_in


@pytest.mark.parametrize("name", sp4n.lifecycle.__all__)
def test_every_public_name_of_the_lifecycle_resolves(name: str) -> None:
    assert getattr(sp4n.lifecycle, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = sp4n.lifecycle.no_such_name


def test_apply_from_the_package_applies_even_after_its_module_was_imported() -> None:
    # Importing the submodule binds sp4n.lifecycle.apply to the module; it must still act as the function.
    module = importlib.import_module("sp4n.lifecycle.apply")
    complaint, _ = a_complaint_in(Status.submitted)
    callers: list[Any] = [sp4n.lifecycle.apply, module]
    for apply in callers:
        after, event = apply(complaint, Action.verify, NATIONAL_ADMIN, complaint.updated_at, agency_id="x")
        assert (after.status, event.sequence) == (Status.forwarded, 2)
    assert module.submit is sp4n.lifecycle.submit
