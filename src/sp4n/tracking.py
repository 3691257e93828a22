"""Tracking numbers a citizen can read out over the phone, with a check character.

A tracking number is eight payload characters and one check character from a 31-symbol alphabet that leaves
out the look-alikes ``0 O 1 I L`` (nothing to confuse when written, typed or dictated). 31 is prime, so a
*weighted* sum modulo 31 catches every single wrong character and every swap of two characters, adjacent or
not: position ``i`` (the check character is position 0) carries weight ``i + 1``; the weights are distinct
and non-zero modulo 31, so a change ``d`` at one position alters the sum by ``w·d ≢ 0`` and a swap alters it
by ``(wᵢ − wⱼ)·(aⱼ − aᵢ) ≢ 0``. A typo is therefore *detected* (``is_valid`` is false, :func:`parse`
raises), never quietly resolved to someone else's complaint.

Numbers are stored canonically (upper case, no separators) and shown in groups of three:

>>> tid = with_check("7KQ4M9XP")
>>> tid
'7KQ4M9XPX'
>>> display(tid)
'7KQ-4M9-XPX'
>>> is_valid("7kq-4m9-xpx"), is_valid("7KQ-4M9-XPE"), is_valid("7QK-4M9-XPX")
(True, False, False)
>>> parse(" 7kq 4m9 xpx ")
'7KQ4M9XPX'

Generation takes its randomness or its counter as an argument; nothing here reads global state.
"""

from __future__ import annotations

from typing import Protocol

from sp4n.exceptions import RuleViolation

__all__ = [
    "ALPHABET",
    "LENGTH",
    "PAYLOAD_LENGTH",
    "CounterTrackingNumbers",
    "RandomSource",
    "RandomTrackingNumbers",
    "check_character",
    "display",
    "encode_number",
    "is_valid",
    "normalise",
    "parse",
    "with_check",
]

#: 8 digits and 23 letters; no 0, O, 1, I or L. Its size, 31, is prime (the check needs that).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_BASE = len(ALPHABET)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
#: Payload characters before the check character.
PAYLOAD_LENGTH = 8
#: Characters in a canonical tracking number.
LENGTH = PAYLOAD_LENGTH + 1
_SEPARATORS = str.maketrans("", "", " -._")
_SPACE = _BASE**PAYLOAD_LENGTH


def _weighted_sum(chars: str, first_weight: int) -> int:
    return sum(_VALUE[ch] * (first_weight + i) for i, ch in enumerate(chars))


def check_character(payload: str) -> str:
    """The check character for ``payload`` (characters from :data:`ALPHABET`).

    >>> check_character("22222222")
    '2'
    """
    unknown = sorted(set(payload) - _VALUE.keys())
    if unknown:
        raise RuleViolation(
            "tracking_id", "characters {names!r} are not in the alphabet", names="".join(unknown)
        )
    if len(payload) >= _BASE - 1:
        raise RuleViolation("tracking_id", "a payload may have at most {limit} characters", limit=_BASE - 2)
    # The check character has weight 1 and the payload weights 2, 3, ...: make the total ≡ 0 (mod 31).
    return ALPHABET[(-_weighted_sum(payload, 2)) % _BASE]


def with_check(payload: str) -> str:
    """``payload`` followed by its check character."""
    return payload + check_character(payload)


def normalise(text: str) -> str:
    """Upper-case ``text`` and drop the separators people add (spaces, ``-``, ``.``, ``_``).

    >>> normalise("7kq-4m9 xpx")
    '7KQ4M9XPX'
    """
    return text.translate(_SEPARATORS).upper()


def is_valid(tracking_id: str) -> bool:
    """True when ``tracking_id`` (canonical or as a person typed it) has the right length and check."""
    text = normalise(tracking_id)
    if len(text) != LENGTH or not set(text) <= _VALUE.keys():
        return False
    return (_VALUE[text[-1]] + _weighted_sum(text[:-1], 2)) % _BASE == 0


def parse(text: str) -> str:
    """The canonical form of a tracking number a person typed, or :class:`RuleViolation` naming the rule.

    >>> parse("7KQ-4M9-XP")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.RuleViolation: tracking_id: harus 9 karakter dari 23456789ABCDEFGHJKMNPQRSTUVWXYZ
    """
    canonical = normalise(text)
    if len(canonical) != LENGTH or not set(canonical) <= _VALUE.keys():
        raise RuleViolation(
            "tracking_id", "must have {length} characters from {alphabet}", length=LENGTH, alphabet=ALPHABET
        )
    if not is_valid(canonical):
        raise RuleViolation("tracking_id", "check character does not match (a typo?)")
    return canonical


def display(tracking_id: str) -> str:
    """Groups of three separated by ``-``, the way it is read out."""
    text = normalise(tracking_id)
    return "-".join(text[i : i + 3] for i in range(0, len(text), 3))


def encode_number(number: int) -> str:
    """The payload for ``number`` (0 ≤ number < 31⁸), written in base 31 with leading padding.

    >>> encode_number(0), encode_number(31)
    ('22222222', '22222232')
    """
    if not 0 <= number < _SPACE:
        raise RuleViolation("tracking_id", "number must be in [0, {space})", space=_SPACE)
    digits = []
    for _ in range(PAYLOAD_LENGTH):
        number, digit = divmod(number, _BASE)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


class RandomSource(Protocol):
    """What :class:`RandomTrackingNumbers` needs from a random generator (``random.Random`` fits)."""

    def randrange(self, start: int, stop: int = ..., step: int = ...) -> int: ...


class RandomTrackingNumbers:
    """Tracking numbers drawn from an injected random source (use :class:`random.SystemRandom` in production).

    >>> import random
    >>> gen = RandomTrackingNumbers(random.Random(7))
    >>> tid = gen.new()
    >>> gen.is_valid(tid), len(tid)
    (True, 9)
    """

    def __init__(self, source: RandomSource) -> None:
        self._source = source

    def new(self) -> str:
        """A fresh tracking number; the caller checks it is not taken (the space holds 31⁸ ≈ 8.5·10¹¹)."""
        return with_check(encode_number(self._source.randrange(0, _SPACE)))

    def is_valid(self, tracking_id: str) -> bool:
        """See :func:`is_valid`."""
        return is_valid(tracking_id)


class CounterTrackingNumbers:
    """Unique tracking numbers from a counter, scrambled so consecutive complaints do not look consecutive.

    Multiplying by a constant coprime to 31⁸ is a bijection on the number space: no two counter values give
    the same tracking number, so no uniqueness check is needed while the counter stays below 31⁸.

    >>> gen = CounterTrackingNumbers(start=1)
    >>> first, second = gen.new(), gen.new()
    >>> first != second and gen.is_valid(first) and gen.is_valid(second)
    True
    """

    #: A multiplier coprime to 31 (hence to 31⁸); its value only spreads the numbers out.
    _MULTIPLIER = 0x5DEECE66D

    def __init__(self, start: int = 0) -> None:
        self._next = start

    def new(self) -> str:
        """The tracking number for the next counter value."""
        number, self._next = self._next, self._next + 1
        return with_check(encode_number((number * self._MULTIPLIER + 12345) % _SPACE))

    def is_valid(self, tracking_id: str) -> bool:
        """See :func:`is_valid`."""
        return is_valid(tracking_id)
