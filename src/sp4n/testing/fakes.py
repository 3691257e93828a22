"""Fakes for the ports of :mod:`sp4n.ports` that have no in-memory adapter to stand in for them.

:class:`ManualClock` and :class:`SequentialIds` are re-exported from :mod:`sp4n.adapters.system`, where they
live because simulations and replays use them outside tests too.

They are deterministic, so a test states exactly what it expects: clocks that stand still or move by hand,
counting ids and tracking numbers, notifiers that record or fail, and data-driven deadlines, routing, identity
lookups and deadline sources. Which fake stands for which port is tabled in :mod:`sp4n.testing`.

>>> numbers = SequentialTrackingNumbers()
>>> numbers.new(), numbers.is_valid("222222222")
('222222222', True)
>>> people = StaticIdentities(ReporterIdentity(id="r-1", name="Siti", nik=None, phone=None, email=None))
>>> people.get("r-1").name, people.get("r-2")
('Siti', None)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime

from sp4n.adapters.system import ManualClock, SequentialIds
from sp4n.exceptions import RuleViolation
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.attachments import ATTACHMENT_LIMITS, Attachment, AttachmentLimits
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.model import Complaint, require_aware
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.model import NextDeadline
from sp4n.sla.timers import DueAction
from sp4n.tracking import encode_number, is_valid, with_check

__all__ = [
    "FailingEventNotifier",
    "FixedClock",
    "FixedDeadlineSource",
    "FixedGeocoder",
    "ManualClock",
    "MappingResolver",
    "MemoryAttachments",
    "RecordingEventNotifier",
    "ScriptedDeadlines",
    "SequentialIds",
    "SequentialTrackingNumbers",
    "StaticIdentities",
]

# --- time and identifiers ----------------------------------------------------------------------------------


class FixedClock:
    """A clock stopped at one aware instant."""

    def __init__(self, at: datetime) -> None:
        require_aware("at", at)
        self._at = at

    def now(self) -> datetime:
        """The fixed instant."""
        return self._at


class SequentialTrackingNumbers:
    """Valid tracking numbers in counting order (0, 1, 2, ... in base 31), for readable test output."""

    def __init__(self, start: int = 0) -> None:
        self._next = start

    def new(self) -> str:
        """The next tracking number."""
        value, self._next = self._next, self._next + 1
        return with_check(encode_number(value))

    def is_valid(self, tracking_id: str) -> bool:
        """Whether the check character matches (see :func:`sp4n.tracking.is_valid`)."""
        return is_valid(tracking_id)


# --- notification -------------------------------------------------------------------------------------------


class RecordingEventNotifier:
    """An :class:`~sp4n.ports.EventNotifier` that keeps every committed event it is told of, in order."""

    def __init__(self) -> None:
        self.sent: list[StoredEvent] = []

    def notify(self, stored: StoredEvent) -> None:
        """Record ``stored``."""
        self.sent.append(stored)


class FailingEventNotifier:
    """An :class:`~sp4n.ports.EventNotifier` that fails every time, like a broker that is down; counts the
    attempts."""

    def __init__(self) -> None:
        self.attempts = 0

    def notify(self, stored: StoredEvent) -> None:
        """Count the attempt and fail."""
        self.attempts += 1
        raise ConnectionError("notifier is down")


class StaticIdentities:
    """An :class:`~sp4n.ports.IdentityLookup` over a fixed set of reporter identities."""

    def __init__(self, *identities: ReporterIdentity) -> None:
        self._by_id = {i.id: i for i in identities}

    def get(self, identity_id: str) -> ReporterIdentity | None:
        """The identity with that id, or ``None``."""
        return self._by_id.get(identity_id)


class FixedDeadlineSource:
    """A :class:`~sp4n.ports.DeadlineSource` that names the same next deadline after every event (``None``:
    no deadline running)."""

    def __init__(self, deadline: NextDeadline | None = None) -> None:
        self.deadline = deadline

    def next_deadline(self, facts: ComplaintFacts, event: Event) -> NextDeadline | None:
        """The fixed deadline."""
        return self.deadline


# --- decisions the service consults ---------------------------------------------------------------------


class ScriptedDeadlines:
    """A :class:`~sp4n.ports.Deadlines` that answers what the test scripted, per complaint id.

    ``due[complaint_id]`` is the complaint's next due instant (unscripted complaints have none) and
    ``actions[complaint_id]`` what the timers must do once ``now`` is past it. Like a real engine, which
    never returns a recorded breach again, it hands those actions out once: afterwards the complaint has no
    deadline until the test scripts another.

    ```python
    >>> from datetime import UTC, timedelta
    >>> from sp4n.testing.lifecycle import SYSTEM, a_complaint_in
    >>> from sp4n.lifecycle.events import NoDetails
    >>> from sp4n.lifecycle.status import Action, Status
    >>> complaint, events = a_complaint_in(Status.followed_up)
    >>> due = datetime(2026, 2, 1, tzinfo=UTC)
    >>> close = DueAction(action=Action.close, clock="close", reason="tanpa tanggapan", details=NoDetails(),
    ...                   actor=SYSTEM)
    >>> deadlines = ScriptedDeadlines(due={complaint.id: due}, actions={complaint.id: [close]})
    >>> deadlines.next_due_at(complaint, events) == due, deadlines.due_actions(complaint, events, due)
    (True, ())
    >>> [a.action.value for a in deadlines.due_actions(complaint, events, due + timedelta(seconds=1))]
    ['close']
    >>> later = due + timedelta(days=9)
    >>> deadlines.next_due_at(complaint, events), deadlines.due_actions(complaint, events, later)
    (None, ())

    ```
    """

    def __init__(
        self,
        due: Mapping[str, datetime] | None = None,
        actions: Mapping[str, Sequence[DueAction]] | None = None,
    ) -> None:
        self.due: dict[str, datetime] = dict(due or {})
        self.actions: dict[str, list[DueAction]] = {k: list(v) for k, v in (actions or {}).items()}

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        """The scripted due instant of ``complaint``, if any."""
        return self.due.get(complaint.id)

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        """The scripted actions, once ``now`` is past the due instant (and only that once)."""
        require_aware("now", now)
        due = self.due.get(complaint.id)
        if due is None or now <= due:
            return ()
        del self.due[complaint.id]
        return tuple(self.actions.pop(complaint.id, ()))


class FixedGeocoder:
    """A :class:`~sp4n.ports.Geocoder` that answers ``region_code`` for any point inside ``box``
    (``(south, west, north, east)`` in degrees) and ``None`` outside it.

    >>> FixedGeocoder("34.04", (-7.9, 110.2, -7.5, 110.5)).region_code(-7.7, 110.35)
    '34.04'
    """

    def __init__(
        self, region_code: str, box: tuple[float, float, float, float] = (-90, -180, 90, 180)
    ) -> None:
        self._region = region_code
        self._box = box

    def region_code(self, lat: float, long: float) -> str | None:
        """``region_code`` inside the box, else ``None``."""
        south, west, north, east = self._box
        return self._region if south <= lat <= north and west <= long <= east else None


class MappingResolver:
    """A :data:`~sp4n.ports.Resolver` from data: ``routes[category]`` lists agency ids in order of preference
    (one id is fine) and ``fallback`` those for any category, tried after them. The first agency the complaint
    has not declined ("bukan wewenang") wins; ``None`` when none is left.

    >>> from sp4n.testing.lifecycle import a_complaint_in
    >>> from sp4n.lifecycle.status import Status
    >>> complaint, _ = a_complaint_in(Status.submitted)
    >>> MappingResolver({"infrastruktur": ["dpupr-sleman", "pemkab-sleman"]})(complaint)
    'dpupr-sleman'
    >>> MappingResolver({"kesehatan": "dinkes-sleman"}, fallback="pemprov-diy")(complaint)
    'pemprov-diy'
    """

    def __init__(
        self, routes: Mapping[str, str | Sequence[str]] | None = None, *, fallback: str | Sequence[str] = ()
    ) -> None:
        self._routes = {k: _ids(v) for k, v in (routes or {}).items()}
        self._fallback = _ids(fallback)

    def __call__(self, complaint: Complaint) -> str | None:
        """The agency for ``complaint``, or ``None``."""
        candidates = (*self._routes.get(complaint.category, ()), *self._fallback)
        return next((a for a in candidates if a not in complaint.declined_agencies), None)


def _ids(agencies: str | Sequence[str]) -> tuple[str, ...]:
    return (agencies,) if isinstance(agencies, str) else tuple(agencies)


class MemoryAttachments:
    """An :class:`~sp4n.ports.AttachmentStore` in a dict, with the same checks as the local-folder one."""

    def __init__(self, limits: AttachmentLimits = ATTACHMENT_LIMITS) -> None:
        self._limits = limits
        self.kept: dict[str, bytes] = {}

    def put(self, content: bytes, media_type: str) -> Attachment:
        """Keep ``content`` under its SHA-256 after checking type and size."""
        if media_type not in self._limits.media_types:
            raise RuleViolation("attachment.media_type", "is not an allowed media type")
        if not 0 < len(content) <= self._limits.max_bytes:
            raise RuleViolation("attachment.size", "must be 1 to {limit} bytes", limit=self._limits.max_bytes)
        digest = hashlib.sha256(content).hexdigest()
        self.kept[digest] = content
        return Attachment(media_type=media_type, size=len(content), sha256=digest, storage_key=digest)

    def get(self, attachment: Attachment) -> bytes:
        """The kept content (refused when unknown)."""
        content = self.kept.get(attachment.storage_key)
        if content is None:
            raise RuleViolation("attachment.storage_key", "no such attachment in this store")
        return content
