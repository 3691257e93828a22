"""Every transition rule of the lifecycle (LAPOR!'s, as refined in docs/lifecycle.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from sp4n.exceptions import InvalidTransition, RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.model import Actor, Complaint, ComplaintType, DeclineRecord
from sp4n.lifecycle.status import OPEN, TERMINAL, WITH_OMBUDSMAN, Action, Status
from sp4n.lifecycle.table import edges
from sp4n.testing.lifecycle import (
    AGENCIES,
    AGENCY_ADMIN,
    EVERYONE,
    NATIONAL_ADMIN,
    OMBUDSMAN,
    REPORTER,
    SYSTEM,
    UNIT_OFFICER,
    a_complaint_in,
    breached,
    escalable,
)

S, A = Status, Action
#: The lifecycle written out by hand, independently of the machine: a change to either must be deliberate.
EXPECTED = {
    (S.submitted, A.verify, S.forwarded),
    *((s, A.dispose, S.disposed) for s in (S.forwarded, S.disposed, S.in_progress)),
    (S.disposed, A.start, S.in_progress),
    *((s, A.follow_up, S.followed_up) for s in (S.forwarded, S.disposed, S.in_progress)),
    (S.followed_up, A.reply, S.in_progress),
    (S.followed_up, A.close, S.closed),
    *((s, A.hold, S.on_hold) for s in (S.submitted, S.forwarded, S.disposed, S.in_progress)),
    *((S.on_hold, A.resume, s) for s in (S.submitted, S.forwarded, S.disposed, S.in_progress)),
    *((s, A.decline, S.declined) for s in (S.forwarded, S.disposed, S.in_progress)),
    *((s, A.reroute, S.forwarded) for s in (S.declined, S.forwarded, S.disposed, S.in_progress, S.on_hold)),
    (S.declined, A.overrule_decline, S.forwarded),
    *((s, A.request_information, S.awaiting_information) for s in (S.submitted, S.forwarded, S.in_progress)),
    *((s, A.add_information, s) for s in OPEN - {S.awaiting_information}),
    *(
        (S.awaiting_information, a, s)
        for a in (A.add_information, A.information_lapsed)
        for s in (S.submitted, S.forwarded, S.in_progress)
    ),
    *((s, A.hand_back, S.forwarded) for s in (S.disposed, S.in_progress)),
    *((s, A.archive_duplicate, S.archived) for s in OPEN),
    *((s, A.add_agency, s) for s in (S.forwarded, S.disposed, S.in_progress)),
    *((s, A.contribute, s) for s in (S.forwarded, S.disposed, S.in_progress, S.on_hold)),
    *((s, A.archive, S.archived) for s in (S.submitted, S.forwarded, S.declined)),
    *((s, A.escalate, S.escalated) for s in OPEN - {S.submitted} | {S.closed}),
    *((s, A.record_breach, s) for s in OPEN | {S.lhp_issued, S.recommendation_issued}),
    (S.closed, A.reopen, S.in_progress),
    (S.escalated, A.ombudsman_receive, S.examined_by_ombudsman),
    (S.examined_by_ombudsman, A.record_lhp, S.lhp_issued),
    *((s, A.record_recommendation, S.recommendation_issued) for s in (S.lhp_issued, S.answered_to_ombudsman)),
    *((s, A.record_response, S.answered_to_ombudsman) for s in (S.lhp_issued, S.recommendation_issued)),
    *((s, A.conclude, S.concluded) for s in WITH_OMBUDSMAN - {S.escalated}),
    *((s, A.extend_information_deadline, s) for s in (S.forwarded, S.disposed, S.in_progress, S.on_hold)),
    *((s, A.publish_attachment, s) for s in OPEN | {S.closed}),
    *((s, a, s) for s in set(S) - TERMINAL for a in (A.flag_redaction, A.redact, A.clear_redaction)),
}
T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
#: An admin of the agency added as co-handler before each ``contribute``.
CO_AGENCY = Actor(id="adm-co", role="agency_admin", agency_id=AGENCIES[1])
WHO: dict[Action, Actor] = {
    A.verify: NATIONAL_ADMIN, A.reroute: NATIONAL_ADMIN, A.dispose: AGENCY_ADMIN, A.start: UNIT_OFFICER,
    A.follow_up: AGENCY_ADMIN, A.reply: REPORTER, A.close: REPORTER, A.hold: AGENCY_ADMIN,
    A.resume: AGENCY_ADMIN, A.decline: AGENCY_ADMIN, A.escalate: REPORTER, A.record_breach: SYSTEM,
    A.reopen: REPORTER, A.ombudsman_receive: OMBUDSMAN, A.record_lhp: OMBUDSMAN,
    A.record_recommendation: OMBUDSMAN, A.record_response: OMBUDSMAN, A.conclude: OMBUDSMAN,
    A.overrule_decline: NATIONAL_ADMIN, A.hand_back: UNIT_OFFICER, A.archive_duplicate: NATIONAL_ADMIN,
    A.add_agency: NATIONAL_ADMIN, A.contribute: CO_AGENCY, A.request_information: NATIONAL_ADMIN,
    A.add_information: REPORTER, A.information_lapsed: SYSTEM, A.extend_information_deadline: AGENCY_ADMIN,
    A.publish_attachment: NATIONAL_ADMIN, A.flag_redaction: NATIONAL_ADMIN, A.redact: NATIONAL_ADMIN,
    A.clear_redaction: NATIONAL_ADMIN,
}  # fmt: skip
#: A file the complaint holds before each ``publish_attachment``.
PHOTO = Attachment(media_type="image/jpeg", size=1024, sha256="ab" * 32, storage_key="ab/photo.jpg")
DETAILS: dict[Action, dict[str, Any]] = {
    A.verify: {"agency_id": AGENCIES[0]},
    A.reroute: {"agency_id": AGENCIES[2]},
    A.dispose: {"unit_ids": ["disdik", "dinkes"]},
    A.record_breach: {"clock": "follow_up", "due_at": T0, "overdue_by": timedelta(hours=2)},
    A.archive_duplicate: {"duplicate_of": "c-0"},
    A.add_agency: {"agency_id": AGENCIES[1]},
    A.publish_attachment: {"storage_key": PHOTO.storage_key},
    A.redact: {"sequence": 1, "field": "details.title", "start": 0, "end": 1, "masked_digest": "0" * 64},
}


def _actor(source: Status, action: Action, complaint: Complaint) -> Actor:
    if action is A.archive:
        return AGENCY_ADMIN if source is S.forwarded else NATIONAL_ADMIN
    if action in (A.hold, A.resume) and complaint.agency_id is None:
        return NATIONAL_ADMIN  # before forwarding the national admin holds (our choice)
    return WHO[action]


def _asked(source_of_request: Status) -> Any:
    complaint, _ = a_complaint_in(source_of_request)
    return apply(complaint, A.request_information, NATIONAL_ADMIN, complaint.updated_at, reason="foto?")[0]


def _held(source_of_hold: Status) -> Any:
    complaint, _ = a_complaint_in(source_of_hold)
    who = NATIONAL_ADMIN if source_of_hold is S.submitted else AGENCY_ADMIN
    return apply(complaint, A.hold, who, complaint.updated_at, reason="menunggu data")[0]


def test_the_machine_declares_exactly_the_documented_transitions() -> None:
    assert {(e.source, e.action, e.target) for e in edges()} == EXPECTED


@pytest.mark.parametrize(("source", "action", "target"), sorted(EXPECTED), ids=str)
def test_each_transition_moves_the_complaint_and_records_one_event(
    source: Status, action: Action, target: Status
) -> None:
    complaint = _held(target) if source is S.on_hold and action is A.resume else a_complaint_in(source)[0]
    if action in (A.add_information, A.information_lapsed) and source is S.awaiting_information:
        complaint = _asked(target)
    if action is A.escalate:
        complaint = escalable(source)[0]  # with a ground for Ombudsman RI: the agency was late
    if action is A.contribute:
        complaint = attrs.evolve(complaint, co_agency_ids=(AGENCIES[1],))
    if action is A.extend_information_deadline:
        complaint = attrs.evolve(complaint, type=ComplaintType.permintaan_informasi)
    if action is A.publish_attachment:
        complaint = attrs.evolve(complaint, attachments=(PHOTO,))
    if action is A.clear_redaction:
        complaint = attrs.evolve(complaint, in_redaction=True)
    at = complaint.updated_at + timedelta(minutes=5)
    after, event = apply(
        complaint, action, _actor(source, action, complaint), at, reason="alasan", **DETAILS.get(action, {})
    )
    assert (after.status, after.version, after.updated_at) == (target, complaint.version + 1, at)
    assert (event.sequence, event.from_status, event.to_status, event.action) == (
        after.version, source, target, action,
    )  # fmt: skip
    assert (event.complaint_id, event.occurred_at, event.reason) == (complaint.id, at, "alasan")


@pytest.mark.parametrize("status", sorted(TERMINAL), ids=str)
@pytest.mark.parametrize("action", [a for a in Action if a is not A.submit], ids=str)
def test_terminal_statuses_absorb_every_action_by_anyone(status: Status, action: Action) -> None:
    complaint, _ = a_complaint_in(status)
    for actor in (*EVERYONE, SYSTEM):
        with pytest.raises(InvalidTransition, match="final"):
            apply(complaint, action, actor, complaint.updated_at, reason="x", **DETAILS.get(action, {}))


@pytest.mark.parametrize("source", [S.forwarded, S.disposed, S.in_progress], ids=str)
def test_resume_returns_to_the_status_the_hold_began_in(source: Status) -> None:
    held = _held(source)
    assert (held.status, held.held_from) == (S.on_hold, source)
    resumed, event = apply(held, A.resume, AGENCY_ADMIN, held.updated_at)
    assert (resumed.status, resumed.held_from, event.to_status) == (source, None, source)


def test_decline_records_the_agency_and_clears_the_assignment() -> None:
    complaint, _ = a_complaint_in(S.disposed)
    at = complaint.updated_at + timedelta(hours=1)
    after, _ = apply(complaint, A.decline, AGENCY_ADMIN, at, reason="urusan provinsi")
    assert after.declines == (
        DeclineRecord(agency_id=AGENCIES[0], actor_id=AGENCY_ADMIN.id, at=at, reason="urusan provinsi"),
    )
    assert (after.agency_id, after.unit_ids) == (None, ())


@pytest.mark.parametrize("action", [A.decline, A.archive], ids=str)
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_decline_and_archive_need_a_reason(action: Action, reason: str | None) -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, action, AGENCY_ADMIN, complaint.updated_at, reason=reason)
    assert err.value.field == "reason"


def test_archive_keeps_its_reason() -> None:
    complaint, _ = a_complaint_in(S.submitted)
    after, _ = apply(complaint, A.archive, NATIONAL_ADMIN, complaint.updated_at, reason="duplikat")
    assert after.archive_reason == "duplikat"


@pytest.mark.usefixtures("english")
def test_reroute_never_goes_to_an_agency_that_declined() -> None:
    complaint, _ = a_complaint_in(S.declined)
    with pytest.raises(RuleViolation, match="already declined") as err:
        apply(complaint, A.reroute, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[0])
    assert err.value.field == "details.agency_id"
    after, _ = apply(complaint, A.reroute, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[1])
    assert (after.status, after.agency_id, after.unit_ids) == (S.forwarded, AGENCIES[1], ())


@pytest.mark.parametrize("action", [A.verify, A.reroute], ids=str)
def test_forwarding_needs_an_agency(action: Action) -> None:
    complaint, _ = a_complaint_in(S.submitted if action is A.verify else S.declined)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, action, NATIONAL_ADMIN, complaint.updated_at)
    assert err.value.field == "details.agency_id"


@pytest.mark.parametrize("units", [None, [], "disdik", ["disdik", "disdik"], [""]], ids=repr)
def test_dispose_needs_one_or_more_distinct_units(units: object) -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.dispose, AGENCY_ADMIN, complaint.updated_at, unit_ids=units)
    assert err.value.field == "details.unit_ids"


def test_dispose_to_several_units_lets_each_of_them_work_it() -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    after, _ = apply(complaint, A.dispose, AGENCY_ADMIN, complaint.updated_at, unit_ids=("disdik", "dinkes"))
    assert after.unit_ids == ("disdik", "dinkes")


@pytest.mark.parametrize("missing", ["clock", "due_at", "overdue_by"])
def test_record_breach_needs_its_clock_due_instant_and_overrun(missing: str) -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    details = {k: v for k, v in DETAILS[A.record_breach].items() if k != missing}
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.record_breach, SYSTEM, complaint.updated_at, **details)
    assert err.value.field == f"details.{missing}"


def test_record_breach_keeps_the_status_and_names_the_agency() -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    after, event = apply(complaint, A.record_breach, SYSTEM, complaint.updated_at, **DETAILS[A.record_breach])
    assert (after.status, after.version, event.from_status, event.to_status) == (
        S.forwarded,
        3,
        S.forwarded,
        S.forwarded,
    )
    assert event.details.agency_id == AGENCIES[0]  # type: ignore[union-attr]


def test_an_unknown_detail_is_refused_by_name() -> None:
    complaint, _ = a_complaint_in(S.disposed)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.start, UNIT_OFFICER, complaint.updated_at, unit_ids=["disdik"])
    assert err.value.field == "details.unit_ids"


def test_time_never_runs_backwards_in_a_history() -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.dispose, AGENCY_ADMIN, complaint.updated_at - timedelta(seconds=1), unit_ids=["x"])
    assert err.value.field == "at"


def test_naive_instants_are_refused() -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.dispose, AGENCY_ADMIN, datetime(2027, 1, 1), unit_ids=["x"])  # noqa: DTZ001  # the point
    assert err.value.field == "at"


def test_a_local_instant_is_stored_in_utc() -> None:
    complaint, _ = a_complaint_in(S.forwarded)
    wita = timezone(timedelta(hours=8))
    at = (complaint.updated_at + timedelta(hours=1)).astimezone(wita)
    after, event = apply(complaint, A.dispose, AGENCY_ADMIN, at, unit_ids=["disdik"])
    assert event.occurred_at.utcoffset() == timedelta(0)
    assert event.occurred_at == at
    assert after.updated_at.tzinfo is UTC


def test_resume_from_a_hold_is_the_only_way_out_besides_escalation() -> None:
    held = _held(S.disposed)
    with pytest.raises(InvalidTransition):
        apply(held, A.start, UNIT_OFFICER, held.updated_at)


def test_verify_may_set_privacy_flags_and_records_who_set_them() -> None:
    complaint, _ = a_complaint_in(S.submitted)
    at = complaint.updated_at + timedelta(hours=2)
    after, _ = apply(
        complaint, A.verify, NATIONAL_ADMIN, at, agency_id=AGENCIES[0], anonim=True, title="Judul"
    )
    assert after.anonim is not None
    assert after.rahasia is None
    assert (after.anonim.set_by, after.anonim.set_by_role, after.anonim.set_at) == (
        NATIONAL_ADMIN.id,
        "national_admin",
        at,
    )
    assert after.title == "Judul"


def test_a_privacy_flag_once_set_is_never_lifted() -> None:
    complaint, _ = a_complaint_in(S.submitted, anonim=True)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.verify, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[0], anonim=False)
    assert err.value.field == "details.anonim"
    after, _ = apply(
        complaint, A.verify, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[0], anonim=True
    )
    assert after.anonim == complaint.anonim  # the reporter's own flag (who, when) is kept


def test_escalating_a_held_complaint_forgets_where_it_was_held_from() -> None:
    held = breached(_held(S.in_progress), [])[0]
    after, _ = apply(held, A.escalate, REPORTER, held.updated_at)
    assert (after.status, after.held_from) == (S.escalated, None)


def test_a_breach_recorded_during_a_hold_keeps_the_hold() -> None:
    held = _held(S.disposed)
    after, _ = apply(held, A.record_breach, SYSTEM, held.updated_at, **DETAILS[A.record_breach])
    assert (after.status, after.held_from) == (S.on_hold, S.disposed)


@pytest.mark.usefixtures("english")
def test_no_agency_declines_twice_a_second_reroute_never_returns_to_the_first() -> None:
    complaint, _ = a_complaint_in(S.declined)  # AGENCIES[0] declined
    at = complaint.updated_at
    complaint, _ = apply(complaint, A.reroute, NATIONAL_ADMIN, at, agency_id=AGENCIES[1])
    second = Actor(id="adm-2", role="agency_admin", agency_id=AGENCIES[1])
    complaint, _ = apply(complaint, A.decline, second, at, reason="bukan wewenang juga")
    assert complaint.declined_agencies == {AGENCIES[0], AGENCIES[1]}
    for agency in AGENCIES[:2]:
        with pytest.raises(RuleViolation, match="already declined"):
            apply(complaint, A.reroute, NATIONAL_ADMIN, at, agency_id=agency)
    after, _ = apply(complaint, A.reroute, NATIONAL_ADMIN, at, agency_id=AGENCIES[2])
    assert after.agency_id == AGENCIES[2]
