"""The JSON texts of the values every saved row repeats, kept by value: strings and UTC instants.

A command writes the complaint's state row and its event, and most of their strings (ids, title,
description, category, statuses) and instants (submission, the event's instant, which is also the
complaint's ``updated_at``) are the same from one command to the next. Escaping a string and formatting an
instant cost far more than a dictionary look-up, so the writers
(:func:`sp4n.adapters.storage._codec.complaint_json`, :func:`sp4n.lifecycle.seals.sealed_payload`) look their
texts up here. The caches are keyed by the value
itself, never by a complaint or an event, so they cannot serve a stale text; each starts over when full.

>>> TEXTS["Jalan \\u00e9"], TEXTS[None]
('"Jalan \\\\u00e9"', 'null')
>>> from datetime import datetime, timedelta, timezone
>>> instant_text(datetime(2026, 3, 2, 10, tzinfo=timezone(timedelta(hours=7))))
'"2026-03-02T03:00:00+00:00"'
"""

from __future__ import annotations

from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii

__all__ = ["MAX_CHARS", "MAX_ENTRIES", "TEXTS", "instant_text"]

#: Entries a cache holds before it starts over (a save adds a few: its complaint's new texts and instant).
MAX_ENTRIES = 8192
#: Characters of strings the text cache holds before it starts over (descriptions can be long).
MAX_CHARS = 4_000_000


class _Texts(dict[str | None, str]):
    """``str`` → its canonical JSON text (ASCII, escaped), and ``None`` → ``null``.

    Anything but an exact ``str`` that is not already a key raises :class:`TypeError`: the writers then
    take their general path, which encodes such a value (or refuses it) as it always did. Only exact
    strings are stored, so a look-up that hits found a key equal to an exact string: a string of the same
    characters, whose text is the same.
    """

    __slots__ = ("chars",)

    def __init__(self) -> None:
        super().__init__({None: "null"})
        self.chars = 0

    def __missing__(self, value: object) -> str:
        if type(value) is not str:
            raise TypeError(f"not a plain string: {type(value).__name__}")
        text: str = encode_basestring_ascii(value)
        if len(self) >= MAX_ENTRIES or self.chars >= MAX_CHARS:
            self.clear()
            self[None] = "null"
            self.chars = 0
        self.chars += len(value)
        self[value] = text
        return text


TEXTS = _Texts()

_INSTANTS: dict[datetime, str] = {}


def instant_text(value: datetime) -> str:
    """``value`` as the writers store an instant: the JSON string of its ISO 8601 form in UTC.

    Only instants whose ``tzinfo`` is :data:`datetime.UTC` are stored: two of them that compare equal are the
    same instant (a zone with a fold can compare two different instants equal, and a naive value equals
    no aware one), so a hit is the text of the same instant in UTC. Anything but an exact ``datetime`` raises
    :class:`TypeError`, for the writers' general path.
    """
    if type(value) is not datetime:  # a subclass may format itself otherwise: the general path writes it
        raise TypeError(f"not a datetime: {type(value).__name__}")
    text = _INSTANTS.get(value)
    if text is None:
        text = '"' + value.astimezone(UTC).isoformat() + '"'
        if value.tzinfo is UTC:
            if len(_INSTANTS) >= MAX_ENTRIES:
                _INSTANTS.clear()
            _INSTANTS[value] = text
    return text
