"""The demo's three printed sections: one complaint's timeline, SLA compliance per agency, the breaches.

Everything is computed from what the store holds (the event log, read in position order), never from the
simulation's own bookkeeping, so the report shows what an auditor reading the database would see. Personal
data appears only masked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

import attrs

from sp4n.demo.world import World
from sp4n.jurisdiction.provinces import timezone_for_region
from sp4n.lifecycle.events import BreachDetails, Event, ForwardDetails, SubmitDetails
from sp4n.lifecycle.model import Channel, Complaint, Role
from sp4n.lifecycle.status import Status
from sp4n.notify.localtime import local_datetime
from sp4n.service import SYSTEM_ACTOR, Service
from sp4n.sla import clock_states, compute_deadline, explain_deadline
from sp4n.sla.rules import NATIONAL_RULES, TimeUnit
from sp4n.texts import text
from sp4n.tracking import display

__all__ = ["Ledger", "breaches", "compliance", "read_ledger", "timeline"]

_LEAVE = (datetime.fromisoformat("2026-03-16T00:00+07:00"), datetime.fromisoformat("2026-03-25T00:00+07:00"))


@attrs.frozen(kw_only=True)
class Ledger:
    """Every complaint's events, read once from the store."""

    histories: dict[str, list[Event]]

    def events(self) -> Iterator[Event]:
        """All events, complaint by complaint."""
        for history in self.histories.values():
            yield from history


def read_ledger(service: Service, page: int = 1000) -> Ledger:
    """Read the whole event log (the outbox order) into per-complaint histories."""
    histories: dict[str, list[Event]] = defaultdict(list)
    position = 0
    while True:
        with service.uow as uow:
            batch = uow.events.read_since(position, page)
        if not batch:
            return Ledger(histories=dict(histories))
        for stored in batch:
            histories[stored.event.complaint_id].append(stored.event)
        position = batch[-1].position


def _local(at: datetime, zone: str) -> str:
    # The one way instants are written (messages, pages and the CLI too): a day-end deadline reads 23.59 of
    # its last day, in the language the switch is on (sp4n --lang).
    return local_datetime(at, zone)


def _region_zone(history: Sequence[Event]) -> str:
    first = history[0].details
    region = first.region_code if isinstance(first, SubmitDetails) else None
    return timezone_for_region(region) if region else "Asia/Jakarta"


def _duration(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24} d {hours % 24:02d} h"


def _interesting(ledger: Ledger) -> str:
    """The complaint whose life best shows the leave: filed just before it, with the most steps."""

    def score(history: list[Event]) -> tuple[int, int, int, str]:
        filed = history[0].occurred_at
        before_leave = _LEAVE[0] - timedelta(days=4) <= filed < _LEAVE[0]
        first = history[0].details
        on_web = isinstance(first, SubmitDetails) and first.channel in (Channel.web, Channel.app)
        return (int(before_leave), int(on_web), len({e.action for e in history}), history[0].complaint_id)

    return max(ledger.histories.values(), key=score)[0].complaint_id


def _event_line(event: Event, zone: str, world: World) -> str:
    extra = ""
    if isinstance(event.details, ForwardDetails):
        extra = f" → {world.agency(event.details.agency_id).name}"
    elif isinstance(event.details, BreachDetails):
        extra = (
            f" [{event.details.clock}: {text('demo.overdue', duration=_duration(event.details.overdue_by))}]"
        )
    who = event.actor.role.label
    reason = f" — {event.reason.split(' / ')[0]}" if event.reason else ""
    when = _local(event.occurred_at, zone)
    return f"  {when}  {event.action.label:<29} {event.to_status.label:<23} {who}{extra}{reason}"


def timeline(service: Service, world: World, ledger: Ledger) -> list[str]:
    """Section 1: one complaint's steps, its clocks, and how its first deadline was counted."""
    cid = _interesting(ledger)
    history = ledger.histories[cid]
    complaint = service.get(cid, actor=SYSTEM_ACTOR)
    zone = _region_zone(history)
    lines = [text("demo.timeline", tracking=display(complaint.tracking_id)), _summary(service, complaint)]
    lines += [_event_line(e, zone, world) for e in history]
    lines.append(text("demo.clocks"))
    for state in clock_states(complaint, history, history[-1].occurred_at):
        due = "—" if state.due_at is None else _local(state.due_at, zone)
        lines.append(f"    {state.clock:<13} {state.status:<12} {text('demo.due', due=due)}")
    deadline = compute_deadline(history[0].occurred_at, 3, TimeUnit.working_days, timezone=zone)
    lines.append(text("demo.counted"))
    lines += [f"    {line}" for line in explain_deadline(deadline).splitlines()]
    return lines


def _summary(service: Service, complaint: Complaint) -> str:
    masked = (
        None
        if complaint.reporter_ref is None
        else service.reporter_identity(complaint.reporter_ref, actor=SYSTEM_ACTOR)
    )
    who = text("demo.anonymous_intake")
    if masked is not None:
        parts = [p for p in (masked.name, masked.nik and f"NIK {masked.nik}", masked.phone) if p]
        who = " · ".join(parts) + " " + text("demo.masked")
    flags = "".join(f" [{f}]" for f in ("anonim", "rahasia") if getattr(complaint, f"is_{f}"))
    return text(
        "demo.summary", type=complaint.type, category=complaint.category, region=complaint.region_code,
        channel=complaint.channel, flags=flags, who=who, status=complaint.status.label,
    )  # fmt: skip


def _follow_up_starts(history: Sequence[Event]) -> Iterable[str]:
    return (e.details.agency_id for e in history if isinstance(e.details, ForwardDetails))


def compliance(world: World, ledger: Ledger) -> list[str]:
    """Section 2: per agency, how many follow-up clocks started and how many ended within the limit."""
    started: Counter[str] = Counter()
    breached: Counter[str] = Counter()
    outcome: dict[str, Counter[str]] = defaultdict(Counter)
    verify_late = sum(
        1
        for e in ledger.events()
        if isinstance(e.details, BreachDetails) and e.details.clock == "verification"
    )
    for history in ledger.histories.values():
        started.update(_follow_up_starts(history))
        for e in history:
            if (
                isinstance(e.details, BreachDetails)
                and e.details.clock == "follow_up"
                and e.details.agency_id
            ):
                breached[e.details.agency_id] += 1
        last = history[-1]
        if last.to_status is Status.closed:
            agency = next(iter(reversed(list(_follow_up_starts(history)))), "")
            outcome[agency]["auto" if last.actor.role is Role.system else "closed"] += 1
    agency_, cases, within, late_, closed_, auto_ = text("demo.columns").split("|")
    head = f"  {agency_:<48} {cases:>5} {within:>17} {late_:>8} {closed_:>6} {auto_:>5}"
    lines = [text("demo.compliance"), head]
    for agency in sorted(started, key=lambda a: world.agency(a).name):
        n, late = started[agency], breached[agency]
        rate = f"{n - late}/{n} {100 * (n - late) / n:5.1f}%"
        closed, auto = outcome[agency]["closed"], outcome[agency]["auto"]
        lines.append(f"  {world.agency(agency).name:<48} {n:>5} {rate:>17} {late:>8} {closed:>6} {auto:>5}")
    total = len(ledger.histories)
    good = total - verify_late
    lines.append(text("demo.national", good=good, total=total, rate=100 * good / max(total, 1)))
    return lines


def _late_by(history: Sequence[Event], details: BreachDetails) -> str:
    """How late the stopping action came (or that it never did), from the history."""
    stops = {rule.clock: rule.stops_on for rule in NATIONAL_RULES}.get(details.clock, frozenset())
    done = next((e for e in history if e.action in stops and e.occurred_at > details.due_at), None)
    if done is None:
        return text("demo.never")
    return text(
        "demo.late", action=done.action.label.lower(), duration=_duration(done.occurred_at - details.due_at)
    )


def breaches(world: World, ledger: Ledger, tracking: dict[str, str], shown: int = 15) -> list[str]:
    """Section 3: every recorded breach, oldest deadline first (the first ``shown`` of them in full)."""
    found = sorted(
        ((e.details, e.complaint_id) for e in ledger.events() if isinstance(e.details, BreachDetails)),
        key=lambda item: (item[0].due_at, item[1]),
    )
    by_clock = Counter(d.clock for d, _ in found)
    summary = ", ".join(f"{clock} {n}" for clock, n in sorted(by_clock.items())) or text("demo.none")
    lines = [text("demo.breaches", count=len(found), summary=summary)]
    for details, cid in found[:shown]:
        history = ledger.histories[cid]
        agency = world.agency(details.agency_id) if details.agency_id else None
        who = agency.name.removeprefix("Pemerintah ") if agency else text("demo.national_admin")
        due = _local(details.due_at, _region_zone(history))
        late = _late_by(history, details)
        due = text("demo.due", due=due)
        lines.append(f"  {display(tracking[cid])}  {details.clock:<12} {who:<36} {due:<44} {late}")
    if len(found) > shown:
        lines.append(text("demo.more", count=len(found) - shown))
    return lines
