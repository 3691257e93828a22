"""The 38 provinces of Indonesia and their time zones, written from public facts.

Codes are Kemendagri's (Kepmendagri 300.2.2-2138/2025); zones follow Keppres 41/1987:
WIB (UTC+7, ``Asia/Jakarta``; ``Asia/Pontianak`` for 61 and 62), WITA (UTC+8, ``Asia/Makassar``),
WIT (UTC+9, ``Asia/Jayapura``). Indonesia keeps no daylight saving.

>>> PROVINCES["34"].name
'Daerah Istimewa Yogyakarta'
>>> timezone_for_region("73.71.01.1001")
'Asia/Makassar'
>>> zone_abbreviation("Asia/Jayapura")
'WIT'
"""

from __future__ import annotations

from types import MappingProxyType

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction.codes import DOTTED_CODE, normalize_code

__all__ = ["PROVINCES", "Province", "province_code_of", "timezone_for_region", "zone_abbreviation"]

WIB = "Asia/Jakarta"
WIB_PONTIANAK = "Asia/Pontianak"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"

_ABBREVIATIONS = {WIB: "WIB", WIB_PONTIANAK: "WIB", WITA: "WITA", WIT: "WIT"}


@attrs.frozen
class Province:
    """A province: two-digit code, official name, IANA time zone."""

    code: str
    name: str
    timezone: str


_TABLE = [
    ("11", "Aceh", WIB),
    ("12", "Sumatera Utara", WIB),
    ("13", "Sumatera Barat", WIB),
    ("14", "Riau", WIB),
    ("15", "Jambi", WIB),
    ("16", "Sumatera Selatan", WIB),
    ("17", "Bengkulu", WIB),
    ("18", "Lampung", WIB),
    ("19", "Kepulauan Bangka Belitung", WIB),
    ("21", "Kepulauan Riau", WIB),
    ("31", "DKI Jakarta", WIB),
    ("32", "Jawa Barat", WIB),
    ("33", "Jawa Tengah", WIB),
    ("34", "Daerah Istimewa Yogyakarta", WIB),
    ("35", "Jawa Timur", WIB),
    ("36", "Banten", WIB),
    ("51", "Bali", WITA),
    ("52", "Nusa Tenggara Barat", WITA),
    ("53", "Nusa Tenggara Timur", WITA),
    ("61", "Kalimantan Barat", WIB_PONTIANAK),
    ("62", "Kalimantan Tengah", WIB_PONTIANAK),
    ("63", "Kalimantan Selatan", WITA),
    ("64", "Kalimantan Timur", WITA),
    ("65", "Kalimantan Utara", WITA),
    ("71", "Sulawesi Utara", WITA),
    ("72", "Sulawesi Tengah", WITA),
    ("73", "Sulawesi Selatan", WITA),
    ("74", "Sulawesi Tenggara", WITA),
    ("75", "Gorontalo", WITA),
    ("76", "Sulawesi Barat", WITA),
    ("81", "Maluku", WIT),
    ("82", "Maluku Utara", WIT),
    ("91", "Papua", WIT),
    ("92", "Papua Barat", WIT),
    ("93", "Papua Selatan", WIT),
    ("94", "Papua Tengah", WIT),
    ("95", "Papua Pegunungan", WIT),
    ("96", "Papua Barat Daya", WIT),
]

#: Province code → :class:`Province`, read-only.
PROVINCES = MappingProxyType({code: Province(code, name, tz) for code, name, tz in _TABLE})


def province_code_of(region_code: str) -> str:
    """The province part of a well-formed region code (dotted or not); raises :class:`RuleViolation`.

    >>> province_code_of("3404")
    '34'
    """
    # A dotted code is the common case (the one stored); others are normalised, or refused naming the rule.
    dotted = region_code if DOTTED_CODE.fullmatch(region_code) else normalize_code(region_code)
    province = dotted[:2]
    if province not in PROVINCES:
        raise RuleViolation(
            "region_code",
            "{region_code!r}: there is no province {province}",
            region_code=region_code,
            province=province,
        )
    return province


def timezone_for_region(region_code: str) -> str:
    """The IANA zone of the province a region lies in (the zone follows the province)."""
    return PROVINCES[province_code_of(region_code)].timezone


def zone_abbreviation(timezone: str) -> str:
    """WIB, WITA or WIT for an Indonesian IANA zone; the zone name itself otherwise."""
    return _ABBREVIATIONS.get(timezone, timezone)
