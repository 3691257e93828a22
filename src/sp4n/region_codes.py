"""Kemendagri region codes: the one grammar every layer checks a code with (Kepmendagri 300.2.2-2138/2025).

A code is ``PP`` (provinsi), ``PP.KK`` (kabupaten 01–69, kota 71–99), ``PP.KK.CC`` (kecamatan) or
``PP.KK.CC.DDDD`` (village: first digit 1 = kelurahan, 2 = desa, 3 = desa adat). Codes arrive with or
without dots (``3603`` = ``36.03``); inside sp4n they are always dotted, so that an ancestor is a prefix.

Like :mod:`sp4n.identity` (the NIK) and :mod:`sp4n.tracking` (tracking numbers), this is the format of an
identifier people write, so it sits at the top of the package where every layer may use it: the lifecycle
checks a complaint's ``region_code`` with it, :mod:`sp4n.commands` and :mod:`sp4n.identity` (the NIK's region
part) too, and :mod:`sp4n.jurisdiction.codes` adds levels, parents and areas on top of it.

>>> normalize_code("3404012001")
'34.04.01.2001'
>>> normalize_code("34.70")
Traceback (most recent call last):
...
sp4n.exceptions.RuleViolation: region_code: '34.70': angka kabupaten/kota harus 01-69 (kabupaten) atau ...
"""

from __future__ import annotations

import re

from sp4n.exceptions import RuleViolation

__all__ = ["DOTTED_CODE", "VILLAGE_DIGITS", "as_dotted", "normalize_code", "problem_with", "read_code"]

#: First digit of a village code: 1 kelurahan, 2 desa, 3 desa adat.
VILLAGE_DIGITS = "123"

#: Each level's digits, from the province down: (pattern, the rule it states). The grammar below is built from
#: this table only.
_PARTS: tuple[tuple[str, str], ...] = (
    (r"(?!00)\d{2}", "province digits must not be 00"),
    (r"(?!00|70)\d{2}", "kabupaten/kota digits must be 01-69 (kabupaten) or 71-99 (kota)"),
    (r"(?!00)\d{2}", "kecamatan digits must not be 00"),
    (
        rf"[{VILLAGE_DIGITS}]\d{{3}}",
        "village digits must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)",
    ),
)
# ASCII: ``\d`` would otherwise also take Arabic-Indic and other Unicode digits.
_PART_CHECKS = tuple((re.compile(pattern, re.ASCII), rule) for pattern, rule in _PARTS)
_WIDTHS = (2, 2, 2, 4)


def _nested(parts: list[str], separator: str) -> str:
    """``A(?:sB(?:sC(?:sD)?)?)?``: a code stops after any level."""
    head, *rest = parts
    return head + "".join(f"(?:{separator}{part}" for part in rest) + ")?" * len(rest)


#: A well-formed dotted code, every level-digit rule included (``DOTTED_CODE.fullmatch(code)``).
DOTTED_CODE = re.compile(_nested([pattern for pattern, _ in _PARTS], r"\."), re.ASCII)
_SHAPE = "PP[.KK[.CC[.DDDD]]]"
_DOTTED = re.compile(_nested([rf"\d{{{n}}}" for n in _WIDTHS], r"\."), re.ASCII)
_PLAIN = re.compile(_nested([rf"\d{{{n}}}" for n in _WIDTHS], ""), re.ASCII)


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
    """Why a *dotted* code is not a Kemendagri code, or ``None`` when it is well formed.

    >>> problem_with("34.04.01.4001")
    'village digits must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)'
    >>> problem_with("3404"), problem_with("34.04")
    ('is not a dotted Kemendagri code PP[.KK[.CC[.DDDD]]]', None)
    """
    if DOTTED_CODE.fullmatch(code):
        return None
    if not _DOTTED.fullmatch(code):
        return f"is not a dotted Kemendagri code {_SHAPE}"
    parts = zip(code.split("."), _PART_CHECKS, strict=False)
    return next(rule for part, (check, rule) in parts if not check.fullmatch(part))


def read_code(raw: str) -> tuple[str, None] | tuple[None, str]:
    """``(dotted code, None)`` for a code written with or without dots, else ``(None, why not)``.

    >>> read_code("3404"), read_code("34-04")
    (('34.04', None), (None, 'is not a Kemendagri code (PP[.KK[.CC[.DDDD]]], dots optional)'))
    """
    code = as_dotted(raw)
    if code is None:
        return None, f"is not a Kemendagri code ({_SHAPE}, dots optional)"
    problem = problem_with(code)
    return (code, None) if problem is None else (None, problem)


def normalize_code(raw: str, field: str = "region_code") -> str:
    """The dotted form of a code given with or without dots; raises :class:`RuleViolation` naming ``field``.

    >>> normalize_code(" 36.03 ")
    '36.03'
    """
    code, problem = read_code(raw.strip())
    if code is None:
        raise RuleViolation(field, "{raw!r}: {problem}", raw=raw, problem=problem)
    return code
