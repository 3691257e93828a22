"""Reporter identity: validate NIK, phone and e-mail, show them masked, erase them on request.

Identity lives apart from complaints in a :class:`ReporterIdentity` record that a complaint only
references (``reporter_ref``), because it is personal data under UU 27/2022 (Pelindungan Data Pribadi) and
Perpres 76/2013 requires keeping the reporter's identity confidential. Erasure replaces the record with a
tombstone; the complaint and its hash-chained history are untouched, so they still verify.

The NIK (Nomor Induk Kependudukan) has 16 digits: a 6-digit region code (province, kabupaten/kota,
kecamatan), the birth date as ``DDMMYY`` with 40 added to the day for women, and a 4-digit serial
as the civil registry (Dukcapil) issues it. Only plausibility can be checked offline; Dukcapil is the
authority.

>>> parts = parse_nik("3404014506900001")
>>> parts.province_code, parts.female, parts.birth_day, parts.birth_month
('34', True, 5, 6)
>>> mask_nik("3404014506900001")
'3404********0001'
>>> mask_phone("0812-3456-7890"), mask_email("budi.santoso@example.co.id")
('+62812*****890', 'b***@example.co.id')
>>> has_unsafe_characters("Siti\\u202e"), has_unsafe_characters("baris 1\\nbaris 2", multiline=True)
(True, False)
"""

from __future__ import annotations

import re
from datetime import date, datetime

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction.provinces import PROVINCES
from sp4n.lifecycle.model import require_aware
from sp4n.region_codes import problem_with

__all__ = [
    "MaskedIdentity",
    "NikParts",
    "ReporterIdentity",
    "erase",
    "has_unsafe_characters",
    "identity_pattern",
    "mask_email",
    "mask_identity",
    "mask_name",
    "mask_nik",
    "mask_phone",
    "new_identity",
    "normalise_phone",
    "parse_nik",
    "redact_identity",
    "validate_email",
    "validate_name",
]


@attrs.frozen(kw_only=True)
class ReporterIdentity:
    """Personal data of a reporter, kept apart from complaints (UU 27/2022 PDP).

    ``erased_at`` set means the record is a tombstone: every personal field is ``None``.
    """

    id: str
    name: str | None
    nik: str | None
    phone: str | None
    email: str | None
    erased_at: datetime | None = None


_NIK = re.compile(r"^[0-9]{16}$")
#: Women's NIK carry the day of birth plus 40 (Dukcapil convention).
_FEMALE_OFFSET = 40
# Indonesian mobile numbers: 08xx / +628xx / 628xx, then 7-11 more digits (9-13 digits with the leading 0).
_PHONE = re.compile(r"^(?:\+?62|0)(8[1-9][0-9]{7,10})$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}$"
)
_MAX_NAME = 200

# Refused in any text a person typed: C0/C1 controls (Unicode category Cc); zero-width and bidi formatting
# characters and the byte-order mark, which can disguise text shown to officers ("Trojan Source",
# CVE-2021-42574); and lone surrogates (category Cs), which have no UTF-8 encoding, so no JSON document or
# database column could hold the text. Tab, line feed and carriage return are allowed in multi-line text.
_INVISIBLE = r"\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_UNSAFE_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f" + _INVISIBLE + "]")
_UNSAFE_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _INVISIBLE + "]")


def has_unsafe_characters(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds a control, invisible formatting or lone surrogate character.

    The one rule for typed text: :mod:`sp4n.commands` applies it to every free-text field at the edge, and
    :func:`validate_name` to a reporter's name. ``multiline`` allows tab and line breaks.

    >>> has_unsafe_characters("Jl. Godean\\tkm 5"), has_unsafe_characters("Jl. Godean\\tkm 5", multiline=True)
    (True, False)
    >>> has_unsafe_characters("Budi\\ud800")  # a lone surrogate cannot be stored as UTF-8
    True
    """
    unsafe = _UNSAFE_IN_TEXT if multiline else _UNSAFE_IN_LINE
    return unsafe.search(text) is not None


@attrs.frozen(kw_only=True)
class NikParts:
    """The readable parts of a plausible NIK (``birth_year`` is two digits: the century is not encoded)."""

    province_code: str
    regency_code: str
    district_code: str
    birth_day: int
    birth_month: int
    birth_year: int
    female: bool
    serial: str


def _plausible_birth(day: int, month: int, year2: int) -> bool:
    # The century is not encoded: plausible if the date exists in 19YY or 20YY (29 Feb needs a leap year).
    for century in (1900, 2000):
        try:
            date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def parse_nik(nik: str) -> NikParts:
    """Split a NIK into its parts, or raise :class:`RuleViolation` (field ``nik``) naming the broken rule.

    >>> parse_nik("3404010101900000")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.RuleViolation: nik: nomor urut 0000 tidak pernah diterbitkan
    """
    if not _NIK.match(nik):
        raise RuleViolation("nik", "must be exactly 16 digits")
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    # The first six digits are a Kemendagri kecamatan code (Kepmendagri 300.2.2-2138/2025), without dots.
    problem = problem_with(f"{province}.{regency}.{district}")
    if problem is not None:
        raise RuleViolation("nik", "region part: {problem}", problem=problem)
    if province not in PROVINCES:
        raise RuleViolation("nik", "region part: there is no province {province}", province=province)
    raw_day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = raw_day > _FEMALE_OFFSET
    day = raw_day - _FEMALE_OFFSET if female else raw_day
    if not _plausible_birth(day, month, year2):
        raise RuleViolation("nik", "birth-date part is not a date (women's day of birth is +40)")
    if nik[12:] == "0000":
        raise RuleViolation("nik", "serial number 0000 is not issued")
    return NikParts(
        province_code=province,
        regency_code=f"{province}.{regency}",
        district_code=f"{province}.{regency}.{district}",
        birth_day=day,
        birth_month=month,
        birth_year=year2,
        female=female,
        serial=nik[12:],
    )


def mask_nik(nik: str) -> str:
    """First four and last four digits, the rest as ``*`` (``3404********0001``)."""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def normalise_phone(phone: str) -> str:
    """An Indonesian mobile number in E.164 (``+628…``), or :class:`RuleViolation` (field ``phone``).

    >>> normalise_phone("0812 3456 7890")
    '+6281234567890'
    """
    compact = re.sub(r"[\s().-]", "", phone)
    found = _PHONE.match(compact)
    if not found:
        raise RuleViolation("phone", "must be an Indonesian mobile number (08…, +628…), 9-13 digits")
    return "+62" + found.group(1)


def mask_phone(phone: str) -> str:
    """Country code and operator prefix, then ``*``, then the last three digits."""
    number = normalise_phone(phone)
    return number[:6] + "*" * (len(number) - 9) + number[-3:]


def validate_email(email: str) -> str:
    """``email`` with its domain lower-cased, or :class:`RuleViolation` (field ``email``).

    >>> validate_email("Budi@Example.CO.ID")
    'Budi@example.co.id'
    """
    if len(email) > 254 or not _EMAIL.match(email):
        raise RuleViolation("email", "must be an address like name@example.go.id (at most 254 characters)")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def mask_email(email: str) -> str:
    """The first character of the local part, ``***``, and the domain."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"


def validate_name(name: str) -> str:
    """A name as on the KTP: stripped, 1-200 characters, no control characters (field ``name``)."""
    text = name.strip()
    if not text or len(text) > _MAX_NAME:
        raise RuleViolation("name", "must have 1-{limit} characters", limit=_MAX_NAME)
    if has_unsafe_characters(text):
        raise RuleViolation("name", "must not contain control or invisible formatting characters")
    return text


def mask_name(name: str) -> str:
    """Initials only (``Budi Santoso`` → ``B. S.``)."""
    return " ".join(f"{word[0]}." for word in name.split())


def new_identity(
    identity_id: str,
    *,
    name: str | None = None,
    nik: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> ReporterIdentity:
    """A validated :class:`ReporterIdentity`; at least one way to reach or identify the reporter is needed.

    >>> new_identity("r-1", name="Siti", phone="+62 812-3456-7890").phone
    '+6281234567890'
    >>> new_identity("r-2")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.RuleViolation: reporter: isi paling sedikit salah satu dari nama, NIK, telepon, e-mail
    """
    if name is None and nik is None and phone is None and email is None:
        raise RuleViolation("reporter", "give at least one of name, nik, phone, email")
    if nik is not None:
        parse_nik(nik)
    return ReporterIdentity(
        id=identity_id,
        name=None if name is None else validate_name(name),
        nik=nik,
        phone=None if phone is None else normalise_phone(phone),
        email=None if email is None else validate_email(email),
    )


def erase(identity: ReporterIdentity, at: datetime) -> ReporterIdentity:
    """The tombstone that replaces ``identity`` on an erasure request (UU 27/2022 Pasal 8 and 16).

    >>> from datetime import UTC
    >>> erase(new_identity("r-1", nik="3404014506900001"), datetime(2026, 4, 1, tzinfo=UTC)).nik is None
    True
    """
    require_aware("erased_at", at)
    return ReporterIdentity(id=identity.id, name=None, nik=None, phone=None, email=None, erased_at=at)


@attrs.frozen(kw_only=True)
class MaskedIdentity:
    """What a screen may show of a reporter: masked values, or ``erased`` for a tombstone."""

    id: str
    name: str | None
    nik: str | None
    phone: str | None
    email: str | None
    erased: bool


def mask_identity(identity: ReporterIdentity) -> MaskedIdentity:
    """Every personal field masked (name as initials)."""
    return MaskedIdentity(
        id=identity.id,
        name=None if identity.name is None else mask_name(identity.name),
        nik=None if identity.nik is None else mask_nik(identity.nik),
        phone=None if identity.phone is None else mask_phone(identity.phone),
        email=None if identity.email is None else mask_email(identity.email),
        erased=identity.erased_at is not None,
    )


# --- finding an identity in free text, however it is spelled ----------------------------------------------

#: What people put between digits: spaces, dots, dashes, slashes, brackets.
_DIGIT_GAP = r"[\s.\-/()]*"
_NOT_DIGIT_BEFORE, _NOT_DIGIT_AFTER = r"(?<![0-9])", r"(?![0-9])"
_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_NAME_TOKEN = re.compile(r"[^\W\d_]{3,}")


def _spread(digits: str) -> str:
    return _DIGIT_GAP.join(digits)


def _phone_pattern(phone: str) -> str | None:
    try:
        national = normalise_phone(phone)[3:]  # the digits after +62
    except RuleViolation:
        digits = re.sub(r"[^0-9]", "", phone)
        return _NOT_DIGIT_BEFORE + _spread(digits) + _NOT_DIGIT_AFTER if len(digits) >= 6 else None
    # 0812…, 812…, 62812…, +62 812…, 0062 812…, with any gaps
    prefix = r"(?:(?:\+|00)?" + _DIGIT_GAP + "6" + _DIGIT_GAP + "2|0)?"
    return _NOT_DIGIT_BEFORE + prefix + _DIGIT_GAP + _spread(national) + _NOT_DIGIT_AFTER


def _email_pattern(email: str) -> str:
    local, _, domain = email.partition("@")
    parts = [re.escape(p) for p in domain.split(".")]
    return re.escape(local) + r"\s*(?:@|\(at\)|\[at\])\s*" + r"\s*\.\s*".join(parts)


def _name_patterns(name: str) -> list[str]:
    # the whole name with any spacing, none included ("SitiAminah"), then each token of 3+ letters with its
    # letters possibly spaced out ("S I T I"); whole words only
    tokens = sorted(set(_NAME_TOKEN.findall(name)), key=len, reverse=True)
    letters = [r"\s*".join(map(re.escape, t)) for t in tokens]
    whole = r"\s*".join(r"\s*".join(map(re.escape, t)) for t in _NAME_TOKEN.findall(name))
    found = [whole, *letters] if whole else letters
    return [_NOT_LETTER_BEFORE + p + _NOT_LETTER_AFTER for p in found]


def identity_pattern(identity: ReporterIdentity | None) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of ``identity``'s values however they are written.

    Names: every name token of 3+ letters as a whole word, any case, letters possibly spaced out. Phone: the
    Indonesian forms 0812…, 812…, 62812…, +62 812… with spaces, dots, dashes or brackets anywhere. NIK: its 16
    digits with any separators. E-mail: any case, ``(at)`` for ``@`` and spaces around the dots. ``None``
    when there is nothing to find (no identity, or a tombstone).

    >>> p = identity_pattern(new_identity("r", name="Siti Aminah", phone="081234567890"))
    >>> p.sub("[x]", "SITI aminah, WA +62 812-3456-7890 / 0812.3456.7890")
    '[x], WA [x] / [x]'
    """
    if identity is None:
        return None
    alternatives: list[str] = []
    if identity.nik:
        alternatives.append(_NOT_DIGIT_BEFORE + _spread(identity.nik) + _NOT_DIGIT_AFTER)
    if identity.phone:
        alternatives += [p for p in [_phone_pattern(identity.phone)] if p]
    if identity.email:
        alternatives.append(_email_pattern(identity.email))
    if identity.name:
        alternatives += _name_patterns(identity.name)
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def redact_identity(text: str, identity: ReporterIdentity | None, mask: str = "[disembunyikan]") -> str:
    """``text`` with every spelling :func:`identity_pattern` finds replaced by ``mask``.

    >>> who = new_identity("r", name="Siti Aminah", nik="3404015506900001", email="Siti@Contoh.id")
    >>> redact_identity("NIK 3404 0155 0690 0001, siti@contoh.ID, s i t i", who)
    'NIK [disembunyikan], [disembunyikan], [disembunyikan]'
    """
    pattern = identity_pattern(identity)
    return text if pattern is None else pattern.sub(mask, text)
