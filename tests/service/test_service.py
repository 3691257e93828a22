"""The application service on memory and SQLite: one unit of work per command, idempotent submit,
timers from stored deadlines, privacy-filtered queries."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sp4n.exceptions import (
    ComplaintNotFound,
    HistoryTampered,
    IdempotencyConflict,
    InvalidCommand,
    InvalidTransition,
    NotPermitted,
    RuleViolation,
)
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.service import Receipt, Service, create_service
from sp4n.testing.fakes import FailingEventNotifier, ManualClock, RecordingEventNotifier, SequentialIds
from sp4n.tracking import with_check

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # the conftest clock's start: Monday 09:00 WIB
ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
DISDIK = Actor(id="guru-1", role=Role.unit_officer, agency_id="pemkab-sleman", unit_id="disdik")
Submission = Callable[..., dict[str, Any]]


def _last_position(service: Service) -> int:
    with service.uow as uow:
        return uow.events.last_position()


def _walk_to_follow_up(service: Service, clock: ManualClock, submission: Submission) -> str:
    cid = service.submit(submission()).complaint_id
    clock.advance(timedelta(hours=1))
    service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    service.dispose({"complaint_id": cid, "unit_ids": ["disdik"]}, actor=SLEMAN)
    service.start({"complaint_id": cid}, actor=DISDIK)
    clock.advance(timedelta(days=1))
    service.follow_up({"complaint_id": cid, "reason": "Jalan sudah ditambal."}, actor=DISDIK)
    return cid


def test_a_submission_creates_a_complaint_with_a_valid_tracking_number(
    service: Service, submission: Submission
) -> None:
    receipt = service.submit(submission())
    complaint = service.by_tracking(receipt.tracking_id, actor=ADMIN)
    assert complaint.id == receipt.complaint_id
    assert complaint.status is Status.submitted
    assert receipt.reporter_ref is not None
    assert complaint.reporter_ref == receipt.reporter_ref


def test_a_retried_submission_creates_one_complaint_and_returns_the_first_receipt(
    service: Service, submission: Submission
) -> None:
    first = service.submit(submission(), idempotency_key="sms-1708-000123")
    position = _last_position(service)
    again = service.submit(submission(), idempotency_key="sms-1708-000123")
    assert again == first
    assert again.replayed
    assert not first.replayed
    assert _last_position(service) == position


def test_a_replay_returns_the_first_result_even_after_the_complaint_moved_on(
    service: Service, submission: Submission
) -> None:
    first = service.submit(submission(), idempotency_key="k-1")
    service.verify_and_forward({"complaint_id": first.complaint_id}, actor=ADMIN)
    assert service.submit(submission(), idempotency_key="k-1") == first


def test_the_same_key_with_a_different_request_is_a_conflict_and_writes_nothing(
    service: Service, submission: Submission
) -> None:
    service.submit(submission(), idempotency_key="k-2")
    position = _last_position(service)
    with pytest.raises(IdempotencyConflict):
        service.submit(submission(title="Lampu jalan mati"), idempotency_key="k-2")
    assert _last_position(service) == position


def test_different_keys_create_different_complaints(service: Service, submission: Submission) -> None:
    a = service.submit(submission(), idempotency_key="k-a")
    b = service.submit(submission(), idempotency_key="k-b")
    assert a.complaint_id != b.complaint_id
    assert a.tracking_id != b.tracking_id


def test_a_full_lifecycle_is_stored_in_order_and_its_history_verifies(
    service: Service, clock: ManualClock, submission: Submission
) -> None:
    cid = _walk_to_follow_up(service, clock, submission)
    reporter = Actor(id=service.get(cid, actor=ADMIN).reporter_ref or "", role=Role.reporter)
    service.close({"complaint_id": cid, "reason": "Terima kasih"}, actor=reporter)
    actions = [str(s.event.action) for s in service.history(cid, actor=ADMIN)]
    assert actions == ["submit", "verify", "dispose", "start", "follow_up", "close"]
    assert service.get(cid, actor=ADMIN).status is Status.closed
    service.verify_history(cid)


def test_forwarding_without_an_agency_uses_the_resolver(service: Service, submission: Submission) -> None:
    cid = service.submit(submission()).complaint_id
    assert service.verify_and_forward({"complaint_id": cid}, actor=ADMIN).agency_id == "pemkab-sleman"


def test_a_reroute_after_bukan_wewenang_skips_the_agency_that_declined(
    service: Service, submission: Submission
) -> None:
    cid = service.submit(submission()).complaint_id
    service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    service.decline({"complaint_id": cid, "reason": "Jalan provinsi"}, actor=SLEMAN)
    assert service.reroute({"complaint_id": cid}, actor=ADMIN).agency_id == "pemprov-diy"


def test_without_a_resolver_forwarding_must_name_the_agency(
    storage: Any, clock: ManualClock, submission: Submission
) -> None:
    service = create_service(uow=storage, clock=clock)
    cid = service.submit(submission()).complaint_id
    with pytest.raises(RuleViolation) as caught:
        service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    assert caught.value.field == "agency_id"


def test_refused_actions_write_nothing(service: Service, submission: Submission) -> None:
    cid = service.submit(submission()).complaint_id
    position = _last_position(service)
    with pytest.raises(InvalidTransition):
        service.close({"complaint_id": cid}, actor=ADMIN)
    with pytest.raises(NotPermitted):
        service.verify_and_forward({"complaint_id": cid, "agency_id": "x"}, actor=SLEMAN)
    with pytest.raises(ComplaintNotFound):
        service.hold({"complaint_id": "nope", "reason": "r"}, actor=SLEMAN)
    assert _last_position(service) == position
    assert service.get(cid, actor=ADMIN).version == 1


def test_each_command_stores_the_next_deadline_so_overdue_needs_no_recomputation(
    service: Service, clock: ManualClock, submission: Submission
) -> None:
    cid = service.submit(submission()).complaint_id
    assert service.overdue(START + timedelta(days=3), actor=ADMIN) == []
    assert [c.id for c in service.overdue(START + timedelta(days=3, seconds=1), actor=ADMIN)] == [cid]
    service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    assert service.overdue(START + timedelta(days=3, seconds=1), actor=ADMIN) == []


def test_timers_record_a_breach_once_and_auto_close_a_silent_follow_up(
    service: Service, clock: ManualClock, submission: Submission
) -> None:
    late = service.submit(submission()).complaint_id
    answered = _walk_to_follow_up(service, clock, submission)
    assert service.run_due(START + timedelta(days=4)) == 1
    assert service.run_due(START + timedelta(days=4)) == 0
    breach = service.history(late, actor=ADMIN)[-1].event
    assert breach.action is Action.record_breach
    assert breach.actor.role is Role.system
    assert service.run_due(START + timedelta(days=12)) == 1
    assert service.get(answered, actor=ADMIN).status is Status.closed
    assert service.overdue(START + timedelta(days=30), actor=ADMIN) == []


def test_a_typo_in_a_tracking_number_is_detected_never_resolved(
    service: Service, submission: Submission
) -> None:
    receipt = service.submit(submission())
    tid = receipt.tracking_id
    for i in range(len(tid)):
        for c in "23456789ABCDEFGHJKMNPQRSTUVWXYZ":
            typo = tid[:i] + c + tid[i + 1 :]
            if typo != tid:
                with pytest.raises(RuleViolation):
                    service.by_tracking(typo, actor=ADMIN)
    with pytest.raises(ComplaintNotFound):
        service.by_tracking(with_check("ZZZZZZZZ"), actor=ADMIN)


def test_the_public_feed_hides_rahasia_reports_and_every_reporter(
    service: Service, submission: Submission
) -> None:
    shown = service.submit(submission()).complaint_id
    hidden = service.submit(submission(rahasia=True, title="Pungli di kantor")).complaint_id
    for cid in (shown, hidden):
        service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    feed = service.public_feed()
    assert [p.title for p in feed] == ["Jalan berlubang di Godean"]
    assert not hasattr(feed[0], "reporter_ref")
    assert service.public_by_tracking(service.get(hidden, actor=ADMIN).tracking_id) is None
    assert service.public_history(service.get(hidden, actor=ADMIN).tracking_id) == []


def test_an_agency_never_sees_an_anonim_reporter(service: Service, submission: Submission) -> None:
    cid = service.submit(submission(anonim=True)).complaint_id
    service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    (view,) = service.by_agency("pemkab-sleman", actor=ADMIN)
    assert view.reporter_ref is None
    assert view.complaint.reporter_ref is None
    assert view.reporter_redacted


def test_a_reporter_sees_their_own_complaints(service: Service, submission: Submission) -> None:
    mine = service.submit(submission())
    service.submit(submission(reporter={"name": "Budi"}))
    me = Actor(id=mine.reporter_ref or "", role=Role.reporter)
    assert [c.id for c in service.my_complaints(actor=me)] == [mine.complaint_id]


def test_personal_data_stays_in_the_identity_store_and_out_of_every_event(
    service: Service, clock: ManualClock, notifier: RecordingEventNotifier, submission: Submission
) -> None:
    cid = _walk_to_follow_up(service, clock, submission)
    text = repr(service.history(cid, actor=ADMIN)) + repr(notifier.sent) + repr(service.get(cid, actor=ADMIN))
    for secret in ("Siti", "3404015506900001", "081234567890", "+6281234567890"):
        assert secret not in text
    masked = service.reporter_identity(service.get(cid, actor=ADMIN).reporter_ref or "", actor=ADMIN)
    assert masked is not None
    assert masked.nik == "3404********0001"


def test_erasure_leaves_a_tombstone_and_the_history_still_verifies(
    service: Service, clock: ManualClock, submission: Submission
) -> None:
    cid = _walk_to_follow_up(service, clock, submission)
    ref = service.get(cid, actor=ADMIN).reporter_ref or ""
    service.erase_reporter({"reporter_ref": ref})
    masked = service.reporter_identity(ref, actor=ADMIN)
    assert masked is not None
    assert masked.erased
    assert masked.nik is None
    assert masked.name is None
    service.verify_history(cid)
    assert service.get(cid, actor=ADMIN).reporter_ref == ref


def test_notifications_go_out_after_commit_one_per_event(
    service: Service, clock: ManualClock, notifier: RecordingEventNotifier, submission: Submission
) -> None:
    cid = _walk_to_follow_up(service, clock, submission)
    sent = [m for m in notifier.sent if isinstance(m, StoredEvent)]
    assert [s.position for s in sent] == [s.position for s in service.history(cid, actor=ADMIN)]


def test_a_failing_notifier_never_undoes_a_decision_and_the_event_stays_in_the_outbox(
    storage: Any, clock: ManualClock, submission: Submission
) -> None:
    failing = FailingEventNotifier()
    service = create_service(uow=storage, clock=clock, ids=SequentialIds(), notifier=failing)
    cid = service.submit(submission()).complaint_id
    assert failing.attempts == 1
    assert service.get(cid, actor=ADMIN).status is Status.submitted
    with storage as uow:
        pending = uow.events.read_since(0)
    assert [s.event.complaint_id for s in pending] == [cid]
    assert pending[-1].position == _last_position(service)


def test_a_history_edited_behind_the_service_is_reported(
    service: Service, storage: Any, tmp_path: Path, submission: Submission
) -> None:
    cid = service.submit(submission()).complaint_id
    service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    service.verify_history(cid)
    if hasattr(storage, "store"):
        storage.store.histories[cid].reverse()
    else:
        with sqlite3.connect(tmp_path / "service.sqlite") as db:
            db.execute("UPDATE sp4n_events SET data = replace(data, 'pemkab-sleman', 'pemkab-bantul')")
    with pytest.raises(HistoryTampered):
        service.verify_history(cid)


@pytest.mark.parametrize("limit", [0, -1, 1001, True])
def test_list_queries_refuse_absurd_limits(service: Service, limit: int) -> None:
    with pytest.raises(RuleViolation) as caught:
        service.public_feed(limit)
    assert caught.value.field == "limit"


def test_an_invalid_idempotency_key_is_refused_naming_the_field(
    service: Service, submission: Submission
) -> None:
    with pytest.raises(InvalidCommand) as caught:
        service.submit(submission(), idempotency_key="'; DROP TABLE x; --")
    assert caught.value.field == "idempotency_key"
    assert _last_position(service) == 0


class _RendezvousIds:
    """Ids that make two concurrent first submissions meet after both looked up the idempotency key."""

    def __init__(self) -> None:
        self._ids = SequentialIds("race-")
        self._lock = threading.Lock()
        self._barrier = threading.Barrier(2, timeout=5)
        self._waited: set[int] = set()

    def new_id(self) -> str:
        me = threading.get_ident()
        if me not in self._waited:
            self._waited.add(me)
            self._barrier.wait()
        with self._lock:
            return self._ids.new_id()


def test_two_concurrent_retries_of_one_request_create_one_complaint(
    clock: ManualClock, submission: Submission
) -> None:
    from sp4n.adapters.storage.memory import MemoryStore, MemoryUnitOfWork

    store, ids = MemoryStore(), _RendezvousIds()
    receipts: list[Receipt] = []

    def retry() -> None:
        service = create_service(uow=MemoryUnitOfWork(store), clock=clock, ids=ids)
        receipts.append(service.submit(submission(), idempotency_key="sms-race"))

    threads = [threading.Thread(target=retry) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(receipts) == 2
    assert receipts[0] == receipts[1]
    assert sorted(r.replayed for r in receipts) == [False, True]
    assert len(store.rows) == 1


def test_erasing_an_unknown_reporter_is_refused_naming_the_field(service: Service) -> None:
    with pytest.raises(RuleViolation) as caught:
        service.erase_reporter({"reporter_ref": "nobody"})
    assert caught.value.field == "reporter_ref"


def test_by_default_deadlines_count_indonesian_working_days(storage: Any, submission: Submission) -> None:
    # Filed Tuesday 17 March 2026, 09:00 WIB: 18-24 March are Nyepi and Idul Fitri leave, so the 3 working
    # days to verify are 25, 26 and 27 March and the limit ends at 24:00 WIB on Friday 27 March.
    clock = ManualClock(datetime(2026, 3, 17, 2, 0, tzinfo=UTC))
    service = create_service(uow=storage, clock=clock, ids=SequentialIds())
    cid = service.submit(submission()).complaint_id
    limit = datetime(2026, 3, 27, 17, 0, tzinfo=UTC)
    assert service.overdue(limit, actor=ADMIN) == []
    assert [c.id for c in service.overdue(limit + timedelta(seconds=1), actor=ADMIN)] == [cid]
    assert service.run_due(limit + timedelta(hours=1)) == 1
    assert service.history(cid, actor=ADMIN)[-1].event.action is Action.record_breach


def test_a_signed_in_reporter_filing_again_keeps_what_they_did_not_repeat(
    service: Service, submission: Submission
) -> None:
    reporter = Actor(id="akun-77", role=Role.reporter)
    ref = service.submit(submission(), actor=reporter).reporter_ref
    assert ref is not None
    assert ref != "akun-77"
    again = service.submit(submission(reporter={"email": "siti@contoh.go.id"}), actor=reporter)
    assert again.reporter_ref == ref
    assert service.reporter_identity("akun-77", actor=ADMIN) is None
    masked = service.reporter_identity(ref, actor=ADMIN)
    assert masked is not None
    assert masked.nik == "3404********0001"
    assert masked.email == "s***@contoh.go.id"
    assert len(service.my_complaints(actor=Actor(id="akun-77", role=Role.reporter))) == 2


def test_an_unknown_status_filter_is_refused_naming_the_field(service: Service) -> None:
    with pytest.raises(RuleViolation) as caught:
        service.by_agency("pemkab-sleman", actor=ADMIN, status="lost")
    assert caught.value.field == "status"
    assert service.by_agency("pemkab-sleman", actor=ADMIN, status="forwarded") == []
