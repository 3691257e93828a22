"""Schema upgrades are explicit and survive a crash after any statement on every engine; a store not at the
library's version is refused, not migrated behind the operator's back."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._sql import CURRENT_VERSION, TABLES
from sp4n.adapters.storage._versions import Migrator
from sp4n.adapters.storage.mariadb import MariaDBUnitOfWork, mysql_connect_kwargs
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.storage.urls import schema_script
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked

_serial = itertools.count()


class Crash(Exception):
    """The process 'dies' here."""


Opener = Callable[[str, "bool | None"], SqlUnitOfWorkBase]


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Opener]]:
    """``(url, open(prefix, migrate))`` on one engine; every table the test made is dropped after."""
    made: list[SqlUnitOfWorkBase] = []
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'up.db'}"

        def open_(prefix: str, migrate: bool | None) -> SqlUnitOfWorkBase:
            made.append(SqliteUnitOfWork(tmp_path / "up.db", prefix=prefix, migrate=migrate))
            return made[-1]
    else:
        url = request.getfixturevalue(f"{request.param}_server")
        kind: Any = PostgresUnitOfWork if request.param == "postgres" else MariaDBUnitOfWork

        def open_(prefix: str, migrate: bool | None) -> SqlUnitOfWorkBase:
            made.append(kind(url, prefix=prefix, migrate=migrate))
            return made[-1]

    yield url, open_
    for uow in made:
        uow.rollback()
        cur = uow._cursor()
        for table in TABLES:
            cur.execute(f"DROP TABLE IF EXISTS {uow.prefix}{table}")
        uow._conn.commit()
        uow.close()


def _prefix() -> str:
    return f"u{os.getpid()}_{next(_serial)}_"


def _works(uow: SqlUnitOfWorkBase) -> None:
    complaint, events = walked("c-1", Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    with uow:
        assert uow.complaints.get("c-1") == complaint
        assert [s.position for s in uow.events.read_since(0)] == list(range(1, len(events) + 1))


def test_an_upgrade_crashed_after_any_statement_completes_when_run_again(
    opener: tuple[str, Opener], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, open_ = opener
    statements = len(schema_script(url))
    original = Migrator._execute
    for crash_after in range(statements):
        counter = itertools.count()

        def crashing(
            self: Migrator, cur: Any, statement: str, limit: int = crash_after, done: Any = counter
        ) -> None:
            if next(done) == limit:
                raise Crash(statement)
            original(self, cur, statement)

        uow = open_(_prefix(), None)
        monkeypatch.setattr(Migrator, "_execute", crashing)
        with pytest.raises(Crash):
            uow.migrate()
        monkeypatch.setattr(Migrator, "_execute", original)
        assert uow.schema_version() < CURRENT_VERSION  # recorded last, so never claimed early
        assert uow.migrate() == CURRENT_VERSION
        assert uow.migrate() == CURRENT_VERSION  # and once more: nothing left to do, nothing fails
        _works(uow)


def test_a_store_behind_the_library_is_refused_with_the_command_that_fixes_it(
    opener: tuple[str, Opener],
) -> None:
    _, open_ = opener
    prefix = _prefix()
    with pytest.raises(ConfigurationError, match="sp4n db upgrade"):
        open_(prefix, False)  # the servers' default: no DDL on open
    assert open_(prefix, None).schema_version() == 0  # and nothing was created
    open_(prefix, True)
    _works(open_(prefix, False))


@pytest.mark.mariadb
@pytest.mark.usefixtures("english")
def test_mariadb_upgrade_refuses_to_run_when_another_holds_the_migration_lock(mariadb_server: str) -> None:
    import pymysql

    prefix = _prefix()
    other = pymysql.connect(**mysql_connect_kwargs(mariadb_server), autocommit=True)
    uow = MariaDBUnitOfWork(mariadb_server, prefix=prefix, migrate=None)
    uow.migration_lock_wait = 1
    try:
        other.cursor().execute("SELECT GET_LOCK(%s, 1)", (f"sp4n-migrate:{prefix}",))
        with pytest.raises(ConfigurationError, match="held the lock"):
            uow.migrate()
        assert uow.schema_version() == 0
    finally:
        other.close()
        uow.close()


@pytest.mark.parametrize(
    "url", ["postgresql://postgres@127.0.0.1:1/test", "mariadb://root@127.0.0.1:1/test", "oracle://x"]
)
def test_sp4n_db_with_an_unusable_url_exits_2_with_one_line(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sp4n.cli import main

    assert main(["db", "upgrade", "--url", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sp4n db: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["db", "current"], ["verify"]])
@pytest.mark.usefixtures("english")
def test_a_mistyped_sqlite_path_is_bad_input_and_creates_no_database(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sp4n.cli import main

    missing = tmp_path / "lapor-typo.sqlite"
    assert main([*command, "--url", f"sqlite:///{missing}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no SQLite database at" in err
    assert list(tmp_path.iterdir()) == []  # an empty, trivially valid database would pass verify
