"""Open311 GeoReport v2 (``/open311/v2``): discovery, services, service definitions, requests (GET, POST).

Mapping: a service is a complaint category (the host's list, e.g. ``services_from_policy``);
``service_request_id`` is the tracking number; ``status`` is ``open`` until the complaint is closed, archived
or escalated; ``agency_responsible`` is the routed agency; ``expected_datetime`` is the next running SLA
deadline; ``requested_datetime``/``updated_datetime`` the submission and last change. Only what the public
view shows is published (never a rahasia complaint, never a reporter). ``GET requests`` without dates covers
the last 90 days (the spec's default window) and returns at most 1,000 requests, newest first.
``POST requests`` needs an ``api_key`` the host accepts; ``lat``/``long`` become a region code through the
host's :class:`~sp4n.ports.Geocoder`; ``address_string`` and ``media_url`` are kept in the description.
Errors follow the spec: a list of ``{code, description}`` (``<errors><error>`` in XML).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from sp4n.exceptions import RuleViolation, Sp4nError
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import TERMINAL
from sp4n.lifecycle.views import PublicStatus, public_status, public_view
from sp4n.ports import ComplaintSearch
from sp4n.service.pages import MAX_PAGE
from sp4n.tracking import parse as parse_tracking
from sp4n.web.config import KeptPerVersion, Open311Service, config_of, kept_of, service_of
from sp4n.wire import problem_for

__all__ = ["Fmt", "router"]

_BODY = {"application/json": {}, "text/xml": {"schema": {"type": "string"}}}
_SPEC_ERROR = {"description": "an error in the spec's format", "content": _BODY}
_PROBLEM = {"description": "a malformed parameter (problem details)",
            "content": {"application/problem+json": {"schema": {"type": "object"}}}}  # fmt: skip
router = APIRouter(
    tags=["open311"],
    responses={200: {"content": _BODY}, 400: _SPEC_ERROR, 403: _SPEC_ERROR, 404: _SPEC_ERROR, 422: _PROBLEM},
)


class Fmt(StrEnum):
    """The response format, from the resource's extension."""

    json = "json"
    xml = "xml"


class Open311Status(StrEnum):
    open = "open"
    closed = "closed"


def _iso(value: datetime | None) -> str | None:
    # isoformat, not strftime: a page of 1,000 writes 3,000 instants, and strftime costs several times more.
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").removesuffix("+00:00") + "Z"


def _xml(root: str, item: str, rows: Iterable[Mapping[str, Any]]) -> str:
    top = ET.Element(root)
    for row in rows:
        element = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(element, key)
            if isinstance(value, list | tuple):
                for inner in value:
                    ET.SubElement(child, key.rstrip("s") or key).text = str(inner)
            elif value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)
    return '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="unicode")


def _out(fmt: Fmt, root: str, item: str, rows: list[dict[str, Any]], status: int = 200) -> Response:
    if fmt is Fmt.xml:
        return Response(_xml(root, item, rows), status_code=status, media_type="text/xml; charset=utf-8")
    return JSONResponse(rows, status_code=status)


def open311_error(fmt: Fmt, status: int, description: str) -> Response:
    """An error in the spec's format."""
    return _out(fmt, "errors", "error", [{"code": status, "description": description}], status)


def _error_of(fmt: Fmt, err: Sp4nError) -> Response:
    doc = problem_for(err, lang="en")
    code = 400 if doc.status == 422 else doc.status
    return open311_error(fmt, code, doc.detail)


def _services(request: Request) -> dict[str, Open311Service]:
    return {s.code: s for s in config_of(request).open311_services}


@router.get("/discovery.{fmt}")
async def discovery(request: Request, fmt: Fmt) -> Response:
    """Service discovery: where the GeoReport v2 endpoint is and which formats it speaks."""
    url = str(request.url_for("services", fmt="xml")).rsplit("/", 1)[0]
    config = config_of(request)
    endpoint = {"specification": "http://wiki.open311.org/GeoReport_v2", "url": url,
                "changeset": config.open311_changeset, "type": "production",
                "formats": ["text/xml", "application/json"]}  # fmt: skip
    doc = {"changeset": config.open311_changeset, "contact": config.open311_contact,
           "key_service": config.open311_key_service, "endpoints": [endpoint]}  # fmt: skip
    if fmt is Fmt.json:
        return JSONResponse(doc)
    root = ET.Element("discovery")
    for key in ("changeset", "contact", "key_service"):
        ET.SubElement(root, key).text = str(doc[key]) or None
    e = ET.SubElement(ET.SubElement(root, "endpoints"), "endpoint")
    for key in ("specification", "url", "changeset", "type"):
        ET.SubElement(e, key).text = str(endpoint[key])
    formats = ET.SubElement(e, "formats")
    for f in endpoint["formats"]:
        ET.SubElement(formats, "format").text = str(f)
    body = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="unicode")
    return Response(body, media_type="text/xml; charset=utf-8")


@router.get("/services.{fmt}", name="services")
async def services(request: Request, fmt: Fmt) -> Response:
    """Every service (complaint category) with its group."""
    rows = [
        {
            "service_code": s.code,
            "service_name": s.name,
            "description": s.description,
            "metadata": False,
            "type": "realtime",
            "keywords": ", ".join(s.keywords),
            "group": s.group,
        }
        for s in config_of(request).open311_services
    ]
    return _out(fmt, "services", "service", rows)


@router.get("/services/{service_code}.{fmt}")
async def service_definition(
    request: Request, service_code: Annotated[str, Path(max_length=64)], fmt: Fmt
) -> Response:
    """A service's definition: sp4n asks no extra attributes, so the list is empty."""
    if service_code not in _services(request):
        return open311_error(fmt, 404, f"no service {service_code!r}")
    if fmt is Fmt.json:
        return JSONResponse({"service_code": service_code, "attributes": []})
    root = ET.Element("service_definition")
    ET.SubElement(root, "service_code").text = service_code
    ET.SubElement(root, "attributes")
    body = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="unicode")
    return Response(body, media_type="text/xml; charset=utf-8")


def _kept_row(
    request: Request, services: Mapping[str, Open311Service], complaint: Complaint, due_at: datetime | None
) -> dict[str, Any]:
    # A row depends on the complaint's stored state at one version (due_at is written with it): a list of
    # complaints unchanged since the last request reuses the rows written then.
    kept: KeptPerVersion[dict[str, Any]] = kept_of(request, "open311_rows")
    row = kept.get(complaint, "row")
    if row is None:
        row = _request_row(services, complaint, due_at)
        kept.put(complaint, "row", row)
    return dict(row)


def _request_row(
    services: Mapping[str, Open311Service], complaint: Complaint, due_at: datetime | None
) -> dict[str, Any]:
    # expected_datetime is the stored due_at: the earliest running SLA deadline, written with every change,
    # so a list of 1,000 needs no history replay.
    service = services.get(complaint.category)
    closed = complaint.status in TERMINAL
    return {
        "service_request_id": complaint.tracking_id,
        "status": "closed" if closed else "open",
        "status_notes": complaint.status.label,
        "service_name": service.name if service else complaint.category,
        "service_code": complaint.category,
        "description": complaint.description,
        "agency_responsible": complaint.agency_id or "",
        "service_notice": "",
        "requested_datetime": _iso(complaint.submitted_at),
        "updated_datetime": _iso(complaint.updated_at),
        "expected_datetime": None if closed else _iso(due_at),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _status_row(view: PublicStatus) -> dict[str, Any]:
    # A report not published (before verification, or archived) shows where it stands and nothing else.
    return {
        "service_request_id": view.tracking_id,
        "status": "closed" if view.status in TERMINAL else "open",
        "status_notes": view.status_label,
        "service_name": "",
        "service_code": "",
        "description": "",
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": _iso(view.submitted_at),
        "updated_datetime": _iso(view.updated_at),
        "expected_datetime": None,
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _one(request: Request, services: Mapping[str, Open311Service], tracking_id: str) -> dict[str, Any] | None:
    # One keyset query reads the complaint and its stored deadline; what the public may see decides the row.
    try:
        search = ComplaintSearch(tracking_id=parse_tracking(tracking_id))
    except RuleViolation:
        return None
    found = service_of(request).pages.search(search, None, 1).items
    if not found:
        return None
    complaint = found[0].complaint
    if public_view(complaint) is not None:
        return _request_row(services, complaint, found[0].due_at)
    status = public_status(complaint)
    return None if status is None else _status_row(status)


def _window(start: datetime | None, end: datetime | None, days: int) -> tuple[datetime, datetime]:
    for name, value in (("start_date", start), ("end_date", end)):
        if value is not None and value.tzinfo is None:
            raise RuleViolation(name, "must include a time zone (Z or an offset), as the spec requires")
    if start is None and end is None:
        end = datetime.now(UTC)
    if end is None:
        assert start is not None
        end = start + timedelta(days=days)
    if start is None:
        start = end - timedelta(days=days)
    if start > end:
        raise RuleViolation("start_date", "must not be after end_date")
    return start, end


@router.get("/requests.{fmt}")
async def get_requests(
    request: Request,
    fmt: Fmt,
    service_request_id: Annotated[str | None, Query(max_length=4096)] = None,
    service_code: Annotated[str | None, Query(max_length=1024)] = None,
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
) -> Response:
    """Service requests: by id (comma separated, overriding the rest), or filtered within a date window.

    ``page_size`` (an extension, as several GeoReport servers offer) returns fewer than the spec's 1,000.
    """
    try:
        rows = _find(request, service_request_id, service_code, (start_date, end_date), status, page_size)
    except Sp4nError as err:
        return _error_of(fmt, err)
    return _out(fmt, "service_requests", "request", rows)


def _find(
    request: Request,
    ids: str | None,
    codes: str | None,
    dates: tuple[datetime | None, datetime | None],
    status: str | None,
    cap: int,
) -> list[dict[str, Any]]:
    services = _services(request)
    if ids:
        found = (_one(request, services, t.strip()) for t in ids.split(",")[:cap] if t.strip())
        return [row for row in found if row is not None]
    wanted = {s.strip() for s in (status or "").split(",") if s.strip()}
    if wanted - {"open", "closed"}:
        raise RuleViolation("status", "must be open or closed (comma separated)")
    begin, finish = _window(*dates, config_of(request).open311_window_days)
    categories = [c.strip() for c in codes.split(",") if c.strip()] if codes else [None]
    rows: list[dict[str, Any]] = []
    pages = service_of(request).pages
    for category in categories:
        search = ComplaintSearch(public_only=True, category=category, submitted_from=begin,
                                 submitted_before=finish + timedelta(microseconds=1))  # fmt: skip
        cursor = None
        while len(rows) < cap:
            page = pages.search(search, cursor, cap)
            for item in page.items:
                state = "closed" if item.complaint.status in TERMINAL else "open"
                if not wanted or state in wanted:
                    rows.append(_kept_row(request, services, item.complaint, item.due_at))
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    rows.sort(key=lambda r: str(r["requested_datetime"]), reverse=True)
    return rows[:cap]


@router.get("/requests/{service_request_id}.{fmt}")
async def get_request(
    request: Request, service_request_id: Annotated[str, Path(max_length=64)], fmt: Fmt
) -> Response:
    """One service request by its id (the tracking number)."""
    found = _one(request, _services(request), service_request_id)
    if found is None:
        return open311_error(fmt, 404, f"no service request {service_request_id!r}")
    return _out(fmt, "service_requests", "request", [found])


@router.post("/requests.{fmt}", status_code=201, responses={201: {"content": _BODY}})
async def post_request(request: Request, fmt: Fmt) -> Response:
    """Create a service request (form-encoded, as the spec says); returns its id, the tracking number."""
    try:
        # GeoReport v2 posts application/x-www-form-urlencoded (media travel as media_url, not as uploads).
        form = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True, max_num_fields=64)
    except (UnicodeDecodeError, ValueError):
        return open311_error(fmt, 400, "the body must be form-encoded UTF-8")
    fields = dict(form)
    fields.update({k: v for k, v in request.query_params.items() if k in ("api_key", "jurisdiction_id")})
    config = config_of(request)
    actor = config.open311_api_key(fields.get("api_key", ""))
    if actor is None:
        return open311_error(fmt, 403, "api_key is missing or not accepted")
    try:
        payload = _submission(request, fields)
        receipt = service_of(request).submit(payload, actor=actor)
    except Sp4nError as err:
        return _error_of(fmt, err)
    row = {"service_request_id": receipt.tracking_id, "service_notice": "", "account_id": None}
    return _out(fmt, "service_requests", "request", [row], 201)


def _coordinate(fields: Mapping[str, str], name: str, bound: float) -> float:
    try:
        value = float(fields[name])
    except ValueError:
        raise RuleViolation(name, "must be a decimal number (WGS 84)") from None
    if not -bound <= value <= bound:
        raise RuleViolation(name, "must be between -{bound:g} and {bound:g}", bound=bound)
    return value


def _submission(request: Request, fields: Mapping[str, str]) -> dict[str, Any]:
    code = fields.get("service_code", "")
    service = _services(request).get(code)
    if service is None:
        raise RuleViolation("service_code", "must be one of the codes services.json lists")
    region = fields.get("region_code") or None
    if "lat" in fields or "long" in fields:
        geocoder = config_of(request).geocoder
        if geocoder is None or "lat" not in fields or "long" not in fields:
            raise RuleViolation("lat", "lat and long are taken only together, where a geocoder is set")
        region = geocoder.region_code(_coordinate(fields, "lat", 90), _coordinate(fields, "long", 180))
        if region is None:
            raise RuleViolation("lat", "the point is outside every region this endpoint serves")
    description = fields.get("description", "").strip()
    extra = [f"Lokasi: {fields['address_string']}" if fields.get("address_string") else "",
             f"Media: {fields['media_url']}" if fields.get("media_url") else ""]  # fmt: skip
    text = "\n".join([description, *[e for e in extra if e]]).strip()
    return {
        "type": "pengaduan",
        "title": (description.splitlines()[0] if description else service.name)[:200],
        "description": text,
        "category": code,
        "channel": "app",
        "region_code": region,
    }
