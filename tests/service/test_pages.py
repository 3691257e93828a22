"""Paged lists: cursors resume exactly, and anything that is not a cursor this list issued is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.model import Actor, Role
from sp4n.ports import ComplaintSearch, Listed
from sp4n.service import NoDeadlines, create_service
from sp4n.service.pages import Pages


@pytest.fixture(scope="module")
def pages() -> Pages:
    svc = create_service(sla=NoDeadlines())
    for n in range(7):
        category = "jalan" if n % 2 else "air"
        svc.submit({"type": "pengaduan", "title": f"Jalan {n}", "description": "Berlubang",
                    "category": category, "channel": "web", "region_code": "34.04"})  # fmt: skip
    return Pages(svc.uow, secret=b"test-secret")


def _all(pages: Pages, query: ComplaintSearch, limit: int) -> list[str]:
    titles, cursor = [], None
    while True:
        page = pages.search(query, cursor, limit)
        titles += [i.complaint.title for i in page.items]
        if page.next_cursor is None:
            return titles
        cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 50])
def test_any_page_size_lists_the_same_complaints(pages: Pages, limit: int) -> None:
    assert _all(pages, ComplaintSearch(), limit) == [f"Jalan {n}" for n in reversed(range(7))]
    assert _all(pages, ComplaintSearch(newest_first=False, category="jalan"), limit) == [
        "Jalan 1", "Jalan 3", "Jalan 5"]  # fmt: skip


def test_the_last_page_has_no_cursor(pages: Pages) -> None:
    assert pages.search(ComplaintSearch(), None, 7).next_cursor is None


@given(st.text(max_size=80))
def test_garbage_is_refused_as_a_cursor(pages: Pages, garbage: str) -> None:
    with pytest.raises(RuleViolation) as err:
        pages.search(ComplaintSearch(), garbage, 2)
    assert err.value.field == "cursor"


def test_an_edited_cursor_or_another_secret_is_refused(pages: Pages) -> None:
    cursor = pages.search(ComplaintSearch(), None, 2).next_cursor
    assert cursor is not None
    body, mac = cursor.split(".")
    for forged in (body[:-2] + "AA." + mac, body + "." + mac[::-1]):
        with pytest.raises(RuleViolation, match="cursor"):
            pages.search(ComplaintSearch(), forged, 2)
    with pytest.raises(RuleViolation, match="cursor"):
        Pages(pages.uow, secret=b"other").search(ComplaintSearch(), cursor, 2)


@pytest.mark.usefixtures("english")
def test_a_cursor_only_continues_the_list_it_came_from(pages: Pages) -> None:
    cursor = pages.search(ComplaintSearch(), None, 2).next_cursor
    with pytest.raises(RuleViolation, match="another list"):
        pages.search(ComplaintSearch(category="air"), cursor, 2)


@pytest.mark.parametrize("limit", [0, 1001, True, -1])
def test_page_size_is_bounded(pages: Pages, limit: int) -> None:
    with pytest.raises(RuleViolation, match="limit"):
        pages.search(ComplaintSearch(), None, limit)


# --- the invariant, for any data: pages are the list, whatever is filed between them ----------------------


@st.composite
def _filings(draw: st.DrawFn) -> list[tuple[int, str]]:
    """(minute filed, category) for up to 25 complaints; many share a minute (ties break by id)."""
    return draw(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["air", "jalan"])), max_size=25))


@given(
    before=_filings(),
    between=_filings(),
    size=st.integers(1, 6),
    newest_first=st.booleans(),
    category=st.none() | st.just("air"),
)
def test_paging_lists_every_complaint_once_in_order_while_others_are_filed(
    before: list[tuple[int, str]],
    between: list[tuple[int, str]],
    size: int,
    newest_first: bool,
    category: str | None,
) -> None:
    from datetime import UTC, datetime, timedelta

    import attrs

    from sp4n.adapters.storage.memory import MemoryUnitOfWork
    from sp4n.lifecycle.status import Status
    from sp4n.testing.lifecycle import walked

    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    uow = MemoryUnitOfWork()

    def file(rows: list[tuple[int, str]], tag: str, offset: timedelta) -> list[tuple[datetime, str, str]]:
        made = []
        with uow:
            for n, (minute, cat) in enumerate(rows):
                at = t0 + offset + timedelta(minutes=minute)
                complaint, events = walked(f"{tag}-{n:02d}", Status.submitted, at=at)
                complaint = attrs.evolve(complaint, category=cat)
                uow.complaints.save(complaint, events, expected_version=0)
                made.append((at, complaint.id, cat))
            uow.commit()
        return made

    first = file(before, "a", timedelta(0))
    query = ComplaintSearch(category=category, newest_first=newest_first)
    pages = Pages(uow)
    seen: list[str] = []
    page = pages.search(query, None, size)
    seen += [i.complaint.id for i in page.items]
    # Filed after the first page, later than everything before: a newest-first list has them ahead of its
    # first page, an oldest-first list after its last; either way no page shifts.
    later = file(between, "b", timedelta(hours=1))
    more = page.next_cursor is not None  # a reader whose first page was the last one stops there
    while page.next_cursor is not None:
        page = pages.search(query, page.next_cursor, size)
        seen += [i.complaint.id for i in page.items]
    expected = sorted((r for r in first if category in (None, r[2])), reverse=newest_first)
    if more and not newest_first:
        expected += sorted(r for r in later if category in (None, r[2]))
    assert seen == [cid for _, cid, _ in expected]


def test_the_shorthands_are_their_searches(pages: Pages) -> None:
    from datetime import UTC, datetime

    everything = [i.complaint.id for i in pages.search(ComplaintSearch(), None, 50).items]
    assert pages.public_feed().items == ()  # all still unverified: not public yet
    assert pages.inbox("pemkab-34.04").items == ()  # none forwarded
    assert pages.overdue(datetime(2100, 1, 1, tzinfo=UTC)).items == ()  # no deadline engine, nothing due
    mine = pages.of_reporter("nobody")
    assert mine.items == ()
    assert mine.next_cursor is None
    oldest = pages.search(ComplaintSearch(newest_first=False), None, 50).items
    assert [i.complaint.id for i in oldest] == everything[::-1]


SLEMAN = "pemkab-sleman"
OFFICER = Actor(id="u-7", role=Role.unit_officer, agency_id=SLEMAN, unit_id="disdik")


@pytest.fixture(scope="module")
def units() -> tuple[Pages, list[str]]:
    """Nine complaints at one agency, every third disposed to the disdik unit, the rest to another or none;
    an anonim reporter's name written into each description."""
    svc = create_service(sla=NoDeadlines())
    admin = Actor(id="adm", role=Role.national_admin)
    agency = Actor(id="adm-sleman", role=Role.agency_admin, agency_id=SLEMAN)
    disdik = []
    for n in range(9):
        cid = svc.submit({"type": "pengaduan", "title": f"Sekolah {n}", "description": "Saya Budi Santoso",
                          "category": "pendidikan", "channel": "web", "region_code": "34.04",
                          "anonim": True, "reporter": {"name": "Budi Santoso"}}).complaint_id  # fmt: skip
        svc.verify_and_forward({"complaint_id": cid, "agency_id": SLEMAN}, actor=admin)
        if n % 3 == 0:
            svc.dispose({"complaint_id": cid, "unit_ids": ["disdik"]}, actor=agency)
            disdik.append(f"Sekolah {n}")
        elif n % 3 == 1:
            svc.dispose({"complaint_id": cid, "unit_ids": ["dpupr"]}, actor=agency)
    return Pages(svc.uow), disdik


@pytest.mark.parametrize("limit", [1, 2, 4, 9, 50])
def test_a_page_read_as_an_actor_holds_exactly_what_it_may_see_at_any_page_size(
    units: tuple[Pages, list[str]], limit: int
) -> None:
    pages, disdik = units
    seen: list[Listed] = []
    cursor: str | None = None
    while True:
        page = pages.search(ComplaintSearch(agency_id=SLEMAN), cursor, limit, actor=OFFICER)
        seen += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(i.complaint.title for i in seen) == sorted(disdik)
    assert all(i.complaint.reporter_ref is None for i in seen)
    assert all("Budi" not in i.complaint.description for i in seen)


def test_a_page_read_without_an_actor_is_as_stored(units: tuple[Pages, list[str]]) -> None:
    pages, _ = units
    page = pages.search(ComplaintSearch(agency_id=SLEMAN), None, 50)
    assert len(page.items) == 9
    assert all("Budi Santoso" in i.complaint.description for i in page.items)


def test_histories_come_with_their_page_item_for_item(units: tuple[Pages, list[str]]) -> None:
    pages, _ = units
    page, logs = pages.histories(ComplaintSearch(agency_id=SLEMAN), None, 4)
    assert len(logs) == len(page.items) == 4
    for item, log in zip(page.items, logs, strict=True):
        assert {s.event.complaint_id for s in log} == {item.complaint.id}
        assert len(log) == item.complaint.version  # one event per version
