"""Server-rendered pages people look at: the public tracking page and an agency's compliance page.

No external assets (no scripts, fonts or style sheets from elsewhere): the pages must work offline and behind
government firewalls, so the style is inline and the chart is inline SVG. Bahasa Indonesia by default,
English with ``?lang=en`` (a link on every page switches). Only the public view is shown: a rahasia
complaint is "not found", and no reporter ever appears.

The compliance page counts, as the demo report does, every follow-up clock started at the agency (each
forward to it) and every breach of that clock the timers recorded (PermenPANRB 62/2018: follow-up within 5
working days); the chart shows them per month of forwarding.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from sp4n.exceptions import ComplaintNotFound, RuleViolation
from sp4n.jurisdiction.agencies import agency_name
from sp4n.lifecycle.events import BreachDetails, Event, ForwardDetails
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.views import (
    PublicComplaint,
    PublicStatus,
    is_published,
    public_event_view,
    public_status,
    public_view,
)
from sp4n.notify.localtime import local_datetime, zone_for_region
from sp4n.ports import ComplaintSearch
from sp4n.service.pages import Tracked
from sp4n.texts import text
from sp4n.texts.words import PAGES
from sp4n.tracking import display, is_valid
from sp4n.web.api import next_deadline_of
from sp4n.web.config import KeptPerVersion, kept_of, lang_of, service_of

__all__ = ["router"]

router = APIRouter(tags=["pages"], include_in_schema=False)

#: Most complaints a compliance page reads (newest first).
MAX_COMPLIANCE = 5000


def _words(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (``page.*`` in :mod:`sp4n.texts.words`)."""
    return {key.removeprefix("page."): text(key, lang) for key in PAGES}


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:black}"
    "h1{font-size:1.5rem}.status{display:inline-block;padding:.3rem .7rem;border-radius:.4rem;"
    "background:navy;color:white;font-weight:600}table{border-collapse:collapse;width:100%}"
    "td,th{border-bottom:1px solid lightgray;padding:.4rem;text-align:left}nav{float:right}"
)


def _page(title: str, body: str, lang: str, switch_to: str, status: int = 200) -> HTMLResponse:
    other = "en" if lang == "id" else "id"
    text = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<nav><a href="?lang={other}">{html.escape(switch_to)}</a></nav>{body}</body></html>'
    )
    return HTMLResponse(text, status_code=status)


def _when(at: datetime | None, zone: str, lang: str) -> str:
    # The one form every message and view writes an instant in, in the complaint's own zone.
    return "" if at is None else html.escape(local_datetime(at, zone, lang))


def _tracking(tracking_id: str) -> str:
    return display(tracking_id) if is_valid(tracking_id) else tracking_id


def _rendered(request: Request) -> KeptPerVersion[str]:
    # A page is a pure function of the complaint's stored state at one version (its history, stored deadline
    # and text), the language and the service's time limits: only public pages are kept, never another view.
    kept: KeptPerVersion[str] = kept_of(request, "tracking_pages")
    return kept


@router.get("/lacak/{tracking_id}", response_class=HTMLResponse)
async def tracking_page(request: Request, tracking_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    """The public tracking page: status, timeline and the next deadline of a published complaint; only the
    status (no text) of one not published yet or any more; "not found" for a rahasia one."""
    lang = lang_of(request, accept_language=False)
    kept, written = _rendered(request), list[str]()

    def unwritten(complaint: Complaint) -> bool:
        # The history is read only for a published complaint whose page at this version is not kept.
        if not is_published(complaint):
            return False
        page = kept.get(complaint, lang)
        if page is not None:
            written.append(page)
        return page is None

    try:
        found = service_of(request).pages.tracked(tracking_id, history=unwritten)
    except (ComplaintNotFound, RuleViolation):
        found = None
    complaint = None if found is None else found.complaint
    shown = None if complaint is None else public_view(complaint) or public_status(complaint)
    if isinstance(shown, PublicStatus) and complaint is not None:
        return _status_page(shown, lang, zone_for_region(complaint.region_code))
    if isinstance(shown, PublicComplaint) and found is not None:
        if not found.complete:
            return HTMLResponse(written[0])
        response = _published_page(request, shown, found, lang)
        kept.put(found.complaint, lang, bytes(response.body).decode("utf-8"))
        return response
    t = _words(lang)
    body = f"<h1>{t['not_found']}</h1><p>{html.escape(tracking_id)}</p>"
    return _page(t["not_found"], body, lang, t["switch"], status=404)


def _published_page(request: Request, view: PublicComplaint, found: Tracked, lang: str) -> HTMLResponse:
    t = _words(lang)
    complaint, history = found.complaint, [s.event for s in found.history]
    zone = zone_for_region(complaint.region_code)
    deadline = next_deadline_of(request, complaint, history)
    due = deadline.due_at if deadline else found.due_at
    label = "" if deadline is None else (deadline.label_id if lang == "id" else deadline.label_en)
    rows = []
    for event in history:
        step = public_event_view(event, complaint)
        if step is not None:
            action = html.escape(text(f"action.{step.action.value}", lang))
            status = html.escape(text(f"status.{step.to_status.value}", lang))
            rows.append(
                f"<tr><td>{_when(step.occurred_at, zone, lang)}</td><td>{action}</td><td>{status}</td></tr>"
            )
    when = _when(due, zone, lang)
    deadline_text = (f"{html.escape(label)}: {when}" if label else when) if due else t["none"]
    agency = agency_name(view.agency_id) if view.agency_id else "-"
    body = (
        f"<h1>{t['track']}: {html.escape(_tracking(view.tracking_id))}</h1>"
        f"<h2>{html.escape(view.title)}</h2>"
        f'<p>{t["status"]}: <span class="status" id="status" data-status="{view.status}">'
        f"{html.escape(text(f'status.{view.status.value}', lang))}</span></p>"
        f"<p>{t['category']}: {html.escape(view.category)}"
        f' · {t["agency"]}: <span id="agency">{html.escape(agency)}</span>'
        f" · {t['submitted']}: {_when(view.submitted_at, zone, lang)}</p>"
        f'<p id="deadline">{t["deadline"]}: {deadline_text}</p>'
        f"<h2>{t['timeline']}</h2><table id='timeline'>{''.join(rows)}</table>"
    )
    return _page(f"{t['track']} {_tracking(view.tracking_id)}", body, lang, t["switch"])


def _status_page(view: PublicStatus, lang: str, zone: str) -> HTMLResponse:
    t = _words(lang)
    submitted, updated = _when(view.submitted_at, zone, lang), _when(view.updated_at, zone, lang)
    body = (
        f"<h1>{t['track']}: {html.escape(_tracking(view.tracking_id))}</h1>"
        f'<p>{t["status"]}: <span class="status" id="status" data-status="{view.status}">'
        f"{html.escape(text(f'status.{view.status.value}', lang))}</span></p>"
        f"<p>{t['submitted']}: {submitted} · {t['updated']}: {updated}</p>"
        f'<p id="unpublished">{t["unpublished"]}</p>'
    )
    return _page(f"{t['track']} {_tracking(view.tracking_id)}", body, lang, t["switch"])


def _follow_up_counts(histories: list[list[Event]], agency_id: str) -> tuple[Counter[str], Counter[str]]:
    started: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for history in histories:
        for e in history:
            month = e.occurred_at.strftime("%Y-%m")
            if isinstance(e.details, ForwardDetails) and e.details.agency_id == agency_id:
                started[month] += 1
            d = e.details
            if isinstance(d, BreachDetails) and d.clock == "follow_up" and d.agency_id == agency_id:
                late[d.due_at.strftime("%Y-%m")] += 1
    return started, late


def _chart(started: Counter[str], late: Counter[str], t: dict[str, str]) -> str:
    months = sorted(set(started) | set(late))[-12:]
    top = max([started[m] for m in months] + [1])
    bars = []
    for n, month in enumerate(months):
        x = 40 + n * 50
        total = 160 * started[month] / top
        bad = 160 * min(late[month], started[month]) / top
        bars.append(
            f'<rect x="{x}" y="{180 - total:.1f}" width="30" height="{total - bad:.1f}" fill="seagreen">'
            f"<title>{month}: {started[month] - late[month]} {t['on_time']}</title></rect>"
            f'<rect x="{x}" y="{180 - bad:.1f}" width="30" height="{bad:.1f}" fill="firebrick">'
            f"<title>{month}: {late[month]} {t['late']}</title></rect>"
            f'<text x="{x + 15}" y="196" font-size="9" text-anchor="middle">{month}</text>'
        )
    width = 60 + 50 * max(len(months), 1)
    return (f'<svg id="chart" role="img" aria-label="{t["within"]}" width="{width}" height="200" '
            f'xmlns="http://www.w3.org/2000/svg"><line x1="35" y1="180" x2="{width}" y2="180" '
            f'stroke="gray"/>{"".join(bars)}</svg>')  # fmt: skip


@router.get("/kepatuhan/{agency_id}", response_class=HTMLResponse)
async def compliance_page(request: Request, agency_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    """An agency's SLA compliance: follow-ups within 5 working days, breaches, a chart per month."""
    lang = lang_of(request, accept_language=False)
    t = _words(lang)
    svc = service_of(request)
    histories: list[list[Event]] = []
    cursor = None
    while len(histories) < MAX_COMPLIANCE:
        # Counts only leave this page, never a row or an event, so the histories are read as stored.
        page, logs = svc.pages.histories(ComplaintSearch(agency_id=agency_id), cursor, 500)
        histories += [[s.event for s in log] for log in logs]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    started, late = _follow_up_counts(histories, agency_id)
    n, bad = sum(started.values()), min(sum(late.values()), sum(started.values()))
    rate = f"{100 * (n - bad) / n:.1f}%" if n else "-"
    body = (
        f"<h1>{t['compliance']}: {html.escape(agency_name(agency_id))}</h1><table>"
        f"<tr><th>{t['started']}</th><td id='started'>{n}</td></tr>"
        f"<tr><th>{t['within']}</th><td id='within'>{n - bad} ({rate})</td></tr>"
        f"<tr><th>{t['breaches']}</th><td id='breaches'>{bad}</td></tr></table>"
        f"{_chart(started, late, t)}"
    )
    return _page(f"{t['compliance']} {agency_name(agency_id)}", body, lang, t["switch"])
