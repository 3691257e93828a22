"""Intervention: the national admin overrules a decline, re-routes, archives duplicates and adds a
co-handling agency; an agency re-disposes, a unit hands back, a decline is possible in progress; nothing
declines twice."""

from __future__ import annotations

import pytest

from sp4n.exceptions import InvalidTransition, NotPermitted, RuleViolation
from sp4n.lifecycle.engine import apply, replay
from sp4n.lifecycle.model import Actor
from sp4n.lifecycle.status import Action, Status
from sp4n.sla import clock_states
from sp4n.testing.lifecycle import (
    AGENCIES,
    AGENCY_ADMIN,
    NATIONAL_ADMIN,
    OTHER_AGENCY_ADMIN,
    UNIT_OFFICER,
    a_complaint_in,
    breached,
)

A, S = Action, Status
THIRD_ADMIN = Actor(id="adm-3", role="agency_admin", agency_id=AGENCIES[2])


@pytest.mark.usefixtures("english")
def test_an_overruled_decline_goes_back_to_the_same_agency_which_may_not_decline_again() -> None:
    complaint, events = a_complaint_in(S.declined)
    with pytest.raises(RuleViolation) as err:
        apply(complaint, A.overrule_decline, NATIONAL_ADMIN, complaint.updated_at)
    assert err.value.field == "reason"
    back, event = apply(
        complaint, A.overrule_decline, NATIONAL_ADMIN, complaint.updated_at, reason="SD urusan kabupaten"
    )
    events.append(event)
    assert (back.status, back.agency_id, back.unit_ids) == (S.forwarded, AGENCIES[0], ())
    with pytest.raises(InvalidTransition, match="nothing declines twice"):
        apply(back, A.decline, AGENCY_ADMIN, back.updated_at, reason="tetap bukan")
    # The agency's follow-up clock starts again, for that agency.
    follow = next(s for s in clock_states(back, events, back.updated_at) if s.clock == "follow_up")
    assert (follow.agency_id, follow.started_at) == (AGENCIES[0], back.updated_at)
    assert replay(events) == back


@pytest.mark.parametrize("status", [S.forwarded, S.disposed, S.in_progress, S.on_hold])
def test_the_national_admin_reroutes_a_forwarded_complaint_before_or_after_a_breach(status: Status) -> None:
    complaint, events = breached(*a_complaint_in(status))
    moved, event = apply(complaint, A.reroute, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[1])
    assert (moved.status, moved.agency_id, moved.unit_ids, moved.held_from) == (
        S.forwarded,
        AGENCIES[1],
        (),
        None,
    )
    follow = next(
        s for s in clock_states(moved, [*events, event], moved.updated_at) if s.clock == "follow_up"
    )
    assert (follow.agency_id, follow.status.value) == (AGENCIES[1], "running")
    with pytest.raises(RuleViolation, match="instansi lain"):  # "a different agency" in the default language
        apply(moved, A.reroute, NATIONAL_ADMIN, moved.updated_at, agency_id=AGENCIES[1])


@pytest.mark.usefixtures("english")
def test_a_second_reroute_never_returns_to_an_agency_that_declined() -> None:
    complaint, _ = a_complaint_in(S.declined)
    moved, _ = apply(complaint, A.reroute, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[1])
    with pytest.raises(RuleViolation, match="already declined"):
        apply(moved, A.reroute, NATIONAL_ADMIN, moved.updated_at, agency_id=AGENCIES[0])
    declined_again, _ = apply(moved, A.decline, OTHER_AGENCY_ADMIN, moved.updated_at, reason="bukan kami")
    for agency in AGENCIES[:2]:
        with pytest.raises(RuleViolation, match="already declined"):
            apply(declined_again, A.reroute, NATIONAL_ADMIN, declined_again.updated_at, agency_id=agency)


@pytest.mark.parametrize("status", [S.submitted, S.disposed, S.followed_up, S.on_hold])
def test_a_duplicate_is_archived_at_any_open_stage_linked_to_its_canonical_complaint(status: Status) -> None:
    complaint, events = a_complaint_in(status)
    with pytest.raises(RuleViolation) as err:
        apply(
            complaint,
            A.archive_duplicate,
            NATIONAL_ADMIN,
            complaint.updated_at,
            reason="duplikat",
            duplicate_of=complaint.id,
        )
    assert err.value.field == "details.duplicate_of"
    with pytest.raises(NotPermitted):
        apply(
            complaint, A.archive_duplicate, AGENCY_ADMIN, complaint.updated_at, reason="d", duplicate_of="c-0"
        )
    archived, event = apply(
        complaint,
        A.archive_duplicate,
        NATIONAL_ADMIN,
        complaint.updated_at,
        reason="duplikat",
        duplicate_of="c-0",
    )
    assert (archived.status, archived.duplicate_of, archived.archive_reason) == (
        S.archived,
        "c-0",
        "duplikat",
    )
    assert replay([*events, event]) == archived


@pytest.mark.usefixtures("english")
def test_a_co_handling_agency_contributes_while_the_lead_owns_the_clock() -> None:
    complaint, events = a_complaint_in(S.in_progress)
    with pytest.raises(RuleViolation, match="already handles"):
        apply(complaint, A.add_agency, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[0])
    shared, added = apply(
        complaint, A.add_agency, NATIONAL_ADMIN, complaint.updated_at, agency_id=AGENCIES[1]
    )
    assert (shared.status, shared.agency_id, shared.co_agency_ids) == (
        S.in_progress,
        AGENCIES[0],
        (AGENCIES[1],),
    )
    with pytest.raises(NotPermitted):
        apply(shared, A.follow_up, OTHER_AGENCY_ADMIN, shared.updated_at, reason="kami")
    with pytest.raises(NotPermitted):
        apply(shared, A.contribute, THIRD_ADMIN, shared.updated_at, reason="kami")
    helped, said = apply(
        shared, A.contribute, OTHER_AGENCY_ADMIN, shared.updated_at, reason="data BPJS terlampir"
    )
    assert helped.status is S.in_progress
    assert said.reason == "data BPJS terlampir"
    follow = next(
        s for s in clock_states(helped, [*events, added, said], helped.updated_at) if s.clock == "follow_up"
    )
    assert follow.agency_id == AGENCIES[0]  # the lead's clock, unchanged by the co-handler
    # A co-handler promoted to lead by a reroute is no longer a co-handler.
    led, _ = apply(helped, A.reroute, NATIONAL_ADMIN, helped.updated_at, agency_id=AGENCIES[1])
    assert (led.agency_id, led.co_agency_ids) == (AGENCIES[1], ())


def test_an_agency_re_disposes_and_a_unit_hands_back_to_its_admin() -> None:
    complaint, _ = a_complaint_in(S.in_progress)
    again, _ = apply(complaint, A.dispose, AGENCY_ADMIN, complaint.updated_at, unit_ids=["dinkes", "dpupr"])
    assert (again.status, again.unit_ids) == (S.disposed, ("dinkes", "dpupr"))
    with pytest.raises(NotPermitted):
        apply(
            again, A.hand_back, UNIT_OFFICER, again.updated_at, reason="bukan unit kami"
        )  # disdik was replaced
    complaint, _ = a_complaint_in(S.in_progress)
    with pytest.raises(NotPermitted):
        apply(complaint, A.hand_back, AGENCY_ADMIN, complaint.updated_at, reason="x")
    back, _ = apply(complaint, A.hand_back, UNIT_OFFICER, complaint.updated_at, reason="bukan unit kami")
    assert (back.status, back.unit_ids, back.agency_id) == (S.forwarded, (), AGENCIES[0])


def test_an_agency_may_decline_while_in_progress() -> None:
    complaint, _ = a_complaint_in(S.in_progress)
    declined, _ = apply(
        complaint, A.decline, AGENCY_ADMIN, complaint.updated_at, reason="ternyata jalan nasional"
    )
    assert (declined.status, declined.agency_id, declined.declined_agencies) == (
        S.declined,
        None,
        frozenset({AGENCIES[0]}),
    )
