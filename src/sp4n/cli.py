"""The ``sp4n`` command line.

Each sub-command lives in its own module under ``sp4n._cli`` and registers itself through a ``register``
function, so the parts of the library stay independent.

Exit status, the same for every command (docs/cli.md): 0 done, nothing found; 1 a check or comparison found
something (``policy check`` errors, ``policy diff`` changes, ``policy explain`` no agency); 2 bad input, with
one line on stderr naming the problem. Every command that prints a result takes ``--json``; a file argument
of ``-`` reads standard input.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import NoReturn

from sp4n._cli import inputs
from sp4n.exceptions import Sp4nError
from sp4n.texts import LANGUAGES, language_from, text, use_language

__all__ = ["main"]

#: Modules under ``sp4n._cli`` that contribute sub-commands, in help order.
_COMMAND_MODULES = ("demo", "sla", "jurisdiction", "db", "verify", "workers", "serve")


class _OneLineParser(argparse.ArgumentParser):
    """Bad arguments end with exit 2 and one line on stderr (``--help`` shows the usage), like every other
    bad input; sub-command parsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {' '.join(message.split())}\n")


EXIT_CODES = "exit status: 0 ok; 1 findings (check errors, diff changes, no agency, tampering); 2 bad input"


def _version() -> str:
    try:
        return version("sp4n")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def commands(parser: argparse.ArgumentParser, prefix: str = "sp4n") -> Iterator[tuple[str, str]]:
    """Every leaf command of ``parser`` with its one-line help, in help order."""
    for action in parser._actions:  # argparse offers no public walk over sub-parsers
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                nested = list(commands(sub, f"{prefix} {name}"))
                yield from nested or [(f"{prefix} {name}", helps.get(name, ""))]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (used by :func:`main` and by the docs test)."""
    parser = _OneLineParser(
        prog="sp4n",
        description="SP4N-LAPOR! domain tools: demo, SLA deadlines, calendars, routing policies, audit.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sp4n {_version()}")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=text("cli.lang_help", "en"))
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"sp4n._cli.{name}")
        module.register(subparsers)
    rows = list(commands(parser))
    width = max(len(name) for name, _ in rows)
    parser.epilog = "commands:\n" + "\n".join(f"  {n:<{width}}  {h}" for n, h in rows) + f"\n\n{EXIT_CODES}"
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    The language of its output and error lines is ``--lang``, else ``SP4N_LANG`` (read here, once), else
    Bahasa Indonesia (``sp4n.texts``).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    with use_language(language_from(args.lang or os.environ.get("SP4N_LANG")), process=True):
        try:
            inputs.check_one_stdin(vars(args).values())
            status: int = args.handler(args)
        except Sp4nError as err:
            # One line, whatever the error's text holds (a YAML error spans several).
            message = " ".join(str(err).split())
            line = text("cli.error", command=args.command, message=message)[:2000]
            print(line.encode("utf-8", "backslashreplace").decode(), file=sys.stderr)  # a lone surrogate too
            return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
