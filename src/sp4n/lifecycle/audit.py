"""The store audit, pure: every stored row checked against the hash chain, the replay and a log checkpoint.

A storage adapter hands over its rows as they are stored (:class:`EventRecord`: the event's JSON text as
written, never re-encoded; :class:`StateRecord`: the state row, decoded, with what the adapter found wrong
with its own columns), and :func:`audit` returns every finding:

* each event's hash is SHA-256 over ``prev_hash + "\\n" + its stored text``, and the text is the canonical
  encoding of the event it holds (an added key, a changed space or a re-ordered key is an edit); in chain
  format 2 the hash covers the sealed part of the text, and every free text beside it must match its salted
  digest, or, once redacted, the ``redact`` event's digest of the masked text (:mod:`sp4n.lifecycle.seals`);
* each history starts from :data:`~sp4n.lifecycle.history.GENESIS`, links every ``prev_hash`` to the hash
  before it and numbers its events 1, 2, 3 … (nothing deleted, nothing re-ordered);
* the state row equals the replay of its history, its version is the history's length and its ``last_hash``
  the chain head (so cutting a tail and patching the version is found, and so is an edited state row);
* no history without a state row, no state row without a history;
* with a :class:`Checkpoint` taken earlier, the log up to the checkpoint's position hashes to the same
  running digest: deleting a whole complaint, or the tail of a history together with its state row, changes
  it. Publish checkpoints (print them, mail them to the Ombudsman, commit them to a second system): someone
  who can rewrite the database *and* every later hash is caught only by a digest kept out of their reach.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.events import Event, event_to_dict
>>> from sp4n.lifecycle.history import GENESIS, canonical_json, event_hash
>>> from sp4n.lifecycle.model import Actor, Role
>>> from sp4n.lifecycle.status import Action, Status
>>> e = Event(complaint_id="c1", sequence=1, occurred_at=datetime(2026, 3, 2, tzinfo=UTC),
...           action=Action.close, actor=Actor(id="a", role=Role.system),
...           from_status=Status.followed_up, to_status=Status.closed)
>>> text = canonical_json(event_to_dict(e))
>>> record = EventRecord(position=1, complaint_id="c1", sequence=1, hash=event_hash(GENESIS, e),
...                      prev_hash=GENESIS, payload=text)
>>> [f.problem for f in audit([], [record])]
['events exist but the complaint does not']
>>> checkpoint([record]).position
1
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

import attrs

from sp4n.exceptions import HistoryTampered, Sp4nError
from sp4n.lifecycle._fold import replay
from sp4n.lifecycle.events import Event, Seal, StoredEvent, event_to_dict
from sp4n.lifecycle.history import GENESIS, canonical_json, find_tampering
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.seals import from_row, row_json, sealed_payload
from sp4n.texts import Phrase

__all__ = ["Checkpoint", "EventRecord", "StateRecord", "audit", "checkpoint", "log_link"]


@attrs.frozen(kw_only=True)
class EventRecord:
    """An event row as stored: its columns and its JSON text exactly as written."""

    position: int
    complaint_id: str
    sequence: int
    hash: str
    prev_hash: str
    payload: str


@attrs.frozen(kw_only=True)
class StateRecord:
    """A state row: its ``version`` and ``last_hash`` columns, the complaint its data decodes to (``None``
    when it does not decode) and what the adapter found wrong with the row itself (columns that disagree
    with the data, data not in canonical form)."""

    complaint_id: str
    version: int
    last_hash: str
    complaint: Complaint | None
    problems: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Checkpoint:
    """The running digest of the global log up to ``position`` (``count`` events).

    ``digest`` starts at :data:`~sp4n.lifecycle.history.GENESIS` and takes in every event in position order
    through :func:`log_link`. JSON round trip:

    >>> cp = Checkpoint(position=3, count=3, digest="ab" * 32)
    >>> Checkpoint.from_json(cp.to_json()) == cp
    True
    """

    position: int
    count: int
    digest: str

    def to_json(self) -> str:
        """Canonical JSON, ready to publish."""
        return canonical_json({"position": self.position, "count": self.count, "digest": self.digest})

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Read :meth:`to_json`'s output; :class:`~sp4n.exceptions.HistoryTampered` if it is malformed."""
        try:
            data = json.loads(text)
            cp = cls(position=int(data["position"]), count=int(data["count"]), digest=str(data["digest"]))
        except (ValueError, KeyError, TypeError) as err:
            raise HistoryTampered("", 0, "the checkpoint is not a checkpoint's JSON") from err
        return cp


def log_link(digest: str, position: int, event_hash: str) -> str:
    """The running digest after the event at ``position`` with hash ``event_hash``.

    ``SHA-256(digest + "\\n" + position + ":" + event_hash)``; the position is hashed too, so moving an event
    elsewhere in the log changes the digest.
    """
    return hashlib.sha256(f"{digest}\n{position}:{event_hash}".encode("ascii")).hexdigest()


def checkpoint(events: Iterable[EventRecord]) -> Checkpoint:
    """The checkpoint of ``events`` (the whole log, in position order)."""
    digest, position, count = GENESIS, 0, 0
    for record in events:
        digest = log_link(digest, record.position, record.hash)
        position, count = record.position, count + 1
    return Checkpoint(position=position, count=count, digest=digest)


def _decode(record: EventRecord) -> tuple[Event | None, tuple[Seal, ...] | None, str | None]:
    """The event a record holds and its seals, or the reason it holds none (unreadable, not canonical,
    columns differ, hash)."""
    try:
        event, seals = from_row(record.payload)
    except (ValueError, KeyError, TypeError, AttributeError, Sp4nError):
        return None, None, "event data is unreadable (edited)"
    if seals is None:
        hashed = canonical = canonical_json(event_to_dict(event))
    else:  # chain format 2: the hash covers the sealed JSON; the texts beside it are checked by the seals
        hashed, canonical = sealed_payload(event, seals), row_json(event, seals)
    if canonical != record.payload:
        return None, None, "event data is not the canonical form of an event (edited)"
    if (event.complaint_id, event.sequence) != (record.complaint_id, record.sequence):
        return None, None, "event columns differ from the event's data (edited)"
    text_hash = hashlib.sha256((record.prev_hash + "\n" + hashed).encode("ascii")).hexdigest()
    if text_hash != record.hash:
        return None, None, "hash does not match the event (edited)"
    return event, seals, None


def _history(cid: str, records: Sequence[EventRecord]) -> tuple[list[StoredEvent], HistoryTampered | None]:
    stored: list[StoredEvent] = []
    for record in records:
        event, seals, problem = _decode(record)
        if event is None:
            return stored, HistoryTampered(cid, record.sequence, problem or "")
        stored.append(
            StoredEvent(
                position=record.position,
                event=event,
                hash=record.hash,
                prev_hash=record.prev_hash,
                seals=seals,
            )
        )
    return stored, find_tampering(stored)


def _differing(state: Complaint, replayed: Complaint) -> list[str]:
    return [f.name for f in attrs.fields(Complaint) if getattr(state, f.name) != getattr(replayed, f.name)]


def _against_state(cid: str, state: StateRecord, history: list[StoredEvent]) -> list[HistoryTampered]:
    found = [HistoryTampered(cid, state.version, problem) for problem in state.problems]
    head = history[-1]
    if state.version != len(history):
        problem = Phrase(
            "history has {count} events, version {version} (tail cut or version edited)",
            count=len(history),
            version=state.version,
        )
        found.append(HistoryTampered(cid, len(history) + 1, problem))
    if state.last_hash != head.hash:
        found.append(HistoryTampered(cid, head.event.sequence, "last_hash is not the hash of the last event"))
    if state.complaint is not None:
        try:
            replayed = replay(s.event for s in history)
        except Sp4nError as err:
            return [
                *found,
                HistoryTampered(cid, state.version, "history does not replay: {error}", error=err),
            ]
        fields = _differing(state.complaint, replayed)
        if fields:
            problem = Phrase(
                "state row differs from the replay of its history in {fields}", fields=", ".join(fields)
            )
            found.append(HistoryTampered(cid, state.version, problem))
    return found


def _against_checkpoint(records: Sequence[EventRecord], cp: Checkpoint) -> HistoryTampered | None:
    covered = [r for r in records if r.position <= cp.position]
    now = checkpoint(covered)
    if now.count != cp.count or now.digest != cp.digest:
        return HistoryTampered(
            "", cp.position,
            "the log up to position {position} no longer matches the checkpoint ({count} events, {then} at"
            " the checkpoint): events deleted or rewritten",
            position=cp.position, count=now.count, then=cp.count,
        )  # fmt: skip
    return None


def audit(
    states: Iterable[StateRecord], events: Iterable[EventRecord], *, since: Checkpoint | None = None
) -> list[HistoryTampered]:
    """Every finding over a whole store (empty: it verifies). ``events`` in position order.

    Log-wide findings (the checkpoint) carry an empty ``complaint_id``.
    """
    records = list(events)
    by_complaint: dict[str, list[EventRecord]] = {}
    for record in records:
        by_complaint.setdefault(record.complaint_id, []).append(record)
    rows = {s.complaint_id: s for s in states}
    found: list[HistoryTampered] = []
    for cid, items in by_complaint.items():
        state = rows.get(cid)
        if state is None:
            found.append(HistoryTampered(cid, 0, "events exist but the complaint does not"))
            continue
        history, broken = _history(cid, items)
        if broken is not None:
            found.append(broken)
        found.extend(_against_state(cid, state, history) if broken is None else [])
    found.extend(
        HistoryTampered(cid, 0, "the complaint has no events (history deleted)")
        for cid in rows
        if cid not in by_complaint
    )
    if since is not None:
        mismatch = _against_checkpoint(records, since)
        if mismatch is not None:
            found.append(mismatch)
    return found
