"""The read side of the application service: look-ups that never change anything.

Each query opens the unit of work, reads, and leaves without committing. Views decide what each audience
may see (:mod:`sp4n.lifecycle.views`): the public never sees a rahasia report or any reporter reference,
agencies do not see an anonim reporter, and personal data only ever leaves :class:`~sp4n.ports.IdentityStore`
masked.
"""

from __future__ import annotations

from datetime import datetime

from sp4n import tracking as tn
from sp4n.exceptions import RuleViolation
from sp4n.identity import MaskedIdentity, mask_identity
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.history import verify_history
from sp4n.lifecycle.model import Complaint, require_aware
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import (
    AgencyComplaint,
    PublicComplaint,
    PublicEvent,
    agency_view,
    public_event_view,
    public_view,
    reporter_view,
)
from sp4n.ports import UnitOfWork

__all__ = ["Queries"]

#: Most rows any list query returns at once.
MAX_LIMIT = 1000


#: Longest id, tracking number or reference a read accepts (ids are far shorter; this only bounds a query).
MAX_KEY = 200


def checked_key(field: str, value: object) -> str:
    """``value`` if it is a plausible key: a string of 1..``MAX_KEY`` characters with no NUL or lone surrogate
    (which no database column can hold); else :class:`RuleViolation` naming ``field``."""
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_KEY or "\x00" in value:
        raise RuleViolation(field, f"must be a string of 1 to {MAX_KEY} characters without NUL")
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
        raise RuleViolation("limit", f"must be an integer from 1 to {MAX_LIMIT}")
    return limit


def _status(status: Status | str | None) -> Status | None:
    if status is None:
        return None
    try:
        return Status(status)
    except (ValueError, TypeError):
        raise RuleViolation("status", f"must be one of {', '.join(Status)}") from None


class Queries:
    """Read-only queries over a unit of work (the service's read side; see :class:`sp4n.service.Service`)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def get(self, complaint_id: str) -> Complaint:
        """The complaint (internal, full view), or :class:`~sp4n.exceptions.ComplaintNotFound`."""
        complaint_id = checked_key("complaint_id", complaint_id)
        with self.uow as uow:
            return uow.complaints.get(complaint_id)

    def by_tracking(self, tracking_id: str) -> Complaint:
        """The complaint for a tracking number as a person typed it.

        A typo fails the check character and raises :class:`~sp4n.exceptions.RuleViolation` (field
        ``tracking_id``) — it is never resolved to another complaint. A valid number nobody holds raises
        :class:`~sp4n.exceptions.ComplaintNotFound`.
        """
        canonical = tn.parse(checked_key("tracking_id", tracking_id))
        with self.uow as uow:
            return uow.complaints.get_by_tracking(canonical)

    def public_by_tracking(self, tracking_id: str) -> PublicComplaint | None:
        """What the public may see of a complaint (``None`` when it is rahasia)."""
        return public_view(self.by_tracking(tracking_id))

    def history(self, complaint_id: str) -> list[StoredEvent]:
        """The complaint's committed events, oldest first (internal: for officers and auditors)."""
        complaint_id = checked_key("complaint_id", complaint_id)
        with self.uow as uow:
            uow.complaints.get(complaint_id)
            return uow.events.history(complaint_id)

    def public_history(self, tracking_id: str) -> list[PublicEvent]:
        """The steps the public may see (none for rahasia): what and when, never who or why."""
        complaint = self.by_tracking(tracking_id)
        views = (public_event_view(s.event, complaint) for s in self.history(complaint.id))
        return [v for v in views if v is not None]

    def verify_history(self, complaint_id: str) -> None:
        """Raise :class:`~sp4n.exceptions.HistoryTampered` if the stored history was edited, deleted or
        reordered behind sp4n's back."""
        complaint_id = checked_key("complaint_id", complaint_id)
        with self.uow as uow:
            version = uow.complaints.get(complaint_id).version
            verify_history(uow.events.history(complaint_id), version=version)

    def by_agency(
        self, agency_id: str, status: Status | str | None = None, limit: int = 100
    ) -> list[AgencyComplaint]:
        """An agency's complaints (optionally in one status), oldest first, as the agency may see them."""
        agency_id, state, limit = checked_key("agency_id", agency_id), _status(status), _limit(limit)
        with self.uow as uow:
            found = uow.complaints.by_agency(agency_id, state, limit)
        return [agency_view(c) for c in found]

    def overdue(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        """Open complaints whose stored deadline is before ``as_of``, earliest first (no recomputation)."""
        as_of, limit = checked_instant("as_of", as_of), _limit(limit)
        with self.uow as uow:
            return uow.complaints.overdue(as_of, _limit(limit))

    def public_feed(self, limit: int = 100) -> list[PublicComplaint]:
        """The newest complaints the public may see, privacy-filtered (never rahasia, never a reporter)."""
        limit = _limit(limit)
        with self.uow as uow:
            found = uow.complaints.public_feed(limit)
        views = (public_view(c) for c in found)
        return [v for v in views if v is not None]

    def my_complaints(self, reporter_ref: str, limit: int = 100) -> list[Complaint]:
        """A reporter's own complaints, newest first, whole (including who declined and why)."""
        reporter_ref, limit = checked_key("reporter_ref", reporter_ref), _limit(limit)
        with self.uow as uow:
            return [reporter_view(c) for c in uow.complaints.by_reporter(reporter_ref, limit)]

    def reporter_identity(self, reporter_ref: str) -> MaskedIdentity | None:
        """The reporter's identity, masked (``None`` if unknown); a tombstone shows as ``erased``."""
        reporter_ref = checked_key("reporter_ref", reporter_ref)
        with self.uow as uow:
            identity = uow.identities.get(reporter_ref)
        return None if identity is None else mask_identity(identity)
