"""Redaction: the national admin masks a span of a free text for every audience (pure, no I/O).

A text a reporter or officer wrote (an event's ``reason``, a submitted or corrected ``details.title``, the
``details.description``) may quote what must not stay: a name, a phone number, a defamation. ``redact`` masks
a span of it: the span becomes :data:`MASK` in the stored event itself, so every reader (reporter, agency,
public, Ombudsman RI, national admin, messages rendered afterwards) gets the masked text, and the complaint is
the replay of the masked history. The ``redact`` event records which text, the span and the SHA-256 of the
masked text, never the masked words. How the chain stays verifiable, and where the original waits for
erasure, is :mod:`sp4n.lifecycle.seals`.

>>> from sp4n.testing.lifecycle import walked
>>> complaint, events = walked("c-1", "forwarded")
>>> plan = plan_redaction(events, sequence=1, field="details.description", span="depan sekolah")
>>> plan.masked_text
'Lubang besar di [disamarkan]'
>>> sorted(plan.details)
['end', 'field', 'masked_digest', 'sequence', 'start']
>>> masked = redacted_history(events, plan)
>>> text_of(masked[0], "details.description")
'Lubang besar di [disamarkan]'
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle._details import REDACTABLE_FIELDS
from sp4n.lifecycle.events import Event

__all__ = [
    "MASK",
    "REDACTABLE_FIELDS",
    "Redaction",
    "mask",
    "plan_redaction",
    "redacted_history",
    "text_digest",
    "text_of",
    "with_text",
]

#: What stands in for a masked span, in every view.
MASK = "[disamarkan]"


def text_digest(text: str) -> str:
    """SHA-256 (hex) of ``text`` in UTF-8 (lone surrogates kept as they are).

    >>> text_digest("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_of(event: Event, field: str) -> str | None:
    """The free text ``field`` (one of :data:`REDACTABLE_FIELDS`) of ``event``; ``None`` when it has none."""
    if field == "reason":
        return event.reason
    value = (
        getattr(event.details, field.removeprefix("details."), None) if field.startswith("details.") else None
    )
    return value if isinstance(value, str) else None


def with_text(event: Event, field: str, text: str) -> Event:
    """``event`` with its free text ``field`` replaced by ``text``."""
    if field == "reason":
        return attrs.evolve(event, reason=text)
    details: Any = event.details  # every text field is a str attribute of its details class
    return attrs.evolve(event, details=attrs.evolve(details, **{field.removeprefix("details."): text}))


def mask(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by :data:`MASK`.

    >>> mask("Hubungi Siti 0812", 8, 12)
    'Hubungi [disamarkan] 0812'
    """
    return text[:start] + MASK + text[end:]


@attrs.frozen(kw_only=True)
class Redaction:
    """A checked redaction: the target text, the span, and the text once masked."""

    sequence: int
    field: str
    start: int
    end: int
    masked_text: str

    @property
    def details(self) -> dict[str, Any]:
        """The details ``apply(complaint, Action.redact, ...)`` takes for it."""
        return {
            "sequence": self.sequence,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "masked_digest": text_digest(self.masked_text),
        }


def _span(text: str, start: int | None, end: int | None, span: str | None) -> tuple[int, int]:
    if (span is None) == (start is None and end is None):
        raise RuleViolation("details.span", "give either the span (start, end) or the exact text to mask")
    if span is not None:
        at = text.find(span) if span else -1
        if at < 0:
            raise RuleViolation("details.span", "the text does not contain this span")
        return at, at + len(span)
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        raise RuleViolation(
            "details.start", "must be a span inside the text (0 <= start < end <= {length})", length=len(text)
        )
    return start, end


def plan_redaction(
    history: Sequence[Event],
    *,
    sequence: int,
    field: str,
    start: int | None = None,
    end: int | None = None,
    span: str | None = None,
) -> Redaction:
    """Check a redaction of text ``field`` of event ``sequence`` in ``history`` (the complaint's events as
    they stand, earlier masks included) and compute the masked text.

    The span is ``[start, end)`` of the text as it stands, or the first occurrence of the exact ``span``.

    Raises:
        RuleViolation: no such event or text, or the span is not inside it.
    """
    if type(sequence) is not int or not 1 <= sequence <= len(history):
        raise RuleViolation("details.sequence", "must name an earlier event of this complaint")
    if field not in REDACTABLE_FIELDS:
        raise RuleViolation("details.field", "must be one of reason, details.title, details.description")
    text = text_of(history[sequence - 1], field)
    if text is None:
        raise RuleViolation("details.field", "the event has no such text")
    first, last = _span(text, start, end, span)
    return Redaction(
        sequence=sequence, field=field, start=first, end=last, masked_text=mask(text, first, last)
    )


def redacted_history(history: Sequence[Event], redaction: Redaction) -> list[Event]:
    """``history`` with the redaction's target text replaced by its masked text."""
    out = list(history)
    index = redaction.sequence - 1
    out[index] = with_text(out[index], redaction.field, redaction.masked_text)
    return out
