"""Test doubles for notifications: a message sender that records what it was given and can be told to fail,
an in-memory event log, a webhook receiver on loopback, and a complaint's usual story as events.

>>> from sp4n.notify.model import Message
>>> rec = RecordingSender()
>>> m = Message(id="m1", complaint_id="c1", sequence=1, position=1, trigger="submit", template="received",
...             audience="reporter", channel="email", recipient_id="r", address="a@example.org",
...             language="id", tracking_id="LAP-1", subject="s", body="b", sms="t")
>>> rec.send(m); [x.id for x in rec.messages]
['m1']
>>> rec.fail_next(1); rec.send(m)
Traceback (most recent call last):
...
sp4n.exceptions.DeliveryError: pencatat pemberitahuan diminta gagal
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

import attrs

from sp4n.adapters.delivery.webhook import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from sp4n.adapters.system import ManualClock
from sp4n.exceptions import DeliveryError
from sp4n.lifecycle.events import (
    Details,
    DisposeDetails,
    Event,
    ForwardDetails,
    NoDetails,
    StoredEvent,
    SubmitDetails,
)
from sp4n.lifecycle.model import Actor, Complaint, PrivacyFlag, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.notify.facts import fold_facts
from sp4n.notify.model import Message
from sp4n.ports import UnitOfWork

__all__ = [
    "ListEventLog",
    "Received",
    "RecordingSender",
    "WebhookReceiver",
    "commit_events",
    "drain",
    "story",
]


class RecordingSender:
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

    def send(self, message: Message) -> None:
        """Record ``message`` (or fail as told)."""
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


class _Relay(Protocol):
    def run_once(self) -> Any: ...
    def next_retry(self) -> datetime | None: ...


def drain(relay: _Relay, clock: ManualClock, *, passes: int = 10_000) -> int:
    """Run ``relay`` passes until nothing is left to do, moving ``clock`` to each retry as it comes due (a
    day's outage in a moment); returns the passes run.

    Raises:
        AssertionError: still busy after ``passes`` passes.
    """
    for n in range(1, passes + 1):
        step = relay.run_once()
        due = relay.next_retry()
        if due is not None:
            clock.set(max(due, clock.now()))
        elif not (step.events or step.redriven or step.waiting):
            return n
    raise AssertionError(f"the relay was still busy after {passes} passes")


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

    @classmethod
    def interleaved(cls, complaints: int) -> ListEventLog:
        """A log of ``complaints`` :func:`story` histories (``c0``, ``c1``, …), one event at a time, each
        step of every complaint before the next step of any: complaints interleave, as real traffic does.

        >>> log = ListEventLog.interleaved(2)
        >>> " ".join(f"{s.event.complaint_id}:{s.event.action}" for s in log.read_since(0, 3))
        'c0:submit c1:submit c0:verify'
        >>> log.last_position()
        12
        """
        log = cls()
        stories = [story(f"c{i}") for i in range(complaints)]
        for step in range(len(stories[0]) if stories else 0):
            for s in stories:
                log.append([s[step]])
        return log


_T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
# attrs' ``converter=tuple`` leaves mypy unable to infer the parameter type of DisposeDetails.
_UNITS = DisposeDetails(unit_ids=("disdik",))
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
    reporter = Actor(id="rep", role=Role.reporter)
    follow_up, forward = "Jalan sudah diperbaiki", ForwardDetails(agency_id=agency_id)
    steps: list[tuple[Action, Actor, Status | None, Status, Details, str | None]] = [
        (Action.submit, reporter, None, Status.submitted, submit, None),
        (Action.verify, _ADMIN, Status.submitted, Status.forwarded, forward, None),
        (Action.dispose, agency, Status.forwarded, Status.disposed, _UNITS, None),
        (Action.start, officer, Status.disposed, Status.in_progress, NoDetails(), None),
        (Action.follow_up, officer, Status.in_progress, Status.followed_up, NoDetails(), follow_up),
        (Action.close, reporter, Status.followed_up, Status.closed, NoDetails(), None),
    ]  # fmt: skip
    return [
        Event(complaint_id=complaint_id, sequence=n, occurred_at=at + timedelta(minutes=n), action=action,
              actor=actor, from_status=before, to_status=after, reason=reason,
              details=details)
        for n, (action, actor, before, after, details, reason) in enumerate(steps, start=1)
    ]  # fmt: skip


@attrs.frozen(kw_only=True)
class Received:
    """One request a :class:`WebhookReceiver` accepted: the parsed body and when it arrived (perf_counter)."""

    message_id: str
    payload: dict[str, Any]
    headers: dict[str, str]
    at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    receiver: WebhookReceiver

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that disconnects (a relay killed on purpose) is not a receiver error."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.receiver._track(self.connection)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status = self.server.receiver._handle(dict(self.headers.items()), body)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read the receiver's records instead."""


class WebhookReceiver:
    """A webhook endpoint on loopback for tests: verifies signatures, records messages, fails when told.

    Use as a context manager; ``url`` is where to POST. ``fail_next(n, status)`` answers the next ``n``
    requests with ``status``; ``down()`` stops listening and cuts open connections, ``up()`` listens again
    on the same port. Requests with a bad signature are counted in ``rejected`` and answered 401; with
    ``secret=None`` nothing is verified (an SMS gateway). The message id is taken from the
    ``X-Sp4n-Message-Id`` header. ``delay`` makes every request take that many seconds.
    """

    def __init__(self, secret: bytes | None, *, port: int = 0, delay: float = 0.0) -> None:
        self.secret = secret
        self.delay = delay
        self.received: list[Received] = []
        self.rejected = 0
        self.requests = 0
        self._fail: list[int] = []
        self._fail_when: Callable[[dict[str, Any]], bool] | None = None
        self._fail_status = 400
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._port = port
        self._server: _Server | None = None

    @property
    def url(self) -> str:
        """The endpoint URL."""
        return f"http://127.0.0.1:{self._port}/hook"

    def __enter__(self) -> WebhookReceiver:
        self.up()
        return self

    def __exit__(self, *_: object) -> None:
        self.down()

    def up(self) -> None:
        """Start listening (on the same port as before, if any)."""
        server = _Server(("127.0.0.1", self._port), _Handler)
        server.receiver = self
        self._port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def down(self) -> None:
        """Stop listening and cut every open connection (the receiver is unreachable)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        with self._lock:
            for conn in self._conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            self._conns.clear()

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status``."""
        with self._lock:
            self._fail = [status] * count

    def fail_when(self, predicate: Callable[[dict[str, Any]], bool] | None, status: int = 400) -> None:
        """Answer ``status`` to every payload matching ``predicate``."""
        self._fail_when = predicate
        self._fail_status = status

    def ids(self) -> list[str]:
        """Message ids received, in arrival order (duplicates included)."""
        with self._lock:
            return [r.message_id for r in self.received]

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._conns.add(conn)

    def _handle(self, headers: dict[str, str], body: bytes) -> int:
        if self.delay:
            time.sleep(self.delay)  # a slow receiver, outside the lock so requests overlap
        with self._lock:
            self.requests += 1
            ok = self.secret is None or verify_signature(
                secret=self.secret, timestamp=headers.get(TIMESTAMP_HEADER, ""), body=body,
                signature=headers.get(SIGNATURE_HEADER, ""), now=time.time(),
            )  # fmt: skip
            if not ok:
                self.rejected += 1
                return 401
            if self._fail:
                return self._fail.pop()
            payload = json.loads(body)
            if self._fail_when is not None and self._fail_when(payload):
                return self._fail_status
            mid = headers.get(ID_HEADER, "")
            self.received.append(
                Received(message_id=mid, payload=payload, headers=headers, at=time.perf_counter())
            )
            return 200


def _snapshot(events: Sequence[Event]) -> Complaint:
    first, last = events[0], events[-1]
    s = first.details
    if not isinstance(s, SubmitDetails):
        raise TypeError("a history starts with the submit event")
    facts = fold_facts(events, upto=last.sequence)
    flag = PrivacyFlag(set_by=first.actor.id, set_by_role=first.actor.role, set_at=first.occurred_at)
    return Complaint(
        id=first.complaint_id, tracking_id=s.tracking_id, type=s.type, title=facts.title,
        description=s.description, category=facts.category, region_code=s.region_code, channel=s.channel,
        reporter_ref=s.reporter_ref, anonim=flag if facts.anonim else None,
        rahasia=flag if facts.rahasia else None, submitted_at=first.occurred_at, status=last.to_status,
        agency_id=facts.agency_id, unit_ids=facts.unit_ids, version=last.sequence,
        updated_at=last.occurred_at,
    )  # fmt: skip


def commit_events(uow: UnitOfWork, history: Sequence[Event], *, upto: int, after: int = 0) -> None:
    """Commit events ``after+1 .. upto`` of ``history`` through any storage adapter, as a command would.

    The complaint row is a plain snapshot (status, agency, units, flags) good enough for relay tests.
    """
    with uow:
        uow.complaints.save(_snapshot(history[:upto]), history[after:upto], expected_version=after)
        uow.commit()
