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
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, NoReturn

from sp4n._cli import inputs
from sp4n.exceptions import Sp4nError
from sp4n.texts import LANGUAGES, language_from, text, use_language

__all__ = ["main"]

#: Modules under ``sp4n._cli`` that contribute sub-commands, in help order.
_COMMAND_MODULES = ("demo", "sla", "jurisdiction", "db", "verify", "workers", "serve")


#: argparse's error sentences (Python 3.11-3.13), as (pattern, catalogue key); the names and values they
#: quote stay as the user typed them.
_ARGPARSE_ERRORS = (
    (r"the following arguments are required: (?P<names>.+)", "argparse.required"),
    (r"one of the arguments (?P<names>.+) is required", "argparse.one_of"),
    (r"unrecognized arguments: (?P<names>.+)", "argparse.unknown"),
    (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "argparse.choice"),
    (r"expected one argument", "argparse.one_value"),
    (r"invalid (?P<kind>\w+) value: (?P<value>.+)", "argparse.invalid"),
    (r"not allowed with argument (?P<name>.+)", "argparse.not_with"),
)


def argparse_message(message: str) -> str:
    """One of argparse's error sentences in the current language (another stays as it is).

    >>> with use_language("id"):
    ...     argparse_message("argument --json: expected one argument")
    'argumen --json: memerlukan satu nilai'
    """
    head = re.fullmatch(r"argument (?P<name>\S+): (?P<problem>.+)", message, re.DOTALL)
    inner = head["problem"] if head else message
    for pattern, key in _ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, inner, re.DOTALL)
        if found:
            inner = text(key, **found.groupdict())
            break
    return text("argparse.argument", name=head["name"], problem=inner) if head else inner


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """``usage:`` in the current language (argparse reads its words through gettext; sp4n does not)."""

    def add_usage(
        self, usage: str | None, actions: Iterable[argparse.Action], groups: Any, prefix: str | None = None
    ) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else text("argparse.usage"))


class _OneLineParser(argparse.ArgumentParser):
    """Bad arguments end with exit 2 and one line on stderr (``--help`` shows the usage), like every other
    bad input; sub-command parsers inherit the class, and with it help in the current language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **{**kwargs, "add_help": False})
        self._positionals.title = text("argparse.positionals")
        self._optionals.title = text("argparse.options")
        if kwargs.get("add_help", True):
            self.add_argument("-h", "--help", action="help", help=text("argparse.help"))

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {' '.join(argparse_message(message).split())}\n")


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
    """The full argument parser (for :func:`main` and the docs test), its help in the current language."""
    parser = _OneLineParser(
        prog="sp4n",
        description=text("help.sp4n"),
    )
    parser.add_argument(
        "--version", action="version", version=f"sp4n {_version()}", help=text("argparse.version")
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=text("help.lang"))
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"sp4n._cli.{name}")
        module.register(subparsers)
    rows = list(commands(parser))
    width = max(len(name) for name, _ in rows)
    listing = "\n".join(f"  {n:<{width}}  {h}" for n, h in rows)
    parser.epilog = f"{text('help.commands')}\n{listing}\n\n{text('help.exit')}"
    return parser


def chosen_language(argv: Sequence[str]) -> str:
    """The language of a command line: ``--lang`` (read before parsing, so that ``--help`` and argparse's
    own errors follow it too), else ``SP4N_LANG``, else Bahasa Indonesia.

    >>> chosen_language(["--lang", "en", "region", "34"]), chosen_language(["--lang=en"])
    ('en', 'en')
    """
    for at, arg in enumerate(argv):
        if arg == "--lang" and at + 1 < len(argv):
            return language_from(argv[at + 1])
        if arg.startswith("--lang="):
            return language_from(arg.partition("=")[2])
        if not arg.startswith("-"):
            break  # the command's own arguments begin: ``sla deadline --lang`` is the command's option
    return language_from(os.environ.get("SP4N_LANG"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    The language of its help, output and error lines is ``--lang``, else ``SP4N_LANG`` (read here, once),
    else Bahasa Indonesia (``sp4n.texts``).
    """
    given = list(sys.argv[1:] if argv is None else argv)
    with use_language(chosen_language(given), process=True):
        args = build_parser().parse_args(given)
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
