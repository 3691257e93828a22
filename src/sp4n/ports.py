"""Ports: the small protocols a host implements to plug sp4n into its own infrastructure.

They are :class:`typing.Protocol` s, so a host class fits by shape; nothing needs to inherit from sp4n.
The service layer (``sp4n.service.facade``) talks only to these. Adapters in ``sp4n.adapters`` implement them for
memory, SQLite (the embedded default), PostgreSQL and MariaDB; ``sp4n.testing`` ships a contract suite every
implementation, ours or a host's, must pass.

>>> from datetime import datetime, UTC
>>> class FrozenClock:
...     def now(self) -> datetime:
...         return datetime(2026, 3, 2, tzinfo=UTC)
>>> isinstance(FrozenClock(), Clock)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status

__all__ = [
    "Clock",
    "ComplaintRepository",
    "EventLog",
    "IdFactory",
    "IdentityStore",
    "Notifier",
    "ReporterIdentity",
    "StoredEvent",
    "TrackingNumbers",
    "UnitOfWork",
]


@runtime_checkable
class Clock(Protocol):
    """Where "now" comes from. Must return an aware datetime."""

    def now(self) -> datetime: ...


@runtime_checkable
class IdFactory(Protocol):
    """Makes new opaque ids (complaint ids, identity ids)."""

    def new_id(self) -> str: ...


@runtime_checkable
class TrackingNumbers(Protocol):
    """Makes the tracking numbers citizens read out over the phone, and checks them."""

    def new(self) -> str: ...

    def is_valid(self, tracking_id: str) -> bool: ...


class ComplaintRepository(Protocol):
    """Current state of complaints (the state table), written together with events in one unit of work."""

    def get(self, complaint_id: str) -> Complaint:
        """The complaint, or raise :class:`~sp4n.exceptions.ComplaintNotFound`."""
        ...

    def get_by_tracking(self, tracking_id: str) -> Complaint:
        """The complaint with that tracking number, or raise ``ComplaintNotFound``."""
        ...

    def save(
        self,
        complaint: Complaint,
        events: Sequence[Event],
        *,
        expected_version: int,
        due_at: datetime | None = None,
    ) -> list[StoredEvent]:
        """Write the new state and append ``events`` atomically (within the unit of work).

        ``expected_version`` is the version the caller loaded (0 for a new complaint). If the stored version
        differs, raise :class:`~sp4n.exceptions.ConcurrencyConflict` and write nothing. ``due_at`` is the
        earliest running deadline, stored so that overdue queries need no recomputation.
        """
        ...

    def by_agency(
        self, agency_id: str, status: Status | None = None, limit: int = 100
    ) -> list[Complaint]: ...

    def by_reporter(self, reporter_ref: str, limit: int = 100) -> list[Complaint]: ...

    def overdue(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        """Open complaints whose stored ``due_at`` is before ``as_of``, earliest first."""
        ...

    def public_feed(self, limit: int = 100) -> list[Complaint]:
        """Newest complaints that may be shown publicly (never rahasia)."""
        ...

    def claim_due(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        """Like :meth:`overdue`, but locks the rows for this unit of work, skipping rows others hold
        (``FOR UPDATE SKIP LOCKED`` on server databases), so several timer workers share the work."""
        ...

    def remember_idempotency(self, key: str, fingerprint: str, complaint_id: str) -> None: ...

    def recall_idempotency(self, key: str) -> tuple[str, str] | None:
        """``(fingerprint, complaint_id)`` stored under ``key``, or ``None``."""
        ...


class EventLog(Protocol):
    """The append-only event table, read as a complaint's history or as the global outbox order."""

    def history(self, complaint_id: str) -> list[StoredEvent]: ...

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        """Committed events with ``position > position``, in position order (the outbox feed)."""
        ...

    def last_position(self) -> int: ...


class IdentityStore(Protocol):
    """Reporter identities, apart from complaints so that they can be erased."""

    def put(self, identity: ReporterIdentity) -> None: ...

    def get(self, identity_id: str) -> ReporterIdentity | None: ...

    def erase(self, identity_id: str, at: datetime) -> None:
        """Replace the record with a tombstone (every personal field ``None``, ``erased_at`` set)."""
        ...


class UnitOfWork(Protocol):
    """One atomic unit: ``with uow: ...; uow.commit()``. Leaving the block without commit rolls back."""

    # Read-only properties, not plain attributes: mypy treats a protocol's plain attribute as settable and
    # therefore invariant, so an adapter whose ``complaints`` is its own repository class would not match.
    # A plain attribute (or a property) in an implementation satisfies these.
    @property
    def complaints(self) -> ComplaintRepository: ...

    @property
    def events(self) -> EventLog: ...

    @property
    def identities(self) -> IdentityStore: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


@runtime_checkable
class Notifier(Protocol):
    """Delivers one message somewhere (mail, webhook, SMS, a test recorder). Raise to signal failure."""

    def send(self, message: object) -> None: ...
