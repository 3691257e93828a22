"""Reporter identity: NIK plausibility, masking that hides what it must, erasure to a tombstone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.identity import (
    ReporterIdentity,
    erase,
    identity_pattern,
    mask_email,
    mask_identity,
    mask_nik,
    mask_phone,
    new_identity,
    normalise_phone,
    parse_nik,
    redact_identity,
    validate_email,
    validate_name,
)
from sp4n.jurisdiction.provinces import PROVINCES

from .conftest import identity_spellings


@st.composite
def niks(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCES)))
    regency = draw(st.sampled_from([f"{n:02d}" for n in (*range(1, 70), *range(71, 100))]))
    district = f"{draw(st.integers(1, 99)):02d}"
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)))
    day = born.day + (40 if draw(st.booleans()) else 0)
    serial = f"{draw(st.integers(1, 9999)):04d}"
    return f"{province}{regency}{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial}"


@given(niks())
def test_a_plausible_nik_is_accepted_and_its_parts_read_back(nik: str) -> None:
    parts = parse_nik(nik)
    assert parts.province_code == nik[:2]
    assert parts.female == (int(nik[6:8]) > 40)
    assert parts.birth_month == int(nik[8:10])


def test_a_womans_nik_carries_her_birth_day_plus_forty() -> None:
    assert parse_nik("3404015506900001").birth_day == 15
    assert parse_nik("3404015506900001").female
    assert not parse_nik("3404011506900001").female


@pytest.mark.parametrize(
    ("nik", "rule_part"),
    [
        ("340401550690001", "16 digits"),
        ("34040155069000a1", "16 digits"),
        ("2004011506900001", "province"),
        ("3400011506900001", "kabupaten/kota"),
        ("3470011506900001", "kabupaten/kota"),
        ("3404001506900001", "kecamatan"),
        ("3404013206900001", "birth-date"),
        ("3404017206900001", "birth-date"),
        ("3404011513900001", "birth-date"),
        ("3404012902010001", "birth-date"),
        ("3404011506900000", "serial"),
    ],
)
def test_an_implausible_nik_is_refused_naming_the_broken_part(nik: str, rule_part: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_nik(nik)
    assert caught.value.field == "nik"
    assert rule_part in caught.value.rule


def test_29_february_is_plausible_when_some_century_makes_it_a_leap_year() -> None:
    assert parse_nik("3404012902000001").birth_day == 29


@given(niks())
def test_a_masked_nik_shows_only_the_first_and_last_four_digits(nik: str) -> None:
    masked = mask_nik(nik)
    assert masked[:4] == nik[:4]
    assert masked[-4:] == nik[-4:]
    assert masked[4:12] == "*" * 8


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "6281234567890", "0812-3456-7890"])
def test_indonesian_mobile_numbers_normalise_to_e164(phone: str) -> None:
    assert normalise_phone(phone) == "+6281234567890"


@pytest.mark.parametrize("phone", ["021555123", "+6521234567", "0812", "08123456789012345", "0812abc45678"])
def test_anything_else_is_not_a_mobile_number(phone: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        normalise_phone(phone)
    assert caught.value.field == "phone"


def test_a_masked_phone_keeps_the_operator_prefix_and_last_three_digits() -> None:
    assert mask_phone("081234567890") == "+62812*****890"


def test_e_mail_addresses_are_checked_and_masked() -> None:
    assert validate_email("Siti@Contoh.GO.ID") == "Siti@contoh.go.id"
    assert mask_email("siti@contoh.go.id") == "s***@contoh.go.id"
    for bad in ["siti", "siti@", "@contoh.go.id", "si ti@contoh.go.id", "siti@contoh", "a@b.c\n"]:
        with pytest.raises(RuleViolation):
            validate_email(bad)


@pytest.mark.parametrize("name", ["", "   ", "Siti\x00", "Siti\u202eBudi", "x" * 201])
def test_a_name_must_be_real_text(name: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        validate_name(name)
    assert caught.value.field == "name"


def test_a_masked_identity_contains_no_personal_value_whole() -> None:
    identity = new_identity(
        "r-1", name="Siti Aminah", nik="3404015506900001", phone="081234567890", email="siti@contoh.go.id"
    )
    shown = repr(mask_identity(identity))
    for secret in ("Siti Aminah", "3404015506900001", "081234567890", "+6281234567890", "siti@contoh.go.id"):
        assert secret not in shown


def test_erasure_leaves_a_tombstone_with_no_personal_field() -> None:
    identity = new_identity("r-1", name="Siti", nik="3404015506900001", phone="081234567890")
    at = datetime(2026, 4, 1, tzinfo=UTC)
    tomb = erase(identity, at)
    assert (tomb.id, tomb.name, tomb.nik, tomb.phone, tomb.email, tomb.erased_at) == (
        "r-1",
        None,
        None,
        None,
        None,
        at,
    )
    assert mask_identity(tomb).erased


def test_erasure_refuses_a_naive_instant() -> None:
    with pytest.raises(RuleViolation):
        erase(new_identity("r-1", name="Siti"), datetime(2026, 4, 1))  # noqa: DTZ001 - the point of the test


# --- finding an identity in free text however it is spelled -------------------------------------------------

_NAMES = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){0,2}", fullmatch=True)
_PHONES = st.from_regex(r"08[1-9][0-9]{7,10}", fullmatch=True)
_EMAILS = st.from_regex(r"[a-z]{3,8}\.[a-z]{2,6}@[a-z]{3,8}\.(go\.id|com)", fullmatch=True)


@st.composite
def quoted(draw: st.DrawFn) -> tuple[ReporterIdentity, str, str]:
    identity = new_identity(
        "r", name=draw(_NAMES), nik=draw(niks()), phone=draw(_PHONES), email=draw(_EMAILS)
    )
    spelling = draw(identity_spellings(identity))
    text = draw(st.sampled_from(["{} minta dihubungi", "Pungli KTP - {}, WA", "telp:{}.", "({})"]))
    return identity, spelling, text.format(spelling)


@given(quoted())
def test_every_spelling_of_an_identity_value_is_redacted(case: tuple[ReporterIdentity, str, str]) -> None:
    identity, spelling, text = case
    redacted = redact_identity(text, identity, mask="#")
    assert spelling not in redacted
    assert "#" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "SITI AMINAH", "siti  aminah", "S I T I", "WA 0812 3456 7890", "+62 812-3456-7890", "62812.3456.7890",
        "(+62) 81234567890", "0062 812 3456 7890", "NIK 3404.0155.0690.0001", "3404 0155 0690 0001",
        "SITI@CONTOH.ID", "siti (at) contoh . id", "SitiAminah",
    ],
)  # fmt: skip
def test_the_issues_spellings_are_all_found(text: str) -> None:
    who = new_identity(
        "r", name="Siti Aminah", nik="3404015506900001", phone="+6281234567890", email="siti@contoh.id"
    )
    redacted = redact_identity(text, who, mask="#")
    assert not any(ch.isdigit() for ch in redacted)
    assert "siti" not in redacted.lower().replace(" ", "")


@pytest.mark.parametrize(
    "text", ["posisi situs", "Aminahku", "nomor 081234567891", "3404015506900001 7", "masiti"]
)
def test_other_words_and_numbers_are_left_alone(text: str) -> None:
    who = new_identity("r", name="Siti Aminah", nik="3404015506900002", phone="081234567890")
    assert redact_identity(text, who, mask="#") == text


def test_nothing_to_find_for_a_tombstone_or_no_identity() -> None:
    assert identity_pattern(None) is None
    tomb = erase(new_identity("r", name="Siti"), datetime(2026, 3, 2, tzinfo=UTC))
    assert redact_identity("Siti", tomb) == "Siti"
