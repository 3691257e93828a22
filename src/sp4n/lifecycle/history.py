"""Tamper-evident history: every stored event carries the hash of the one before it in its complaint.

``hash = SHA-256(prev_hash + "\\n" + canonical JSON of the event)``; the first event of a complaint chains
from :data:`GENESIS`. In chain format 2 the JSON carries a salted digest of each free text instead of the text
(:mod:`sp4n.lifecycle.seals`), so that a text can be redacted and its original erased; each text is then
checked against its digest, or a redacted one against its ``redact`` event.

Editing an event changes its hash, deleting or reordering one breaks the link or the contiguous sequence, and
cutting off the tail leaves the history shorter than the complaint's version.

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
from collections.abc import Callable, Sequence

from sp4n.exceptions import HistoryTampered
from sp4n.lifecycle.events import Event, StoredEvent, canonical_json, event_to_dict
from sp4n.lifecycle.seals import seal, sealed_payload, text_problem
from sp4n.texts import Phrase

__all__ = [
    "GENESIS",
    "canonical_json",
    "chain",
    "event_hash",
    "find_tampering",
    "stored_hash",
    "verify_history",
]


#: The ``prev_hash`` of a complaint's first event.
GENESIS = "0" * 64


def event_hash(prev_hash: str, event: Event, payload: str | None = None) -> str:
    """The chain hash of ``event`` following ``prev_hash``.

    ``payload``, when given, must be what the hash covers: ``canonical_json(event_to_dict(event))`` for
    chain format 1 (saves encoding it twice), :func:`~sp4n.lifecycle.seals.sealed_payload` for format 2.
    """
    text = canonical_json(event_to_dict(event)) if payload is None else payload
    return hashlib.sha256((prev_hash + "\n" + text).encode("ascii")).hexdigest()


def stored_hash(item: StoredEvent) -> str:
    """The hash ``item`` must carry: over its event (format 1) or its sealed payload (format 2)."""
    payload = None if item.seals is None else sealed_payload(item.event, item.seals)
    return event_hash(item.prev_hash, item.event, payload)


def chain(
    events: Sequence[Event],
    *,
    prev_hash: str,
    first_position: int,
    payloads: Sequence[str] | None = None,
    new_salt: Callable[[], str] | None = None,
    sealed_out: list[str] | None = None,
) -> list[StoredEvent]:
    """Wrap ``events`` as :class:`StoredEvent` s with consecutive positions and linked hashes.

    With ``new_salt`` (a source of random hex salts) the events are sealed: chain format 2
    (:mod:`sp4n.lifecycle.seals`), whose texts can later be redacted; ``payloads`` then does not apply, and
    ``sealed_out`` (if given) receives each event's sealed payload, which a writer stores without encoding
    it again.
    """
    out: list[StoredEvent] = []
    for offset, event in enumerate(events):
        seals = None if new_salt is None else seal(event, new_salt)
        if seals is not None:
            sealed = sealed_payload(event, seals)
            if sealed_out is not None:
                sealed_out.append(sealed)
            payload: str | None = sealed
        else:
            payload = None if payloads is None else payloads[offset]
        digest = event_hash(prev_hash, event, payload)
        out.append(
            StoredEvent(
                position=first_position + offset, event=event, hash=digest, prev_hash=prev_hash, seals=seals
            )
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
    if stored_hash(item) != item.hash:
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
    texts = text_problem(history)
    if texts is not None:
        return HistoryTampered(complaint_id, texts[0], texts[1])
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
