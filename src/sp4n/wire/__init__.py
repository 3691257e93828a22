"""The public wire format: versioned JSON for every view, event, receipt and error (see docs/wire.md).

One pydantic model per document (:mod:`sp4n.wire.models`) is both the encoder and, through
:func:`json_schemas`, the JSON Schema. Brokers, webhooks and portals encode events with
:func:`event_to_json`:

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle import Action, Actor, Role, new_complaint
>>> from sp4n.lifecycle.events import StoredEvent
>>> c, e = new_complaint(complaint_id="c-1", tracking_id="K2C-CYQ-SMH", type="pengaduan", title="Jalan",
...                      description="Berlubang", category="jalan", region_code="34.04", channel="web",
...                      actor=Actor(id="r-1", role=Role.reporter), at=datetime(2026, 3, 2, 1, tzinfo=UTC))
>>> text = event_to_json(StoredEvent(position=7, event=e, hash="ab" * 32, prev_hash="00" * 32))
>>> text[:60]
'{"v":1,"position":7,"event":{"complaint_id":"c-1","sequence"'
>>> event_from_json(text).event == e
True
>>> sorted(json_schemas())[:3]
['agency-complaint', 'problem', 'public-complaint']
"""

from __future__ import annotations

from sp4n.wire.codec import (
    ReceiptLike,
    agency_complaint_from_doc,
    agency_complaint_to_doc,
    complaint_from_doc,
    complaint_to_doc,
    event_from_doc,
    event_from_json,
    event_to_doc,
    event_to_json,
    from_json,
    next_deadline_to_doc,
    public_complaint_from_doc,
    public_complaint_to_doc,
    public_event_from_doc,
    public_event_to_doc,
    receipt_to_doc,
    reporter_complaint_to_doc,
    stored_event_from_doc,
    stored_event_to_doc,
    to_json,
)
from sp4n.wire.models import (
    WIRE_VERSION,
    AgencyComplaintDoc,
    ComplaintDoc,
    EventDoc,
    ProblemDoc,
    PublicComplaintDoc,
    PublicEventDoc,
    ReceiptDoc,
    ReporterComplaintDoc,
    StoredEventDoc,
)
from sp4n.wire.problems import PROBLEM_MEDIA_TYPE, PROBLEMS, ProblemKind, problem, problem_for
from sp4n.wire.schemas import DOCUMENTS, json_schemas

__all__ = [
    "DOCUMENTS",
    "PROBLEMS",
    "PROBLEM_MEDIA_TYPE",
    "WIRE_VERSION",
    "AgencyComplaintDoc",
    "ComplaintDoc",
    "EventDoc",
    "ProblemDoc",
    "ProblemKind",
    "PublicComplaintDoc",
    "PublicEventDoc",
    "ReceiptDoc",
    "ReceiptLike",
    "ReporterComplaintDoc",
    "StoredEventDoc",
    "agency_complaint_from_doc",
    "agency_complaint_to_doc",
    "complaint_from_doc",
    "complaint_to_doc",
    "event_from_doc",
    "event_from_json",
    "event_to_doc",
    "event_to_json",
    "from_json",
    "json_schemas",
    "next_deadline_to_doc",
    "problem",
    "problem_for",
    "public_complaint_from_doc",
    "public_complaint_to_doc",
    "public_event_from_doc",
    "public_event_to_doc",
    "receipt_to_doc",
    "reporter_complaint_to_doc",
    "stored_event_from_doc",
    "stored_event_to_doc",
    "to_json",
]
