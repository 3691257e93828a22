"""The whole of ``docs/lifecycle.md``: the lifecycle's page plus, for every action, the clocks it moves.

The lifecycle cannot know the clocks (the SLA engine sits above it), so this module adds the table "action ×
who × from which statuses × which clocks start, stop or pause" to
:func:`~sp4n.lifecycle.docs.render_lifecycle_doc`.
A clock *pauses* when an action leads into one of its ``pauses_in`` statuses, and *stops* when the action is
one of its ``stops_on`` or leads out of the statuses it ``runs_in``.

>>> row = [r for r in render_action_clocks().splitlines() if r.startswith("| `reply`")][0]
>>> "starts follow_up" in row and "stops reply_window" in row
True
"""

from __future__ import annotations

from sp4n.lifecycle.access import RULES, SUBMIT_ROLES
from sp4n.lifecycle.docs import render_lifecycle_doc
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.table import edges
from sp4n.sla.rules import NATIONAL_RULES, ClockRule

__all__ = ["render_action_clocks", "render_lifecycle_page"]


def _effects(action: Action, sources: set[Status], targets: set[Status], rules: tuple[ClockRule, ...]) -> str:
    starts = sorted(r.clock for r in rules if action in r.starts_on and targets & r.runs_in)
    # A clock can only stop or pause if it may be running where the action starts.
    live = [r for r in rules if sources & r.runs_in]
    stops = sorted(r.clock for r in live if action in r.stops_on or not targets & r.runs_in)
    pauses = sorted(r.clock for r in live if targets <= r.pauses_in)
    words = [f"starts {', '.join(starts)}"] if starts else []
    words += [f"stops {', '.join(c for c in stops if c not in starts)}"] if set(stops) - set(starts) else []
    words += [f"pauses {', '.join(pauses)}"] if pauses else []
    return "; ".join(words + _extends(action, rules))


def _extends(action: Action, rules: tuple[ClockRule, ...]) -> list[str]:
    return [f"extends {r.clock} by {r.extension} {r.unit}" for r in rules if action in r.extends_on]


def render_action_clocks(rules: tuple[ClockRule, ...] = NATIONAL_RULES) -> str:
    """The table of every action: who may take it, from which statuses, and the clocks it moves."""
    rows = [
        "## Every action: who, from where, and the clocks it moves",
        "",
        "Clocks are those of `sp4n.sla.rules.NATIONAL_RULES` (an agency's override changes a value, never",
        "what starts or stops a clock). `record_breach` changes no status and moves no clock.",
        "",
        "| action | who may act | from | clocks |",
        "|---|---|---|---|",
    ]
    who_submits = ", ".join(sorted(str(r) for r in SUBMIT_ROLES))
    submit = _effects(Action.submit, set(), {Status.submitted}, rules)
    rows.append(f"| `submit` | {who_submits} | (new) | {submit} |")
    for action in Action:
        found = [e for e in edges() if e.action is action]
        if not found:
            continue
        sources = ", ".join(sorted({f"`{e.source}`" for e in found}))
        internal = all(e.internal for e in found)
        effects = (
            "; ".join(_extends(action, rules))
            if internal
            else _effects(action, {e.source for e in found}, {e.target for e in found}, rules)
        )
        rows.append(f"| `{action}` | {RULES[action]} | {sources} | {effects} |")
    return "\n".join(rows) + "\n"


def render_lifecycle_page() -> str:
    """The full text of ``docs/lifecycle.md``."""
    return render_lifecycle_doc(render_action_clocks())
