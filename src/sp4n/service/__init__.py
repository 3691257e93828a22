"""The application layer: the only code that opens a unit of work.

It is where untrusted input meets the pure domain (:mod:`sp4n.lifecycle`, :mod:`sp4n.jurisdiction`,
:mod:`sp4n.sla`, :mod:`sp4n.notify`) and storage. It speaks to storage, clocks, engines and channels only
through :mod:`sp4n.ports`; :mod:`sp4n.service.compose` is the one module that picks concrete adapters.

The path of one command, e.g. ``svc.dispose({"complaint_id": ..., "unit_ids": ["dpupr"]}, actor=...)``:

1. :mod:`~sp4n.service.app` — :class:`Service` hands the call to its actions collaborator;
2. :mod:`~sp4n.service.actions` — the input is parsed into a :class:`sp4n.commands.Dispose` (bad input stops
   here, nothing written) and looked up in the command → action table;
3. :mod:`~sp4n.service.core` — the write path: *load* the complaint, *decide* with the pure lifecycle
   (:func:`sp4n.lifecycle.engine.apply`: transition, permission and rules), *save* the new state, its event
   and the next deadline (from :class:`SlaDeadlines`) together, *commit*, then *notify* the
   :class:`~sp4n.ports.EventNotifier` — a :class:`RelayWakeup` that only wakes the relay;
4. the :class:`OutboxRelay`, apart from the command, reads the committed event from the log, renders its
   messages (:class:`RenderFromLog`) and hands them to each :class:`Subscription`'s sender, with retries and
   dead letters.

Filing (:mod:`~sp4n.service.submit`, with idempotency keys and the reporter's identity), timers
(:mod:`~sp4n.service.timers`, ``run_due``) and queries (:mod:`~sp4n.service.queries`) are the other
collaborators; reminders (:func:`send_reminders`), the deadline line of messages (:class:`SlaDeadlineSource`)
and the store audit (:func:`verify_store`) run beside them.

>>> from datetime import datetime, UTC
>>> wakeup = RelayWakeup()
>>> svc = create_service(sla=NoDeadlines(), notifier=wakeup)
>>> receipt = svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
...                       "category": "jalan", "channel": "web", "region_code": "34.04"})
>>> str(receipt.status), wakeup.wait(0)       # committed, and the relay was woken
('submitted', True)
>>> svc.overdue(datetime(2100, 1, 1, tzinfo=UTC), actor=SYSTEM_ACTOR)   # no deadline engine: nothing is due
[]
"""

from __future__ import annotations

from sp4n.service.app import Service
from sp4n.service.audit import take_checkpoint, verify_store
from sp4n.service.compose import create_service
from sp4n.service.deadline_source import SlaDeadlineSource
from sp4n.service.deadlines import NoDeadlines, SlaDeadlines
from sp4n.service.queries import BackOfficeRecord
from sp4n.service.relay import OutboxRelay, PassResult, RetryPolicy, Subscription
from sp4n.service.relay_feed import RelayWakeup, RenderFromLog, UnitOfWorkReader
from sp4n.service.reminders import ReminderPass, send_reminders
from sp4n.service.routing import policy_resolver
from sp4n.service.streams import RecordsFromLog, StreamRelay
from sp4n.service.submit import Receipt
from sp4n.sla.timers import SYSTEM_ACTOR

__all__ = [
    "SYSTEM_ACTOR",
    "BackOfficeRecord",
    "NoDeadlines",
    "OutboxRelay",
    "PassResult",
    "Receipt",
    "RecordsFromLog",
    "RelayWakeup",
    "ReminderPass",
    "RenderFromLog",
    "RetryPolicy",
    "Service",
    "SlaDeadlineSource",
    "SlaDeadlines",
    "StreamRelay",
    "Subscription",
    "UnitOfWorkReader",
    "create_service",
    "policy_resolver",
    "send_reminders",
    "take_checkpoint",
    "verify_store",
]
