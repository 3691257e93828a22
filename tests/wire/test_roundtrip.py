"""Every wire document round-trips: domain value → JSON → domain value is the identity, and the JSON
validates against the JSON Schema generated from the same models."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n import wire
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.views import (
    Disclosure,
    agency_event_view,
    agency_view,
    public_event_view,
    public_view,
)
from sp4n.notify.model import NextDeadline
from sp4n.service.submit import Receipt, receipt_for
from sp4n.testing.strategies import complaints, histories, stored_histories

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = wire.json_schemas()


def _valid(name: str, text: str) -> None:
    jsonschema.validate(json.loads(text), SCHEMAS[name])


@given(complaints())
def test_reporter_view_round_trips(complaint: Complaint) -> None:
    doc = wire.reporter_complaint_to_doc(complaint, due_at=complaint.updated_at + timedelta(days=3))
    text = wire.to_json(doc)
    _valid("reporter-complaint", text)
    back = wire.from_json(wire.ReporterComplaintDoc, text)
    assert wire.complaint_from_doc(back.complaint) == complaint
    assert back.due_at == complaint.updated_at + timedelta(days=3)


@given(stored_histories())
def test_hostile_text_round_trips(found: tuple[Complaint, list[object]]) -> None:
    complaint, _ = found
    text = wire.to_json(wire.reporter_complaint_to_doc(complaint))
    assert wire.complaint_from_doc(wire.from_json(wire.ReporterComplaintDoc, text).complaint) == complaint


@given(complaints(), st.booleans())
def test_agency_view_round_trips_and_keeps_the_redaction(complaint: Complaint, disclose: bool) -> None:
    disclosure = (
        Disclosure(
            complaint_id=complaint.id, authorised_by="inspektorat", at=complaint.updated_at, reason="r"
        )
        if disclose
        else None
    )
    view = agency_view(complaint, disclosure)
    text = wire.to_json(wire.agency_complaint_to_doc(view))
    _valid("agency-complaint", text)
    assert wire.agency_complaint_from_doc(wire.from_json(wire.AgencyComplaintDoc, text)) == view
    if complaint.is_anonim and not disclose and complaint.reporter_ref is not None:
        assert complaint.reporter_ref not in text.replace('"reporter_ref":null', "")


@given(complaints())
def test_public_view_round_trips(complaint: Complaint) -> None:
    view = public_view(complaint)
    if view is None:
        return
    deadline = NextDeadline(clock="followup", due_at=datetime(2026, 4, 1, 10, tzinfo=UTC), label_id="x")
    text = wire.to_json(wire.public_complaint_to_doc(view, next_deadline=deadline))
    _valid("public-complaint", text)
    doc = wire.from_json(wire.PublicComplaintDoc, text)
    assert wire.public_complaint_from_doc(doc) == view
    assert doc.next_deadline is not None
    assert doc.next_deadline.due_at == deadline.due_at
    assert "reporter" not in text


@given(histories())
def test_events_round_trip_in_every_view(events: list[object]) -> None:
    from sp4n.lifecycle.engine import replay

    complaint = replay(events)  # type: ignore[arg-type]
    for n, event in enumerate(events, start=1):
        stored = StoredEvent(position=n, event=event, hash=f"{n:064x}", prev_hash=f"{n - 1:064x}")  # type: ignore[arg-type]
        text = wire.event_to_json(stored)
        _valid("stored-event", text)
        assert wire.event_from_json(text) == stored
        seen = agency_event_view(stored.event, complaint)
        assert wire.event_from_doc(wire.event_to_doc(seen)) == seen
        public = public_event_view(stored.event, complaint)
        if public is not None:
            ptext = wire.to_json(wire.public_event_to_doc(public))
            _valid("public-event", ptext)
            assert wire.public_event_from_doc(wire.from_json(wire.PublicEventDoc, ptext)) == public


@given(complaints(max_steps=0), st.booleans())
def test_receipts_round_trip(complaint: Complaint, replayed: bool) -> None:
    receipt = receipt_for(complaint, replayed=replayed)
    text = wire.to_json(wire.receipt_to_doc(receipt))
    _valid("receipt", text)
    doc = wire.from_json(wire.ReceiptDoc, text)
    back = Receipt(**doc.model_dump(exclude={"v"}))
    assert back == receipt
    assert back.replayed is replayed


def test_no_library_internals_reach_the_wire() -> None:
    schema_text = json.dumps(SCHEMAS)
    for leak in ("__attrs", "model_", "pydantic", "_Doc", 'Doc"'):
        assert leak not in schema_text
    for name, schema in SCHEMAS.items():
        assert schema["$id"] == f"urn:sp4n:wire:1:{name}"
        if name != "problem":
            assert schema["properties"]["v"]["const"] == 1


def test_instants_are_utc_on_the_wire() -> None:
    from zoneinfo import ZoneInfo

    from sp4n.lifecycle.status import Status
    from sp4n.testing.lifecycle import a_complaint_in

    complaint, _ = a_complaint_in(Status.submitted)
    local = attrs.evolve(complaint, submitted_at=complaint.submitted_at.astimezone(ZoneInfo("Asia/Jayapura")))
    text = wire.to_json(wire.reporter_complaint_to_doc(local))
    assert json.loads(text)["complaint"]["submitted_at"].endswith("Z")
