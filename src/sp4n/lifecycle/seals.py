"""Chain format 2: the hash chain commits to each free text by a salted digest, so a text can be masked
(:mod:`sp4n.lifecycle.redaction`) and its original erased without breaking the chain.

Format 1 (the events written before format 2) hashes the event's canonical JSON, texts included: masking a
text there would break the chain, so those texts cannot be redacted. Format 2 hashes the same JSON with
every free text (``reason``, ``details.title``, ``details.description``) replaced by ``"sha256:" +``
SHA-256(salt ‖ UTF-8 text), plus ``"format": 2``. The event row keeps the texts and salts beside that JSON
(:func:`row_json`), outside what the hash covers. Verification (:func:`text_problem`) checks every text:

* a text still whole must hash, with its salt, to its digest (editing any byte of it is found);
* a redacted text has no salt in the row (the original and its salt moved to an erasable store): it must
  hash to the ``masked_digest`` of the latest ``redact`` event for it, and so must not still be the original.

The salt is 16 random bytes (the storage adapters draw them): once it is erased with the original, the
digest left in the chain cannot be used to guess the masked words (a name or a phone number is otherwise a
short dictionary search away).

>>> from sp4n.testing.lifecycle import walked
>>> _, events = walked("c-1", "forwarded")
>>> seals = seal(events[0], lambda: "00" * 16)
>>> [s.field for s in seals]
['details.title', 'details.description']
>>> event, again = from_row(row_json(events[0], seals))
>>> (event, again) == (events[0], seals)
True
>>> '"sha256:' in sealed_payload(events[0], seals) and "Lubang" not in sealed_payload(events[0], seals)
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from json.encoder import encode_basestring_ascii
from typing import Any

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle._encoded import TEXTS, instant_text
from sp4n.lifecycle.events import (
    CloseDetails,
    CoAgencyDetails,
    DisposeDetails,
    EscalateDetails,
    Event,
    NoDetails,
    OmbudsmanDetails,
    RedactDetails,
    Seal,
    StoredEvent,
    canonical_json,
    details_field_names,
    event_from_dict,
    event_to_dict,
)
from sp4n.lifecycle.redaction import REDACTABLE_FIELDS, text_digest, text_of, with_text
from sp4n.texts import Phrase

__all__ = [
    "FORMAT",
    "from_row",
    "mask_stored",
    "row_json",
    "seal",
    "seal_digest",
    "sealed_payload",
    "text_problem",
]

#: The chain format whose hash commits to texts by salted digests.
FORMAT = 2
_PREFIX = "sha256:"


def seal_digest(salt: str, text: str) -> str:
    """SHA-256 (hex) of the salt's bytes followed by ``text`` in UTF-8."""
    return hashlib.sha256(bytes.fromhex(salt) + text.encode("utf-8", "surrogatepass")).hexdigest()


#: Each redactable field and the attribute of the event's details that holds it (``None``: the reason), so a
#: save does not parse the field names for every event (what :func:`text_of` reads, in the same order).
_TEXTS = tuple((f, None if f == "reason" else f.removeprefix("details.")) for f in REDACTABLE_FIELDS)


def seal(event: Event, new_salt: Callable[[], str]) -> tuple[Seal, ...]:
    """A seal for every free text ``event`` holds, each with a fresh salt from ``new_salt`` (hex)."""
    details = event.details
    reason = event.reason
    if type(details) in _PLAIN_DETAILS:  # details without a free text (most actions): the reason alone
        if not isinstance(reason, str):
            return ()
        salt = new_salt()
        return (Seal(field="reason", digest=seal_digest(salt, reason), salt=salt),)
    out = []
    for field, attribute in _TEXTS:
        text = reason if attribute is None else getattr(details, attribute, None)
        if isinstance(text, str):
            salt = new_salt()
            out.append(Seal(field=field, digest=seal_digest(salt, text), salt=salt))
    return tuple(out)


#: Details classes with no text attribute :func:`seal` reads (a subclass may add one: it is not here).
_PLAIN_DETAILS = frozenset(
    cls
    for cls in (NoDetails, DisposeDetails, CloseDetails, EscalateDetails, OmbudsmanDetails, CoAgencyDetails)
    if not any(attribute in details_field_names(cls) for _, attribute in _TEXTS if attribute is not None)
)


def _get(data: Mapping[str, Any], field: str) -> Any:
    if field.startswith("details."):
        return data["details"].get(field.removeprefix("details."))
    return data[field]


def _put(data: dict[str, Any], field: str, value: object) -> None:
    if field.startswith("details."):
        data["details"][field.removeprefix("details.")] = value
    else:
        data[field] = value


def _sealed_dict(event: Event, seals: Sequence[Seal]) -> dict[str, Any]:
    data = event_to_dict(event)
    for s in seals:
        _put(data, s.field, _PREFIX + s.digest)
    data["format"] = FORMAT
    return data


def sealed_payload(event: Event, seals: Sequence[Seal]) -> str:
    """What the chain hash of a format-2 event covers: its JSON with each text replaced by its digest."""
    try:
        return _sealed_text(event, seals)
    except Exception:  # a value of another type: the general encoder writes (or refuses) it as ever
        return canonical_json(_sealed_dict(event, seals))


#: The details texts a seal may stand in for, by field name (what :func:`_put` writes into the details).
_DETAILS_TEXTS = {f: f.removeprefix("details.") for f in REDACTABLE_FIELDS if f.startswith("details.")}


def _sealed_text(event: Event, seals: Sequence[Seal]) -> str:
    """:func:`sealed_payload` written in key order from cached texts (:mod:`sp4n.lifecycle._encoded`);
    raises on any value whose type the general encoder might write otherwise."""
    t, actor, details = TEXTS, event.actor, event.details
    sealed_details: dict[str, str] | None = None
    reason = None
    for s in seals:
        digest = encode_basestring_ascii(_PREFIX + s.digest)
        if s.field == "reason":
            reason = digest
        else:
            if sealed_details is None:
                sealed_details = {}
            sealed_details[_DETAILS_TEXTS[s.field]] = s.digest
    details_text = (
        "{}"
        if type(details) is NoDetails and sealed_details is None
        else _details_text(details, sealed_details)
    )
    sequence = event.sequence
    if type(sequence) is not int:  # bool and int subclasses print otherwise in an f-string
        raise TypeError(type(sequence).__name__)
    before = "null" if event.from_status is None else t[str(event.from_status)]
    reason = t[event.reason] if reason is None else reason
    return (
        f'{{"action":{t[str(event.action)]},"actor":{{"agency_id":{t[actor.agency_id]},"id":{t[actor.id]}'
        f',"role":{t[str(actor.role)]},"unit_id":{t[actor.unit_id]}}},"complaint_id":{t[event.complaint_id]}'
        f',"details":{details_text},"format":{FORMAT},"from_status":{before}'
        f',"occurred_at":{instant_text(event.occurred_at)},"reason":{reason}'
        f',"sequence":{sequence},"to_status":{t[str(event.to_status)]}}}'
    )


#: Each details class's field names in sorted order, with their JSON keys (``"name":``).
_SORTED_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}


def _details_text(details: Any, sealed: dict[str, str] | None) -> str:
    """The canonical JSON of the details as :func:`_sealed_dict` has them (a sealed text as its digest);
    raises for a value that is not a string, ``None``, a bool, an int or a tuple of strings."""
    keys = _SORTED_KEYS.get(type(details))
    if keys is None:
        names = sorted(details_field_names(type(details)))
        keys = _SORTED_KEYS[type(details)] = tuple((n, encode_basestring_ascii(n) + ":") for n in names)
    if sealed is not None and not sealed.keys() <= {name for name, _ in keys}:
        raise TypeError("a seal over a text the details do not have")
    parts = []
    for name, key in keys:
        if sealed is not None and name in sealed:
            parts.append(key + encode_basestring_ascii(_PREFIX + sealed[name]))
        else:
            parts.append(key + _value_text(getattr(details, name)))
    return "{" + ",".join(parts) + "}"


def _value_text(value: object) -> str:
    """What the general path writes for a details value, for the types details hold but instants."""
    if value is None or type(value) is str:
        return TEXTS[value]
    if isinstance(value, str):  # a StrEnum member: the encoder writes its characters
        return encode_basestring_ascii(value)
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is tuple:  # of strings (unit ids); anything else in it raises
        return "[" + ",".join([TEXTS[v] for v in value]) + "]"
    if type(value) is date:
        return '"' + value.isoformat() + '"'
    raise TypeError(type(value).__name__)


def row_json(event: Event, seals: Sequence[Seal], sealed: str | None = None) -> str:
    """The stored text of a format-2 event: the sealed JSON, and beside it each text with its salt.

    ``sealed``: :func:`sealed_payload` of the same event and seals when the caller already has it (the writer
    hashed it a moment ago). Spliced in, the result is the canonical JSON of ``{"sealed", "texts"}``
    byte for byte: the keys are in sorted order and the nested object is encoded as on its own.
    """
    body = sealed_payload(event, seals) if sealed is None else sealed
    if not seals:  # an event without a free text (most of a lifecycle's steps)
        return '{"sealed":' + body + ',"texts":{}}'
    if len(seals) == 1:  # the usual one text (a reason): written directly, as canonical_json would
        try:
            return '{"sealed":' + body + ',"texts":' + _one_text(event, seals[0]) + "}"
        except TypeError:  # a salt or text of another type: the general encoder writes it
            pass
    texts = {s.field: [s.salt, text_of(event, s.field)] for s in seals}
    return '{"sealed":' + body + ',"texts":' + canonical_json(texts) + "}"


def _one_text(event: Event, s: Seal) -> str:
    salt = "null" if s.salt is None else encode_basestring_ascii(s.salt)
    return f"{{{TEXTS[s.field]}:[{salt},{TEXTS[text_of(event, s.field)]}]}}"


def from_row(text: str) -> tuple[Event, tuple[Seal, ...] | None]:
    """The event a stored row holds and its seals (``None``: format 1, the row is the event's JSON).

    Raises:
        RuleViolation: a format-2 row whose texts and seals do not pair up.
        ValueError, KeyError, TypeError: the row is not an event's JSON.
    """
    data = json.loads(text)
    if "sealed" not in data:
        return event_from_dict(data), None
    sealed, texts = data["sealed"], data["texts"]
    if sealed.pop("format") != FORMAT or not isinstance(texts, dict):
        raise RuleViolation("events.data", "unknown chain format")
    # The texts are put back in place of their digests in ``sealed`` itself: each digest is read before its
    # field is overwritten, and the freshly parsed dict is nobody else's (a deep copy was 60% of a read).
    plain = sealed
    seals = []
    for field in REDACTABLE_FIELDS:
        value = _get(sealed, field)
        if value is None and field not in texts:
            continue
        if not isinstance(value, str) or not value.startswith(_PREFIX) or field not in texts:
            raise RuleViolation("events.data", "a text and its seal do not pair up")
        salt, original = texts[field]
        _put(plain, field, original)
        seals.append(Seal(field=field, digest=value.removeprefix(_PREFIX), salt=salt))
    if set(texts) - {s.field for s in seals}:
        raise RuleViolation("events.data", "a text without a seal")
    return event_from_dict(plain), tuple(seals)


def _digest_or_none(salt: str, text: str) -> str | None:
    try:
        return seal_digest(salt, text)
    except (ValueError, TypeError):  # an edited salt that is not hex
        return None


def mask_stored(stored: StoredEvent, field: str, masked_text: str) -> tuple[StoredEvent, Seal]:
    """``stored`` with text ``field`` replaced by ``masked_text`` and that text's salt removed (hash, links
    and position unchanged); and the seal as it was (with the salt the kept original needs).

    Raises:
        RuleViolation: the event is of chain format 1 (its hash covers the text), or has no such text.
    """
    if stored.seals is None:
        raise RuleViolation(
            "details.sequence",
            "the event was stored before texts were sealed (chain format 1)",
        )
    old = next((s for s in stored.seals if s.field == field), None)
    if old is None:
        raise RuleViolation("details.field", "the event has no such text")
    seals = tuple(attrs.evolve(s, salt=None) if s.field == field else s for s in stored.seals)
    event = with_text(stored.event, field, masked_text)
    return attrs.evolve(stored, event=event, seals=seals), old


def _latest_masks(history: Sequence[StoredEvent]) -> dict[tuple[int, str], str]:
    masks: dict[tuple[int, str], str] = {}
    for item in history:
        details = item.event.details
        if isinstance(details, RedactDetails):
            masks[(details.sequence, details.field)] = details.masked_digest
    return masks


def text_problem(history: Sequence[StoredEvent]) -> tuple[int, Phrase] | None:
    """The first stored text of one complaint's ``history`` that its seal or redaction does not vouch for:
    ``(sequence, problem)``, or ``None``."""
    masks = _latest_masks(history)
    for item in history:
        for s in item.seals or ():
            text = text_of(item.event, s.field)
            masked = masks.get((item.event.sequence, s.field))
            if text is None:
                return item.event.sequence, Phrase("{field} is sealed but missing (edited)", field=s.field)
            if s.salt is not None:
                if masked is not None:
                    why = Phrase("{field} was redacted but the original is back (edited)", field=s.field)
                    return item.event.sequence, why
                if _digest_or_none(s.salt, text) != s.digest:
                    return item.event.sequence, Phrase(
                        "{field} does not match its seal (edited)", field=s.field
                    )
            elif masked is None or text_digest(text) != masked:
                return item.event.sequence, Phrase(
                    "{field} does not match its redaction (edited)", field=s.field
                )
    return None
