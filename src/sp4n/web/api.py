"""The LAPOR!-style JSON API (``/api/v1``): file, track, act, and list with cursors.

* ``POST /complaints`` files a complaint (body: :class:`sp4n.commands.SubmitComplaint`); an
  ``Idempotency-Key`` header makes a retry return the first receipt (``201`` first, ``200`` on a replay);
* ``GET /track/{tracking_id}`` is what anyone may see of a complaint, with its public timeline;
* ``GET /complaints`` lists what the caller may see, newest first (``order=oldest`` for oldest), filtered by
  ``status``, ``category``, ``region_code``, ``submitted_from``/``submitted_before``, paged by ``cursor``;
* ``GET /complaints/{complaint_id}`` one complaint in the caller's view, ``due_at`` and the next deadline;
* ``POST /complaints/{complaint_id}/{action}`` a lifecycle action (``verify``, ``dispose``, ``start``,
  ``follow_up``, ``reply``, ``close``, ``hold``, ``resume``, ``decline``, ``reroute``, ``archive``,
  ``escalate``) as the signed-in actor; the body holds the action's fields;
* ``GET /overdue`` open complaints past their stored deadline (agencies: their own), most overdue first.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from sp4n import commands as cmd
from sp4n.exceptions import ComplaintNotFound, NotPermitted, RuleViolation
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import PublicStatus, public_event_view, public_status, public_view
from sp4n.notify.model import NextDeadline
from sp4n.ports import ComplaintSearch
from sp4n.service.actions import ACTIONS as SERVICE_ACTIONS
from sp4n.service.deadline_source import next_running_deadline
from sp4n.service.deadlines import SlaDeadlines
from sp4n.service.pages import MAX_PAGE, Page
from sp4n.sla.workdays import indonesia_calendar
from sp4n.web.config import config_of, service_of
from sp4n.web.scope import public_status_doc, scoped, view_doc
from sp4n.wire import PROBLEM_MEDIA_TYPE, ProblemDoc, ReceiptDoc, public_event_to_doc, receipt_to_doc

__all__ = ["ACTIONS", "router"]

_PROBLEM = {"model": ProblemDoc, "content": {PROBLEM_MEDIA_TYPE: {}}}
_ERRORS: dict[int | str, dict[str, Any]] = {code: _PROBLEM for code in (400, 403, 404, 409, 422)}

router = APIRouter(tags=["lapor"], responses=_ERRORS)

#: URL action name → the command it takes.
#: Every lifecycle action a signed-in actor may take, by its name: the service's own table, so an action the
#: lifecycle gains is an endpoint at once.
ACTIONS: dict[str, type[cmd.Command]] = {
    str(action): command for command, (action, _) in SERVICE_ACTIONS.items()
}

ActionName = StrEnum("ActionName", {name: name for name in ACTIONS})  # type: ignore[misc]


class Order(StrEnum):
    newest = "newest"
    oldest = "oldest"


def _actor(request: Request) -> Actor | None:
    # As the record knows them: a reporter's account id becomes their reporter_ref, so that the list scope
    # and the views compare references with references (filing takes the account id itself, to link it).
    actor = config_of(request).authenticate(request)
    return None if actor is None else service_of(request).recorded_actor(actor)


def _signed_in(request: Request, action: str) -> Actor:
    actor = _actor(request)
    if actor is None:
        raise NotPermitted("anonymous", action, "sign in first")
    return actor


def next_deadline_of(request: Request, complaint: Complaint, history: list[Event]) -> NextDeadline | None:
    """The earliest running SLA deadline of ``complaint`` (on the service's own time limits) from its
    ``history`` as the caller read it (only the steps' kinds and instants matter, never their texts)."""
    svc = service_of(request)
    if not isinstance(svc.deadlines, SlaDeadlines) or complaint.status.is_terminal:
        return None
    return next_running_deadline(
        history, policy=svc.deadlines.policy, calendar=svc.deadlines.calendar or indonesia_calendar()
    )


def due_at_of(request: Request, complaint: Complaint, actor: Actor) -> datetime | None:
    """The stored deadline of ``complaint``, read as ``actor``."""
    search = ComplaintSearch(tracking_id=complaint.tracking_id)
    page = service_of(request).pages.search(search, None, 1, actor=actor)
    return page.items[0].due_at if page.items else None


def _page_json(page: Page, actor: Actor | None) -> dict[str, Any]:
    items = [view_doc(i.complaint, actor, due_at=i.due_at) for i in page.items]
    return {"v": 1, "items": items, "next_cursor": page.next_cursor}


@router.post(
    "/complaints",
    status_code=201,
    responses={201: {"model": ReceiptDoc}, 200: {"model": ReceiptDoc}},
)
async def submit(
    request: Request,
    body: cmd.SubmitComplaint,
    idempotency_key: Annotated[str | None, Header(max_length=64)] = None,
) -> Response:
    """File a complaint (laporan); returns the receipt with the tracking number."""
    actor = config_of(request).authenticate(request)
    receipt = service_of(request).submit(body, actor=actor, idempotency_key=idempotency_key)
    status = 200 if receipt.replayed else 201
    return Response(
        receipt_to_doc(receipt).model_dump_json(), status_code=status, media_type="application/json"
    )


@router.get("/track/{tracking_id}")
async def track(request: Request, tracking_id: Annotated[str, Path(max_length=64)]) -> JSONResponse:
    """What anyone may see of a complaint: status, timeline, deadlines once published; only its status
    (no text) before verification or once archived; a rahasia one is not found."""
    found = service_of(request).pages.tracked(tracking_id)  # one transaction decides all three answers
    complaint, history = found.complaint, [s.event for s in found.history]
    shown = public_view(complaint) or public_status(complaint)
    if shown is None:
        raise ComplaintNotFound(tracking_id)
    if isinstance(shown, PublicStatus):
        return JSONResponse(public_status_doc(shown))
    doc = view_doc(complaint, None, due_at=found.due_at,
                   next_deadline=next_deadline_of(request, complaint, history))  # fmt: skip
    timeline = [public_event_view(e, complaint) for e in history]
    doc["timeline"] = [public_event_to_doc(e).model_dump(mode="json") for e in timeline if e is not None]
    return JSONResponse(doc)


@router.get("/complaints")
async def list_complaints(
    request: Request,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    order: Order = Order.newest,
    status: Status | None = None,
    category: Annotated[str | None, Query(max_length=64)] = None,
    region_code: Annotated[str | None, Query(max_length=13)] = None,
    submitted_from: datetime | None = None,
    submitted_before: datetime | None = None,
) -> JSONResponse:
    """The complaints the caller may see, one page at a time (``next_cursor`` continues)."""
    for name, value in (("submitted_from", submitted_from), ("submitted_before", submitted_before)):
        if value is not None and value.tzinfo is None:
            raise RuleViolation(name, "must name its time zone (Z or +07:00)")
    actor = _actor(request)
    search = ComplaintSearch(
        status=status, category=category, region_code=region_code, submitted_from=submitted_from,
        submitted_before=submitted_before, newest_first=order is Order.newest,
    )  # fmt: skip
    page = service_of(request).pages.search(scoped(search, actor), cursor, limit, actor=actor)
    return JSONResponse(_page_json(page, actor))


@router.get("/complaints/{complaint_id}")
async def get_complaint(request: Request, complaint_id: Annotated[str, Path(max_length=64)]) -> JSONResponse:
    """One complaint as the caller may see it (someone else's is not found: we never confirm it exists)."""
    actor = _signed_in(request, "read")
    svc = service_of(request)
    try:
        complaint = svc.get(complaint_id, actor=actor)
        history = [s.event for s in svc.history(complaint_id, actor=actor)]
    except NotPermitted:
        raise ComplaintNotFound(complaint_id) from None
    return JSONResponse(view_doc(complaint, actor, due_at=due_at_of(request, complaint, actor),
                                 next_deadline=next_deadline_of(request, complaint, history)))  # fmt: skip


@router.post("/complaints/{complaint_id}/{action}")
async def act(
    request: Request, complaint_id: Annotated[str, Path(max_length=64)], action: ActionName
) -> JSONResponse:
    """Take a lifecycle action as the signed-in actor; returns the complaint in the actor's view."""
    actor = _signed_in(request, str(action.value))
    raw = await request.body()
    try:
        fields = json.loads(raw) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError):
        raise RuleViolation("body", "must be a JSON object") from None
    if not isinstance(fields, dict):
        raise RuleViolation("body", "must be a JSON object")
    command = cmd.parse_command(ACTIONS[str(action.value)], {**fields, "complaint_id": complaint_id})
    complaint = service_of(request).execute(command, actor=actor)
    return JSONResponse(view_doc(complaint, actor, due_at=due_at_of(request, complaint, actor)))


@router.get("/overdue")
async def overdue(
    request: Request,
    as_of: datetime,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> JSONResponse:
    """Open complaints whose stored deadline is before ``as_of``, most overdue first (staff only)."""
    actor = _signed_in(request, "list overdue")
    if actor.role.value == "reporter":
        raise NotPermitted(actor.id, "list overdue", "only staff see overdue lists")
    if as_of.tzinfo is None:
        raise RuleViolation("as_of", "must name its time zone (Z or +07:00)")
    search = scoped(ComplaintSearch(overdue_as_of=as_of, newest_first=False), actor)
    page: Page = service_of(request).pages.search(search, cursor, limit, actor=actor)
    return JSONResponse(_page_json(page, actor))
