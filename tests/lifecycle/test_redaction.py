"""Redaction and chain format 2, pure: for any text and any span, the span is gone from every audience's view,
the history verifies, and editing any character of any stored text is found.

The secret is drawn from an alphabet the rest of the text never uses, so "not in the view" cannot be satisfied
by luck or defeated by a repeat elsewhere in the text.
"""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import count
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.engine import apply, new_complaint, replay
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.history import GENESIS, chain, find_tampering, stored_hash
from sp4n.lifecycle.model import Actor
from sp4n.lifecycle.redaction import MASK, plan_redaction, redacted_history, text_of, with_text
from sp4n.lifecycle.seals import from_row, mask_stored, row_json
from sp4n.lifecycle.status import Action
from sp4n.lifecycle.views import agency_event_view, public_event_view, public_view, scoped_event, scoped_view
from sp4n.testing.lifecycle import AGENCY_ADMIN, EVERYONE, NATIONAL_ADMIN, REPORTER, T0

_WORDS = st.text(alphabet="abcdefghij klmnop.,", max_size=40)
_SECRET = st.text(alphabet="0123456789+@ ", max_size=12).map(lambda t: f"§{t}¶")  # § ¶: nowhere else


def _history(title: str, description: str, reason: str = "alasan") -> list[Event]:
    complaint, submit = new_complaint(
        complaint_id="c-1", tracking_id="LAP-1", type="pengaduan", title=title, description=description,
        category="infrastruktur", region_code="34.04", channel="web", actor=REPORTER, at=T0,
    )  # fmt: skip
    events = [submit]
    steps: list[tuple[Action, Actor, dict[str, Any]]] = [
        (Action.verify, NATIONAL_ADMIN, {"agency_id": AGENCY_ADMIN.agency_id}),
        (Action.follow_up, AGENCY_ADMIN, {}),
        (Action.reply, REPORTER, {}),
    ]
    for action, actor, details in steps:
        at = complaint.updated_at + timedelta(hours=1)
        complaint, event = apply(complaint, action, actor, at, reason=reason, **details)
        events.append(event)
    return events


def _sealed(events: list[Event]) -> list[StoredEvent]:
    n = count()
    return chain(events, prev_hash=GENESIS, first_position=1, new_salt=lambda: f"{next(n):032x}")


def _redacted(stored: list[StoredEvent], sequence: int, field: str, span: str) -> list[StoredEvent]:
    """What a store holds after the national admin masks ``span`` of text ``field`` of event ``sequence``."""
    events = [s.event for s in stored]
    plan = plan_redaction(events, sequence=sequence, field=field, span=span)
    complaint = replay(events)
    at = complaint.updated_at + timedelta(hours=1)
    _, redact = apply(complaint, Action.redact, NATIONAL_ADMIN, at, reason="data pribadi", **plan.details)
    out = list(stored)
    out[sequence - 1], _ = mask_stored(stored[sequence - 1], field, plan.masked_text)
    return out + chain(
        [redact], prev_hash=stored[-1].hash, first_position=len(stored) + 1, new_salt=lambda: "ab" * 16
    )


def _views(stored: list[StoredEvent]) -> str:
    events = [s.event for s in stored]
    complaint = replay(events)
    views: list[object] = [public_view(complaint), [public_event_view(e, complaint) for e in events]]
    for actor in EVERYONE:
        try:
            views.append(scoped_view(complaint, actor))
        except Exception:
            continue
        views.append([scoped_event(e, complaint, actor) for e in events])
    views.append([agency_event_view(e, complaint) for e in events])
    return repr(views)


@settings(max_examples=60, deadline=None)
@given(before=_WORDS, secret=_SECRET, after=_WORDS, where=st.sampled_from(["title", "description", "reason"]))
def test_any_masked_span_leaves_every_view_and_the_history_verifies(
    before: str, secret: str, after: str, where: str
) -> None:
    text = f"x{before}{secret}{after}x"
    events = _history(
        title=text if where == "title" else "judul",
        description=text if where != "reason" else "isi",
        reason=text if where == "reason" else "alasan",
    )
    stored = _sealed(events)
    assert find_tampering(stored) is None
    assert secret in _views(stored)  # not vacuous: the views showed it
    if where == "reason":
        targets = [(s.event.sequence, "reason") for s in stored if s.event.reason is not None]
    else:
        targets = [(1, f"details.{where}")] + ([(1, "details.description")] if where == "title" else [])
    for sequence, field in targets:
        stored = _redacted(stored, sequence, field, secret)
        assert find_tampering(stored) is None
    assert where == "title" or secret not in _views(stored)
    if where == "title":  # title and description both masked
        assert secret not in _views(stored)
    for item in stored:  # a store reads back what it wrote, and what it wrote is canonical JSON
        row = row_json(item.event, item.seals or ())
        assert from_row(row) == (item.event, item.seals)
        again = json.dumps(json.loads(row), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        assert row == again
    masked = text_of(stored[targets[0][0] - 1].event, targets[0][1])
    assert masked == f"x{before}{MASK}{after}x"


@settings(max_examples=60, deadline=None)
@given(text=_WORDS.map(lambda t: f"t{t}t"), data=st.data())
def test_editing_any_character_of_any_stored_text_is_found(text: str, data: st.DataObject) -> None:
    stored = _redacted(
        _sealed(_history(title="judul", description=text)), 1, "details.description", text[1:-1] or "t"
    )
    texts = [(i, s.field) for i, item in enumerate(stored) for s in item.seals or ()]
    index, field = data.draw(st.sampled_from(texts))
    original = text_of(stored[index].event, field)
    assert original is not None
    at = data.draw(st.integers(0, len(original) - 1))
    replacement = data.draw(st.characters(codec="utf-8").filter(lambda c: c != original[at]))
    edited = original[:at] + replacement + original[at + 1 :]
    tampered = list(stored)
    tampered[index] = attrs.evolve(stored[index], event=with_text(stored[index].event, field, edited))
    assert stored_hash(tampered[index]) == tampered[index].hash  # the hash alone cannot see it...
    problem = find_tampering(tampered)
    assert problem is not None  # ...the seal or the redaction does
    assert problem.sequence == index + 1


def test_a_format_1_event_cannot_be_masked_and_a_missing_text_is_named() -> None:
    events = _history("judul", "isi laporan")
    old = chain(events, prev_hash=GENESIS, first_position=1)  # format 1: the hash covers the texts
    with pytest.raises(RuleViolation) as refused:
        mask_stored(old[0], "details.description", MASK)
    assert refused.value.rule == "the event was stored before texts were sealed (chain format 1)"
    with pytest.raises(RuleViolation) as missing:
        plan_redaction(events, sequence=2, field="details.description", span="x")
    assert (missing.value.field, missing.value.rule) == ("details.field", "the event has no such text")
    assert find_tampering(old) is None  # format 1 keeps verifying as before


def test_the_redact_event_must_match_its_target_shape() -> None:
    complaint = replay(_history("judul", "isi"))
    good = plan_redaction(_history("judul", "isi"), sequence=1, field="details.title", span="jud").details
    at = complaint.updated_at
    for bad in ({"sequence": 99}, {"field": "category"}, {"start": -1}, {"end": 0}, {"masked_digest": "x"}):
        with pytest.raises(RuleViolation):
            apply(complaint, Action.redact, NATIONAL_ADMIN, at, reason="r", **{**good, **bad})
    plan = plan_redaction(_history("judul", "isi"), sequence=2, field="reason", start=0, end=1)
    assert text_of(redacted_history(_history("judul", "isi"), plan)[1], "reason") == MASK + "lasan"


def test_flag_and_clear_take_a_report_off_public_surfaces_and_back() -> None:
    complaint = replay(_history("judul", "isi"))
    assert public_view(complaint) is not None
    flagged, _ = apply(complaint, Action.flag_redaction, NATIONAL_ADMIN, complaint.updated_at)
    assert public_view(flagged) is None
    cleared, _ = apply(flagged, Action.clear_redaction, NATIONAL_ADMIN, flagged.updated_at)
    assert public_view(cleared) is not None
    assert not cleared.in_redaction
