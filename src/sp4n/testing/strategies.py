"""Every hypothesis strategy sp4n ships, in one place: complaints and their histories, commands, routing
policies and facts, and the hostile text that storage must survive.

Hosts import these to property-test their own code against realistic complaints::

    from hypothesis import given
    from sp4n.testing.strategies import complaints

    @given(complaints())
    def test_my_view_never_shows_anonim_reporters(complaint): ...

Every history drawn here was made by :func:`sp4n.lifecycle.engine.apply`, so it is one the library accepts;
the actors and files come from the fixed cast of :mod:`sp4n.testing.lifecycle`. Routing strategies draw from
the region list (or categories) you pass, or from a function that returns it (such as
:func:`sp4n.testing.environment.env_regions`), called when the first example is drawn: a strategy can be
built at module level, in ``@given(...)``, before any file is read.

>>> from sp4n.lifecycle.status import Status
>>> from sp4n.testing.lifecycle import a_complaint_in
>>> command = Command(action=Action.verify, actor=ACTORS[2], after=timedelta(hours=1), reason=None,
...                   details={"agency_id": "pemkab-sleman"})
>>> complaint, event = run_command(a_complaint_in(Status.submitted)[0], command)
>>> str(complaint.status), run_command(complaint, command) is None
('forwarded', True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as missing:  # say which extra brings it, not just the module's name
    raise ModuleNotFoundError(
        "sp4n.testing.strategies needs hypothesis: pip install 'sp4n[test]'", name=missing.name
    ) from missing

from sp4n.exceptions import Sp4nError
from sp4n.identity import ReporterIdentity
from sp4n.jurisdiction.codes import depth_of, is_within
from sp4n.jurisdiction.policy import DeclineMatch, Policy, Rule, Target, TargetLevel
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.regions_builtin import default_regions
from sp4n.jurisdiction.resolve import RoutingFacts
from sp4n.lifecycle.engine import allowed_actions, apply, new_complaint, replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role
from sp4n.lifecycle.status import Action
from sp4n.testing.lifecycle import ACTORS, AGENCIES, FILES, T0, UNITS, renamed

__all__ = [
    "Command",
    "actors",
    "commands",
    "complaints",
    "histories",
    "hostile_identities",
    "hostile_text",
    "identifiers",
    "instants",
    "permitted_commands",
    "policies",
    "region_codes",
    "routing_facts",
    "rules",
    "run_command",
    "stored_histories",
    "submissions",
    "submitted",
    "villages",
]

_ACTIONS: tuple[Action, ...] = tuple(a for a in Action if a is not Action.submit)
_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=20).filter(str.strip)
#: Fixed-offset zones of WIB +7, WITA +8 and WIT +9 (no daylight saving, Keppres 41/1987), and UTC.
_ZONES = (UTC, *(timezone(timedelta(hours=h)) for h in (7, 8, 9)))

# --- complaints, commands and histories ---------------------------------------------------------------------


def actors() -> st.SearchStrategy[Actor]:
    """One of :data:`sp4n.testing.lifecycle.ACTORS`."""
    return st.sampled_from(ACTORS)


def instants(start: datetime = T0) -> st.SearchStrategy[datetime]:
    """Aware instants within a year after ``start``, in WIB, WITA, WIT or UTC."""
    offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=365))
    return st.builds(lambda off, tz: (start + off).astimezone(tz), offsets, st.sampled_from(_ZONES))


def submissions() -> st.SearchStrategy[dict[str, Any]]:
    """Valid keyword arguments for ``new_complaint`` (all but ``actor`` and ``at``)."""
    return st.fixed_dictionaries(
        {
            "complaint_id": st.uuids().map(str),
            "tracking_id": st.integers(1, 10**9).map(lambda n: f"LAP-{n:09d}"),
            "type": st.sampled_from(ComplaintType),
            "title": _TEXT,
            "description": _TEXT,
            "category": st.sampled_from(["infrastruktur", "pendidikan", "kesehatan", "kependudukan"]),
            "region_code": st.one_of(
                st.sampled_from(["34.04", "51.03", "13.71", "36.03.01", "34.04.01.2001"]), villages()
            ),
            "incident_date": st.none() | st.dates(date(2025, 1, 1), date(2026, 1, 4)),
            "channel": st.sampled_from(Channel),
            "anonim": st.booleans(),
            "rahasia": st.booleans(),
        }
    )


def submitted(at: datetime = T0) -> st.SearchStrategy[tuple[Complaint, Event]]:
    """A freshly submitted complaint (by one of the reporters of the cast) and its first event."""
    reporters = st.sampled_from([a for a in ACTORS if a.role is Role.reporter])
    return st.builds(lambda kw, who: new_complaint(**kw, actor=who, at=at), submissions(), reporters)


@attrs.frozen(kw_only=True)
class Command:
    """An attempt: ``actor`` tries ``action`` ``after`` the last change, with ``reason`` and ``details``."""

    action: Action
    actor: Actor
    after: timedelta
    reason: str | None
    details: dict[str, Any] = attrs.field(factory=dict, hash=False)


_FLAG, _FLAGS, _FILES = st.none() | st.just(True), ("anonim", "rahasia"), st.sampled_from(FILES)
_FORWARD = st.fixed_dictionaries(
    {"agency_id": st.sampled_from(AGENCIES)}, optional=dict.fromkeys(_FLAGS, _FLAG)
)
_BREACH = st.fixed_dictionaries({
    "clock": st.sampled_from(["verification", "follow_up", "resolution", "lhp_follow_up"]),
    "due_at": st.just(T0), "overdue_by": st.timedeltas(timedelta(minutes=1), timedelta(days=30)),
})  # fmt: skip
# No details for ``redact``: it is refused here. A redact needs the history (plan_redaction) and the store's
# rewrite of the masked text, which a history generated from apply alone lacks.
_DETAILS: dict[Action, st.SearchStrategy[dict[str, Any]]] = {  # what each action carries (others: none)
    Action.archive_duplicate: st.fixed_dictionaries(
        {"duplicate_of": st.sampled_from(["c-0", "c-canonical"])}
    ),
    Action.add_agency: st.fixed_dictionaries({"agency_id": st.sampled_from(AGENCIES)}),
    Action.verify: _FORWARD,
    Action.reroute: _FORWARD,
    Action.dispose: st.fixed_dictionaries(
        {"unit_ids": st.lists(st.sampled_from(UNITS), min_size=1, unique=True)}
    ),
    Action.escalate: st.fixed_dictionaries({}, optional={"disclose_identity": st.none() | st.booleans()}),
    Action.close: st.fixed_dictionaries({}, optional={"satisfaction": st.none() | st.integers(0, 6)}),
    Action.record_breach: _BREACH,
    Action.add_information: st.fixed_dictionaries({}, optional={"attachments": st.lists(_FILES, max_size=2)}),
    Action.publish_attachment: st.fixed_dictionaries({"storage_key": _FILES.map(lambda f: f.storage_key)}),
}


def commands(actions: Sequence[Action] = _ACTIONS) -> st.SearchStrategy[Command]:
    """Random commands: any action (but submit) by any actor, with plausible details and a reason."""
    return st.sampled_from(list(actions)).flatmap(
        lambda action: st.builds(
            Command,
            action=st.just(action),
            actor=actors(),
            after=st.timedeltas(timedelta(0), timedelta(days=7)),
            reason=st.none() | _TEXT,
            details=_DETAILS.get(action, st.just({})),
        )
    )


def run_command(complaint: Complaint, command: Command) -> tuple[Complaint, Event] | None:
    """Apply ``command``; ``None`` when the library refuses it (a refused command changes nothing)."""
    try:
        at = complaint.updated_at + command.after
        return apply(complaint, command.action, command.actor, at, reason=command.reason, **command.details)
    except Sp4nError:
        return None


#: Rarer actions, so that generated histories reach deep statuses before something ends them.
_WEIGHT = dict.fromkeys(
    (Action.archive, Action.archive_duplicate, Action.escalate, Action.record_breach, Action.conclude), 1
) | dict.fromkeys((Action.flag_redaction, Action.clear_redaction), 1)


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
            details=_DETAILS.get(pair[1], st.just({})),
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


# --- storage: hostile text and ids --------------------------------------------------------------------------

#: Text that has broken storage layers before: quotes, SQL, placeholders, escapes, NUL, astral planes.
_NASTY = [
    "'; DROP TABLE sp4n_complaints; --",
    "Robert'); DELETE FROM sp4n_events; --",
    "%s %(x)s ? :1 $1",
    '\\" \\\\ \\n',
    "\x00nul\x00",
    "jalan \U0001f6a7 rusak",
    "\u202eterbalik",
    "\ud800 lone surrogate",
    "a" * 5000,
]


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any text, lone surrogates included (no category excluded), and known troublemakers."""
    return st.text(st.characters(exclude_categories=[]), max_size=max_size) | st.sampled_from(_NASTY)


def identifiers() -> st.SearchStrategy[str]:
    """Unique ids with printable hostile suffixes (no control or surrogate characters: they are keys)."""
    suffix = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
    return st.builds(lambda u, s: f"{u}{s}", st.uuids().map(str), suffix)


def hostile_identities() -> st.SearchStrategy[ReporterIdentity]:
    """Reporter identities under unique ids, hostile names and contacts (a NIK: 16 digits or absent)."""
    return st.builds(
        ReporterIdentity,
        id=identifiers(),
        name=st.none() | hostile_text(),
        nik=st.none() | st.text("0123456789", min_size=16, max_size=16),
        phone=st.none() | hostile_text(20),
        email=st.none() | hostile_text(60),
    )


@st.composite
def stored_histories(draw: st.DrawFn) -> tuple[Complaint, list[Event]]:
    """A valid history (from :func:`histories`) under a unique id, with hostile reasons and text."""
    events = draw(histories(max_steps=6))
    complaint = replay(events)
    events = [attrs.evolve(e, reason=draw(st.none() | hostile_text())) for e in events]
    complaint = attrs.evolve(
        complaint,
        title=draw(hostile_text()),
        description=draw(hostile_text(2000)),
        category=draw(hostile_text(50)),
    )
    return renamed(complaint, events, draw(identifiers()), draw(identifiers()))


# --- routing: region codes, facts, rules and policies -------------------------------------------------------


#: A region list, or a function that loads one when the first example is drawn (module-level strategies).
Regions = RegionRegistry | Callable[[], RegionRegistry]
#: Categories, or a function that returns them when the first example is drawn.
Categories = Sequence[str] | Callable[[], Sequence[str]]


def _later(make: Callable[[], st.SearchStrategy[Any]], *inputs: object) -> st.SearchStrategy[Any]:
    """``make()`` now when every input is a value, else deferred until hypothesis first draws."""
    return st.deferred(make) if any(callable(i) for i in inputs) else make()


def _registry(regions: Regions | None) -> RegionRegistry:
    if regions is None:
        return default_regions()
    return regions if isinstance(regions, RegionRegistry) else regions()


def _categories(categories: Categories) -> list[str]:
    return list(categories() if callable(categories) else categories)


def region_codes(
    regions: Regions | None = None, *, depth: int | None = None, within: str = ""
) -> st.SearchStrategy[str]:
    """Real codes of a region list (default: the built-in Kemendagri 2025 list), optionally at one depth
    (1 provinsi … 4 village) and inside an area (a dotted code)."""

    def make() -> st.SearchStrategy[str]:
        registry = _registry(regions)
        codes = sorted(
            c for c in registry if (depth is None or depth_of(c) == depth) and is_within(c, within)
        )
        if not codes:
            raise ValueError(f"no region at depth {depth} within {within!r} in dataset {registry.version}")
        return st.sampled_from(codes)

    return _later(make, regions)


def villages(regions: RegionRegistry | None = None, *, within: str = "") -> st.SearchStrategy[str]:
    """Real desa/kelurahan codes (default list: the built-in 2025 one), e.g. a complaint's ``region_code``."""
    return region_codes(regions, depth=4, within=within)


def routing_facts(
    regions: Regions,
    categories: Categories,
    *,
    depth: int | None = 4,
    within: str = "",
    declined: st.SearchStrategy[frozenset[str]] | None = None,
) -> st.SearchStrategy[RoutingFacts]:
    """Complaint facts: a category, any type and channel, a region (villages by default), declines."""
    return st.builds(
        RoutingFacts,
        category=_later(lambda: st.sampled_from(_categories(categories)), categories),
        type=st.sampled_from(list(ComplaintType)),
        channel=st.sampled_from(list(Channel)),
        region_code=region_codes(regions, depth=depth, within=within),
        declined=declined if declined is not None else st.just(frozenset()),
    )


def _targets(agency_ids: Sequence[str]) -> st.SearchStrategy[Target]:
    levels = st.sampled_from(list(TargetLevel)).map(lambda level: Target(level=level))
    if not agency_ids:
        return levels
    return st.one_of(levels, st.sampled_from(list(agency_ids)).map(lambda a: Target(agency=a)))


def rules(
    regions: Regions, categories: Categories, agency_ids: Sequence[str] = ()
) -> st.SearchStrategy[Rule]:
    """One rule (ids are numbered by :func:`policies`): any category, target, region subtree, filters,
    priority, and sometimes a condition that named agencies declined first."""
    nothing: st.SearchStrategy[frozenset[Any]] = st.just(frozenset())
    decliners = (
        st.frozensets(st.sampled_from(list(agency_ids)), min_size=1, max_size=2) if agency_ids else nothing
    )
    return st.builds(
        Rule,
        id=st.just("r"),
        category=_later(lambda: st.sampled_from(_categories(categories)), categories),
        target=_targets(agency_ids),
        region=st.one_of(st.just(""), region_codes(regions)),
        types=st.one_of(nothing, st.frozensets(st.sampled_from(list(ComplaintType)), min_size=1)),
        channels=st.one_of(nothing, st.frozensets(st.sampled_from(list(Channel)), min_size=1)),
        after_decline_of=st.one_of(nothing, nothing, nothing, decliners),
        after_decline_match=st.sampled_from(list(DeclineMatch)),
        priority=st.integers(-2, 2),
    )


def policies(
    regions: Regions, categories: Categories, agency_ids: Sequence[str] = (), *, max_rules: int = 12
) -> st.SearchStrategy[Policy]:
    """Policies of up to ``max_rules`` rules with unique ids, declaring every category."""

    def number(drawn: list[Rule]) -> Policy:
        numbered = [attrs.evolve(r, id=f"r{n}") for n, r in enumerate(drawn)]
        return Policy(name="generated", rules=numbered, declared_categories=_categories(categories))

    return st.lists(rules(regions, categories, agency_ids), max_size=max_rules).map(number)
