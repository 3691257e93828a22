"""The application service: the one place where untrusted commands meet the pure domain and storage.

Each command is one unit of work: **load → decide → commit**. The decision is the pure lifecycle
(:func:`sp4n.lifecycle.apply.apply`); the state, its events and the next deadline (``due_at``, from the SLA
engine) are saved together and committed at once, or not at all. Notifications go out after the commit; a
failing notifier never undoes a decision, and :meth:`Service.relay` re-sends from the event log (the outbox).

:func:`create_service` is the composition root. Everything it is not given it builds *inside* the call —
memory storage, the system clock, random ids and tracking numbers — so importing sp4n creates nothing.

>>> from datetime import datetime, UTC
>>> from sp4n.model import Actor
>>> from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers
>>> svc = create_service(clock=FixedClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)),
...                      ids=SequentialIds("c-"), tracking=SequentialTrackingNumbers())
>>> receipt = svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
...                       "category": "infrastruktur", "channel": "web", "region_code": "34.04",
...                       "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}, idempotency_key="sms-81")
>>> receipt.tracking_id, str(receipt.status)
('222222222', 'submitted')
>>> svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
...             "category": "infrastruktur", "channel": "web", "region_code": "34.04",
...             "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}, idempotency_key="sms-81").replayed
True
>>> admin = Actor(id="adm-1", role="national_admin")
>>> str(svc.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": "pemkab-sleman"},
...                            actor=admin).status)
'forwarded'
>>> [str(e.event.action) for e in svc.history(receipt.complaint_id)]
['submit', 'verify']
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sp4n import commands as cmd
from sp4n import tracking as tn
from sp4n._service import (
    SYSTEM_ACTOR,
    Deadlines,
    DueAction,
    NoDeadlines,
    Receipt,
    Resolver,
    SlaDeadlines,
    fingerprint,
    policy_resolver,
)
from sp4n._service_queries import Queries
from sp4n.events import Event
from sp4n.exceptions import ComplaintNotFound, ConfigurationError, IdempotencyConflict, RuleViolation
from sp4n.identity import new_identity
from sp4n.lifecycle.apply import apply, submit
from sp4n.lifecycle.status import Action, Status
from sp4n.model import Actor, Complaint, Role
from sp4n.ports import Clock, IdFactory, Notifier, StoredEvent, TrackingNumbers, UnitOfWork

__all__ = [
    "Deadlines",
    "DueAction",
    "NoDeadlines",
    "Receipt",
    "Resolver",
    "Service",
    "SlaDeadlines",
    "create_service",
    "policy_resolver",
]

_log = logging.getLogger("sp4n.service")
_Input = Mapping[str, Any] | bytes | str
#: Attempts at drawing an unused tracking number before giving up (a clash is ~1 in 10⁶ at a million).
_TRACKING_ATTEMPTS = 8


class SystemClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        """The current instant."""
        return datetime.now(UTC)


class UuidIds:
    """Random UUIDs (version 4) as opaque ids."""

    def new_id(self) -> str:
        """A new id."""
        return str(uuid.uuid4())


# Command class → (action, the command fields that become ``apply`` details).
_ACTIONS: dict[type[cmd.Command], tuple[Action, tuple[str, ...]]] = {
    cmd.VerifyAndForward: (Action.verify, ("agency_id", "title", "category", "anonim", "rahasia")),
    cmd.Dispose: (Action.dispose, ("unit_ids",)),
    cmd.Start: (Action.start, ()),
    cmd.FollowUp: (Action.follow_up, ()),
    cmd.Reply: (Action.reply, ()),
    cmd.Close: (Action.close, ()),
    cmd.Hold: (Action.hold, ()),
    cmd.Resume: (Action.resume, ()),
    cmd.Decline: (Action.decline, ()),
    cmd.Reroute: (Action.reroute, ("agency_id",)),
    cmd.Archive: (Action.archive, ()),
    cmd.Escalate: (Action.escalate, ("ombudsman_ref",)),
}
_ROUTED = (cmd.VerifyAndForward, cmd.Reroute)


class Service(Queries):
    """Commands and queries over one unit of work. Build it with :func:`create_service`."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdFactory,
        tracking: TrackingNumbers,
        deadlines: Deadlines,
        resolver: Resolver | None,
        notifier: Notifier | None,
    ) -> None:
        super().__init__(uow)
        self.clock = clock
        self._ids = ids
        self._tracking = tracking
        self.deadlines = deadlines
        self._resolver = resolver
        self._notifier = notifier

    # --- submit ---------------------------------------------------------------------------------------

    def submit(
        self,
        data: _Input | cmd.SubmitComplaint,
        *,
        actor: Actor | None = None,
        idempotency_key: str | None = None,
    ) -> Receipt:
        """File a complaint. A retried request with the same ``idempotency_key`` returns the first receipt.

        ``actor`` is who the host authenticated (a reporter account, an SMS gateway as ``system``); without
        one, the reporter files as themselves if they gave identity, else the intake files as the system.

        Raises:
            InvalidCommand: the input broke a rule (nothing is written).
            IdempotencyConflict: the key was used before for a different request.
        """
        command = cmd.parse_command(cmd.SubmitComplaint, data)
        key = None if idempotency_key is None else _idempotency_key(idempotency_key)
        print_ = fingerprint(command.model_dump(mode="json"), actor)
        with self.uow as uow:
            if key is not None and (prior := uow.complaints.recall_idempotency(key)) is not None:
                return self._replay(key, print_, prior)
            complaint, event = self._new_complaint(uow, command, actor)
            stored = self._save(uow, complaint, [event], expected_version=0)
            if key is not None:
                uow.complaints.remember_idempotency(key, print_, complaint.id)
            uow.commit()
        self._notify(stored)
        return _receipt(complaint)

    def _replay(self, key: str, print_: str, prior: tuple[str, str]) -> Receipt:
        previous_print, complaint_id = prior
        if previous_print != print_:
            raise IdempotencyConflict(key)
        return _receipt(self.uow.complaints.get(complaint_id), replayed=True)

    def _new_complaint(
        self, uow: UnitOfWork, command: cmd.SubmitComplaint, actor: Actor | None
    ) -> tuple[Complaint, Event]:
        ref = None
        if command.reporter is not None:
            given_ref = actor.id if actor is not None and actor.role is Role.reporter else None
            ref = given_ref or self._ids.new_id()
            reporter = command.reporter
            uow.identities.put(
                new_identity(
                    ref, name=reporter.name, nik=reporter.nik, phone=reporter.phone, email=reporter.email
                )
            )
        filer = actor or (Actor(id=ref, role=Role.reporter) if ref else Actor(id="intake", role=Role.system))
        fields = command.model_dump(exclude={"reporter"})
        complaint, event = submit(
            complaint_id=self._ids.new_id(),
            tracking_id=self._fresh_tracking(uow),
            reporter_ref=ref,
            actor=filer,
            at=self.clock.now(),
            **fields,
        )
        return complaint, event

    def _fresh_tracking(self, uow: UnitOfWork) -> str:
        for _ in range(_TRACKING_ATTEMPTS):
            candidate = self._tracking.new()
            try:
                uow.complaints.get_by_tracking(candidate)
            except ComplaintNotFound:
                return candidate
        raise ConfigurationError("tracking", f"no unused tracking number in {_TRACKING_ATTEMPTS} attempts")

    # --- lifecycle actions ----------------------------------------------------------------------------

    def execute(self, command: cmd.Command, *, actor: Actor) -> Complaint:
        """Run any lifecycle command (already parsed) as ``actor``; returns the complaint after it.

        Raises:
            ComplaintNotFound, InvalidTransition, NotPermitted, RuleViolation, ConcurrencyConflict.
        """
        action, detail_names = _ACTIONS[type(command)]
        details = {n: getattr(command, n) for n in detail_names if getattr(command, n) is not None}
        complaint_id: str = getattr(command, "complaint_id")  # noqa: B009 - every lifecycle command has it
        with self.uow as uow:
            current = uow.complaints.get(complaint_id)
            if isinstance(command, _ROUTED) and "agency_id" not in details:
                details["agency_id"] = self._route(current)
            updated, event = apply(
                current, action, actor, self.clock.now(), reason=getattr(command, "reason", None), **details
            )
            stored = self._save(uow, updated, [event], expected_version=current.version)
            uow.commit()
        self._notify(stored)
        return updated

    def _route(self, complaint: Complaint) -> str:
        agency = None if self._resolver is None else self._resolver(complaint)
        if agency is None:
            raise RuleViolation("agency_id", "no agency was named and the routing policy found none")
        return agency

    def _run(self, model: type[cmd.Command], data: _Input | cmd.Command, actor: Actor) -> Complaint:
        return self.execute(cmd.parse_command(model, data), actor=actor)

    def verify_and_forward(self, data: _Input | cmd.VerifyAndForward, *, actor: Actor) -> Complaint:
        """Verifikasi: forward to the named agency, or to the one the resolver picks."""
        return self._run(cmd.VerifyAndForward, data, actor)

    def dispose(self, data: _Input | cmd.Dispose, *, actor: Actor) -> Complaint:
        """Disposisi to units."""
        return self._run(cmd.Dispose, data, actor)

    def start(self, data: _Input | cmd.Start, *, actor: Actor) -> Complaint:
        """A unit starts work."""
        return self._run(cmd.Start, data, actor)

    def follow_up(self, data: _Input | cmd.FollowUp, *, actor: Actor) -> Complaint:
        """Post the tindak lanjut."""
        return self._run(cmd.FollowUp, data, actor)

    def reply(self, data: _Input | cmd.Reply, *, actor: Actor) -> Complaint:
        """The reporter answers the follow-up (not satisfied)."""
        return self._run(cmd.Reply, data, actor)

    def close(self, data: _Input | cmd.Close, *, actor: Actor) -> Complaint:
        """Close (reporter satisfied)."""
        return self._run(cmd.Close, data, actor)

    def hold(self, data: _Input | cmd.Hold, *, actor: Actor) -> Complaint:
        """Tunda."""
        return self._run(cmd.Hold, data, actor)

    def resume(self, data: _Input | cmd.Resume, *, actor: Actor) -> Complaint:
        """Resume from a hold."""
        return self._run(cmd.Resume, data, actor)

    def decline(self, data: _Input | cmd.Decline, *, actor: Actor) -> Complaint:
        """Bukan wewenang."""
        return self._run(cmd.Decline, data, actor)

    def reroute(self, data: _Input | cmd.Reroute, *, actor: Actor) -> Complaint:
        """Send a declined complaint to another agency."""
        return self._run(cmd.Reroute, data, actor)

    def archive(self, data: _Input | cmd.Archive, *, actor: Actor) -> Complaint:
        """Arsipkan with a reason."""
        return self._run(cmd.Archive, data, actor)

    def escalate(self, data: _Input | cmd.Escalate, *, actor: Actor) -> Complaint:
        """Escalate to Ombudsman RI."""
        return self._run(cmd.Escalate, data, actor)

    def erase_reporter(self, data: _Input | cmd.EraseReporter) -> None:
        """Replace a reporter's personal data with a tombstone (UU 27/2022); complaints stay verifiable."""
        command = cmd.parse_command(cmd.EraseReporter, data)
        with self.uow as uow:
            if uow.identities.get(command.reporter_ref) is None:
                raise ComplaintNotFound(command.reporter_ref)
            uow.identities.erase(command.reporter_ref, self.clock.now())
            uow.commit()

    # --- timers and outbox ----------------------------------------------------------------------------

    def run_due(self, now: datetime | None = None, *, batch: int = 100) -> int:
        """Do what the timers require as of ``now``: claim overdue complaints, apply the SLA engine's due
        actions as the system, store the next deadline. Returns how many events were written."""
        when = self.clock.now() if now is None else now
        seen: set[str] = set()
        written = 0
        while True:
            with self.uow as uow:
                claimed = [c for c in uow.complaints.claim_due(when, len(seen) + batch) if c.id not in seen]
                stored = [s for c in claimed for s in self._due(uow, c, when)]
                uow.commit()
            seen.update(c.id for c in claimed)
            self._notify(stored)
            written += len(stored)
            if not claimed:
                return written

    def _due(self, uow: UnitOfWork, complaint: Complaint, when: datetime) -> list[StoredEvent]:
        history = [s.event for s in uow.events.history(complaint.id)]
        current, new = complaint, []
        for due in self.deadlines.due_actions(complaint, history, when):
            actor = due.actor or SYSTEM_ACTOR
            current, event = apply(current, due.action, actor, when, reason=due.reason, **due.details)
            new.append(event)
        if not new:
            return []
        return self._save(uow, current, new, expected_version=complaint.version, history=history)

    def relay(self, since: int, *, limit: int = 1000) -> int:
        """Send committed events after position ``since`` to the notifier; returns the last position sent.

        The host keeps the returned position; delivery is at least once (receivers de-duplicate by
        complaint id and sequence). A failure stops the relay at the event that failed.
        """
        if self._notifier is None:
            raise ConfigurationError("notifier", "relay needs a notifier")
        with self.uow as uow:
            pending = uow.events.read_since(since, limit)
        for item in pending:
            self._notifier.send(item)
            since = item.position
        return since

    # --- helpers --------------------------------------------------------------------------------------

    def _save(
        self,
        uow: UnitOfWork,
        complaint: Complaint,
        events: list[Event],
        *,
        expected_version: int,
        history: Sequence[Event] | None = None,
    ) -> list[StoredEvent]:
        past = [s.event for s in uow.events.history(complaint.id)] if history is None else list(history)
        due_at = (
            None if complaint.status.is_terminal else self.deadlines.next_due_at(complaint, past + events)
        )
        return uow.complaints.save(complaint, events, expected_version=expected_version, due_at=due_at)

    def _notify(self, stored: Sequence[StoredEvent]) -> None:
        if self._notifier is None:
            return
        for item in stored:
            try:
                self._notifier.send(item)
            except Exception as err:  # a notifier failure must never undo a committed decision
                # Log the position only: events carry no personal data, but a notifier's error text might.
                _log.warning(
                    "notification for event %d failed (%s); relay will retry",
                    item.position,
                    type(err).__name__,
                )


class _IdempotencyKey(cmd.Command):
    idempotency_key: cmd.Identifier


def _idempotency_key(key: str) -> str:
    return cmd.parse_command(_IdempotencyKey, {"idempotency_key": key}).idempotency_key


def _receipt(complaint: Complaint, *, replayed: bool = False) -> Receipt:
    # Everything in a receipt is fixed at submission, so a replay returns exactly the first result.
    return Receipt(
        complaint_id=complaint.id,
        tracking_id=complaint.tracking_id,
        reporter_ref=complaint.reporter_ref,
        status=Status.submitted,
        submitted_at=complaint.submitted_at,
        replayed=replayed,
    )


def create_service(
    *,
    uow: UnitOfWork | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
    tracking: TrackingNumbers | None = None,
    resolver: Resolver | None = None,
    sla: Deadlines | None = None,
    notifier: Notifier | None = None,
) -> Service:
    """Build a :class:`Service`; every part not given gets a default built here, at call time.

    Defaults: a fresh in-memory store, the system clock (UTC), UUID4 ids, tracking numbers from the operating
    system's randomness, no routing resolver (forwarding must name the agency), the national time limits
    of :mod:`sp4n.sla` on the Indonesian government calendar (pass :class:`NoDeadlines` for none), and no
    notifier.
    """
    if uow is None:
        from sp4n.adapters.memory import MemoryUnitOfWork  # noqa: PLC0415 - built only when asked for

        # Typed Any: mypy treats plain protocol attributes as invariant, so an adapter whose ``complaints``
        # attribute has its own concrete type does not match structurally (reported to storage).
        memory: Any = MemoryUnitOfWork()
        uow = memory
    return Service(
        uow=uow,
        clock=clock or SystemClock(),
        ids=ids or UuidIds(),
        tracking=tracking or tn.RandomTrackingNumbers(random.SystemRandom()),
        deadlines=sla or SlaDeadlines(),
        resolver=resolver,
        notifier=notifier,
    )
