"""The composition root: :func:`create_service` builds a :class:`~sp4n.service.app.Service` from the parts a
host gives and fills in the rest.

This is the only module of the application layer that knows concrete adapters (the in-memory store, the
system clock, random ids); everything else speaks to :mod:`sp4n.ports`. Defaults are built *inside* the
call, so importing sp4n creates nothing.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Actor
>>> from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers
>>> svc = create_service(clock=FixedClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)),
...                      ids=SequentialIds("c-"), tracking=SequentialTrackingNumbers())
>>> receipt = svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
...                       "category": "infrastruktur", "channel": "web", "region_code": "34.04",
...                       "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}, idempotency_key="sms-81")
>>> receipt.tracking_id, str(receipt.status)
('222222222', 'submitted')
>>> svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
...             "category": "infrastruktur", "channel": "web", "region_code": "34.04",
...             "reporter": {"name": "Siti", "phone": "0812 3456 7890"}}, idempotency_key="sms-81").replayed
True
>>> admin = Actor(id="adm-1", role="national_admin")
>>> str(svc.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": "pemkab-sleman"},
...                            actor=admin).status)
'forwarded'
>>> [str(e.event.action) for e in svc.history(receipt.complaint_id, actor=admin)]
['submit', 'verify']
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import timedelta

from sp4n import tracking as tn
from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.system import SystemClock, UuidIds
from sp4n.jurisdiction.agencies import Agency
from sp4n.ports import (
    AttachmentStore,
    Clock,
    Deadlines,
    EventNotifier,
    IdFactory,
    Resolver,
    TrackingNumbers,
    UnitOfWork,
)
from sp4n.service.app import Service
from sp4n.service.deadlines import SlaDeadlines

__all__ = ["create_service"]


def create_service(
    *,
    uow: UnitOfWork | None = None,
    clock: Clock | None = None,
    ids: IdFactory | None = None,
    tracking: TrackingNumbers | None = None,
    resolver: Resolver | None = None,
    sla: Deadlines | None = None,
    notifier: EventNotifier | None = None,
    skew_tolerance: timedelta = timedelta(seconds=10),
    attachments: AttachmentStore | None = None,
    agencies: Iterable[Agency] | None = None,
) -> Service:
    """Build a :class:`~sp4n.service.app.Service`; every part not given gets a default built here, at call
    time.

    Defaults: a fresh in-memory store, the system clock (UTC), UUID4 ids, tracking numbers from the operating
    system's randomness, no routing resolver (forwarding must name the agency), the national time limits
    of :mod:`sp4n.sla` on the Indonesian government calendar (pass
    :class:`~sp4n.service.deadlines.NoDeadlines` for none), no notifier, and 10 s of clock-skew tolerance
    (a command stamped up to 10 s before a complaint's last change, by a node whose clock lags, is recorded at
    that change's instant; further behind it raises the retryable :class:`~sp4n.exceptions.ClockSkew`),
    no attachment store (references only), and each agency's clocks counted in its own office's time zone
    (``Agency.timezone``) for the ``agencies`` given and the regional governments of the built-in region list.
    """
    return Service(
        uow=MemoryUnitOfWork() if uow is None else uow,
        clock=clock or SystemClock(),
        ids=ids or UuidIds(),
        tracking=tracking or tn.RandomTrackingNumbers(random.SystemRandom()),
        deadlines=sla or SlaDeadlines(agencies=agencies),
        resolver=resolver,
        notifier=notifier,
        skew_tolerance=skew_tolerance,
        attachments=attachments,
    )
