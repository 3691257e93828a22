"""The read side checks its arguments before any query: a wrongly typed id is InvalidCommand, never a
database's type coercion (MariaDB compares a string column with the number 0 as numbers, so ``0`` matched
other reporters' complaints)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.exceptions import InvalidCommand
from sp4n.lifecycle.status import Status
from sp4n.ports import UnitOfWork
from sp4n.testing.lifecycle import walked

NOW = datetime(2026, 3, 2, tzinfo=UTC)
#: Every read method, its well-typed arguments, and which argument a test replaces.
READS: list[tuple[str, str, dict[str, Any], str]] = [
    ("complaints", "get", {"complaint_id": "c-1"}, "complaint_id"),
    ("complaints", "get_by_tracking", {"tracking_id": "LAP-c-1"}, "tracking_id"),
    ("complaints", "by_agency", {"agency_id": "a", "status": None, "limit": 10}, "agency_id"),
    ("complaints", "by_agency", {"agency_id": "a", "status": None, "limit": 10}, "status"),
    ("complaints", "by_agency", {"agency_id": "a", "status": None, "limit": 10}, "limit"),
    ("complaints", "by_reporter", {"reporter_ref": "r", "limit": 10}, "reporter_ref"),
    ("complaints", "by_reporter", {"reporter_ref": "r", "limit": 10}, "limit"),
    ("complaints", "overdue", {"as_of": NOW, "limit": 10}, "as_of"),
    ("complaints", "overdue", {"as_of": NOW, "limit": 10}, "limit"),
    ("complaints", "public_feed", {"limit": 10}, "limit"),
    ("complaints", "claim_due", {"as_of": NOW, "limit": 10}, "as_of"),
    ("complaints", "recall_idempotency", {"key": "k"}, "key"),
    ("events", "history", {"complaint_id": "c-1"}, "complaint_id"),
    ("events", "read_since", {"position": 0, "limit": 10}, "position"),
    ("events", "read_since", {"position": 0, "limit": 10}, "limit"),
    ("identities", "get", {"identity_id": "r"}, "identity_id"),
    ("identities", "ref_of", {"account_id": "0812"}, "account_id"),
]
#: Values of the wrong type for each kind of argument (bool is an int in Python, never a count here).
WRONG = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.binary(), st.none(),
                  st.lists(st.integers(), max_size=2))  # fmt: skip


def _wrong_for(arg: str, value: Any) -> bool:
    if arg == "status":
        return value is not None and not isinstance(value, Status)
    if arg in ("limit", "position"):
        return isinstance(value, bool) or not isinstance(value, int) or value < 0
    if arg == "as_of":
        return not isinstance(value, datetime)
    return not isinstance(value, str)


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def uow(request: pytest.FixtureRequest) -> Iterator[UnitOfWork]:
    if request.param == "memory":
        yield MemoryUnitOfWork()
        return
    factory: Callable[[], SqlUnitOfWorkBase] = request.getfixturevalue(f"{request.param}_factory")
    store = factory()
    yield store


def _no_queries(uow: UnitOfWork) -> None:
    """Make any SQL statement fail the test (the memory adapter runs none anyway)."""
    if isinstance(uow, SqlUnitOfWorkBase):

        def refuse() -> Any:
            raise AssertionError("a query ran before the arguments were checked")

        uow._sql.cursor = refuse


@pytest.mark.parametrize(("repo", "method", "args", "arg"), READS, ids=[f"{r[1]}-{r[3]}" for r in READS])
def test_a_wrongly_typed_argument_is_refused_before_any_query(
    uow: UnitOfWork, repo: str, method: str, args: dict[str, Any], arg: str
) -> None:
    _no_queries(uow)

    @given(WRONG)
    def check(value: Any) -> None:
        if not _wrong_for(arg, value):
            return
        with uow, pytest.raises(InvalidCommand) as caught:
            getattr(getattr(uow, repo), method)(**{**args, arg: value})
        assert caught.value.field == arg

    check()


def test_a_numeric_zero_reporter_id_never_reveals_other_reporters_complaints(uow: UnitOfWork) -> None:
    complaint, events = walked("c-1", Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    with uow:
        for read in (lambda: uow.complaints.by_reporter(0), lambda: uow.complaints.get(0)):  # type: ignore[arg-type]
            with pytest.raises(InvalidCommand):
                read()
        assert uow.complaints.by_agency(complaint.agency_id or "", limit=5) == [complaint]
