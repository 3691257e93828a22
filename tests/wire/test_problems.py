"""Every error in the Sp4nError tree has its own problem-details row, and docs/wire.md prints that table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sp4n import exceptions
from sp4n.exceptions import (
    ComplaintNotFound,
    InvalidCommand,
    NotPermitted,
    RuleViolation,
    Sp4nError,
)
from sp4n.wire import PROBLEMS, problem_for

DOC = Path(__file__).resolve().parents[2] / "docs" / "wire.md"


def _tree(cls: type[Sp4nError]) -> set[type[Sp4nError]]:
    found = {cls}
    for sub in cls.__subclasses__():
        if sub.__module__ == exceptions.__name__:
            found |= _tree(sub)
    return found


def test_every_exception_class_has_its_own_row() -> None:
    tree = _tree(Sp4nError)
    declared = {getattr(exceptions, n) for n in exceptions.__all__}
    declared = {c for c in declared if isinstance(c, type) and issubclass(c, Sp4nError)}
    assert declared <= tree  # the walk sees every declared class
    assert set(PROBLEMS) == tree


def test_the_docs_table_is_the_mapping() -> None:
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$", DOC.read_text(), re.M)
    in_docs = {name: (int(s), t, a.strip(), b.strip()) for name, s, t, a, b in rows}
    expected = {c.__name__: (k.status, k.type, k.title_id, k.title_en) for c, k in PROBLEMS.items()}
    assert in_docs == expected


def test_type_uris_are_unique_and_client_errors_are_4xx() -> None:
    kinds = list(PROBLEMS.values())
    assert len({k.type for k in kinds}) == len(kinds)
    for cls in (RuleViolation, InvalidCommand, NotPermitted, ComplaintNotFound):
        assert 400 <= PROBLEMS[cls].status < 500


def test_invalid_command_lists_every_problem_and_never_the_input() -> None:
    err = InvalidCommand([("reporter.nik", "must be 16 digits"), ("title", "must not be empty")])
    doc = problem_for(err, lang="en")
    assert doc.status == 422
    assert doc.field == "reporter.nik"
    assert doc.errors == [
        {"field": "reporter.nik", "rule": "must be 16 digits"},
        {"field": "title", "rule": "must not be empty"},
    ]
    assert doc.title == "Invalid request"


def test_a_host_subclass_takes_its_ancestors_row() -> None:
    class Mine(ComplaintNotFound):
        pass

    assert problem_for(Mine("x")).status == 404


@pytest.mark.parametrize("cls", [exceptions.HistoryTampered])
def test_server_errors_reveal_no_internals(cls: type[Sp4nError]) -> None:
    doc = problem_for(exceptions.HistoryTampered("c-secret", 3, "hash mismatch at 0xdead"))
    assert doc.status == 500
    assert "c-secret" not in doc.detail
    assert "0xdead" not in doc.detail


@pytest.mark.parametrize(
    "err",
    [
        exceptions.StorageUnavailable("postgresql", "connection to 10.0.0.7 refused"),
        exceptions.ClockSkew("c-secret", behind_seconds=42.0, tolerance_seconds=10.0),
    ],
)
def test_a_retryable_server_fault_is_503_says_so_and_names_no_internals(err: Sp4nError) -> None:
    doc = problem_for(err)
    assert doc.status == 503
    assert doc.model_dump()["retryable"] is True
    assert "10.0.0.7" not in doc.detail
    assert "c-secret" not in doc.detail


def test_a_client_error_is_never_marked_retryable() -> None:
    assert "retryable" not in problem_for(RuleViolation("title", "must not be empty")).model_dump()


def test_failed_due_actions_are_a_server_error_naming_no_complaint() -> None:
    doc = problem_for(exceptions.DueActionsFailed(2, [("c-secret", "UnsupportedYear")]))
    assert doc.status == 500
    assert "c-secret" not in doc.detail
