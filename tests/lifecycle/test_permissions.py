"""Who may do what: every permission rule, for every kind of actor and near miss."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import attrs
import pytest

from sp4n.exceptions import NotPermitted
from sp4n.lifecycle.access import RULES, allowed_actions, can, check_permitted, permission_rule
from sp4n.lifecycle.engine import apply, new_complaint
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import OPEN, WITH_OMBUDSMAN, Action, Status
from sp4n.testing.lifecycle import (
    AGENCIES,
    AGENCY_ADMIN,
    EVERYONE,
    FOREIGN_UNIT,
    IMPERSONATOR,
    INTAKE,
    NATIONAL_ADMIN,
    OMBUDSMAN,
    OTHER_AGENCY_ADMIN,
    REPORTER,
    SYSTEM,
    UNIT_OFFICER,
    a_complaint_in,
    breached,
    escalable,
)

BREACH = {"clock": "follow_up", "overdue_by": timedelta(hours=3)}

# (status the complaint is in, action, details, the only actors allowed)
CASES: list[tuple[Status, Action, dict[str, Any], set[Actor]]] = [
    (Status.submitted, Action.verify, {"agency_id": AGENCIES[0]}, {NATIONAL_ADMIN}),
    (Status.declined, Action.reroute, {"agency_id": AGENCIES[1]}, {NATIONAL_ADMIN}),
    (Status.forwarded, Action.dispose, {"unit_ids": ["disdik"]}, {AGENCY_ADMIN}),
    (Status.forwarded, Action.decline, {}, {AGENCY_ADMIN}),
    (Status.disposed, Action.decline, {}, {AGENCY_ADMIN}),
    (Status.forwarded, Action.hold, {}, {AGENCY_ADMIN}),
    (Status.disposed, Action.hold, {}, {AGENCY_ADMIN}),
    (Status.in_progress, Action.hold, {}, {AGENCY_ADMIN}),
    (Status.on_hold, Action.resume, {}, {AGENCY_ADMIN}),
    (Status.disposed, Action.start, {}, {AGENCY_ADMIN, UNIT_OFFICER}),
    (Status.disposed, Action.follow_up, {}, {AGENCY_ADMIN, UNIT_OFFICER}),
    (Status.in_progress, Action.follow_up, {}, {AGENCY_ADMIN, UNIT_OFFICER}),
    # Before disposition no unit has it yet: only the agency's admin may follow up directly.
    (Status.forwarded, Action.follow_up, {}, {AGENCY_ADMIN}),
    (Status.followed_up, Action.reply, {}, {REPORTER}),
    (Status.followed_up, Action.close, {}, {REPORTER, SYSTEM}),
    (Status.submitted, Action.archive, {}, {NATIONAL_ADMIN}),
    (Status.declined, Action.archive, {}, {NATIONAL_ADMIN}),
    (Status.forwarded, Action.archive, {}, {AGENCY_ADMIN}),
    *(
        (status, Action.escalate, {}, {REPORTER, NATIONAL_ADMIN, SYSTEM})
        for status in sorted(OPEN - {Status.submitted} | {Status.closed})
    ),
    *(
        (status, Action.record_breach, BREACH, {SYSTEM})
        for status in sorted(OPEN | {Status.lhp_issued, Status.recommendation_issued})
    ),
    (Status.closed, Action.reopen, {}, {REPORTER}),
    (Status.escalated, Action.ombudsman_receive, {}, {OMBUDSMAN}),
    (Status.examined_by_ombudsman, Action.record_lhp, {}, {OMBUDSMAN}),
    (Status.lhp_issued, Action.record_recommendation, {}, {OMBUDSMAN}),
    (Status.lhp_issued, Action.record_response, {}, {OMBUDSMAN}),
    (Status.answered_to_ombudsman, Action.conclude, {}, {OMBUDSMAN}),
    (Status.in_progress, Action.decline, {}, {AGENCY_ADMIN}),
    (Status.disposed, Action.dispose, {"unit_ids": ["dinkes"]}, {AGENCY_ADMIN}),
    (Status.in_progress, Action.dispose, {"unit_ids": ["dinkes"]}, {AGENCY_ADMIN}),
    *(
        (status, Action.reroute, {"agency_id": AGENCIES[2]}, {NATIONAL_ADMIN})
        for status in (Status.forwarded, Status.disposed, Status.in_progress, Status.on_hold)
    ),
    (Status.declined, Action.overrule_decline, {}, {NATIONAL_ADMIN}),
    (Status.disposed, Action.hand_back, {}, {UNIT_OFFICER}),
    (Status.in_progress, Action.hand_back, {}, {UNIT_OFFICER}),
    *(
        (status, Action.archive_duplicate, {"duplicate_of": "c-0"}, {NATIONAL_ADMIN})
        for status in sorted(OPEN)
    ),
    (Status.in_progress, Action.add_agency, {"agency_id": AGENCIES[2]}, {NATIONAL_ADMIN}),
    # The co-handling agency (AGENCIES[1]) contributes: its admin, its officers (the impersonator is, by
    # role, an admin of that agency); the lead agency does not "contribute", it follows up.
    (Status.in_progress, Action.contribute, {}, {OTHER_AGENCY_ADMIN, FOREIGN_UNIT, IMPERSONATOR}),
]

# Deterministic ids (sets of actors have no stable order across pytest-xdist workers).
CASE_IDS = [f"{status}-{action}" for status, action, _, _ in CASES]


def _complaint(status: Status, action: Action) -> Complaint:
    # Escalation needs a ground (lifecycle.conditions): give it one, a recorded breach of the agency's clock.
    if action is Action.escalate:
        return escalable(status)[0]
    complaint, _ = a_complaint_in(status)
    if action is Action.contribute:
        return attrs.evolve(complaint, co_agency_ids=(AGENCIES[1],))
    return complaint


def _try(status: Status, action: Action, details: dict[str, Any], actor: Actor) -> None:
    complaint = _complaint(status, action)
    at = complaint.updated_at + timedelta(hours=1)
    extra: dict[str, Any] = {"due_at": complaint.updated_at} if action is Action.record_breach else {}
    apply(complaint, action, actor, at, reason="alasan", **details, **extra)


@pytest.mark.parametrize(("status", "action", "details", "allowed"), CASES, ids=CASE_IDS)
def test_only_the_named_actors_may_take_the_action(
    status: Status, action: Action, details: dict[str, Any], allowed: set[Actor]
) -> None:
    for actor in allowed:
        _try(status, action, details, actor)
    for actor in set(EVERYONE) - allowed:
        with pytest.raises(NotPermitted) as refused:
            _try(status, action, details, actor)
        assert (refused.value.actor, refused.value.action, refused.value.rule) == (
            actor.id,
            str(action),
            RULES[action],
        )


@pytest.mark.parametrize(("status", "action", "details", "allowed"), CASES, ids=CASE_IDS)
def test_allowed_actions_offers_an_action_exactly_to_the_actors_who_may_take_it(
    status: Status, action: Action, details: dict[str, Any], allowed: set[Actor]
) -> None:
    complaint = _complaint(status, action)
    for actor in EVERYONE:
        assert (action in allowed_actions(complaint, actor)) == (actor in allowed)
        assert can(complaint, action, actor) == (actor in allowed)


def test_an_agency_admin_may_not_archive_a_complaint_once_it_is_disposed() -> None:
    complaint, _ = a_complaint_in(Status.disposed)
    assert Action.archive not in allowed_actions(complaint, AGENCY_ADMIN)


def test_nobody_may_reply_for_a_reporter_who_filed_without_a_reference() -> None:
    # An SMS 1708 intake by the gateway with no reporter reference: there is nobody to answer.
    complaint, _ = new_complaint(
        complaint_id="sms-1",
        tracking_id="LAP-9",
        type="pengaduan",
        title="Lampu mati",
        description="...",
        category="infrastruktur",
        channel="sms",
        actor=INTAKE,
        at=a_complaint_in(Status.submitted)[0].updated_at,
    )
    assert complaint.reporter_ref is None
    for actor in EVERYONE:
        assert not can(complaint, Action.reply, actor)


def test_a_refused_actor_leaves_the_complaint_and_its_history_unchanged() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    before = (complaint, list(events))
    with pytest.raises(NotPermitted):
        apply(complaint, Action.dispose, UNIT_OFFICER, complaint.updated_at, unit_ids=["disdik"])
    assert (complaint, events) == before


def test_the_ombudsman_acts_only_once_a_complaint_is_escalated() -> None:
    for status in Status:
        complaint, _ = a_complaint_in(status)
        offered = allowed_actions(complaint, OMBUDSMAN)
        assert (offered != frozenset()) == (status in WITH_OMBUDSMAN)


def test_inside_the_ombudsman_path_nobody_else_acts_but_the_timer() -> None:
    # ... and the national admin's moderation of texts (masking a span is not handling the case).
    masking = {Action.flag_redaction, Action.redact}
    for status in WITH_OMBUDSMAN:
        complaint, _ = a_complaint_in(status)
        for actor in set(EVERYONE) - {OMBUDSMAN}:
            allowed = allowed_actions(complaint, actor)
            assert allowed <= {Action.record_breach} | (masking if actor is NATIONAL_ADMIN else set())


def test_only_the_national_admin_flags_redacts_and_clears() -> None:
    for status in set(Status) - {Status.archived, Status.concluded}:
        complaint, _ = a_complaint_in(status)
        flagged = attrs.evolve(complaint, in_redaction=True)
        for actor in EVERYONE:
            national = actor is NATIONAL_ADMIN
            assert (Action.flag_redaction in allowed_actions(complaint, actor)) == national
            assert (Action.redact in allowed_actions(complaint, actor)) == national
            assert Action.clear_redaction not in allowed_actions(complaint, actor)
            assert (Action.clear_redaction in allowed_actions(flagged, actor)) == national
            assert Action.flag_redaction not in allowed_actions(flagged, actor)


def test_terminal_complaints_offer_no_action_to_anyone() -> None:
    for status in (Status.archived, Status.concluded):
        complaint, _ = a_complaint_in(status)
        assert all(allowed_actions(complaint, actor) == frozenset() for actor in EVERYONE)


@pytest.mark.parametrize("status", sorted(Status), ids=str)
def test_the_intake_gateway_may_only_submit_and_the_timer_only_time_its_actions(status: Status) -> None:
    complaint, events = a_complaint_in(status)
    complaint = breached(complaint, events)[0] if status in OPEN else complaint
    assert allowed_actions(complaint, INTAKE) == frozenset()
    timer_work = {Action.record_breach, Action.close, Action.escalate, Action.information_lapsed}
    assert allowed_actions(complaint, SYSTEM) <= timer_work


def test_the_timer_may_not_file_a_complaint_but_the_intake_gateway_may() -> None:
    fields: dict[str, Any] = {
        "tracking_id": "LAP-9", "type": "pengaduan", "title": "Lampu mati", "description": "...",
        "category": "infrastruktur", "channel": "sms", "at": a_complaint_in(Status.submitted)[0].updated_at,
    }  # fmt: skip
    with pytest.raises(NotPermitted):
        new_complaint(complaint_id="sms-1", actor=SYSTEM, **fields)
    _, event = new_complaint(complaint_id="sms-2", actor=INTAKE, **fields)
    assert event.actor.role is Role.intake


def test_submit_is_refused_as_a_command_and_points_to_new_complaint() -> None:
    complaint, _ = a_complaint_in(Status.submitted)
    with pytest.raises(NotPermitted) as err:
        check_permitted(complaint, Action.submit, REPORTER)
    assert err.value.rule == "use new_complaint() to create a complaint"


def test_an_action_without_a_permission_rule_is_refused_to_everyone() -> None:
    # Deny by default: an action added to the machine but not to the permission table is nobody's.
    complaint, _ = a_complaint_in(Status.forwarded)
    unknown = cast(Action, "frobnicate")
    for actor in EVERYONE:
        assert permission_rule(complaint, unknown, actor) == "unknown action frobnicate"
