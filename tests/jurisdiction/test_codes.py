"""Kemendagri codes (Kepmendagri 300.2.2-2138/2025): the one grammar, normalising, levels and parents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.commands import SubmitComplaint, parse_command
from sp4n.exceptions import InvalidCommand, RegionListInvalid, RuleViolation
from sp4n.identity import parse_nik
from sp4n.jurisdiction import Level, ancestors, is_within, level_of, normalize_code, parent_of, parse_regions
from sp4n.jurisdiction.codes import DOTTED_CODE, as_dotted, problem_with
from sp4n.jurisdiction.provinces import PROVINCES, province_code_of
from sp4n.jurisdiction.regions_builtin import builtin_regions
from sp4n.lifecycle import Actor, Role, new_complaint

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
@pytest.mark.usefixtures("english")
def test_malformed_codes_are_refused_naming_the_rule(raw: str, problem: str) -> None:
    with pytest.raises(RuleViolation, match=problem) as caught:
        normalize_code(raw)
    assert caught.value.field == "region_code"


def test_a_region_is_not_within_a_sibling_that_shares_its_digits() -> None:
    assert not is_within("34.71", "34.7")
    assert not is_within("34.04.01", "34.04.0")
    assert is_within("34.04.01", "")


# --- one grammar, asked everywhere --------------------------------------------------------------------------

E = TypeVar("E", bound=Exception)


@st.composite
def shaped(draw: st.DrawFn) -> str:
    """A dotted-shaped code whose digits may break any level's rule (00, 70, a village starting 0 or 4-9)."""
    parts = draw(
        st.lists(st.sampled_from(["00", "01", "34", "69", "70", "71", "99"]), min_size=1, max_size=3)
    )
    if len(parts) == 3 and draw(st.booleans()):
        parts.append(f"{draw(st.integers(0, 9999)):04d}")
    return ".".join(parts)


#: Anything near a code: digits, dots and a few strays, with or without dots.
near_codes = st.one_of(
    shaped(), shaped().map(lambda c: c.replace(".", "")), st.text("0123456789.-x ", max_size=14)
)

SUBMIT: dict[str, Any] = {
    "type": "pengaduan",
    "title": "Jalan berlubang",
    "description": "Lubang di Jl. Godean km 5",
    "category": "infrastruktur",
    "channel": "web",
}
NEW_COMPLAINT: dict[str, Any] = {
    **SUBMIT,
    "complaint_id": "c-1",
    "tracking_id": "K2C-CYQ-SMH",
    "actor": Actor(id="intake", role=Role.intake),
    "at": datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
}


def _refusal(call: Callable[[], object], error: type[E]) -> E | None:
    """The ``error`` that ``call`` raised, or ``None`` when it returned."""
    try:
        call()
    except error as err:
        return err
    return None


@given(shaped())
def test_the_grammar_is_the_rule_of_every_level_and_names_the_first_broken_one(code: str) -> None:
    problem = problem_with(code)
    assert (problem is None) == (DOTTED_CODE.fullmatch(code) is not None)
    parts = code.split(".")
    broken = (
        parts[0] == "00"
        or (len(parts) > 1 and parts[1] in ("00", "70"))
        or (len(parts) > 2 and parts[2] == "00")
        or (len(parts) > 3 and parts[3][0] not in "123")
    )
    assert (problem is not None) == broken


@given(near_codes)
def test_commands_accept_exactly_the_well_formed_codes_of_the_built_in_list(code: str) -> None:
    err = _refusal(lambda: parse_command(SubmitComplaint, {**SUBMIT, "region_code": code}), InvalidCommand)
    known = problem_with(code.strip()) is None and code.strip() in builtin_regions()
    assert (err is None) == known
    assert err is None or err.field == "region_code"


@given(near_codes)
def test_the_pure_lifecycle_accepts_exactly_the_dotted_codes_the_grammar_accepts(code: str) -> None:
    # new_complaint takes the code as given (no stripping, no dots added): the grammar decides alone.
    err = _refusal(lambda: new_complaint(**NEW_COMPLAINT, region_code=code), RuleViolation)
    assert (err is None) == (problem_with(code) is None)
    assert err is None or err.field == "region_code"


@given(near_codes)
def test_province_look_ups_accept_exactly_the_codes_the_grammar_accepts(code: str) -> None:
    dotted = as_dotted(code.strip())
    good = dotted is not None and problem_with(dotted) is None and dotted[:2] in PROVINCES
    err = _refusal(lambda: province_code_of(code), RuleViolation)
    assert (err is None) == good
    assert err is None or err.field == "region_code"


@given(shaped().filter(lambda c: len(c) == 8))
def test_the_region_part_of_a_nik_is_a_kecamatan_code_of_the_grammar(code: str) -> None:
    err = _refusal(lambda: parse_nik(code.replace(".", "") + "0101900001"), RuleViolation)
    assert (err is None) == (problem_with(code) is None and code[:2] in PROVINCES)
    assert err is None or (err.field, err.rule.startswith("region part")) == ("nik", True)


@pytest.mark.parametrize("code", ["3404", "34.4", "34.04.01.201", "x", "34.04.", "34.70", "٣٤"])
def test_the_edge_refuses_malformed_region_codes_naming_the_field(code: str) -> None:
    with pytest.raises(InvalidCommand) as err:
        parse_command(SubmitComplaint, {**SUBMIT, "region_code": code})
    assert err.value.field == "region_code"


@given(shaped().map(lambda code: "34" + code[2:]))
def test_a_region_list_takes_a_row_exactly_when_the_grammar_takes_its_code(code: str) -> None:
    chain = [*ancestors(code), code]  # parents first, as the official list writes them
    lines = [f"{c},Wilayah {c}" for c in chain]
    err = _refusal(lambda: parse_regions(lines, version="t"), RegionListInvalid)
    bad = [c for c in chain if problem_with(c) is not None]
    assert (err is None) == (not bad)
    assert err is None or err.problems[0].problem == problem_with(bad[0])
