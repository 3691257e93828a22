"""What a host's test suite imports from sp4n: fakes for every port, hypothesis strategies, contract suites.

A host plugs sp4n into its own infrastructure through the ports of :mod:`sp4n.ports`. Its tests need the
other side of those ports to be deterministic (a clock that stands still, ids that count, a sender that
records), values that look like real complaints, and a way to prove that its own adapter behaves like
ours. This package gives all three, under one import::

    from sp4n.testing import ManualClock, RecordingSender, UnitOfWorkContract, complaints

One fake per port (the in-memory adapters are the fakes where sp4n has them):

======================================  ==============================================================
port                                    fake
======================================  ==============================================================
``Clock``                               :class:`FixedClock` (stands still), :class:`ManualClock`
``IdFactory``                           :class:`SequentialIds`
``TrackingNumbers``                     :class:`SequentialTrackingNumbers`
``UnitOfWork`` and its repositories     :class:`MemoryUnitOfWork`
``AuditSource`` (the store audit)       :class:`MemoryUnitOfWork`
``EventLog`` alone (relays, renderers)  :class:`ListEventLog`
``Deadlines``                           :class:`ScriptedDeadlines`
``Resolver``                            :class:`MappingResolver`
``EventNotifier``                       :class:`RecordingEventNotifier`, :class:`FailingEventNotifier`
``MessageSender``                       :class:`RecordingSender` (fails when told)
``EventPublisher``                      :class:`RecordingPublisher` (fails when told)
``Directory``                           :class:`StaticDirectory`
``IdentityLookup``                      :class:`StaticIdentities`
``DeadlineSource``                      :class:`FixedDeadlineSource`
``Geocoder``                            :class:`FixedGeocoder`
``OutboxStore`` and its ``Claim``       :class:`MemoryOutboxStore`
``SentReminders``                       :class:`MemorySentReminders`
``AttachmentStore``                     :class:`MemoryAttachments`
======================================  ==============================================================

Also here: the canonical cast of actors and complaints walked to any status (:func:`a_complaint_in`,
:func:`walked`, from :mod:`sp4n.testing.lifecycle`); :func:`story` and :func:`commit_events` (a complaint's
usual life as events, and committing it through any unit of work) and a :class:`WebhookReceiver` on loopback
(:mod:`sp4n.testing.notify`); the :class:`RoutingHarness` for an agency's routing-policy suite
(:mod:`sp4n.testing.routing`).

With the ``test`` extra installed (pytest and hypothesis: ``pip install 'sp4n[test]'``) it also holds every
hypothesis strategy (:mod:`sp4n.testing.strategies`), the contract suites (:mod:`sp4n.testing.contracts`:
:class:`UnitOfWorkContract`, :class:`ComplaintSearchContract`, :class:`OutboxStoreContract`,
:class:`SentRemindersContract`) and the helpers
that find the database servers (:mod:`sp4n.testing.servers`). Without it they are left out rather than
failing the import, so that the fakes serve a suite without hypothesis; importing
:mod:`sp4n.testing.strategies` itself then says which extra to install.

>>> from datetime import datetime, UTC
>>> from sp4n import ports
>>> clock = ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
>>> isinstance(clock, ports.Clock), isinstance(RecordingSender(), ports.MessageSender)
(True, True)
>>> from sp4n.lifecycle.status import Status
>>> complaint, events = a_complaint_in(Status.forwarded)
>>> MappingResolver({"infrastruktur": "pemkab-sleman"})(complaint)
'pemkab-sleman'
"""

from __future__ import annotations

from importlib.util import find_spec as _find_spec

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.outbox import MemoryOutboxStore
from sp4n.adapters.storage.sent_reminders import MemorySentReminders
from sp4n.notify.directory import StaticDirectory
from sp4n.testing.fakes import (
    FailingEventNotifier,
    FixedClock,
    FixedDeadlineSource,
    FixedGeocoder,
    ManualClock,
    MappingResolver,
    MemoryAttachments,
    RecordingEventNotifier,
    ScriptedDeadlines,
    SequentialIds,
    SequentialTrackingNumbers,
    StaticIdentities,
)
from sp4n.testing.lifecycle import (
    AGENCIES,
    AGENCY_ADMIN,
    NATIONAL_ADMIN,
    REPORTER,
    SYSTEM,
    UNIT_OFFICER,
    UNITS,
    a_complaint_in,
    renamed,
    walked,
)
from sp4n.testing.notify import ListEventLog, RecordingSender, WebhookReceiver, commit_events, story
from sp4n.testing.routing import RoutingHarness
from sp4n.testing.streams import RecordingPublisher

__all__ = [
    "AGENCIES",
    "AGENCY_ADMIN",
    "NATIONAL_ADMIN",
    "REPORTER",
    "SYSTEM",
    "UNITS",
    "UNIT_OFFICER",
    "FailingEventNotifier",
    "FixedClock",
    "FixedDeadlineSource",
    "FixedGeocoder",
    "ListEventLog",
    "ManualClock",
    "MappingResolver",
    "MemoryAttachments",
    "MemoryOutboxStore",
    "MemorySentReminders",
    "MemoryUnitOfWork",
    "RecordingEventNotifier",
    "RecordingPublisher",
    "RecordingSender",
    "RoutingHarness",
    "ScriptedDeadlines",
    "SequentialIds",
    "SequentialTrackingNumbers",
    "StaticDirectory",
    "StaticIdentities",
    "WebhookReceiver",
    "a_complaint_in",
    "commit_events",
    "renamed",
    "story",
    "walked",
]

# Whether the ``test`` extra is installed: the strategies and contract suites need hypothesis, they and the
# server helpers need pytest (the docstring says why an install without them must still import this package).
_HAS_TEST_EXTRA = _find_spec("hypothesis") is not None and _find_spec("pytest") is not None

if _HAS_TEST_EXTRA:
    from sp4n.testing.contracts import (
        ComplaintSearchContract,
        EventPublisherContract,
        OutboxStoreContract,
        SentRemindersContract,
        UnitOfWorkContract,
    )
    from sp4n.testing.servers import (
        mariadb_dsn,
        nats_url,
        postgres_dsn,
        rabbitmq_url,
        require_file,
        require_server,
    )
    from sp4n.testing.strategies import (
        Command,
        actors,
        commands,
        complaints,
        histories,
        hostile_identities,
        hostile_text,
        identifiers,
        instants,
        permitted_commands,
        policies,
        region_codes,
        routing_facts,
        rules,
        run_command,
        stored_histories,
        submissions,
        submitted,
        villages,
    )

    __all__ += [
        "Command",
        "ComplaintSearchContract",
        "EventPublisherContract",
        "OutboxStoreContract",
        "SentRemindersContract",
        "UnitOfWorkContract",
        "actors",
        "commands",
        "complaints",
        "histories",
        "hostile_identities",
        "hostile_text",
        "identifiers",
        "instants",
        "mariadb_dsn",
        "nats_url",
        "permitted_commands",
        "policies",
        "postgres_dsn",
        "rabbitmq_url",
        "region_codes",
        "require_file",
        "require_server",
        "routing_facts",
        "rules",
        "run_command",
        "stored_histories",
        "submissions",
        "submitted",
        "villages",
    ]
