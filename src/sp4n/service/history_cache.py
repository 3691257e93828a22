"""Complaint histories kept for rendering: least recently used first out.

The relay reads the log in order, so the next event of a cached complaint is appended instead of reading the
whole history again, and a complaint's first event starts its history without a read; a complaint not
cached, a gap in its sequence, or a ``redact`` (which rewrote an earlier event in the log) is read from the
log afresh. Shared by
:class:`~sp4n.service.relay.RenderFromLog` and :class:`~sp4n.service.deadline_source.SlaDeadlineSource`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sp4n.lifecycle.events import Event
from sp4n.lifecycle.status import Action
from sp4n.ports import EventLog

__all__ = ["HistoryCache"]


class HistoryCache:
    """Histories of up to ``max_complaints`` complaints, read through ``events``. Thread-safe."""

    def __init__(self, events: EventLog, max_complaints: int = 10_000) -> None:
        self._events = events
        self._cache: OrderedDict[str, list[Event]] = OrderedDict()
        self._max = max_complaints
        self._lock = threading.Lock()

    def upto(self, event: Event) -> list[Event]:
        """The complaint's events up to and including ``event``."""
        with self._lock:
            known = self._cache.get(event.complaint_id)
            # A redact rewrote an earlier event in the log: the cached copy still holds the words it masked.
            if (
                known is not None
                and known[-1].sequence == event.sequence - 1
                and event.action is not Action.redact
            ):
                known.append(event)
            elif known is None and event.sequence == 1:
                known = self._cache[event.complaint_id] = [event]  # a submit is its own history: no read
            elif known is None or known[-1].sequence < event.sequence:
                known = [s.event for s in self._events.history(event.complaint_id)] or [event]
                self._cache[event.complaint_id] = known
            self._cache.move_to_end(event.complaint_id)
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)
            return [e for e in known if e.sequence <= event.sequence]

    def __len__(self) -> int:
        return len(self._cache)
