"""Adapters: the code that touches the world (databases, mail, HTTP, the clock, files) behind the ports.

Each adapter implements a port of :mod:`sp4n.ports` and imports only the ports, the pure domain and the
exceptions, never :mod:`sp4n.service`. Import an adapter from its module; this package imports nothing, so
``import sp4n.adapters`` loads no database driver.

Port — its adapters:

* ``Clock`` — :class:`~sp4n.adapters.system.SystemClock` (UTC);
* ``IdFactory`` — :class:`~sp4n.adapters.system.UuidIds` (UUID4);
* ``UnitOfWork`` with its ``ComplaintRepository``, ``EventLog`` and ``IdentityStore`` —
  ``MemoryUnitOfWork`` (:mod:`~sp4n.adapters.storage.memory`), ``SqliteUnitOfWork`` (the embedded default,
  :mod:`~sp4n.adapters.storage.sqlite`), ``PostgresUnitOfWork`` (:mod:`~sp4n.adapters.storage.postgres`),
  ``MariaDBUnitOfWork`` (:mod:`~sp4n.adapters.storage.mariadb`); ``unit_of_work_from_url``
  (:mod:`~sp4n.adapters.storage.urls`) picks one by URL;
* ``OutboxStore`` with its ``Claim`` and ``DeadLetter`` — ``MemoryOutboxStore`` and ``SqliteOutboxStore``
  (:mod:`~sp4n.adapters.storage.outbox`), ``SqlOutboxStore`` on PostgreSQL or MariaDB
  (:mod:`~sp4n.adapters.storage.outbox_server`);
* ``SentReminders`` — ``MemorySentReminders``, ``SqliteSentReminders``, ``SqlSentReminders``
  (:mod:`~sp4n.adapters.storage.sent_reminders`);
* ``AttachmentStore`` — ``LocalFolderAttachments`` (:mod:`~sp4n.adapters.attachments`);
* ``MessageSender`` — ``SmtpSender`` (:mod:`~sp4n.adapters.delivery.email`), ``WebhookSender``
  (:mod:`~sp4n.adapters.delivery.webhook`), ``HttpSmsGateway`` (:mod:`~sp4n.adapters.delivery.sms`).

:mod:`sp4n.adapters.loaders` reads a host's files (routing policies in TOML, YAML or JSON; region lists in
CSV) into jurisdiction values; it implements no port, because the pure core never asks for a file.

Ports whose implementations only compose pure pieces are answered in :mod:`sp4n.service` (``SlaDeadlines``,
``policy_resolver``, ``RelayWakeup``, ``UnitOfWorkReader``, ``SlaDeadlineSource``), and ``TrackingNumbers`` by
:class:`sp4n.tracking.RandomTrackingNumbers` over an injected random source. :mod:`sp4n.testing` has a fake
for every port; docs/architecture.md has the whole table.
"""
