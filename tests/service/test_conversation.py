"""The conversation through the service: reopen with a satisfaction rating, escalation on a ground, and
Ombudsman RI's steps, stored and replayed on each embedded adapter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from sp4n import commands as cmd
from sp4n.adapters.attachments import LocalFolderAttachments
from sp4n.exceptions import InvalidCommand, InvalidTransition
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Status
from sp4n.service import Service
from sp4n.testing.fakes import ManualClock

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
ORI = Actor(id="ori-1", role=Role.ombudsman)
Submission = Callable[..., dict[str, Any]]


def _followed_up(service: Service, clock: ManualClock, submission: Submission) -> tuple[str, Actor]:
    cid = service.submit(submission()).complaint_id
    clock.advance(timedelta(hours=1))
    service.verify_and_forward({"complaint_id": cid}, actor=ADMIN)
    service.follow_up({"complaint_id": cid, "reason": "Sudah ditambal."}, actor=SLEMAN)
    return cid, Actor(id=service.get(cid, actor=ADMIN).reporter_ref or "", role=Role.reporter)


@pytest.mark.usefixtures("english")
def test_a_rated_close_a_reopen_and_an_escalation_on_that_ground(
    service: Service, clock: ManualClock, submission: Submission
) -> None:
    cid, reporter = _followed_up(service, clock, submission)
    with pytest.raises(InvalidTransition, match="needs one of"):
        service.escalate({"complaint_id": cid}, actor=reporter)
    assert service.close({"complaint_id": cid, "satisfaction": 2}, actor=reporter).satisfaction == 2
    clock.advance(timedelta(days=3))
    reopened = service.reopen({"complaint_id": cid, "reason": "Lubang muncul lagi."}, actor=reporter)
    assert (reopened.status, reopened.replies) == (Status.in_progress, 1)
    escalated = service.escalate({"complaint_id": cid, "reason": "Tidak selesai"}, actor=reporter)
    assert escalated.status is Status.escalated
    service.verify_history(cid)


def test_ombudsman_ri_records_its_steps_through_one_service_method(
    service: Service, clock: ManualClock, submission: Submission
) -> None:
    cid, reporter = _followed_up(service, clock, submission)
    service.reply({"complaint_id": cid, "reason": "Belum."}, actor=reporter)
    service.escalate({"complaint_id": cid}, actor=reporter)
    service.record_ombudsman_step(
        {"step": "ombudsman_receive", "complaint_id": cid, "document_ref": "LM-9"}, actor=ORI
    )
    service.record_ombudsman_step(
        {"step": "record_lhp", "complaint_id": cid, "reason": "Perbaiki."}, actor=ORI
    )
    answered = service.record_ombudsman_step(
        cmd.RecordResponse(complaint_id=cid, reason="Sudah diperbaiki"), actor=ORI
    )
    assert (answered.status, answered.ombudsman_ref) == (Status.answered_to_ombudsman, "LM-9")
    with pytest.raises(InvalidCommand) as caught:
        service.record_ombudsman_step({"step": "record_lhp", "complaint_id": cid}, actor=ORI)
    assert caught.value.field == "reason"
    with pytest.raises(InvalidCommand) as caught:
        service.record_ombudsman_step({"step": "delete", "complaint_id": cid}, actor=ORI)
    assert caught.value.field == "step"
    actions = [str(s.event.action) for s in service.history(cid, actor=ORI)][-4:]
    assert actions == ["escalate", "ombudsman_receive", "record_lhp", "record_response"]


@pytest.mark.usefixtures("english")
def test_the_national_admin_overrules_a_decline_and_archives_a_duplicate(
    service: Service, submission: Submission
) -> None:
    cid = service.submit(submission()).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.decline({"complaint_id": cid, "reason": "Jalan provinsi"}, actor=SLEMAN)
    back = service.overrule_decline({"complaint_id": cid, "reason": "Jalan kabupaten"}, actor=ADMIN)
    assert (back.status, back.agency_id) == (Status.forwarded, "pemkab-sleman")
    with pytest.raises(InvalidTransition, match="nothing declines twice"):
        service.decline({"complaint_id": cid, "reason": "Tetap"}, actor=SLEMAN)
    twin = service.submit(submission()).complaint_id
    archived = service.archive_duplicate(
        {"complaint_id": twin, "duplicate_of": cid, "reason": "Laporan sama"}, actor=ADMIN
    )
    assert (archived.status, archived.duplicate_of) == (Status.archived, cid)


def _not_published(field: attrs.Attribute[object], _: object) -> bool:
    return field.name != "published"  # the reporter uploads; publishing is not theirs to decide


def test_a_request_for_information_is_answered_with_a_stored_file(
    service: Service, clock: ManualClock, submission: Submission, tmp_path: Path
) -> None:
    cid, reporter = _followed_up(service, clock, submission)
    service.reply({"complaint_id": cid, "reason": "Belum."}, actor=reporter)
    asked = service.request_information({"complaint_id": cid, "reason": "Foto lokasi?"}, actor=SLEMAN)
    assert asked.status is Status.awaiting_information
    store = LocalFolderAttachments(tmp_path)
    ref = store.put(b"\xff\xd8\xff foto jalan", "image/jpeg")
    answered = service.add_information(
        {
            "complaint_id": cid,
            "reason": "Ini fotonya",
            "attachments": [attrs.asdict(ref, filter=_not_published)],
        },
        actor=reporter,
    )
    assert (answered.status, answered.attachments) == (Status.in_progress, (ref,))
    assert store.get(answered.attachments[0]) == b"\xff\xd8\xff foto jalan"
    service.verify_history(cid)
