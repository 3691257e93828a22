"""``sp4n region``: look up, browse, search and migrate Kemendagri region codes (built-in lists by default).

    sp4n region 34.04.01.2001              the region, its level, parent chain and time zone
    sp4n region --children 34.04           the regions one level below (no code: the provinces)
    sp4n region --search "kota yogya"      regions by name, best first
    sp4n region --migrate 91.01            where a 2022 code went in the 2025 list

``--json`` prints the same as JSON. A malformed or unknown code exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any

from sp4n.jurisdiction.codes import Level
from sp4n.jurisdiction.provinces import zone_abbreviation
from sp4n.jurisdiction.regions import Region, RegionRegistry
from sp4n.jurisdiction.regions_builtin import BUILTIN_VERSIONS
from sp4n.jurisdiction.regions_migrate import builtin_migration
from sp4n.texts import text

__all__ = ["register_region"]

Loader = Callable[[str | None, str | None], RegionRegistry]


def _brief(region: Region) -> dict[str, Any]:
    return {"code": region.code, "name": region.name, "level": region.level.value}


def _full(region: Region, regions: RegionRegistry) -> dict[str, Any]:
    return {
        **_brief(region),
        "parent_chain": [_brief(r) for r in regions.chain(region.code)[:-1]],
        "timezone": region.timezone,
        "zone": zone_abbreviation(region.timezone),
        "version": region.version,
    }


def _show(args: argparse.Namespace, regions: RegionRegistry) -> int:
    out = _full(regions[regions.validate(args.code, "CODE")], regions)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    chain = " › ".join(f"{r['code']} {r['name']}" for r in out["parent_chain"])
    print(text("cli.region.show", **{**out, "chain": chain or "Indonesia"}))
    return 0


def _listing(args: argparse.Namespace, found: Sequence[Region], head: dict[str, Any]) -> int:
    if args.json:
        print(json.dumps({**head, "regions": [_brief(r) for r in found]}, indent=2, ensure_ascii=False))
    else:
        for region in found:
            print(f"{region.code:<14} {region.name} [{region.level.value}]")
    return 0


def _children(args: argparse.Namespace, regions: RegionRegistry) -> int:
    parent = regions.validate(args.children, "--children") if args.children else ""
    return _listing(args, regions.children(parent), {"parent": parent or None, "version": regions.version})


def _search(args: argparse.Namespace, regions: RegionRegistry) -> int:
    within = regions.validate(args.within, "--within") if args.within else ""
    level = Level(args.level) if args.level else None
    found = regions.search(args.search, limit=args.limit, within=within, level=level)
    return _listing(args, found, {"query": args.search, "version": regions.version})


def _migrate(args: argparse.Namespace) -> int:
    change = builtin_migration().change(args.migrate)
    out = {"old": change.old, "new": list(change.new), "kind": change.kind.value, "nearest": change.nearest}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        nearest = change.nearest or text("cli.region.none")
        where = ", ".join(change.new) or text("cli.region.nowhere", nearest=nearest)
        print(
            text("cli.region.migrated", old=change.old, where=where, kind=text(f"cli.change.{change.kind}"))
        )
    return 0


def _positive(given: str) -> int:
    value = int(given)
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(text("argparse.range"))
    return value


def register_region(subparsers: Any, load: Loader) -> None:
    """Add ``region`` to the ``sp4n`` parser; ``load(path, dataset)`` gives the region list to use."""
    region = subparsers.add_parser("region", help=text("help.region"))
    what = region.add_mutually_exclusive_group(required=True)
    what.add_argument("code", nargs="?", help=text("help.region.code"))
    what.add_argument("--children", nargs="?", const="", metavar="CODE", help=text("help.region.children"))
    what.add_argument("--search", metavar="TEXT", help=text("help.region.search"))
    what.add_argument("--migrate", metavar="CODE", help=text("help.region.migrate"))
    region.add_argument("--limit", type=_positive, default=10, help=text("help.region.limit"))
    region.add_argument("--within", metavar="CODE", help=text("help.region.within"))
    region.add_argument("--level", choices=[level.value for level in Level], help=text("help.region.level"))
    region.add_argument("--dataset", choices=BUILTIN_VERSIONS, help=text("help.region.dataset"))
    region.add_argument("--regions", help=text("help.regions"))
    region.add_argument("--json", action="store_true", help=text("help.json"))

    def run(args: argparse.Namespace) -> int:
        if args.migrate is not None:
            return _migrate(args)
        regions = load(args.regions, args.dataset)
        if args.search is not None:
            return _search(args, regions)
        if args.children is not None:
            return _children(args, regions)
        return _show(args, regions)

    region.set_defaults(handler=run)
