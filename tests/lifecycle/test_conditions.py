"""What a complaint's past allows: the Ombudsman grounds and identity, the reopen and Ombudsman windows,
the satisfaction rating, and the Ombudsman path after escalation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest

from sp4n.exceptions import InvalidTransition, NotPermitted, RuleViolation
from sp4n.lifecycle.conditions import (
    ESCALATION_GROUNDS,
    Conditions,
    Window,
    escalation_grounds,
)
from sp4n.lifecycle.engine import apply, new_complaint, replay
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.views import agency_event_view, agency_view
from sp4n.testing.lifecycle import (
    AGENCY_ADMIN,
    INTAKE,
    NATIONAL_ADMIN,
    OMBUDSMAN,
    REPORTER,
    SYSTEM,
    UNIT_OFFICER,
    a_complaint_in,
    breached,
    escalable,
)

A, S = Action, Status


def _later(c: Complaint, hours: float = 1) -> datetime:
    return c.updated_at + timedelta(hours=hours)


def test_every_ground_carries_its_source() -> None:
    assert {g.name for g in ESCALATION_GROUNDS} == {
        "agency_breached_deadline",
        "not_satisfied_after_follow_up",
        "declined_without_reroute",
    }
    assert all("UU 37/2008 Pasal 24" in g.source for g in ESCALATION_GROUNDS)


@pytest.mark.parametrize("status", [S.forwarded, S.disposed, S.in_progress, S.followed_up, S.on_hold])
@pytest.mark.usefixtures("english")
def test_no_escalation_minutes_after_forwarding_without_a_ground(status: Status) -> None:
    complaint, _ = a_complaint_in(status)
    assert escalation_grounds(complaint) == ()
    with pytest.raises(InvalidTransition, match="needs one of"):
        apply(complaint, A.escalate, REPORTER, _later(complaint))


def test_a_breach_of_an_agency_clock_is_a_ground_but_a_breach_of_verification_is_not() -> None:
    complaint, events = a_complaint_in(S.forwarded)
    late_verify, _ = breached(complaint, events, clock="verification")
    assert escalation_grounds(late_verify) == ()
    for clock in ("follow_up", "resolution"):
        late, _ = breached(complaint, events, clock=clock)
        assert [g.name for g in escalation_grounds(late)] == ["agency_breached_deadline"]
        after, _ = apply(late, A.escalate, REPORTER, _later(late))
        assert after.status is S.escalated


def test_a_reply_after_a_follow_up_is_a_ground_and_a_reroute_ends_the_declined_ground() -> None:
    complaint, _ = a_complaint_in(S.followed_up)
    replied, _ = apply(complaint, A.reply, REPORTER, _later(complaint), reason="belum diperbaiki")
    assert [g.name for g in escalation_grounds(replied)] == ["not_satisfied_after_follow_up"]
    declined, _ = a_complaint_in(S.declined)
    rerouted, _ = apply(declined, A.reroute, NATIONAL_ADMIN, _later(declined), agency_id="pemkab-badung")
    assert escalation_grounds(rerouted) == ()


@pytest.mark.usefixtures("english")
def test_an_unidentified_reporter_cannot_go_to_the_ombudsman() -> None:
    complaint, _event = new_complaint(
        complaint_id="sms-1", tracking_id="LAP-9", type="pengaduan", title="Lampu", description="mati",
        category="infrastruktur", channel="sms", actor=INTAKE, at=datetime(2026, 1, 5, 1, tzinfo=UTC),
    )  # fmt: skip
    complaint, _ = apply(complaint, A.verify, NATIONAL_ADMIN, _later(complaint), agency_id="pemkab-sleman")
    complaint, _ = apply(complaint, A.decline, AGENCY_ADMIN, _later(complaint), reason="bukan kami")
    with pytest.raises(InvalidTransition, match="identified reporter"):
        apply(complaint, A.escalate, NATIONAL_ADMIN, _later(complaint))


def test_an_anonim_reporter_must_consent_and_only_they_may_escalate() -> None:
    complaint, _events = escalable(S.in_progress, anonim=True)
    for actor in (NATIONAL_ADMIN, SYSTEM):
        with pytest.raises(NotPermitted):
            apply(complaint, A.escalate, actor, _later(complaint))
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.escalate, REPORTER, _later(complaint))
    assert err.value.field == "details.disclose_identity"
    after, event = apply(complaint, A.escalate, REPORTER, _later(complaint), disclose_identity=True)
    assert after.disclosed_to_ombudsman is True
    # Disclosed to Ombudsman RI only: the agency still sees no reporter.
    assert agency_view(after).reporter_ref is None
    assert REPORTER.id not in repr(agency_event_view(event, after))


@pytest.mark.usefixtures("english")
def test_escalation_after_an_auto_close_is_allowed_within_two_years_of_the_matter() -> None:
    complaint, _ = escalable(S.followed_up)
    closed, _ = apply(complaint, A.close, SYSTEM, _later(complaint), reason="auto")
    assert closed.status is S.closed
    soon, _ = apply(closed, A.escalate, REPORTER, _later(closed, 24 * 30))
    assert soon.status is S.escalated
    # The complaint's matter is taken as of its submission (no incident date): two years later it is too old.
    too_late = datetime(2028, 1, 6, 0, tzinfo=UTC)
    with pytest.raises(RuleViolation, match="too old") as err:
        apply(closed, A.escalate, REPORTER, too_late)
    assert err.value.field == "at"


@pytest.mark.usefixtures("english")
def test_the_two_years_count_from_the_incident_date_when_known() -> None:
    complaint, _ = escalable(S.in_progress)
    old = attrs.evolve(complaint, incident_date=date(2024, 1, 5))
    assert Conditions().ombudsman_deadline(old) == date(2026, 1, 5)
    with pytest.raises(RuleViolation, match="too old"):
        apply(old, A.escalate, REPORTER, datetime(2026, 1, 6, 0, tzinfo=UTC))


def test_reopen_by_the_reporter_within_the_window_only() -> None:
    closed, _ = a_complaint_in(S.closed)
    assert closed.closed_at == closed.updated_at
    with pytest.raises(NotPermitted):
        apply(closed, A.reopen, AGENCY_ADMIN, _later(closed), reason="x")
    with pytest.raises(RuleViolation) as err:
        apply(closed, A.reopen, REPORTER, closed.closed_at + timedelta(days=30, seconds=1), reason="x")
    assert (err.value.field, "our choice" in err.value.rule) == ("at", True)
    reopened, _ = apply(
        closed, A.reopen, REPORTER, closed.closed_at + timedelta(days=30), reason="rusak lagi"
    )
    assert (reopened.status, reopened.replies) == (S.in_progress, 1)
    # The reopen counts as "not satisfied after a follow-up": a ground for Ombudsman RI.
    assert [g.name for g in escalation_grounds(reopened)] == ["not_satisfied_after_follow_up"]
    shorter = Conditions(reopen_window=Window(days=5, source="SOP instansi"))
    with pytest.raises(RuleViolation, match="SOP instansi"):
        apply(closed, A.reopen, REPORTER, _later(closed, 24 * 6), reason="x", conditions=shorter)


def test_the_reporter_rates_satisfaction_on_close_and_nobody_else_does() -> None:
    complaint, events = a_complaint_in(S.followed_up)
    closed, event = apply(complaint, A.close, REPORTER, _later(complaint), satisfaction=4)
    assert closed.satisfaction == 4
    assert replay([*events, event]) == closed
    for bad in (0, 6, 3.5, "5", True):
        with pytest.raises(RuleViolation) as err:
            apply(complaint, A.close, REPORTER, _later(complaint), satisfaction=bad)
        assert err.value.field == "details.satisfaction"
    with pytest.raises(RuleViolation):
        apply(complaint, A.close, SYSTEM, _later(complaint), satisfaction=5)


def test_the_ombudsman_path_records_receipt_lhp_response_and_conclusion() -> None:
    complaint, events = a_complaint_in(S.escalated)
    steps: list[tuple[Action, Status, dict[str, Any]]] = [
        (A.ombudsman_receive, S.examined_by_ombudsman, {"document_ref": "0123/LM/2026"}),
        (A.record_lhp, S.lhp_issued, {"document_ref": "LHP-7"}),
        (A.record_response, S.answered_to_ombudsman, {}),
        (A.conclude, S.concluded, {}),
    ]
    for action, status, details in steps:
        for outsider in (AGENCY_ADMIN, UNIT_OFFICER, NATIONAL_ADMIN, REPORTER, SYSTEM):
            with pytest.raises(NotPermitted):
                apply(complaint, action, outsider, _later(complaint), reason="isi", **details)
        complaint, event = apply(complaint, action, OMBUDSMAN, _later(complaint), reason="isi", **details)
        events.append(event)
        assert complaint.status is status
    assert complaint.ombudsman_ref == "0123/LM/2026"
    assert complaint.status.is_terminal
    assert replay(events) == complaint


@pytest.mark.parametrize("action", [A.record_lhp, A.conclude])
def test_ombudsman_steps_need_a_reason(action: Action) -> None:
    complaint, _ = a_complaint_in(S.examined_by_ombudsman)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, action, OMBUDSMAN, _later(complaint))
    assert err.value.field == "reason"


@pytest.mark.parametrize("wait", [A.hold, A.request_information], ids=str)
@pytest.mark.usefixtures("english")
def test_a_complaint_never_forwarded_cannot_go_to_the_ombudsman_even_after_a_breach(wait: Action) -> None:
    # UU 37/2008 Pasal 24(1) huruf c: the reporter must have gone to the reported party first. A report the
    # national admin holds (or waits on) before verification never reached any agency, so even a breached
    # hold cap, which is a ground once an agency has the report, does not open the way.
    complaint, events = a_complaint_in(S.submitted)
    waiting, _ = apply(complaint, wait, NATIONAL_ADMIN, _later(complaint), reason="identitas pelapor dicek")
    late, _ = breached(waiting, events, clock="hold_cap")
    assert late.agency_id is None
    with pytest.raises(InvalidTransition, match=r"never forwarded.*Pasal 24\(1\) huruf c"):
        apply(late, A.escalate, REPORTER, _later(late))
    # The same breach after forwarding is a ground: the refusal is about the agency never having it.
    held, _ = breached(*a_complaint_in(S.on_hold), clock="hold_cap")
    escalated, _ = apply(held, A.escalate, REPORTER, _later(held))
    assert escalated.status is S.escalated


def test_a_declined_complaint_reached_an_agency_and_may_go_to_the_ombudsman() -> None:
    complaint, _ = a_complaint_in(S.declined)
    assert complaint.agency_id is None  # no agency now, but one had it and declined
    after, _ = apply(complaint, A.escalate, REPORTER, _later(complaint))
    assert after.status is S.escalated
