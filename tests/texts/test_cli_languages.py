"""Every text of the command line and every error message follows the one switch: ``--help`` of every command,
argparse's own words, the output of ``policy``/``region``/``db``, and each typed error raised in the source.

The English-leak check reads Indonesian output for English words that Indonesian never uses (a small word
list, kept apart from the catalogue so that the oracle does not share the code it checks); names of options,
files, codes and formats that stay as they are in both languages are taken out of the line first.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import pytest

from sp4n.cli import build_parser, main
from sp4n.texts import rule_text, use_language

SRC = Path(__file__).resolve().parents[2] / "src" / "sp4n"
POLICY = Path(__file__).resolve().parents[2] / "docs" / "examples" / "national-policy.toml"

#: Words of English prose that Indonesian text never contains (function words and common verbs).
_WORDS = """
    the of and or to is are be must may not with without from for this that which when where each every only
    show shows help exit usage options positional arguments argument required invalid choice expected cannot
    read file default print prints check looks look list lists whose one own after before region regions
    agency agencies rule rules version until stopped deliver serve
"""
ENGLISH = frozenset(_WORDS.split())


def _command_names() -> set[str]:
    import argparse

    names: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        for action in parsers.pop()._actions:  # argparse offers no public walk over sub-parsers
            if isinstance(action, argparse._SubParsersAction):
                names |= set(action.choices)
                parsers += action.choices.values()
    return names


#: Command names (``sp4n region``, ``policy check``) are the same words in every language.
COMMANDS = _command_names()


def _english_words(line: str) -> set[str]:
    # Left out: options (--json), placeholders in metavars (FILE, N), quoted names, URLs, paths, and the
    # command names, which are the same in both languages.
    line = re.sub(r"--?[\w-]+|[A-Z_]{2,}|'[^']*'|`[^`]*`|\S+://\S*|\S*/\S*|\{[^}]*\}|\[[^]]*\]", " ", line)
    return {w for w in re.findall(r"[a-z]+", line.lower()) if w in ENGLISH - COMMANDS}


def _help_pages() -> dict[str, str]:
    """``--help`` of the top command and of every sub-command, in the current language."""
    import argparse

    pages: dict[str, str] = {}

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        pages[name] = parser.format_help()
        for action in parser._actions:  # argparse offers no public walk over sub-parsers
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")

    walk(build_parser(), "sp4n")
    return pages


def test_every_help_page_in_indonesian_has_no_english_sentence() -> None:
    with use_language("id"):
        pages = _help_pages()
    assert len(pages) >= 15, "the walk found too few commands: the oracle is broken"
    leaks = {name: _english_words(page) for name, page in pages.items()}
    assert not {name: words for name, words in leaks.items() if words}


def test_the_english_help_is_english_and_differs_from_the_indonesian() -> None:
    with use_language("en"):
        english = _help_pages()
    with use_language("id"):
        indonesian = _help_pages()
    assert english.keys() == indonesian.keys()
    for name in english:
        assert english[name] != indonesian[name], name
        assert "usage:" in english[name]
        assert "cara pakai:" in indonesian[name]
    assert _english_words(english["sp4n region"]), "the leak check finds nothing in English: it is broken"


def _run(argv: list[str], env: str | None, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    if env is None:
        monkeypatch.delenv("SP4N_LANG", raising=False)
    else:
        monkeypatch.setenv("SP4N_LANG", env)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:  # --help and argparse's own errors end here
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["--help"], "id", "cara pakai: "),
        (["--help"], None, "cara pakai: "),
        (["--lang", "en", "--help"], "id", "usage: "),
        (["--lang=id", "policy", "explain", "--help"], "en", "cara pakai: "),
        (["region", "--help"], "en_US.UTF-8", "usage: "),
    ],
)
def test_help_follows_lang_then_sp4n_lang_then_indonesian(
    argv: list[str], env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = _run(argv, env, monkeypatch)
    assert status == 0
    assert out.startswith(expected)


#: Bad inputs that reach each kind of one-line error: argparse's, a RuleViolation, an UnknownRegion, a
#: ConfigurationError of a file, of a store, and of the command line's own checks.
ERROR_PATHS = [
    ["region", "--search"],
    ["region", "--limit", "0", "--search", "sleman"],
    ["region", "99.99"],
    ["region", "34-04"],
    ["sla", "deadline", "--from", "2026-03-02T09:00", "--working-days", "3", "--region", "34.04"],
    ["sla", "deadline", "--from", "yesterday", "--working-days", "3", "--region", "34.04"],
    ["policy", "check", "no-such-policy.toml"],
    ["policy", "check", str(POLICY), "--regions", "no-such-list.csv"],
    ["db", "current", "--url", "sqlite:////nonexistent-folder/lapor.db"],
    ["db", "current", "--url", "oracle://db/lapor"],
    ["calendar", "1990"],
    ["policy", "diff", "-", "-"],
    ["relay", "--url", "sqlite:///x.db"],
    ["verify"],
    ["nonsense"],
]


@pytest.mark.parametrize("argv", ERROR_PATHS, ids=" ".join)
def test_every_error_path_is_one_line_exit_2_in_each_language_with_no_english_in_indonesian(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = {}
    for language in ("id", "en"):
        status, _, err = _run(["--lang", language, *argv], None, monkeypatch)
        assert status == 2, (language, err)
        assert err.count("\n") == 1, err
        lines[language] = err
    assert lines["id"] != lines["en"]
    assert not _english_words(lines["id"]), lines["id"]


def test_the_switch_changes_the_output_of_policy_and_region_but_not_their_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    explain = ["policy", "explain", str(POLICY), "--category", "pendidikan-menengah", "--region", "34.04"]
    for argv in (explain, ["region", "34.04.01.2001"], ["region", "--migrate", "91.01"]):
        _, english, _ = _run(["--lang", "en", *argv], None, monkeypatch)
        _, indonesian, _ = _run(argv, None, monkeypatch)
        assert english != indonesian, argv
        _, english_json, _ = _run(["--lang", "en", *argv, "--json"], None, monkeypatch)
        _, indonesian_json, _ = _run([*argv, "--json"], None, monkeypatch)
        assert english_json == indonesian_json, argv


# --- every message raised in the source is in the catalogue -------------------------------------------------

#: Each typed error that takes a rule or problem, and the position of that argument.
RAISED = {
    "RuleViolation": 1,
    "UnknownRegion": None,
    "ConfigurationError": 1,
    "InvalidTransition": 2,
    "NotPermitted": 2,
    "HistoryTampered": 2,
    "StorageUnavailable": 1,
    "DeliveryError": 0,
    "Phrase": 0,
}


def _message_argument(node: ast.AST, local: dict[str, ast.expr]) -> ast.expr | None:
    """The rule or problem a call to a typed error passes (a local name read through its assignment)."""
    if not isinstance(node, ast.Call):
        return None
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    at = RAISED.get(name)
    if at is None or len(node.args) <= at:
        return None
    argument = node.args[at]
    return local.get(argument.id, argument) if isinstance(argument, ast.Name) else argument


def _messages() -> tuple[dict[str, str], list[str]]:
    """Every literal rule/problem passed to a typed error (directly or through a local name) with where it
    is, and every place that passes an f-string instead (whose wording no catalogue can hold)."""
    literal: dict[str, str] = {}
    formatted: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "exceptions.py" or "texts" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Module)):
            local = {
                node.targets[0].id: node.value
                for node in ast.walk(scope)
                if isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            }
            for node in ast.walk(scope):
                argument = _message_argument(node, local)
                where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
                if isinstance(argument, ast.JoinedStr):
                    formatted.append(where)
                elif isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    literal.setdefault(argument.value, where)
    return literal, formatted


def test_no_error_message_is_an_f_string() -> None:
    # A message is a template with values (``"must be 1 to {limit} bytes", limit=...``): an f-string's
    # wording differs with every value, so no catalogue could translate it.
    _, formatted = _messages()
    assert not formatted


def _has_words(template: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", template)))


def test_every_error_message_raised_in_the_source_reads_in_indonesian() -> None:
    literal, _ = _messages()
    assert len(literal) > 150, "the scan found too few messages: the oracle is broken"
    untranslated = {
        rule: where for rule, where in literal.items() if _has_words(rule) and rule_text(rule, "id") == rule
    }
    assert not untranslated


def test_every_value_the_command_line_names_by_a_built_key_has_its_words() -> None:
    # Keys the command line builds from a value (``cli.severity.error``) escape the literal-key scan.
    from sp4n.jurisdiction.check import Severity
    from sp4n.jurisdiction.regions_migrate import ChangeKind
    from sp4n.texts.core import wordings

    built = [f"cli.severity.{s.value}" for s in Severity] + [f"cli.change.{k.value}" for k in ChangeKind]
    assert len(built) == len(Severity) + len(ChangeKind) > 5
    assert not [key for key in built if set(wordings(key)) < {"id", "en"}]
