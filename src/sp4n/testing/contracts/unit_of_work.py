"""The contract every :class:`~sp4n.ports.UnitOfWork` must keep: one test suite for ours and for a host's.

Subclass :class:`UnitOfWorkContract` in a test module and provide a ``uow`` fixture that gives a unit of work
over a fresh, empty store; pytest then runs every contract test against it::

    import pytest
    from sp4n.adapters.storage.memory import MemoryUnitOfWork
    from sp4n.testing.contracts import UnitOfWorkContract

    class TestMyStore(UnitOfWorkContract):
        @pytest.fixture
        def uow(self):
            return MemoryUnitOfWork()

The suite covers reading back what was saved, optimistic concurrency (a stale save raises
:class:`~sp4n.exceptions.ConcurrencyConflict` and writes nothing), atomicity of state and events, the hash
chain, the outbox order of ``read_since``, overdue by stored ``due_at``, the public feed, idempotency keys
and identity erasure, plus hypothesis round trips with hostile text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sp4n.exceptions import ComplaintNotFound, ConcurrencyConflict, IdempotencyConflict, RuleViolation
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.history import GENESIS, find_tampering
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Status
from sp4n.ports import UnitOfWork
from sp4n.service.audit import verify_store
from sp4n.testing.lifecycle import AGENCIES, T0, renamed, walked
from sp4n.testing.strategies import hostile_identities, stored_histories

__all__ = ["UnitOfWorkContract"]

_SERIAL = itertools.count()


def _save_all(
    uow: UnitOfWork, complaint: Complaint, events: list[Event], due_at: datetime | None = None
) -> None:
    with uow:
        uow.complaints.save(complaint, events, expected_version=0, due_at=due_at)
        uow.commit()


def _run_examples(test: Callable[[], None]) -> None:
    """Run ``test``, a ``@given`` test, under the settings profile loaded now."""
    # The settings are made here, when the test runs, not at import: a settings object copies the profile
    # current when it is made, and the pytest plugin imports this module before any conftest.py loads its
    # profile. Examples share one store, each a round trip to it (a server, for some): slow by design.
    settings(suppress_health_check=[HealthCheck.too_slow])(test)()


class UnitOfWorkContract:
    """Subclass it and provide a ``uow`` fixture giving a unit of work over a fresh, empty store."""

    @pytest.fixture
    def uow(self) -> Any:
        """Override in the subclass."""
        raise NotImplementedError("provide a `uow` fixture")

    # --- reading back --------------------------------------------------------------------------------

    def test_a_saved_complaint_reads_back_equal_by_id_and_tracking_number(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.forwarded)
        _save_all(uow, complaint, events)
        with uow:
            assert uow.complaints.get("c-1") == complaint
            assert uow.complaints.get("c-1", for_change=True) == complaint  # a load for a change, alike
            assert uow.complaints.get_by_tracking("LAP-c-1") == complaint
            assert [s.event for s in uow.events.history("c-1")] == events

    def test_an_unknown_id_or_tracking_number_raises_complaint_not_found(self, uow: UnitOfWork) -> None:
        with uow, pytest.raises(ComplaintNotFound):
            uow.complaints.get("nope")
        with uow, pytest.raises(ComplaintNotFound):
            uow.complaints.get_by_tracking("nope")

    def test_saving_step_by_step_keeps_version_equal_to_history_length(self, uow: UnitOfWork) -> None:
        final, events = walked("c-1", Status.closed)
        for n in range(1, len(events) + 1):
            with uow:
                uow.complaints.save(replay(events[:n]), events[n - 1 : n], expected_version=n - 1)
                uow.commit()
        with uow:
            history = uow.events.history("c-1")
            assert uow.complaints.get("c-1") == final
            assert [s.event.sequence for s in history] == list(range(1, len(events) + 1))
            assert find_tampering(history, version=final.version) is None
            assert verify_store(uow) == []

    # --- concurrency and atomicity ---------------------------------------------------------------------

    def test_a_stale_new_complaint_raises_conflict_and_writes_nothing(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.forwarded)
        _save_all(uow, complaint, events)
        with uow:
            before = uow.events.last_position()
            with pytest.raises(ConcurrencyConflict) as caught:
                uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()  # even committing afterwards must not reveal a partial write
        assert (caught.value.expected, caught.value.actual) == (0, complaint.version)
        with uow:
            assert uow.events.last_position() == before
            assert len(uow.events.history("c-1")) == len(events)

    def test_a_stale_update_raises_conflict_and_writes_nothing(self, uow: UnitOfWork) -> None:
        final, events = walked("c-1", Status.disposed)
        forwarded = replay(events[:2])
        _save_all(uow, forwarded, events[:2])
        with uow:
            uow.complaints.save(final, events[2:], expected_version=2)
            uow.commit()
        with uow:
            with pytest.raises(ConcurrencyConflict):
                uow.complaints.save(final, events[2:], expected_version=2)
            with pytest.raises(ConcurrencyConflict):
                uow.complaints.save(final, events[1:], expected_version=1)
            uow.commit()
        with uow:
            assert uow.complaints.get("c-1") == final
            assert len(uow.events.history("c-1")) == 3

    def test_leaving_the_block_without_commit_writes_nothing(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.forwarded)
        with uow:
            uow.complaints.save(complaint, events, expected_version=0, due_at=T0)
            uow.complaints.remember_idempotency("k-1", "fp", "c-1")
            uow.identities.put(ReporterIdentity(id="r-1", name="Siti", nik=None, phone=None, email=None))
            assert uow.complaints.get("c-1") == complaint  # the unit sees its own writes
        self._assert_empty(uow)

    def test_an_exception_in_the_block_rolls_everything_back(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.forwarded)

        def fail_midway() -> None:
            with uow:
                uow.complaints.save(complaint, events, expected_version=0, due_at=T0)
                raise KeyError("boom")

        with pytest.raises(KeyError):
            fail_midway()
        self._assert_empty(uow)

    def test_explicit_rollback_discards_the_writes(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.forwarded)
        with uow:
            uow.complaints.save(complaint, events, expected_version=0)
            uow.rollback()
            uow.commit()
        self._assert_empty(uow)

    def _assert_empty(self, uow: UnitOfWork) -> None:
        with uow:
            with pytest.raises(ComplaintNotFound):
                uow.complaints.get("c-1")
            assert uow.events.history("c-1") == []
            assert uow.events.read_since(0) == []
            assert uow.events.last_position() == 0
            assert uow.complaints.overdue(T0 + timedelta(days=1)) == []
            assert uow.complaints.recall_idempotency("k-1") is None
            assert uow.identities.get("r-1") is None

    def test_events_that_do_not_continue_the_history_are_refused_and_nothing_is_written(
        self, uow: UnitOfWork
    ) -> None:
        complaint, events = walked("c-1", Status.disposed)
        with uow:
            with pytest.raises(RuleViolation):
                uow.complaints.save(complaint, events[1:], expected_version=0)
            with pytest.raises(RuleViolation):
                uow.complaints.save(complaint, events[:2], expected_version=0)
            uow.commit()
        self._assert_empty(uow)

    def test_a_tracking_number_cannot_be_taken_by_another_complaint(self, uow: UnitOfWork) -> None:
        first, first_events = walked("c-1", Status.submitted)
        second, second_events = renamed(first, first_events, "c-2", first.tracking_id)
        _save_all(uow, first, first_events)
        with uow, pytest.raises(RuleViolation) as caught:
            uow.complaints.save(second, second_events, expected_version=0)
        assert caught.value.field == "tracking_id"
        with uow, pytest.raises(ComplaintNotFound):
            uow.complaints.get("c-2")

    # --- history and outbox ----------------------------------------------------------------------------

    def test_history_is_a_hash_chain_from_genesis(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.followed_up)
        _save_all(uow, complaint, events)
        with uow:
            history = uow.events.history("c-1")
        assert history[0].prev_hash == GENESIS
        assert [h.prev_hash for h in history[1:]] == [h.hash for h in history[:-1]]
        assert find_tampering(history, version=complaint.version) is None

    def test_read_since_returns_committed_events_in_commit_order(self, uow: UnitOfWork) -> None:
        a, a_events = walked("c-a", Status.forwarded)
        b, b_events = walked("c-b", Status.submitted)
        _save_all(uow, replay(a_events[:1]), a_events[:1])
        _save_all(uow, b, b_events)
        with uow:
            uow.complaints.save(a, a_events[1:], expected_version=1)
            uow.commit()
        with uow:
            log = uow.events.read_since(0)
            assert [(s.event.complaint_id, s.event.sequence) for s in log] == [
                ("c-a", 1),
                ("c-b", 1),
                ("c-a", 2),
            ]
            positions = [s.position for s in log]
            assert positions == sorted(set(positions))
            assert uow.events.read_since(positions[0]) == log[1:]
            assert uow.events.read_since(0, limit=2) == log[:2]
            assert uow.events.read_since(positions[-1]) == []
            assert uow.events.last_position() == positions[-1]

    def test_save_returns_the_stored_events_as_the_log_will_show_them(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.disposed)
        with uow:
            stored = uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()
        with uow:
            assert uow.events.read_since(0) == stored
            assert [s.event for s in stored] == events

    # --- queries -----------------------------------------------------------------------------------------

    def test_overdue_uses_the_stored_due_instant_earliest_first(self, uow: UnitOfWork) -> None:
        due = {
            "c-late": T0 + timedelta(days=1),
            "c-later": T0 + timedelta(days=2),
            "c-future": T0 + timedelta(days=9),
        }
        for cid, at in due.items():
            complaint, events = walked(cid, Status.forwarded)
            _save_all(uow, complaint, events, due_at=at)
        undated, undated_events = walked("c-undated", Status.forwarded)
        _save_all(uow, undated, undated_events)
        closed, closed_events = walked("c-closed", Status.closed)
        _save_all(uow, closed, closed_events, due_at=T0)
        as_of = T0 + timedelta(days=3)
        with uow:
            assert [c.id for c in uow.complaints.overdue(as_of)] == ["c-late", "c-later"]
            assert [c.id for c in uow.complaints.overdue(as_of, limit=1)] == ["c-late"]
            assert uow.complaints.overdue(due["c-late"]) == []  # due exactly now is not yet overdue
            assert [c.id for c in uow.complaints.claim_due(as_of)] == ["c-late", "c-later"]

    def test_overdue_refuses_a_naive_instant(self, uow: UnitOfWork) -> None:
        with uow, pytest.raises(RuleViolation):
            uow.complaints.overdue(datetime(2026, 1, 1))  # noqa: DTZ001 - the naive instant is the point

    def test_a_new_due_instant_replaces_the_old_one(self, uow: UnitOfWork) -> None:
        final, events = walked("c-1", Status.disposed)
        _save_all(uow, replay(events[:2]), events[:2], due_at=T0)
        with uow:
            uow.complaints.save(final, events[2:], expected_version=2, due_at=T0 + timedelta(days=5))
            uow.commit()
        with uow:
            assert uow.complaints.overdue(T0 + timedelta(days=1)) == []
            assert [c.id for c in uow.complaints.overdue(T0 + timedelta(days=6))] == ["c-1"]

    def test_the_public_feed_never_shows_rahasia_or_unverified_complaints(self, uow: UnitOfWork) -> None:
        cases = {
            "c-open": walked("c-open", Status.forwarded, at=T0),
            "c-newer": walked("c-newer", Status.disposed, at=T0 + timedelta(days=1)),
            "c-secret": walked("c-secret", Status.forwarded, rahasia=True, at=T0 + timedelta(days=2)),
            "c-unverified": walked("c-unverified", Status.submitted, at=T0 + timedelta(days=3)),
        }
        for complaint, events in cases.values():
            _save_all(uow, complaint, events)
        with uow:
            feed = uow.complaints.public_feed()
        assert [c.id for c in feed] == ["c-newer", "c-open"]
        assert not any(c.is_rahasia for c in feed)

    def test_by_agency_filters_by_agency_and_status_oldest_first(self, uow: UnitOfWork) -> None:
        for n, status in enumerate([Status.forwarded, Status.disposed, Status.forwarded]):
            complaint, events = walked(f"c-{n}", status, at=T0 + timedelta(days=n))
            _save_all(uow, complaint, events)
        other, other_events = walked("c-other", Status.forwarded)
        _save_all(uow, attrs.evolve(other, agency_id="pemkot-lain"), other_events)
        agency = AGENCIES[0]  # where walked() complaints are forwarded
        with uow:
            assert [c.id for c in uow.complaints.by_agency(agency)] == ["c-0", "c-1", "c-2"]
            assert [c.id for c in uow.complaints.by_agency(agency, Status.forwarded)] == ["c-0", "c-2"]
            assert [c.id for c in uow.complaints.by_agency(agency, limit=1)] == ["c-0"]
            assert [c.id for c in uow.complaints.by_agency("pemkot-lain")] == ["c-other"]

    def test_by_reporter_lists_only_that_reporters_complaints_newest_first(self, uow: UnitOfWork) -> None:
        for n, ref in enumerate(["r-a", "r-b", "r-a"]):
            complaint, events = walked(f"c-{n}", Status.forwarded, at=T0 + timedelta(days=n))
            _save_all(uow, attrs.evolve(complaint, reporter_ref=ref), events)
        with uow:
            assert [c.id for c in uow.complaints.by_reporter("r-a")] == ["c-2", "c-0"]
            assert [c.id for c in uow.complaints.by_reporter("r-b")] == ["c-1"]
            assert uow.complaints.by_reporter("r-none") == []

    # --- idempotency and identities ------------------------------------------------------------------

    def test_an_idempotency_key_remembers_the_first_result(self, uow: UnitOfWork) -> None:
        with uow:
            assert uow.complaints.recall_idempotency("sms-1") is None
            uow.complaints.remember_idempotency("sms-1", "fp-1", "c-1")
            uow.commit()
        with uow:
            assert uow.complaints.recall_idempotency("sms-1") == ("fp-1", "c-1")
            uow.complaints.remember_idempotency("sms-1", "fp-1", "c-1")  # the same again is harmless
            with pytest.raises(IdempotencyConflict):
                uow.complaints.remember_idempotency("sms-1", "fp-other", "c-9")
            uow.commit()
        with uow:
            assert uow.complaints.recall_idempotency("sms-1") == ("fp-1", "c-1")

    def test_erasing_an_identity_leaves_a_tombstone_and_a_verifiable_history(self, uow: UnitOfWork) -> None:
        complaint, events = walked("c-1", Status.forwarded)
        identity = ReporterIdentity(
            id="r-1", name="Siti Aminah", nik="3404014507900001", phone="+62811111111", email="s@example.id"
        )
        with uow:
            uow.identities.put(identity)
            uow.complaints.save(attrs.evolve(complaint, reporter_ref="r-1"), events, expected_version=0)
            uow.commit()
        with uow:
            assert uow.identities.get("r-1") == identity
            uow.identities.erase("r-1", at=T0 + timedelta(days=30))
            uow.commit()
        with uow:
            assert uow.identities.get("r-1") == ReporterIdentity(
                id="r-1", name=None, nik=None, phone=None, email=None, erased_at=T0 + timedelta(days=30)
            )
            assert verify_store(uow) == []

    def test_an_account_link_stands_until_its_reference_is_erased(self, uow: UnitOfWork) -> None:
        with uow:
            uow.identities.put(ReporterIdentity(id="r-1", name="A", nik=None, phone=None, email=None))
            assert (uow.identities.link("0812", "r-1"), uow.identities.link("0812", "r-2")) == ("r-1", "r-1")
            uow.commit()
        with uow:
            assert (uow.identities.ref_of("0812"), uow.identities.ref_of("0813")) == ("r-1", None)
            uow.identities.erase("r-1", at=T0)
            uow.commit()
        with uow:
            assert uow.identities.ref_of("0812") is None

    def test_putting_an_identity_again_replaces_it(self, uow: UnitOfWork) -> None:
        with uow:
            uow.identities.put(ReporterIdentity(id="r-1", name="A", nik=None, phone=None, email=None))
            uow.identities.put(ReporterIdentity(id="r-1", name="B", nik=None, phone="0812", email=None))
            uow.commit()
        with uow:
            found = uow.identities.get("r-1")
        assert found is not None
        assert (found.name, found.phone) == ("B", "0812")

    # --- round trips ---------------------------------------------------------------------------------

    def test_any_valid_history_round_trips_through_storage(self, uow: UnitOfWork) -> None:
        @given(case=stored_histories(), due=st.none() | st.datetimes(timezones=st.just(UTC)))
        def round_trip(case: tuple[Complaint, list[Event]], due: datetime | None) -> None:
            # Hypothesis replays examples against the same store: a serial number keeps every id fresh.
            complaint, events = renamed(
                *case, f"{next(_SERIAL)}{case[0].id}", f"{next(_SERIAL)}{case[0].tracking_id}"
            )
            with uow:
                stored = uow.complaints.save(complaint, events, expected_version=0, due_at=due)
                uow.commit()
            with uow:
                assert uow.complaints.get(complaint.id) == complaint
                assert uow.complaints.get_by_tracking(complaint.tracking_id) == complaint
                history = uow.events.history(complaint.id)
            assert history == stored
            assert find_tampering(history, version=complaint.version) is None

        _run_examples(round_trip)

    def test_any_identity_round_trips(self, uow: UnitOfWork) -> None:
        @given(identity=hostile_identities())
        def round_trip(identity: ReporterIdentity) -> None:
            identity = attrs.evolve(identity, id=f"{next(_SERIAL)}{identity.id}")
            with uow:
                uow.identities.put(identity)
                uow.commit()
            with uow:
                assert uow.identities.get(identity.id) == identity

        _run_examples(round_trip)
