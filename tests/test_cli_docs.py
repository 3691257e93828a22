"""docs/cli.md documents every sub-command the parser offers, and nothing it does not."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sp4n.cli import build_parser

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _commands(parser: argparse.ArgumentParser, prefix: str = "sp4n") -> set[str]:
    found: set[str] = set()
    for action in parser._actions:  # argparse offers no public walk over sub-parsers
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _commands(sub, f"{prefix} {name}")
                found |= nested or {f"{prefix} {name}"}
    return found


def test_every_command_has_a_section_in_the_cli_docs_and_no_section_is_stale() -> None:
    documented = set(re.findall(r"^## (sp4n [a-z ]+?)\s*$", DOC.read_text(encoding="utf-8"), re.MULTILINE))
    assert documented == _commands(build_parser())
