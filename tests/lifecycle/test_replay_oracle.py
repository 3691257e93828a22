"""Replay checked against a reference written here, not against ``apply`` (which shares the fold's code).

The reference is the rule book of what each event does to a complaint, written as plainly as possible and
sharing nothing with :mod:`sp4n.lifecycle._fold`: if the fold forgot a field, folded a flag twice or kept
a hold across an escalation, ``apply`` and ``replay`` would agree with each other and only this would see it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given

from sp4n.lifecycle._fold import replay
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.events import (
    BreachDetails,
    CloseDetails,
    CoAgencyDetails,
    DisposeDetails,
    DuplicateDetails,
    EscalateDetails,
    Event,
    ForwardDetails,
    InformationDetails,
    OmbudsmanDetails,
    PublishDetails,
    SubmitDetails,
)
from sp4n.lifecycle.model import Complaint, DeclineRecord, PrivacyFlag
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.strategies import histories


def _flag(e: Event) -> PrivacyFlag:
    return PrivacyFlag(set_by=e.actor.id, set_by_role=e.actor.role, set_at=e.occurred_at)


def reference(events: list[Event]) -> dict[str, Any]:  # noqa: C901, PLR0912 -- one plain rule book, read top down
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
        "breached_clocks": (), "replies": 0, "satisfaction": None, "closed_at": None, "ombudsman_ref": None,
        "disclosed_to_ombudsman": False, "duplicate_of": None, "co_agency_ids": (), "attachments": (),
        "information_extended": False,
        "in_redaction": False,
    }  # fmt: skip
    for e in events[1:]:
        if e.action in (Action.verify, Action.reroute):
            f = e.details
            assert isinstance(f, ForwardDetails)
            c["agency_id"], c["unit_ids"] = f.agency_id, ()
            c["co_agency_ids"] = tuple(a for a in c["co_agency_ids"] if a != f.agency_id)
            c["title"] = c["title"] if f.title is None else f.title
            c["category"] = c["category"] if f.category is None else f.category
            if f.anonim and c["anonim"] is None:
                c["anonim"] = _flag(e)
            if f.rahasia and c["rahasia"] is None:
                c["rahasia"] = _flag(e)
        elif e.action is Action.dispose:
            assert isinstance(e.details, DisposeDetails)
            c["unit_ids"] = e.details.unit_ids
        elif e.action in (Action.hold, Action.request_information):
            c["held_from"] = c["status"]
        elif e.action is Action.resume:
            c["held_from"] = None
        elif e.action is Action.decline:
            record = DeclineRecord(
                agency_id=c["agency_id"] or "", actor_id=e.actor.id, at=e.occurred_at, reason=e.reason or ""
            )
            c["declines"] = (*c["declines"], record)
            c["agency_id"], c["unit_ids"] = None, ()
        elif e.action is Action.archive:
            c["archive_reason"] = e.reason
        elif e.action is Action.record_breach:
            assert isinstance(e.details, BreachDetails)
            if e.details.clock not in c["breached_clocks"]:
                c["breached_clocks"] = (*c["breached_clocks"], e.details.clock)
        elif e.action in (Action.reply, Action.reopen):
            c["replies"], c["satisfaction"] = c["replies"] + 1, None
        elif e.action is Action.close:
            c["closed_at"] = e.occurred_at
            c["satisfaction"] = e.details.satisfaction if isinstance(e.details, CloseDetails) else None
        elif e.action is Action.escalate:
            assert isinstance(e.details, EscalateDetails)
            c["held_from"], c["disclosed_to_ombudsman"] = None, bool(e.details.disclose_identity)
            if e.details.ombudsman_ref is not None:
                c["ombudsman_ref"] = e.details.ombudsman_ref
        elif e.action is Action.ombudsman_receive:
            assert isinstance(e.details, OmbudsmanDetails)
            if e.details.document_ref is not None:
                c["ombudsman_ref"] = e.details.document_ref
        elif e.action is Action.overrule_decline:
            c["agency_id"], c["unit_ids"] = c["declines"][-1].agency_id, ()
        elif e.action is Action.hand_back:
            c["unit_ids"] = ()
        elif e.action is Action.archive_duplicate:
            assert isinstance(e.details, DuplicateDetails)
            c["archive_reason"], c["duplicate_of"] = e.reason, e.details.duplicate_of
        elif e.action is Action.add_agency:
            assert isinstance(e.details, CoAgencyDetails)
            c["co_agency_ids"] = (*c["co_agency_ids"], e.details.agency_id)
        elif e.action is Action.add_information:
            assert isinstance(e.details, InformationDetails)
            c["attachments"] = (*c["attachments"], *e.details.attachments)
        elif e.action is Action.extend_information_deadline:
            c["information_extended"] = True
        elif e.action in (Action.flag_redaction, Action.clear_redaction):
            c["in_redaction"] = e.action is Action.flag_redaction
        elif e.action is Action.publish_attachment:
            assert isinstance(e.details, PublishDetails)
            key = e.details.storage_key
            c["attachments"] = tuple(
                Attachment(media_type=a.media_type, size=a.size, sha256=a.sha256, storage_key=a.storage_key,
                           published=a.published or a.storage_key == key)
                for a in c["attachments"]
            )  # fmt: skip
        if e.to_status not in (Status.on_hold, Status.awaiting_information):
            c["held_from"] = None  # a wait ends with any step that does not stay waiting
        c["status"], c["version"], c["updated_at"] = e.to_status, e.sequence, e.occurred_at
    return c


@given(histories(max_steps=16))
def test_replay_equals_the_rule_book(events: list[Event]) -> None:
    replayed = replay(events)
    expected = reference(events)
    assert {name: getattr(replayed, name) for name in expected} == expected
    assert replayed == Complaint(**expected)
