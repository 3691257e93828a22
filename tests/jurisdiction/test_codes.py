"""Kemendagri codes: normalising, levels and parents (domain.md §8)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction import Level, ancestors, is_within, level_of, normalize_code, parent_of

digits = st.text("0123456789", min_size=2, max_size=2)


@st.composite
def well_formed(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(["11", "34", "51", "96"]))]
    depth = draw(st.integers(1, 4))
    if depth >= 2:
        parts.append(f"{draw(st.one_of(st.integers(1, 69), st.integers(71, 99))):02d}")
    if depth >= 3:
        parts.append(f"{draw(st.integers(1, 99)):02d}")
    if depth == 4:
        parts.append(f"{draw(st.integers(1, 3))}{draw(st.integers(0, 999)):03d}")
    return ".".join(parts)


@given(well_formed())
def test_codes_with_or_without_dots_normalise_to_the_same_dotted_code(code: str) -> None:
    assert normalize_code(code.replace(".", "")) == code
    assert normalize_code(code) == code


@given(well_formed())
def test_every_ancestor_is_a_prefix_and_the_parent_is_the_last_ancestor(code: str) -> None:
    chain = ancestors(code)
    assert all(is_within(code, a) for a in chain)
    assert parent_of(code) == (chain[-1] if chain else None)
    assert [level_of(a).depth for a in chain] == list(range(1, level_of(code).depth))


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("34", Level.provinsi),
        ("34.04", Level.kabupaten),
        ("34.69", Level.kabupaten),
        ("34.71", Level.kota),
        ("34.04.01", Level.kecamatan),
        ("34.71.01.1001", Level.kelurahan),
        ("34.04.01.2001", Level.desa),
        ("91.01.01.3001", Level.desa_adat),
    ],
)
def test_the_digits_decide_the_level(code: str, level: Level) -> None:
    assert level_of(code) is level


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("34.70", "01-69"),
        ("34.00", "01-69"),
        ("34.04.00", "kecamatan"),
        ("34.04.01.4001", "village digits"),
        ("3.04", "not a Kemendagri code"),
        ("34.0401", "not a Kemendagri code"),
        ("340401200", "not a Kemendagri code"),
        ("", "not a Kemendagri code"),
    ],
)
def test_malformed_codes_are_refused_naming_the_rule(raw: str, problem: str) -> None:
    with pytest.raises(RuleViolation, match=problem) as caught:
        normalize_code(raw)
    assert caught.value.field == "region_code"


def test_a_region_is_not_within_a_sibling_that_shares_its_digits() -> None:
    assert not is_within("34.71", "34.7")
    assert not is_within("34.04.01", "34.04.0")
    assert is_within("34.04.01", "")
