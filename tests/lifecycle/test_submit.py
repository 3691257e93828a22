"""Filing a complaint: ``new_complaint`` checks each field by name and records privacy flags with who/when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given

from sp4n.exceptions import NotPermitted, RuleViolation
from sp4n.lifecycle.engine import new_complaint
from sp4n.lifecycle.events import SubmitDetails
from sp4n.lifecycle.model import Actor
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.lifecycle import AGENCY_ADMIN, INTAKE, NATIONAL_ADMIN, REPORTER, UNIT_OFFICER
from sp4n.testing.strategies import submissions

AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
VALID: dict[str, Any] = {
    "complaint_id": "c-1",
    "tracking_id": "LAP-1",
    "type": "pengaduan",
    "title": "Jalan rusak",
    "description": "Lubang di Jl. Godean",
    "category": "infrastruktur",
    "region_code": "34.04",
    "channel": "web",
}


def _submit(actor: Actor = REPORTER, at: datetime = AT, **changes: object) -> Any:
    return new_complaint(**{**VALID, **changes}, actor=actor, at=at)


def test_a_submitted_complaint_starts_at_version_one_with_its_first_event() -> None:
    complaint, event = _submit()
    assert (complaint.status, complaint.version, complaint.submitted_at, complaint.updated_at) == (
        Status.submitted, 1, AT, AT,
    )  # fmt: skip
    assert (event.sequence, event.action, event.from_status, event.to_status) == (
        1, Action.submit, None, Status.submitted,
    )  # fmt: skip
    assert isinstance(event.details, SubmitDetails)
    assert event.details.title == "Jalan rusak"


@pytest.mark.parametrize("field", ["complaint_id", "tracking_id", "title", "description", "category"])
@pytest.mark.parametrize("value", ["", "   "])
def test_required_text_fields_are_refused_when_empty(field: str, value: str) -> None:
    changes: dict[str, Any] = {field: value}
    with pytest.raises(RuleViolation) as err:
        _submit(**changes)
    assert err.value.field == field


@pytest.mark.parametrize(("field", "value"), [("type", "keluhan"), ("channel", "fax")])
def test_unknown_types_and_channels_are_refused(field: str, value: str) -> None:
    changes: dict[str, Any] = {field: value}
    with pytest.raises(RuleViolation) as err:
        _submit(**changes)
    assert err.value.field == field


@pytest.mark.parametrize("channel", ["web", "app"])
def test_web_and_app_reports_must_name_a_region(channel: str) -> None:
    with pytest.raises(RuleViolation) as err:
        _submit(channel=channel, region_code=None)
    assert err.value.field == "region_code"


@pytest.mark.parametrize("channel", ["sms", "twitter", "other"])
def test_sms_and_twitter_reports_may_lack_a_region(channel: str) -> None:
    complaint, _ = _submit(channel=channel, region_code=None)
    assert complaint.region_code is None


@pytest.mark.parametrize("code", ["3404", "34.4", "34.04.01.201", "x", "34.04.", "", "   ", "34.70"])
def test_malformed_region_codes_are_refused(code: str) -> None:
    with pytest.raises(RuleViolation) as err:
        _submit(region_code=code)
    assert err.value.field == "region_code"


def test_a_well_formed_region_code_is_kept_as_given() -> None:
    assert _submit(region_code="34.04.01.2001")[0].region_code == "34.04.01.2001"


def test_an_incident_cannot_happen_after_the_report() -> None:
    with pytest.raises(RuleViolation) as err:
        _submit(incident_date=date(2026, 3, 4))
    assert err.value.field == "incident_date"
    # 2 March 01:00 UTC is already 2 March in WIT: the same local day is fine.
    assert _submit(incident_date=date(2026, 3, 2))[0].incident_date == date(2026, 3, 2)


def test_a_reporter_files_under_their_own_reference() -> None:
    assert _submit()[0].reporter_ref == REPORTER.id
    with pytest.raises(RuleViolation) as err:
        _submit(reporter_ref="someone-else")
    assert err.value.field == "reporter_ref"


def test_an_intake_on_behalf_of_a_reporter_keeps_the_given_reference() -> None:
    complaint, event = _submit(actor=INTAKE, channel="sms", region_code=None, reporter_ref="r-77")
    assert (complaint.reporter_ref, event.actor) == ("r-77", INTAKE)
    assert _submit(actor=NATIONAL_ADMIN)[0].reporter_ref is None


@pytest.mark.parametrize("actor", [AGENCY_ADMIN, UNIT_OFFICER, Actor(id="o", role="ombudsman")], ids=str)
def test_agencies_and_the_ombudsman_do_not_file_complaints(actor: Actor) -> None:
    with pytest.raises(NotPermitted):
        _submit(actor=actor)


def test_privacy_flags_set_at_submit_record_who_and_when() -> None:
    wib = timezone(timedelta(hours=7))
    complaint, _ = _submit(anonim=True, rahasia=True, at=AT.astimezone(wib))
    for flag in (complaint.anonim, complaint.rahasia):
        assert flag is not None
        assert (flag.set_by, flag.set_by_role, flag.set_at) == (REPORTER.id, "reporter", AT)
        assert flag.set_at.utcoffset() == timedelta(0)
    plain, _ = _submit()
    assert (plain.anonim, plain.rahasia) == (None, None)


def test_a_naive_submission_time_is_refused() -> None:
    with pytest.raises(RuleViolation) as err:
        _submit(at=datetime(2026, 3, 2))  # noqa: DTZ001  # naive on purpose
    assert err.value.field == "at"


@given(submissions())
def test_every_valid_submission_is_accepted_and_kept_verbatim(kwargs: dict[str, Any]) -> None:
    complaint, event = new_complaint(**kwargs, actor=REPORTER, at=AT)
    assert complaint.title == kwargs["title"].strip()
    assert (complaint.is_anonim, complaint.is_rahasia) == (kwargs["anonim"], kwargs["rahasia"])
    assert event.details == SubmitDetails(
        **{**{k: v for k, v in kwargs.items() if k != "complaint_id"}, "reporter_ref": REPORTER.id,
           "title": kwargs["title"].strip(), "description": kwargs["description"].strip()}
    )  # fmt: skip
