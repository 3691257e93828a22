"""The lifecycle package's public names resolve, and ``apply`` stays callable in every import order."""

from __future__ import annotations

import importlib

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


def test_apply_from_the_package_is_the_engine_function_in_any_import_order() -> None:
    engine = importlib.import_module("sp4n.lifecycle.engine")
    complaint, _ = a_complaint_in(Status.submitted)
    assert sp4n.lifecycle.apply is engine.apply
    after, event = sp4n.lifecycle.apply(
        complaint, Action.verify, NATIONAL_ADMIN, complaint.updated_at, agency_id="x"
    )
    assert (after.status, event.sequence) == (Status.forwarded, 2)
    assert engine.submit is sp4n.lifecycle.submit
