"""Storage adapters: where complaints, events, identities and delivery bookkeeping are kept.

Module — what it offers — the port it implements (:mod:`sp4n.ports`):

* ``memory`` — ``MemoryUnitOfWork`` over a ``MemoryStore`` (tests, demos) — ``UnitOfWork``;
* ``sqlite`` — ``SqliteUnitOfWork`` on the stdlib ``sqlite3``, the embedded default — ``UnitOfWork``;
* ``postgres`` — ``PostgresUnitOfWork`` on psycopg 3 (``sp4n[postgres]``) — ``UnitOfWork``;
* ``mariadb`` — ``MariaDBUnitOfWork`` on PyMySQL (``sp4n[mariadb]``; MariaDB 10.6+, MySQL 8) —
  ``UnitOfWork``;
* ``urls`` — ``unit_of_work_from_url`` (picks one of the SQL adapters by scheme), ``schema_script`` (the
  DDL, offline), ``connect_dsn``;
* ``host`` — ``unit_of_work_on``: a unit of work inside the host's own transaction, on its connection;
* ``outbox`` — ``MemoryOutboxStore``, ``SqliteOutboxStore`` — ``OutboxStore``;
* ``outbox_server`` — ``SqlOutboxStore`` on PostgreSQL / MariaDB — ``OutboxStore``;
* ``sent_reminders`` — ``MemorySentReminders``, ``SqliteSentReminders``, ``SqlSentReminders`` —
  ``SentReminders``.

Every unit of work hands out the ``ComplaintRepository``, ``EventLog`` and ``IdentityStore`` ports. The
private modules hold what the SQL adapters share: ``_sql`` (dialects, schema and migrations, the table prefix
rule, SQL rendering), ``_versions`` (the schema version: read, required, upgraded), ``_source`` (where a
block's connection comes from: a pool, one per thread, the host's), ``_repos`` (the repositories), ``_uow``
(``SqlUnitOfWorkBase``, the type ``unit_of_work_from_url`` returns), ``_codec`` (row encoding) and ``_rules``
(rules the memory adapter applies too).

The names below are re-exported here. Importing this package never imports a database driver: psycopg and
PyMySQL are loaded only when a PostgreSQL or MariaDB store is opened.

>>> from sp4n.adapters.storage import unit_of_work_from_url
>>> unit_of_work_from_url("sqlite:///:memory:").schema_version()
4
"""

from sp4n.adapters.storage._uow import SqlUnitOfWorkBase
from sp4n.adapters.storage.host import unit_of_work_on
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork
from sp4n.adapters.storage.memory import MemoryStore, MemoryUnitOfWork
from sp4n.adapters.storage.outbox import MemoryOutboxStore, SqliteOutboxStore
from sp4n.adapters.storage.outbox_server import SqlOutboxStore
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.sent_reminders import MemorySentReminders, SqliteSentReminders, SqlSentReminders
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.storage.urls import schema_script, unit_of_work_from_url

__all__ = [
    "MariaDBUnitOfWork",
    "MemoryOutboxStore",
    "MemorySentReminders",
    "MemoryStore",
    "MemoryUnitOfWork",
    "PostgresUnitOfWork",
    "SqlOutboxStore",
    "SqlSentReminders",
    "SqlUnitOfWorkBase",
    "SqliteOutboxStore",
    "SqliteSentReminders",
    "SqliteUnitOfWork",
    "schema_script",
    "unit_of_work_from_url",
    "unit_of_work_on",
]
