"""One catalogue, one switch: every text in both languages with the same placeholders, and the switch turning
status labels, validation messages, problem details and the command line's error line alike."""

from __future__ import annotations

import ast
import contextlib
import io
import string
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n.cli import main
from sp4n.commands import SubmitComplaint, parse_command
from sp4n.exceptions import InvalidCommand, InvalidTransition, NotPermitted, RuleViolation
from sp4n.lifecycle.access import RULES
from sp4n.lifecycle.model import Role
from sp4n.lifecycle.status import Action, Status
from sp4n.texts import current_language, install_texts, language_from, rule_text, text, use_language
from sp4n.texts.core import keys, wordings
from sp4n.wire import problem_for

SRC = Path(__file__).resolve().parents[2] / "src" / "sp4n"


def _fields(wording: str) -> set[str]:
    # Parsed here with the standard library, not with sp4n's own helper: the oracle does not share the code.
    return {name for _, name, _, _ in string.Formatter().parse(wording) if name is not None}


@pytest.mark.parametrize("key", sorted(keys()))
def test_every_text_has_both_languages_with_the_same_placeholders(key: str) -> None:
    found = wordings(key)
    assert {"id", "en"} <= set(found), f"{key} lacks a language: {sorted(found)}"
    assert found["id"].strip()
    assert found["en"].strip()
    assert _fields(found["id"]) == _fields(found["en"]), key


@pytest.mark.parametrize("rule", sorted(keys(rules=True)))
def test_every_rule_translation_keeps_the_english_key_and_its_placeholders(rule: str) -> None:
    found = wordings(rule, rules=True)
    assert found["en"] == rule
    assert found["id"] != rule, f"not translated: {rule}"
    assert _fields(found["id"]) == _fields(rule), rule


def test_every_status_action_and_role_has_a_label_in_both_languages() -> None:
    for kind, values in (("status", Status), ("action", Action), ("role", Role)):
        for value in values:
            assert text(f"{kind}.{value.value}", "id") != text(f"{kind}.{value.value}", "en") or value in (
                Role.ombudsman,
            ), f"{kind}.{value.value} reads the same in both languages"


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_two_statuses_read_alike(language: str) -> None:
    labels = [text(f"status.{s.value}", language) for s in Status]
    assert len(set(labels)) == len(labels)


def test_every_permission_rule_reads_in_indonesian() -> None:
    untranslated = [rule for rule in RULES.values() if rule_text(rule, "id") == rule]
    assert not untranslated


def _literal_arguments(tree: ast.AST, called: set[str], position: int) -> set[str]:
    """The string literals passed at ``position`` to a plain call of any name in ``called``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in called:
            argument = node.args[position] if len(node.args) > position else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def _literal_rules(path: Path, raised: str, position: int) -> set[str]:
    return _literal_arguments(ast.parse(path.read_text(encoding="utf-8")), {raised}, position)


@pytest.mark.parametrize(
    ("module", "raised", "position"),
    [
        ("command_fields.py", "ValueError", 0),
        ("identity.py", "RuleViolation", 1),
        ("tracking.py", "RuleViolation", 1),
    ],
)
def test_every_rule_of_a_field_citizens_fill_in_reads_in_indonesian(
    module: str, raised: str, position: int
) -> None:
    rules = _literal_rules(SRC / module, raised, position)
    assert rules, "the scan found nothing: the oracle is broken"
    assert not [rule for rule in rules if rule_text(rule, "id") == rule]


def test_the_switch_turns_labels_and_messages_and_turns_back() -> None:
    assert current_language() == "id"
    assert Status.closed.label == "Selesai"
    with use_language("en") as language:
        assert language == "en"
        assert Status.closed.label == "Closed"
        assert Action.reply.label == "Reply"
        assert str(RuleViolation("title", "must not be empty")) == "title: must not be empty"
    assert Status.closed.label == "Selesai"
    assert str(RuleViolation("title", "must not be empty")) == "title: tidak boleh kosong"


def test_an_error_keeps_its_machine_readable_part_in_every_language() -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(SubmitComplaint, {"type": "pengaduan", "title": "", "channel": "web"})
    err = caught.value
    with use_language("en"):
        english = (err.field, err.rule, err.problems, str(err))
    indonesian = (err.field, err.rule, err.problems, str(err))
    assert english[:3] == indonesian[:3]
    assert english[3] != indonesian[3]
    assert english[3].startswith("title: ")
    assert indonesian[3].startswith("title: ")
    assert err.message("en") == english[3]
    assert dict(err.problems_in("id"))["description"] == "wajib diisi"


def test_problem_details_speak_the_request_language_and_keep_the_rule_english() -> None:
    err = NotPermitted("6281234567890", "reply", "only the reporter may reply")
    ours, theirs = problem_for(err, lang="id"), problem_for(err, lang="en")
    assert ours.detail == "tidak diizinkan melakukan «Tanggapi»: hanya pelapor yang boleh menanggapi"
    assert theirs.detail == "actor may not reply: only the reporter may reply"
    assert ours.model_dump()["rule"] == theirs.model_dump()["rule"] == "only the reporter may reply"
    assert "6281234567890" not in ours.model_dump_json() + theirs.model_dump_json()


def test_a_transition_names_the_labels_in_indonesian_and_the_ids_in_english() -> None:
    err = InvalidTransition("close", "forwarded", "{action} is possible only from {sources}", action="close",
                            sources="followed_up")  # fmt: skip
    assert (
        err.message("en")
        == "cannot close a complaint that is forwarded: close is possible only from followed_up"
    )
    assert "«Selesaikan»" in err.message("id")
    assert "«Diteruskan ke instansi»" in err.message("id")


NIK = "3404011234560001"
PHONE = "081234567890"


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_language_echoes_personal_data_from_the_input(language: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(SubmitComplaint, {NIK: PHONE, "title": PHONE * 30, "reporter": {"nik": NIK + "9"}})
    err = caught.value
    everything = err.message(language) + repr(err.problems_in(language)) + str(err.problems)
    assert NIK not in everything
    assert PHONE not in everything


def _run_cli(*argv: str, env_lang: str | None = None, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    if env_lang is None:
        monkeypatch.delenv("SP4N_LANG", raising=False)
    else:
        monkeypatch.setenv("SP4N_LANG", env_lang)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, err.getvalue()


BAD_DEADLINE = ("sla", "deadline", "--from", "2026-03-02T09:00", "--working-days", "3", "--region", "34.04")


@pytest.mark.parametrize(
    ("argv", "env_lang", "expected"),
    [
        (BAD_DEADLINE, None, "sp4n sla: --from: harus menyebut zona waktu (waktu tanpa zona ditolak)\n"),
        (
            BAD_DEADLINE,
            "en_US.UTF-8",
            "sp4n sla: --from: must be timezone-aware (naive datetimes are refused)\n",
        ),
        (
            ("--lang", "id", *BAD_DEADLINE),
            "en",
            "sp4n sla: --from: harus menyebut zona waktu (waktu tanpa zona ditolak)\n",
        ),
        (
            ("--lang", "en", *BAD_DEADLINE),
            None,
            "sp4n sla: --from: must be timezone-aware (naive datetimes are refused)\n",
        ),
    ],
)
def test_the_command_line_error_is_one_line_in_the_chosen_language_with_exit_2(
    argv: tuple[str, ...], env_lang: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, err = _run_cli(*argv, env_lang=env_lang, monkeypatch=monkeypatch)
    assert (status, err) == (2, expected)
    assert current_language() == "id"  # the command line's switch ends with the command


def test_a_process_default_reaches_threads_started_later() -> None:
    seen: list[str] = []
    with use_language("en", process=True):
        worker = threading.Thread(target=lambda: seen.append(Status.closed.label))
        worker.start()
        worker.join()
    assert seen == ["Closed"]
    worker = threading.Thread(target=lambda: seen.append(Status.closed.label))
    worker.start()
    worker.join()
    assert seen == ["Closed", "Selesai"]


def test_a_host_cannot_install_a_text_that_would_break_a_message() -> None:
    with pytest.raises(ValueError, match="no such text"):
        install_texts("en", {"status.not_a_status": "x"})
    with pytest.raises(ValueError, match="placeholders"):
        install_texts("en", {"notice.next": "Next deadline."})
    assert text("notice.next", "en", deadline="D") == "Next deadline: D."


@given(st.text(max_size=40))
def test_any_language_setting_reads_as_a_known_language(value: str) -> None:
    assert language_from(value) in {"id", "en", "jv", "su"}  # jv, su: installed by the docs' examples


@pytest.mark.parametrize(
    ("value", "expected"), [("en", "en"), ("EN-gb", "en"), ("id_ID.UTF-8", "id"), ("C", "id")]
)
def test_locale_settings_read_as_their_language(value: str, expected: str) -> None:
    assert language_from(value) == expected


def _asked_keys(path: Path) -> set[str]:
    """Literal keys passed to sp4n.texts.text under whatever name the module imported it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in {"sp4n.texts", "sp4n.texts.core"}
        for alias in node.names
        if alias.name == "text"
    }
    return _literal_arguments(tree, names, 0)


def test_every_key_a_module_asks_for_exists() -> None:
    # A key written in the source must be in the catalogue: a typo would be a KeyError at the moment a
    # citizen was to read it.
    asked = {key for path in SRC.rglob("*.py") for key in _asked_keys(path)}
    assert len(asked) > 20, "the scan found too little: the oracle is broken"
    assert not asked - set(keys())
