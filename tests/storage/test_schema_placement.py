"""``schema=``: every table of a store in a PostgreSQL schema or a MariaDB database of the DBA's choosing."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase, schema_script, unit_of_work_from_url
from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.host import unit_of_work_on
from sp4n.adapters.storage.mariadb import mysql_connect_kwargs
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked

_serial = itertools.count()
_TABLES = set(TABLES)


class Server:
    def __init__(self, name: str, dsn: str) -> None:
        self.name, self.dsn = name, dsn

    def connect(self) -> Any:
        if self.name == "postgres":
            import psycopg

            return psycopg.connect(self.dsn, autocommit=True)
        import pymysql

        return pymysql.connect(**mysql_connect_kwargs(self.dsn), autocommit=True)

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        conn = self.connect()
        try:
            cur = conn.cursor()
            cur.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
        finally:
            conn.close()

    def tables_in(self, schema: str, prefix: str) -> set[str]:
        rows = self.run("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))
        return {str(r[0]).removeprefix(prefix) for r in rows if str(r[0]).startswith(prefix)}


@pytest.fixture(
    params=[
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def server(request: pytest.FixtureRequest) -> Iterator[tuple[Server, Callable[[], str]]]:
    srv = Server(request.param, request.getfixturevalue(f"{request.param}_server"))
    made: list[str] = []

    def new_schema() -> str:
        made.append(f"s{os.getpid()}_{next(_serial)}")
        return made[-1]

    yield srv, new_schema
    for schema in made:
        srv.run(f"DROP {'SCHEMA' if srv.name == 'postgres' else 'DATABASE'} IF EXISTS {schema}"
                + (" CASCADE" if srv.name == "postgres" else ""))  # fmt: skip


def _save(uow: SqlUnitOfWorkBase, complaint_id: str) -> None:
    complaint, events = walked(complaint_id, Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()


def test_every_table_lands_in_the_schema_and_two_schemas_are_two_stores(
    server: tuple[Server, Callable[[], str]],
) -> None:
    srv, new_schema = server
    first, second = new_schema(), new_schema()
    one = unit_of_work_from_url(srv.dsn, schema=first, migrate=True)  # creates the schema too
    two = unit_of_work_from_url(srv.dsn, schema=second, migrate=True)
    try:
        assert srv.tables_in(first, "sp4n_") == _TABLES
        _save(one, "c-1")
        _save(two, "c-2")
        with one:
            assert {s.event.complaint_id for s in one.events.read_since(0)} == {"c-1"}
        with two:
            assert {s.event.complaint_id for s in two.events.read_since(0)} == {"c-2"}
    finally:
        one.close()
        two.close()


def test_the_host_connection_finds_the_tables_in_the_schema(server: tuple[Server, Callable[[], str]]) -> None:
    srv, new_schema = server
    schema = new_schema()
    unit_of_work_from_url(srv.dsn, schema=schema, migrate=True).close()
    conn = srv.connect()
    try:
        if srv.name == "postgres":
            conn.autocommit = False
        else:
            conn.autocommit(False)
        _save(unit_of_work_on(conn, schema=schema), "c-9")
        conn.commit()
    finally:
        conn.close()
    assert srv.run(f"SELECT id FROM {schema}.sp4n_complaints") == [("c-9",)]


def test_the_offline_script_creates_the_schema_first() -> None:
    assert schema_script("postgresql://db/x", schema="lapor")[0] == "CREATE SCHEMA IF NOT EXISTS lapor"
    assert schema_script("mariadb://db/x", schema="lapor")[0] == "CREATE DATABASE IF NOT EXISTS lapor"
    assert all("lapor.sp4n_" in s for s in schema_script("postgresql://db/x", schema="lapor")[1:])


@pytest.mark.parametrize("bad", ["Lapor", "la-por", "x; DROP TABLE y", "", "a" * 64])
def test_a_bad_schema_name_is_refused_before_connecting(bad: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        unit_of_work_from_url("postgresql://nowhere.invalid/x", schema=bad)
    assert caught.value.source == "schema"


@pytest.mark.usefixtures("english")
def test_sqlite_has_no_schemas() -> None:
    with pytest.raises(ConfigurationError, match="SQLite has no schemas"):
        unit_of_work_from_url("sqlite:///:memory:", schema="lapor")


def test_outbox_and_reminder_stores_share_the_units_pool_and_schema(
    server: tuple[Server, Callable[[], str]],
) -> None:
    from datetime import UTC, datetime

    from sp4n.adapters.storage import SqlOutboxStore, SqlSentReminders

    srv, new_schema = server
    schema = new_schema()
    uow = unit_of_work_from_url(srv.dsn, schema=schema, migrate=True)
    try:
        outbox = SqlOutboxStore(uow)
        claim = outbox.claim("email")
        assert claim is not None
        claim.advance(7)
        assert claim.commit()
        assert outbox.cursor("email") == 7
        sent = SqlSentReminders(uow)
        assert sent.claim("c-1", "k", datetime(2026, 1, 1, tzinfo=UTC))
        assert not sent.claim("c-1", "k", datetime(2026, 1, 1, tzinfo=UTC))
        assert {"outbox_cursor", "outbox_dead_letter", "reminder_sent"} <= srv.tables_in(schema, "sp4n_")
        outbox.close()
        sent.close()
        _save(uow, "c-1")  # the lent connections came back to the pool in a usable state
        with uow:
            assert uow.complaints.get("c-1").id == "c-1"
    finally:
        uow.close()
