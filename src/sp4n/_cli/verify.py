"""``sp4n verify``: audit a store (hash chains, state rows against their replay, a published checkpoint)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from sp4n.adapters.loaders import file_problem
from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.exceptions import ConfigurationError, HistoryTampered
from sp4n.lifecycle.audit import Checkpoint, audit, checkpoint
from sp4n.texts import text

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sp4n verify`` to the ``sp4n`` parser."""
    parser = subparsers.add_parser(
        "verify",
        help=text("help.verify"),
        description=text("help.verify.description"),
    )
    parser.add_argument("--url", required=True, help=text("help.verify.url"))
    parser.add_argument("--prefix", default="sp4n_", help=text("help.db.prefix"))
    parser.add_argument("--checkpoint", type=Path, metavar="FILE", help=text("help.verify.checkpoint"))
    parser.add_argument("--write-checkpoint", type=Path, metavar="FILE", help=text("help.verify.write"))
    parser.add_argument(
        "--json",
        action="store_true",
        help=text("help.verify.json"),
    )
    parser.set_defaults(handler=_handle)


def _read_checkpoint(path: Path) -> Checkpoint:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigurationError(
            "checkpoint", "cannot read {name}: {problem}", name=path.name, problem=file_problem(err)
        ) from err
    return Checkpoint.from_json(text)


def _handle(args: argparse.Namespace) -> int:
    since = None if args.checkpoint is None else _read_checkpoint(args.checkpoint)
    uow = unit_of_work_from_url(args.url, prefix=args.prefix, existing=True)
    try:
        with uow:
            states = list(uow.state_records())
            events = list(uow.event_records())
    finally:
        uow.close()
    findings = audit(states, events, since=since)
    now = checkpoint(events)
    out = sys.stdout
    if args.json:
        report = {
            "complaints": len(states),
            "events": len(events),
            "findings": [
                {"complaint_id": f.complaint_id, "sequence": f.sequence, "problem": f.problem}
                for f in findings
            ],
            "checkpoint": None if findings else json.loads(now.to_json()),
        }
        print(json.dumps(report, sort_keys=True), file=out)
    else:
        _print(out, (len(states), len(events)), since, findings, now)
    if args.write_checkpoint is not None and not findings:
        args.write_checkpoint.write_text(now.to_json() + "\n", encoding="utf-8")
    return 1 if findings else 0


def _print(
    out: TextIO,
    counts: tuple[int, int],
    since: Checkpoint | None,
    findings: list[HistoryTampered],
    now: Checkpoint,
) -> None:
    print(text("cli.verify.checked", complaints=counts[0], events=counts[1]), file=out)
    if since is not None:
        print(text("cli.verify.since", position=since.position, count=since.count), file=out)
    for finding in findings:
        print(f"FINDING {finding}", file=out)  # the marker stays in every language: scripts grep for it
    if findings:
        print(text("cli.verify.failed", count=len(findings)), file=out)
    else:
        print(text("cli.verify.ok", checkpoint=now.to_json()), file=out)
