"""The application service: the one place where untrusted commands meet the pure domain and storage.

Each command is one unit of work: **load → decide → commit**. The decision is the pure lifecycle
(:func:`sp4n.lifecycle.engine.apply`); the state, its events and the next deadline (``due_at``, from the SLA
engine) are saved together and committed at once, or not at all. Notifications go out after the commit; a
failing notifier never undoes a decision. Delivery proper is the outbox relay's job
(:class:`sp4n.service.relay.OutboxRelay` reads the committed event log); give the service a
:class:`sp4n.service.relay.RelayWakeup` as its notifier so that a command only wakes the relay.

:func:`create_service` is the composition root. Everything it is not given it builds *inside* the call —
memory storage, the system clock, random ids and tracking numbers — so importing sp4n creates nothing.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Actor
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

from sp4n import commands as cmd
from sp4n import tracking as tn
from sp4n.exceptions import (
    ComplaintNotFound,
    ConcurrencyConflict,
    ConfigurationError,
    IdempotencyConflict,
    RuleViolation,
)
from sp4n.identity import new_identity
from sp4n.lifecycle.engine import apply, submit
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.ports import Clock, EventNotifier, IdFactory, ReporterIdentity, TrackingNumbers, UnitOfWork
from sp4n.service._parts import (
    Deadlines,
    DueAction,
    NoDeadlines,
    Receipt,
    Resolver,
    SlaDeadlines,
    SystemClock,
    UuidIds,
    fingerprint,
    policy_resolver,
    receipt_for,
)
from sp4n.service._parts import idempotency_key as checked_key
from sp4n.service.actions import ACTIONS, ROUTED, ActionMethods, Input
from sp4n.service.queries import Queries
from sp4n.service.timers import TimerMethods

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

_log = logging.getLogger("sp4n.service.facade")
#: Attempts at drawing an unused tracking number before giving up (a clash is ~1 in 10⁶ at a million).
_TRACKING_ATTEMPTS = 8


class Service(Queries, ActionMethods, TimerMethods):
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
        notifier: EventNotifier | None,
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
        data: Input | cmd.SubmitComplaint,
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
        key = None if idempotency_key is None else checked_key(idempotency_key)
        print_ = fingerprint(command.model_dump(mode="json"), actor)
        try:
            return self._submit_once(command, actor, key, print_)
        except ConcurrencyConflict:
            if key is None:
                raise
            # A concurrent retry of the same request committed first: answer with its result.
            return self._submit_once(command, actor, key, print_)

    def _submit_once(
        self, command: cmd.SubmitComplaint, actor: Actor | None, key: str | None, print_: str
    ) -> Receipt:
        with self.uow as uow:
            if key is not None and (prior := uow.complaints.recall_idempotency(key)) is not None:
                return self._replay(key, print_, prior)
            complaint, event = self._new_complaint(uow, command, actor)
            stored = self._save(uow, complaint, [event], expected_version=0)
            if key is not None:
                uow.complaints.remember_idempotency(key, print_, complaint.id)
            uow.commit()
        self._notify(stored)
        return receipt_for(complaint)

    def _replay(self, key: str, print_: str, prior: tuple[str, str]) -> Receipt:
        previous_print, complaint_id = prior
        if previous_print != print_:
            raise IdempotencyConflict(key)
        return receipt_for(self.uow.complaints.get(complaint_id), replayed=True)

    def _new_complaint(
        self, uow: UnitOfWork, command: cmd.SubmitComplaint, actor: Actor | None
    ) -> tuple[Complaint, Event]:
        ref = None
        if command.reporter is not None:
            given_ref = actor.id if actor is not None and actor.role is Role.reporter else None
            ref = given_ref or self._ids.new_id()
            uow.identities.put(_identity(ref, command.reporter, uow.identities.get(ref)))
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
        action, detail_names = ACTIONS[type(command)]
        details = {n: getattr(command, n) for n in detail_names if getattr(command, n) is not None}
        complaint_id: str = getattr(command, "complaint_id")  # noqa: B009 - every lifecycle command has it
        with self.uow as uow:
            current = uow.complaints.get(complaint_id)
            if isinstance(command, ROUTED) and "agency_id" not in details:
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

    def _run(self, model: type[cmd.Command], data: Input | cmd.Command, actor: Actor) -> Complaint:
        return self.execute(cmd.parse_command(model, data), actor=actor)

    def erase_reporter(self, data: Input | cmd.EraseReporter) -> None:
        """Replace a reporter's personal data with a tombstone (UU 27/2022); complaints stay verifiable."""
        command = cmd.parse_command(cmd.EraseReporter, data)
        with self.uow as uow:
            if uow.identities.get(command.reporter_ref) is None:
                raise RuleViolation("reporter_ref", "no reporter identity is stored under this reference")
            uow.identities.erase(command.reporter_ref, self.clock.now())
            uow.commit()


def _identity(ref: str, given: cmd.ReporterInput, known: ReporterIdentity | None) -> ReporterIdentity:
    # A signed-in reporter files again: what they leave out now keeps its stored value (a tombstone has none).
    def pick(name: str) -> str | None:
        value: str | None = getattr(given, name)
        return value if value is not None or known is None else getattr(known, name)

    fields = {name: pick(name) for name in ("name", "nik", "phone", "email")}
    return new_identity(ref, **fields)


def create_service(
    *,
    uow: UnitOfWork | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
    tracking: TrackingNumbers | None = None,
    resolver: Resolver | None = None,
    sla: Deadlines | None = None,
    notifier: EventNotifier | None = None,
) -> Service:
    """Build a :class:`Service`; every part not given gets a default built here, at call time.

    Defaults: a fresh in-memory store, the system clock (UTC), UUID4 ids, tracking numbers from the operating
    system's randomness, no routing resolver (forwarding must name the agency), the national time limits
    of :mod:`sp4n.sla` on the Indonesian government calendar (pass :class:`NoDeadlines` for none), and no
    notifier.
    """
    if uow is None:
        from sp4n.adapters.storage.memory import MemoryUnitOfWork  # noqa: PLC0415 - built only when asked for

        uow = MemoryUnitOfWork()
    return Service(
        uow=uow,
        clock=clock or SystemClock(),
        ids=ids or UuidIds(),
        tracking=tracking or tn.RandomTrackingNumbers(random.SystemRandom()),
        deadlines=sla or SlaDeadlines(),
        resolver=resolver,
        notifier=notifier,
    )
