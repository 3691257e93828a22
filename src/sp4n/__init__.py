"""sp4n: the domain model of SP4N-LAPOR!, Indonesia's national public-service complaint system.

The names here are the small public face; the subpackages hold the rest (``sp4n.lifecycle``,
``sp4n.jurisdiction``, ``sp4n.sla``, ``sp4n.adapters``, ``sp4n.notify``, ``sp4n.testing``). Names load on
first use, so ``import sp4n`` stays cheap and builds nothing.

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
>>> sp4n.compute_deadline(datetime(2026, 3, 13, 9, 26, tzinfo=UTC), 3, sp4n.Unit.working_days,
...                       timezone="Asia/Makassar").due_date
datetime.date(2026, 3, 25)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below resolve lazily through __getattr__ at run time
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
    from sp4n.lifecycle.engine import allowed_actions, apply, replay, submit
    from sp4n.lifecycle.events import Event
    from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role
    from sp4n.lifecycle.status import Action, Status
    from sp4n.lifecycle.views import Disclosure, agency_view, public_view
    from sp4n.service.facade import Service, create_service
    from sp4n.sla import Unit, compute_deadline, indonesia_calendar

__version__ = "0.1.0"

#: Public name → the module that defines it.
_WHERE: dict[str, str] = {
    "Action": "sp4n.lifecycle.status",
    "Actor": "sp4n.lifecycle.model",
    "Assigned": "sp4n.jurisdiction.resolve",
    "Channel": "sp4n.lifecycle.model",
    "Complaint": "sp4n.lifecycle.model",
    "ComplaintNotFound": "sp4n.exceptions",
    "ComplaintType": "sp4n.lifecycle.model",
    "ConcurrencyConflict": "sp4n.exceptions",
    "ConfigurationError": "sp4n.exceptions",
    "Disclosure": "sp4n.lifecycle.views",
    "Event": "sp4n.lifecycle.events",
    "InvalidTransition": "sp4n.exceptions",
    "MemoryUnitOfWork": "sp4n.adapters.storage.memory",
    "NotPermitted": "sp4n.exceptions",
    "Role": "sp4n.lifecycle.model",
    "RoutingFacts": "sp4n.jurisdiction.resolve",
    "RuleViolation": "sp4n.exceptions",
    "Service": "sp4n.service.facade",
    "Sp4nError": "sp4n.exceptions",
    "SqliteUnitOfWork": "sp4n.adapters.storage.sqlite",
    "Status": "sp4n.lifecycle.status",
    "Unit": "sp4n.sla",
    "Unresolved": "sp4n.jurisdiction.resolve",
    "agency_view": "sp4n.lifecycle.views",
    "allowed_actions": "sp4n.lifecycle.engine",
    "apply": "sp4n.lifecycle.engine",
    "compute_deadline": "sp4n.sla",
    "create_service": "sp4n.service.facade",
    "indonesia_calendar": "sp4n.sla",
    "public_view": "sp4n.lifecycle.views",
    "replay": "sp4n.lifecycle.engine",
    "resolve": "sp4n.jurisdiction.resolve",
    "submit": "sp4n.lifecycle.engine",
}

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
    "Unit",
    "Unresolved",
    "agency_view",
    "allowed_actions",
    "apply",
    "compute_deadline",
    "create_service",
    "indonesia_calendar",
    "public_view",
    "replay",
    "resolve",
    "submit",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'sp4n' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
