"""One table-prefix rule for every SQL store: what it refuses, and that the longest prefix fits a server."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sp4n.adapters.storage import (
    MariaDBUnitOfWork,
    PostgresUnitOfWork,
    SqliteUnitOfWork,
    SqlOutboxStore,
    SqlSentReminders,
    unit_of_work_from_url,
)
from sp4n.adapters.storage._sql import CURRENT_VERSION, PREFIX_PATTERN, TABLES, check_prefix
from sp4n.exceptions import ConfigurationError

LONGEST = 31
# Nothing listens here: a store must refuse a bad prefix before it tries to connect.
NOWHERE_PG = "postgresql://nobody@127.0.0.1:9/none"
NOWHERE_MYSQL = "mysql://nobody@127.0.0.1:9/none"

STORES: dict[str, Callable[[str], object]] = {
    "SqliteUnitOfWork": lambda prefix: SqliteUnitOfWork(":memory:", prefix=prefix),
    "PostgresUnitOfWork": lambda prefix: PostgresUnitOfWork(NOWHERE_PG, prefix=prefix),
    "MariaDBUnitOfWork": lambda prefix: MariaDBUnitOfWork(NOWHERE_MYSQL, prefix=prefix),
    "unit_of_work_from_url": lambda prefix: unit_of_work_from_url(NOWHERE_PG, prefix=prefix),
    "SqlOutboxStore (postgresql)": lambda prefix: SqlOutboxStore(NOWHERE_PG, prefix=prefix),
    "SqlOutboxStore (mysql)": lambda prefix: SqlOutboxStore(NOWHERE_MYSQL, prefix=prefix),
    "SqlSentReminders (postgresql)": lambda prefix: SqlSentReminders(NOWHERE_PG, prefix=prefix),
    "SqlSentReminders (mysql)": lambda prefix: SqlSentReminders(NOWHERE_MYSQL, prefix=prefix),
}
BAD = {
    "too long": "p" * (LONGEST + 1),
    "upper case": "Sp4n_",
    "SQL": "x; DROP TABLE y",
    "hyphen": "a-b",
    "leading underscore": "_sp4n",
    "leading digit": "4sp4n",
    "empty": "",
    "trailing newline": "sp4n\n",
}


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("store", STORES.values(), ids=STORES.keys())
def test_every_sql_store_refuses_a_bad_prefix_naming_the_field(
    store: Callable[[str], object], bad: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        store(bad)
    assert caught.value.source == "prefix"
    assert repr(bad) in caught.value.problem


def test_the_rule_allows_lowercase_letters_digits_and_underscores_up_to_31_characters() -> None:
    assert check_prefix("sp4n_") == "sp4n_"
    assert check_prefix("a" + "_0" * 15) == "a" + "_0" * 15
    assert PREFIX_PATTERN.fullmatch("a" * LONGEST)
    assert not PREFIX_PATTERN.fullmatch("a" * (LONGEST + 1))


def _longest_prefix() -> str:
    stem = f"t{os.getpid()}_{uuid.uuid4().hex[:8]}_"
    return stem + "x" * (LONGEST - len(stem))


def _drop_uow(uow: Any) -> None:
    uow.rollback()
    cur = uow._cursor()
    for table in TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {uow.prefix}{table}")
    uow._conn.commit()
    uow.close()


SERVERS = [
    pytest.param("postgres_server", PostgresUnitOfWork, marks=pytest.mark.postgres, id="postgres"),
    pytest.param("mariadb_server", MariaDBUnitOfWork, marks=pytest.mark.mariadb, id="mariadb"),
]


@pytest.mark.parametrize(("server", "open_uow"), SERVERS)
def test_the_longest_prefix_creates_every_table_and_index_on_the_server(
    server: str, open_uow: Callable[..., Any], request: pytest.FixtureRequest
) -> None:
    dsn: str = request.getfixturevalue(server)
    prefix = _longest_prefix()
    assert len(prefix) == LONGEST
    uow = open_uow(dsn, prefix=prefix, migrate=True)
    try:
        assert uow.schema_version() == CURRENT_VERSION
        with uow:
            assert uow.events.last_position() == 0
    finally:
        _drop_uow(uow)
    outbox = SqlOutboxStore(dsn, prefix=prefix)
    try:
        claim = outbox.claim("email")
        assert claim is not None
        claim.release()
    finally:
        outbox.drop_tables()
        outbox.close()
    sent = SqlSentReminders(dsn, prefix=prefix)
    try:
        assert sent.claim("c-1", "k", datetime(2026, 1, 1, tzinfo=UTC))
    finally:
        sent.drop_table()
        sent.close()


def test_importing_the_storage_and_delivery_packages_loads_no_database_driver() -> None:
    code = (
        "import sys, sp4n.adapters.storage, sp4n.adapters.delivery\n"
        "print(sorted(m for m in ('psycopg', 'pymysql') if m in sys.modules))"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"
