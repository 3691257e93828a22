"""Through the service: who may read an attachment, publishing one, a hold from submitted, co-handled lists,
and each agency's clocks counted in its own office's zone, taken from the agency registry by default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sp4n.adapters.attachments import LocalFolderAttachments
from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.exceptions import NotPermitted
from sp4n.jurisdiction.agencies import Agency
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import PublicComplaint
from sp4n.ports import ComplaintSearch
from sp4n.service import Service, create_service
from sp4n.testing.fakes import ManualClock, SequentialIds, SequentialTrackingNumbers

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
BADUNG = Actor(id="badung-admin", role=Role.agency_admin, agency_id="pemkab-badung")
STRANGER = Actor(id="r-other", role=Role.reporter)
ORI = Actor(id="ori-1", role=Role.ombudsman)
SYSTEM = Actor(id="system", role=Role.system)
Submission = Callable[..., dict[str, Any]]
PHOTO = b"\xff\xd8\xff\xe0 foto lubang jalan"


def _with_files(tmp_path: Path, clock: ManualClock) -> tuple[Service, LocalFolderAttachments]:
    files = LocalFolderAttachments(tmp_path / "files")
    service = create_service(
        clock=clock, ids=SequentialIds("id-"), tracking=SequentialTrackingNumbers(), attachments=files
    )
    return service, files


def test_an_attachment_is_read_by_its_reporter_the_handling_agencies_and_the_national_admin_only(
    tmp_path: Path, clock: ManualClock, submission: Submission
) -> None:
    service, files = _with_files(tmp_path, clock)
    cid = service.submit(submission()).complaint_id
    reporter = Actor(id=service.get(cid, actor=ADMIN).reporter_ref or "", role=Role.reporter)
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    ref = files.put(PHOTO, "image/jpeg")
    attachment = {k: getattr(ref, k) for k in ("media_type", "size", "sha256", "storage_key")}
    service.add_information(
        {"complaint_id": cid, "reason": "Foto", "attachments": [attachment]}, actor=reporter
    )
    key = ref.storage_key
    for reader in (reporter, SLEMAN, ADMIN):
        assert service.attachment(cid, key, actor=reader) == (ref, PHOTO)
    for outsider in (STRANGER, BADUNG, ORI, SYSTEM, None):
        with pytest.raises(NotPermitted):
            service.attachment(cid, key, actor=outsider)
    with pytest.raises(NotPermitted):  # a key the complaint does not hold is refused alike, for anyone
        service.attachment(cid, "ab/" + "ab" * 32, actor=ADMIN)
    service.add_agency({"complaint_id": cid, "agency_id": "pemkab-badung"}, actor=ADMIN)
    assert service.attachment(cid, key, actor=BADUNG, content=False) == (ref, None)
    public = service.public_by_tracking(service.get(cid, actor=ADMIN).tracking_id)
    assert isinstance(public, PublicComplaint)
    assert public.attachments == ()
    with pytest.raises(NotPermitted):
        service.publish_attachment({"complaint_id": cid, "storage_key": key}, actor=BADUNG)  # a co-handler
    service.publish_attachment({"complaint_id": cid, "storage_key": key}, actor=SLEMAN)
    public = service.public_by_tracking(service.get(cid, actor=ADMIN).tracking_id)
    assert isinstance(public, PublicComplaint)
    assert [a.storage_key for a in public.attachments] == [key]
    assert service.attachment(cid, key, actor=None) == (public.attachments[0], PHOTO)
    assert service.attachment(cid, key, actor=STRANGER)[1] == PHOTO


def test_a_published_attachment_of_a_rahasia_report_stays_private(
    tmp_path: Path, clock: ManualClock, submission: Submission
) -> None:
    service, files = _with_files(tmp_path, clock)
    cid = service.submit(submission(rahasia=True)).complaint_id
    reporter = Actor(id=service.get(cid, actor=ADMIN).reporter_ref or "", role=Role.reporter)
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    ref = files.put(PHOTO, "image/jpeg")
    attachment = {k: getattr(ref, k) for k in ("media_type", "size", "sha256", "storage_key")}
    service.add_information(
        {"complaint_id": cid, "reason": "Foto", "attachments": [attachment]}, actor=reporter
    )
    service.publish_attachment({"complaint_id": cid, "storage_key": ref.storage_key}, actor=ADMIN)
    with pytest.raises(NotPermitted):
        service.attachment(cid, ref.storage_key, actor=None)


def test_the_national_admin_holds_a_submitted_report(service: Service, submission: Submission) -> None:
    cid = service.submit(submission()).complaint_id
    with pytest.raises(NotPermitted):
        service.hold({"complaint_id": cid, "reason": "cek"}, actor=SLEMAN)
    held = service.hold({"complaint_id": cid, "reason": "Menunggu konfirmasi identitas"}, actor=ADMIN)
    assert (held.status, held.held_from) == (Status.on_hold, Status.submitted)
    assert service.resume({"complaint_id": cid}, actor=ADMIN).status is Status.submitted


def test_a_co_handling_agency_lists_the_complaint_and_reads_it_redacted(
    service: Service, submission: Submission
) -> None:
    cid = service.submit(submission(anonim=True)).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    assert service.by_agency("pemkab-badung", actor=BADUNG) == []
    service.add_agency({"complaint_id": cid, "agency_id": "pemkab-badung"}, actor=ADMIN)
    (listed,) = service.by_agency("pemkab-badung", actor=BADUNG)
    assert (listed.complaint.id, listed.reporter_ref, listed.complaint.reporter_ref) == (cid, None, None)
    page = service.pages.search(ComplaintSearch(agency_id="pemkab-badung"), None, 10)
    assert [i.complaint.id for i in page.items] == [cid]
    assert service.get(cid, actor=BADUNG).reporter_ref is None


MINISTRY = Agency(
    id="kemendikbud", name="Kementerian Pendidikan", kind="kementerian", timezone="Asia/Jakarta"
)


@pytest.mark.parametrize(
    ("agencies", "due_utc_hour"),
    [
        # Counted on the ministry's calendar in Jakarta: the fifth working day ends at 24:00 WIB (17:00 UTC).
        ([MINISTRY], 17),
        # Not in the registry: the complaint region's zone (Papua, WIT), 24:00 WIT = 15:00 UTC.
        ([], 15),
    ],
)
def test_a_papua_complaint_handled_by_a_jakarta_ministry_counts_in_wib(
    submission: Submission, agencies: list[Agency], due_utc_hour: int
) -> None:
    monday = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    service = create_service(uow=MemoryUnitOfWork(), clock=ManualClock(monday), agencies=agencies)
    cid = service.submit(submission(region_code="91.71")).complaint_id  # Kota Jayapura
    service.verify_and_forward({"complaint_id": cid, "agency_id": "kemendikbud"}, actor=ADMIN)
    with service.uow as uow:
        (listed,) = uow.complaints.search(ComplaintSearch(agency_id="kemendikbud"), None, 1)
    # Verified Monday 2 March: 5 working days from the end of that day end on Monday 9 March.
    assert listed.due_at == datetime(2026, 3, 9, due_utc_hour, 0, tzinfo=UTC)


def test_a_regional_government_counts_in_its_own_zone_without_the_host_naming_it(
    submission: Submission,
) -> None:
    monday = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    service = create_service(uow=MemoryUnitOfWork(), clock=ManualClock(monday))
    # A report placed in Bali (WITA) forwarded to the Kota Jayapura government (WIT) counts in WIT.
    cid = service.submit(submission(region_code="51.03")).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkot-91.71"}, actor=ADMIN)
    with service.uow as uow:
        (listed,) = uow.complaints.search(ComplaintSearch(agency_id="pemkot-91.71"), None, 1)
    assert listed.due_at == datetime(2026, 3, 9, 15, 0, tzinfo=UTC)
