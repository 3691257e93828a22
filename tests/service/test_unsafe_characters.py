"""One rule for typed text (``sp4n.identity.has_unsafe_characters``), applied by the edge and the identity.

Refused: C0/C1 controls (Unicode category Cc) except tab and line breaks in multi-line text; the zero-width
and bidi formatting characters and the byte-order mark ("Trojan Source", CVE-2021-42574); lone surrogates
(category Cs), which have no UTF-8 encoding and so cannot reach JSON or a database column.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.commands import Hold, SubmitComplaint, parse_command
from sp4n.exceptions import InvalidCommand, RuleViolation
from sp4n.identity import has_unsafe_characters, new_identity, validate_name

#: Invisible formatting characters refused although their category (Cf, Zl, Zp) is not a control.
INVISIBLE = {chr(c) for c in [*range(0x200B, 0x2010), *range(0x2028, 0x202F), *range(0x2066, 0x206A), 0xFEFF]}
LINE_BREAKS = {"\t", "\n", "\r"}
SPECIALS = sorted(
    INVISIBLE | LINE_BREAKS | {"\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u00a0", chr(0xD800), chr(0xDFFF)}
)

#: Any code point, lone surrogates included, with the characters the rule names drawn often.
texts = st.text(st.one_of(st.characters(blacklist_categories=()), st.sampled_from(SPECIALS)), max_size=30)

SUBMIT: dict[str, Any] = {
    "type": "pengaduan",
    "title": "Jalan berlubang",
    "description": "Lubang di Jl. Godean km 5",
    "category": "infrastruktur",
    "channel": "web",
    "region_code": "34.04",
}


def _refused(ch: str, *, multiline: bool) -> bool:
    if multiline and ch in LINE_BREAKS:
        return False
    return unicodedata.category(ch) in {"Cc", "Cs"} or ch in INVISIBLE


@given(texts, st.booleans())
def test_a_text_is_refused_exactly_when_it_holds_a_control_invisible_or_surrogate_character(
    text: str, multiline: bool
) -> None:
    assert has_unsafe_characters(text, multiline=multiline) == any(
        _refused(c, multiline=multiline) for c in text
    )


@given(texts, st.booleans())
def test_every_accepted_text_encodes_as_utf8_and_survives_a_json_round_trip(
    text: str, multiline: bool
) -> None:
    if not has_unsafe_characters(text, multiline=multiline):
        assert text.encode("utf-8").decode("utf-8") == text
        assert json.loads(json.dumps(text, ensure_ascii=False).encode("utf-8")) == text


@given(texts)
def test_the_edge_and_the_identity_apply_the_same_rule_to_one_line_texts(text: str) -> None:
    name = f"Siti {text}".strip()
    unsafe = has_unsafe_characters(name)
    try:
        validate_name(name)
        identity_refused = False
    except RuleViolation:
        identity_refused = True
    try:
        parse_command(SubmitComplaint, {**SUBMIT, "title": name})
        edge_refused = False
    except InvalidCommand:
        edge_refused = True
    assert identity_refused == edge_refused == unsafe


@pytest.mark.parametrize("surrogate", [chr(c) for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF)], ids=ascii)
def test_a_lone_surrogate_is_refused_in_a_name_a_title_and_a_long_text(surrogate: str) -> None:
    # Regression: the reporter's name took lone surrogates while the commands refused them; such a name cannot
    # be written as UTF-8, so storing or sending it failed far from where it came in.
    with pytest.raises(RuleViolation) as caught:
        new_identity("r-1", name=f"Budi{surrogate}")
    assert caught.value.field == "name"
    with pytest.raises(InvalidCommand) as refused:
        parse_command(SubmitComplaint, {**SUBMIT, "title": f"Jalan{surrogate}"})
    assert refused.value.field == "title"
    with pytest.raises(InvalidCommand) as refused:
        parse_command(Hold, {"complaint_id": "c-1", "reason": f"baris 1\nbaris 2{surrogate}"})
    assert refused.value.field == "reason"


def test_a_lone_surrogate_escaped_in_a_json_body_is_refused() -> None:
    # json.dumps writes it as the ASCII escape \ud83d: the body is valid JSON and valid UTF-8.
    body = json.dumps({**SUBMIT, "description": f"Lubang {chr(0xD83D)} di jalan"}).encode("ascii")
    with pytest.raises(InvalidCommand) as refused:
        parse_command(SubmitComplaint, body)
    assert refused.value.field == "description"
