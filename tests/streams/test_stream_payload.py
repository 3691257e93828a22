"""The stream payload is the privacy views' output as JSON, byte for byte, whatever the complaint went through
(the public payload is built from the views themselves).

The encoder builds the agency body straight from the complaint (no redacted copy, no dict round trip through
the views); this oracle builds it the long way, from :func:`agency_view` and :func:`agency_event_view`.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from sp4n.lifecycle import replay
from sp4n.lifecycle.events import Event, StoredEvent, event_to_dict
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.views import agency_event_view, agency_view
from sp4n.notify.streams import StreamAudience, encode_json
from sp4n.testing.strategies import histories
from sp4n.texts import text


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _expected_agency(stored: StoredEvent, complaint: Complaint) -> bytes:
    view = agency_view(complaint)
    shown = view.complaint
    body = {
        "schema": 1,
        "id": f"{stored.event.complaint_id}:{stored.event.sequence}",
        "audience": "agency",
        "position": stored.position,
        "complaint": {
            "id": shown.id, "tracking_id": shown.tracking_id, "type": shown.type.value, "title": shown.title,
            "description": shown.description, "category": shown.category, "region_code": shown.region_code,
            "incident_date": _iso(shown.incident_date), "channel": shown.channel.value,
            "status": shown.status.value, "status_label": text(f"status.{shown.status.value}", "id"),
            "agency_id": shown.agency_id, "unit_ids": list(shown.unit_ids), "anonim": shown.is_anonim,
            "rahasia": shown.is_rahasia, "reporter_ref": view.reporter_ref,
            "reporter_redacted": view.reporter_redacted, "submitted_at": _iso(shown.submitted_at),
            "updated_at": _iso(shown.updated_at), "version": shown.version,
        },
        "event": event_to_dict(agency_event_view(stored.event, complaint)),
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


#: Any text a UTF-8 payload can carry (a lone surrogate cannot be encoded at all, by either path).
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=200) | st.sampled_from(
    ["'; DROP TABLE x; --", '\\" \\\\ \\n', "\x00nul\u2028\u2029", "jalan \U0001f6a7 rusak", "\u202eterbalik"]
)


@st.composite
def _steps(draw: st.DrawFn) -> list[tuple[StoredEvent, Complaint]]:
    """Each event of a valid history with the complaint after it, under hostile titles and reasons."""
    events: list[Event] = draw(histories(max_steps=6))
    title, description = draw(_TEXT), draw(_TEXT)
    position = draw(st.integers(1, 10**12))
    steps = []
    for k, plain in enumerate(events, start=1):
        event = attrs.evolve(plain, reason=draw(st.none() | _TEXT))
        complaint = attrs.evolve(replay(events[:k]), title=title, description=description)
        if complaint.reporter_ref is not None and draw(st.booleans()):  # the reporter acting in another role
            event = attrs.evolve(event, actor=attrs.evolve(event.actor, id=complaint.reporter_ref))
        steps.append((StoredEvent(position=position + k, event=event, hash="h", prev_hash="g"), complaint))
    return steps


@given(_steps())
def test_the_agency_payload_is_the_agency_views_json_byte_for_byte_and_never_names_an_anonim_reporter(
    steps: list[tuple[StoredEvent, Complaint]],
) -> None:
    for stored, complaint in steps:
        payload = encode_json(stored, complaint, StreamAudience.agency)
        assert payload == _expected_agency(stored, complaint)
        if complaint.is_anonim and complaint.reporter_ref is not None:
            shown = json.loads(payload or b"")
            assert shown["complaint"]["reporter_ref"] is None
            assert shown["complaint"]["reporter_redacted"] is True
            assert complaint.reporter_ref not in (shown["event"]["actor"]["id"],
                                                  shown["event"]["details"].get("reporter_ref"))  # fmt: skip
