"""``sp4n demo``: simulate weeks of pilot-region complaints on a SQLite file and print the report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sp4n.demo import DEFAULT_DB, run_demo

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sp4n demo`` to the ``sp4n`` parser."""
    parser = subparsers.add_parser(
        "demo",
        help="simulate pilot-region complaints across the 2026 Idul Fitri leave and print SLA results",
        description=(
            "Seed the six LAPOR! pilot regions and their governments, file complaints over simulated "
            "weeks spanning the 2026 Idul Fitri leave, run them through the lifecycle with SLA timers, "
            "and print one complaint's timeline, SLA compliance per agency, the breaches, and the "
            "notifications sent (event notices through the outbox relay, deadline reminders, and a "
            "privacy check of every message to an agency). "
            "The same seed gives the same run."
        ),
    )
    parser.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file, recreated each run (default {DEFAULT_DB})"
    )
    parser.add_argument(
        "--complaints", type=int, default=300, metavar="N", help="complaints to file (default 300)"
    )
    parser.add_argument("--seed", type=int, default=2026, metavar="S", help="random seed (default 2026)")
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    return run_demo(db=args.db, complaints=args.complaints, seed=args.seed, out=sys.stdout, err=sys.stderr)
