"""Kemendagri region codes: parse, normalise, level and parent (Kepmendagri 300.2.2-2138/2025, domain.md §8).

A code is ``PP`` (provinsi), ``PP.KK`` (kabupaten 01–69, kota 71–99), ``PP.KK.CC`` (kecamatan) or
``PP.KK.CC.DDDD`` (village: first digit 1 = kelurahan, 2 = desa, 3 = desa adat). Codes arrive with or
without dots (``3603`` = ``36.03``); inside sp4n they are always dotted, so that an ancestor is a prefix.

>>> normalize_code("3404012001")
'34.04.01.2001'
>>> level_of("34.71")
<Level.kota: 'kota'>
>>> ancestors("34.04.01.2001")
('34', '34.04', '34.04.01')
>>> normalize_code("34.70")
Traceback (most recent call last):
...
sp4n.exceptions.RuleViolation: region_code: '34.70': kabupaten/kota digits must be 01-69 (kabupaten) or ...
"""

from __future__ import annotations

import re
from enum import StrEnum

from sp4n.exceptions import RuleViolation

__all__ = [
    "Level",
    "ancestors",
    "as_dotted",
    "depth_of",
    "is_within",
    "level_of",
    "normalize_code",
    "parent_of",
    "problem_with",
]


class Level(StrEnum):
    """The administrative level a code names (desa adat is a kind of desa with its own first digit)."""

    provinsi = "provinsi"
    kabupaten = "kabupaten"
    kota = "kota"
    kecamatan = "kecamatan"
    kelurahan = "kelurahan"
    desa = "desa"
    desa_adat = "desa_adat"

    @property
    def depth(self) -> int:
        """1 for provinsi, 2 for kabupaten/kota, 3 for kecamatan, 4 for villages."""
        return _DEPTHS[self]


_DEPTHS = {
    Level.provinsi: 1,
    Level.kabupaten: 2,
    Level.kota: 2,
    Level.kecamatan: 3,
    Level.kelurahan: 4,
    Level.desa: 4,
    Level.desa_adat: 4,
}
_VILLAGE_LEVELS = {"1": Level.kelurahan, "2": Level.desa, "3": Level.desa_adat}
_DOTTED = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_PLAIN = re.compile(r"\d{2}(?:\d{2}(?:\d{2}(?:\d{4})?)?)?")
#: Dotted code length → depth.
_DEPTH_BY_LENGTH = {2: 1, 5: 2, 8: 3, 13: 4}


def as_dotted(raw: str) -> str | None:
    """The dotted spelling of a code written with or without dots, ``None`` when it has neither shape.

    >>> as_dotted("3404"), as_dotted("34.04"), as_dotted("34-04")
    ('34.04', '34.04', None)
    """
    if _DOTTED.fullmatch(raw):
        return raw
    if _PLAIN.fullmatch(raw):
        parts = [raw[:2], raw[2:4], raw[4:6], raw[6:]]
        return ".".join(p for p in parts if p)
    return None


def problem_with(code: str) -> str | None:
    """Why a dotted code breaks the level-digit rules, or ``None`` when it is well formed.

    >>> problem_with("34.04.01.4001")
    'village digits must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)'
    """
    if not _DOTTED.fullmatch(code):
        return "is not a Kemendagri code (PP[.KK[.CC[.DDDD]]], dots optional)"
    if code[:2] == "00":
        return "province digits must not be 00"
    if len(code) >= 5 and code[3:5] in ("00", "70"):
        return "kabupaten/kota digits must be 01-69 (kabupaten) or 71-99 (kota)"
    if len(code) >= 8 and code[6:8] == "00":
        return "kecamatan digits must not be 00"
    if len(code) == 13 and code[9] not in _VILLAGE_LEVELS:
        return "village digits must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)"
    return None


def normalize_code(raw: str, field: str = "region_code") -> str:
    """The dotted form of a code given with or without dots; raises :class:`RuleViolation` naming ``field``.

    >>> normalize_code(" 36.03 ")
    '36.03'
    """
    code = as_dotted(raw.strip())
    problem = "is not a Kemendagri code (PP[.KK[.CC[.DDDD]]], dots optional)"
    if code is not None:
        problem = problem_with(code) or ""
        if not problem:
            return code
    raise RuleViolation(field, f"{raw!r}: {problem}")


def depth_of(code: str) -> int:
    """1–4 for a dotted code (provinsi … village).

    >>> depth_of("34.04.01")
    3
    """
    return _DEPTH_BY_LENGTH[len(code)]


def level_of(code: str) -> Level:
    """The :class:`Level` of a well-formed dotted code.

    >>> level_of("51.03"), level_of("34.04.01.3001")
    (<Level.kabupaten: 'kabupaten'>, <Level.desa_adat: 'desa_adat'>)
    """
    depth = depth_of(code)
    if depth == 1:
        return Level.provinsi
    if depth == 2:
        return Level.kota if code[3] >= "7" else Level.kabupaten
    if depth == 3:
        return Level.kecamatan
    return _VILLAGE_LEVELS[code[9]]


def parent_of(code: str) -> str | None:
    """The code one level up, ``None`` for a province.

    >>> parent_of("34.04.01.2001"), parent_of("34")
    ('34.04.01', None)
    """
    return None if len(code) == 2 else code[: code.rindex(".")]


def ancestors(code: str) -> tuple[str, ...]:
    """Every ancestor from the province down, excluding the code itself."""
    return tuple(code[:n] for n in (2, 5, 8) if n < len(code))


def is_within(code: str, area: str) -> bool:
    """True when ``code`` is ``area`` or lies inside it (both dotted); ``""`` is the whole country.

    >>> is_within("34.04.01", "34.04"), is_within("34.71", "34.04"), is_within("34", "")
    (True, False, True)
    """
    return not area or code == area or code.startswith(area + ".")
