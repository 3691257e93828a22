"""Values for storage tests: walked complaints under any id, hostile text and ids, whole stored histories.

>>> complaint, events = walked("c-9", Status.disposed)
>>> complaint.id, [e.sequence for e in events], events[0].details.tracking_id
('c-9', [1, 2, 3], 'LAP-c-9')
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import strategies as st

from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.events import Event, SubmitDetails
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import a_complaint_in, histories

__all__ = ["T0", "hostile_text", "identifiers", "renamed", "stored_histories", "walked"]

T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)

#: Text that has broken storage layers before: quotes, SQL, placeholders, escapes, NUL, astral planes.
_NASTY = [
    "'; DROP TABLE sp4n_complaints; --",
    "Robert'); DELETE FROM sp4n_events; --",
    "%s %(x)s ? :1 $1",
    '\\" \\\\ \\n',
    "\x00nul\x00",
    "jalan \U0001f6a7 rusak",
    "\u202eterbalik",
    "\ud800 lone surrogate",
    "a" * 5000,
]


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any text, lone surrogates included (no category excluded), and known troublemakers."""
    return st.text(st.characters(exclude_categories=[]), max_size=max_size) | st.sampled_from(_NASTY)


def identifiers() -> st.SearchStrategy[str]:
    """Unique ids with printable hostile suffixes (no control or surrogate characters: they are keys)."""
    suffix = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
    return st.builds(lambda u, s: f"{u}{s}", st.uuids().map(str), suffix)


def renamed(
    complaint: Complaint, events: list[Event], complaint_id: str, tracking_id: str
) -> tuple[Complaint, list[Event]]:
    """The same complaint and history under another id and tracking number."""
    out = []
    for e in events:
        details = e.details
        if isinstance(details, SubmitDetails):
            details = attrs.evolve(details, tracking_id=tracking_id)
        out.append(attrs.evolve(e, complaint_id=complaint_id, details=details))
    return attrs.evolve(complaint, id=complaint_id, tracking_id=tracking_id), out


def walked(
    complaint_id: str, status: Status, *, at: datetime = T0, rahasia: bool = False, anonim: bool = False
) -> tuple[Complaint, list[Event]]:
    """A complaint walked to ``status`` by the lifecycle (see ``a_complaint_in``), under ``complaint_id``."""
    complaint, events = a_complaint_in(status, at=at, rahasia=rahasia, anonim=anonim)
    return renamed(complaint, events, complaint_id, f"LAP-{complaint_id}")


@st.composite
def stored_histories(draw: st.DrawFn) -> tuple[Complaint, list[Event]]:
    """A valid history (from the lifecycle strategies) under a unique id, with hostile reasons and text."""
    events = draw(histories(max_steps=6))
    complaint = replay(events)
    events = [attrs.evolve(e, reason=draw(st.none() | hostile_text())) for e in events]
    complaint = attrs.evolve(
        complaint,
        title=draw(hostile_text()),
        description=draw(hostile_text(2000)),
        category=draw(hostile_text(50)),
    )
    return renamed(complaint, events, draw(identifiers()), draw(identifiers()))
