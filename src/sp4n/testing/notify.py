"""Test doubles for notifications: a notifier that records what it was given, and can be told to fail.

>>> from sp4n.notify.messages import Message
>>> rec = RecordingNotifier()
>>> m = Message(id="m1", complaint_id="c1", sequence=1, position=1, trigger="submit", template="received",
...             audience="reporter", channel="email", recipient_id="r", address="a@example.org",
...             language="id", tracking_id="LAP-1", subject="s", body="b", sms="t")
>>> rec.send(m); [x.id for x in rec.messages]
['m1']
>>> rec.fail_next(1); rec.send(m)
Traceback (most recent call last):
...
sp4n.adapters.outbox.DeliveryError: recording notifier told to fail
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from sp4n.adapters.outbox import DeliveryError
from sp4n.events import DisposeDetails, Event, ForwardDetails, NoDetails, SubmitDetails
from sp4n.lifecycle.status import Action, Status
from sp4n.model import Actor, Role
from sp4n.notify.messages import Message
from sp4n.ports import StoredEvent

__all__ = ["ListEventLog", "RecordingNotifier", "story"]


class RecordingNotifier:
    """Keeps every message it is sent, in order; ``fail_next`` / ``fail_when`` make sends fail."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.attempts = 0
        self._failures = 0
        self._fail_when: Callable[[Message], bool] | None = None
        self._retryable = True
        self._lock = threading.Lock()

    def fail_next(self, count: int, *, retryable: bool = True) -> None:
        """Make the next ``count`` sends fail."""
        self._failures, self._retryable = count, retryable

    def fail_when(self, predicate: Callable[[Message], bool] | None, *, retryable: bool = True) -> None:
        """Make every send of a message matching ``predicate`` fail (``None`` stops it)."""
        self._fail_when, self._retryable = predicate, retryable

    def send(self, message: object) -> None:
        """Record ``message`` (or fail as told)."""
        if not isinstance(message, Message):
            raise TypeError(f"expected a Message, got {type(message).__name__}")
        with self._lock:
            self.attempts += 1
            failing = self._failures > 0 or (self._fail_when is not None and self._fail_when(message))
            if self._failures > 0:
                self._failures -= 1
            if failing:
                raise DeliveryError("recording notifier told to fail", retryable=self._retryable)
            self.messages.append(message)

    def ids(self) -> list[str]:
        """The ids of the recorded messages, in order."""
        return [m.id for m in self.messages]


class ListEventLog:
    """An in-memory :class:`~sp4n.ports.EventLog` for relay tests: ``append`` commits events at once."""

    def __init__(self) -> None:
        self._log: list[StoredEvent] = []
        self._lock = threading.Lock()

    def append(self, events: Sequence[Event]) -> list[StoredEvent]:
        """Commit ``events`` (positions follow append order)."""
        with self._lock:
            start = len(self._log) + 1
            stored = [
                StoredEvent(position=start + i, event=e, hash=f"h{start + i}", prev_hash=f"h{start + i - 1}")
                for i, e in enumerate(events)
            ]
            self._log.extend(stored)
            return stored

    def history(self, complaint_id: str) -> list[StoredEvent]:
        with self._lock:
            return [s for s in self._log if s.event.complaint_id == complaint_id]

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        with self._lock:
            return self._log[position : position + limit]

    def last_position(self) -> int:
        with self._lock:
            return len(self._log)


_T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
# attrs' ``converter=tuple`` leaves mypy unable to infer the parameter type of DisposeDetails.
_UNITS = DisposeDetails(unit_ids=("disdik",))  # type: ignore[arg-type]
_ADMIN = Actor(id="adm-1", role=Role.national_admin)


def story(
    complaint_id: str,
    *,
    agency_id: str = "pemkab-sleman",
    region_code: str | None = "34.04",
    reporter_ref: str | None = None,
    anonim: bool = False,
    rahasia: bool = False,
    at: datetime = _T0,
) -> list[Event]:
    """A complaint's usual life as events: submit, verify, dispose, start, follow up, close."""
    officer = Actor(id="u-1", role=Role.unit_officer, agency_id=agency_id, unit_id="disdik")
    agency = Actor(id="a-1", role=Role.agency_admin, agency_id=agency_id)
    submit = SubmitDetails(
        tracking_id=f"LAP-{complaint_id}", type="pengaduan", title=f"Jalan rusak {complaint_id}",
        description="Jalan berlubang di depan sekolah", category="infrastruktur", region_code=region_code,
        channel="web", reporter_ref=reporter_ref, anonim=anonim, rahasia=rahasia,
    )  # fmt: skip
    steps: list[tuple[Action, Actor, Status | None, Status, object, str | None]] = [
        (Action.submit, Actor(id="rep", role=Role.reporter), None, Status.submitted, submit, None),
        (
            Action.verify,
            _ADMIN,
            Status.submitted,
            Status.forwarded,
            ForwardDetails(agency_id=agency_id),
            None,
        ),
        (
            Action.dispose,
            agency,
            Status.forwarded,
            Status.disposed,
            _UNITS,
            None,
        ),
        (Action.start, officer, Status.disposed, Status.in_progress, NoDetails(), None),
        (
            Action.follow_up,
            officer,
            Status.in_progress,
            Status.followed_up,
            NoDetails(),
            "Jalan sudah diperbaiki",
        ),
        (
            Action.close,
            Actor(id="rep", role=Role.reporter),
            Status.followed_up,
            Status.closed,
            NoDetails(),
            None,
        ),
    ]
    return [
        Event(complaint_id=complaint_id, sequence=n, occurred_at=at + timedelta(minutes=n), action=action,
              actor=actor, from_status=before, to_status=after, reason=reason,
              details=details)  # type: ignore[arg-type]  # details are one of the typed Details classes
        for n, (action, actor, before, after, details, reason) in enumerate(steps, start=1)
    ]  # fmt: skip
