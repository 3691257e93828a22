"""The ``sp4n`` command line.

Each sub-command lives in its own module under ``sp4n._cli`` and registers itself through a ``register``
function, so the parts of the library stay independent. Exit status 2 means bad input; the message is one
line naming the problem.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sp4n.exceptions import Sp4nError

__all__ = ["main"]

#: Modules under ``sp4n._cli`` that contribute sub-commands, in help order.
_COMMAND_MODULES = ("demo", "sla", "jurisdiction", "serve")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (used by :func:`main` and by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="sp4n", description="SP4N-LAPOR! domain tools: demo, SLA deadlines, calendars, routing policies."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"sp4n._cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except Sp4nError as err:
        print(f"sp4n {args.command}: {err}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
