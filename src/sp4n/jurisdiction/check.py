"""Static checks of a routing policy against a region list and an agency registry.

The checks reason at the level where rules change — provinces, kabupaten/kota and the region anchors of
rules — rather than cell by cell, so checking every village × every category (≈ 3.4 M cells for the full
2025 list) takes a fraction of a second. A *cell* is (category, report type, channel, village); a gap is a
cell where :func:`~sp4n.jurisdiction.resolve.resolve` returns ``Unresolved`` for a complaint nobody has
declined yet.

>>> from sp4n.jurisdiction.agencies import AgencyRegistry, regional_governments
>>> from sp4n.jurisdiction.policy import Policy, Rule, Target, TargetLevel
>>> from sp4n.jurisdiction.regions import parse_regions
>>> regions = parse_regions(["34,DIY", "34.04,Kab. Sleman", "34.04.01,Gamping", "34.04.01.2001,Balecatur"],
...                         version="2025")
>>> registry = AgencyRegistry(regional_governments(regions))
>>> policy = Policy(name="p", declared_categories=["listrik"], rules=[
...     Rule(id="sd", category="pendidikan-dasar", target=Target(level=TargetLevel.kabupaten_kota))])
>>> report = check_policy(policy, regions, registry)
>>> [(f.kind.value, f.category, f.region, f.villages) for f in report.findings]
[('gap', 'listrik', '', 1)]
>>> report.ok
False
"""

from __future__ import annotations

import itertools
from enum import StrEnum

import attrs

from sp4n.jurisdiction.agencies import AgencyKind, AgencyRegistry
from sp4n.jurisdiction.codes import ancestors, is_within
from sp4n.jurisdiction.policy import Policy, Rule, Table, TargetLevel
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.resolve import target_of
from sp4n.lifecycle.model import Channel, ComplaintType
from sp4n.texts import Phrase

__all__ = ["CheckReport", "Finding", "FindingKind", "Severity", "check_policy"]


class Severity(StrEnum):
    """An error makes ``sp4n policy check`` fail; a warning is reported only."""

    error = "error"
    warning = "warning"


class FindingKind(StrEnum):
    """What a finding is about."""

    gap = "gap"
    tie = "tie"
    unknown_agency = "unknown_agency"
    unknown_region = "unknown_region"
    missing_government = "missing_government"
    shadowed = "shadowed"
    routes_back_to_decliner = "routes_back_to_decliner"


@attrs.frozen(kw_only=True)
class Finding:
    """One problem; ``region`` ``""`` means everywhere, ``villages`` how many village cells it touches."""

    kind: FindingKind
    severity: Severity
    message: str
    category: str = ""
    rules: tuple[str, ...] = ()
    region: str = ""
    type: ComplaintType | None = None
    channel: Channel | None = None
    villages: int = 0


@attrs.frozen(kw_only=True)
class CheckReport:
    """Every finding, in a stable order."""

    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that make the policy unusable as it stands."""
        return tuple(f for f in self.findings if f.severity is Severity.error)

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors


def _resolvable(rules: tuple[Rule, ...], code: str, registry: AgencyRegistry) -> bool:
    # Rules are usually few and named agencies do not depend on the region: stop at the first usable one.
    return any(target_of(rule, code, registry) is not None for rule in rules)


def _lookup(table: Table, code: str) -> tuple[Rule, ...]:
    for prefix in (*(code[:n] for n in (13, 8, 5, 2) if n <= len(code)), ""):
        if prefix in table:
            return table[prefix]
    return ()


def _deep_anchors(table: Table) -> dict[str, list[str]]:
    """Anchors below kabupaten/kota, by their nearest anchored ancestor (or their kabupaten/kota)."""
    out: dict[str, list[str]] = {}
    for anchor in sorted((a for a in table if len(a) > 5), key=len):
        owner = next((a for a in (anchor[:8],) if a in table and a != anchor), anchor[:5])
        out.setdefault(owner, []).append(anchor)
    return out


class _GapWalk:
    """Counts unresolved villages under a node, descending only into anchored subtrees."""

    def __init__(self, table: Table, regions: RegionRegistry, registry: AgencyRegistry) -> None:
        self.table, self.regions, self.registry = table, regions, registry
        self.deep = _deep_anchors(table)

    def gap(self, node: str, rules: tuple[Rule, ...]) -> int:
        if _resolvable(rules, node, self.registry):
            return 0  # deeper anchors only add candidates, so the whole subtree resolves
        missing = self.regions.village_count(node)
        for anchor in self.deep.get(node, ()):
            missing -= self.regions.village_count(anchor) - self.gap(anchor, self.table[anchor])
        return missing


#: (category, type or None for all, channel or None for all, region, villages without an agency).
Gap = tuple[str, ComplaintType | None, Channel | None, str, int]


def _gap_findings(policy: Policy, regions: RegionRegistry, registry: AgencyRegistry) -> list[Finding]:
    gaps: list[Gap] = []
    kabkota = regions.at_depth(2)
    done: dict[int, list[tuple[str, int]]] = {}  # tables are shared between keys: walk each one once
    for category in policy.categories:
        for type_, channel, table, _ in policy.distinct_tables(category):
            if id(table) not in done:
                walk = _GapWalk(table, regions, registry)
                found = [(code, walk.gap(code, _lookup(table, code))) for code in kabkota]
                done[id(table)] = _areas([g for g in found if g[1]], regions)
            gaps += [(category, type_, channel, code, missing) for code, missing in done[id(table)]]
    gaps = _widen(_widen(gaps, 2, frozenset(Channel)), 1, frozenset(ComplaintType))
    return [_gap_finding(gap, regions) for gap in gaps]


def _areas(gaps: list[tuple[str, int]], regions: RegionRegistry) -> list[tuple[str, int]]:
    """Gaps by kabupaten/kota, collapsed to a province whose villages all lack an agency, or the country."""
    by_province: dict[str, list[tuple[str, int]]] = {}
    for code, missing in gaps:
        by_province.setdefault(code[:2], []).append((code, missing))
    areas: list[tuple[str, int]] = []
    for province, found in by_province.items():
        total = sum(m for _, m in found)
        areas += [(province, total)] if total == regions.village_count(province) else found
    if areas and sum(m for _, m in areas) == regions.village_count(""):
        areas = [("", regions.village_count(""))]
    return areas


def _widen(gaps: list[Gap], position: int, every: frozenset[str]) -> list[Gap]:
    """Merge gaps that differ only in the type (1) or channel (2) when together they cover every value."""
    groups: dict[tuple[object, ...], list[Gap]] = {}
    for gap in gaps:
        groups.setdefault((*gap[:position], None, *gap[position + 1 :]), []).append(gap)
    out: list[Gap] = []
    for members in groups.values():
        if {g[position] for g in members} == every:
            out.append(_widened(members[0], position))
        else:
            out += members
    return out


def _widened(gap: Gap, position: int) -> Gap:
    """The gap with its type (1) or channel (2) widened to "any"."""
    category, type_, channel, code, missing = gap
    return (category, None if position == 1 else type_, None if position == 2 else channel, code, missing)


def _gap_finding(gap: Gap, regions: RegionRegistry) -> Finding:
    category, type_, channel, code, missing = gap
    scope = [Phrase(" type {type}", type=type_)] if type_ else []
    scope += [Phrase(" via {channel}", channel=channel)] if channel else []
    return Finding(
        kind=FindingKind.gap,
        severity=Severity.error,
        message=Phrase(
            "no agency for {category!r}{scope} in {where}: {villages} village(s)",
            category=category,
            scope=Phrase.joined("", scope),
            where=_name(code, regions),
            villages=missing,
        ),
        category=category,
        region=code,
        type=type_,
        channel=channel,
        villages=missing,
    )


def _name(code: str, regions: RegionRegistry) -> str:
    return f"{code} {regions.name_of(code)}" if code else Phrase("every region")


def _rule_findings(policy: Policy, regions: RegionRegistry, registry: AgencyRegistry) -> list[Finding]:
    out = []
    for rule in policy.rules:
        if rule.target.agency is not None and rule.target.agency not in registry:
            message = Phrase("targets unknown agency {agency!r}", agency=rule.target.agency)
            out.append(_about(rule, FindingKind.unknown_agency, message))
        for decliner in sorted(rule.after_decline_of - {a.id for a in registry}):
            out.append(
                _about(
                    rule,
                    FindingKind.unknown_agency,
                    Phrase("waits for unknown agency {agency!r}", agency=decliner),
                )
            )
        if rule.region and rule.region not in regions:
            message = Phrase(
                "region {region} is not in dataset {version}: the rule never matches",
                region=rule.region, version=regions.version,
            )  # fmt: skip
            out.append(_about(rule, FindingKind.unknown_region, message))
        if rule.target.level is not None:
            out += _missing_governments(rule, regions, registry)
        out += _routes_back(rule, registry)
    return out


def _about(rule: Rule, kind: FindingKind, message: str, severity: Severity = Severity.error) -> Finding:
    return Finding(
        kind=kind,
        severity=severity,
        message=Phrase("rule {rule!r}: {message}", rule=rule.id, message=message),
        category=rule.category,
        rules=(rule.id,),
        region=rule.region,
    )


def _missing_governments(rule: Rule, regions: RegionRegistry, registry: AgencyRegistry) -> list[Finding]:
    provincial = rule.target.level is TargetLevel.provinsi
    codes = regions.at_depth(1 if provincial else 2)
    missing = [
        c
        for c in codes
        if (is_within(c, rule.region) or is_within(rule.region, c))
        and registry.government_for(c, provincial=provincial) is None
    ]
    if not missing:
        return []
    more = Phrase(" and {count} more", count=len(missing) - 5) if len(missing) > 5 else ""
    shown = Phrase("{codes}{more}", codes=", ".join(missing[:5]), more=more)
    no_government = Phrase("no {target} for {regions}", target=rule.target.describe(), regions=shown)
    return [_about(rule, FindingKind.missing_government, no_government)]


def _routes_back(rule: Rule, registry: AgencyRegistry) -> list[Finding]:
    out = []
    for decliner in sorted(rule.after_decline_of):
        agency = registry.get(decliner)
        same = rule.target.agency == decliner
        if agency is not None and agency.governs is not None and rule.target.level is not None:
            wanted = rule.target.level is TargetLevel.provinsi
            level_ok = (agency.kind is AgencyKind.pemerintah_provinsi) == wanted or agency.governs == "31"
            area_ok = is_within(agency.governs, rule.region) or is_within(rule.region, agency.governs)
            same = level_ok and area_ok
        if same:
            message = Phrase("can route a complaint back to {agency}, which declined it", agency=decliner)
            out.append(_about(rule, FindingKind.routes_back_to_decliner, message))
    return out


def _left_over(own: Table, regions: RegionRegistry) -> dict[str, int]:
    """Villages under each anchor that no deeper anchor of the same table takes over."""
    left = {anchor: regions.village_count(anchor) for anchor in own}
    for anchor in own:
        parent = next((p for p in (*reversed(ancestors(anchor)), "") if p in own), None) if anchor else None
        if parent is not None:
            left[parent] -= regions.village_count(anchor)
    return left


def _order_findings(policy: Policy, regions: RegionRegistry) -> list[Finding]:
    """Ties (equally specific rules with different targets) and rules that never come first."""
    out: dict[tuple[str, ...], Finding] = {}
    first: set[str] = set()
    seen: set[int] = set()
    for table in policy.own_tables.values():
        if id(table) in seen:
            continue
        seen.add(id(table))
        left = _left_over(table, regions)
        for prefix, rules in table.items():
            # A rule whose every village has a more specific anchor never comes first either.
            if left[prefix] > 0 or not regions.village_count(prefix):
                first.add(rules[0].id)
            for a, b in itertools.pairwise(rules):
                if a.specificity() == b.specificity() and a.target != b.target:
                    message = Phrase(
                        "rules {a!r} and {b!r} tie on {rule}; {a!r} wins by order",
                        a=a.id,
                        b=b.id,
                        rule=a.describe(),
                    )
                    out[a.id, b.id] = attrs.evolve(_about(a, FindingKind.tie, message), rules=(a.id, b.id))
    for rule in policy.rules:
        if not rule.after_decline_of and rule.id not in first:
            message = Phrase(
                "never comes first: a more specific or higher-priority rule always wins (fallback only)"
            )
            out[(rule.id,)] = _about(rule, FindingKind.shadowed, message, Severity.warning)
    return list(out.values())


def check_policy(policy: Policy, regions: RegionRegistry, registry: AgencyRegistry) -> CheckReport:
    """Run every static check and return the findings (errors first, then warnings)."""
    findings = _rule_findings(policy, regions, registry) + _order_findings(policy, regions)
    findings += _gap_findings(policy, regions, registry)
    findings.sort(key=lambda f: (f.severity is not Severity.error, f.kind.value, f.category, f.region))
    return CheckReport(findings=tuple(findings))
