"""Rules every storage adapter applies the same way: input checks, what is indexed, orderings, idempotency.

The memory adapter and the SQL repositories both call these, so the adapters cannot drift apart.

>>> from datetime import datetime, UTC
>>> tombstone("r1", datetime(2026, 3, 2, tzinfo=UTC)).nik is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NoReturn

from sp4n.exceptions import ConcurrencyConflict, IdempotencyConflict, InvalidCommand, RuleViolation
from sp4n.identity import ReporterIdentity, erase
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint, require_aware
from sp4n.lifecycle.status import QUIET, Status
from sp4n.lifecycle.views import is_published

__all__ = [
    "check_count",
    "check_idempotency",
    "check_instant",
    "check_key",
    "check_save",
    "check_status",
    "due_for_storage",
    "is_public",
    "oldest_first",
    "tombstone",
    "tracking_taken",
]


# The read side checks its arguments before any query: a database that coerces types (MariaDB compares
# the string column with the number 0 as numbers, and most strings convert to 0) would otherwise answer a
# wrongly typed id with other reporters' rows.


def check_key(field: str, value: object) -> None:
    """Refuse an id, tracking number or key that is not a ``str``.

    >>> check_key("complaint_id", 0)
    Traceback (most recent call last):
    ...
    sp4n.exceptions.InvalidCommand: complaint_id: must be a string, not int
    """
    if not isinstance(value, str):
        raise InvalidCommand([(field, f"must be a string, not {type(value).__name__}")])


def check_count(field: str, value: object) -> None:
    """Refuse a limit or log position that is not a non-negative ``int`` (``bool`` is not a number here)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidCommand([(field, f"must be an integer, not {type(value).__name__}")])
    if value < 0:
        raise InvalidCommand([(field, f"must not be negative, got {value}")])


def check_status(field: str, value: object) -> None:
    """Refuse a status filter that is not a :class:`Status` (or ``None``)."""
    if value is not None and not isinstance(value, Status):
        raise InvalidCommand([(field, f"must be a Status or None, not {type(value).__name__}")])


def check_instant(field: str, value: datetime) -> None:
    """Refuse anything but an aware datetime (house rule: aware instants only)."""
    if type(value) is datetime and value.tzinfo is UTC:  # aware by construction: the usual case, cheaply
        return
    if not isinstance(value, datetime):
        raise InvalidCommand([(field, f"must be a datetime, not {type(value).__name__}")])
    require_aware(field, value)


def check_save(
    complaint: Complaint, events: Sequence[Event], expected_version: int, due_at: datetime | None
) -> None:
    """The events must be the next ones of this complaint and bring it exactly to ``complaint.version``.

    This keeps the invariant the fault tests check: a complaint's version equals its history's length.
    """
    if expected_version < 0:
        raise RuleViolation("expected_version", "must not be negative")
    if due_at is not None:
        check_instant("due_at", due_at)
    for offset, event in enumerate(events, start=1):
        if event.complaint_id != complaint.id:
            raise RuleViolation(
                "events",
                "event {offset} belongs to complaint {complaint_id!r}",
                offset=offset,
                complaint_id=event.complaint_id,
            )
        if event.sequence != expected_version + offset:
            raise RuleViolation(
                "events",
                "event {offset} has sequence {sequence}, not {expected}",
                offset=offset,
                sequence=event.sequence,
                expected=expected_version + offset,
            )
    if complaint.version != expected_version + len(events):
        raise RuleViolation(
            "complaint.version",
            "must equal expected_version + number of events ({expected})",
            expected=expected_version + len(events),
        )


def tracking_taken(tracking_id: str) -> NoReturn:
    """A new complaint reused another complaint's tracking number."""
    raise RuleViolation(
        "tracking_id", "{tracking_id!r} already belongs to another complaint", tracking_id=tracking_id
    )


def is_public(complaint: Complaint) -> bool:
    """May this complaint appear in the public feed? The one rule, :func:`sp4n.lifecycle.views.is_published`
    (verified, not rahasia, not archived), kept in the indexed ``public`` column."""
    return is_published(complaint)


def due_for_storage(complaint: Complaint, due_at: datetime | None) -> datetime | None:
    """The ``due_at`` kept in the index: none for final or closed complaints, which can never be overdue."""
    return None if complaint.status in QUIET else due_at


def oldest_first(complaint: Complaint) -> tuple[datetime, str]:
    """Sort key shared by every adapter: submission instant, then id."""
    return (complaint.submitted_at, complaint.id)


def check_idempotency(
    key: str, fingerprint: str, existing: tuple[str, str] | None, complaint_id: str
) -> None:
    """Decide whether ``key`` may be remembered for ``(fingerprint, complaint_id)``.

    Same key, same fingerprint and complaint: nothing to do. Another fingerprint: the key was used for a
    different request (:class:`IdempotencyConflict`). Same fingerprint but another complaint: a concurrent
    retry of the same request won; :class:`ConcurrencyConflict` tells the caller to roll back and retry,
    after which ``recall_idempotency`` returns the winner's complaint.
    """
    if not key:
        raise RuleViolation("idempotency_key", "must not be empty")
    if existing is None or existing == (fingerprint, complaint_id):
        return
    if existing[0] != fingerprint:
        raise IdempotencyConflict(key)
    raise ConcurrencyConflict(complaint_id, 0, None)


def tombstone(identity_id: str, at: datetime) -> ReporterIdentity:
    """The record ``IdentityStore.erase`` leaves: :func:`sp4n.identity.erase` of whatever was stored."""
    check_instant("at", at)  # named as the port's parameter, before erase() checks it as erased_at
    return erase(ReporterIdentity(id=identity_id, name=None, nik=None, phone=None, email=None), at)
