"""SMS texts fit in one GSM-7 message or say how many parts they need (3GPP TS 23.038)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from sp4n.notify.sms import GSM7_BASIC, GSM7_EXTENSION, sms_length

basic = st.sampled_from(sorted(GSM7_BASIC))
extension = st.sampled_from(sorted(GSM7_EXTENSION))
gsm_text = st.text(alphabet=st.one_of(basic, extension), max_size=700)


def test_160_basic_characters_fit_in_one_sms_and_161_need_two_parts_of_153() -> None:
    assert sms_length("a" * 160).parts == 1
    assert sms_length("a" * 161).parts == 2
    assert sms_length("a" * 306).parts == 2
    assert sms_length("a" * 307).parts == 3


def test_extension_table_characters_count_two_septets() -> None:
    assert sms_length("€" * 80).units == 160
    assert sms_length("€" * 80).parts == 1
    assert sms_length("€" * 81).parts == 2


def test_a_character_outside_gsm7_switches_the_whole_text_to_ucs2_with_70_and_67() -> None:
    assert sms_length("ā" + "a" * 69).parts == 1
    assert sms_length("ā" + "a" * 70).parts == 2
    assert sms_length("ā" + "a" * 133).parts == 2
    assert sms_length("ā" + "a" * 134).parts == 3


def test_an_emoji_takes_two_ucs2_units() -> None:
    assert sms_length("🙏").units == 2


@given(gsm_text)
def test_gsm7_units_are_basic_plus_twice_the_extension_characters(text: str) -> None:
    n_ext = sum(c in GSM7_EXTENSION for c in text)
    result = sms_length(text)
    assert result.encoding == "gsm7"
    assert result.units == len(text) + n_ext


@given(gsm_text)
def test_parts_are_one_when_it_fits_else_at_least_ceil_units_over_153(text: str) -> None:
    result = sms_length(text)
    if result.units <= 160:
        assert result.parts == 1
    else:
        assert math.ceil(result.units / 153) <= result.parts <= math.ceil(result.units / 152)


@given(gsm_text, st.one_of(basic, extension))
def test_parts_never_shrink_when_a_gsm_text_grows(text: str, more: str) -> None:
    assert sms_length(text + more).parts >= sms_length(text).parts


@given(st.text(max_size=300))
def test_any_text_is_counted_in_units_of_its_encoding(text: str) -> None:
    result = sms_length(text)
    assert result.parts >= 1
    if result.encoding == "ucs2":
        assert result.units == len(text.encode("utf-16-le")) // 2
