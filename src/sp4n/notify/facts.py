"""What a notice needs to know about a complaint, folded from its events (pure).

The relay only has the event log, so the facts a message needs (tracking number, title, region,
reporter ref, agency, units, privacy flags) are folded from the complaint's history. Privacy flags are
**sticky**: once any event in the known history set ``anonim`` or ``rahasia``, every message (including a
retry or re-drive of an older one) treats them as set. Only a later event can reveal that a report was
secret, and the safe answer is to err towards hiding (real leaks happened when a flag was
forgotten).

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.events import Event, SubmitDetails, ForwardDetails
>>> from sp4n.lifecycle.status import Action, Status
>>> from sp4n.lifecycle.model import Actor, Role
>>> t = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
>>> submit = Event(complaint_id="c1", sequence=1, occurred_at=t, action=Action.submit,
...     actor=Actor(id="r1", role=Role.reporter), from_status=None, to_status=Status.submitted,
...     details=SubmitDetails(tracking_id="LAP-1", type="pengaduan", title="Jalan rusak",
...                           description="...", category="jalan", channel="web", reporter_ref="id-1"))
>>> verify = Event(complaint_id="c1", sequence=2, occurred_at=t, action=Action.verify,
...     actor=Actor(id="adm", role=Role.national_admin), from_status=Status.submitted,
...     to_status=Status.forwarded, details=ForwardDetails(agency_id="pemkab-sleman", rahasia=True))
>>> f = fold_facts([submit, verify], upto=1)
>>> (f.tracking_id, f.agency_id, f.rahasia)
('LAP-1', None, True)
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.events import (
    CoAgencyDetails,
    DisposeDetails,
    EscalateDetails,
    Event,
    ForwardDetails,
    SubmitDetails,
)

__all__ = ["ComplaintFacts", "fold_facts"]


@attrs.frozen(kw_only=True)
class ComplaintFacts:
    """The complaint as a notice sees it at one event (flags: as of the whole known history).

    ``co_agency_ids`` are the co-handling agencies (they hear what is addressed to agencies);
    ``disclosed_to_ombudsman`` is an anonim reporter's consent, given on escalation, that Ombudsman RI (never
    the agency) may know who they are; ``followers`` are the reporter refs of complaints archived as
    duplicates of this one (the relay fills them in: they hear what this complaint's reporter hears).
    """

    complaint_id: str
    tracking_id: str
    title: str
    category: str
    region_code: str | None = None
    reporter_ref: str | None = None
    anonim: bool = False
    rahasia: bool = False
    agency_id: str | None = None
    unit_ids: tuple[str, ...] = ()
    co_agency_ids: tuple[str, ...] = ()
    disclosed_to_ombudsman: bool = False
    followers: tuple[str, ...] = ()


def _apply(facts: ComplaintFacts, event: Event) -> ComplaintFacts:
    d = event.details
    if isinstance(d, ForwardDetails):
        return attrs.evolve(
            facts,
            agency_id=d.agency_id,
            unit_ids=(),
            title=d.title or facts.title,
            category=d.category or facts.category,
            co_agency_ids=tuple(a for a in facts.co_agency_ids if a != d.agency_id),
        )
    if isinstance(d, DisposeDetails):
        return attrs.evolve(facts, unit_ids=d.unit_ids)
    if isinstance(d, CoAgencyDetails):
        return attrs.evolve(facts, co_agency_ids=(*facts.co_agency_ids, d.agency_id))
    if isinstance(d, EscalateDetails):
        return attrs.evolve(facts, disclosed_to_ombudsman=bool(d.disclose_identity))
    return facts


def _flags(events: list[Event]) -> tuple[bool, bool]:
    anonim = rahasia = False
    for e in events:
        if isinstance(e.details, SubmitDetails | ForwardDetails):
            anonim = anonim or bool(e.details.anonim)
            rahasia = rahasia or bool(e.details.rahasia)
    return anonim, rahasia


def fold_facts(history: Iterable[Event], *, upto: int) -> ComplaintFacts:
    """Facts as of event ``upto`` (a sequence number); privacy flags from the whole ``history``.

    Raises:
        RuleViolation: the history does not start with a submit event.
    """
    events = sorted(history, key=lambda e: e.sequence)
    if not events or not isinstance(events[0].details, SubmitDetails):
        raise RuleViolation("history", "must start with the submit event")
    s = events[0].details
    anonim, rahasia = _flags(events)
    facts = ComplaintFacts(
        complaint_id=events[0].complaint_id,
        tracking_id=s.tracking_id,
        title=s.title,
        category=s.category,
        region_code=s.region_code,
        reporter_ref=s.reporter_ref,
        anonim=anonim,
        rahasia=rahasia,
    )
    for event in events[1:]:
        if event.sequence > upto:
            break
        facts = _apply(facts, event)
    return facts
