"""Tracking numbers: readable, checkable, and a typo never lands on someone else's complaint."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.exceptions import RuleViolation
from sp4n.ports import TrackingNumbers
from sp4n.testing.fakes import SequentialTrackingNumbers
from sp4n.tracking import (
    ALPHABET,
    LENGTH,
    CounterTrackingNumbers,
    RandomTrackingNumbers,
    display,
    is_valid,
    parse,
    with_check,
)

payloads = st.text(alphabet=ALPHABET, min_size=LENGTH - 1, max_size=LENGTH - 1)


def test_the_alphabet_leaves_out_every_look_alike() -> None:
    assert not set("01OIL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


@given(payloads)
def test_a_number_with_its_check_character_is_valid(payload: str) -> None:
    assert is_valid(with_check(payload))


@given(payloads, st.data())
def test_every_single_character_typo_is_detected(payload: str, data: st.DataObject) -> None:
    tid = with_check(payload)
    position = data.draw(st.integers(0, LENGTH - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != tid[position]]))
    assert not is_valid(tid[:position] + wrong + tid[position + 1 :])


def test_every_single_character_typo_is_detected_exhaustively_for_one_number() -> None:
    tid = with_check("7KQ4M9XP")
    typos = [tid[:i] + c + tid[i + 1 :] for i in range(LENGTH) for c in ALPHABET if c != tid[i]]
    assert len(typos) == LENGTH * 30
    assert not any(is_valid(t) for t in typos)


@given(payloads, st.integers(0, LENGTH - 2))
def test_every_adjacent_transposition_is_detected(payload: str, i: int) -> None:
    tid = with_check(payload)
    swapped = tid[:i] + tid[i + 1] + tid[i] + tid[i + 2 :]
    assert swapped == tid or not is_valid(swapped)


@given(payloads, st.integers(0, LENGTH - 1), st.integers(0, LENGTH - 1))
def test_even_distant_transpositions_are_detected(payload: str, i: int, j: int) -> None:
    tid = list(with_check(payload))
    tid[i], tid[j] = tid[j], tid[i]
    swapped = "".join(tid)
    assert swapped == with_check(payload) or not is_valid(swapped)


@given(payloads, st.integers(0, LENGTH - 1))
def test_a_dropped_character_is_refused_with_the_field_named(payload: str, i: int) -> None:
    tid = with_check(payload)
    with pytest.raises(RuleViolation) as caught:
        parse(tid[:i] + tid[i + 1 :])
    assert caught.value.field == "tracking_id"


@given(payloads)
def test_people_may_type_lower_case_and_separators(payload: str) -> None:
    tid = with_check(payload)
    assert parse(display(tid).lower()) == tid
    assert parse(" ".join(tid)) == tid


@pytest.mark.parametrize("confusable", ["0", "O", "1", "I", "L"])
def test_a_look_alike_is_refused_not_guessed(confusable: str) -> None:
    tid = with_check("7KQ4M9XP")
    assert not is_valid(confusable + tid[1:])


def test_random_numbers_depend_only_on_the_injected_source() -> None:
    first = [RandomTrackingNumbers(random.Random(5)).new() for _ in range(3)]
    again = [RandomTrackingNumbers(random.Random(5)).new() for _ in range(3)]
    other = RandomTrackingNumbers(random.Random(6)).new()
    assert first == again
    assert other != first[0]


def test_counter_numbers_are_unique_and_valid_over_a_long_run() -> None:
    gen = CounterTrackingNumbers()
    seen = {gen.new() for _ in range(20_000)}
    assert len(seen) == 20_000
    assert all(is_valid(t) for t in seen)


def test_every_generator_fits_the_port() -> None:
    gens: list[TrackingNumbers] = [
        RandomTrackingNumbers(random.Random(1)),
        CounterTrackingNumbers(),
        SequentialTrackingNumbers(),
    ]
    for gen in gens:
        assert isinstance(gen, TrackingNumbers)
        assert gen.is_valid(gen.new())
