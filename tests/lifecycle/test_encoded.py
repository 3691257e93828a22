"""The writers' direct encoders write exactly what the general encoder writes, and their caches never serve
another value's text.

The oracle is ``json.dumps`` with the canonical options over the general path's dicts: a chain hash covers the
sealed payload, and the audit re-encodes every event row, so one byte of difference is a broken store.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.lifecycle import _encoded
from sp4n.lifecycle._encoded import TEXTS, instant_text
from sp4n.lifecycle.events import Event, Seal
from sp4n.lifecycle.redaction import text_of
from sp4n.lifecycle.seals import _sealed_dict, row_json, seal, sealed_payload
from sp4n.testing.strategies import histories, hostile_text


def _oracle(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def _salts() -> Any:
    counter = iter(range(10**9))
    return lambda: f"{next(counter):032x}"


@settings(max_examples=150, deadline=None)
@given(events=histories(max_steps=8), reason=st.none() | hostile_text(40))
def test_a_sealed_payload_and_its_row_are_the_canonical_json(events: list[Event], reason: str | None) -> None:
    salts = _salts()
    for event in [*events, *(attrs.evolve(e, reason=reason) for e in events)]:
        seals = seal(event, salts)
        sealed = sealed_payload(event, seals)
        assert sealed == _oracle(_sealed_dict(event, seals))
        texts = {s.field: [s.salt, text_of(event, s.field)] for s in seals}
        assert row_json(event, seals) == _oracle({"sealed": json.loads(sealed), "texts": texts})


@settings(max_examples=60, deadline=None)
@given(events=histories(max_steps=4))
def test_odd_seals_and_values_take_the_general_path_to_the_same_text(events: list[Event]) -> None:
    # What verification may meet in an edited row: a salt that is gone or not text, a digest with quotes,
    # a seal over a field the event lacks; and values of types the direct writer does not take.
    for event in events:
        for seals in (
            (Seal(field="reason", digest='a"b\\c', salt=None),),
            (
                Seal(field="details.title", digest="00", salt="ab"),
                Seal(field="reason", digest="11", salt=None),
            ),
            (Seal(field="details.zzz", digest="00", salt="ab"),),
        ):
            assert sealed_payload(event, seals) == _oracle(_sealed_dict(event, seals))
        odd = attrs.evolve(event, sequence=True) if event.sequence == 1 else attrs.evolve(event, reason=7)  # type: ignore[arg-type]
        assert sealed_payload(odd, ()) == _oracle(_sealed_dict(odd, ()))
        salted = (Seal(field="reason", digest="00", salt=5),)  # type: ignore[arg-type]
        assert json.loads(row_json(odd, salted))["texts"] == {"reason": [5, text_of(odd, "reason")]}


def test_a_string_is_cached_only_as_itself() -> None:
    assert TEXTS['é"\n'] == '"\\u00e9\\"\\n"'
    assert TEXTS[None] == "null"
    for other in (5, True, b"x", ("a",)):
        with pytest.raises(TypeError):
            TEXTS[other]  # type: ignore[index]
    assert not any(type(k) not in (str, type(None)) for k in TEXTS)


def test_the_text_cache_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_encoded, "MAX_ENTRIES", 3)
    TEXTS.clear()
    TEXTS[None] = "null"
    for word in ("a", "b", "c", "d"):
        assert TEXTS[word] == f'"{word}"'
    assert len(TEXTS) <= 3
    assert TEXTS[None] == "null"


def test_an_instant_is_written_in_utc_and_cached_only_from_utc() -> None:
    at = datetime(2026, 3, 2, 3, 0, 0, 5, tzinfo=UTC)
    jakarta = at.astimezone(timezone(timedelta(hours=7)))
    assert instant_text(jakarta) == '"2026-03-02T03:00:00.000005+00:00"'
    assert jakarta not in _encoded._INSTANTS
    assert instant_text(at) == instant_text(jakarta) == '"' + at.isoformat() + '"'
    assert at in _encoded._INSTANTS


def test_two_instants_a_zone_compares_equal_get_their_own_texts() -> None:
    # In a zone's repeated hour, fold 0 and fold 1 compare equal (same tzinfo) yet are an hour apart.
    london = ZoneInfo("Europe/London")
    first = datetime(2026, 10, 25, 1, 30, tzinfo=london)
    second = first.replace(fold=1)
    assert first == second
    assert instant_text(first) == '"2026-10-25T00:30:00+00:00"'
    assert instant_text(second) == '"2026-10-25T01:30:00+00:00"'
    assert instant_text(first) == '"2026-10-25T00:30:00+00:00"'


def test_a_datetime_subclass_or_naive_value_is_left_to_the_general_path() -> None:
    class Odd(datetime):
        def isoformat(self, *args: Any, **kwargs: Any) -> str:
            return "odd"

    with pytest.raises(TypeError):
        instant_text(Odd(2026, 3, 2, tzinfo=UTC))
    naive = datetime(2026, 3, 2, 3)  # noqa: DTZ001
    assert instant_text(naive) == '"' + naive.astimezone(UTC).isoformat() + '"'
    assert naive not in _encoded._INSTANTS
