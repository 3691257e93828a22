"""Open311 GeoReport v2 over a real loopback server, read by a real client library from PyPI (georeport) and
checked against the shapes of the spec's examples (XML and JSON), with POST through the spec's form fields."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest
from georeport import GeoReport
from tests.web.conftest import ADMIN, AGENCY, Live

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]  # fmt: skip  (the order of the spec's GET requests example)


@pytest.fixture
def client(live: Live) -> GeoReport:
    return GeoReport(f"{live.url}/open311/v2")


@pytest.fixture
def xml_client(live: Live) -> GeoReport:
    return GeoReport(f"{live.url}/open311/v2", output_format="xml")


def test_services_list_the_categories_with_their_groups(client: GeoReport, xml_client: GeoReport) -> None:
    services = client.get_service_list()
    assert [(s["service_code"], s["group"]) for s in services] == [
        ("jalan-rusak", "jalan"), ("pendidikan-dasar", "pendidikan")]  # fmt: skip
    assert services[0]["metadata"] is False
    assert services[0]["type"] == "realtime"
    as_xml = xml_client.get_service_list()
    assert [s["service_code"] for s in as_xml] == ["jalan-rusak", "pendidikan-dasar"]
    assert as_xml[0]["metadata"] == "false"
    assert client.get_service_definition("jalan-rusak") == {"service_code": "jalan-rusak", "attributes": []}


def test_a_request_by_id_is_the_tracking_number_with_status_agency_and_deadline(
    client: GeoReport, xml_client: GeoReport, live: Live
) -> None:
    tracking = live.seeded["forwarded"]
    one = client.get_service_request(tracking)
    assert list(one) == REQUEST_FIELDS
    assert one["service_request_id"] == tracking
    assert one["status"] == "open"
    assert one["agency_responsible"] == AGENCY
    assert one["expected_datetime"].endswith("Z")
    assert one["requested_datetime"] < one["expected_datetime"]
    assert xml_client.get_service_request(tracking)["service_request_id"] == tracking


def test_requests_filter_by_code_status_and_ids_and_hide_rahasia(client: GeoReport, live: Live) -> None:
    every = client.get_service_requests()
    ids = {r["service_request_id"] for r in every}
    assert live.seeded["forwarded"] in ids
    assert live.seeded["rahasia"] not in ids
    assert all(
        r["service_code"] == "jalan-rusak" for r in client.get_service_requests(service_code="jalan-rusak")
    )
    assert client.get_service_requests(status="closed") == []
    both = client.get_service_requests(
        service_request_id=f"{live.seeded['forwarded']},{live.seeded['rahasia']}"
    )
    assert [r["service_request_id"] for r in both] == [live.seeded["forwarded"]]
    window = client.get_service_requests(start_date="2020-01-01T00:00:00Z", end_date="2020-02-01T00:00:00Z")
    assert window == []
    with httpx.Client(base_url=f"{live.url}/open311/v2") as http:
        assert len(http.get("/requests.json", params={"page_size": 1}).json()) == 1
        assert http.get("/requests.json", params={"page_size": 1001}).status_code == 422
        naive = http.get("/requests.json", params={"start_date": "2026-01-01T00:00:00"})
    assert naive.status_code == 400
    assert "time zone" in naive.json()[0]["description"]


def test_xml_has_the_declaration_and_the_spec_root_elements(live: Live) -> None:
    with httpx.Client(base_url=f"{live.url}/open311/v2") as http:
        r = http.get("/requests.xml")
        d = http.get("/discovery.xml")
    assert r.headers["content-type"].startswith("text/xml")
    assert r.text.startswith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>')
    request = ET.fromstring(r.text).find("request")
    assert request is not None
    assert [child.tag for child in request] == REQUEST_FIELDS
    discovery = ET.fromstring(d.text)
    assert [child.tag for child in discovery] == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = discovery.find("endpoints/endpoint")
    assert endpoint is not None
    assert [child.tag for child in endpoint] == ["specification", "url", "changeset", "type", "formats"]
    assert endpoint.findtext("url") == f"{live.url}/open311/v2"
    formats = [f.text for f in discovery.iter("format")]
    assert formats == ["text/xml", "application/json"]


def test_post_needs_an_accepted_api_key_and_geocodes_lat_long(live: Live) -> None:
    form = {"service_code": "jalan-rusak", "lat": "-7.7", "long": "110.35",
            "description": "Lubang besar", "address_string": "Jl. Godean km 5"}  # fmt: skip
    with httpx.Client(base_url=f"{live.url}/open311/v2") as http:
        refused = http.post("/requests.json", data={**form, "api_key": "wrong"})
        outside = http.post("/requests.json", data={**form, "api_key": "k-123", "lat": "1.0"})
        bad = http.post("/requests.xml", data={**form, "api_key": "k-123", "lat": "north"})
        made = http.post("/requests.json", data={**form, "api_key": "k-123"})
    assert refused.status_code == 403
    assert refused.json() == [{"code": 403, "description": "api_key is missing or not accepted"}]
    assert outside.status_code == 400
    assert bad.status_code == 400
    assert bad.text.startswith('<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code>')
    assert made.status_code == 201
    [receipt] = made.json()
    assert set(receipt) == {"service_request_id", "service_notice", "account_id"}
    stored = live.service.by_tracking(receipt["service_request_id"], actor=ADMIN)
    assert stored.region_code == "34.04"
    assert "Jl. Godean km 5" in stored.description
    assert stored.category == "jalan-rusak"


def test_unknown_things_are_404_in_the_spec_error_format(client: GeoReport, live: Live) -> None:
    with httpx.Client(base_url=f"{live.url}/open311/v2") as http:
        service = http.get("/services/nope.json")
        request = http.get("/requests/K2C-CYQ-SMH.xml")
    assert service.status_code == 404
    assert service.json()[0]["code"] == 404
    assert request.status_code == 404
    assert "<errors><error><code>404</code>" in request.text
