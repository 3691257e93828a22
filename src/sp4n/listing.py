"""What a list query asks for and what it returns: :class:`ComplaintSearch` and :class:`Listed`.

Plain values shared by the storage port (:meth:`sp4n.ports.ComplaintRepository.search`, which re-exports
them), the keyset pages (:mod:`sp4n.service.pages`) and the web layer.

>>> from datetime import datetime, UTC
>>> search = ComplaintSearch(agency_id="pemkab-34.04", newest_first=False)
>>> search.public_only, search.overdue_as_of is None
(False, True)
"""

from __future__ import annotations

from datetime import datetime

import attrs

from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status

__all__ = ["ComplaintSearch", "Listed"]


@attrs.frozen(kw_only=True)
class ComplaintSearch:
    """Which complaints a list wants, in which order; each field given narrows it. ``region_code`` matches
    every region inside it too; ``submitted_from`` is inclusive, ``submitted_before`` exclusive; with
    ``overdue_as_of`` only complaints due before it, ordered by ``due_at``, else by ``submitted_at``. Ties
    break by id: the order is total, so a keyset (sort instant, id) resumes it exactly. ``agency_id`` matches
    the lead agency and every co-handling agency; ``duplicate_of`` the complaints archived as duplicates of
    that complaint."""

    agency_id: str | None = None
    reporter_ref: str | None = None
    tracking_id: str | None = None
    status: Status | None = None
    category: str | None = None
    region_code: str | None = None
    submitted_from: datetime | None = None
    submitted_before: datetime | None = None
    public_only: bool = False
    overdue_as_of: datetime | None = None
    newest_first: bool = True
    duplicate_of: str | None = None

    def sort_instant(self, listed: Listed) -> datetime:
        """The instant ``listed`` is ordered by under this search."""
        if self.overdue_as_of is not None and listed.due_at is not None:
            return listed.due_at
        return listed.complaint.submitted_at


@attrs.frozen
class Listed:
    """One complaint of a list, with its stored deadline (``None`` once closed)."""

    complaint: Complaint
    due_at: datetime | None
