"""The web layer reads as the request's actor: a report not published shows its status and no text, and an
agency never reads an anonim reporter's name in its lists or its reads."""

from __future__ import annotations

import re

from tests.web.conftest import ADMIN, OTHER_AGENCY, Live

NAME = "Siti Rahmawati"


def test_an_unpublished_report_shows_its_status_and_no_text(live: Live) -> None:
    fresh = live.seeded["fresh"]  # filed, not yet verified: not published (Perpres 76/2013)
    with live.client() as http:
        api = http.get(f"/api/v1/track/{fresh}")
        page = http.get(f"/lacak/{fresh}")
        geo = http.get(f"/open311/v2/requests/{fresh}.json")
    assert api.status_code == 200
    doc = api.json()
    assert doc["kind"] == "status"
    assert doc["status"] == "submitted"
    assert doc["tracking_id"] == fresh
    assert not {"title", "description", "agency_id", "timeline", "reporter_ref"} & set(doc)
    assert page.status_code == 200
    assert 'id="unpublished"' in page.text
    assert 'data-status="submitted"' in page.text
    for response in (api, page, geo):
        assert "Sekolah tanpa guru" not in response.text
        assert "Berlubang" not in response.text
    assert geo.status_code == 200
    [row] = geo.json()
    assert (row["service_request_id"], row["status"], row["description"]) == (fresh, "open", "")


def test_a_rahasia_report_stays_not_found_everywhere(live: Live) -> None:
    secret = live.seeded["rahasia"]
    with live.client() as http:
        answers = [http.get(p) for p in (f"/api/v1/track/{secret}", f"/lacak/{secret}",
                                         f"/open311/v2/requests/{secret}.json")]  # fmt: skip
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert all("Pungli" not in a.text for a in answers)


def test_an_agency_never_reads_a_hidden_reporters_identity(live: Live) -> None:
    body = {"type": "pengaduan", "title": "Jembatan retak", "description": f"Saya {NAME} melapor",
            "category": "jalan-rusak", "channel": "web", "region_code": "34.71", "anonim": True,
            "reporter": {"name": NAME}}  # fmt: skip
    with live.client("admin") as admin:
        tracking = admin.post("/api/v1/complaints", json=body).json()["tracking_id"]
        cid = live.service.by_tracking(tracking, actor=ADMIN).id
        assert admin.post(f"/api/v1/complaints/{cid}/verify", json={"agency_id": OTHER_AGENCY}).is_success
    with live.client("yogya") as agency:
        one = agency.get(f"/api/v1/complaints/{cid}")
        inbox = agency.get("/api/v1/complaints", params={"limit": 1000})
    assert one.status_code == 200
    [listed] = [i for i in inbox.json()["items"] if i["complaint"]["tracking_id"] == tracking]
    assert "Jembatan retak" in one.text
    for text in (one.text, str(listed)):
        assert re.search(NAME, text, re.IGNORECASE) is None
    # The store still holds the words as written: scoping is the read's, not a rewrite.
    assert NAME in live.service.unscoped_record(cid).complaint.description


def test_someone_elses_complaint_is_not_found_for_an_agency_too(live: Live) -> None:
    cid = live.service.by_tracking(live.seeded["forwarded"], actor=ADMIN).id
    with live.client("yogya") as other_agency:
        assert other_agency.get(f"/api/v1/complaints/{cid}").status_code == 404
