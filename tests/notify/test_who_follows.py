"""Who else hears of a complaint: the reporter of its duplicate, a co-handling agency, Ombudsman RI after an
anonim reporter's consent, and the reporter of a permintaan informasi whose time limit is extended.

The service runs on SQLite (the links a duplicate and a co-handler leave are stored there) and the relay's
renderer reads the log through its own unit of work, as ``sp4n relay`` does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.model import Actor, Role
from sp4n.notify import Message, MessageRenderer, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.notify.facts import fold_facts
from sp4n.service import RenderFromLog, Service, UnitOfWorkReader, create_service
from sp4n.testing.fakes import ManualClock

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
BADUNG = Actor(id="badung-admin", role=Role.agency_admin, agency_id="pemkab-badung")
SITI = {"name": "Siti Rahmawati", "email": "siti.r@example.org", "phone": "+6281234500099"}
BUDI = {"name": "Budi Santoso", "email": "budi.s@example.org", "phone": "+6281377700011"}
DIRECTORY = StaticDirectory(
    agencies={
        code: [Recipient(id=code, audience="agency_admin", channel="webhook", address=f"https://{code}/hook")]
        for code in ("pemkab-sleman", "pemkab-badung")
    },
    ombudsman=[Recipient(id="ori", audience="ombudsman", channel="email", address="laporan@ombudsman.go.id")],
)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Service, UnitOfWorkReader, ManualClock]:
    clock = ManualClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    service = create_service(uow=SqliteUnitOfWork(tmp_path / "sp4n.db"), clock=clock)
    return service, UnitOfWorkReader(SqliteUnitOfWork(tmp_path / "sp4n.db")), clock


def _file(service: Service, who: dict[str, str], **extra: Any) -> tuple[str, Actor]:
    data = {"type": "pengaduan", "title": "Jalan rusak", "description": "Lubang di Jl. Godean",
            "category": "infrastruktur", "channel": "web", "region_code": "34.04", "reporter": who,
            **extra}  # fmt: skip
    cid = service.submit(data).complaint_id
    return cid, Actor(id=service.get(cid, actor=ADMIN).reporter_ref or "", role=Role.reporter)


def _messages(reader: UnitOfWorkReader, since: int) -> list[Message]:
    render = RenderFromLog(
        MessageRenderer(directory=DIRECTORY, identities=reader), reader, followers=reader.followers
    )
    return [m for stored in reader.read_since(since) for m in render(stored)]


def _to(messages: list[Message], address: str) -> list[Message]:
    return [m for m in messages if m.address == address]


def _text(message: Message) -> str:
    return f"{message.subject}\n{message.body}\n{message.sms}"


def test_the_duplicates_reporter_hears_what_the_canonical_reporter_hears_and_neither_learns_the_other(
    world: tuple[Service, UnitOfWorkReader, ManualClock],
) -> None:
    service, reader, _ = world
    canonical, _ = _file(service, SITI)
    duplicate, _ = _file(service, BUDI)
    service.verify_and_forward({"complaint_id": canonical, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.archive_duplicate(
        {"complaint_id": duplicate, "duplicate_of": canonical, "reason": "sama"}, actor=ADMIN
    )
    since = reader.last_position()
    # The agency quotes the canonical reporter by name; the duplicate's reporter must not read it.
    service.follow_up({"complaint_id": canonical, "reason": "Sudah ditambal, terima kasih Siti Rahmawati"},
                      actor=SLEMAN)  # fmt: skip
    messages = _messages(reader, since)
    to_siti, to_budi = _to(messages, SITI["email"]), _to(messages, BUDI["email"])
    assert [m.template for m in to_siti] == [m.template for m in to_budi] == ["followed_up"]
    assert len(_to(messages, BUDI["phone"])) == 1  # every channel the follower gave
    for part in ("Siti", "siti.r@", "500099"):
        assert all(part not in _text(m) for m in (*to_budi, *_to(messages, BUDI["phone"])))
    for part in ("Budi", "budi.s@", "700011"):
        assert all(part not in _text(m) for m in messages)
    assert len({m.id for m in messages}) == len(messages)  # each follower's message has its own id


def test_nobody_follows_a_rahasia_complaint(world: tuple[Service, UnitOfWorkReader, ManualClock]) -> None:
    service, reader, _ = world
    canonical, _ = _file(service, SITI, rahasia=True)
    duplicate, _ = _file(service, BUDI)
    service.verify_and_forward({"complaint_id": canonical, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.archive_duplicate(
        {"complaint_id": duplicate, "duplicate_of": canonical, "reason": "x"}, actor=ADMIN
    )
    since = reader.last_position()
    service.follow_up({"complaint_id": canonical, "reason": "Selesai"}, actor=SLEMAN)
    messages = _messages(reader, since)
    assert _to(messages, SITI["email"])
    assert not _to(messages, BUDI["email"])


def test_a_co_handling_agency_hears_what_is_addressed_to_agencies_without_the_anonim_reporter(
    world: tuple[Service, UnitOfWorkReader, ManualClock],
) -> None:
    service, reader, _ = world
    cid, reporter = _file(service, SITI, anonim=True)
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.add_agency({"complaint_id": cid, "agency_id": "pemkab-badung"}, actor=ADMIN)
    service.follow_up({"complaint_id": cid, "reason": "Sudah"}, actor=SLEMAN)
    since = reader.last_position()
    service.reply({"complaint_id": cid, "reason": "Belum, kata Siti Rahmawati"}, actor=reporter)
    messages = _messages(reader, since)
    assert sorted(m.address for m in messages if m.audience == "agency_admin") == [
        "https://pemkab-badung/hook",
        "https://pemkab-sleman/hook",
    ]
    assert all("Siti" not in _text(m) for m in messages if m.audience == "agency_admin")
    listed = service.by_agency("pemkab-badung", actor=BADUNG)
    assert [(v.complaint.id, v.reporter_ref, v.reporter_redacted) for v in listed] == [(cid, None, True)]


def test_ombudsman_ri_learns_an_anonim_reporter_only_with_consent_and_the_agency_never(
    world: tuple[Service, UnitOfWorkReader, ManualClock],
) -> None:
    service, reader, _ = world
    cid, reporter = _file(service, SITI, anonim=True)
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.follow_up({"complaint_id": cid, "reason": "Sudah"}, actor=SLEMAN)
    service.reply({"complaint_id": cid, "reason": "Belum"}, actor=reporter)
    since = reader.last_position()
    service.escalate({"complaint_id": cid, "disclose_identity": True}, actor=reporter)
    messages = _messages(reader, since)
    (to_ori,) = [m for m in messages if m.audience == "ombudsman"]
    assert "Siti Rahmawati" in to_ori.body
    everything = reader.history(cid)
    agency_side = [m for m in _messages(reader, 0) if m.audience == "agency_admin"]
    assert agency_side
    assert all("Siti" not in _text(m) for m in agency_side)
    # Without the consent (the same escalation, folded as if none was given) Ombudsman RI reads "Anonim".
    renderer = MessageRenderer(directory=DIRECTORY, identities=reader)
    facts = fold_facts([s.event for s in everything], upto=everything[-1].event.sequence)
    assert facts.disclosed_to_ombudsman
    (blind,) = [
        m
        for m in renderer.for_event(everything[-1], attrs.evolve(facts, disclosed_to_ombudsman=False))
        if m.audience == "ombudsman"
    ]
    assert "Siti" not in _text(blind)
    assert "Anonim" in blind.body


def test_the_reporter_is_told_of_a_permintaan_informasi_extension_with_its_reasons(
    world: tuple[Service, UnitOfWorkReader, ManualClock],
) -> None:
    service, reader, clock = world
    cid, _ = _file(service, SITI, type="permintaan_informasi")
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    clock.advance(timedelta(days=2))
    since = reader.last_position()
    service.extend_information_deadline(
        {"complaint_id": cid, "reason": "Dokumen ada di arsip daerah"}, actor=SLEMAN
    )
    (to_siti,) = _to(_messages(reader, since), SITI["email"])
    assert to_siti.template == "information_deadline_extended"
    assert "Dokumen ada di arsip daerah" in to_siti.body
    assert "22 ayat (8)" in to_siti.body
