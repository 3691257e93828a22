"""The complaint lifecycle: statuses, the state machine, and the pure ``submit`` / ``apply`` / ``replay``.

Names are loaded lazily because :mod:`sp4n.lifecycle.model` imports :mod:`sp4n.lifecycle.status` while
:mod:`sp4n.lifecycle.engine` imports :mod:`sp4n.lifecycle.model`; an eager import here would be circular.

>>> from sp4n.lifecycle import Status, apply, replay
>>> Status.closed.is_terminal
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sp4n.lifecycle.docs import render_lifecycle_doc
    from sp4n.lifecycle.engine import allowed_actions, apply, can, evolve, replay, submit
    from sp4n.lifecycle.machine import ComplaintLifecycle
    from sp4n.lifecycle.status import OPEN, TERMINAL, Action, Status
    from sp4n.lifecycle.table import TABLE, Edge, edges, target

__all__ = [
    "OPEN",
    "TABLE",
    "TERMINAL",
    "Action",
    "ComplaintLifecycle",
    "Edge",
    "Status",
    "allowed_actions",
    "apply",
    "can",
    "edges",
    "evolve",
    "render_lifecycle_doc",
    "replay",
    "submit",
    "target",
]

_WHERE = {
    "OPEN": "status",
    "TERMINAL": "status",
    "Action": "status",
    "Status": "status",
    "ComplaintLifecycle": "machine",
    "TABLE": "table",
    "Edge": "table",
    "edges": "table",
    "target": "table",
    "allowed_actions": "engine",
    "apply": "engine",
    "can": "engine",
    "evolve": "engine",
    "replay": "engine",
    "submit": "engine",
    "render_lifecycle_doc": "docs",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'sp4n.lifecycle' has no attribute {name!r}")
    value = getattr(import_module(f"sp4n.lifecycle.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
