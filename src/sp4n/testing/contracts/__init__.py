"""Contract suites: one for every port that has more than one adapter, run against ours and a host's.

Each is an abstract pytest class. Subclass it in a test module (the name must start with ``Test``) and give
it the fixture that builds your adapter; pytest then runs every contract test against it. The suites for
sp4n's own adapters are ``tests/storage/test_contract.py``, ``tests/notify/test_outbox_store.py`` and
``tests/notify/test_reminder_store.py``.

* :class:`UnitOfWorkContract` — :class:`~sp4n.ports.UnitOfWork`; fixture ``uow``: a unit of work over a
  fresh, empty store;
* :class:`ComplaintSearchContract` — the keyset ``search`` of a
  :class:`~sp4n.ports.ComplaintRepository`; fixture ``uow``, as above;
* :class:`OutboxStoreContract` — :class:`~sp4n.ports.OutboxStore`; fixture ``new_store``: a callable that
  opens one more store on the same, initially empty, cursors and dead letters;
* :class:`SentRemindersContract` — :class:`~sp4n.ports.SentReminders`; fixture ``new_store``: the same, for
  reminder keys;
* :class:`EventPublisherContract` — :class:`~sp4n.ports.EventPublisher`; fixtures ``publisher`` (on a fresh
  stream) and ``read_back`` (what a subscriber got); ours run in ``tests/streams/test_publisher_contract.py``.
"""

from __future__ import annotations

from sp4n.testing.contracts.event_publisher import EventPublisherContract
from sp4n.testing.contracts.outbox_store import OutboxStoreContract
from sp4n.testing.contracts.search import ComplaintSearchContract
from sp4n.testing.contracts.sent_reminders import SentRemindersContract
from sp4n.testing.contracts.unit_of_work import UnitOfWorkContract

__all__ = [
    "ComplaintSearchContract",
    "EventPublisherContract",
    "OutboxStoreContract",
    "SentRemindersContract",
    "UnitOfWorkContract",
]
