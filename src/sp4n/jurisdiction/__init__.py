"""Jurisdiction: region codes, agencies, routing policies as data, the resolver and static policy checks.

Pure: reading files is :mod:`sp4n.adapters.loaders` (``load_regions``, ``load_policy``). The official
region lists of 2025 (the default) and 2022 are built in as Python data (:func:`builtin_regions`), decoded on
first use.

>>> from sp4n.jurisdiction import Policy, Rule, Target, TargetLevel, RoutingFacts, resolve
>>> from sp4n.jurisdiction import AgencyRegistry, parse_regions, regional_governments
>>> regions = parse_regions(["kode,nama", "34,DIY", "34.04,Kabupaten Sleman"], version="2025")
>>> policy = Policy(name="p", rules=[
...     Rule(id="sd", category="pendidikan-dasar", target=Target(level=TargetLevel.kabupaten_kota))])
>>> registry = AgencyRegistry(regional_governments(regions))
>>> resolve(RoutingFacts(category="pendidikan-dasar", region_code="34.04"), policy, registry).agency.name
'Pemerintah Kabupaten Sleman'
"""

from sp4n.jurisdiction.agencies import (
    Agency,
    AgencyKind,
    AgencyRegistry,
    Contact,
    ContactChannel,
    Unit,
    UnitTier,
    agency_name,
    regional_governments,
)
from sp4n.jurisdiction.check import CheckReport, Finding, FindingKind, Severity, check_policy
from sp4n.jurisdiction.codes import Level, ancestors, is_within, level_of, normalize_code, parent_of
from sp4n.jurisdiction.diff import Change, diff_policies
from sp4n.jurisdiction.policy import DeclineMatch, Policy, Rule, Target, TargetLevel
from sp4n.jurisdiction.provinces import PROVINCES, Province, timezone_for_region
from sp4n.jurisdiction.regions import (
    BadRow,
    Region,
    RegionDiff,
    RegionRegistry,
    RegionRun,
    diff_regions,
    parse_regions,
)
from sp4n.jurisdiction.regions_builtin import (
    BUILTIN_VERSIONS,
    DECREES,
    DEFAULT_VERSION,
    builtin_regions,
    default_regions,
    use_regions,
)
from sp4n.jurisdiction.regions_migrate import ChangeKind, RegionChange, RegionMigration, builtin_migration
from sp4n.jurisdiction.resolve import (
    Assigned,
    Decision,
    RoutingFacts,
    Unresolved,
    candidates,
    explain_routing,
    resolve,
)

__all__ = [
    "BUILTIN_VERSIONS",
    "DECREES",
    "DEFAULT_VERSION",
    "PROVINCES",
    "Agency",
    "AgencyKind",
    "AgencyRegistry",
    "Assigned",
    "BadRow",
    "Change",
    "ChangeKind",
    "CheckReport",
    "Contact",
    "ContactChannel",
    "Decision",
    "DeclineMatch",
    "Finding",
    "FindingKind",
    "Level",
    "Policy",
    "Province",
    "Region",
    "RegionChange",
    "RegionDiff",
    "RegionMigration",
    "RegionRegistry",
    "RegionRun",
    "RoutingFacts",
    "Rule",
    "Severity",
    "Target",
    "TargetLevel",
    "Unit",
    "UnitTier",
    "Unresolved",
    "agency_name",
    "ancestors",
    "builtin_migration",
    "builtin_regions",
    "candidates",
    "check_policy",
    "default_regions",
    "diff_policies",
    "diff_regions",
    "explain_routing",
    "is_within",
    "level_of",
    "normalize_code",
    "parent_of",
    "parse_regions",
    "regional_governments",
    "resolve",
    "timezone_for_region",
    "use_regions",
]
