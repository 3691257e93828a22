"""Hypothesis strategies for the lifecycle: actors, submissions, commands and whole histories.

Hosts import these to property-test their own code against realistic complaints::

    from hypothesis import given
    from sp4n.testing.lifecycle import complaints

    @given(complaints())
    def test_my_view_never_shows_anonim_reporters(complaint): ...

Every history produced here was made by :func:`sp4n.lifecycle.engine.apply`, so it is one the library accepts.

>>> from sp4n.lifecycle.model import Role
>>> sorted({a.role.value for a in ACTORS})
['agency_admin', 'national_admin', 'ombudsman', 'reporter', 'system', 'unit_officer']
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import strategies as st

from sp4n.exceptions import Sp4nError
from sp4n.lifecycle.engine import allowed_actions, apply, replay, submit
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role
from sp4n.lifecycle.status import Action, Status

__all__ = [
    "ACTORS",
    "AGENCIES",
    "AGENCY_ADMIN",
    "EVERYONE",
    "FOREIGN_UNIT",
    "IMPERSONATOR",
    "NATIONAL_ADMIN",
    "OMBUDSMAN",
    "OTHER_AGENCY_ADMIN",
    "OTHER_REPORTER",
    "OTHER_UNIT",
    "REPORTER",
    "REPORTERS",
    "SYSTEM",
    "UNITS",
    "UNIT_OFFICER",
    "Command",
    "a_complaint_in",
    "actors",
    "commands",
    "complaints",
    "histories",
    "instants",
    "permitted_commands",
    "run_command",
    "submissions",
    "submitted",
]

AGENCIES: tuple[str, ...] = ("pemkab-sleman", "pemkab-badung", "pemkot-padang")
UNITS: tuple[str, ...] = ("disdik", "dinkes", "dpupr")
REPORTERS: tuple[str, ...] = ("r-1", "r-2")
#: Every kind of actor, for every agency and unit above: small enough that random draws often match.
ACTORS: tuple[Actor, ...] = (
    *(Actor(id=r, role=Role.reporter) for r in REPORTERS),
    Actor(id="adm-nasional", role=Role.national_admin),
    *(Actor(id=f"adm-{a}", role=Role.agency_admin, agency_id=a) for a in AGENCIES),
    *(Actor(id=f"{a}-{u}", role=Role.unit_officer, agency_id=a, unit_id=u) for a in AGENCIES for u in UNITS),
    Actor(id="ombudsman-ri", role=Role.ombudsman),
    Actor(id="system", role=Role.system),
)
_START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
_ACTIONS: tuple[Action, ...] = tuple(a for a in Action if a is not Action.submit)
_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(str.strip)


def actors() -> st.SearchStrategy[Actor]:
    """One of :data:`ACTORS`."""
    return st.sampled_from(ACTORS)


def instants(start: datetime = _START) -> st.SearchStrategy[datetime]:
    """Aware instants within a year after ``start``, in WIB, WITA, WIT or UTC."""
    zones = st.sampled_from([UTC, *(timezone_of(h) for h in (7, 8, 9))])
    offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=365))
    return st.builds(lambda off, tz: (start + off).astimezone(tz), offsets, zones)


def timezone_of(hours: int) -> timezone:
    """A fixed-offset zone (WIB +7, WITA +8, WIT +9; no daylight saving, Keppres 41/1987)."""
    return timezone(timedelta(hours=hours))


def submissions() -> st.SearchStrategy[dict[str, Any]]:
    """Valid keyword arguments for ``submit`` (all but ``actor`` and ``at``)."""
    return st.fixed_dictionaries(
        {
            "complaint_id": st.uuids().map(str),
            "tracking_id": st.integers(1, 10**9).map(lambda n: f"LAP-{n:09d}"),
            "type": st.sampled_from(ComplaintType),
            "title": _TEXT,
            "description": _TEXT,
            "category": st.sampled_from(["infrastruktur", "pendidikan", "kesehatan", "kependudukan"]),
            "region_code": st.sampled_from(["34.04", "51.03", "13.71", "36.03.01", "34.04.01.2001"]),
            "incident_date": st.none() | st.dates(date(2025, 1, 1), date(2026, 1, 4)),
            "channel": st.sampled_from(Channel),
            "anonim": st.booleans(),
            "rahasia": st.booleans(),
        }
    )


def submitted(at: datetime = _START) -> st.SearchStrategy[tuple[Complaint, Event]]:
    """A freshly submitted complaint (by one of :data:`REPORTERS`) and its first event."""
    reporters = st.sampled_from([a for a in ACTORS if a.role is Role.reporter])
    return st.builds(lambda kw, who: submit(**kw, actor=who, at=at), submissions(), reporters)


@attrs.frozen(kw_only=True)
class Command:
    """An attempt: ``actor`` tries ``action`` ``after`` the last change, with ``reason`` and ``details``."""

    action: Action
    actor: Actor
    after: timedelta
    reason: str | None
    details: dict[str, Any] = attrs.field(factory=dict, hash=False)


def _details(action: Action) -> st.SearchStrategy[dict[str, Any]]:
    agency = st.sampled_from(AGENCIES)
    if action in (Action.verify, Action.reroute):
        flags = st.none() | st.just(True)
        return st.fixed_dictionaries({"agency_id": agency}, optional={"anonim": flags, "rahasia": flags})
    if action is Action.dispose:
        return st.fixed_dictionaries({"unit_ids": st.lists(st.sampled_from(UNITS), min_size=1, unique=True)})
    if action is Action.record_breach:
        return st.fixed_dictionaries(
            {
                "clock": st.sampled_from(["verify", "follow_up"]),
                "due_at": st.just(_START),
                "overdue_by": st.timedeltas(timedelta(minutes=1), timedelta(days=30)),
            }
        )
    return st.just({})


def commands(actions: Sequence[Action] = _ACTIONS) -> st.SearchStrategy[Command]:
    """Random commands: any action (but submit) by any actor, with plausible details and a reason."""
    return st.sampled_from(list(actions)).flatmap(
        lambda action: st.builds(
            Command,
            action=st.just(action),
            actor=actors(),
            after=st.timedeltas(timedelta(0), timedelta(days=7)),
            reason=st.none() | _TEXT,
            details=_details(action),
        )
    )


def run_command(complaint: Complaint, command: Command) -> tuple[Complaint, Event] | None:
    """Apply ``command``; ``None`` when the library refuses it (a refused command changes nothing)."""
    try:
        return apply(
            complaint,
            command.action,
            command.actor,
            complaint.updated_at + command.after,
            reason=command.reason,
            **command.details,
        )
    except Sp4nError:
        return None


#: Rarer actions, so that generated histories reach deep statuses before something ends them.
_WEIGHT = {Action.archive: 1, Action.escalate: 1, Action.record_breach: 1}


def permitted_commands(complaint: Complaint) -> st.SearchStrategy[Command]:
    """Commands some actor is permitted to make on ``complaint`` now (details may still be refused).

    Use it to drive a complaint forward; :func:`commands` mostly produces refusals once a complaint is
    assigned, because few random actors match its agency and units.
    """
    options = [
        (a, action)
        for a in ACTORS
        for action in sorted(allowed_actions(complaint, a))
        for _ in range(_WEIGHT.get(action, 4))
    ]
    if not options:
        return st.nothing()
    return st.sampled_from(options).flatmap(
        lambda pair: st.builds(
            Command,
            action=st.just(pair[1]),
            actor=st.just(pair[0]),
            after=st.timedeltas(timedelta(0), timedelta(days=7)),
            reason=_TEXT,
            details=_details(pair[1]),
        )
    )


@st.composite
def histories(draw: st.DrawFn, max_steps: int = 12) -> list[Event]:
    """Whole, valid histories: a submit, then up to ``max_steps`` permitted commands the library accepted."""
    complaint, event = draw(submitted())
    events = [event]
    for _ in range(draw(st.integers(0, max_steps))):
        if complaint.status.is_terminal:
            break
        outcome = run_command(complaint, draw(permitted_commands(complaint)))
        if outcome is not None:
            complaint, event = outcome
            events.append(event)
    return events


def complaints(max_steps: int = 12) -> st.SearchStrategy[Complaint]:
    """Complaints in every reachable status, each rebuilt from a valid history."""
    return histories(max_steps).map(replay)


# --- deterministic paths, for example-based tests ---------------------------------------------------------

REPORTER = ACTORS[0]
NATIONAL_ADMIN = Actor(id="adm-nasional", role=Role.national_admin)
AGENCY_ADMIN = Actor(id=f"adm-{AGENCIES[0]}", role=Role.agency_admin, agency_id=AGENCIES[0])
UNIT_OFFICER = Actor(
    id=f"{AGENCIES[0]}-{UNITS[0]}", role=Role.unit_officer, agency_id=AGENCIES[0], unit_id=UNITS[0]
)
SYSTEM = Actor(id="system", role=Role.system)

_Step = tuple[Action, Actor, dict[str, Any]]
_VERIFY: _Step = (Action.verify, NATIONAL_ADMIN, {"agency_id": AGENCIES[0]})
_DISPOSE: _Step = (Action.dispose, AGENCY_ADMIN, {"unit_ids": [UNITS[0]]})
_START_: _Step = (Action.start, UNIT_OFFICER, {})
_FOLLOW: _Step = (Action.follow_up, UNIT_OFFICER, {})
_PATHS: dict[Status, tuple[_Step, ...]] = {
    Status.submitted: (),
    Status.forwarded: (_VERIFY,),
    Status.disposed: (_VERIFY, _DISPOSE),
    Status.in_progress: (_VERIFY, _DISPOSE, _START_),
    Status.followed_up: (_VERIFY, _DISPOSE, _START_, _FOLLOW),
    Status.closed: (_VERIFY, _DISPOSE, _START_, _FOLLOW, (Action.close, REPORTER, {})),
    Status.declined: (_VERIFY, (Action.decline, AGENCY_ADMIN, {})),
    Status.archived: ((Action.archive, NATIONAL_ADMIN, {}),),
    Status.on_hold: (_VERIFY, _DISPOSE, (Action.hold, AGENCY_ADMIN, {})),
    Status.escalated: (_VERIFY, (Action.escalate, REPORTER, {})),
}


def a_complaint_in(
    status: Status, *, anonim: bool = False, rahasia: bool = False, at: datetime = _START
) -> tuple[Complaint, list[Event]]:
    """A complaint walked to ``status`` by the canonical actors (an hour per step), with its history.

    The complaint is assigned to ``AGENCIES[0]`` and disposed to ``UNITS[0]`` where the status implies it;
    an ``on_hold`` complaint was held from ``disposed``.

    >>> c, events = a_complaint_in(Status.in_progress)
    >>> (str(c.status), c.version, len(events))
    ('in_progress', 4, 4)
    """
    complaint, event = submit(
        complaint_id="c-1",
        tracking_id="LAP-000000001",
        type=ComplaintType.pengaduan,
        title="Jalan berlubang",
        description="Lubang besar di depan sekolah",
        category="infrastruktur",
        region_code="34.04",
        channel=Channel.web,
        anonim=anonim,
        rahasia=rahasia,
        actor=REPORTER,
        at=at,
    )
    events = [event]
    for action, actor, details in _PATHS[status]:
        when = complaint.updated_at + timedelta(hours=1)
        complaint, event = apply(complaint, action, actor, when, reason="alasan", **details)
        events.append(event)
    return complaint, events


# --- near misses: actors who look entitled but are not -----------------------------------------------------

OTHER_REPORTER = Actor(id=REPORTERS[1], role=Role.reporter)
OTHER_AGENCY_ADMIN = Actor(id=f"adm-{AGENCIES[1]}", role=Role.agency_admin, agency_id=AGENCIES[1])
OTHER_UNIT = Actor(
    id=f"{AGENCIES[0]}-{UNITS[1]}", role=Role.unit_officer, agency_id=AGENCIES[0], unit_id=UNITS[1]
)
FOREIGN_UNIT = Actor(
    id=f"{AGENCIES[1]}-{UNITS[0]}", role=Role.unit_officer, agency_id=AGENCIES[1], unit_id=UNITS[0]
)
OMBUDSMAN = Actor(id="ombudsman-ri", role=Role.ombudsman)
#: An agency admin whose id equals the reporter's reference: the role, not the id alone, decides.
IMPERSONATOR = Actor(id=REPORTER.id, role=Role.agency_admin, agency_id=AGENCIES[1])
#: The canonical actors of :func:`a_complaint_in` and every near miss, for permission tables.
EVERYONE: tuple[Actor, ...] = (
    REPORTER,
    OTHER_REPORTER,
    NATIONAL_ADMIN,
    AGENCY_ADMIN,
    OTHER_AGENCY_ADMIN,
    UNIT_OFFICER,
    OTHER_UNIT,
    FOREIGN_UNIT,
    OMBUDSMAN,
    SYSTEM,
    IMPERSONATOR,
)
