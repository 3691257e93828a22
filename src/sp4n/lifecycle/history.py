"""Tamper-evident history: every stored event carries the hash of the one before it in its complaint.

``hash = SHA-256(prev_hash + "\\n" + canonical JSON of the event)``; the first event of a complaint chains
from :data:`GENESIS`. Editing an event changes its hash, deleting or reordering one breaks the link or the
contiguous sequence, and cutting off the tail leaves the history shorter than the complaint's version.

What it does not do alone: someone who can write the database *and* recompute every later hash can rewrite
history consistently. :mod:`sp4n.lifecycle.audit` adds a checkpoint of the whole log to publish elsewhere.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.events import Event
>>> from sp4n.lifecycle.status import Action, Status
>>> from sp4n.lifecycle.model import Actor, Role
>>> e = Event(complaint_id="c1", sequence=1, occurred_at=datetime(2026, 3, 2, tzinfo=UTC),
...           action=Action.close, actor=Actor(id="a", role=Role.system),
...           from_status=Status.followed_up, to_status=Status.closed)
>>> stored = chain([e], prev_hash=GENESIS, first_position=1)
>>> find_tampering(stored) is None
True
>>> import attrs
>>> find_tampering([attrs.evolve(stored[0], hash="0" * 64)]).problem
'hash does not match the event (edited)'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sp4n.exceptions import HistoryTampered
from sp4n.lifecycle.events import Event, StoredEvent, event_to_dict
from sp4n.texts import Phrase

__all__ = ["GENESIS", "canonical_json", "chain", "event_hash", "find_tampering", "verify_history"]


def canonical_json(data: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, ASCII only (lone surrogates survive as escapes).

    >>> canonical_json({"b": 1, "a": "é"})
    '{"a":"\\\\u00e9","b":1}'
    """
    return _CANONICAL.encode(data)


# One encoder for every call: ``json.dumps`` with options builds a new one each time (a tenth of the cost of
# encoding an event). Same options, so the same text.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


#: The ``prev_hash`` of a complaint's first event.
GENESIS = "0" * 64


def event_hash(prev_hash: str, event: Event, payload: str | None = None) -> str:
    """The chain hash of ``event`` following ``prev_hash``.

    ``payload``, when given, must be ``canonical_json(event_to_dict(event))`` (saves encoding it twice).
    """
    text = canonical_json(event_to_dict(event)) if payload is None else payload
    return hashlib.sha256((prev_hash + "\n" + text).encode("ascii")).hexdigest()


def chain(
    events: Sequence[Event], *, prev_hash: str, first_position: int, payloads: Sequence[str] | None = None
) -> list[StoredEvent]:
    """Wrap ``events`` as :class:`StoredEvent` s with consecutive positions and linked hashes."""
    out: list[StoredEvent] = []
    for offset, event in enumerate(events):
        digest = event_hash(prev_hash, event, None if payloads is None else payloads[offset])
        out.append(
            StoredEvent(position=first_position + offset, event=event, hash=digest, prev_hash=prev_hash)
        )
        prev_hash = digest
    return out


def _problem(expected_seq: int, prev: StoredEvent | None, item: StoredEvent) -> str | None:
    if item.event.sequence != expected_seq:
        return Phrase(
            "sequence {sequence} where {expected} was expected (deleted or reordered)",
            sequence=item.event.sequence,
            expected=expected_seq,
        )
    if prev is not None and item.position <= prev.position:
        return "position is not after the previous event's (reordered)"
    if item.prev_hash != (GENESIS if prev is None else prev.hash):
        return "prev_hash does not link to the previous event (deleted or reordered)"
    if event_hash(item.prev_hash, item.event) != item.hash:
        return "hash does not match the event (edited)"
    return None


def find_tampering(history: Sequence[StoredEvent], *, version: int | None = None) -> HistoryTampered | None:
    """The first problem in one complaint's ``history`` (as stored, in position order), or ``None``.

    Args:
        history: every stored event of one complaint, as the event log returns them.
        version: the complaint's stored version, when known: a shorter history means its tail was cut off.
    """
    prev: StoredEvent | None = None
    complaint_id = history[0].event.complaint_id if history else ""
    for expected_seq, item in enumerate(history, start=1):
        if item.event.complaint_id != complaint_id:
            return HistoryTampered(complaint_id, expected_seq, "event of another complaint in this history")
        problem = _problem(expected_seq, prev, item)
        if problem is not None:
            return HistoryTampered(complaint_id, item.event.sequence, problem)
        prev = item
    if version is not None and version != len(history):
        return HistoryTampered(
            complaint_id,
            len(history) + 1,
            "history has {count} events, version {version}",
            count=len(history),
            version=version,
        )
    return None


def verify_history(history: Sequence[StoredEvent], *, version: int | None = None) -> None:
    """Raise :class:`~sp4n.exceptions.HistoryTampered` at the first problem :func:`find_tampering` finds."""
    problem = find_tampering(history, version=version)
    if problem is not None:
        raise problem
