"""How many SMS parts a text takes (3GPP TS 23.038 GSM 7-bit alphabet, or UCS-2 when it does not fit).

A single GSM-7 SMS holds 160 septets; concatenated parts lose 7 septets to the UDH and hold 153 each.
Characters of the extension table (``^ { } [ ] ~ | € \\`` and form feed) take two septets (ESC + char), and
an ESC pair is never split across parts. A text with any character outside GSM-7 goes as UCS-2: 70 UTF-16
units alone, 67 per concatenated part (a surrogate pair is never split either).

>>> sms_length("Laporan 1708-ABC diterima.")
SmsLength(encoding='gsm7', units=26, parts=1)
>>> sms_length("x" * 161).parts
2
>>> sms_length("[" * 80)
SmsLength(encoding='gsm7', units=160, parts=1)
>>> sms_length("Terima kasih 🙏").encoding
'ucs2'
"""

from __future__ import annotations

import attrs

__all__ = ["GSM7_BASIC", "GSM7_EXTENSION", "SmsLength", "sms_length"]

#: The GSM 03.38 default alphabet (ESC at 0x1B is left out: it only introduces extension characters).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The GSM 03.38 extension table: each costs two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

_SINGLE = {"gsm7": 160, "ucs2": 70}
_PART = {"gsm7": 153, "ucs2": 67}


@attrs.frozen
class SmsLength:
    """``units`` are septets (gsm7) or UTF-16 code units (ucs2); ``parts`` the number of SMS needed."""

    encoding: str
    units: int
    parts: int


def _costs(text: str) -> tuple[str, list[int]]:
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return "gsm7", [2 if c in GSM7_EXTENSION else 1 for c in text]
    return "ucs2", [2 if ord(c) > 0xFFFF else 1 for c in text]


def _count_parts(costs: list[int], capacity: int) -> int:
    parts, used = 1, 0
    for cost in costs:
        if used + cost > capacity:  # an ESC pair or surrogate pair moves whole to the next part
            parts, used = parts + 1, 0
        used += cost
    return parts


def sms_length(text: str) -> SmsLength:
    """The encoding, length in units and number of parts ``text`` needs as an SMS.

    >>> sms_length("").parts
    1
    >>> sms_length("a" * 152 + "€" + "a" * 152)  # 306 septets, yet 3 parts: the € pair is not split
    SmsLength(encoding='gsm7', units=306, parts=3)
    """
    encoding, costs = _costs(text)
    units = sum(costs)
    if units <= _SINGLE[encoding]:
        return SmsLength(encoding, units, 1)
    return SmsLength(encoding, units, _count_parts(costs, _PART[encoding]))
