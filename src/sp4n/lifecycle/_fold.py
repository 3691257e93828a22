"""The pure fold: ``evolve(complaint, event)`` and ``replay(events)``.

Replay must be fast (target: 200,000 events/s): events were validated when ``apply``/``new_complaint`` made
them, so the fold works on a plain dict of the complaint's fields and fills the complaint's slots directly
instead of running attrs' converters and validators again (a test checks the result equals what attrs' own
constructor builds). Each step still checks the history is whole: contiguous sequence, same complaint,
``from_status`` equal to where the complaint stands (:class:`~sp4n.exceptions.HistoryTampered` otherwise).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from sp4n.exceptions import HistoryTampered, RuleViolation
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
from sp4n.lifecycle.status import WAITING, Action, Status

__all__ = ["evolve", "replay"]

_FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Complaint))
_read_all = operator.attrgetter(*_FIELDS)
_new = object.__new__
_set = object.__setattr__
_State = dict[str, Any]


def _state_of(complaint: Complaint) -> _State:
    return dict(zip(_FIELDS, _read_all(complaint), strict=True))


def _build(state: _State) -> Complaint:
    """A complaint from trusted field values (validated when ``apply``/``new_complaint`` made the events)."""
    new = _new(Complaint)
    for name in _FIELDS:
        _set(new, name, state[name])
    return new


def _flag(event: Event) -> PrivacyFlag:
    return PrivacyFlag(set_by=event.actor.id, set_by_role=event.actor.role, set_at=event.occurred_at)


def _forward(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, ForwardDetails)  # the codec ties verify/reroute to ForwardDetails
    state["agency_id"] = details.agency_id
    state["unit_ids"] = ()
    # A co-handling agency made lead is no longer a co-handler.
    state["co_agency_ids"] = tuple(a for a in state["co_agency_ids"] if a != details.agency_id)
    if details.title is not None:
        state["title"] = details.title
    if details.category is not None:
        state["category"] = details.category
    if details.anonim and state["anonim"] is None:
        state["anonim"] = _flag(event)
    if details.rahasia and state["rahasia"] is None:
        state["rahasia"] = _flag(event)


def _dispose(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, DisposeDetails)  # the codec ties dispose to DisposeDetails
    state["unit_ids"] = details.unit_ids


def _hold(state: _State, _: Event) -> None:
    state["held_from"] = state["status"]


def _resume(state: _State, __: Event) -> None:
    state["held_from"] = None


def _decline(state: _State, event: Event) -> None:
    decline = DeclineRecord(
        agency_id=state["agency_id"] or "",
        actor_id=event.actor.id,
        at=event.occurred_at,
        reason=event.reason or "",
    )
    state["declines"] = (*state["declines"], decline)
    state["agency_id"] = None
    state["unit_ids"] = ()


def _archive(state: _State, event: Event) -> None:
    state["archive_reason"] = event.reason


def _breach(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, BreachDetails)  # the codec ties record_breach to BreachDetails
    if details.clock not in state["breached_clocks"]:
        state["breached_clocks"] = (*state["breached_clocks"], details.clock)


def _not_satisfied(state: _State, _: Event) -> None:
    # A reply, and a reopen after close, both say "not satisfied with the follow-up".
    state["replies"] += 1
    state["satisfaction"] = None


def _close(state: _State, event: Event) -> None:
    details = event.details
    state["satisfaction"] = details.satisfaction if isinstance(details, CloseDetails) else None
    state["closed_at"] = event.occurred_at


def _escalate(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, EscalateDetails)  # the codec ties escalate to EscalateDetails
    state["held_from"] = None
    state["disclosed_to_ombudsman"] = bool(details.disclose_identity)
    if details.ombudsman_ref is not None:
        state["ombudsman_ref"] = details.ombudsman_ref


def _ombudsman_receive(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, OmbudsmanDetails)  # the codec ties Ombudsman steps to OmbudsmanDetails
    if details.document_ref is not None:
        state["ombudsman_ref"] = details.document_ref


def _overrule(state: _State, _: Event) -> None:
    state["agency_id"] = state["declines"][-1].agency_id  # back to the agency that declined last
    state["unit_ids"] = ()


def _hand_back(state: _State, _: Event) -> None:
    state["unit_ids"] = ()


def _duplicate(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, DuplicateDetails)  # the codec ties archive_duplicate to DuplicateDetails
    state["archive_reason"] = event.reason
    state["duplicate_of"] = details.duplicate_of


def _add_agency(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, CoAgencyDetails)  # the codec ties add_agency to CoAgencyDetails
    state["co_agency_ids"] = (*state["co_agency_ids"], details.agency_id)


def _information(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, InformationDetails)  # the codec ties add_information to InformationDetails
    state["attachments"] = (*state["attachments"], *details.attachments)


def _publish(state: _State, event: Event) -> None:
    details = event.details
    assert isinstance(details, PublishDetails)  # the codec ties publish_attachment to PublishDetails
    state["attachments"] = tuple(
        attrs.evolve(a, published=True) if a.storage_key == details.storage_key else a
        for a in state["attachments"]
    )


def _extend(state: _State, _: Event) -> None:
    state["information_extended"] = True


def _flag_redaction(state: _State, _: Event) -> None:
    state["in_redaction"] = True


def _clear_redaction(state: _State, _: Event) -> None:
    state["in_redaction"] = False


_Step = Callable[[_State, Event], None]
_STEPS: dict[Action, _Step] = {
    Action.verify: _forward,
    Action.reroute: _forward,
    Action.dispose: _dispose,
    Action.hold: _hold,
    Action.resume: _resume,
    Action.decline: _decline,
    Action.archive: _archive,
    Action.record_breach: _breach,
    Action.reply: _not_satisfied,
    Action.reopen: _not_satisfied,
    Action.close: _close,
    Action.escalate: _escalate,
    Action.ombudsman_receive: _ombudsman_receive,
    Action.overrule_decline: _overrule,
    Action.hand_back: _hand_back,
    Action.archive_duplicate: _duplicate,
    Action.add_agency: _add_agency,
    Action.request_information: _hold,
    Action.add_information: _information,
    Action.publish_attachment: _publish,
    Action.extend_information_deadline: _extend,
    Action.flag_redaction: _flag_redaction,
    Action.clear_redaction: _clear_redaction,
    # ``redact`` changes no field here: the masked text replaces the original in the stored event, and the
    # complaint is the replay of its stored history (sp4n.lifecycle.redaction.redacted_history).
}


def _first(event: Event) -> Complaint:
    details = event.details
    if event.action is not Action.submit or event.sequence != 1 or not isinstance(details, SubmitDetails):
        raise HistoryTampered(
            event.complaint_id, event.sequence, "a history must start with the submit event"
        )
    return Complaint(
        id=event.complaint_id,
        tracking_id=details.tracking_id,
        type=details.type,
        title=details.title,
        description=details.description,
        category=details.category,
        region_code=details.region_code,
        incident_date=details.incident_date,
        channel=details.channel,
        reporter_ref=details.reporter_ref,
        anonim=_flag(event) if details.anonim else None,
        rahasia=_flag(event) if details.rahasia else None,
        submitted_at=event.occurred_at,
        status=Status.submitted,
        version=1,
        updated_at=event.occurred_at,
    )


def _advance(state: _State, event: Event) -> None:
    """Move ``state`` (every field of a complaint) past ``event``, checking the history is whole."""
    cid = state["id"]
    if event.complaint_id != cid:
        raise HistoryTampered(
            cid,
            event.sequence,
            "event belongs to complaint {complaint_id!r}",
            complaint_id=event.complaint_id,
        )
    if event.sequence != state["version"] + 1:
        raise HistoryTampered(
            cid, event.sequence, "expected sequence {sequence}", sequence=state["version"] + 1
        )
    if event.from_status is not state["status"]:
        raise HistoryTampered(cid, event.sequence, "from_status is not {status}", status=state["status"])
    step = _STEPS.get(event.action)
    if step is not None:
        step(state, event)
    if state["held_from"] is not None and event.to_status not in WAITING:
        state["held_from"] = None  # leaving a wait (resume, answer, lapse, escalation): nothing to return to
    state["status"] = event.to_status
    state["version"] = event.sequence
    state["updated_at"] = event.occurred_at


def evolve(complaint: Complaint | None, event: Event) -> Complaint:
    """The complaint after ``event`` (``None`` before the first, submit, event). Pure.

    Raises:
        HistoryTampered: ``event`` does not follow ``complaint`` (wrong complaint, gap, wrong from_status).
    """
    if complaint is None:
        return _first(event)
    state = _state_of(complaint)
    _advance(state, event)
    return _build(state)


def replay(events: Iterable[Event]) -> Complaint:
    """Rebuild a complaint exactly from its whole history.

    The fold runs on a plain dict of fields and builds the complaint once at the end, which is what makes
    replay fast; the result equals folding :func:`evolve` event by event.

    Raises:
        RuleViolation: the history is empty.
        HistoryTampered: the history is not contiguous or not one complaint's.
    """
    it = iter(events)
    first = next(it, None)
    if first is None:
        raise RuleViolation("events", "a history has at least the submit event")
    state = _state_of(_first(first))
    for event in it:
        _advance(state, event)
    return _build(state)
