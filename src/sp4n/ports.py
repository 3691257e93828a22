"""Ports: every protocol a host may implement to plug sp4n into its own infrastructure.

They are :class:`typing.Protocol` s, so a host class fits by shape; nothing needs to inherit from sp4n. The
application layer (:mod:`sp4n.service`) talks to storage, clocks, engines and channels only through these;
:mod:`sp4n.adapters` implements them (the table of ports and adapters is in its docstring and in
``docs/architecture.md``), and :mod:`sp4n.testing` ships one fake per port and a contract suite for every port
that has more than one adapter.

Grouped by concern:

* time and identifiers — :class:`Clock`, :class:`IdFactory`, :class:`TrackingNumbers`;
* storage — :class:`UnitOfWork` with its :class:`ComplaintRepository`, :class:`EventLog`,
  :class:`IdentityStore`;
* decisions the service consults — :class:`Deadlines` (the SLA engine), :data:`Resolver` (routing);
* notification — :class:`EventNotifier` (told after each commit), :class:`MessageSender` (delivers one
  rendered message), :class:`EventPublisher` (event streams to a message broker), and what the renderer
  reads: :class:`Directory`, :class:`IdentityLookup`, :class:`DeadlineSource` (defined in
  :mod:`sp4n.notify.model`, because no pure package imports this module, and re-exported here);
* delivery bookkeeping — :class:`OutboxStore` (relay cursors, :class:`Claim`, :class:`DeadLetter`) and
  :class:`SentReminders`.

>>> from datetime import datetime, UTC
>>> class FrozenClock:
...     def now(self) -> datetime:
...         return datetime(2026, 3, 2, tzinfo=UTC)
>>> isinstance(FrozenClock(), Clock)
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

import attrs

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.audit import EventRecord, StateRecord
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status

# A list query and its rows are plain values the pages, the storage adapters and the web layer share: they
# live in sp4n.listing (so this module stays one page of protocols) and are re-exported here.
from sp4n.listing import ComplaintSearch, Listed

# The renderer's read ports are defined beside the values they speak of, because pure packages never import
# this module (the arrow points one way); they are re-exported here so a host finds every port in one place.
from sp4n.notify.model import DeadlineSource, Directory, IdentityLookup, Message
from sp4n.notify.streams import StreamRecord
from sp4n.sla.timers import DueAction

__all__ = [
    "AttachmentStore",
    "AuditSource",
    "Claim",
    "Clock",
    "ComplaintRepository",
    "ComplaintSearch",
    "DeadLetter",
    "DeadlineSource",
    "Deadlines",
    "Directory",
    "EventLog",
    "EventNotifier",
    "EventPublisher",
    "Geocoder",
    "IdFactory",
    "IdentityLookup",
    "IdentityStore",
    "Listed",
    "MessageSender",
    "OutboxStore",
    "Resolver",
    "SentReminders",
    "TrackingNumbers",
    "UnitOfWork",
]

# --- time and identifiers ---------------------------------------------------------------------------------


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


# --- storage ------------------------------------------------------------------------------------------------


class ComplaintRepository(Protocol):
    """Current state of complaints (the state table), written together with events in one unit of work."""

    def get(self, complaint_id: str, *, for_change: bool = False) -> Complaint:
        """The complaint, or raise :class:`~sp4n.exceptions.ComplaintNotFound`. ``for_change=True``: the
        caller will save it here at its version, so a kept copy may be served unasked if the save checks
        the stored version and chain hash (stale: ``ConcurrencyConflict(cached=True)``, copy dropped)."""

    def get_by_tracking(self, tracking_id: str) -> Complaint:
        """The complaint with that tracking number, or raise ``ComplaintNotFound``."""

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

    def by_agency(self, agency_id: str, status: Status | None = None, limit: int = 100) -> list[Complaint]:
        """Complaints the agency leads or co-handles (optionally in one status), oldest first."""

    def by_reporter(self, reporter_ref: str, limit: int = 100) -> list[Complaint]: ...

    def overdue(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        """Open complaints whose stored ``due_at`` is before ``as_of``, earliest first."""

    def public_feed(self, limit: int = 100) -> list[Complaint]:
        """Newest complaints that may be shown publicly (never rahasia)."""

    def claim_due(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        """Like :meth:`overdue`, but locks the rows for this unit of work, skipping rows others hold
        (``FOR UPDATE SKIP LOCKED`` on server databases), so several timer workers share the work."""

    def search(
        self, query: ComplaintSearch, after: tuple[datetime, str] | None = None, limit: int = 100
    ) -> list[Listed]:
        """Up to ``limit`` complaints matching ``query`` in its order, strictly after the keyset ``after``
        (the sort instant and id of the last one already seen)."""

    def remember_idempotency(self, key: str, fingerprint: str, complaint_id: str) -> None: ...

    def recall_idempotency(self, key: str) -> tuple[str, str] | None:
        """``(fingerprint, complaint_id)`` stored under ``key``, or ``None``."""


class EventLog(Protocol):
    """The append-only event table, read as a complaint's history or as the global outbox order."""

    def history(self, complaint_id: str) -> list[StoredEvent]: ...

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        """Committed events with ``position > position``, in position order (the outbox feed)."""

    def last_position(self) -> int: ...


class IdentityStore(Protocol):
    """Reporter identities, apart from complaints so that they can be erased."""

    def put(self, identity: ReporterIdentity) -> None: ...

    def get(self, identity_id: str) -> ReporterIdentity | None: ...

    def erase(self, identity_id: str, at: datetime) -> None:
        """Replace the record with a tombstone (every personal field ``None``, ``erased_at`` set) and delete
        every account link to ``identity_id``."""

    def ref_of(self, account_id: str) -> str | None:
        """The reporter reference a signed-in reporter's account id is linked to (``None``: not linked)."""

    def link(self, account_id: str, ref: str) -> str:
        """Link ``account_id`` to ``ref`` unless it is linked already; returns the reference in force."""


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
class AuditSource(Protocol):
    """A store's rows as stored, for :func:`sp4n.service.verify_store` (every sp4n unit of work has it).

    Both are read inside ``with uow:``. A host's own store that cannot offer its rows untouched is audited
    through :class:`EventLog` alone (hash chain and versions), which misses edits of state rows.
    """

    def state_records(self) -> Iterator[StateRecord]: ...

    def event_records(self) -> Iterator[EventRecord]:
        """Every event row in position order, its JSON text exactly as stored."""


# --- decisions the service consults ------------------------------------------------------------------------


@runtime_checkable
class Deadlines(Protocol):
    """What the service needs from an SLA engine (:mod:`sp4n.sla` provides one; hosts may bring their own)."""

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """The earliest running deadline after ``events`` (stored as ``due_at``), or ``None``."""

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """What the timers must do to ``complaint`` at ``now`` (breach notices, auto-close), in order."""


#: Chooses the agency for a complaint (it sees ``declined_agencies`` so a reroute skips them), or ``None``.
Resolver = Callable[[Complaint], str | None]


class Geocoder(Protocol):
    """A point (WGS 84 lat, long) to the Kemendagri code of its region, for Open311 intake; ``None``: outside
    every region the host knows (the report is refused)."""

    def region_code(self, lat: float, long: float) -> str | None: ...


# --- notification ------------------------------------------------------------------------------------------


@runtime_checkable
class EventNotifier(Protocol):
    """Told of each event right after its command committed (e.g. to wake the outbox relay).

    It must not deliver anything slow itself: delivery is the relay's job. A failure here is logged and
    never undoes the committed decision.
    """

    def notify(self, stored: StoredEvent) -> None: ...


@runtime_checkable
class MessageSender(Protocol):
    """Delivers one rendered message on one channel (mail, webhook, SMS). Raise to signal failure: a
    :class:`~sp4n.exceptions.DeliveryError` with ``retryable=False`` stops the relay's retries."""

    def send(self, message: Message) -> None: ...


@runtime_checkable
class EventPublisher(Protocol):
    """Publishes stream records to a message broker (NATS JetStream, RabbitMQ) for other systems to read.

    :meth:`publish` returns only once the broker has confirmed every record (durably stored); it raises a
    :class:`~sp4n.exceptions.DeliveryError` when any was not, and the relay publishes the whole batch again
    (records carry stable ids, so the broker or the consumer drops the copies). A batch never holds two
    records of one complaint, so a publisher may pipeline it without reordering a complaint's events.
    """

    def publish(self, records: Sequence[StreamRecord]) -> None: ...

    def close(self) -> None: ...


# --- delivery bookkeeping -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeadLetter:
    """A message a subscriber could not deliver (a permanent failure, or transient ones for the whole delivery
    window); ``message_id`` ``event:<position>`` marks an event whose messages could not even be rendered.
    ``attempts == 0`` marks a message never tried because an earlier one of the same complaint is a dead
    letter (it waits behind it, so the complaint's order holds). ``error`` never holds the recipient's
    address."""

    subscriber: str
    message_id: str
    position: int
    complaint_id: str
    sequence: int
    attempts: int
    error: str
    failed_at: datetime


class Claim(Protocol):
    """Exclusive hold on one subscriber's cursor until :meth:`commit` or :meth:`release`."""

    @property
    def position(self) -> int:
        """The cursor as claimed (or as last advanced)."""

    def advance(self, position: int) -> None:
        """Move the cursor (kept until commit)."""

    def dead_letter(self, record: DeadLetter) -> None:
        """Record (or replace) a dead letter (kept until commit)."""

    def resolve(self, message_id: str) -> None:
        """Forget the subscriber's dead letter ``message_id`` once it has been sent (kept until commit, so a
        relay killed before the commit sends it again rather than losing it)."""

    def letters(self, limit: int = 100_000) -> list[DeadLetter]:
        """The subscriber's dead letters as committed, oldest position first, read inside the claim (a
        read through the store could end a server claim's transaction)."""

    def renew(self) -> bool:
        """Keep the claim alive before a slow step (a send); False when it has been lost to another relay,
        after which the holder must send nothing more."""

    def commit(self) -> bool:
        """Write cursor and dead letters atomically and release; False if the claim had been lost."""

    def release(self) -> None:
        """Give the claim up, writing nothing."""


class OutboxStore(Protocol):
    """Cursors and dead letters of an outbox relay."""

    def claim(self, subscriber: str) -> Claim | None:
        """Claim ``subscriber``'s cursor, or ``None`` when another relay holds it."""

    def cursor(self, subscriber: str) -> int: ...

    def dead_letters(self, subscriber: str | None = None, limit: int = 100) -> list[DeadLetter]:
        """Dead letters, oldest position first."""

    def resolve(self, subscriber: str, message_id: str) -> None:
        """Forget a dead letter (after a successful re-drive)."""

    def save_dead_letter(self, record: DeadLetter) -> None:
        """Insert or replace a dead letter outside a claim (a failed re-drive)."""


class SentReminders(Protocol):
    """Keys of reminders already sent (or being sent), per complaint."""

    def claim(self, complaint_id: str, key: str, due_at: datetime) -> bool:
        """Record the key; True if this caller recorded it, False if it was there already."""

    def release(self, complaint_id: str, key: str) -> None:
        """Forget a key this caller claimed (nothing was delivered, so a later run may try again)."""

    def prune(self, before: datetime) -> int:
        """Forget keys whose deadline is before ``before``; returns how many."""


# --- attachments --------------------------------------------------------------------------------------------


class AttachmentStore(Protocol):
    """Keeps the bytes of reporters' files; complaints hold only the :class:`Attachment` reference.

    ``put`` checks the media type and size against the limits before keeping anything, and returns the
    reference (SHA-256 of the content, its size, the key it is kept under). ``get`` returns the bytes and
    raises :class:`~sp4n.exceptions.RuleViolation` for an unknown key or content that no longer matches.
    """

    def put(self, content: bytes, media_type: str) -> Attachment:
        """Keep ``content``; the same content always gets the same key (stored once)."""

    def get(self, attachment: Attachment) -> bytes:
        """The content of ``attachment``, checked against its SHA-256."""
