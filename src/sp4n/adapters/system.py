"""Clocks and id factories: the :class:`~sp4n.ports.Clock` and :class:`~sp4n.ports.IdFactory` adapters.

:class:`SystemClock` and :class:`UuidIds` are what a host gets from :func:`sp4n.service.create_service` unless
it passes its own. :class:`ManualClock` and :class:`SequentialIds` are for runs that must be reproducible:
a simulation (``sp4n demo``), a replay or backfill of old reports at their original instants, a test.

>>> SystemClock().now().tzinfo
datetime.timezone.utc
>>> len(UuidIds().new_id())
36
>>> clock = ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
>>> clock.advance(timedelta(days=1)).isoformat()
'2026-03-03T01:00:00+00:00'
>>> ids = SequentialIds("c-")
>>> ids.new_id(), ids.new_id()
('c-1', 'c-2')
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.model import require_aware

__all__ = ["ManualClock", "SequentialIds", "SystemClock", "UuidIds"]


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


class ManualClock:
    """A clock moved by hand (a simulation, a replay, a test); it never runs backwards."""

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
