"""``sp4n demo``: simulate weeks of pilot-region complaints on a SQLite file and print the report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sp4n.demo import DEFAULT_DB, run_demo
from sp4n.texts import text

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sp4n demo`` to the ``sp4n`` parser."""
    parser = subparsers.add_parser(
        "demo",
        help=text("help.demo"),
        description=text("help.demo.description"),
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=text("help.demo.db", default=DEFAULT_DB))
    parser.add_argument("--complaints", type=int, default=300, metavar="N", help=text("help.demo.complaints"))
    parser.add_argument("--seed", type=int, default=2026, metavar="S", help=text("help.demo.seed"))
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    return run_demo(db=args.db, complaints=args.complaints, seed=args.seed, out=sys.stdout, err=sys.stderr)
