"""The fakes of sp4n.testing fit their ports (checked by mypy here) and do exactly what they promise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sp4n import ports
from sp4n.exceptions import RuleViolation
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import NoDetails
from sp4n.lifecycle.status import Action, Status
from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.model import NextDeadline
from sp4n.sla.timers import DueAction
from sp4n.testing import (
    AGENCIES,
    SYSTEM,
    FailingEventNotifier,
    FixedClock,
    FixedDeadlineSource,
    ListEventLog,
    ManualClock,
    MappingResolver,
    MemoryOutboxStore,
    MemorySentReminders,
    MemoryUnitOfWork,
    RecordingEventNotifier,
    RecordingSender,
    ScriptedDeadlines,
    SequentialIds,
    SequentialTrackingNumbers,
    StaticDirectory,
    StaticIdentities,
    a_complaint_in,
    story,
    walked,
)
from sp4n.tracking import is_valid

AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
NAIVE = datetime(2026, 3, 2, 1, 0)  # noqa: DTZ001 - the naive instant is the point


def test_every_fake_fits_its_port() -> None:
    # The annotations are the test: mypy --strict checks each fake against its port's protocol.
    uow: ports.UnitOfWork = MemoryUnitOfWork()
    outbox: ports.OutboxStore = MemoryOutboxStore()
    claim: ports.Claim | None = outbox.claim("mail")
    runtime_checked: list[tuple[object, type]] = [
        (FixedClock(AT), ports.Clock),
        (ManualClock(AT), ports.Clock),
        (SequentialIds(), ports.IdFactory),
        (SequentialTrackingNumbers(), ports.TrackingNumbers),
        (ScriptedDeadlines(), ports.Deadlines),
        (RecordingEventNotifier(), ports.EventNotifier),
        (FailingEventNotifier(), ports.EventNotifier),
        (RecordingSender(), ports.MessageSender),
    ]
    typed: list[object] = [
        uow.complaints,
        uow.events,
        uow.identities,
        claim,
        _resolver(MappingResolver()),
        _log(ListEventLog()),
        _directory(StaticDirectory()),
        _identities(StaticIdentities()),
        _deadline_source(FixedDeadlineSource()),
        _reminders(MemorySentReminders()),
    ]
    assert all(isinstance(fake, port) for fake, port in runtime_checked)
    assert None not in typed


def _resolver(fake: ports.Resolver) -> object:
    return fake


def _log(fake: ports.EventLog) -> object:
    return fake


def _directory(fake: ports.Directory) -> object:
    return fake


def _identities(fake: ports.IdentityLookup) -> object:
    return fake


def _deadline_source(fake: ports.DeadlineSource) -> object:
    return fake


def _reminders(fake: ports.SentReminders) -> object:
    return fake


def test_clocks_refuse_naive_instants_and_a_manual_clock_never_runs_backwards() -> None:
    with pytest.raises(RuleViolation):
        FixedClock(NAIVE)
    clock = ManualClock(AT)
    with pytest.raises(RuleViolation):
        clock.set(AT - timedelta(seconds=1))
    with pytest.raises(RuleViolation):
        clock.set(NAIVE)
    assert clock.set(AT) == AT  # standing still is allowed
    assert FixedClock(AT).now() == AT


def test_ids_and_tracking_numbers_count_and_the_numbers_are_valid() -> None:
    ids = SequentialIds(start=7)
    assert [ids.new_id(), ids.new_id()] == ["id-7", "id-8"]
    numbers = SequentialTrackingNumbers()
    drawn = [numbers.new() for _ in range(40)]
    assert len(set(drawn)) == 40
    assert all(is_valid(n) and numbers.is_valid(n) for n in drawn)


def test_the_event_notifiers_record_or_fail_and_count() -> None:
    log = ListEventLog()
    stored = log.append(story("c1")[:2])
    recording, failing = RecordingEventNotifier(), FailingEventNotifier()
    for s in stored:
        recording.notify(s)
        with pytest.raises(ConnectionError):
            failing.notify(s)
    assert recording.sent == stored
    assert failing.attempts == 2


def test_static_identities_and_a_fixed_deadline_source_answer_from_their_data() -> None:
    siti = ReporterIdentity(id="r-1", name="Siti", nik=None, phone="+62811111111", email=None)
    assert StaticIdentities(siti).get("r-1") == siti
    assert StaticIdentities().get("r-1") is None
    deadline = NextDeadline(clock="follow_up", due_at=AT)
    event = story("c1")[0]
    assert FixedDeadlineSource(deadline).next_deadline(_facts(), event) == deadline
    assert FixedDeadlineSource().next_deadline(_facts(), event) is None


def _facts() -> ComplaintFacts:
    return ComplaintFacts(complaint_id="c1", tracking_id="LAP-1", title="t", category="c")


def test_scripted_deadlines_answer_only_what_was_scripted_once_past_due() -> None:
    complaint, events = a_complaint_in(Status.followed_up)
    other, other_events = walked("c-other", Status.forwarded)
    close = DueAction(action=Action.close, clock="close", reason="r", details=NoDetails(), actor=SYSTEM)
    deadlines = ScriptedDeadlines(due={complaint.id: AT}, actions={complaint.id: [close]})
    with pytest.raises(RuleViolation):
        deadlines.due_actions(complaint, events, NAIVE)
    later = AT + timedelta(hours=1)
    assert deadlines.next_due_at(other, other_events) is None  # not scripted: no deadline
    assert deadlines.due_actions(other, other_events, later) == ()
    assert deadlines.due_actions(complaint, events, AT) == ()  # due exactly now is not yet past
    assert deadlines.due_actions(complaint, events, later) == (close,)
    assert deadlines.due_actions(complaint, events, later) == ()
    assert deadlines.next_due_at(complaint, events) is None
    deadlines.due[complaint.id] = later  # scripted again
    assert deadlines.next_due_at(complaint, events) == later


def test_a_mapping_resolver_prefers_in_order_and_skips_agencies_that_declined() -> None:
    declined, _ = a_complaint_in(Status.declined)  # declined by AGENCIES[0]
    assert declined.declined_agencies == {AGENCIES[0]}
    resolver = MappingResolver({"infrastruktur": [AGENCIES[0], AGENCIES[1]]}, fallback="pemprov-diy")
    assert resolver(declined) == AGENCIES[1]
    assert (
        MappingResolver({"infrastruktur": AGENCIES[0]}, fallback=["pemprov-diy"])(declined) == "pemprov-diy"
    )
    assert MappingResolver({"infrastruktur": AGENCIES[0]})(declined) is None
    assert MappingResolver()(declined) is None
