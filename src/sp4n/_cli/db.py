"""``sp4n db upgrade|current|sql``: the schema as an explicit, reviewable step.

A unit of work on PostgreSQL or MariaDB runs no DDL when it is built: it refuses tables that are not at the
library's version. A deployment runs ``sp4n db upgrade --url URL`` once (concurrent runs wait for each other;
a run interrupted at any statement is simply run again), ``sp4n db current`` shows where a database stands,
and ``sp4n db sql`` prints the DDL without connecting, for a DBA to review or a host's own migration tool to
run.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sp4n.adapters.storage._sql import CURRENT_VERSION
from sp4n.adapters.storage.urls import schema_script, unit_of_work_from_url
from sp4n.texts import text

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``sp4n db`` with ``upgrade``, ``current`` and ``sql`` to the ``sp4n`` parser."""
    db = subparsers.add_parser("db", help=text("help.db"))
    sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    upgrade = sub.add_parser("upgrade", help=text("help.db.upgrade"))
    current = sub.add_parser("current", help=text("help.db.current"))
    sql = sub.add_parser("sql", help=text("help.db.sql"))
    for parser in (upgrade, current, sql):
        parser.add_argument("--url", required=True, help=text("help.db.url"))
        parser.add_argument("--prefix", default="sp4n_", help=text("help.db.prefix"))
        parser.add_argument("--schema", help=text("help.db.schema"))
        parser.add_argument("--json", action="store_true", help=text("help.json"))
    sql.add_argument("--from-version", type=int, default=0, metavar="N", help=text("help.db.from_version"))
    upgrade.set_defaults(handler=_upgrade)
    current.set_defaults(handler=_current)
    sql.set_defaults(handler=_sql)


def _report(tables: str, found: int, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"tables": tables, "version": found, "required": CURRENT_VERSION}))
        return
    state = (
        text("cli.db.current")
        if found == CURRENT_VERSION
        else text("cli.db.behind", required=CURRENT_VERSION)
    )
    print(text("cli.db.at", tables=tables, found=found, state=state))


def _upgrade(args: argparse.Namespace) -> int:
    uow = unit_of_work_from_url(args.url, prefix=args.prefix, schema=args.schema, migrate=True)
    try:
        _report(uow.tables, uow.schema_version(), as_json=args.json)
    finally:
        uow.close()
    return 0


def _current(args: argparse.Namespace) -> int:
    uow = unit_of_work_from_url(
        args.url, prefix=args.prefix, schema=args.schema, migrate=False, check_version=False, existing=True
    )
    try:
        found = uow.schema_version()
    finally:
        uow.close()
    _report(uow.tables, found, as_json=args.json)
    return 0 if found == CURRENT_VERSION else 1


def _sql(args: argparse.Namespace) -> int:
    script = schema_script(args.url, prefix=args.prefix, current=args.from_version, schema=args.schema)
    if args.json:
        print(json.dumps({"statements": [s.strip() for s in script]}))
        return 0
    for statement in script:
        print(statement.strip() + ";")
    return 0
