"""What differs between SQL databases, the schema sp4n creates on them, and one runner for its SQL text.

* :class:`Dialect` — placeholders, row locking, duplicate handling, column types and how event positions are
  allocated, for :data:`SQLITE`, :data:`POSTGRESQL` and :data:`MYSQL` (MariaDB too);
* the schema — numbered forward :class:`Migration` s and :func:`pending`; a new version appends a migration
  with statements for each dialect and never edits an old one;
* :func:`check_prefix` — the one rule for table prefixes, used by every SQL store;
* :class:`Sql` — runs SQL written once with ``?`` placeholders and ``{p}`` for the table prefix, rendered
  for the dialect, and hands driver errors to the unit of work for translation.

Every table name starts with a prefix (default ``sp4n_``) so several stores can share one database, which is
also how tests isolate themselves. Instants are ``BIGINT`` microseconds since the epoch (UTC): the same
sortable integer on every database, so ``due_at`` range scans behave alike everywhere.

>>> [m.version for m in pending(SQLITE, 0)]
[1, 2, 3, 4]
>>> pending(SQLITE, CURRENT_VERSION)
[]
>>> check_prefix("sp4n_")
'sp4n_'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import attrs

from sp4n.exceptions import ConfigurationError

__all__ = [
    "CURRENT_VERSION",
    "MIGRATIONS",
    "MYSQL",
    "POSTGRESQL",
    "PREFIX_PATTERN",
    "SQLITE",
    "Cursor",
    "Dialect",
    "Migration",
    "Sql",
    "check_prefix",
    "check_schema",
    "pending",
    "qualified",
    "statements",
]

# --- the table prefix ---------------------------------------------------------------------------------------

#: A prefix is pasted into SQL, so it holds only lowercase letters, digits and ``_``, starting with a letter.
#: Its length is capped so that every name built from it fits the shortest identifier limit we run on:
#: PostgreSQL truncates names beyond 63 bytes (two long prefixes would silently share tables); MySQL and
#: MariaDB refuse table and index names beyond 64 characters. The longest suffix any store appends is the
#: unit of work's index ``complaints_reporter`` (19 characters; the outbox's ``_dead_letter`` is 12, the sent
#: reminders' ``_sent`` 5), so the longest name is 31 + 19 = 50 <= 63. The migration lock name
#: ``sp4n-migrate:<prefix>`` is 13 + 31 = 44 <= 64, the limit MySQL sets on ``GET_LOCK`` names.
PREFIX_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,30}")


def check_prefix(prefix: str) -> str:
    """``prefix`` if it is a safe table prefix, else :class:`ConfigurationError` naming the ``prefix`` field.

    >>> check_prefix("Sp4n_")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.ConfigurationError: prefix: 'Sp4n_' harus cocok dengan [a-z][a-z0-9_]{0,30}
    """
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise ConfigurationError(
            "prefix", "{prefix!r} must match {pattern}", prefix=prefix, pattern=PREFIX_PATTERN.pattern
        )
    return prefix


#: A schema (PostgreSQL) or database (MariaDB) name is pasted into SQL too: the same alphabet, and at most 63
#: characters (PostgreSQL's identifier limit; MariaDB allows 64).
SCHEMA_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}")


def check_schema(schema: str | None) -> str | None:
    """``schema`` if it is ``None`` or a safe schema name, else :class:`ConfigurationError` naming ``schema``.

    >>> qualified(check_schema("lapor"), "sp4n_")
    'lapor.sp4n_'
    """
    if schema is not None and not SCHEMA_PATTERN.fullmatch(schema):
        raise ConfigurationError(
            "schema", "{schema!r} must match {pattern}", schema=schema, pattern=SCHEMA_PATTERN.pattern
        )
    return schema


def qualified(schema: str | None, prefix: str) -> str:
    """What goes before a table's own name in SQL: ``schema.prefix``, or the prefix alone."""
    return prefix if schema is None else f"{schema}.{prefix}"


# --- dialects -----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Dialect:
    """What differs between databases: placeholders, row locking, duplicate handling, column types, and how
    event positions are allocated (``max`` under SQLite's writer lock, ``returning`` / ``locked_row``: the
    log head row, locked until commit)."""

    name: str
    param: str
    for_update: str
    skip_locked: str
    ignore_duplicate: str
    key: str
    doc: str
    positions: str
    position_type: str = "BIGINT"
    table_options: str = ""


SQLITE = Dialect(
    name="sqlite",
    param="?",
    # SQLite has no row locks: BEGIN IMMEDIATE already holds the database's single writer lock.
    for_update="",
    skip_locked="",
    ignore_duplicate="",
    key="TEXT",
    doc="TEXT",
    positions="max",
    # INTEGER PRIMARY KEY makes the position SQLite's rowid: one B-tree instead of a table plus an index.
    position_type="INTEGER",
)
POSTGRESQL = Dialect(
    name="postgresql",
    param="%s",
    for_update=" FOR UPDATE",
    skip_locked=" FOR UPDATE SKIP LOCKED",
    # A unique violation aborts a PostgreSQL transaction; DO NOTHING keeps it usable so that a conflict
    # can be reported without poisoning the unit of work.
    ignore_duplicate=" ON CONFLICT DO NOTHING",
    key="TEXT",
    doc="TEXT",
    positions="returning",
)
MYSQL = Dialect(
    name="mysql",
    param="%s",
    for_update=" FOR UPDATE",
    skip_locked=" FOR UPDATE SKIP LOCKED",
    ignore_duplicate="",
    # utf8mb4 index keys are limited to 3072 bytes; 191 characters keeps every composite index inside.
    key="VARCHAR(191)",
    doc="LONGTEXT",
    # No UPDATE ... RETURNING: read the head row FOR UPDATE, then write it.
    positions="locked_row",
    # Binary NO PAD collation: ids compare exactly (no case folding, no trailing-space equality). The
    # MariaDB adapter picks utf8mb4_nopad_bin on MariaDB; this default is MySQL 8's name.
    table_options=" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin",
)

# --- schema and migrations ----------------------------------------------------------------------------------

_TABLES_V1 = [
    """CREATE TABLE IF NOT EXISTS {p}complaints (
        id {key} NOT NULL PRIMARY KEY,
        tracking_id {key} NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        status VARCHAR(32) NOT NULL,
        agency_id {key} NULL,
        reporter_ref {key} NULL,
        public SMALLINT NOT NULL,
        submitted_at BIGINT NOT NULL,
        due_at BIGINT NULL,
        last_hash CHAR(64) NOT NULL,
        data {doc} NOT NULL){opts}""",
    """CREATE TABLE IF NOT EXISTS {p}events (
        position {pos} NOT NULL PRIMARY KEY,
        complaint_id {key} NOT NULL,
        sequence INTEGER NOT NULL,
        hash CHAR(64) NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        data {doc} NOT NULL,
        UNIQUE (complaint_id, sequence)){opts}""",
    """CREATE TABLE IF NOT EXISTS {p}log_head (
        id INTEGER NOT NULL PRIMARY KEY,
        position BIGINT NOT NULL){opts}""",
    """CREATE TABLE IF NOT EXISTS {p}idempotency (
        idem_key {key} NOT NULL PRIMARY KEY,
        fingerprint {key} NOT NULL,
        complaint_id {key} NOT NULL){opts}""",
    """CREATE TABLE IF NOT EXISTS {p}identities (
        id {key} NOT NULL PRIMARY KEY,
        erased_at BIGINT NULL,
        data {doc} NOT NULL){opts}""",
]
_INDEXES_V1 = [
    # Overdue "as of" an instant is a range scan on this index (terminal complaints store NULL).
    ("complaints_due", "complaints (due_at, id)"),
    ("complaints_agency", "complaints (agency_id, status, submitted_at, id)"),
    # The longest name built from a prefix (see PREFIX_PATTERN).
    ("complaints_reporter", "complaints (reporter_ref, submitted_at, id)"),
    ("complaints_public", "complaints (public, submitted_at, id)"),
]


def _tables(dialect: Dialect, tables: list[str]) -> list[str]:
    return [
        t.replace("{key}", dialect.key).replace("{doc}", dialect.doc).replace("{pos}", dialect.position_type)
        for t in tables
    ]


def _indexes(dialect: Dialect, wanted: list[tuple[str, str]]) -> list[str]:
    indexes = []
    for name, on in wanted:
        table, columns = on.split(" ", 1)
        if dialect.name == "mysql":
            # MySQL 8 has no CREATE INDEX IF NOT EXISTS: the migrator asks the catalog before it runs this.
            indexes.append(f"ALTER TABLE {{p}}{table} ADD INDEX {{n}}{name} {columns}")
        else:
            # An index lives in its table's schema; its name takes no schema ({n}: the bare prefix).
            indexes.append(f"CREATE INDEX IF NOT EXISTS {{n}}{name} ON {{p}}{table} {columns}")
    return indexes


def _v1(dialect: Dialect) -> tuple[str, ...]:
    tables, indexes = _tables(dialect, _TABLES_V1), _indexes(dialect, _INDEXES_V1)
    # Every statement may run again after a crash (MariaDB commits each DDL on its own): the seed too.
    seed = {
        "sqlite": "INSERT OR IGNORE INTO {p}log_head (id, position) VALUES (1, 0)",
        "postgresql": "INSERT INTO {p}log_head (id, position) VALUES (1, 0) ON CONFLICT DO NOTHING",
        "mysql": "INSERT IGNORE INTO {p}log_head (id, position) VALUES (1, 0)",
    }[dialect.name]
    return (*tables, *indexes, seed)


def _v2(dialect: Dialect) -> tuple[str, ...]:
    # Signed-in reporters' account ids, each mapped to the random reporter_ref that events carry instead;
    # erasure deletes the row, so no event, complaint or tombstone keeps the account id (UU 27/2022).
    table = """CREATE TABLE IF NOT EXISTS {p}accounts (
        account {key} NOT NULL PRIMARY KEY,
        ref {key} NOT NULL){opts}"""
    return (*_tables(dialect, [table]), *_indexes(dialect, [("accounts_ref", "accounts (ref)")]))


#: Version 3: what links a complaint to others, for the lists that need it: ``co_agency`` (``other_id``: an
#: agency that co-handles it, so the agency's lists show it) and ``duplicate_of`` (``other_id``: the canonical
#: complaint, whose notices the duplicate's reporter follows). Rows are rewritten by the saves that change
#: them; a complaint linked before version 3 is listed after its next such change.
_TABLES_V3 = [
    """CREATE TABLE IF NOT EXISTS {p}complaint_links (
        kind VARCHAR(16) NOT NULL,
        other_id {key} NOT NULL,
        complaint_id {key} NOT NULL,
        PRIMARY KEY (kind, other_id, complaint_id)){opts}""",
]
_INDEXES_V3 = [("complaint_links_of", "complaint_links (complaint_id)")]


def _v3(dialect: Dialect) -> tuple[str, ...]:
    return (*_tables(dialect, _TABLES_V3), *_indexes(dialect, _INDEXES_V3))


#: Version 4: redacted texts' originals and salts, apart from the events until erased (storage._redacted).
_TABLE_V4 = """CREATE TABLE IF NOT EXISTS {p}redacted_texts (
        complaint_id {key} NOT NULL, sequence INTEGER NOT NULL, field VARCHAR(32) NOT NULL,
        salt CHAR(32) NOT NULL, text {doc} NOT NULL, PRIMARY KEY (complaint_id, sequence, field)){opts}"""


@attrs.frozen(kw_only=True)
class Migration:
    """One forward step: ``statements`` per dialect name (``{p}`` the schema-qualified table prefix, ``{n}``
    the bare prefix for index names, ``{opts}`` table options)."""

    version: int
    statements: dict[str, tuple[str, ...]]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, statements={d.name: _v1(d) for d in (SQLITE, POSTGRESQL, MYSQL)}),
    Migration(version=2, statements={d.name: _v2(d) for d in (SQLITE, POSTGRESQL, MYSQL)}),
    Migration(version=3, statements={d.name: _v3(d) for d in (SQLITE, POSTGRESQL, MYSQL)}),
    Migration(
        version=4, statements={d.name: tuple(_tables(d, [_TABLE_V4])) for d in (SQLITE, POSTGRESQL, MYSQL)}
    ),
)
CURRENT_VERSION = MIGRATIONS[-1].version

#: Every table of a store, without its prefix, in the order the migrations create them, then the version
#: table the migrator keeps: one list for the tools and tests that drop or scan a whole store.
TABLES: tuple[str, ...] = (
    *dict.fromkeys(
        name
        for m in MIGRATIONS
        for statement in m.statements[SQLITE.name]
        for name in re.findall(r"CREATE TABLE IF NOT EXISTS \{p\}(\w+)", statement)
    ),
    "schema_version",
)


def pending(dialect: Dialect, current: int) -> list[Migration]:
    """Migrations a database at version ``current`` still needs, in order."""
    if current > CURRENT_VERSION:
        raise ConfigurationError("schema_version", "database is at version {current}, newer than this sp4n"
                                 " ({required})", current=current, required=CURRENT_VERSION)  # fmt: skip
    return [m for m in MIGRATIONS if m.version > current]


def statements(migration: Migration, dialect: Dialect, prefix: str, schema: str | None = None) -> list[str]:
    """The migration's statements for ``dialect`` with schema, table prefix and table options filled in."""
    tables = qualified(schema, prefix)
    return [
        s.replace("{p}", tables).replace("{n}", prefix).replace("{opts}", dialect.table_options)
        for s in migration.statements[dialect.name]
    ]


# --- running SQL --------------------------------------------------------------------------------------------


class Cursor(Protocol):
    """The DB-API cursor surface we use."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> object: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> object: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@lru_cache(maxsize=512)
def _render(sql: str, param: str, prefix: str) -> str:
    rendered = sql.replace("{p}", prefix)
    return rendered if param == "?" else rendered.replace("?", param)


@attrs.define
class Sql:
    """Runs SQL for one unit of work, rendered for the dialect; ``is_duplicate`` classifies driver errors."""

    dialect: Dialect
    prefix: str
    cursor: Callable[[], Cursor]
    is_duplicate: Callable[[Exception], bool]
    translate: Callable[[Exception, str], None]
    #: After a driver error: True when the connection was lost before the transaction did anything, so
    #: the statement may run once more on a new connection.
    reconnect: Callable[[Exception], bool]
    #: The ``(version, last_hash, served from the cache)`` of the rows the current transaction read.
    seen: Callable[[], dict[str, tuple[int, str, bool]]]

    def render(self, sql: str) -> str:
        """``sql`` in the dialect's form, for the table prefix."""
        return _render(sql, self.dialect.param, self.prefix)

    def run(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        rendered = _render(sql, self.dialect.param, self.prefix)  # render(), one call fewer per statement
        for attempt in (1, 2):
            cur = self.cursor()
            try:
                cur.execute(rendered, params)
            except Exception as err:
                if attempt == 1 and self.reconnect(err):
                    continue
                self.translate(err, sql.split(" ", 1)[0])
                raise
            return cur
        raise AssertionError("unreachable: the second attempt returns or raises")

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        # Never a transaction's first statement (a save reads or writes the state row before), so a lost
        # connection here is not retried.
        cur = self.cursor()
        try:
            cur.executemany(_render(sql, self.dialect.param, self.prefix), rows)
        except Exception as err:
            self.translate(err, sql.split(" ", 1)[0])
            raise

    def insert(self, sql: str, params: Sequence[Any]) -> bool:
        """Run an INSERT; False when it hit a unique key (the transaction stays usable on every dialect)."""
        try:
            cur = self.run(sql + self.dialect.ignore_duplicate, params)
        except Exception as err:
            if self.is_duplicate(err):
                return False
            raise
        return cur.rowcount == 1
