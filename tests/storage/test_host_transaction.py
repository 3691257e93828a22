"""sp4n inside the host's transaction: the host's row and sp4n's command commit together or not at all, and
the outbox (another connection reading the event log) sees the command only after the host's COMMIT."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage.host import unit_of_work_on
from sp4n.adapters.storage.mariadb import mysql_connect_kwargs
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import ConcurrencyConflict, ConfigurationError
from sp4n.service import Service, create_service
from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
COMPLAINT = {
    "type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
    "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    "reporter": {"name": "Siti", "phone": "0812 3456 7890"},
}  # fmt: skip


@attrs.frozen
class Engine:
    """How a test reaches one database: a new host connection, a SQLAlchemy URL, the store's tables."""

    name: str
    connect: Callable[[], Any]
    sqlalchemy_url: str
    prefix: str
    host_table: str


def _count(engine: Engine, table: str) -> int:
    """Rows of ``table`` as a separate, fresh connection sees them (what another process would see)."""
    conn = engine.connect()
    try:
        cur = conn.cursor()
        cur.execute(f"SELECT COUNT(*) FROM {table}")
        count = int(cur.fetchone()[0])
        conn.rollback()
        return count
    finally:
        conn.close()


def _exec(conn: Any, sql: str) -> None:
    cur = conn.cursor()
    cur.execute(sql)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path / "host.db"
        SqliteUnitOfWork(path).close()
        connect: Callable[[], Any] = lambda: sqlite3.connect(path, timeout=10)  # noqa: E731
        url, prefix = f"sqlite:///{path}", "sp4n_"
    else:
        factory: Callable[[], SqlUnitOfWorkBase] = request.getfixturevalue(f"{request.param}_factory")
        dsn: str = request.getfixturevalue(f"{request.param}_server")
        prefix = factory().prefix
        if request.param == "postgres":
            import psycopg

            connect = lambda: psycopg.connect(dsn)  # noqa: E731
            url = dsn.replace("postgresql://", "postgresql+psycopg://", 1)
        else:
            import pymysql

            connect = lambda: pymysql.connect(**mysql_connect_kwargs(dsn))  # noqa: E731
            url = "mysql+pymysql://" + dsn.split("://", 1)[1]
    eng = Engine(request.param, connect, url, prefix, f"{prefix}host_cases")
    setup = connect()
    _exec(setup, f"CREATE TABLE {eng.host_table} (case_no VARCHAR(20) NOT NULL)")
    setup.commit()
    yield eng
    _exec(setup, f"DROP TABLE {eng.host_table}")
    setup.commit()
    setup.close()


def _service(uow: SqlUnitOfWorkBase) -> Service:
    return create_service(uow=uow, clock=FixedClock(T0), ids=SequentialIds("c-"),
                          tracking=SequentialTrackingNumbers())  # fmt: skip


def _host_work(engine: Engine, conn: Any) -> str:
    """The host's own write and one sp4n command on the same connection and transaction."""
    _exec(conn, f"INSERT INTO {engine.host_table} (case_no) VALUES ('K-7')")
    receipt = _service(unit_of_work_on(conn, prefix=engine.prefix)).submit(COMPLAINT)
    return receipt.complaint_id


def test_host_commit_makes_both_visible_and_only_then_the_outbox_sees_the_event(engine: Engine) -> None:
    conn = engine.connect()
    try:
        _host_work(engine, conn)
        # sp4n's "commit" only released its savepoint: nobody else sees anything yet.
        assert _count(engine, f"{engine.prefix}events") == 0
        assert _count(engine, engine.host_table) == 0
        conn.commit()
    finally:
        conn.close()
    assert _count(engine, engine.host_table) == 1
    assert _count(engine, f"{engine.prefix}complaints") == 1
    outbox = unit_of_work_on_fresh(engine)
    with outbox:
        assert [str(s.event.action) for s in outbox.events.read_since(0)] == ["submit"]


def unit_of_work_on_fresh(engine: Engine) -> SqlUnitOfWorkBase:
    return unit_of_work_on(engine.connect(), prefix=engine.prefix)


def test_host_rollback_after_the_command_returned_undoes_both(engine: Engine) -> None:
    conn = engine.connect()

    def host_request() -> None:
        _host_work(engine, conn)
        raise RuntimeError("host failed after sp4n's command returned")

    try:
        with pytest.raises(RuntimeError, match="host failed"):
            host_request()
    finally:
        conn.rollback()  # what the host's error handler does
        conn.close()
    assert _count(engine, engine.host_table) == 0
    assert _count(engine, f"{engine.prefix}complaints") == 0
    assert _count(engine, f"{engine.prefix}events") == 0


def test_a_failed_command_rolls_back_to_its_savepoint_and_the_host_transaction_goes_on(
    engine: Engine,
) -> None:
    conn = engine.connect()
    try:
        complaint_id = _host_work(engine, conn)
        uow = unit_of_work_on(conn, prefix=engine.prefix)
        with uow:
            current = uow.complaints.get(complaint_id)
            events = uow.events.history(complaint_id)
        stale = [attrs.evolve(s.event, sequence=1) for s in events]
        with uow, pytest.raises(ConcurrencyConflict):
            uow.complaints.save(current, stale, expected_version=0)  # a duplicate: refused, nothing kept
        _exec(conn, f"INSERT INTO {engine.host_table} (case_no) VALUES ('K-8')")  # still usable
        conn.commit()
    finally:
        conn.close()
    assert _count(engine, engine.host_table) == 2
    assert _count(engine, f"{engine.prefix}events") == 1


def test_sp4n_never_commits_or_closes_the_hosts_connection(engine: Engine) -> None:
    conn = engine.connect()
    try:
        uow = unit_of_work_on(conn, prefix=engine.prefix)
        _service(uow).submit(COMPLAINT)
        uow.close()
        _exec(conn, "SELECT 1")  # still open
        conn.rollback()
    finally:
        conn.close()
    assert _count(engine, f"{engine.prefix}complaints") == 0


@pytest.mark.parametrize("kind", ["connection", "session"])
def test_sqlalchemy_connection_and_session_share_their_transaction(engine: Engine, kind: str) -> None:
    sqlalchemy = pytest.importorskip("sqlalchemy")
    from sqlalchemy.orm import Session

    eng = sqlalchemy.create_engine(engine.sqlalchemy_url, poolclass=sqlalchemy.pool.NullPool)
    insert = sqlalchemy.text(f"INSERT INTO {engine.host_table} (case_no) VALUES ('K-9')")
    for outcome in ("rollback", "commit"):
        if kind == "connection":
            with eng.connect() as conn:
                conn.execute(insert)
                _service(unit_of_work_on(conn, prefix=engine.prefix)).submit(COMPLAINT)
                conn.commit() if outcome == "commit" else conn.rollback()
        else:
            with Session(eng) as session:
                session.execute(insert)
                _service(unit_of_work_on(session, prefix=engine.prefix)).submit(COMPLAINT)
                session.commit() if outcome == "commit" else session.rollback()
        expected = 1 if outcome == "commit" else 0
        assert _count(engine, engine.host_table) == expected
        assert _count(engine, f"{engine.prefix}complaints") == expected
    eng.dispose()


def test_tables_not_at_this_version_are_refused_on_the_hosts_connection(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "empty.db")
    with pytest.raises(ConfigurationError, match="sp4n db upgrade"):
        unit_of_work_on(conn)
    conn.close()


@pytest.mark.usefixtures("english")
def test_an_unknown_connection_type_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="not a sqlite3, psycopg 3 or PyMySQL"):
        unit_of_work_on(object())


def test_a_sqlite3_connection_in_autocommit_gets_a_transaction_that_the_host_ends(
    tmp_path: Path,
) -> None:
    path = tmp_path / "host.db"
    SqliteUnitOfWork(path).close()
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)  # autocommit: no transaction open
    try:
        _service(unit_of_work_on(conn)).submit(COMPLAINT)
        assert conn.in_transaction  # sp4n opened it and left it to the host
        conn.rollback()
        assert conn.execute("SELECT COUNT(*) FROM sp4n_complaints").fetchone() == (0,)
    finally:
        conn.close()


@pytest.mark.parametrize(
    "engine",
    [
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ],
    indirect=True,
)
def test_a_server_connection_in_autocommit_mode_is_refused_before_anything_is_written(engine: Engine) -> None:
    conn = engine.connect()
    try:
        if engine.name == "postgres":
            conn.autocommit = True
        else:
            conn.autocommit(True)
        with pytest.raises(ConfigurationError, match="autocommit"):
            _service(unit_of_work_on(conn, prefix=engine.prefix)).submit(COMPLAINT)
    finally:
        conn.close()
    assert _count(engine, f"{engine.prefix}complaints") == 0
