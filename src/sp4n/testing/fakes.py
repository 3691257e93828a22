"""Test doubles a host's tests can import: clocks, ids, tracking numbers and a recording notifier.

They implement the ports in :mod:`sp4n.ports` and are deterministic, so a test states exactly what it
expects.

>>> from datetime import datetime, timedelta, UTC
>>> clock = ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
>>> clock.advance(timedelta(days=1)).isoformat()
'2026-03-03T01:00:00+00:00'
>>> ids = SequentialIds("c-")
>>> ids.new_id(), ids.new_id()
('c-1', 'c-2')
>>> numbers = SequentialTrackingNumbers()
>>> numbers.new(), numbers.is_valid("222222222")
('222222222', True)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import require_aware
from sp4n.tracking import encode_number, is_valid, with_check

__all__ = [
    "FailingEventNotifier",
    "FixedClock",
    "ManualClock",
    "RecordingEventNotifier",
    "SequentialIds",
    "SequentialTrackingNumbers",
]


class FixedClock:
    """A clock stopped at one aware instant."""

    def __init__(self, at: datetime) -> None:
        require_aware("at", at)
        self._at = at

    def now(self) -> datetime:
        """The fixed instant."""
        return self._at


class ManualClock:
    """A clock a test moves by hand; it never runs backwards."""

    def __init__(self, at: datetime) -> None:
        require_aware("at", at)
        self._at = at

    def now(self) -> datetime:
        """The current instant."""
        return self._at

    def set(self, at: datetime) -> datetime:
        """Move to ``at`` (not earlier than now) and return it."""
        require_aware("at", at)
        if at < self._at:
            raise RuleViolation("at", "a ManualClock never runs backwards")
        self._at = at
        return at

    def advance(self, by: timedelta) -> datetime:
        """Move forward by ``by`` and return the new instant."""
        return self.set(self._at + by)


class SequentialIds:
    """Ids ``<prefix>1``, ``<prefix>2``, ..."""

    def __init__(self, prefix: str = "id-", start: int = 1) -> None:
        self._prefix = prefix
        self._next = start

    def new_id(self) -> str:
        """The next id."""
        value, self._next = self._next, self._next + 1
        return f"{self._prefix}{value}"


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
