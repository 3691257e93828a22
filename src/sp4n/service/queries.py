"""The read side of the application service: look-ups that never change anything.

Each query opens the unit of work, reads, and leaves without committing. Views decide what each audience
may see (:mod:`sp4n.lifecycle.views`): the public never sees a rahasia report or any reporter reference,
agencies do not see an anonim reporter, and personal data only ever leaves :class:`~sp4n.ports.IdentityStore`
masked.
"""

from __future__ import annotations

import functools
from datetime import datetime

import attrs

from sp4n import tracking as tn
from sp4n.exceptions import NotPermitted, RuleViolation
from sp4n.identity import MaskedIdentity, identity_pattern, mask_identity
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.history import verify_history
from sp4n.lifecycle.model import Actor, Complaint, Role, require_aware
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import (
    AGENCY_SIDE,
    AgencyComplaint,
    PublicComplaint,
    PublicEvent,
    PublicStatus,
    Scrub,
    agency_view,
    public_event_view,
    public_status,
    public_view,
    reporter_view,
    scoped_event,
    scoped_view,
    visible_to,
)
from sp4n.ports import UnitOfWork

__all__ = ["HIDDEN", "BackOfficeRecord", "Queries", "scrub_for"]

#: Most rows any list query returns at once.
MAX_LIMIT = 1000


#: Longest id, tracking number or reference a read accepts (ids are far shorter; this only bounds a query).
MAX_KEY = 200


def checked_key(field: str, value: object) -> str:
    """``value`` if it is a plausible key: a string of 1..``MAX_KEY`` characters with no NUL or lone surrogate
    (which no database column can hold); else :class:`RuleViolation` naming ``field``."""
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_KEY or "\x00" in value:
        raise RuleViolation(field, "must be a string of 1 to {limit} characters without NUL", limit=MAX_KEY)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RuleViolation(field, "must be valid Unicode text") from None
    return value


def checked_instant(field: str, value: object) -> datetime:
    """``value`` if it is an aware ``datetime``; else :class:`RuleViolation` naming ``field``."""
    if not isinstance(value, datetime):
        raise RuleViolation(field, "must be a timezone-aware datetime")
    require_aware(field, value)
    return value


def _limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise RuleViolation("limit", "must be an integer from 1 to {limit}", limit=MAX_LIMIT)
    return limit


def _status(status: Status | str | None) -> Status | None:
    if status is None:
        return None
    try:
        return Status(status)
    except (ValueError, TypeError):
        raise RuleViolation("status", "must be one of {allowed}", allowed=", ".join(Status)) from None


@attrs.frozen(kw_only=True)
class BackOfficeRecord:
    """A complaint and its history, unscoped: for a host's back office (auditors, the DPO), not for users."""

    complaint: Complaint
    history: list[StoredEvent]


#: What stands in for a hidden reporter's identity in an agency-side copy of a free text.
HIDDEN = "[disembunyikan]"


def scrub_for(uow: UnitOfWork, complaint: Complaint, actor: Actor) -> Scrub | None:
    """The free-text redaction an agency-side ``actor`` needs for ``complaint`` (``None``: nothing hidden):
    every spelling of an anonim reporter's name, NIK, phone and e-mail
    (:func:`sp4n.identity.identity_pattern`). Call it inside ``with uow:``."""
    if actor.role not in AGENCY_SIDE or not complaint.is_anonim or complaint.reporter_ref is None:
        return None
    pattern = identity_pattern(uow.identities.get(complaint.reporter_ref))
    return None if pattern is None else functools.partial(pattern.sub, HIDDEN)


def _reader(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise NotPermitted(actor.id, "read this", "only {names} may", names=", ".join(map(str, roles)))


class Queries:
    """Read-only queries over a unit of work (the service's read side; see :class:`sp4n.service.Service`).

    Every query that returns a complaint, an event or a list takes the reading ``actor`` and returns what
    that actor may see (:func:`~sp4n.lifecycle.views.scoped_view`); :meth:`unscoped_record` is the one
    exception, named for what it is.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def _load(self, complaint_id: str) -> Complaint:
        complaint_id = checked_key("complaint_id", complaint_id)
        with self.uow as uow:
            return uow.complaints.get(complaint_id)

    def _by_tracking(self, tracking_id: str) -> Complaint:
        canonical = tn.parse(checked_key("tracking_id", tracking_id))
        with self.uow as uow:
            return uow.complaints.get_by_tracking(canonical)

    def scoped(self, complaint: Complaint, actor: Actor, *, acted: bool = False) -> Complaint:
        """``complaint`` as ``actor`` may see it, free texts scrubbed of a hidden reporter's identity."""
        with self.uow as uow:
            scrub = scrub_for(uow, complaint, actor)
        return scoped_view(complaint, actor, acted=acted, scrub=scrub)

    def get(self, complaint_id: str, actor: Actor) -> Complaint:
        """The complaint as ``actor`` may see it (:class:`~sp4n.exceptions.NotPermitted` when not theirs)."""
        return self.scoped(self._load(complaint_id), actor)

    def by_tracking(self, tracking_id: str, actor: Actor) -> Complaint:
        """The complaint for a tracking number as a person typed it, as ``actor`` may see it.

        A typo fails the check character and raises :class:`~sp4n.exceptions.RuleViolation` (field
        ``tracking_id``) — it is never resolved to another complaint. A valid number nobody holds raises
        :class:`~sp4n.exceptions.ComplaintNotFound`.
        """
        return self.scoped(self._by_tracking(tracking_id), actor)

    def public_by_tracking(self, tracking_id: str) -> PublicComplaint | PublicStatus | None:
        """What the public may see of a complaint: its text once published, only its status before
        (unverified) or after (archived), nothing when it is rahasia."""
        complaint = self._by_tracking(tracking_id)
        return public_view(complaint) or public_status(complaint)

    def _history(
        self, complaint_id: str, actor: Actor | None = None
    ) -> tuple[Complaint, list[StoredEvent], Scrub | None]:
        complaint_id = checked_key("complaint_id", complaint_id)
        with self.uow as uow:
            complaint = uow.complaints.get(complaint_id)
            scrub = None if actor is None else scrub_for(uow, complaint, actor)
            return complaint, uow.events.history(complaint_id), scrub

    def history(self, complaint_id: str, actor: Actor) -> list[StoredEvent]:
        """The complaint's committed events, oldest first, as ``actor`` may see them (an agency-side
        reader's copy of an anonim complaint's events names no reporter, so its hashes no longer match:
        verify with :meth:`verify_history`, not with a reader's copy)."""
        complaint, events, scrub = self._history(complaint_id, actor)
        scoped_view(complaint, actor)  # may they read it at all?
        return [attrs.evolve(s, event=scoped_event(s.event, complaint, actor, scrub=scrub)) for s in events]

    def unscoped_record(self, complaint_id: str) -> BackOfficeRecord:
        """The whole complaint and history, unscoped: for a host's back office only."""
        complaint, events, _ = self._history(complaint_id)
        return BackOfficeRecord(complaint=complaint, history=events)

    def public_history(self, tracking_id: str) -> list[PublicEvent]:
        """The steps the public may see (none for rahasia): what and when, never who or why."""
        complaint = self._by_tracking(tracking_id)
        views = (public_event_view(s.event, complaint) for s in self._history(complaint.id)[1])
        return [v for v in views if v is not None]

    def verify_history(self, complaint_id: str) -> None:
        """Raise :class:`~sp4n.exceptions.HistoryTampered` if the stored history was edited, deleted or
        reordered behind sp4n's back."""
        complaint_id = checked_key("complaint_id", complaint_id)
        with self.uow as uow:
            version = uow.complaints.get(complaint_id).version
            verify_history(uow.events.history(complaint_id), version=version)

    def by_agency(
        self, agency_id: str, actor: Actor, status: Status | str | None = None, limit: int = 100
    ) -> list[AgencyComplaint]:
        """An agency's complaints (optionally in one status), oldest first, as the agency may see them.

        Read by that agency's admin, the national admin, the Ombudsman or the system.
        """
        agency_id, state, limit = checked_key("agency_id", agency_id), _status(status), _limit(limit)
        if actor.role is not Role.agency_admin or actor.agency_id != agency_id:
            _reader(actor, Role.national_admin, Role.ombudsman, Role.system)
        with self.uow as uow:
            found = uow.complaints.by_agency(agency_id, state, limit)
            return [agency_view(c, scrub=scrub_for(uow, c, actor)) for c in found]

    def overdue(self, as_of: datetime, actor: Actor, limit: int = 100) -> list[Complaint]:
        """Open complaints whose stored deadline is before ``as_of``, earliest first (no recomputation),
        those ``actor`` may read, as they may see them (of the first ``limit`` overdue)."""
        as_of, limit = checked_instant("as_of", as_of), _limit(limit)
        with self.uow as uow:
            found = uow.complaints.overdue(as_of, limit)
            visible = [c for c in found if visible_to(c, actor)]
            return [scoped_view(c, actor, scrub=scrub_for(uow, c, actor)) for c in visible]

    def public_feed(self, limit: int = 100) -> list[PublicComplaint]:
        """The newest complaints the public may see, privacy-filtered (never rahasia, never a reporter)."""
        limit = _limit(limit)
        with self.uow as uow:
            found = uow.complaints.public_feed(limit)
        views = (public_view(c) for c in found)
        return [v for v in views if v is not None]

    def my_complaints(self, actor: Actor, limit: int = 100) -> list[Complaint]:
        """The reporter ``actor``'s own complaints, newest first, whole (including who declined and why)."""
        _reader(actor, Role.reporter)
        reporter_ref, limit = checked_key("actor.id", actor.id), _limit(limit)
        with self.uow as uow:
            return [reporter_view(c) for c in uow.complaints.by_reporter(reporter_ref, limit)]

    def reporter_identity(self, reporter_ref: str, actor: Actor) -> MaskedIdentity | None:
        """The reporter's identity, masked (``None`` if unknown); a tombstone shows as ``erased``.

        Only for the reporter themselves, the national admin and the system: never the agency side.
        """
        reporter_ref = checked_key("reporter_ref", reporter_ref)
        if actor.role is not Role.reporter or actor.id != reporter_ref:
            _reader(actor, Role.national_admin, Role.system)
        with self.uow as uow:
            identity = uow.identities.get(reporter_ref)
        return None if identity is None else mask_identity(identity)
