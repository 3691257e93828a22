"""Pieces of the application service that are not the service itself: what it expects of deadline and
routing engines, its receipt, and the idempotency fingerprint.

The service talks to the SLA engine and the routing resolver through the two small protocols here, so a host
can plug in its own (or none) exactly as it plugs in storage through :mod:`sp4n.ports`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

import attrs

from sp4n import commands as cmd
from sp4n import sla
from sp4n.jurisdiction.agencies import AgencyRegistry
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.resolve import Assigned, RoutingFacts, resolve
from sp4n.lifecycle.events import Details, Event
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.sla.rules import SlaPolicy
from sp4n.sla.workdays import WorkingCalendar

__all__ = [
    "SYSTEM_ACTOR",
    "Deadlines",
    "DueAction",
    "NoDeadlines",
    "Receipt",
    "Resolver",
    "SlaDeadlines",
    "SystemClock",
    "UuidIds",
    "fingerprint",
    "idempotency_key",
    "policy_resolver",
    "receipt_for",
]


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


#: The actor timers act as (``run_due``).
SYSTEM_ACTOR = Actor(id="sp4n-timer", role=Role.system)


@attrs.frozen(kw_only=True)
class DueAction:
    """Something a timer must do now: an action, its reason, and the details ``apply`` needs."""

    action: Action
    reason: str | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict)
    actor: Actor | None = None


@runtime_checkable
class Deadlines(Protocol):
    """What the service needs from an SLA engine (``sp4n.sla`` provides one; hosts may bring their own)."""

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """The earliest running deadline after ``events`` (stored as ``due_at``), or ``None``."""
        ...

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """What the timers must do to ``complaint`` at ``now`` (breach notices, auto-close), in order."""
        ...


class NoDeadlines:
    """A deadline engine that knows no limits: nothing is ever due (used when no SLA engine is wired)."""

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """Always ``None``."""
        return None

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """Always empty."""
        return ()


class SlaDeadlines:
    """The :mod:`sp4n.sla` engine as the service's :class:`Deadlines` (national rules unless ``policy``)."""

    def __init__(self, policy: SlaPolicy | None = None, calendar: WorkingCalendar | None = None) -> None:
        self.policy = policy or SlaPolicy()
        self.calendar = calendar

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """See :func:`sp4n.sla.next_due_at`."""
        return sla.next_due_at(complaint, events, self.policy, calendar=self.calendar)

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """See :func:`sp4n.sla.due_actions`; typed details become ``apply`` keyword arguments."""
        found = sla.due_actions(complaint, events, now, policy=self.policy, calendar=self.calendar)
        return tuple(
            DueAction(action=d.action, reason=d.reason, details=_kwargs(d.details), actor=d.actor)
            for d in found
        )


def _kwargs(details: Details) -> dict[str, Any]:
    values = attrs.asdict(details, recurse=False)
    return {k: v for k, v in values.items() if v is not None}


#: Chooses the agency for a complaint (it sees ``declined_agencies`` so a reroute skips them), or ``None``.
Resolver = Callable[[Complaint], str | None]


def policy_resolver(policy: Policy, registry: AgencyRegistry) -> Resolver:
    """A :data:`Resolver` from a routing policy (:func:`sp4n.jurisdiction.resolve.resolve`).

    It never proposes an agency that already declined; ``None`` when the policy finds no agency.
    """

    def choose(complaint: Complaint) -> str | None:
        decision = resolve(RoutingFacts.from_complaint(complaint), policy, registry)
        return decision.agency.id if isinstance(decision, Assigned) else None

    return choose


@attrs.frozen(kw_only=True)
class Receipt:
    """What a reporter is told after filing: the tracking number to quote, and whether this was a replay."""

    complaint_id: str
    tracking_id: str
    reporter_ref: str | None
    status: Status
    submitted_at: datetime
    replayed: bool = attrs.field(default=False, eq=False)


def fingerprint(payload: Mapping[str, Any], actor: Actor | None) -> str:
    """SHA-256 of the request's content, to tell a retry from a different request under the same key.

    The reporter's personal data is left out on purpose: a hash of a NIK can be reversed by trying the
    ~10¹⁰ plausible NIKs, and it would outlive an erasure (UU 27/2022). Only *whether* a reporter was given
    counts.
    """
    content = {k: v for k, v in payload.items() if k != "reporter"}
    content["reporter_given"] = payload.get("reporter") is not None
    content["actor"] = None if actor is None else [actor.id, str(actor.role)]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _IdempotencyKey(cmd.Command):
    idempotency_key: cmd.Identifier


def idempotency_key(key: str) -> str:
    """``key`` if it is a valid idempotency key (an identifier), else ``InvalidCommand``."""
    return cmd.parse_command(_IdempotencyKey, {"idempotency_key": key}).idempotency_key


def receipt_for(complaint: Complaint, *, replayed: bool = False) -> Receipt:
    """The receipt of ``complaint``'s submission."""
    # Everything in a receipt is fixed at submission, so a replay returns exactly the first result.
    return Receipt(
        complaint_id=complaint.id,
        tracking_id=complaint.tracking_id,
        reporter_ref=complaint.reporter_ref,
        status=Status.submitted,
        submitted_at=complaint.submitted_at,
        replayed=replayed,
    )
