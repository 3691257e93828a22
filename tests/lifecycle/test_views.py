"""Privacy views: the safe view is the default; lifting anonymity needs an explicit, recorded Disclosure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.engine import replay
from sp4n.lifecycle.events import Event, SubmitDetails
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import (
    REDACTED,
    Disclosure,
    PublicComplaint,
    agency_event_view,
    agency_view,
    public_event_view,
    public_status,
    public_view,
    reporter_view,
)
from sp4n.testing.lifecycle import REPORTER, a_complaint_in
from sp4n.testing.strategies import histories

AT = datetime(2026, 6, 1, tzinfo=UTC)


def _disclosure(complaint_id: str = "c-1") -> Disclosure:
    return Disclosure(
        complaint_id=complaint_id, authorised_by="kepala-inspektorat", at=AT, reason="putusan 1/2026"
    )


def _mentions(value: object, needle: str) -> bool:
    return needle in repr(value)


def test_the_public_never_sees_a_rahasia_complaint_or_its_events() -> None:
    complaint, events = a_complaint_in(Status.in_progress, rahasia=True)
    assert public_view(complaint) is None
    assert all(public_event_view(e, complaint) is None for e in events)


def test_the_public_view_never_carries_a_reporter_reference() -> None:
    complaint, events = a_complaint_in(Status.in_progress)
    view = public_view(complaint)
    assert view is not None
    assert not _mentions(view, REPORTER.id)
    assert (view.status, view.status_label) == (Status.in_progress, "Diproses")
    for event in events:
        public = public_event_view(event, complaint)
        assert public is not None
        assert not _mentions(public, REPORTER.id)


def test_an_agency_sees_an_anonim_reporter_redacted_by_default() -> None:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True)
    view = agency_view(complaint)
    assert (view.reporter_ref, view.complaint.reporter_ref, view.reporter_redacted, view.disclosure) == (
        None, None, True, None,
    )  # fmt: skip
    assert not _mentions(view, REPORTER.id)


def test_lifting_anonymity_for_an_agency_is_explicit_and_recorded_in_the_view() -> None:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True)
    view = agency_view(complaint, _disclosure())
    assert (view.reporter_ref, view.reporter_redacted, view.disclosure) == (REPORTER.id, False, _disclosure())


def test_a_disclosure_for_another_complaint_lifts_nothing() -> None:
    complaint, events = a_complaint_in(Status.forwarded, anonim=True)
    with pytest.raises(RuleViolation) as err:
        agency_view(complaint, _disclosure("c-other"))
    assert err.value.field == "disclosure.complaint_id"
    with pytest.raises(RuleViolation):
        agency_event_view(events[0], complaint, _disclosure("c-other"))


@pytest.mark.parametrize("field", ["complaint_id", "authorised_by", "reason"])
def test_a_disclosure_must_say_for_what_who_and_why(field: str) -> None:
    with pytest.raises(RuleViolation) as err:
        attrs.evolve(_disclosure(), **{field: " "})  # type: ignore[arg-type]  # mypy cannot narrow the key
    assert (err.value.field, err.value.rule) == (f"disclosure.{field}", "must not be empty")


def test_a_disclosure_refuses_a_naive_time() -> None:
    # The audit record of a lifted anonymity must say when, on the one timeline every other record uses.
    with pytest.raises(RuleViolation) as err:
        attrs.evolve(_disclosure(), at=datetime(2026, 6, 1))  # noqa: DTZ001 - the naive time is the point
    assert err.value.field == "disclosure.at"


def test_view_records_take_keywords_only() -> None:
    # Several fields share a type (authorised_by and reason; submitted_at and updated_at): a positional call
    # could swap them unnoticed.
    complaint, events = a_complaint_in(Status.in_progress)
    records: list[Any] = [  # Any: each is rebuilt through its own class, which mypy cannot follow
        _disclosure(),
        public_view(complaint),
        agency_view(complaint),
        public_event_view(events[0], complaint),
        public_status(complaint),
    ]
    for record in records:
        assert attrs.evolve(record) == record  # the same values by keyword are fine
        with pytest.raises(TypeError):
            type(record)(*attrs.astuple(record, recurse=False))


def test_a_public_complaint_built_without_attachments_has_none() -> None:
    complaint, _ = a_complaint_in(Status.in_progress)
    view = public_view(complaint)
    assert view is not None
    fields = {f.name: getattr(view, f.name) for f in attrs.fields(PublicComplaint) if f.name != "attachments"}
    assert PublicComplaint(**fields).attachments == ()


def test_a_named_reporter_is_visible_to_the_agency() -> None:
    complaint, _ = a_complaint_in(Status.forwarded)
    view = agency_view(complaint)
    assert (view.reporter_ref, view.reporter_redacted, view.disclosure) == (REPORTER.id, False, None)


def test_agency_event_views_redact_the_reporter_of_an_anonim_complaint() -> None:
    complaint, events = a_complaint_in(Status.closed, anonim=True)
    views = [agency_event_view(e, complaint) for e in events]
    assert not any(_mentions(v, REPORTER.id) for v in views)
    assert views[0].actor.id == views[-1].actor.id == REDACTED
    assert isinstance(views[0].details, SubmitDetails)
    assert views[0].details.reporter_ref is None
    assert views[1] == events[1]  # officials are not anonymous
    lifted = [agency_event_view(e, complaint, _disclosure()) for e in events]
    assert lifted == events


def test_the_reporter_sees_their_whole_complaint() -> None:
    complaint, _ = a_complaint_in(Status.declined, anonim=True, rahasia=True)
    assert reporter_view(complaint) == complaint


@given(histories())
def test_no_reporter_identity_reaches_public_or_agency_views_of_anonim_complaints(
    events: list[Event],
) -> None:
    complaint = replay(events)
    ref = complaint.reporter_ref
    assert ref is not None
    assert not _mentions(public_view(complaint), ref)
    assert all(not _mentions(public_event_view(e, complaint), ref) for e in events)
    if complaint.is_anonim:
        assert not _mentions(agency_view(complaint), ref)
        assert all(not _mentions(agency_event_view(e, complaint), ref) for e in events)
    # Reporter actions stay recognisable as the reporter's role, even when redacted.
    for event in events:
        assert agency_event_view(event, complaint).actor.role is event.actor.role


def test_a_flag_the_reporter_set_does_not_name_them_in_the_agency_view() -> None:
    complaint, _ = a_complaint_in(Status.forwarded, anonim=True, rahasia=True)
    shown = agency_view(complaint).complaint
    assert shown.anonim is not None
    assert shown.rahasia is not None
    assert (shown.anonim.set_by, shown.rahasia.set_by) == (REDACTED, REDACTED)
    assert shown.anonim.set_at == complaint.anonim.set_at  # type: ignore[union-attr]
