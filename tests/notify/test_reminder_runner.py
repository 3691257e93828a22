"""The reminder runner: agency admins hear of approaching deadlines, reporters of the coming auto-close,
once per deadline, through the same rules, templates and privacy rules as every other message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Self
from zoneinfo import ZoneInfo

import pytest

from sp4n.adapters.storage.memory import MemoryStore, MemoryUnitOfWork
from sp4n.adapters.storage.sent_reminders import MemorySentReminders, SqliteSentReminders
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Actor
from sp4n.notify import Audience, ComplaintFacts, MessageRenderer, MessageTemplate, Recipient, Templates
from sp4n.notify.directory import StaticDirectory
from sp4n.ports import ComplaintRepository, EventLog, IdentityStore, SentReminders, UnitOfWork
from sp4n.service import ReminderPass, Service, UnitOfWorkReader, create_service, send_reminders
from sp4n.sla import ReminderRule
from sp4n.testing.fakes import ManualClock, SequentialIds, SequentialTrackingNumbers
from sp4n.testing.notify import RecordingSender

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
ADMIN = Actor(id="adm-1", role="national_admin")
SITI = {
    "name": "Siti Aminah",
    "nik": "3171014101900001",
    "phone": "0812 3456 7890",
    "email": "siti@example.org",
}
AGENCY_ADMINS = {
    agency: [
        Recipient(id=f"{agency}-admin", audience="agency_admin", channel="email", address=f"{agency}@x.go.id")
    ]
    for agency in ("pemprov-dki", "pemkot-makassar")
}


def wib(m: int, d: int, hh: int = 0) -> datetime:
    return datetime(2026, m, d, hh, tzinfo=WIB).astimezone(UTC)


class World:
    """A service on shared storage, a runner's own unit of work on the same storage, and a mailbox."""

    def __init__(self, uow: UnitOfWork | None = None, runner_uow: UnitOfWork | None = None) -> None:
        store = MemoryStore()
        self.clock = ManualClock(wib(3, 2, 9))
        self.svc: Service = create_service(
            uow=uow or MemoryUnitOfWork(store), clock=self.clock, ids=SequentialIds("c-"),
            tracking=SequentialTrackingNumbers(),
        )  # fmt: skip
        self.uow = runner_uow or MemoryUnitOfWork(store)
        self.mail = RecordingSender()
        self.sent: SentReminders = MemorySentReminders()
        self.templates: Templates | None = None

    def file(
        self, region: str = "31.71", agency: str = "pemprov-dki", *, anonim: bool = False
    ) -> tuple[str, str]:
        data = {
            "type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
            "category": "infrastruktur", "channel": "web", "region_code": region, "reporter": SITI,
            "anonim": anonim,
        }  # fmt: skip
        receipt = self.svc.submit(data)
        self.svc.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": agency}, actor=ADMIN)
        assert receipt.reporter_ref is not None
        return receipt.complaint_id, receipt.reporter_ref

    def follow_up(self, complaint_id: str, agency: str = "pemprov-dki") -> None:
        officer = Actor(id="a-1", role="agency_admin", agency_id=agency)
        self.svc.follow_up({"complaint_id": complaint_id, "reason": "Sudah ditambal"}, actor=officer)

    def run(self, now: datetime, **kw: object) -> ReminderPass:
        renderer = MessageRenderer(
            directory=StaticDirectory(agencies=AGENCY_ADMINS),
            identities=UnitOfWorkReader(self.uow),
            templates=self.templates,
        )
        return send_reminders(self.uow, renderer, self.mail, now, sent=self.sent, **kw)  # type: ignore[arg-type]


def test_the_agency_admin_is_warned_from_the_last_working_day_and_only_once() -> None:
    world = World()
    world.file()  # verified Monday 2 March 09:00 WIB: follow-up due 24:00 Monday 9 March
    assert world.run(wib(3, 8, 23)).reminders == 0  # Sunday night: not yet
    first = world.run(wib(3, 9, 0))
    assert (first.reminders, first.delivered) == (1, 1)
    (message,) = world.mail.messages
    assert (message.audience, message.template, message.address) == (
        Audience.agency_admin, "deadline_approaching", "pemprov-dki@x.go.id",
    )  # fmt: skip
    assert "Senin, 9 Maret 2026 pukul 23.59 WIB" in message.body
    assert "tindak lanjut instansi" in message.body  # the clock named for people, not "follow_up"
    assert "follow_up" not in message.body + message.sms
    again = world.run(wib(3, 9, 15))
    assert (again.reminders, again.already_sent, len(world.mail.messages)) == (0, 1, 1)


def test_no_reminder_once_the_agency_has_followed_up_nor_after_the_deadline() -> None:
    world = World()
    followed, _ = world.file()
    waiting, _ = world.file()
    world.clock.set(wib(3, 6, 9))
    world.follow_up(followed)
    world.run(wib(3, 9, 6))
    assert [m.complaint_id for m in world.mail.messages] == [waiting]
    world.sent = MemorySentReminders()  # forget what was sent: only the clocks decide now
    assert world.run(wib(3, 10, 1)).reminders == 0  # past the deadline: a breach for run_due, not a reminder


def test_the_reporter_in_makassar_is_warned_of_the_auto_close_in_wita_and_not_after_closing() -> None:
    world = World()
    world.clock.set(wib(7, 1, 9))
    complaint_id, _ = world.file("73.71", "pemkot-makassar")
    world.follow_up(complaint_id, "pemkot-makassar")  # 10 working days end 24:00 WITA Wednesday 15 July
    assert world.run(datetime(2026, 7, 13, 23, tzinfo=WITA)).reminders == 0
    result = world.run(datetime(2026, 7, 14, tzinfo=WITA))
    assert {(m.audience, m.channel, m.template) for m in world.mail.messages} == {
        (Audience.reporter, "email", "auto_close_warning"),
        (Audience.reporter, "sms", "auto_close_warning"),
    }
    assert result.delivered == 2
    assert all("Rabu, 15 Juli 2026 pukul 23.59 WITA" in m.body for m in world.mail.messages)
    assert all("WITA" in m.sms for m in world.mail.messages)


def test_a_closed_complaint_gets_no_auto_close_warning() -> None:
    world = World()
    world.clock.set(wib(7, 1, 9))
    complaint_id, reporter_ref = world.file()
    world.follow_up(complaint_id)
    world.svc.close({"complaint_id": complaint_id}, actor=Actor(id=reporter_ref, role="reporter"))
    assert world.run(wib(7, 14, 12)) == ReminderPass()
    assert world.mail.messages == []


@pytest.mark.parametrize("anonim", [True, False])
def test_an_anonim_reporters_identity_never_reaches_the_agency_in_a_reminder(anonim: bool) -> None:
    world = World()
    # A host template that names the reporter: the renderer must still hide an anonim one.
    world.templates = Templates({
        ("deadline_approaching", "id"): MessageTemplate(
            subject="Batas waktu $tracking_id", body="Pelapor: $reporter. Batas: $deadline.",
            sms="$reporter $tracking_id",
        )
    })  # fmt: skip
    world.file(anonim=anonim)
    world.run(wib(3, 9, 6))
    (message,) = world.mail.messages
    text = message.subject + message.body + message.sms
    if anonim:
        assert "Anonim" in message.body
        assert not any(value in text for value in (*SITI.values(), "+6281234567890"))
    else:
        assert "Siti Aminah" in message.body


def test_when_every_message_fails_the_next_run_tries_again_and_then_stops() -> None:
    world = World()
    world.file()
    world.mail.fail_next(1)
    failed = world.run(wib(3, 9, 6))
    assert (failed.reminders, failed.failed, failed.delivered) == (1, 1, 0)
    retried = world.run(wib(3, 9, 7))
    assert (retried.reminders, retried.delivered) == (1, 1)
    assert world.run(wib(3, 9, 8)).already_sent == 1
    assert len(world.mail.messages) == 1


def test_two_runners_sharing_a_sqlite_key_store_send_each_reminder_once(tmp_path: Path) -> None:
    db = str(tmp_path / "sp4n.db")
    world = World(SqliteUnitOfWork(db), SqliteUnitOfWork(db))
    world.file()
    world.file()
    first, second = SqliteSentReminders(db), SqliteSentReminders(db)
    try:
        world.sent = first
        one = world.run(wib(3, 9, 6))
        world.sent = second
        two = world.run(wib(3, 9, 6))
    finally:
        first.close()
        second.close()
    assert (one.reminders, two.reminders, two.already_sent) == (2, 0, 2)
    assert len(world.mail.messages) == 2
    assert len({m.id for m in world.mail.messages}) == 2


def test_a_sent_key_can_be_pruned_once_its_deadline_has_passed(tmp_path: Path) -> None:
    due = wib(3, 10)
    for sent in (MemorySentReminders(), SqliteSentReminders(str(tmp_path / "keys.db"))):
        assert sent.claim("c1", "k", due)
        assert sent.prune(due) == 0
        assert sent.prune(due + timedelta(microseconds=1)) == 1
        assert sent.claim("c1", "k", due)


class CountingUnitOfWork:
    """Wraps a unit of work and records whose history is read."""

    def __init__(self, inner: UnitOfWork) -> None:
        self.inner = inner
        self.read: list[str] = []

    @property
    def complaints(self) -> ComplaintRepository:
        return self.inner.complaints

    @property
    def events(self) -> EventLog:
        return self

    @property
    def identities(self) -> IdentityStore:
        return self.inner.identities

    def history(self, complaint_id: str) -> list[StoredEvent]:
        self.read.append(complaint_id)
        return self.inner.events.history(complaint_id)

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        return self.inner.events.read_since(position, limit)

    def last_position(self) -> int:
        return self.inner.events.last_position()

    def __enter__(self) -> Self:
        self.inner.__enter__()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self.inner.commit()

    def rollback(self) -> None:
        self.inner.rollback()


def test_the_runner_reads_only_complaints_whose_stored_deadline_is_near_never_every_complaint() -> None:
    store = MemoryStore()
    counting = CountingUnitOfWork(MemoryUnitOfWork(store))
    world = World(MemoryUnitOfWork(store), counting)
    near, _ = world.file()
    world.clock.set(wib(6, 1, 9))
    far, _ = world.file()  # verified in June: its deadlines are months after the March run
    world.run(wib(3, 9, 6))
    assert set(counting.read) == {near}
    assert far not in counting.read
    assert len(world.mail.messages) == 1


def test_many_complaints_due_at_once_are_all_read_across_batches() -> None:
    world = World()
    ids = [world.file()[0] for _ in range(7)]
    result = world.run(wib(3, 9, 6), batch=3)
    assert (result.complaints, result.reminders) == (7, 7)
    assert {m.complaint_id for m in world.mail.messages} == set(ids)


class BrokenDirectory(StaticDirectory):
    def recipients(self, audience: Audience, facts: ComplaintFacts) -> list[Recipient]:
        if facts.agency_id == "pemkot-makassar":
            raise RuntimeError("directory down for this agency")
        return super().recipients(audience, facts)


def test_a_complaint_whose_reminder_cannot_be_rendered_does_not_hold_back_the_others() -> None:
    world = World()
    world.file("73.71", "pemkot-makassar")
    fine, _ = world.file()
    renderer = MessageRenderer(directory=BrokenDirectory(agencies=AGENCY_ADMINS))
    result = send_reminders(world.uow, renderer, world.mail, wib(3, 9, 6), sent=world.sent)
    assert (result.complaints, result.reminders, result.failed) == (2, 1, 1)
    assert [m.complaint_id for m in world.mail.messages] == [fine]
    repaired = world.run(wib(3, 9, 7))  # its key was released: once the directory works it is sent
    assert (repaired.reminders, repaired.already_sent) == (1, 1)


@pytest.mark.usefixtures("english")
def test_a_rule_with_a_kind_no_template_knows_is_refused_before_anything_is_sent() -> None:
    world = World()
    world.file()
    with pytest.raises(ConfigurationError, match="unknown kind"):
        world.run(wib(3, 9, 6), rules=(ReminderRule(kind="sms_blast", clock="follow_up", lead=1),))
    assert world.mail.attempts == 0
