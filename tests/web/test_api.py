"""The LAPOR!-style API over a real loopback server: filing with Idempotency-Key, tracking, actions, scoped
lists with cursors, and problem details for every refusal (never a 500, nothing written)."""

from __future__ import annotations

from tests.web.conftest import ADMIN, AGENCY, OTHER_AGENCY, Live

SUBMIT = {"type": "pengaduan", "title": "Lampu jalan mati", "description": "Sudah seminggu",
          "category": "jalan-rusak", "channel": "web", "region_code": "34.04"}  # fmt: skip


def _count(live: Live) -> int:
    with live.service.uow as uow:
        return uow.events.last_position()


def test_submit_with_an_idempotency_key_replays_the_first_receipt(live: Live) -> None:
    with live.client() as http:
        first = http.post("/api/v1/complaints", json=SUBMIT, headers={"Idempotency-Key": "web-1"})
        again = http.post("/api/v1/complaints", json=SUBMIT, headers={"Idempotency-Key": "web-1"})
        other = http.post("/api/v1/complaints", json={**SUBMIT, "title": "Lain"},
                          headers={"Idempotency-Key": "web-1"})  # fmt: skip
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["v"] == 1
    assert again.json()["tracking_id"] == first.json()["tracking_id"]
    assert again.json()["replayed"] is True
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "urn:sp4n:problem:idempotency-conflict"


def test_a_refused_submission_is_a_problem_and_writes_nothing(live: Live) -> None:
    before = _count(live)
    with live.client() as http:
        no_region = http.post("/api/v1/complaints", json={**SUBMIT, "region_code": None})
        garbage = http.post("/api/v1/complaints", content=b"\xff{not json")
        nik = http.post("/api/v1/complaints", json={**SUBMIT, "reporter": {"nik": "12345"}})
        bad_key = http.post("/api/v1/complaints", json=SUBMIT, headers={"Idempotency-Key": "no spaces;"})
        long_key = http.post("/api/v1/complaints", json=SUBMIT, headers={"Idempotency-Key": "k" * 65})
    assert [r.status_code for r in (no_region, garbage, nik, bad_key, long_key)] == [422] * 5
    assert bad_key.json()["field"] == "idempotency_key"
    assert no_region.json()["field"] == "region_code"
    assert "12345" not in nik.text  # the input (personal data) is never echoed
    assert _count(live) == before


def test_tracking_shows_the_public_view_status_timeline_and_deadline(live: Live) -> None:
    with live.client() as http:
        seen = http.get(f"/api/v1/track/{live.seeded['forwarded']}").json()
        secret = http.get(f"/api/v1/track/{live.seeded['rahasia']}")
        typo = http.get("/api/v1/track/XXX-XXX-XXX")
    assert seen["kind"] == "public"
    assert seen["status"] == "forwarded"
    assert [s["action"] for s in seen["timeline"]] == ["submit", "verify"]
    assert seen["next_deadline"]["clock"] == "follow_up"  # 5 working days from the forward
    assert seen["due_at"] is not None
    assert "reporter_ref" not in seen
    assert secret.status_code == 404  # rahasia: not even its existence
    assert typo.status_code in (404, 422)


def test_lists_are_scoped_to_the_actor_and_page_with_cursors(live: Live) -> None:
    with live.client() as public:
        feed = public.get("/api/v1/complaints").json()
    titles = {i["title"] for i in feed["items"]}
    assert "Jalan Godean rusak" in titles
    assert "Pungli di kantor" not in titles  # rahasia
    assert "Sekolah tanpa guru" not in titles  # not yet verified
    with live.client("sleman") as agency:
        inbox = agency.get("/api/v1/complaints", params={"limit": 1}).json()
    assert [i["kind"] for i in inbox["items"]] == ["agency"]
    assert {i["complaint"]["agency_id"] for i in inbox["items"]} == {AGENCY}
    with live.client("admin") as admin:
        pages, cursor = [], None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            body = admin.get("/api/v1/complaints", params=params).json()
            pages.append([i["complaint"]["tracking_id"] for i in body["items"]])
            cursor = body["next_cursor"]
            if cursor is None:
                break
        everything = [t for page in pages for t in page]
        assert len(everything) == len(set(everything))
        assert set(live.seeded.values()) <= set(everything)
        bad = admin.get("/api/v1/complaints", params={"cursor": "forged.cursor"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "cursor"


def test_actions_run_as_the_signed_in_actor_and_refusals_are_problems(live: Live) -> None:
    # Its own complaint, at another agency: the seeded ones stay as the other tests expect them.
    with live.client("admin") as admin:
        tracking = admin.post("/api/v1/complaints", json=SUBMIT).json()["tracking_id"]
        cid = live.service.by_tracking(tracking, actor=ADMIN).id
        forwarded = admin.post(f"/api/v1/complaints/{cid}/verify", json={"agency_id": OTHER_AGENCY})
    assert forwarded.status_code == 200
    with live.client() as anyone:
        anonymous = anyone.post(f"/api/v1/complaints/{cid}/dispose", json={"unit_ids": ["dpupr"]})
    with live.client("sleman") as stranger:
        foreign = stranger.post(f"/api/v1/complaints/{cid}/dispose", json={"unit_ids": ["dpupr"]})
    assert foreign.status_code == 403
    with live.client("yogya") as agency:
        done = agency.post(f"/api/v1/complaints/{cid}/dispose", json={"unit_ids": ["dpupr"]})
        again = agency.post(f"/api/v1/complaints/{cid}/verify", json={"agency_id": OTHER_AGENCY})
        unknown = agency.post(f"/api/v1/complaints/{cid}/explode", json={})
        not_object = agency.post(f"/api/v1/complaints/{cid}/start", content=b"[1]")
    assert anonymous.status_code == 403
    assert done.status_code == 200
    assert done.json()["complaint"]["status"] == "disposed"
    assert again.status_code in (403, 409)
    assert unknown.status_code == 422
    assert not_object.status_code == 422
    for r in (anonymous, again, unknown, not_object):
        assert r.headers["content-type"] == "application/problem+json"


def test_a_reporter_never_sees_someone_elses_complaint(live: Live) -> None:
    cid = live.service.by_tracking(live.seeded["forwarded"], actor=ADMIN).id
    with live.client("r-1") as reporter:
        assert reporter.get(f"/api/v1/complaints/{cid}").status_code == 404
        assert reporter.get("/api/v1/complaints").json()["items"] == []


def test_english_titles_on_request(live: Live) -> None:
    with live.client() as http:
        r = http.get("/api/v1/track/K2C-CYQ-SMH", params={"lang": "en"})
    assert r.json()["title"] in ("No such report", "Input breaks a rule")
