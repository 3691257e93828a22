"""In-memory adapter: the default for tests and small embeddings, with the same semantics as the SQL ones.

A :class:`MemoryStore` holds committed data; each :class:`MemoryUnitOfWork` buffers its writes and applies
them at ``commit()``. The first write takes the store's writer lock until commit or rollback (like SQLite's
single writer), so versions are checked against the latest committed state and positions follow commit order.

>>> from datetime import datetime, UTC
>>> uow = MemoryUnitOfWork()
>>> with uow:
...     uow.identities.put(ReporterIdentity(id="r1", name="Siti", nik=None, phone=None, email=None))
...     uow.commit()
>>> with uow:
...     uow.identities.erase("r1", at=datetime(2026, 3, 2, tzinfo=UTC))
...     uow.commit()
>>> uow.identities.get("r1").name is None
True
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

import attrs

from sp4n.adapters.storage._redacted import MemoryRedactedTexts, new_salt
from sp4n.adapters.storage._rules import (
    check_count,
    check_idempotency,
    check_instant,
    check_key,
    check_save,
    check_status,
    due_for_storage,
    is_public,
    oldest_first,
    tombstone,
    tracking_taken,
)
from sp4n.adapters.storage._search import in_order, matches
from sp4n.exceptions import ComplaintNotFound, ConcurrencyConflict, ConfigurationError
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.audit import EventRecord, StateRecord
from sp4n.lifecycle.events import Event, StoredEvent, event_to_dict
from sp4n.lifecycle.history import GENESIS, canonical_json, chain
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.seals import row_json
from sp4n.lifecycle.status import Status
from sp4n.ports import ComplaintRepository, ComplaintSearch, EventLog, IdentityStore, Listed

__all__ = ["MemoryStore", "MemoryUnitOfWork"]


@attrs.frozen
class _Row:
    complaint: Complaint
    due_at: datetime | None
    last_hash: str = GENESIS


class MemoryStore:
    """Committed state shared by any number of :class:`MemoryUnitOfWork` (one per thread)."""

    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}
        self.tracking: dict[str, str] = {}
        self.log: list[StoredEvent] = []
        self.histories: dict[str, list[StoredEvent]] = {}
        self.idempotency: dict[str, tuple[str, str]] = {}
        self.identities: dict[str, ReporterIdentity] = {}
        self.accounts: dict[str, str] = {}
        self.originals: dict[tuple[str, int, str], tuple[str, str]] = {}  # redacted: (salt, text)
        self.next_position = 1
        self.writer = threading.Lock()


@attrs.define
class _Pending:
    rows: dict[str, _Row] = attrs.Factory(dict)
    events: list[StoredEvent] = attrs.Factory(list)
    idempotency: dict[str, tuple[str, str]] = attrs.Factory(dict)
    identities: dict[str, ReporterIdentity] = attrs.Factory(dict)
    accounts: dict[str, str | None] = attrs.Factory(dict)  # None: the link is deleted
    hooks: list[Callable[[], None]] = attrs.Factory(list)  # redactions, applied at commit


class MemoryUnitOfWork:
    """A unit of work over a :class:`MemoryStore` (a fresh one unless given); reusable, one ``with`` each;
    threads may share it (each thread's block is its own)."""

    def __init__(self, store: MemoryStore | None = None, *, lock_timeout: float = 10.0) -> None:
        self.store = store if store is not None else MemoryStore()
        self._lock_timeout = lock_timeout
        # Each thread's block is its own, so one unit of work (one Service) may be shared by threads.
        self._local = threading.local()
        self.complaints: ComplaintRepository = _Complaints(self)
        self.events: EventLog = _EventLog(self)
        self.identities: IdentityStore = _Identities(self)
        self.redactions = MemoryRedactedTexts(self)

    @property
    def _pending(self) -> _Pending | None:
        pending: _Pending | None = getattr(self._local, "pending", None)
        return pending

    @_pending.setter
    def _pending(self, value: _Pending | None) -> None:
        self._local.pending = value

    @property
    def _holds_writer(self) -> bool:
        return bool(getattr(self._local, "holds_writer", False))

    @_holds_writer.setter
    def _holds_writer(self, value: bool) -> None:
        self._local.holds_writer = value

    def __enter__(self) -> Self:
        if self._pending is not None:
            raise ConfigurationError("MemoryUnitOfWork", "already inside `with`; units of work do not nest")
        self._pending = _Pending()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()
        self._pending = None

    def commit(self) -> None:
        """Apply every buffered write at once, then release the writer lock."""
        pending = self._require_active()
        store = self.store
        for row in pending.rows.values():
            old = store.rows.get(row.complaint.id)
            if old is not None and old.complaint.tracking_id != row.complaint.tracking_id:
                del store.tracking[old.complaint.tracking_id]
            store.rows[row.complaint.id] = row
            store.tracking[row.complaint.tracking_id] = row.complaint.id
        for item in pending.events:
            store.log.append(item)
            store.histories.setdefault(item.event.complaint_id, []).append(item)
        store.idempotency.update(pending.idempotency)
        store.identities.update(pending.identities)
        for account, ref in pending.accounts.items():
            if ref is None:
                store.accounts.pop(account, None)
            else:
                store.accounts[account] = ref
        for hook in pending.hooks:
            hook()
        self._pending = _Pending()
        self._release()

    def rollback(self) -> None:
        """Drop every buffered write and release the writer lock (positions taken become gaps)."""
        if self._pending is not None:
            self._pending = _Pending()
        self._release()

    # --- the audit's view (sp4n.ports.AuditSource) ---------------------------------------------------------

    def state_records(self) -> Iterator[StateRecord]:
        """Every committed state row, as :func:`sp4n.lifecycle.audit.audit` reads it."""
        self._require_active()
        for row in list(self.store.rows.values()):
            c = row.complaint
            yield StateRecord(complaint_id=c.id, version=c.version, last_hash=row.last_hash, complaint=c)

    def event_records(self) -> Iterator[EventRecord]:
        """Every committed event in position order; the payload is the event's canonical encoding."""
        self._require_active()
        for s in list(self.store.log):
            yield EventRecord(
                position=s.position, complaint_id=s.event.complaint_id, sequence=s.event.sequence,
                hash=s.hash, prev_hash=s.prev_hash, payload=_payload(s),
            )  # fmt: skip

    # --- internals used by the repositories -----------------------------------------------------------

    def _on_commit(self, hook: Callable[[], None]) -> None:
        self._begin_write("").hooks.append(hook)

    def _require_active(self) -> _Pending:
        if self._pending is None:
            raise ConfigurationError("MemoryUnitOfWork", "writes need an active unit of work (`with uow:`)")
        return self._pending

    def _begin_write(self, key: str) -> _Pending:
        pending = self._require_active()
        if not self._holds_writer:
            if not self.store.writer.acquire(timeout=self._lock_timeout):
                raise ConcurrencyConflict(key, -1, None)
            self._holds_writer = True
        return pending

    def _release(self) -> None:
        if self._holds_writer:
            self._holds_writer = False
            self.store.writer.release()

    def _row(self, complaint_id: str) -> _Row | None:
        if self._pending is not None and complaint_id in self._pending.rows:
            return self._pending.rows[complaint_id]
        return self.store.rows.get(complaint_id)

    def _all_rows(self) -> Iterable[_Row]:
        if self._pending is None or not self._pending.rows:
            return list(self.store.rows.values())
        return {**self.store.rows, **self._pending.rows}.values()

    def _tracking(self, tracking_id: str) -> str | None:
        if self._pending is not None:
            for row in self._pending.rows.values():
                if row.complaint.tracking_id == tracking_id:
                    return row.complaint.id
        return self.store.tracking.get(tracking_id)

    def _log(self) -> list[StoredEvent]:
        pending = [] if self._pending is None else self._pending.events
        return self.store.log + pending if pending else self.store.log


class _Complaints:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    def get(self, complaint_id: str, *, for_change: bool = False) -> Complaint:  # no cache: never stale
        check_key("complaint_id", complaint_id)
        row = self._uow._row(complaint_id)
        if row is None:
            raise ComplaintNotFound(complaint_id)
        return row.complaint

    def get_by_tracking(self, tracking_id: str) -> Complaint:
        check_key("tracking_id", tracking_id)
        complaint_id = self._uow._tracking(tracking_id)
        if complaint_id is None:
            raise ComplaintNotFound(tracking_id)
        return self.get(complaint_id)

    def save(
        self,
        complaint: Complaint,
        events: Sequence[Event],
        *,
        expected_version: int,
        due_at: datetime | None = None,
    ) -> list[StoredEvent]:
        pending = self._uow._begin_write(complaint.id)
        check_save(complaint, events, expected_version, due_at)
        row = self._uow._row(complaint.id)
        actual = None if row is None else row.complaint.version
        if (actual or 0) != expected_version:
            raise ConcurrencyConflict(complaint.id, expected_version, actual)
        owner = self._uow._tracking(complaint.tracking_id)
        if owner is not None and owner != complaint.id:
            tracking_taken(complaint.tracking_id)
        history = self._uow.events.history(complaint.id)
        store = self._uow.store
        prev = history[-1].hash if history else GENESIS
        stored = chain(events, prev_hash=prev, first_position=store.next_position, new_salt=new_salt)
        store.next_position += len(stored)
        head = stored[-1].hash if stored else (history[-1].hash if history else GENESIS)
        pending.rows[complaint.id] = _Row(complaint, due_for_storage(complaint, due_at), head)
        pending.events.extend(stored)
        return stored

    def by_agency(self, agency_id: str, status: Status | None = None, limit: int = 100) -> list[Complaint]:
        check_key("agency_id", agency_id)
        check_status("status", status)
        check_count("limit", limit)
        found = [
            r.complaint
            for r in self._uow._all_rows()
            # The lead agency's complaints and those it co-handles, as the SQL adapters list them.
            if agency_id in r.complaint.agencies_involved and (status is None or r.complaint.status is status)
        ]
        return sorted(found, key=oldest_first)[:limit]

    def by_reporter(self, reporter_ref: str, limit: int = 100) -> list[Complaint]:
        check_key("reporter_ref", reporter_ref)
        check_count("limit", limit)
        found = [r.complaint for r in self._uow._all_rows() if r.complaint.reporter_ref == reporter_ref]
        return sorted(found, key=oldest_first, reverse=True)[:limit]

    def overdue(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        check_count("limit", limit)
        check_instant("as_of", as_of)
        rows = [r for r in self._uow._all_rows() if r.due_at is not None and r.due_at < as_of]
        rows.sort(key=lambda r: (r.due_at, r.complaint.id))
        return [r.complaint for r in rows[:limit]]

    def public_feed(self, limit: int = 100) -> list[Complaint]:
        check_count("limit", limit)
        found = [r.complaint for r in self._uow._all_rows() if is_public(r.complaint)]
        return sorted(found, key=oldest_first, reverse=True)[:limit]

    def search(
        self, query: ComplaintSearch, after: tuple[datetime, str] | None = None, limit: int = 100
    ) -> list[Listed]:
        rows = (Listed(r.complaint, r.due_at) for r in self._uow._all_rows())
        return in_order(query, [r for r in rows if matches(query, r)], after, limit)

    def claim_due(self, as_of: datetime, limit: int = 100) -> list[Complaint]:
        check_count("limit", limit)
        # The writer lock excludes every other writer until commit, so what we return is ours alone.
        claimed = self.overdue(as_of, limit)
        if claimed:
            self._uow._begin_write("claim_due")
        return claimed

    def remember_idempotency(self, key: str, fingerprint: str, complaint_id: str) -> None:
        pending = self._uow._begin_write(key)
        check_idempotency(key, fingerprint, self.recall_idempotency(key), complaint_id)
        pending.idempotency[key] = (fingerprint, complaint_id)

    def recall_idempotency(self, key: str) -> tuple[str, str] | None:
        check_key("key", key)
        pending = self._uow._pending
        if pending is not None and key in pending.idempotency:
            return pending.idempotency[key]
        return self._uow.store.idempotency.get(key)


class _EventLog:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    def history(self, complaint_id: str) -> list[StoredEvent]:
        check_key("complaint_id", complaint_id)
        committed = list(self._uow.store.histories.get(complaint_id, ()))
        pending = self._uow._pending
        if pending is not None:
            committed += [e for e in pending.events if e.event.complaint_id == complaint_id]
        return committed

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        check_count("position", position)
        check_count("limit", limit)
        log = self._uow._log()
        start = _first_after(log, position)
        return log[start : start + limit]

    def last_position(self) -> int:
        log = self._uow._log()
        return log[-1].position if log else 0


def _payload(s: StoredEvent) -> str:
    return canonical_json(event_to_dict(s.event)) if s.seals is None else row_json(s.event, s.seals)


def _first_after(log: list[StoredEvent], position: int) -> int:
    """Index of the first event with a position above ``position`` (the log is sorted by position)."""
    return bisect.bisect_right(log, position, key=lambda item: item.position)


class _Identities:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._uow = uow

    def put(self, identity: ReporterIdentity) -> None:
        pending = self._uow._begin_write(identity.id)
        pending.identities[identity.id] = identity

    def get(self, identity_id: str) -> ReporterIdentity | None:
        check_key("identity_id", identity_id)
        pending = self._uow._pending
        if pending is not None and identity_id in pending.identities:
            return pending.identities[identity_id]
        return self._uow.store.identities.get(identity_id)

    def erase(self, identity_id: str, at: datetime) -> None:
        check_instant("at", at)
        pending = self._uow._begin_write(identity_id)
        pending.identities[identity_id] = tombstone(identity_id, at)
        linked = {**self._uow.store.accounts, **pending.accounts}
        pending.accounts.update({a: None for a, ref in linked.items() if ref == identity_id})

    def ref_of(self, account_id: str) -> str | None:
        check_key("account_id", account_id)
        pending = self._uow._pending
        if pending is not None and account_id in pending.accounts:
            return pending.accounts[account_id]
        return self._uow.store.accounts.get(account_id)

    def link(self, account_id: str, ref: str) -> str:
        check_key("account_id", account_id)
        pending = self._uow._begin_write(account_id)
        # Under the writer lock nobody else links it meanwhile: the first link stands.
        known = self.ref_of(account_id)
        if known is not None:
            return known
        pending.accounts[account_id] = ref
        return ref
