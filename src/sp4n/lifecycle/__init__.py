"""The complaint lifecycle: statuses, the state machine, the aggregate, and the pure decision functions.

Everything here is pure: time and ids are arguments, and nothing outside :mod:`sp4n.lifecycle` and
:mod:`sp4n.exceptions` is imported, so the other layers build on it and never the reverse.

>>> from sp4n.lifecycle import Status, apply, new_complaint, replay
>>> Status.concluded.is_terminal, Status.closed.is_terminal
(True, False)
"""

from __future__ import annotations

from sp4n.lifecycle._fold import evolve, replay
from sp4n.lifecycle.access import allowed_actions, can
from sp4n.lifecycle.docs import render_lifecycle_doc
from sp4n.lifecycle.engine import apply, new_complaint
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.history import verify_history
from sp4n.lifecycle.machine import ComplaintLifecycle
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, DeclineRecord, PrivacyFlag, Role
from sp4n.lifecycle.status import OPEN, TERMINAL, Action, Status
from sp4n.lifecycle.table import TABLE, Edge, edges, target
from sp4n.lifecycle.views import Disclosure, agency_view, public_view, reporter_view

__all__ = [
    "OPEN",
    "TABLE",
    "TERMINAL",
    "Action",
    "Actor",
    "Channel",
    "Complaint",
    "ComplaintLifecycle",
    "ComplaintType",
    "DeclineRecord",
    "Disclosure",
    "Edge",
    "Event",
    "PrivacyFlag",
    "Role",
    "Status",
    "StoredEvent",
    "agency_view",
    "allowed_actions",
    "apply",
    "can",
    "edges",
    "evolve",
    "new_complaint",
    "public_view",
    "render_lifecycle_doc",
    "replay",
    "reporter_view",
    "target",
    "verify_history",
]
