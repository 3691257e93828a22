"""Audits over a whole store: every row against the hash chain, the replay and a published checkpoint.

:func:`verify_store` returns every finding (empty: the store verifies); :func:`take_checkpoint` returns the
running digest of the global log to publish, which a later :func:`verify_store` checks, so that deleting a
whole complaint or a history's tail (with its state row patched to match) is found too. What each check
catches is listed in :mod:`sp4n.lifecycle.audit`; the command line is ``sp4n verify --url URL``.

>>> from sp4n.adapters.storage.memory import MemoryUnitOfWork
>>> uow = MemoryUnitOfWork()
>>> with uow:
...     verify_store(uow), take_checkpoint(uow).count
([], 0)
"""

from __future__ import annotations

from sp4n.exceptions import ComplaintNotFound, ConfigurationError, HistoryTampered
from sp4n.lifecycle.audit import Checkpoint, EventRecord, audit, checkpoint
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.history import find_tampering
from sp4n.ports import AuditSource, UnitOfWork

__all__ = ["take_checkpoint", "verify_store"]


def _stored_version(uow: UnitOfWork, complaint_id: str) -> int | None:
    try:
        return uow.complaints.get(complaint_id).version
    except ComplaintNotFound:
        return None


def _chain_only(uow: UnitOfWork, page: int) -> list[HistoryTampered]:
    """A host store without :class:`~sp4n.ports.AuditSource`: hash chains and versions through the ports."""
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


def verify_store(
    uow: UnitOfWork, *, since: Checkpoint | None = None, page: int = 1000
) -> list[HistoryTampered]:
    """Every problem in ``uow``'s store (empty: clean); call it inside ``with uow:``.

    Every sp4n store offers its rows as stored (:class:`~sp4n.ports.AuditSource`) and gets the full audit
    of :func:`sp4n.lifecycle.audit.audit`, checked against ``since`` when given. A host's store without
    them gets the hash-chain check alone (``since`` then raises :class:`~sp4n.exceptions.ConfigurationError`).
    """
    if isinstance(uow, AuditSource):
        return audit(uow.state_records(), uow.event_records(), since=since)
    if since is not None:
        raise ConfigurationError("since", "a checkpoint is checked against an AuditSource store's rows")
    return _chain_only(uow, page)


def take_checkpoint(uow: AuditSource) -> Checkpoint:
    """The running digest of the whole log now, to publish and to give a later :func:`verify_store`."""
    records: list[EventRecord] = list(uow.event_records())
    return checkpoint(records)
