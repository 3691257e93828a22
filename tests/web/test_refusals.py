"""Whatever a client sends, the answer is never a 500, a refusal is a problem document, and nothing is
written on a refused request (hypothesis over request bodies, against the live server)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.web.conftest import ADMIN, Live

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=8,
)
_FIELDS = st.sampled_from(["type", "title", "description", "category", "channel", "region_code", "reporter",
                           "unit_ids", "agency_id", "reason", "anonim", "incident_date"])  # fmt: skip
_BODIES = st.dictionaries(_FIELDS | st.text(max_size=10), _JSON, max_size=7) | _JSON
_PATHS = st.sampled_from(["/api/v1/complaints", "/api/v1/complaints/{cid}/dispose",
                          "/api/v1/complaints/{cid}/verify", "/api/v1/complaints/{cid}/close",
                          "/api/v1/complaints/nope/start"])  # fmt: skip


def _position(live: Live) -> int:
    with live.service.uow as uow:
        return uow.events.last_position()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=_BODIES, path=_PATHS, raw=st.booleans())
def test_no_request_body_causes_a_server_error_or_a_partial_write(
    live: Live, body: Any, path: str, raw: bool
) -> None:
    cid = live.service.by_tracking(live.seeded["fresh"], actor=ADMIN).id
    content = json.dumps(body).encode() if not raw else json.dumps(body)[:-1].encode() + b"\xff"
    before = _position(live)
    with live.client("sleman") as http:
        r = http.post(path.format(cid=cid), content=content, headers={"content-type": "application/json"})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json"
        assert _position(live) == before
