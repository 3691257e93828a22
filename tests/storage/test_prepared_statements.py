"""Prepared statements per PostgreSQL connection: which texts are prepared, when a name is trusted, and that a
prepared statement gives the answers the text gives (on the real server)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs
import psycopg
import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._prepared import MAX_PREPARED, PreparedStatements
from sp4n.exceptions import ConcurrencyConflict, RuleViolation
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.status import Action, Status
from sp4n.service.audit import verify_store
from sp4n.testing.lifecycle import AGENCY_ADMIN, walked

UowFactory = Callable[[], SqlUnitOfWorkBase]
SQL = "SELECT data FROM t WHERE id = %s AND note LIKE 'a%%' AND n > %s"


def test_a_text_is_prepared_at_its_second_use_with_numbered_parameters() -> None:
    cache = PreparedStatements()
    assert cache.call(SQL) == (SQL, None)
    call, prepare = cache.call(SQL)
    assert call == "EXECUTE sp4n_1(%s, %s)"
    assert prepare == "PREPARE sp4n_1 AS SELECT data FROM t WHERE id = $1 AND note LIKE 'a%' AND n > $2"
    cache.answered(None)
    assert cache.call(SQL) == ("EXECUTE sp4n_1(%s, %s)", None)


def test_a_name_whose_round_trip_failed_is_never_reused() -> None:
    cache = PreparedStatements()
    cache.call(SQL)
    cache.call(SQL)
    cache.answered(psycopg.errors.DivisionByZero())  # the PREPARE may or may not have run: forget the name
    call, prepare = cache.call(SQL)
    assert call == "EXECUTE sp4n_2(%s, %s)"
    assert str(prepare).startswith("PREPARE sp4n_2 AS ")


def test_a_text_the_server_cannot_prepare_is_sent_as_text_from_then_on() -> None:
    cache = PreparedStatements()
    cache.call(SQL)
    cache.call(SQL)
    cache.answered(psycopg.errors.IndeterminateDatatype())  # SQLSTATE 42P18
    assert [cache.call(SQL) for _ in range(3)] == [(SQL, None)] * 3


def test_statements_prepare_cannot_take_are_always_text() -> None:
    cache = PreparedStatements()
    for sql in ("CREATE TABLE t (n INT)", "BEGIN", "SELECT pg_advisory_xact_lock(%s)"):
        for _ in range(3):
            prepared = cache.call(sql)[1]
        assert (prepared is None) == (not sql.startswith("SELECT")), sql


def test_a_connection_prepares_at_most_max_prepared_statements() -> None:
    cache = PreparedStatements()
    for n in range(MAX_PREPARED + 10):
        sql = f"SELECT {n} FROM t WHERE id = %s"
        cache.call(sql)
        cache.call(sql)
        cache.answered(None)
    assert len(cache.calls) == MAX_PREPARED
    assert cache.call(f"SELECT {MAX_PREPARED + 5} FROM t WHERE id = %s")[1] is None


# --- on the server ---------------------------------------------------------------------------------------


def _save_toggled(uow: SqlUnitOfWorkBase, reason: str) -> None:
    """In ``uow``'s open block: load c-1 for a change, hold or resume it, save (held until COMMIT)."""
    current = uow.complaints.get("c-1", for_change=True)
    action = Action.resume if current.status is Status.on_hold else Action.hold
    new, event = apply(
        current, action, AGENCY_ADMIN, current.updated_at + timedelta(seconds=1), reason=reason
    )
    uow.complaints.save(new, [event], expected_version=current.version)


def _seeded(factory: UowFactory) -> SqlUnitOfWorkBase:
    """A store holding c-1, forwarded (two events)."""
    uow = factory()
    complaint, events = walked("c-1", Status.forwarded)
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    return uow


def _hold(uow: SqlUnitOfWorkBase, reason: str) -> None:
    with uow:
        _save_toggled(uow, reason)
        uow.commit()


@pytest.mark.postgres
def test_texts_with_quotes_percent_signs_and_statements_survive_binding_prepared_or_not(
    postgres_factory: UowFactory,
) -> None:
    uow = _seeded(postgres_factory)
    hostile = ["100% '%s' %(x)s %% \\' '' $1", "'); COMMIT; DROP TABLE x; --", "E'\\x00' \\\\ ;;", "$$ $a$"]
    for reason in hostile * 2:  # the second round runs the prepared statements
        _hold(uow, reason)
    with uow:
        stored = [s.event.reason for s in uow.events.history("c-1")[2:]]
        assert stored == hostile * 2
        assert verify_store(uow) == []
    with uow:
        held = uow.complaints.get("c-1")
    fresh = postgres_factory()  # another store, nothing cached: the stored rows decode alike
    with fresh:
        assert [s.event.reason for s in fresh.events.history("c-1")[2:]] == hostile * 2
        assert fresh.complaints.get("c-1") == held


@pytest.mark.postgres
def test_a_prepared_save_that_conflicts_leaves_the_connection_and_its_statements_usable(
    postgres_factory: UowFactory,
) -> None:
    uow, other = _seeded(postgres_factory), postgres_factory()
    for n in range(3):  # the save's text is prepared by now
        _hold(uow, f"r{n}")
    for n in range(2):  # twice: a name lost with a failed round trip is replaced, never clashes
        with uow:
            uow.complaints.get("c-1", for_change=True)  # served from the cache: no round trip
            _hold(other, f"other{n}")  # commits meanwhile
            _save_toggled(uow, "late")
            with pytest.raises(ConcurrencyConflict):
                uow.commit()
    _hold(uow, "after")
    with uow:
        assert [s.event.reason for s in uow.events.history("c-1")[2:]] == [
            "r0", "r1", "r2", "other0", "other1", "after"
        ]  # fmt: skip
        assert verify_store(uow) == []


@pytest.mark.postgres
def test_a_held_save_of_a_block_that_rolls_back_writes_nothing(postgres_factory: UowFactory) -> None:
    uow = _seeded(postgres_factory)

    def fails_after_saving() -> None:
        with uow:
            _save_toggled(uow, "never")
            raise RuntimeError("host failed")

    with pytest.raises(RuntimeError, match="host failed"):
        fails_after_saving()
    with uow:
        assert len(uow.events.history("c-1")) == 2
        assert uow.complaints.get("c-1").status is Status.forwarded
    _hold(uow, "after")  # the cache forgot the state that never committed
    with uow:
        assert [s.event.reason for s in uow.events.history("c-1")[2:]] == ["after"]


@pytest.mark.postgres
def test_a_nul_in_a_text_is_kept_and_a_nul_in_a_column_is_refused_by_save_itself(
    postgres_factory: UowFactory,
) -> None:
    uow = _seeded(postgres_factory)
    with uow:
        _save_toggled(uow, "a\x00b")  # inside the JSON documents a NUL is escaped: stored like any text
        uow.commit()
    with uow:
        current = uow.complaints.get("c-1", for_change=True)
        new, event = apply(current, Action.resume, AGENCY_ADMIN, current.updated_at + timedelta(seconds=1),
                           reason="r")  # fmt: skip
        bad = attrs.evolve(new, agency_id="pemkab\x00sleman")  # a column: PostgreSQL stores no NUL
        with pytest.raises(RuleViolation):  # refused by save() itself, as on every adapter, nothing sent
            uow.complaints.save(bad, [event], expected_version=current.version)
        _save_toggled(uow, "clean")  # the block is still usable
        uow.commit()
    with uow:
        assert [s.event.reason for s in uow.events.history("c-1")[2:]] == ["a\x00b", "clean"]
        assert verify_store(uow) == []
