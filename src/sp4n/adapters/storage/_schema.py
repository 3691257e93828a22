"""The storage schema, one dialect per database, with forward migrations and a ``schema_version`` table.

Every table name starts with a prefix (default ``sp4n_``) so several stores can share one database, which
is also how tests isolate themselves. Instants are ``BIGINT`` microseconds since the epoch (UTC): the same
sortable integer on every database, so ``due_at`` range scans behave alike everywhere.

Migrations are numbered and only go forward; :func:`pending` lists those a database still needs. A new
version appends a :class:`Migration` with its statements for each dialect and never edits an old one.

>>> [m.version for m in pending(SQLITE, 0)]
[1]
>>> pending(SQLITE, CURRENT_VERSION)
[]
>>> check_prefix("sp4n_")
'sp4n_'
"""

from __future__ import annotations

import re

import attrs

from sp4n.exceptions import ConfigurationError

__all__ = [
    "CURRENT_VERSION",
    "MYSQL",
    "POSTGRESQL",
    "SQLITE",
    "Dialect",
    "Migration",
    "check_prefix",
    "pending",
]


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
    ("complaints_reporter", "complaints (reporter_ref, submitted_at, id)"),
    ("complaints_public", "complaints (public, submitted_at, id)"),
]


def _v1(dialect: Dialect) -> tuple[str, ...]:
    tables = [
        t.replace("{key}", dialect.key).replace("{doc}", dialect.doc).replace("{pos}", dialect.position_type)
        for t in _TABLES_V1
    ]
    indexes = []
    for name, on in _INDEXES_V1:
        table, columns = on.split(" ", 1)
        if dialect is MYSQL:
            # MySQL 8 has no CREATE INDEX IF NOT EXISTS; this runs once, guarded by schema_version.
            indexes.append(f"ALTER TABLE {{p}}{table} ADD INDEX {{p}}{name} {columns}")
        else:
            indexes.append(f"CREATE INDEX IF NOT EXISTS {{p}}{name} ON {{p}}{table} {columns}")
    seed = "INSERT INTO {p}log_head (id, position) VALUES (1, 0)"
    return (*tables, *indexes, seed)


@attrs.frozen(kw_only=True)
class Migration:
    """One forward step: ``statements`` per dialect name (``{p}`` table prefix, ``{opts}`` table options)."""

    version: int
    statements: dict[str, tuple[str, ...]]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, statements={d.name: _v1(d) for d in (SQLITE, POSTGRESQL, MYSQL)}),
)
CURRENT_VERSION = MIGRATIONS[-1].version


def pending(dialect: Dialect, current: int) -> list[Migration]:
    """Migrations a database at version ``current`` still needs, in order."""
    if current > CURRENT_VERSION:
        raise ConfigurationError(
            "schema_version", f"database is at version {current}, newer than this sp4n ({CURRENT_VERSION})"
        )
    return [m for m in MIGRATIONS if m.version > current]


def statements(migration: Migration, dialect: Dialect, prefix: str) -> list[str]:
    """The migration's statements for ``dialect`` with the table prefix and table options filled in."""
    return [
        s.replace("{p}", prefix).replace("{opts}", dialect.table_options)
        for s in migration.statements[dialect.name]
    ]


_PREFIX = re.compile(r"[a-z][a-z0-9_]{0,30}")


def check_prefix(prefix: str) -> str:
    """A table prefix is pasted into SQL, so only lowercase letters, digits and ``_`` are allowed."""
    if not _PREFIX.fullmatch(prefix):
        raise ConfigurationError("table prefix", f"{prefix!r} must match [a-z][a-z0-9_]{{0,30}}")
    return prefix
