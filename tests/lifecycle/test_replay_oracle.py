"""Replay checked against a reference written here, not against ``apply`` (which shares the fold's code).

The reference is the rule book of what each event does to a complaint, written as plainly as possible and
sharing nothing with :mod:`sp4n.lifecycle._fold`: if the fold forgot a field, folded a flag twice or kept
a hold across an escalation, ``apply`` and ``replay`` would agree with each other and only this would see it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given

from sp4n.lifecycle._fold import replay
from sp4n.lifecycle.events import DisposeDetails, Event, ForwardDetails, SubmitDetails
from sp4n.lifecycle.model import Complaint, DeclineRecord, PrivacyFlag
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.strategies import histories


def _flag(e: Event) -> PrivacyFlag:
    return PrivacyFlag(set_by=e.actor.id, set_by_role=e.actor.role, set_at=e.occurred_at)


def reference(events: list[Event]) -> dict[str, Any]:
    """Every field of the complaint after ``events``, by the rule book."""
    first = events[0]
    d = first.details
    assert isinstance(d, SubmitDetails)
    c: dict[str, Any] = {
        "id": first.complaint_id, "tracking_id": d.tracking_id, "type": d.type, "title": d.title,
        "description": d.description, "category": d.category, "region_code": d.region_code,
        "incident_date": d.incident_date, "channel": d.channel, "reporter_ref": d.reporter_ref,
        "anonim": _flag(first) if d.anonim else None, "rahasia": _flag(first) if d.rahasia else None,
        "submitted_at": first.occurred_at, "status": Status.submitted, "held_from": None, "agency_id": None,
        "unit_ids": (), "declines": (), "archive_reason": None, "version": 1, "updated_at": first.occurred_at,
    }  # fmt: skip
    for e in events[1:]:
        if e.action in (Action.verify, Action.reroute):
            f = e.details
            assert isinstance(f, ForwardDetails)
            c["agency_id"], c["unit_ids"] = f.agency_id, ()
            c["title"] = c["title"] if f.title is None else f.title
            c["category"] = c["category"] if f.category is None else f.category
            if f.anonim and c["anonim"] is None:
                c["anonim"] = _flag(e)
            if f.rahasia and c["rahasia"] is None:
                c["rahasia"] = _flag(e)
        elif e.action is Action.dispose:
            assert isinstance(e.details, DisposeDetails)
            c["unit_ids"] = e.details.unit_ids
        elif e.action is Action.hold:
            c["held_from"] = c["status"]
        elif e.action is Action.decline:
            record = DeclineRecord(
                agency_id=c["agency_id"] or "", actor_id=e.actor.id, at=e.occurred_at, reason=e.reason or ""
            )
            c["declines"] = (*c["declines"], record)
            c["agency_id"], c["unit_ids"] = None, ()
        elif e.action is Action.archive:
            c["archive_reason"] = e.reason
        if e.action is not Action.hold and e.to_status is not Status.on_hold:
            c["held_from"] = None  # a hold ends with any step that does not stay on hold
        c["status"], c["version"], c["updated_at"] = e.to_status, e.sequence, e.occurred_at
    return c


@given(histories(max_steps=16))
def test_replay_equals_the_rule_book(events: list[Event]) -> None:
    replayed = replay(events)
    expected = reference(events)
    assert {name: getattr(replayed, name) for name in expected} == expected
    assert replayed == Complaint(**expected)
