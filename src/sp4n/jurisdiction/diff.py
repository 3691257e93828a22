"""Which (category, region) pairs change agency between two versions of a policy.

The comparison is made where rules change — the whole country, each province and every region a rule of
either policy is anchored at — and reports a region only when its outcome differs from the region above
it, so a changed nationwide rule is one line, not 83,762. Outcomes are compared as targets ("pln",
"kabupaten/kota government"), which is what a policy says independent of any agency registry.

>>> from sp4n.jurisdiction.policy import Policy, Rule, Target, TargetLevel
>>> kab = Target(level=TargetLevel.kabupaten_kota)
>>> old = Policy(name="p", rules=[Rule(id="a", category="sma", target=kab)])
>>> new = Policy(name="p", rules=[Rule(id="a", category="sma", target=Target(level=TargetLevel.provinsi)),
...     Rule(id="b", category="sma", region="34", target=Target(agency="disdikpora-diy"))])
>>> for c in diff_policies(old, new):
...     print(c.region or "everywhere", "|", c.old, "->", c.new)
everywhere | kabupaten/kota government -> provincial government
34 | kabupaten/kota government -> disdikpora-diy
"""

from __future__ import annotations

import itertools

import attrs

from sp4n.jurisdiction.codes import ancestors
from sp4n.jurisdiction.policy import Policy, Table, TableView
from sp4n.jurisdiction.provinces import PROVINCES
from sp4n.lifecycle.model import Channel, ComplaintType

__all__ = ["Change", "diff_policies"]


@attrs.frozen(kw_only=True)
class Change:
    """In ``region`` (and below, unless listed separately) the target moves from ``old`` to ``new``.

    ``None`` means no rule; ``type`` / ``channel`` are ``None`` when the change holds for every one.
    """

    category: str
    region: str
    old: str | None
    new: str | None
    type: ComplaintType | None = None
    channel: Channel | None = None


def _outcome(table: Table, code: str) -> str | None:
    for prefix in (code, *reversed(ancestors(code)), ""):
        found = table.get(prefix)
        if found:
            return found[0].target.describe()
    return None


def _pairs(old: Policy, new: Policy, category: str) -> list[TableView]:
    a, b = old.distinct_tables(category), new.distinct_tables(category)
    if len(a) == 1 and len(b) == 1:
        return [(None, None, a[0][2], b[0][2])]
    keys = list(itertools.product(ComplaintType, Channel))
    return [
        (
            t,
            c,
            old.tables.get((category, t.value, c.value), {}),
            new.tables.get((category, t.value, c.value), {}),
        )
        for t, c in keys
    ]


def _changes(category: str, view: TableView) -> list[Change]:
    type_, channel, a, b = view
    anchors = set(a) | set(b)
    nodes = sorted({"", *PROVINCES, *anchors}, key=lambda code: (len(code), code))
    seen: dict[str, tuple[str | None, str | None]] = {}
    out = []
    for node in nodes:
        pair = (_outcome(a, node), _outcome(b, node))
        seen[node] = pair
        parent = next((p for p in (*reversed(ancestors(node)), "") if p in seen and p != node), None)
        inherited = node not in anchors and parent is not None and seen[parent] == pair
        if pair[0] != pair[1] and not inherited:
            change = Change(
                category=category, region=node, old=pair[0], new=pair[1], type=type_, channel=channel
            )
            out.append(change)
    return out


def diff_policies(old: Policy, new: Policy) -> tuple[Change, ...]:
    """Every (category, region) whose target differs, most general region first within a category."""
    out: list[Change] = []
    for category in dict.fromkeys((*old.categories, *new.categories)):
        for view in _pairs(old, new, category):
            out += _changes(category, view)
    return tuple(out)
