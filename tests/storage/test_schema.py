"""Schema versioning, configuration errors and driver-error translation."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._sql import CURRENT_VERSION
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.exceptions import ConfigurationError, RuleViolation
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import renamed, walked

UowFactory = Callable[[], SqlUnitOfWorkBase]
SERVERS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


def test_a_new_database_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    uow = SqliteUnitOfWork(tmp_path / "a.db")
    assert uow.schema_version() == CURRENT_VERSION
    uow.close()


def test_reopening_a_database_keeps_its_data_and_runs_no_migration_twice(tmp_path: Path) -> None:
    complaint, events = walked("c-1", Status.forwarded)
    first = SqliteUnitOfWork(tmp_path / "a.db")
    with first:
        first.complaints.save(complaint, events, expected_version=0)
        first.commit()
    first.close()
    again = SqliteUnitOfWork(tmp_path / "a.db")
    assert again.migrate() == CURRENT_VERSION
    cur = again._cursor()
    cur.execute("SELECT COUNT(*) FROM sp4n_schema_version")
    assert cur.fetchone()[0] == CURRENT_VERSION  # one row per version, none recorded twice
    with again:
        assert again.complaints.get("c-1") == complaint
    again.close()


@pytest.mark.usefixtures("english")
def test_a_database_newer_than_this_library_is_refused(tmp_path: Path) -> None:
    uow = SqliteUnitOfWork(tmp_path / "a.db")
    uow._cursor().execute("INSERT INTO sp4n_schema_version (version) VALUES (99)")
    uow.close()
    with pytest.raises(ConfigurationError, match="newer than this sp4n"):
        SqliteUnitOfWork(tmp_path / "a.db")


def test_two_prefixes_in_one_database_are_separate_stores(tmp_path: Path) -> None:
    complaint, events = walked("c-1", Status.forwarded)
    one = SqliteUnitOfWork(tmp_path / "a.db", prefix="one_")
    two = SqliteUnitOfWork(tmp_path / "a.db", prefix="two_")
    with one:
        one.complaints.save(complaint, events, expected_version=0)
        one.commit()
    with two:
        assert two.events.last_position() == 0


@pytest.mark.parametrize("prefix", ["", "Sp4n", "x; DROP TABLE y", "a-b", "x" * 40])
def test_a_table_prefix_that_is_not_a_plain_name_is_refused(prefix: str) -> None:
    with pytest.raises(ConfigurationError):
        SqliteUnitOfWork(":memory:", prefix=prefix)


@pytest.mark.usefixtures("english")
def test_using_a_unit_of_work_outside_its_block_is_refused() -> None:
    uow = SqliteUnitOfWork(":memory:")
    with pytest.raises(ConfigurationError, match="inside `with uow:`"):
        uow.complaints.get("c-1")


@pytest.mark.usefixtures("english")
def test_units_of_work_do_not_nest() -> None:
    uow = SqliteUnitOfWork(":memory:")
    with uow, pytest.raises(ConfigurationError, match="do not nest"):
        uow.__enter__()


@pytest.mark.parametrize(("url", "dialect"), [("sqlite:///:memory:", "sqlite"), ("relative.db", "sqlite")])
def test_a_url_picks_the_adapter(
    url: str, dialect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert unit_of_work_from_url(url).dialect.name == dialect


@pytest.mark.usefixtures("english")
def test_an_unknown_url_scheme_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="unsupported scheme"):
        unit_of_work_from_url("oracle://x")


@pytest.mark.parametrize("name", SERVERS)
def test_a_value_the_database_refuses_becomes_a_rule_violation_and_writes_nothing(
    name: str, request: pytest.FixtureRequest
) -> None:
    factory: UowFactory = request.getfixturevalue(f"{name}_factory")
    uow = factory()
    complaint, events = walked("c-1", Status.forwarded)
    # A lone surrogate cannot be encoded for any database column (it is not valid UTF-8).
    bad_id = "c-\ud800"
    bad, bad_events = renamed(complaint, events, bad_id, "LAP-ok")
    with uow, pytest.raises(RuleViolation):
        uow.complaints.save(bad, bad_events, expected_version=0)
    with uow:
        assert uow.events.last_position() == 0


def _driver_refusals(name: str) -> list[Exception]:
    """Each driver's own data error for a refused value, its message quoting the value as drivers do."""
    value = "Siti Aminah 0812-3456-7890 3404012345670001"
    if name == "postgres":
        import psycopg

        return [psycopg.DataError(f'invalid input syntax for type integer: "{value}"'),
                psycopg.DataError(f"value too long for type character varying(64): '{value}'")]  # fmt: skip
    if name == "mariadb":
        import pymysql

        column = "for column `t`.`title` at row 1"
        return [pymysql.err.DataError(1366, f"Incorrect string value: '{value}' {column}"),
                pymysql.err.DataError(1406, f"Data too long for column '{value}' at row 1")]  # fmt: skip
    end = len(value) + 1
    return [sqlite3.DataError(f"string or blob too big: {value}"),
            UnicodeEncodeError("utf-8", f"{value} \ud800", end, end + 1, "surrogates")]  # fmt: skip


@pytest.mark.parametrize("name", SERVERS)
def test_a_refused_value_is_never_echoed_in_the_rule_violation(
    name: str, request: pytest.FixtureRequest
) -> None:
    factory: UowFactory = request.getfixturevalue(f"{name}_factory")
    uow = factory()
    for err in _driver_refusals(name):
        with pytest.raises(RuleViolation) as refused:
            uow.translate(err, "save")
        assert refused.value.rule.startswith("the database refused a value (")
        for message in (refused.value.message("id"), refused.value.message("en"), repr(refused.value.values)):
            for part in ("Siti", "Aminah", "0812", "3456", "7890", "3404012345670001"):
                assert part not in message, message
        assert refused.value.__cause__ is err


@pytest.mark.parametrize("name", SERVERS)
def test_a_changed_tracking_number_that_belongs_to_another_complaint_is_refused(
    name: str, request: pytest.FixtureRequest
) -> None:
    factory: UowFactory = request.getfixturevalue(f"{name}_factory")
    uow = factory()
    first, first_events = walked("c-1", Status.submitted)
    second, second_events = walked("c-2", Status.submitted)
    with uow:
        uow.complaints.save(first, first_events, expected_version=0)
        uow.complaints.save(second, second_events, expected_version=0)
        uow.commit()
    with uow, pytest.raises(RuleViolation):
        uow.complaints.save(attrs.evolve(second, tracking_id=first.tracking_id), [], expected_version=1)


def test_tables_names_exactly_the_tables_a_new_store_holds(tmp_path: Path) -> None:
    from sp4n.adapters.storage._sql import TABLES

    uow = SqliteUnitOfWork(tmp_path / "a.db")
    cur = uow._cursor()
    cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sp4n_%'")
    assert sorted(row[0].removeprefix("sp4n_") for row in cur.fetchall()) == sorted(TABLES)
    assert TABLES[-1] == "schema_version"  # the drop helpers keep the version table for last
    uow.close()
