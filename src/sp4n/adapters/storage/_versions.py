"""The schema version of one store: what it is, what it needs, and bringing it forward — idempotently.

Every migration statement may be run again after a crash at any point: tables and indexes are created only
if absent (MySQL 8 has no ``CREATE INDEX IF NOT EXISTS``, so the catalog is asked first), the log head row is
inserted only if missing, and a version is recorded after its statements. On SQLite and PostgreSQL the whole
upgrade is one transaction besides (DDL is transactional there); MariaDB commits each DDL statement on its
own, which is why each statement must be safe to repeat. Concurrent upgraders serialise on a lock (an
advisory lock, ``GET_LOCK`` whose result is checked, SQLite's writer lock).

:meth:`Migrator.script` is the same DDL as text, for a DBA to review or to paste into a host's own
migration tool (``sp4n db sql``).
"""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants and a table
# prefix that check_prefix limited to [a-z0-9_]; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from sp4n.adapters.storage._source import Source
from sp4n.adapters.storage._sql import CURRENT_VERSION, Cursor, Dialect, pending, qualified, statements
from sp4n.exceptions import ConfigurationError

__all__ = ["Migrator", "script"]

_ADD_INDEX = re.compile(r"ALTER TABLE (?:\w+\.)?(\w+) ADD INDEX (\w+) ")


def _version_table(dialect: Dialect, tables: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {tables}schema_version "
        f"(version INTEGER NOT NULL PRIMARY KEY){dialect.table_options}"
    )


_IGNORING = {
    "sqlite": "INSERT OR IGNORE INTO {t} (version) VALUES ({v})",
    "postgresql": "INSERT INTO {t} (version) VALUES ({v}) ON CONFLICT DO NOTHING",
    "mysql": "INSERT IGNORE INTO {t} (version) VALUES ({v})",
}


def _record(dialect: Dialect, tables: str, version: int) -> str:
    """Record ``version`` as reached (a no-op when it already is: the statement may run again)."""
    return _IGNORING[dialect.name].format(t=f"{tables}schema_version", v=int(version))


def _create_schema(dialect: Dialect, schema: str | None) -> list[str]:
    if schema is None:
        return []
    kind = "SCHEMA" if dialect.name == "postgresql" else "DATABASE"
    return [f"CREATE {kind} IF NOT EXISTS {schema}"]


def script(dialect: Dialect, prefix: str, current: int = 0, schema: str | None = None) -> list[str]:
    """Every statement that brings a store at version ``current`` to the library's version, in order."""
    tables = qualified(schema, prefix)
    out = [*_create_schema(dialect, schema), _version_table(dialect, tables)]
    for migration in pending(dialect, current):
        out += statements(migration, dialect, prefix, schema)
        out.append(_record(dialect, tables, migration.version))
    return out


class _BlockState(Protocol):
    handle: Any
    active: bool


class _Store(Protocol):
    """What the migrator uses of a SQL unit of work (``_uow.SqlUnitOfWorkBase``, which imports this one)."""

    dialect: Dialect
    prefix: str
    schema: str | None
    tables: str
    _source: Source

    def _block(self) -> _BlockState: ...

    def _handle(self) -> Any: ...

    def _give_back(self, *, broken: bool = False) -> None: ...

    def _cursor_on(self, handle: Any) -> Cursor: ...

    def _migration_lock(self, handle: Any) -> AbstractContextManager[None]: ...

    def translating(self, what: str) -> AbstractContextManager[None]: ...


class Migrator:
    """Reads and upgrades the schema version of one unit of work's store."""

    def __init__(self, uow: _Store) -> None:
        self._uow = uow

    @contextmanager
    def _admin(self) -> Iterator[Any]:
        """This thread's handle, borrowed for a moment when it holds none."""
        uow = self._uow
        borrowed = uow._block().handle is None
        handle = uow._handle()
        try:
            yield handle
        finally:
            if borrowed and not uow._block().active:
                uow._give_back()

    def _exists(self, cur: Cursor, table: str) -> bool:
        """Whether ``table`` (a name in the store's schema, without it) exists."""
        uow = self._uow
        if uow.dialect.name == "sqlite":
            cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
            return cur.fetchone() is not None
        if uow.dialect.name == "postgresql":
            cur.execute("SELECT to_regclass(%s)", (qualified(uow.schema, table),))
            return cur.fetchone()[0] is not None
        cur.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(%s, DATABASE()) "
            "AND table_name = %s",
            (uow.schema, table),
        )
        return cur.fetchone() is not None

    def current(self) -> int:
        """The version recorded in ``<prefix>schema_version``; 0 when the table does not exist."""
        uow = self._uow
        with self._admin() as handle, uow.translating("schema_version"):
            cur = uow._cursor_on(handle)
            if not self._exists(cur, f"{uow.prefix}schema_version"):
                return 0
            cur.execute(f"SELECT MAX(version) FROM {uow.tables}schema_version")
            row = cur.fetchone()
        return 0 if row is None or row[0] is None else int(row[0])

    def require_current(self) -> None:
        """Raise :class:`ConfigurationError` unless the store is at the library's version (nothing is run)."""
        found = self.current()
        pending(self._uow.dialect, found)  # a newer database is refused with its own message
        if found != CURRENT_VERSION:
            raise ConfigurationError(
                "schema_version",
                "tables {tables}* are at version {found}, this sp4n needs {required}: run"
                " `sp4n db upgrade --url URL` (or include its migrations in yours; see docs/adapters.md)",
                tables=self._uow.tables,
                found=found,
                required=CURRENT_VERSION,
            )

    def upgrade(self) -> int:
        """Run what is pending under the migration lock; returns the version reached."""
        uow = self._uow
        if uow._source.host_owned:
            raise ConfigurationError(
                type(uow).__name__, "sp4n runs no DDL in the host's transaction: run `sp4n db upgrade`"
            )
        with self._admin() as handle, uow.translating("migrate"), uow._migration_lock(handle):
            cur = uow._cursor_on(handle)
            for statement in (
                *_create_schema(uow.dialect, uow.schema),
                _version_table(uow.dialect, uow.tables),
            ):
                self._execute(cur, statement)
            cur.execute(f"SELECT MAX(version) FROM {uow.tables}schema_version")
            row = cur.fetchone()
            for migration in pending(uow.dialect, 0 if row is None or row[0] is None else int(row[0])):
                for statement in statements(migration, uow.dialect, uow.prefix, uow.schema):
                    self._execute(cur, statement)
                self._execute(cur, _record(uow.dialect, uow.tables, migration.version))
        return CURRENT_VERSION

    def _execute(self, cur: Cursor, statement: str) -> None:
        index = _ADD_INDEX.match(statement)
        if index is not None and self._index_exists(cur, index.group(1), index.group(2)):
            return
        cur.execute(statement)

    def _index_exists(self, cur: Cursor, table: str, index: str) -> bool:
        cur.execute(
            "SELECT 1 FROM information_schema.statistics WHERE table_schema = COALESCE(%s, DATABASE()) "
            "AND table_name = %s AND index_name = %s",
            (self._uow.schema, table, index),
        )
        return cur.fetchone() is not None
