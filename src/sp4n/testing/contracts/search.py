"""The contract of :meth:`~sp4n.ports.ComplaintRepository.search`: keyset lists, alike on every adapter.

Subclass :class:`ComplaintSearchContract` and provide a ``uow`` fixture over a fresh, empty store (the same
fixture as :class:`~sp4n.testing.contracts.UnitOfWorkContract`). The suite saves a dozen complaints (pairs
filed at the same instant, so ties are broken by id), walks every list a page of three at a time, and
compares with the answer the test computes by hand; it files more complaints between pages and checks that
no complaint repeats or goes missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest

from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import QUIET, Action, Status
from sp4n.ports import ComplaintSearch, Listed, UnitOfWork
from sp4n.testing.lifecycle import AGENCIES, NATIONAL_ADMIN, T0, walked

__all__ = ["ComplaintSearchContract"]

_STATUSES = (Status.submitted, Status.forwarded, Status.in_progress, Status.closed)
_REGIONS = ("34.04", "34.04.01", "51.03", "34.041")
_CATEGORIES = ("jalan", "air", "jalan")
_AS_OF = T0 + timedelta(days=6)

Row = tuple[Complaint, datetime | None]

#: (search, what it means, written out by hand as the oracle).
_CASES: list[tuple[ComplaintSearch, Callable[[Complaint, datetime | None], bool]]] = [
    (ComplaintSearch(), lambda c, d: True),
    (ComplaintSearch(newest_first=False), lambda c, d: True),
    (ComplaintSearch(agency_id=AGENCIES[0]), lambda c, d: c.agency_id == AGENCIES[0]),
    (ComplaintSearch(status=Status.forwarded), lambda c, d: c.status is Status.forwarded),
    # Public: never rahasia, and not before verification (the admin may still set rahasia then).
    (ComplaintSearch(public_only=True), lambda c, d: c.rahasia is None and c.status is not Status.submitted),
    (
        ComplaintSearch(category="jalan", region_code="34.04"),
        lambda c, d: c.category == "jalan" and c.region_code in ("34.04", "34.04.01"),
    ),
    (
        ComplaintSearch(submitted_from=T0 + timedelta(hours=1), submitted_before=T0 + timedelta(hours=4)),
        lambda c, d: T0 + timedelta(hours=1) <= c.submitted_at < T0 + timedelta(hours=4),
    ),
    (ComplaintSearch(tracking_id="LAP-s-03"), lambda c, d: c.id == "s-03"),
    (ComplaintSearch(overdue_as_of=_AS_OF, newest_first=False), lambda c, d: d is not None and d < _AS_OF),
]


def _save(uow: UnitOfWork, n: int, first: int = 0, at: datetime = T0) -> list[Row]:
    rows = []
    with uow:
        for i in range(first, first + n):
            when = at + timedelta(hours=(i - first) // 2)
            complaint, events = walked(f"s-{i:02d}", _STATUSES[i % 4], at=when, rahasia=i % 5 == 0)
            complaint = attrs.evolve(complaint, category=_CATEGORIES[i % 3], region_code=_REGIONS[i % 4])
            due = None if complaint.status in QUIET else when + timedelta(days=i)
            uow.complaints.save(complaint, events, expected_version=0, due_at=due)
            rows.append((complaint, due))
        uow.commit()
    return rows


def _walk(uow: UnitOfWork, query: ComplaintSearch, size: int = 3) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        with uow:
            page = uow.complaints.search(query, after, size)
        seen += [item.complaint.id for item in page]
        if len(page) < size:
            return seen
        after = _key(query, page[-1])


def _key(query: ComplaintSearch, item: Listed) -> tuple[datetime, str]:
    return query.sort_instant(item), item.complaint.id


def _expected(rows: list[Row], query: ComplaintSearch, keep: Callable[..., bool]) -> list[str]:
    def key(row: Row) -> tuple[datetime, str]:
        complaint, due = row
        instant = due if query.overdue_as_of is not None and due is not None else complaint.submitted_at
        return instant, complaint.id

    kept = [r for r in rows if keep(*r)]
    return [c.id for c, _ in sorted(kept, key=key, reverse=query.newest_first)]


class ComplaintSearchContract:
    """Subclass it and provide a ``uow`` fixture giving a unit of work over a fresh, empty store."""

    @pytest.fixture
    def uow(self) -> Any:
        """Override in the subclass."""
        raise NotImplementedError("provide a `uow` fixture")

    def test_every_list_pages_through_exactly_its_complaints_in_order(self, uow: UnitOfWork) -> None:
        rows = _save(uow, 12)
        for query, keep in _CASES:
            assert _walk(uow, query) == _expected(rows, query, keep), query

    def test_the_stored_deadline_comes_with_each_complaint(self, uow: UnitOfWork) -> None:
        rows = dict((c.id, due) for c, due in _save(uow, 4))
        with uow:
            listed = uow.complaints.search(ComplaintSearch(), None, 10)
        assert {i.complaint.id: i.due_at for i in listed} == rows

    def test_complaints_filed_between_pages_neither_repeat_nor_shift_a_page(self, uow: UnitOfWork) -> None:
        rows = _save(uow, 10)
        query = ComplaintSearch()
        with uow:
            first = uow.complaints.search(query, None, 4)
        _save(uow, 6, first=50, at=T0 + timedelta(days=30))  # newer: they belong before the first page
        rest = []
        after = _key(query, first[-1])
        while True:
            with uow:
                page = uow.complaints.search(query, after, 4)
            rest += [i.complaint.id for i in page]
            if len(page) < 4:
                break
            after = _key(query, page[-1])
        assert [i.complaint.id for i in first] + rest == _expected(rows, query, lambda c, d: True)

    def test_an_agency_lists_what_it_co_handles_and_a_complaint_its_duplicates(self, uow: UnitOfWork) -> None:
        lead, lead_events = walked("s-lead", Status.forwarded)
        dup, dup_events = walked("s-dup", Status.forwarded, at=T0 + timedelta(hours=1))
        with uow:
            for complaint, events in ((lead, lead_events), (dup, dup_events)):
                uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()
        helped = _step(uow, lead, Action.add_agency, agency_id=AGENCIES[1])
        _step(uow, dup, Action.archive_duplicate, reason="sama", duplicate_of="s-lead")
        co_handler, lead_agency = (
            ComplaintSearch(agency_id=a, newest_first=False) for a in AGENCIES[:2][::-1]
        )
        assert _walk(uow, co_handler) == ["s-lead"]
        assert _walk(uow, lead_agency) == ["s-lead", "s-dup"]
        assert _walk(uow, ComplaintSearch(duplicate_of="s-lead")) == ["s-dup"]
        assert _walk(uow, ComplaintSearch(duplicate_of="s-dup")) == []
        with uow:
            assert [c.id for c in uow.complaints.by_agency(AGENCIES[1])] == ["s-lead"]
            assert [c.id for c in uow.complaints.by_agency(AGENCIES[1], Status.submitted)] == []
        # Rerouted to its co-handler, which becomes the lead: listed once there, no longer at the old lead.
        _step(uow, helped, Action.reroute, agency_id=AGENCIES[1])
        assert _walk(uow, co_handler) == ["s-lead"]
        assert _walk(uow, lead_agency) == ["s-dup"]
        with uow:
            assert [c.id for c in uow.complaints.by_agency(AGENCIES[0])] == ["s-dup"]

    def test_a_search_shows_each_complaint_as_last_committed(self, uow: UnitOfWork) -> None:
        # An adapter may serve a complaint it decoded before; a state saved and rolled back, or one at the
        # same version written by another save, must never be served in its place.
        complaint, events = walked("s-live", Status.forwarded)
        with uow:
            uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()
        query = ComplaintSearch(tracking_id=complaint.tracking_id)
        assert _found(uow, query) == [complaint]
        dropped, event = apply(complaint, Action.add_agency, NATIONAL_ADMIN, complaint.updated_at,
                               agency_id=AGENCIES[1])  # fmt: skip
        with uow:
            uow.complaints.save(dropped, [event], expected_version=complaint.version)  # never committed
        assert _found(uow, query) == [complaint]
        kept = _step(uow, complaint, Action.reroute, agency_id=AGENCIES[1])
        assert kept.version == dropped.version
        assert kept != dropped
        assert _found(uow, query) == _found(uow, query) == [kept]


def _found(uow: UnitOfWork, query: ComplaintSearch) -> list[Complaint]:
    with uow:
        return [item.complaint for item in uow.complaints.search(query, None, 10)]


def _step(uow: UnitOfWork, complaint: Complaint, action: Action, **details: Any) -> Complaint:
    after, event = apply(complaint, action, NATIONAL_ADMIN, complaint.updated_at, **details)
    with uow:
        uow.complaints.save(after, [event], expected_version=complaint.version)
        uow.commit()
    return after
