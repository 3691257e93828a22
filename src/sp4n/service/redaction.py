"""The national admin's redaction: flag a complaint, mask a span of one of its texts, end the redaction, and
erase the kept originals (UU 27/2022 Pasal 16: personal data a controller must not keep is erased).

``redact`` writes one ``redact`` event and, in the same transaction, replaces the text in the stored event by
its masked form (:mod:`sp4n.lifecycle.redaction`); the original and its salt go to the store's erasable
keeping place until :meth:`Redactions.erase`. The state row is the replay of the masked history, so every
read, view, list, search and message rendered afterwards shows the mask. ``verify`` keeps passing, before and
after the erasure (chain format 2, :mod:`sp4n.lifecycle.seals`).
"""

from __future__ import annotations

from typing import Protocol

from sp4n.exceptions import ConfigurationError, NotPermitted
from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.redaction import plan_redaction, redacted_history
from sp4n.lifecycle.status import Action
from sp4n.ports import UnitOfWork
from sp4n.service.core import Step, WritePath, checked_actor

__all__ = ["RedactedTexts", "Redactions"]


class RedactedTexts(Protocol):
    """Where a store masks a stored text and keeps its original apart until erased (``uow.redactions`` of
    sp4n's SQL and memory stores)."""

    def mask(self, stored: StoredEvent, field: str, masked_text: str) -> StoredEvent:
        """Replace text ``field`` of ``stored`` by ``masked_text``; keep the original (of the first mask)."""
        ...

    def original(self, complaint_id: str, sequence: int, field: str) -> str | None:
        """The kept original of a redacted text (``None``: never redacted, or erased)."""
        ...

    def erase(self, complaint_id: str) -> int:
        """Erase every kept original of a complaint; how many there were."""
        ...


def _texts(uow: UnitOfWork) -> RedactedTexts:
    texts: RedactedTexts | None = getattr(uow, "redactions", None)
    if texts is None:
        raise ConfigurationError("uow.redactions", "this store cannot mask texts (use an sp4n store)")
    return texts


def _national_admin(actor: Actor, what: str) -> None:
    if actor.role is not Role.national_admin:
        raise NotPermitted(actor.id, what, "only the national admin may redact a text")


class Redactions:
    """The redaction commands, written through the shared :class:`~sp4n.service.core.WritePath`."""

    def __init__(self, write: WritePath) -> None:
        self._write = write

    def flag(self, complaint_id: str, reason: str | None, actor: Actor) -> Complaint:
        """``flag_redaction``: the complaint leaves every public surface until cleared."""
        step = Step(action=Action.flag_redaction, actor=checked_actor(actor), reason=reason)
        return self._write.change(complaint_id, lambda _: step)

    def clear(self, complaint_id: str, reason: str | None, actor: Actor) -> Complaint:
        """``clear_redaction``: the redaction is done; the complaint may be public again."""
        step = Step(action=Action.clear_redaction, actor=checked_actor(actor), reason=reason)
        return self._write.change(complaint_id, lambda _: step)

    def redact(
        self,
        complaint_id: str,
        *,
        sequence: int,
        field: str,
        reason: str,
        actor: Actor,
        start: int | None = None,
        end: int | None = None,
        span: str | None = None,
    ) -> Complaint:
        """Mask ``[start, end)`` (or the first occurrence of ``span``) of text ``field`` of event
        ``sequence``, as the text stands now; the complaint after it."""
        actor = checked_actor(actor)
        with self._write.uow as uow:
            texts = _texts(uow)
            current = uow.complaints.get(complaint_id)
            history = uow.events.history(complaint_id)
            past = [s.event for s in history]
            plan = plan_redaction(past, sequence=sequence, field=field, start=start, end=end, span=span)
            step = Step(action=Action.redact, actor=actor, reason=reason, details=plan.details)
            _, events = self._write.decide(current, [step])  # permission, status and details checked here
            masked = redacted_history(past, plan)
            updated = replay([*masked, *events])
            texts.mask(history[sequence - 1], field, plan.masked_text)
            stored = self._write.save(uow, updated, events, expected_version=current.version, history=masked)
            uow.commit()
        self._write.notify(stored)
        return updated

    def erase(self, complaint_id: str, actor: Actor) -> int:
        """Erase the kept originals of every redacted text of ``complaint_id``; how many were erased."""
        _national_admin(checked_actor(actor), "erase_redacted")
        with self._write.uow as uow:
            erased = _texts(uow).erase(complaint_id)
            uow.commit()
        return erased

    def original(self, complaint_id: str, sequence: int, field: str) -> str | None:
        """The kept original of a redacted text, for a host's back office only (never a user-facing path)."""
        with self._write.uow as uow:
            return _texts(uow).original(complaint_id, sequence, field)
