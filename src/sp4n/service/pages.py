"""Lists that page: keyset cursors over every list query, newest or oldest first.

A list query is a :class:`~sp4n.ports.ComplaintSearch` (an agency's inbox, a reporter's complaints, the
public feed, overdue complaints, or any search by status, category, region and submission date). A
:class:`Page` holds up to ``limit`` complaints with their stored ``due_at`` and, when more follow, an opaque
``next_cursor``: the last item's sort instant and id, bound to the search it came from and signed. The next
page starts strictly after that item, so a complaint filed meanwhile never shifts a page (no duplicate, no
gap), which an offset cannot promise. A cursor from another search, an edited one or garbage is refused with
:class:`~sp4n.exceptions.RuleViolation` on ``cursor``.

>>> from sp4n.service import create_service, NoDeadlines
>>> svc = create_service(sla=NoDeadlines())
>>> for n in range(3):
...     _ = svc.submit({"type": "pengaduan", "title": f"Jalan {n}", "description": "Berlubang",
...                     "category": "jalan", "channel": "web", "region_code": "34.04"})
>>> pages = Pages(svc.uow)
>>> first = pages.search(ComplaintSearch(region_code="34"), limit=2)
>>> [i.complaint.title for i in first.items], first.next_cursor is not None
(['Jalan 2', 'Jalan 1'], True)
>>> [i.complaint.title for i in pages.search(ComplaintSearch(region_code="34"), first.next_cursor).items]
['Jalan 0']
>>> pages.search(ComplaintSearch(category="air"), first.next_cursor)
Traceback (most recent call last):
...
sp4n.exceptions.RuleViolation: cursor: diterbitkan untuk daftar lain; mulai lagi tanpa kursor
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime

import attrs

from sp4n import tracking as tn
from sp4n.exceptions import ComplaintNotFound, RuleViolation
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Actor, Complaint, require_aware
from sp4n.lifecycle.views import scoped_view, visible_to
from sp4n.ports import ComplaintSearch, Listed, UnitOfWork
from sp4n.service.queries import scrub_for

__all__ = ["MAX_PAGE", "ComplaintSearch", "Page", "Pages", "Tracked"]

#: Most items one page holds (the Open311 GeoReport v2 cap, and the old list limit).
MAX_PAGE = 1000
_CURSOR_VERSION = 1


@attrs.frozen
class Tracked:
    """One complaint with its stored deadline and its committed history, read in one unit of work
    (``complete`` is false when the caller did not want the history: it is then empty)."""

    complaint: Complaint
    due_at: datetime | None
    history: tuple[StoredEvent, ...]
    complete: bool = True


def _always(_: Complaint) -> bool:
    return True


@attrs.frozen
class Page:
    """Up to ``limit`` items and the cursor of the next page (``None`` on the last page)."""

    items: tuple[Listed, ...]
    next_cursor: str | None


def _fingerprint(query: ComplaintSearch) -> str:
    fields = {k: None if v is None else str(v) for k, v in attrs.asdict(query).items()}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Pages:
    """Paged list queries over a unit of work.

    Args:
        uow: storage.
        secret: signs cursors (HMAC-SHA256) so that a client cannot forge a position. Without one, cursors
            carry a plain checksum: edits and corruption are still caught, and a forged position could only
            start a list at another place in the *same* filtered list (filters are never read from a cursor).
    """

    def __init__(self, uow: UnitOfWork, *, secret: bytes | None = None) -> None:
        self.uow = uow
        self._secret = secret or b"sp4n-cursor"

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self._secret, payload, hashlib.sha256).digest()[:12])

    def _encode(self, query: ComplaintSearch, last: Listed) -> str:
        key = [_CURSOR_VERSION, _fingerprint(query), query.sort_instant(last).isoformat(), last.complaint.id]
        payload = json.dumps(key, separators=(",", ":"), ensure_ascii=True).encode("ascii")
        return f"{_b64(payload)}.{self._sign(payload)}"

    def _decode(self, query: ComplaintSearch, cursor: str) -> tuple[datetime, str]:
        bad = RuleViolation("cursor", "is not a cursor sp4n issued; start again without a cursor")
        try:
            body, _, mac = cursor.partition(".")
            payload = _unb64(body)
            if not hmac.compare_digest(mac, self._sign(payload)):
                raise bad
            version, fingerprint, instant, complaint_id = json.loads(payload)
            at = datetime.fromisoformat(instant)
        except (ValueError, TypeError, binascii.Error, UnicodeError):
            raise bad from None
        if version != _CURSOR_VERSION or not isinstance(complaint_id, str) or at.tzinfo is None:
            raise bad
        if fingerprint != _fingerprint(query):
            raise RuleViolation("cursor", "was issued for another list; start again without a cursor")
        return at, complaint_id

    def search(
        self,
        query: ComplaintSearch,
        cursor: str | None = None,
        limit: int = 50,
        *,
        actor: Actor | None = None,
    ) -> Page:
        """One page of ``query``'s list; ``cursor`` is the previous page's ``next_cursor``.

        With ``actor``, each complaint is as that actor may see it (:func:`~sp4n.lifecycle.views.scoped_view`,
        free texts scrubbed of a hidden reporter's identity, as :meth:`sp4n.service.Service.get` does) and
        those the actor may not read are left out; the cursor still follows the unfiltered list, so paging
        stays exact. Without ``actor`` the rows are as stored: for the host's own use, or a ``public_only``
        search the caller renders with :func:`~sp4n.lifecycle.views.public_view`.
        """
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
            raise RuleViolation("limit", "must be an integer from 1 to {limit}", limit=MAX_PAGE)
        for name in ("submitted_from", "submitted_before", "overdue_as_of"):
            if (value := getattr(query, name)) is not None:
                require_aware(name, value)
        after = None if cursor is None else self._decode(query, cursor)
        with self.uow as uow:
            found = uow.complaints.search(query, after, limit + 1)
            more = len(found) > limit
            rows = tuple(found[:limit])
            items = rows if actor is None else tuple(self._scoped(uow, rows, actor))
        return Page(items, self._encode(query, rows[-1]) if more else None)

    @staticmethod
    def _scoped(uow: UnitOfWork, rows: tuple[Listed, ...], actor: Actor) -> list[Listed]:
        return [
            Listed(scoped_view(row.complaint, actor, scrub=scrub_for(uow, row.complaint, actor)), row.due_at)
            for row in rows
            if visible_to(row.complaint, actor)
        ]

    def histories(
        self, query: ComplaintSearch, cursor: str | None = None, limit: int = 50
    ) -> tuple[Page, tuple[tuple[StoredEvent, ...], ...]]:
        """One page of ``query``'s list, then every item's committed history in one more unit of work.

        For aggregates (an agency's compliance figures): rows and histories are as stored, so a caller
        publishes counts computed from them, never the rows or the events themselves.
        """
        page = self.search(query, cursor, limit)
        with self.uow as uow:
            logs = tuple(tuple(uow.events.history(i.complaint.id)) for i in page.items)
        return page, logs

    def tracked(self, tracking_id: str, *, history: Callable[[Complaint], bool] = _always) -> Tracked:
        """The complaint a tracking number (as a person typed it) names, its ``due_at`` and history, in one
        transaction of two statements. ``history`` decides from the complaint whether its history is read at
        all (a page that shows only the status, or keeps what it wrote at this version, needs one statement).
        A typo is ``RuleViolation``; nobody's number is ``ComplaintNotFound``."""
        canonical = tn.parse(tracking_id)
        with self.uow as uow:
            listed = uow.complaints.search(ComplaintSearch(tracking_id=canonical), None, 1)
            if not listed:
                raise ComplaintNotFound(canonical)
            complaint, due_at = listed[0].complaint, listed[0].due_at
            if not history(complaint):
                return Tracked(complaint, due_at, (), complete=False)
            return Tracked(complaint, due_at, tuple(uow.events.history(complaint.id)))

    def inbox(
        self,
        agency_id: str,
        cursor: str | None = None,
        limit: int = 50,
        *,
        within: ComplaintSearch | None = None,
    ) -> Page:
        """An agency's complaints, newest first; ``within`` narrows further (status, category, order, ...)."""
        return self.search(attrs.evolve(within or ComplaintSearch(), agency_id=agency_id), cursor, limit)

    def of_reporter(self, reporter_ref: str, cursor: str | None = None, limit: int = 50) -> Page:
        """A reporter's own complaints, newest first."""
        return self.search(ComplaintSearch(reporter_ref=reporter_ref), cursor, limit)

    def public_feed(
        self, cursor: str | None = None, limit: int = 50, *, within: ComplaintSearch | None = None
    ) -> Page:
        """Complaints the public may see (never rahasia, never before verification), newest first."""
        return self.search(attrs.evolve(within or ComplaintSearch(), public_only=True), cursor, limit)

    def overdue(self, as_of: datetime, cursor: str | None = None, limit: int = 50) -> Page:
        """Open complaints whose stored deadline is before ``as_of``, most overdue first."""
        return self.search(ComplaintSearch(overdue_as_of=as_of, newest_first=False), cursor, limit)
