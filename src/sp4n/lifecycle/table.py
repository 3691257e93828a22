"""The transition table, compiled once at import from :class:`~sp4n.lifecycle.machine.ComplaintLifecycle`.

The hot path (``apply``, ``allowed_actions``) looks transitions up in plain dicts instead of building a
state machine per command (measured: ~150 µs to build one and ~70 µs per ``send()``). The
machine stays the single definition: this module only *reads* it, and
``tests/lifecycle/test_table_agrees_with_machine.py`` proves both give the same answer for every status,
action and guard outcome.

>>> target(Status.forwarded, Action.dispose, None)
<Status.disposed: 'disposed'>
>>> target(Status.on_hold, Action.resume, Status.in_progress)
<Status.in_progress: 'in_progress'>
>>> target(Status.closed, Action.reply, None) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from sp4n.lifecycle.machine import GUARD_PREFIX, ComplaintLifecycle
from sp4n.lifecycle.status import Action, Status

__all__ = ["TABLE", "Edge", "actions_from", "edges", "target"]


@attrs.frozen(kw_only=True)
class Edge:
    """One transition: ``source --action--> target``, taken only when ``held_from`` matches ``guard``.

    ``guard`` is ``None`` for unguarded transitions; for ``resume`` it is the status the hold began in.
    """

    source: Status
    action: Action
    target: Status
    guard: Status | None = None
    internal: bool = False


def _guard_of(names: list[str]) -> Status | None:
    if not names:
        return None
    (name,) = names  # one guard per transition is all the machine declares; more would be a new design
    if not name.startswith(GUARD_PREFIX):
        raise TypeError(f"unknown guard {name!r}: the table only knows {GUARD_PREFIX}<status> guards")
    return Status(name.removeprefix(GUARD_PREFIX))


def _compile() -> tuple[Edge, ...]:
    found: list[Edge] = []
    for state in ComplaintLifecycle.states:
        for transition in state.transitions:
            for event in transition.events:
                found.append(
                    Edge(
                        source=Status(transition.source.value),
                        action=Action(str(event)),
                        target=Status(transition.target.value),
                        guard=_guard_of([str(c) for c in transition.cond]),
                        internal=bool(transition.internal),
                    )
                )
    return tuple(found)


def _index(all_edges: tuple[Edge, ...]) -> dict[Status, dict[Action, dict[Status | None, Status]]]:
    table: dict[Status, dict[Action, dict[Status | None, Status]]] = {s: {} for s in Status}
    for edge in all_edges:
        table[edge.source].setdefault(edge.action, {})[edge.guard] = edge.target
    return table


_EDGES = _compile()
_TABLE = _index(_EDGES)
#: status -> action -> (guard: the held_from it needs, or None) -> target status. Read-only.
TABLE: Mapping[Status, Mapping[Action, Mapping[Status | None, Status]]] = MappingProxyType(
    {s: MappingProxyType({a: MappingProxyType(g) for a, g in by.items()}) for s, by in _TABLE.items()}
)
_ACTIONS_FROM: dict[Status, frozenset[Action]] = {s: frozenset(by) for s, by in _TABLE.items()}


def edges() -> tuple[Edge, ...]:
    """Every transition of the machine, in declaration order of the states.

    >>> len([e for e in edges() if e.action is Action.resume])
    4
    """
    return _EDGES


def target(status: Status, action: Action, held_from: Status | None) -> Status | None:
    """The status ``action`` leads to from ``status`` (``None`` when the machine forbids it).

    ``held_from`` decides guarded transitions (``resume`` goes back where the hold began).
    """
    guards = _TABLE[status].get(action)
    if guards is None:
        return None
    unguarded = guards.get(None)
    if unguarded is not None:
        return unguarded
    return guards.get(held_from) if held_from is not None else None


def actions_from(status: Status) -> frozenset[Action]:
    """Actions the machine declares from ``status`` (guards not yet evaluated).

    >>> sorted(str(a) for a in actions_from(Status.followed_up))[:6]
    ['add_information', 'archive_duplicate', 'clear_redaction', 'close', 'escalate', 'flag_redaction']
    """
    return _ACTIONS_FROM[status]
