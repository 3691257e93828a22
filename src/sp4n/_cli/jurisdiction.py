"""``sp4n policy check|diff|explain`` and ``sp4n region``: routing policies and region codes from the shell.

Every command uses the built-in Kemendagri 2025 list unless ``--regions FILE`` names another (``sp4n region
--dataset 2022`` picks the built-in 2022 list). Exit status: 0 fine; 1 when ``policy check`` finds errors,
``policy diff`` finds changes or ``policy explain`` finds no agency; 2 for bad input, an unknown region
included (one line naming the problem). A file argument of ``-`` reads standard input.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import attrs

from sp4n._cli import inputs
from sp4n._cli.regions import register_region
from sp4n.jurisdiction.agencies import AgencyRegistry
from sp4n.jurisdiction.check import Finding, check_policy
from sp4n.jurisdiction.diff import diff_policies
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.regions_builtin import builtin_regions, default_regions
from sp4n.jurisdiction.resolve import Assigned, RoutingFacts, explain_routing
from sp4n.lifecycle.model import Channel, ComplaintType
from sp4n.texts import rule_text, text

__all__ = ["register"]


def _regions(path: str | None, dataset: str | None = None) -> RegionRegistry:
    """The region list from ``--regions FILE``, else the built-in ``dataset`` (default: 2025)."""
    if path is not None:
        return inputs.regions(path)
    return builtin_regions(dataset) if dataset else default_regions()


def _registry(policy: Policy, regions: RegionRegistry) -> AgencyRegistry:
    return AgencyRegistry.with_governments(regions, policy.agencies)


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in attrs.asdict(finding).items()}


def _check(args: argparse.Namespace) -> int:
    policy = inputs.policy(args.policy)
    regions = _regions(args.regions)
    report = check_policy(policy, regions, _registry(policy, regions))
    if args.json:
        print(
            json.dumps({"ok": report.ok, "findings": [_finding_dict(f) for f in report.findings]}, indent=2)
        )
    else:
        for finding in report.findings:
            severity = text(f"cli.severity.{finding.severity}")
            print(f"{severity:<10} {finding.kind:<24} {rule_text(finding.message)}")
        summary = text(
            "cli.policy.summary", source=args.policy, errors=len(report.errors),
            warnings=len(report.findings) - len(report.errors), categories=len(policy.categories),
            villages=regions.village_count(""), version=regions.version,
        )  # fmt: skip
        print(summary)
    return 0 if report.ok else 1


def _diff(args: argparse.Namespace) -> int:
    old, new = inputs.policy(args.old), inputs.policy(args.new)
    regions = _regions(args.regions)
    changes = diff_policies(old, new)
    rows = [
        {**attrs.asdict(c), "region_name": regions.name_of(c.region) if regions and c.region else None}
        for c in changes
    ]
    if args.json:
        print(json.dumps({"changes": rows, "count": len(rows)}, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            scope = " ".join(x for x in (row["type"], row["channel"]) if x)
            where = row["region"] or text("cli.policy.everywhere")
            none = text("cli.policy.no_rule")
            print(
                f"{row['category']}{' [' + scope + ']' if scope else ''} @ {where}"
                f"{' ' + row['region_name'] if row['region_name'] else ''}:"
                f" {row['old'] or none} → {row['new'] or none}"
            )
        print(text("cli.policy.changes", count=len(changes), old=args.old, new=args.new))
    return 1 if changes else 0  # like diff(1): a change is a finding


def _explain(args: argparse.Namespace) -> int:
    policy = inputs.policy(args.policy)
    regions = _regions(args.regions)
    code = regions.validate(args.region, "--region")
    facts = RoutingFacts(
        category=args.category, type=args.type, channel=args.channel, region_code=code, declined=args.declined
    )
    decision, losers = explain_routing(facts, policy, _registry(policy, regions))
    assigned = isinstance(decision, Assigned)
    if args.json:
        out: dict[str, Any] = {"assigned": assigned, "others": [str(line) for line in losers]}
        if isinstance(decision, Assigned):
            out |= {"agency_id": decision.agency.id, "agency_name": decision.agency.name,
                    "rule": decision.rule.id, "basis": decision.rule.basis or None,
                    "explanation": decision.explanation}  # fmt: skip
        else:
            out["reason"] = decision.reason
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0 if assigned else 1
    if isinstance(decision, Assigned):
        print(f"→ {decision.agency.id}: {decision.agency.name}")
        print(text("cli.policy.because", explanation=rule_text(decision.explanation)))
        if decision.rule.basis:
            print(text("cli.policy.basis", basis=decision.rule.basis))
    else:
        print(text("cli.policy.unresolved", reason=rule_text(decision.reason)))
    for line in losers:
        print(text("cli.policy.not", line=rule_text(line)))
    return 0 if assigned else 1


def _policy_parsers(policy: Any) -> None:
    check = policy.add_parser("check", help=text("help.policy.check"))
    check.add_argument("policy", help=text("help.policy.file"))
    check.add_argument("--regions", help=text("help.regions"))
    check.add_argument("--json", action="store_true", help=text("help.json"))
    check.set_defaults(handler=_check)
    diff = policy.add_parser("diff", help=text("help.policy.diff"))
    diff.add_argument("old", help=text("help.policy.old"))
    diff.add_argument("new", help=text("help.policy.new"))
    diff.add_argument("--regions", help=text("help.regions"))
    diff.add_argument("--json", action="store_true", help=text("help.json"))
    diff.set_defaults(handler=_diff)
    why = policy.add_parser("explain", help=text("help.policy.explain"))
    why.add_argument("policy", help=text("help.policy.file"))
    why.add_argument("--category", required=True, help=text("help.policy.category"))
    why.add_argument("--region", required=True, help=text("help.policy.region"))
    why.add_argument(
        "--type",
        default=ComplaintType.pengaduan.value,
        choices=[t.value for t in ComplaintType],
        help=text("help.policy.type"),
    )
    why.add_argument(
        "--channel",
        default=Channel.web.value,
        choices=[c.value for c in Channel],
        help=text("help.policy.channel"),
    )
    why.add_argument("--declined", nargs="*", default=[], help=text("help.policy.declined"))
    why.add_argument("--regions", help=text("help.regions"))
    why.add_argument("--json", action="store_true", help=text("help.json"))
    why.set_defaults(handler=_explain)


def register(subparsers: Any) -> None:
    """Add ``policy`` and ``region`` to the ``sp4n`` parser."""
    policy = subparsers.add_parser("policy", help=text("help.policy"))
    _policy_parsers(policy.add_subparsers(dest="policy_command", required=True, metavar="ACTION"))
    register_region(subparsers, _regions)
