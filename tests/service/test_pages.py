"""Paged lists: cursors resume exactly, and anything that is not a cursor this list issued is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.ports import ComplaintSearch
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


def test_a_cursor_only_continues_the_list_it_came_from(pages: Pages) -> None:
    cursor = pages.search(ComplaintSearch(), None, 2).next_cursor
    with pytest.raises(RuleViolation, match="another list"):
        pages.search(ComplaintSearch(category="air"), cursor, 2)


@pytest.mark.parametrize("limit", [0, 1001, True, -1])
def test_page_size_is_bounded(pages: Pages, limit: int) -> None:
    with pytest.raises(RuleViolation, match="limit"):
        pages.search(ComplaintSearch(), None, limit)
