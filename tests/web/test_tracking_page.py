"""The tracking page keeps what it wrote per complaint version: every change shows at once, in each language,
and a page kept for the public never stands in for another answer."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.web.conftest import ADMIN, AGENCY, AGENCY_ADMIN, Live


def _timeline_rows(page: str) -> int:
    found = re.search(r"<table id='timeline'>(.*?)</table>", page)
    assert found is not None
    return found.group(1).count("<tr>")


def test_each_change_shows_at_once_in_both_languages(live: Live) -> None:
    body = {"type": "pengaduan", "title": "Lampu jalan padam", "description": "Gelap di Jl. Kaliurang",
            "category": "jalan-rusak", "channel": "web", "region_code": "34.04"}  # fmt: skip
    receipt = live.service.submit(body)
    path = f"/lacak/{receipt.tracking_id}"
    with live.client() as http:
        filed = http.get(path)
        live.service.verify_and_forward(
            {"complaint_id": receipt.complaint_id, "agency_id": AGENCY}, actor=ADMIN
        )
        published = [http.get(path), http.get(path), http.get(path, params={"lang": "en"})]
        live.service.dispose(
            {"complaint_id": receipt.complaint_id, "unit_ids": ["dinas-pu"]}, actor=AGENCY_ADMIN
        )
        started = [http.get(path), http.get(path, params={"lang": "en"}), http.get(path)]
    assert 'id="unpublished"' in filed.text
    assert "Lampu jalan padam" not in filed.text
    first, again, english = published
    assert first.text == again.text
    assert 'data-status="forwarded"' in first.text
    assert "Lampu jalan padam" in first.text
    assert '<html lang="id">' in first.text
    assert '<html lang="en">' in english.text
    assert 'data-status="forwarded"' in english.text
    for page in started:
        assert 'data-status="disposed"' in page.text
        assert _timeline_rows(page.text) == _timeline_rows(first.text) + 1
    assert '<html lang="en">' in started[1].text
    assert '<html lang="id">' in started[2].text
    assert AGENCY_ADMIN.id not in started[0].text  # no actor on a public page


def test_an_open311_list_shows_each_change_at_once(live: Live) -> None:
    body = {"type": "pengaduan", "title": "Trotoar rusak", "description": "Di depan pasar",
            "category": "jalan-rusak", "channel": "web", "region_code": "34.04"}  # fmt: skip
    receipt = live.service.submit(body)
    live.service.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": AGENCY}, actor=ADMIN)

    def row() -> dict[str, object]:
        with live.client() as http:
            found = http.get("/open311/v2/requests.json", params={"page_size": 1000}).json()
        [mine] = [r for r in found if r["service_request_id"] == receipt.tracking_id]
        return dict(mine)

    before, again = row(), row()
    live.clock.advance(timedelta(hours=1))
    live.service.dispose({"complaint_id": receipt.complaint_id, "unit_ids": ["dinas-pu"]}, actor=AGENCY_ADMIN)
    after = row()
    assert before == again
    assert after["status_notes"] != before["status_notes"]
    assert after["updated_datetime"] != before["updated_datetime"]
