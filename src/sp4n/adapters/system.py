"""The real clock and real ids: the :class:`~sp4n.ports.Clock` and :class:`~sp4n.ports.IdFactory` a host
gets from :func:`sp4n.service.create_service` unless it passes its own.

>>> SystemClock().now().tzinfo
datetime.timezone.utc
>>> len(UuidIds().new_id())
36
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

__all__ = ["SystemClock", "UuidIds"]


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
