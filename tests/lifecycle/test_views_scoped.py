"""Privacy views at their edges: who set a flag, who acted, whose result, and the errors they raise.

Each test pins one branch of :mod:`sp4n.lifecycle.views` that the broad privacy properties in
``test_views.py`` do not reach (found by mutation testing, docs/mutation-testing.md).
"""

from __future__ import annotations

import attrs
import pytest

from sp4n.exceptions import NotPermitted, RuleViolation
from sp4n.lifecycle.model import Actor, PrivacyFlag, Role
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import (
    REDACTED,
    AgencyComplaint,
    Disclosure,
    agency_event_view,
    agency_view,
    public_event_view,
    scoped_event,
    scoped_view,
)
from sp4n.testing.lifecycle import (
    AGENCY_ADMIN,
    IMPERSONATOR,
    NATIONAL_ADMIN,
    OMBUDSMAN,
    OTHER_REPORTER,
    REPORTER,
    a_complaint_in,
    renamed,
)


def _flag(set_by: str, role: Role) -> PrivacyFlag:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True)
    assert complaint.anonim is not None
    return PrivacyFlag(set_by=set_by, set_by_role=role, set_at=complaint.anonim.set_at)


@pytest.mark.parametrize(
    ("setter", "role", "shown"),
    [
        (NATIONAL_ADMIN.id, Role.national_admin, NATIONAL_ADMIN.id),  # officials are not anonymous
        (REPORTER.id, Role.national_admin, REDACTED),  # the reporter's reference, whatever the role
        (OTHER_REPORTER.id, Role.reporter, REDACTED),  # a reporter's account, even not the filing one
    ],
)
def test_the_agency_view_redacts_a_flag_setter_that_is_the_reporter_or_a_reporter(
    setter: str, role: Role, shown: str
) -> None:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True)
    complaint = attrs.evolve(complaint, rahasia=_flag(setter, role))
    view = agency_view(complaint).complaint
    assert view.rahasia is not None
    assert view.rahasia.set_by == shown


def test_the_agency_view_of_a_named_reporter_is_the_complaint_itself() -> None:
    complaint, _ = a_complaint_in(Status.forwarded)
    assert agency_view(complaint).complaint == complaint


def test_an_agency_view_built_without_a_disclosure_records_none() -> None:
    complaint, _ = a_complaint_in(Status.forwarded)
    assert AgencyComplaint(complaint=complaint, reporter_ref="r", reporter_redacted=False).disclosure is None


@pytest.mark.parametrize("actor", [IMPERSONATOR, OTHER_REPORTER])
def test_an_event_by_the_reporters_id_or_by_any_reporter_is_redacted_for_the_agency(actor: Actor) -> None:
    complaint, events = a_complaint_in(Status.forwarded, anonim=True)
    event = attrs.evolve(events[1], actor=actor)
    shown = agency_event_view(event, complaint)
    assert (shown.actor.id, shown.actor.role) == (REDACTED, actor.role)


def test_an_event_of_another_complaint_is_refused_by_name() -> None:
    complaint, events = a_complaint_in(Status.forwarded)
    _, others = renamed(complaint, events, "c-2", "LAP-2")
    for view in (agency_event_view, public_event_view):
        with pytest.raises(RuleViolation) as err:
            view(others[0], complaint)
        assert (err.value.field, err.value.rule) == (
            "event.complaint_id",
            "the event belongs to another complaint",
        )


def test_a_disclosure_for_another_complaint_says_why() -> None:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True)
    other = Disclosure(complaint_id="c-2", authorised_by="inspektur", at=complaint.updated_at, reason="r")
    with pytest.raises(RuleViolation) as err:
        agency_view(complaint, other)
    assert err.value.rule == "a disclosure lifts anonymity for one complaint only"


def test_reading_someone_elses_complaint_is_refused_as_a_read() -> None:
    complaint, _ = a_complaint_in(Status.forwarded)
    with pytest.raises(NotPermitted) as err:
        scoped_view(complaint, OTHER_REPORTER)
    assert (err.value.actor, err.value.action, err.value.rule) == (
        OTHER_REPORTER.id,
        "read",
        "this complaint is neither theirs nor their agency's",
    )


def test_the_reporter_gets_their_anonim_complaint_whole_and_another_reporter_a_redacted_result() -> None:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True)
    assert scoped_view(complaint, REPORTER) == complaint
    other = scoped_view(complaint, OTHER_REPORTER, acted=True)
    assert other.reporter_ref is None


def test_consent_to_the_ombudsman_lifts_anonymity_for_the_ombudsman_only() -> None:
    # UU 37/2008 Pasal 24(2): the reporter escalated with disclose_identity; the agency still never learns.
    complaint, events = a_complaint_in(Status.escalated, anonim=True)
    assert complaint.disclosed_to_ombudsman
    assert scoped_view(complaint, OMBUDSMAN) == complaint
    assert scoped_event(events[0], complaint, OMBUDSMAN) == events[0]
    assert scoped_view(complaint, AGENCY_ADMIN, acted=True).reporter_ref is None
    assert scoped_event(events[0], complaint, AGENCY_ADMIN).actor.id == REDACTED


def test_without_consent_the_ombudsman_gets_the_agency_view() -> None:
    complaint, events = a_complaint_in(Status.escalated, anonim=True)
    complaint = attrs.evolve(complaint, disclosed_to_ombudsman=False)
    assert scoped_view(complaint, OMBUDSMAN).reporter_ref is None
    assert scoped_event(events[0], complaint, OMBUDSMAN).actor.id == REDACTED
