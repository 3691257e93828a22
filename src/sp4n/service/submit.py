"""Filing a complaint: the receipt, idempotent retries, and the reporter's identity (kept, or erased).

A complaint is filed in one unit of work: the reporter's identity goes to the identity store (the complaint
only holds ``reporter_ref``), the complaint gets an unused tracking number, its first event and first
deadline are saved through the :class:`~sp4n.service.core.WritePath`, and, with an idempotency key, the key
is remembered with a :func:`fingerprint` of the request. A retry with the same key and the same request gets
the first :class:`Receipt` back and writes nothing; the same key with another request is refused.

>>> fingerprint({"title": "Jalan", "reporter": {"nik": "3404015506900001"}}, None) == fingerprint(
...     {"title": "Jalan", "reporter": {"nik": "3404015506900002"}}, None)   # personal data left out
True
>>> idempotency_key("sms-81")
'sms-81'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from sp4n import commands as cmd
from sp4n.command_fields import Identifier
from sp4n.exceptions import (
    ComplaintNotFound,
    ConcurrencyConflict,
    ConfigurationError,
    IdempotencyConflict,
    RuleViolation,
)
from sp4n.identity import ReporterIdentity, new_identity
from sp4n.lifecycle.engine import new_complaint
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import Status
from sp4n.ports import IdFactory, TrackingNumbers, UnitOfWork
from sp4n.service.core import Input, WritePath, checked_actor
from sp4n.service.pseudonyms import linked_actor

__all__ = ["Intake", "Receipt", "fingerprint", "idempotency_key", "receipt_for"]

#: Attempts at drawing an unused tracking number before giving up (a clash is ~1 in 10⁶ at a million).
_TRACKING_ATTEMPTS = 8


@attrs.frozen(kw_only=True)
class Receipt:
    """What a reporter is told after filing: the tracking number to quote, and whether this was a replay."""

    complaint_id: str
    tracking_id: str
    reporter_ref: str | None
    status: Status
    submitted_at: datetime
    replayed: bool = attrs.field(default=False, eq=False)


def fingerprint(payload: Mapping[str, Any], actor: Actor | None) -> str:
    """SHA-256 of the request's content, to tell a retry from a different request under the same key.

    The reporter's personal data is left out on purpose: a hash of a NIK can be reversed by trying the
    ~10¹⁰ plausible NIKs, and it would outlive an erasure (UU 27/2022). Only *whether* a reporter was given
    counts.
    """
    content = {k: v for k, v in payload.items() if k != "reporter"}
    content["reporter_given"] = payload.get("reporter") is not None
    content["actor"] = None if actor is None else [actor.id, str(actor.role)]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _IdempotencyKey(cmd.Command):
    idempotency_key: Identifier


def idempotency_key(key: str) -> str:
    """``key`` if it is a valid idempotency key (an identifier), else ``InvalidCommand``."""
    return cmd.parse_command(_IdempotencyKey, {"idempotency_key": key}).idempotency_key


def receipt_for(complaint: Complaint, *, replayed: bool = False) -> Receipt:
    """The receipt of ``complaint``'s submission."""
    # Everything in a receipt is fixed at submission, so a replay returns exactly the first result.
    return Receipt(
        complaint_id=complaint.id,
        tracking_id=complaint.tracking_id,
        reporter_ref=complaint.reporter_ref,
        status=Status.submitted,
        submitted_at=complaint.submitted_at,
        replayed=replayed,
    )


class Intake:
    """Files complaints and keeps or erases reporters' identities (the service's ``submit`` and
    ``erase_reporter``).

    Args:
        write: the shared write path.
        ids: new complaint ids and reporter references.
        tracking: candidate tracking numbers (a number already held is drawn again).
    """

    def __init__(self, write: WritePath, *, ids: IdFactory, tracking: TrackingNumbers) -> None:
        self._write = write
        self._ids = ids
        self._tracking = tracking

    def submit(
        self, data: Input | cmd.SubmitComplaint, actor: Actor | None, idempotency_key: str | None
    ) -> Receipt:
        """File a complaint (see :meth:`sp4n.service.Service.submit`)."""
        command = cmd.parse_command(cmd.SubmitComplaint, data)
        actor = None if actor is None else checked_actor(actor)
        key = None if idempotency_key is None else _checked_key(idempotency_key)
        try:
            return self._submit_once(command, actor, key)
        except ConcurrencyConflict:
            if key is None:
                raise
            # A concurrent retry of the same request committed first: answer with its result.
            return self._submit_once(command, actor, key)

    def erase_reporter(self, data: Input | cmd.EraseReporter) -> None:
        """Replace a reporter's personal data with a tombstone (UU 27/2022); complaints stay verifiable."""
        command = cmd.parse_command(cmd.EraseReporter, data)
        with self._write.uow as uow:
            if uow.identities.get(command.reporter_ref) is None:
                raise RuleViolation("reporter_ref", "no reporter identity is stored under this reference")
            uow.identities.erase(command.reporter_ref, self._write.clock.now())
            uow.commit()

    def _submit_once(self, command: cmd.SubmitComplaint, actor: Actor | None, key: str | None) -> Receipt:
        with self._write.uow as uow:
            if actor is not None and actor.role is Role.reporter:
                # The account id stays in the account link; the fingerprint and the record get the reference.
                actor = linked_actor(uow.identities, actor, self._ids.new_id)
            print_ = fingerprint(command.model_dump(mode="json"), actor)
            if key is not None and (prior := uow.complaints.recall_idempotency(key)) is not None:
                return _replay(uow, key, print_, prior)
            complaint, event = self._new_complaint(uow, command, actor)
            stored = self._write.save(uow, complaint, [event], expected_version=0)
            if key is not None:
                uow.complaints.remember_idempotency(key, print_, complaint.id)
            uow.commit()
        self._write.notify(stored)
        return receipt_for(complaint)

    def _new_complaint(
        self, uow: UnitOfWork, command: cmd.SubmitComplaint, actor: Actor | None
    ) -> tuple[Complaint, Event]:
        ref = None
        if actor is not None and actor.role is Role.reporter:
            ref = actor.id  # already the account's reference: a signed-in reporter owns what they file
        elif command.reporter is not None:
            ref = self._ids.new_id()
        if ref is not None and command.reporter is not None:  # no details given: nothing to store
            uow.identities.put(_identity(ref, command.reporter, uow.identities.get(ref)))
        filer = actor or (Actor(id=ref, role=Role.reporter) if ref else Actor(id="intake", role=Role.intake))
        fields = command.model_dump(exclude={"reporter"})
        return new_complaint(
            complaint_id=self._ids.new_id(),
            tracking_id=self._fresh_tracking(uow),
            reporter_ref=ref,
            actor=filer,
            at=self._write.clock.now(),
            **fields,
        )

    def _fresh_tracking(self, uow: UnitOfWork) -> str:
        for _ in range(_TRACKING_ATTEMPTS):
            candidate = self._tracking.new()
            try:
                uow.complaints.get_by_tracking(candidate)
            except ComplaintNotFound:
                return candidate
        raise ConfigurationError(
            "tracking",
            "no unused tracking number in {count} attempts",
            count=_TRACKING_ATTEMPTS,
        )


_checked_key = idempotency_key  # the parameter of ``submit`` shadows the public name


def _replay(uow: UnitOfWork, key: str, print_: str, prior: tuple[str, str]) -> Receipt:
    previous_print, complaint_id = prior
    if previous_print != print_:
        raise IdempotencyConflict(key)
    return receipt_for(uow.complaints.get(complaint_id), replayed=True)


def _identity(ref: str, given: cmd.ReporterInput, known: ReporterIdentity | None) -> ReporterIdentity:
    # A signed-in reporter files again: what they leave out now keeps its stored value (a tombstone has none).
    def pick(name: str) -> str | None:
        value: str | None = getattr(given, name)
        return value if value is not None or known is None else getattr(known, name)

    fields = {name: pick(name) for name in ("name", "nik", "phone", "email")}
    return new_identity(ref, **fields)
