"""Audits over a whole store: every complaint's history checked against its chain and its version."""

from __future__ import annotations

from sp4n.exceptions import ComplaintNotFound, HistoryTampered
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.history import find_tampering
from sp4n.ports import UnitOfWork

__all__ = ["verify_store"]


def _stored_version(uow: UnitOfWork, complaint_id: str) -> int | None:
    try:
        return uow.complaints.get(complaint_id).version
    except ComplaintNotFound:
        return None


def verify_store(uow: UnitOfWork, *, page: int = 1000) -> list[HistoryTampered]:
    """Check every complaint that has events in ``uow``'s log; returns every problem found (empty: clean).

    Reads the whole log through :meth:`~sp4n.ports.EventLog.read_since` and compares each history with the
    complaint's stored version. Call it inside ``with uow:``.
    """
    by_complaint: dict[str, list[StoredEvent]] = {}
    position = 0
    while batch := uow.events.read_since(position, limit=page):
        for item in batch:
            by_complaint.setdefault(item.event.complaint_id, []).append(item)
        position = batch[-1].position
    problems = []
    for complaint_id, items in by_complaint.items():
        version = _stored_version(uow, complaint_id)
        if version is None:
            problems.append(HistoryTampered(complaint_id, 0, "events exist but the complaint does not"))
            continue
        found = find_tampering(items, version=version)
        if found is not None:
            problems.append(found)
    return problems
