"""Hold from submitted, the UU 14/2008 extension and publishing an attachment, checked against their rules.

Expectations are written from the rules (UU 14/2008 Pasal 22(7)-(8): 10 working days, one extension of 7
working days with written reasons; our choices as docs/lifecycle.md states them), not from the code.
"""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from sp4n.exceptions import InvalidTransition, NotPermitted, RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.engine import apply, replay
from sp4n.lifecycle.events import SubmitDetails
from sp4n.lifecycle.model import Complaint, ComplaintType
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.views import public_view
from sp4n.sla import clock_states
from sp4n.testing.lifecycle import (
    AGENCY_ADMIN,
    NATIONAL_ADMIN,
    OTHER_AGENCY_ADMIN,
    REPORTER,
    SYSTEM,
    UNIT_OFFICER,
    a_complaint_in,
)

PHOTO = Attachment(media_type="image/jpeg", size=2048, sha256="ab" * 32, storage_key="ab/photo.jpg")
LETTER = Attachment(media_type="application/pdf", size=4096, sha256="cd" * 32, storage_key="cd/letter.pdf")


def _information_request(status: Status) -> Complaint:
    return attrs.evolve(a_complaint_in(status)[0], type=ComplaintType.permintaan_informasi)


# --- hold from submitted ------------------------------------------------------------------------------------


def test_the_national_admin_holds_a_submitted_report_with_a_reason_and_resumes_it_there() -> None:
    complaint, _ = a_complaint_in(Status.submitted)
    for who in (REPORTER, AGENCY_ADMIN, UNIT_OFFICER, SYSTEM):
        with pytest.raises(NotPermitted):
            apply(complaint, Action.hold, who, complaint.updated_at, reason="menunggu")
    with pytest.raises(RuleViolation) as err:
        apply(complaint, Action.hold, NATIONAL_ADMIN, complaint.updated_at)
    assert err.value.field == "reason"
    held, event = apply(complaint, Action.hold, NATIONAL_ADMIN, complaint.updated_at, reason="cek identitas")
    assert (held.status, held.held_from, event.reason) == (Status.on_hold, Status.submitted, "cek identitas")
    with pytest.raises(NotPermitted):
        apply(held, Action.resume, AGENCY_ADMIN, held.updated_at)
    resumed, _ = apply(held, Action.resume, NATIONAL_ADMIN, held.updated_at)
    assert (resumed.status, resumed.held_from) == (Status.submitted, None)
    verified, _ = apply(resumed, Action.verify, NATIONAL_ADMIN, resumed.updated_at, agency_id="pemkab-sleman")
    assert verified.status is Status.forwarded


def test_a_hold_from_submitted_has_the_same_cap_and_pauses_verification() -> None:
    complaint, events = a_complaint_in(Status.submitted)
    at = complaint.updated_at
    held, hold = apply(complaint, Action.hold, NATIONAL_ADMIN, at, reason="cek identitas")
    states = {s.clock: s for s in clock_states(held, [*events, hold], at + timedelta(days=30))}
    assert str(states["verification"].status) == "paused"
    # 10 working days (our choice, as for every hold), then a breach: the cap is the same from submitted.
    assert str(states["hold_cap"].status) == "breached"
    assert states["hold_cap"].rule.value == 10


# --- extend_information_deadline (UU 14/2008 Pasal 22(8)) ---------------------------------------------------


@pytest.mark.usefixtures("english")
def test_a_permintaan_informasi_gets_seven_more_working_days_once_with_reasons() -> None:
    _, events = a_complaint_in(Status.forwarded)
    filed = events[0].details
    assert isinstance(filed, SubmitDetails)
    events[0] = attrs.evolve(events[0], details=attrs.evolve(filed, type=ComplaintType.permintaan_informasi))
    complaint = replay(events)
    before = {s.clock: s for s in clock_states(complaint, events, complaint.updated_at)}["follow_up"]
    with pytest.raises(RuleViolation) as err:
        apply(complaint, Action.extend_information_deadline, AGENCY_ADMIN, complaint.updated_at)
    assert err.value.field == "reason"
    for who in (NATIONAL_ADMIN, OTHER_AGENCY_ADMIN, UNIT_OFFICER, REPORTER):
        with pytest.raises(NotPermitted):
            apply(complaint, Action.extend_information_deadline, who, complaint.updated_at, reason="arsip")
    extended, event = apply(
        complaint, Action.extend_information_deadline, AGENCY_ADMIN, complaint.updated_at,
        reason="dokumen di arsip daerah",
    )  # fmt: skip
    assert (extended.status, extended.information_extended) == (Status.forwarded, True)
    after = {s.clock: s for s in clock_states(extended, [*events, event], extended.updated_at)}["follow_up"]
    assert before.rule.value == 10  # Pasal 22(7): 10 working days for a permintaan informasi
    # 7 working days later than before: the working-day count itself, not a wall-clock week.
    assert after.remaining - before.remaining == timedelta(days=7)
    assert after.due_at is not None
    assert before.due_at is not None
    assert after.due_at > before.due_at
    with pytest.raises(InvalidTransition, match="extended once"):
        apply(extended, Action.extend_information_deadline, AGENCY_ADMIN, extended.updated_at, reason="lagi")


@pytest.mark.parametrize("kind", [ComplaintType.pengaduan, ComplaintType.aspirasi])
def test_only_a_permintaan_informasi_is_extended(kind: ComplaintType) -> None:
    complaint = attrs.evolve(a_complaint_in(Status.in_progress)[0], type=kind)
    with pytest.raises(InvalidTransition, match="permintaan informasi"):
        apply(complaint, Action.extend_information_deadline, AGENCY_ADMIN, complaint.updated_at, reason="x")


@pytest.mark.usefixtures("english")
def test_no_extension_once_the_ten_working_days_were_breached() -> None:
    complaint = _information_request(Status.in_progress)
    late = attrs.evolve(complaint, breached_clocks=("follow_up",))
    with pytest.raises(InvalidTransition, match="extend before they end"):
        apply(late, Action.extend_information_deadline, AGENCY_ADMIN, late.updated_at, reason="x")


# --- publish_attachment -------------------------------------------------------------------------------------


def test_the_agency_or_the_national_admin_publishes_one_attachment_and_only_it_goes_public() -> None:
    complaint, _ = a_complaint_in(Status.in_progress)
    complaint = attrs.evolve(complaint, attachments=(PHOTO, LETTER))
    view = public_view(complaint)
    assert view is not None
    assert view.attachments == ()
    for who in (REPORTER, UNIT_OFFICER, OTHER_AGENCY_ADMIN, SYSTEM):
        with pytest.raises(NotPermitted):
            apply(
                complaint, Action.publish_attachment, who, complaint.updated_at, storage_key=PHOTO.storage_key
            )
    for who in (AGENCY_ADMIN, NATIONAL_ADMIN):
        published, _ = apply(
            complaint, Action.publish_attachment, who, complaint.updated_at, storage_key=PHOTO.storage_key
        )
        assert [a.published for a in published.attachments] == [True, False]
        view = public_view(published)
        assert view is not None
        assert [a.storage_key for a in view.attachments] == [PHOTO.storage_key]


@pytest.mark.usefixtures("english")
def test_publishing_names_an_unpublished_attachment_of_the_complaint() -> None:
    complaint, _ = a_complaint_in(Status.forwarded)
    with pytest.raises(InvalidTransition, match="no unpublished attachment"):
        apply(complaint, Action.publish_attachment, AGENCY_ADMIN, complaint.updated_at, storage_key="ab/x")
    complaint = attrs.evolve(complaint, attachments=(PHOTO, attrs.evolve(LETTER, published=True)))
    for key in ("ab/other.jpg", LETTER.storage_key):
        with pytest.raises(RuleViolation) as err:
            apply(complaint, Action.publish_attachment, AGENCY_ADMIN, complaint.updated_at, storage_key=key)
        assert err.value.field == "details.storage_key"
