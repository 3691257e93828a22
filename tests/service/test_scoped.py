"""Every result scoped to its reader: what an agency-side actor receives carries no reporter identity.

A signed-in reporter files with name, NIK,
phone and e-mail, anonim / rahasia / plain. The complaint is walked through every step an agency-side actor
takes; after every step each agency-side actor (the agency admin, the unit officer, the Ombudsman) runs every
read it may run, and everything they received — command results and reads — is searched for every form of
every identity value. The national admin and the reporter get what they are entitled to, and a reporter or
an agency asking for someone else's complaint is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.exceptions import NotPermitted
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.service import Service, create_service
from sp4n.testing.fakes import ManualClock, SequentialIds

from .conftest import START, CalendarDayDeadlines, make_submission

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
DISDIK = Actor(id="guru-1", role=Role.unit_officer, agency_id="pemkab-sleman", unit_id="disdik")
OMBUDSMAN = Actor(id="ori-1", role=Role.ombudsman)
AGENCY_SIDE = (SLEMAN, DISDIK, OMBUDSMAN)
ACCOUNT = "akun-7781"  # the reporter's account id: never recorded, so never shown (its reference may be)
IDENTITY = {
    "name": "Siti Aminah",
    "nik": "3404015506900001",
    "phone": "081234567890",
    "email": "siti@contoh.id",
}
SECRETS = ("Siti", "Aminah", "3404015506900001", "081234567890", "6281234567890", "siti@contoh.id")


def _reads(service: Service, cid: str, tracking: str, actor: Actor) -> list[Any]:
    """Every read an agency-side actor may try; refusals count as receiving nothing."""
    got: list[Any] = []
    reads: list[Callable[[], object]] = [
        lambda: service.get(cid, actor=actor),
        lambda: service.by_tracking(tracking, actor=actor),
        lambda: service.history(cid, actor=actor),
        lambda: service.by_agency("pemkab-sleman", actor=actor),
        lambda: service.overdue(START.replace(year=2030), actor=actor),
        lambda: service.my_complaints(actor=actor),
        lambda: service.reporter_identity(ACCOUNT, actor=actor),
        service.public_feed,
        lambda: service.public_history(tracking),
        lambda: service.public_by_tracking(tracking),
    ]
    for read in reads:
        try:
            got.append(read())
        except NotPermitted:
            got.append(None)
    return got


def _steps(cid: str, decline: bool) -> list[tuple[str, dict[str, Any], Actor]]:
    steps: list[tuple[str, dict[str, Any], Actor]] = [
        ("verify_and_forward", {"complaint_id": cid, "agency_id": "pemkab-sleman"}, ADMIN),
        ("dispose", {"complaint_id": cid, "unit_ids": ["disdik"]}, SLEMAN),
        ("start", {"complaint_id": cid}, DISDIK),
        ("hold", {"complaint_id": cid, "reason": "menunggu dokumen"}, SLEMAN),
        ("resume", {"complaint_id": cid}, SLEMAN),
        ("follow_up", {"complaint_id": cid, "reason": "Sudah ditambal"}, DISDIK),
    ]
    if decline:
        return [steps[0], ("decline", {"complaint_id": cid, "reason": "bukan wewenang"}, SLEMAN)]
    return steps


def _leaks(received: list[Any], anonim: bool, ref: str) -> list[str]:
    text = repr(received)
    found = [s for s in SECRETS if re.search(rf"\b{re.escape(s)}\b", text, re.IGNORECASE)]
    if ACCOUNT in text:
        found.append("account id")
    if anonim and re.search(rf"\b{re.escape(ref)}\b", text):
        found.append("reporter ref")
    return found


@settings(max_examples=12, deadline=None)
@given(anonim=st.booleans(), rahasia=st.booleans(), decline=st.booleans())
def test_no_agency_side_actor_receives_any_identity_field(anonim: bool, rahasia: bool, decline: bool) -> None:
    service = create_service(clock=ManualClock(START), ids=SequentialIds(), sla=CalendarDayDeadlines())
    reporter = Actor(id=ACCOUNT, role=Role.reporter)
    data = make_submission(anonim=anonim, rahasia=rahasia, reporter=IDENTITY)
    receipt = service.submit(data, actor=reporter)
    cid, tracking = receipt.complaint_id, receipt.tracking_id
    received: list[Any] = []
    for method, payload, actor in _steps(cid, decline):
        result = getattr(service, method)(payload, actor=actor)
        if actor in AGENCY_SIDE:
            received.append(result)
        for reader in AGENCY_SIDE:
            received.extend(_reads(service, cid, tracking, reader))
    assert receipt.reporter_ref is not None
    assert _leaks(received, anonim, receipt.reporter_ref) == []
    # the entitled still see what they need (the reference, never the account id)
    assert service.get(cid, actor=ADMIN).reporter_ref == receipt.reporter_ref != ACCOUNT
    assert [c.id for c in service.my_complaints(actor=reporter)] == [cid]


def test_a_reporter_or_another_agency_reading_someone_elses_complaint_is_refused() -> None:
    service = create_service(clock=ManualClock(START), ids=SequentialIds(), sla=CalendarDayDeadlines())
    cid = service.submit(make_submission(), actor=Actor(id="akun-1", role=Role.reporter)).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    strangers = [
        Actor(id="akun-2", role=Role.reporter),
        Actor(id="bantul-admin", role=Role.agency_admin, agency_id="pemkab-bantul"),
        Actor(id="guru-2", role=Role.unit_officer, agency_id="pemkab-sleman", unit_id="dinkes"),
    ]
    for stranger in strangers:
        with pytest.raises(NotPermitted):
            service.get(cid, actor=stranger)
        with pytest.raises(NotPermitted):
            service.history(cid, actor=stranger)
    with pytest.raises(NotPermitted):
        service.by_agency("pemkab-sleman", actor=strangers[1])


def test_an_agency_admins_dispose_result_names_no_anonim_reporter() -> None:
    service = create_service(clock=ManualClock(START), ids=SequentialIds(), sla=CalendarDayDeadlines())
    reporter = Actor(id=ACCOUNT, role=Role.reporter)
    cid = service.submit(make_submission(anonim=True), actor=reporter).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    result = service.dispose({"complaint_id": cid, "unit_ids": ["disdik"]}, actor=SLEMAN)
    assert isinstance(result, Complaint)
    assert result.reporter_ref is None
    assert result.anonim is not None
    assert result.anonim.set_by != ACCOUNT
    submit_event = service.history(cid, actor=SLEMAN)[0].event
    assert submit_event.actor.id != ACCOUNT
    # the back office sees the reporter's reference: the account id itself is nowhere in the record
    record = service.unscoped_record(cid)
    assert record.complaint.reporter_ref not in (None, ACCOUNT)
    assert ACCOUNT not in repr(record)


BANTUL = Actor(id="bantul-admin", role=Role.agency_admin, agency_id="pemkab-bantul")


def _intervention_and_dialogue(cid: str, reporter: Actor) -> list[tuple[str, dict[str, Any], Actor]]:
    """The steps the national admin, a co-handling agency and the reporter's dialogue add to the walk."""
    return [
        ("verify_and_forward", {"complaint_id": cid, "agency_id": "pemkab-sleman"}, ADMIN),
        ("decline", {"complaint_id": cid, "reason": "bukan wewenang"}, SLEMAN),
        ("overrule_decline", {"complaint_id": cid, "reason": "jalan kabupaten"}, ADMIN),
        ("add_agency", {"complaint_id": cid, "agency_id": "pemkab-bantul"}, ADMIN),
        ("contribute", {"complaint_id": cid, "reason": "data dari Bantul"}, BANTUL),
        ("dispose", {"complaint_id": cid, "unit_ids": ["disdik"]}, SLEMAN),
        ("hand_back", {"complaint_id": cid, "reason": "bukan unit kami"}, DISDIK),
        ("request_information", {"complaint_id": cid, "reason": "foto lokasi?"}, SLEMAN),
        ("add_information", {"complaint_id": cid, "reason": "Saya Siti Aminah, 081234567890"}, reporter),
    ]


@settings(max_examples=6, deadline=None)
@given(rahasia=st.booleans())
def test_the_new_actions_results_and_events_name_no_anonim_reporter_on_the_agency_side(rahasia: bool) -> None:
    service = create_service(clock=ManualClock(START), ids=SequentialIds(), sla=CalendarDayDeadlines())
    reporter = Actor(id=ACCOUNT, role=Role.reporter)
    receipt = service.submit(make_submission(anonim=True, rahasia=rahasia, reporter=IDENTITY), actor=reporter)
    cid, tracking = receipt.complaint_id, receipt.tracking_id
    received: list[Any] = []
    for method, payload, actor in _intervention_and_dialogue(cid, reporter):
        result = getattr(service, method)(payload, actor=actor)
        if actor.role is not Role.reporter and actor is not ADMIN:
            received.append(result)
        for reader in (SLEMAN, DISDIK, BANTUL, OMBUDSMAN):
            received.extend(_reads(service, cid, tracking, reader))
    # the reporter's own words in add_information quote their identity: scrubbed for every agency reader
    assert receipt.reporter_ref is not None
    ref = receipt.reporter_ref
    assert _leaks(received, True, ref) == []
    assert service.get(cid, actor=BANTUL).reporter_ref is None  # the co-handling agency reads, redacted
    # escalating with consent shows the reporter to Ombudsman RI, and still to no agency
    service.dispose({"complaint_id": cid, "unit_ids": ["disdik"]}, actor=SLEMAN)
    service.follow_up({"complaint_id": cid, "reason": "Sudah ditambal"}, actor=DISDIK)
    service.reply({"complaint_id": cid, "reason": "Belum"}, actor=reporter)  # the ground: not satisfied
    service.escalate({"complaint_id": cid, "disclose_identity": True}, actor=reporter)
    assert service.get(cid, actor=OMBUDSMAN).reporter_ref == ref
    assert {s.event.actor.id for s in service.history(cid, actor=OMBUDSMAN)} >= {ref}
    after = [r for reader in (SLEMAN, DISDIK, BANTUL) for r in _reads(service, cid, tracking, reader)]
    assert _leaks(after, True, ref) == []


def test_without_consent_ombudsman_ri_reads_an_anonim_complaint_redacted() -> None:
    service = create_service(clock=ManualClock(START), ids=SequentialIds(), sla=CalendarDayDeadlines())
    reporter = Actor(id=ACCOUNT, role=Role.reporter)
    cid = service.submit(make_submission(anonim=True), actor=reporter).complaint_id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    assert service.get(cid, actor=OMBUDSMAN).reporter_ref is None
    assert ACCOUNT not in {s.event.actor.id for s in service.history(cid, actor=OMBUDSMAN)}
