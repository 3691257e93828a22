"""The constrained field types every command is built from: identifiers, texts, region codes, dates.

Kept apart from :mod:`sp4n.commands` (the models and their parser) so each stays small; the rules are the
ones :mod:`sp4n.commands` documents. Strings are strict (no number or bytes taken for text), stripped,
bounded, and free of control and invisible characters; identifiers are short ASCII tokens.

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Identifier).validate_python(" pemkab-sleman ")
'pemkab-sleman'
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints

from sp4n.identity import has_unsafe_characters
from sp4n.jurisdiction.regions_builtin import default_regions
from sp4n.region_codes import problem_with

__all__ = [
    "Contact",
    "Identifier",
    "IsoDate",
    "Label",
    "LongText",
    "Nik",
    "Note",
    "RegionCode",
    "Sha256",
    "StorageKey",
    "Title",
]

_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def _one_line(value: str) -> str:
    if has_unsafe_characters(value):
        raise ValueError("must be one line without control or invisible formatting characters")
    return value


def _multi_line(value: str) -> str:
    if has_unsafe_characters(value, multiline=True):
        raise ValueError("must not contain control or invisible formatting characters")
    return value


def _region_code(value: str) -> str:
    problem = problem_with(value)
    if problem is not None:
        raise ValueError(problem)
    regions = default_regions()  # the built-in Kepmendagri list, or the newer one a host named
    if value not in regions:
        raise ValueError(f"is not a region in the {regions.version} list")
    return value


def _identifier(value: str) -> str:
    if not _IDENTIFIER.fullmatch(value):
        raise ValueError("must be an identifier (letters, digits, . _ : -; at most 64)")
    return value


def _iso_date(value: object) -> date:
    # pydantic's lax mode would read an integer as a Unix timestamp; a date arrives as text or a date.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be a date written YYYY-MM-DD")


_Strict = StringConstraints(strict=True, strip_whitespace=True)
#: An opaque id (complaint, agency, unit, reporter): ASCII token, 1-64 characters.
Identifier = Annotated[
    str, StringConstraints(strict=True, strip_whitespace=True), AfterValidator(_identifier)
]
#: A one-line text such as a title (1-200 characters).
Title = Annotated[str, _Strict, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
#: A short one-line label such as a category (1-100 characters).
Label = Annotated[str, _Strict, StringConstraints(min_length=1, max_length=100), AfterValidator(_one_line)]
#: A reason or note written by an officer (1-2,000 characters, several lines allowed).
Note = Annotated[str, _Strict, StringConstraints(min_length=1, max_length=2000), AfterValidator(_multi_line)]
#: A reporter's description (1-10,000 characters, several lines allowed).
LongText = Annotated[
    str, _Strict, StringConstraints(min_length=1, max_length=10_000), AfterValidator(_multi_line)
]
#: A dotted Kemendagri region code (PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD) of the default region list
#: (the built-in Kepmendagri 300.2.2-2138/2025 unless a host named another with ``use_regions``).
RegionCode = Annotated[str, _Strict, AfterValidator(_region_code)]
#: A calendar date as ``YYYY-MM-DD`` (or a ``date``), never a number.
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
#: A contact detail (name, phone, e-mail) as typed: one line, 1-254 characters.
Contact = Annotated[str, _Strict, StringConstraints(min_length=1, max_length=254), AfterValidator(_one_line)]
#: A NIK as typed: exactly 16 digits (its other rules are :mod:`sp4n.identity`'s).
Nik = Annotated[str, _Strict, StringConstraints(pattern=r"^\d{16}$")]
#: A SHA-256 digest in lower-case hex.
Sha256 = Annotated[str, _Strict, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
#: A storage key an attachment store handed out: a relative path of safe characters, no leading dot.
StorageKey = Annotated[str, _Strict, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")]
