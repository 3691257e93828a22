"""Kemendagri region codes: level, parent and area of a code (Kepmendagri 300.2.2-2138/2025).

A code is ``PP`` (provinsi), ``PP.KK`` (kabupaten 01–69, kota 71–99), ``PP.KK.CC`` (kecamatan) or
``PP.KK.CC.DDDD`` (village: first digit 1 = kelurahan, 2 = desa, 3 = desa adat). Codes arrive with or
without dots (``3603`` = ``36.03``); inside sp4n they are always dotted, so that an ancestor is a prefix.

The grammar itself (what a well-formed code is) is written once, in :mod:`sp4n.region_codes`; it is
re-exported here so that jurisdiction code reads from one module.

>>> normalize_code("3404012001")
'34.04.01.2001'
>>> level_of("34.71")
<Level.kota: 'kota'>
>>> ancestors("34.04.01.2001")
('34', '34.04', '34.04.01')
>>> normalize_code("34.70")
Traceback (most recent call last):
...
sp4n.exceptions.RuleViolation: region_code: '34.70': angka kabupaten/kota harus 01-69 (kabupaten) atau ...
"""

from __future__ import annotations

from enum import StrEnum

from sp4n.region_codes import (
    DOTTED_CODE,
    VILLAGE_DIGITS,
    as_dotted,
    normalize_code,
    problem_with,
    read_code,
)

__all__ = [
    "DOTTED_CODE",
    "Level",
    "ancestors",
    "as_dotted",
    "depth_of",
    "is_within",
    "level_of",
    "normalize_code",
    "parent_of",
    "problem_with",
    "read_code",
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
_VILLAGE_LEVELS = dict(zip(VILLAGE_DIGITS, (Level.kelurahan, Level.desa, Level.desa_adat), strict=True))

#: Dotted code length → depth.
_DEPTH_BY_LENGTH = {2: 1, 5: 2, 8: 3, 13: 4}


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
