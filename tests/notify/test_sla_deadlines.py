"""Messages show the next deadline the SLA clocks compute, in the recipient's local time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sp4n.adapters.storage.outbox import MemoryOutboxStore
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import Event, StoredEvent
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.notify import Audience, MessageRenderer, NextDeadline, Recipient, fold_facts
from sp4n.notify.directory import StaticDirectory
from sp4n.service import OutboxRelay, RenderFromLog, SlaDeadlineSource, Subscription
from sp4n.sla import RuleOverride, SlaPolicy
from sp4n.testing.notify import ListEventLog, RecordingSender, story

WIB = ZoneInfo("Asia/Jakarta")
SITI = ReporterIdentity(id="r1", name="Siti", nik=None, phone="+6281234567890", email="siti@example.org")
# story() submits at 01:01 UTC on Monday 2 March 2026 and verifies a minute later.


class Identities:
    def get(self, identity_id: str) -> ReporterIdentity | None:
        return SITI if identity_id == SITI.id else None


class CountingLog(ListEventLog):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def history(self, complaint_id: str) -> list[StoredEvent]:
        self.reads += 1
        return super().history(complaint_id)


def _log(*histories: list[Event]) -> CountingLog:
    log = CountingLog()
    for events in histories:
        log.append(events)
    return log


def test_after_verification_the_next_deadline_is_the_agencys_follow_up() -> None:
    events = story("c1")
    source = SlaDeadlineSource(_log(events))
    # Five working days after Monday 2 March in Sleman (WIB): 24:00 on Monday 9 March.
    assert source.next_deadline(fold_facts(events, upto=2), events[1]) == NextDeadline(
        clock="follow_up",
        due_at=datetime(2026, 3, 10, tzinfo=WIB).astimezone(UTC),
        label_id="tindak lanjut instansi",
        label_en="agency follow-up",
    )


def test_after_the_follow_up_the_next_deadline_is_the_auto_close() -> None:
    events = story("c1")
    source = SlaDeadlineSource(_log(events))
    found = source.next_deadline(fold_facts(events, upto=5), events[4])
    assert found is not None
    assert found.clock == "reply_window"


def test_the_deadline_is_counted_as_of_the_event_rendered_not_the_latest_one() -> None:
    events = story("c1")
    source = SlaDeadlineSource(_log(events))
    assert source.next_deadline(fold_facts(events, upto=6), events[5]) is None  # closed
    again = source.next_deadline(fold_facts(events, upto=1), events[0])  # a re-drive of the submit notice
    assert again is not None
    assert again.clock == "verification"


def test_an_agency_sop_override_changes_the_deadline_shown() -> None:
    events = story("c1")
    policy = SlaPolicy(
        overrides=(RuleOverride(clock="follow_up", value=14, agency_id="pemkab-sleman", citation="SOP"),)
    )
    found = SlaDeadlineSource(_log(events), policy=policy).next_deadline(
        fold_facts(events, upto=2), events[1]
    )
    assert found is not None
    assert found.due_at > datetime(2026, 3, 17, tzinfo=UTC)


def test_a_paused_clock_has_no_next_deadline_and_the_hold_limit_takes_its_place() -> None:
    events = story("c1")[:4]
    hold = Event(
        complaint_id="c1", sequence=5, occurred_at=events[-1].occurred_at, action=Action.hold,
        actor=Actor(id="a-1", role=Role.agency_admin, agency_id="pemkab-sleman"),
        from_status=Status.in_progress, to_status=Status.on_hold,
    )  # fmt: skip
    history = [*events, hold]
    found = SlaDeadlineSource(_log(history)).next_deadline(fold_facts(history, upto=5), hold)
    # The follow-up is paused by the hold, and the 60 days (not paused by a Tunda) end later: what the notice
    # names is the hold's own limit.
    assert found is not None
    assert found.clock == "hold_cap"


def test_a_history_the_clocks_cannot_read_leaves_the_line_out_instead_of_failing_the_notice() -> None:
    events = story("c1")
    broken = [events[0], events[2]]  # a gap: sequence 2 is missing
    source = SlaDeadlineSource(_log(broken))
    assert source.next_deadline(fold_facts(broken, upto=3), events[2]) is None


def test_histories_are_read_only_when_not_cached_and_the_cache_is_bounded() -> None:
    a, b, c = story("a"), story("b"), story("c")
    log = _log(a, b, c)
    source = SlaDeadlineSource(log, max_complaints=2)
    for events in (a, b):
        for e in events:
            source.next_deadline(fold_facts(events, upto=e.sequence), e)
    assert log.reads == 0  # each history began at its submit and grew event by event
    source.next_deadline(fold_facts(c, upto=1), c[0])
    assert source.cached() == 2
    source.next_deadline(fold_facts(a, upto=3), a[2])  # "a" was evicted: read again
    assert log.reads == 1


def _relay_messages(region: str, agency: str) -> list[str]:
    events = story("c1", region_code=region, agency_id=agency, reporter_ref="r1")
    log = _log(events)
    admin = Recipient(
        id="adm", audience="agency_admin", channel="email", address="a@x.go.id", timezone="Asia/Jakarta"
    )
    renderer = MessageRenderer(
        directory=StaticDirectory(agencies={agency: [admin]}),
        identities=Identities(),
        deadlines=SlaDeadlineSource(log),
    )
    mail = RecordingSender()
    relay = OutboxRelay(
        events=log, render=RenderFromLog(renderer, log), store=MemoryOutboxStore(),
        subscriptions=[Subscription(name="mail", sender=mail, channels={"email"})],
    )  # fmt: skip
    relay.run_once()
    return [m.body for m in mail.messages if m.audience is Audience.reporter and m.trigger == "verify"]


def test_the_reporter_in_jakarta_reads_the_deadline_in_wib() -> None:
    (body,) = _relay_messages("31.71", "pemprov-dki")
    # 24:00 on Monday 9 March WIB, written as offices write a closing time: 23.59 of that day.
    assert "Batas waktu berikutnya: Senin, 9 Maret 2026 pukul 23.59 WIB." in body


def test_the_reporter_in_makassar_reads_the_deadline_in_wita_counted_on_the_wita_calendar() -> None:
    (body,) = _relay_messages("73.71", "pemkot-makassar")
    assert "Batas waktu berikutnya: Senin, 9 Maret 2026 pukul 23.59 WITA." in body


def test_the_reporter_in_bali_reads_wita_too() -> None:
    (body,) = _relay_messages("51.03", "pemkab-badung")
    assert "Senin, 9 Maret 2026 pukul 23.59 WITA" in body
    assert "WIB" not in body
