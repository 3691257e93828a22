"""sp4n: the domain model of SP4N-LAPOR!, Indonesia's national public-service complaint system.

The names here are the small public face; the subpackages hold the rest, one layer each (see
``docs/architecture.md``): the pure domain (``sp4n.lifecycle``, ``sp4n.jurisdiction``, ``sp4n.sla``,
``sp4n.notify``), the ports a host implements (``sp4n.ports``), the application layer (``sp4n.service``), the
adapters (``sp4n.adapters``) and the kit for test suites (``sp4n.testing``). Importing sp4n builds nothing: no
store, connection, file or thread exists until you ask for one, and no optional driver is loaded.

>>> from datetime import datetime, UTC
>>> import sp4n
>>> svc = sp4n.create_service()
>>> receipt = svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
...                       "category": "jalan-kabupaten-kota", "channel": "web", "region_code": "34.04",
...                       "reporter": {"name": "Siti", "phone": "0812 3456 7890"}})
>>> str(receipt.status), sp4n.Status.submitted.label
('submitted', 'Belum Terverifikasi')
>>> admin = sp4n.Actor(id="adm-1", role=sp4n.Role.national_admin)
>>> str(svc.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": "pemkab-34.04"},
...                            actor=admin).status)
'forwarded'
>>> sp4n.compute_deadline(datetime(2026, 3, 13, 9, 26, tzinfo=UTC), 3, sp4n.TimeUnit.working_days,
...                       timezone="Asia/Makassar").due_date
datetime.date(2026, 3, 25)
"""

from __future__ import annotations

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import (
    ComplaintNotFound,
    ConcurrencyConflict,
    ConfigurationError,
    InvalidTransition,
    NotPermitted,
    RuleViolation,
    Sp4nError,
)
from sp4n.jurisdiction.resolve import Assigned, RoutingFacts, Unresolved, resolve
from sp4n.lifecycle.engine import allowed_actions, apply, new_complaint, replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.views import Disclosure, agency_view, public_view
from sp4n.service import Service, create_service
from sp4n.sla import TimeUnit, compute_deadline, indonesia_calendar

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Actor",
    "Assigned",
    "Channel",
    "Complaint",
    "ComplaintNotFound",
    "ComplaintType",
    "ConcurrencyConflict",
    "ConfigurationError",
    "Disclosure",
    "Event",
    "InvalidTransition",
    "MemoryUnitOfWork",
    "NotPermitted",
    "Role",
    "RoutingFacts",
    "RuleViolation",
    "Service",
    "Sp4nError",
    "SqliteUnitOfWork",
    "Status",
    "TimeUnit",
    "Unresolved",
    "agency_view",
    "allowed_actions",
    "apply",
    "compute_deadline",
    "create_service",
    "indonesia_calendar",
    "new_complaint",
    "public_view",
    "replay",
    "resolve",
]
