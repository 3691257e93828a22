"""Untrusted input at the edge: every field of every command, fuzzed, is refused with a typed error that
names the field — and the service writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sp4n import commands as cmd
from sp4n.commands import parse_command
from sp4n.exceptions import InvalidCommand, RuleViolation
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import Service, create_service
from sp4n.service.actions import OMBUDSMAN_STEPS
from sp4n.testing.fakes import FixedClock
from sp4n.testing.strategies import hostile_text

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
ADMIN = Actor(id="adm-1", role=Role.national_admin)

SUBMIT: dict[str, Any] = {
    "type": "pengaduan",
    "title": "Jalan berlubang",
    "description": "Lubang besar di Jl. Godean km 5.\nSudah dua bulan.",
    "category": "infrastruktur",
    "channel": "web",
    "region_code": "34.04",
    "incident_date": "2026-02-20",
    "anonim": False,
    "rahasia": False,
    "reporter": {"name": "Siti", "nik": "3404015506900001", "phone": "081234567890", "email": "s@contoh.id"},
}
#: A valid payload of every command (``C`` stands for the complaint the test created).
VALID: dict[type[cmd.Command], dict[str, Any]] = {
    cmd.SubmitComplaint: SUBMIT,
    cmd.VerifyAndForward: {
        "complaint_id": "C",
        "agency_id": "pemkab-34.04",
        "title": "Jalan rusak",
        "category": "jalan",
        "anonim": True,
        "rahasia": True,
        "reason": "ok",
    },
    cmd.Dispose: {"complaint_id": "C", "unit_ids": ["disdik"], "reason": "ok"},
    cmd.Start: {"complaint_id": "C", "reason": "ok"},
    cmd.FollowUp: {"complaint_id": "C", "reason": "ok"},
    cmd.Reply: {"complaint_id": "C", "reason": "ok"},
    cmd.Close: {"complaint_id": "C", "reason": "ok"},
    cmd.Hold: {"complaint_id": "C", "reason": "ok"},
    cmd.Resume: {"complaint_id": "C", "reason": "ok"},
    cmd.Decline: {"complaint_id": "C", "reason": "ok"},
    cmd.Reroute: {"complaint_id": "C", "agency_id": "pemprov-34", "reason": "ok"},
    cmd.Archive: {"complaint_id": "C", "reason": "ok"},
    cmd.Escalate: {"complaint_id": "C", "ombudsman_ref": "LM-1", "disclose_identity": True, "reason": "ok"},
    cmd.Reopen: {"complaint_id": "C", "reason": "ok"},
    cmd.OverruleDecline: {"complaint_id": "C", "reason": "ok"},
    cmd.ArchiveDuplicate: {"complaint_id": "C", "duplicate_of": "c-0", "reason": "ok"},
    cmd.AddAgency: {"complaint_id": "C", "agency_id": "pemprov-34", "reason": "ok"},
    cmd.Contribute: {"complaint_id": "C", "reason": "ok"},
    cmd.HandBack: {"complaint_id": "C", "reason": "ok"},
    cmd.RequestInformation: {"complaint_id": "C", "reason": "ok"},
    cmd.AddInformation: {
        "complaint_id": "C",
        "reason": "ok",
        "attachments": [
            {"media_type": "image/jpeg", "size": 10, "sha256": "a" * 64, "storage_key": "aa/" + "a" * 64}
        ],
    },
    **{
        model: {"complaint_id": "C", "document_ref": "LHP-1", "reason": "ok"}
        for model in (
            cmd.OmbudsmanReceive,
            cmd.RecordLhp,
            cmd.RecordRecommendation,
            cmd.RecordResponse,
            cmd.Conclude,
        )
    },
    cmd.EraseReporter: {"reporter_ref": "C"},
}
#: Fields that are identifiers (quotes, semicolons and other metacharacters are refused there).
IDENTIFIERS = {"complaint_id", "agency_id", "reporter_ref", "duplicate_of"}
#: Fields whose value is free text (metacharacters are fine there; they are stored through parameters).
FREE_TEXT = {"title", "description", "category", "reason", "ombudsman_ref", "document_ref"}

FIELDS = [(model, name) for model, payload in VALID.items() for name in payload]
REPORTER_FIELDS = list(SUBMIT["reporter"])

sql = st.sampled_from(
    [
        "'; DROP TABLE sp4n_complaints; --",
        '" OR 1=1 --',
        "c-1' OR '1'='1",
        "x`; DELETE FROM t",
        "1;",
        "a b",
        "%'",
    ]
)
wrong_types = st.one_of(
    st.integers(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), min_size=1, max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2),
    st.binary(min_size=1, max_size=8),
)
huge = st.builds(lambda s: s + "x" * 20_001, st.text(max_size=5))
controls = st.builds(
    lambda a, c, b: a + c + b,
    st.text(max_size=5),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u200b", "\ufeff", "\ud800"]),
    st.text(max_size=5),
)


def bad_values(field: str) -> st.SearchStrategy[Any]:
    """Values that must be refused for ``field``."""
    choices = [wrong_types, huge, controls]
    if field not in FREE_TEXT:
        choices.append(sql)
    return st.one_of(*choices)


def _expected_field(field: str, problem_field: str) -> bool:
    return problem_field == field or problem_field.startswith(f"{field}.")


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
@given(data=st.data())
def test_a_bad_value_in_any_field_is_refused_naming_that_field(
    model: type[cmd.Command], field: str, data: st.DataObject
) -> None:
    payload = {**VALID[model], field: data.draw(bad_values(field))}
    with pytest.raises(InvalidCommand) as caught:
        parse_command(model, payload)
    assert isinstance(caught.value, RuleViolation)
    assert _expected_field(field, caught.value.field), caught.value.problems


@pytest.mark.parametrize("field", REPORTER_FIELDS)
@given(data=st.data())
def test_a_bad_reporter_detail_is_refused_naming_it(field: str, data: st.DataObject) -> None:
    reporter = {**SUBMIT["reporter"], field: data.draw(st.one_of(wrong_types, huge, controls))}
    with pytest.raises(InvalidCommand) as caught:
        parse_command(cmd.SubmitComplaint, {**SUBMIT, "reporter": reporter})
    assert caught.value.field == f"reporter.{field}"


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_every_valid_payload_is_accepted(model: type[cmd.Command]) -> None:
    assert parse_command(model, VALID[model]) == parse_command(model, json.dumps(VALID[model]).encode())


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_unknown_and_missing_fields_are_refused(model: type[cmd.Command]) -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(model, {**VALID[model], "is_admin": True})
    assert caught.value.field == "(unknown field)"
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    for name in required:
        missing = {k: v for k, v in VALID[model].items() if k != name}
        with pytest.raises(InvalidCommand) as caught:
            parse_command(model, missing)
        assert caught.value.field == name


@given(st.binary(min_size=1, max_size=40).filter(lambda b: not _utf8(b)))
def test_a_body_that_is_not_utf8_is_refused_as_the_body(raw: bytes) -> None:
    body = json.dumps(SUBMIT).encode().replace(b"Godean", raw)
    with pytest.raises(InvalidCommand) as caught:
        parse_command(cmd.SubmitComplaint, body)
    assert caught.value.field == "body"


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("body", [b"", b"[]", b"null", b"{", b'"text"', b"1" * 300_000, b"[" * 10_000])
def test_a_body_that_is_not_a_json_object_is_refused(body: bytes) -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(cmd.Close, body)
    assert caught.value.field == "body"


def test_sql_metacharacters_in_free_text_are_stored_verbatim() -> None:
    text = "Robert'); DROP TABLE sp4n_complaints; -- \"O'Brien\" 100% _"
    assert parse_command(cmd.SubmitComplaint, {**SUBMIT, "title": text}).title == text


def test_error_messages_never_echo_the_input() -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(cmd.SubmitComplaint, {**SUBMIT, "reporter": {"nik": "34040155069000X1"}})
    assert "34040155069000X1" not in str(caught.value.problems)


# --- through the service: nothing is written ------------------------------------------------------------


def _ombudsman_step(step: str, service: Service, payload: Any) -> object:
    return service.record_ombudsman_step({**payload, "step": step}, actor=ADMIN)


_METHODS: dict[type[cmd.Command], Callable[[Service, Any], object]] = {
    cmd.SubmitComplaint: lambda s, p: s.submit(p, idempotency_key="k-fuzz"),
    cmd.VerifyAndForward: lambda s, p: s.verify_and_forward(p, actor=ADMIN),
    cmd.Dispose: lambda s, p: s.dispose(p, actor=ADMIN),
    cmd.Start: lambda s, p: s.start(p, actor=ADMIN),
    cmd.FollowUp: lambda s, p: s.follow_up(p, actor=ADMIN),
    cmd.Reply: lambda s, p: s.reply(p, actor=ADMIN),
    cmd.Close: lambda s, p: s.close(p, actor=ADMIN),
    cmd.Hold: lambda s, p: s.hold(p, actor=ADMIN),
    cmd.Resume: lambda s, p: s.resume(p, actor=ADMIN),
    cmd.Decline: lambda s, p: s.decline(p, actor=ADMIN),
    cmd.Reroute: lambda s, p: s.reroute(p, actor=ADMIN),
    cmd.Archive: lambda s, p: s.archive(p, actor=ADMIN),
    cmd.Escalate: lambda s, p: s.escalate(p, actor=ADMIN),
    cmd.Reopen: lambda s, p: s.reopen(p, actor=ADMIN),
    cmd.OverruleDecline: lambda s, p: s.overrule_decline(p, actor=ADMIN),
    cmd.ArchiveDuplicate: lambda s, p: s.archive_duplicate(p, actor=ADMIN),
    cmd.AddAgency: lambda s, p: s.add_agency(p, actor=ADMIN),
    cmd.Contribute: lambda s, p: s.contribute(p, actor=ADMIN),
    cmd.HandBack: lambda s, p: s.hand_back(p, actor=ADMIN),
    cmd.RequestInformation: lambda s, p: s.request_information(p, actor=ADMIN),
    cmd.AddInformation: lambda s, p: s.add_information(p, actor=ADMIN),
    **{model: partial(_ombudsman_step, step) for step, model in OMBUDSMAN_STEPS.items()},
    cmd.EraseReporter: lambda s, p: s.erase_reporter(p),
}


def _snapshot(service: Service, cid: str) -> tuple[int, int, object]:
    with service.uow as uow:
        complaint = uow.complaints.get(cid)
        return uow.events.last_position(), complaint.version, uow.identities.get(complaint.reporter_ref or "")


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def seeded(request: pytest.FixtureRequest) -> tuple[Service, str]:
    uow = None
    if request.param == "sqlite":
        from sp4n.adapters.storage.sqlite import SqliteUnitOfWork

        uow = SqliteUnitOfWork(":memory:")
    service = create_service(uow=uow, clock=FixedClock(AT))
    return service, service.submit(SUBMIT).complaint_id


@pytest.mark.parametrize(("model", "field"), FIELDS, ids=[f"{m.__name__}.{f}" for m, f in FIELDS])
@given(data=st.data())
def test_the_service_writes_nothing_when_a_field_is_bad(
    seeded: tuple[Service, str], model: type[cmd.Command], field: str, data: st.DataObject
) -> None:
    service, cid = seeded
    payload = {k: (cid if v == "C" else v) for k, v in VALID[model].items()}
    payload[field] = data.draw(bad_values(field))
    before = _snapshot(service, cid)
    with pytest.raises(InvalidCommand) as caught:
        _METHODS[model](service, payload)
    assert _expected_field(field, caught.value.field)
    assert _snapshot(service, cid) == before


@given(key=hostile_text(max_size=60).filter(lambda k: k not in cmd.SubmitComplaint.model_fields))
def test_an_error_never_echoes_an_unknown_field_name(key: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(cmd.SubmitComplaint, {**SUBMIT, key: 1})
    message = str(caught.value) + repr(caught.value.problems)
    assert caught.value.field in {"(unknown field)", "body"}  # a lone surrogate fails as the body
    assert all(32 <= ord(ch) < 127 for ch in message)  # no newline, no escape, nothing outside ASCII
    if len(key) >= 4:
        assert key not in message


@pytest.mark.parametrize("key", ["3404015506900001", "siti@contoh.id", "x\n\x1b[31mred", "Siti Aminah"])
def test_an_unknown_nested_key_holding_personal_data_is_not_echoed(key: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(cmd.SubmitComplaint, {**SUBMIT, "reporter": {"name": "Siti", key: "x"}})
    assert caught.value.field == "reporter.(unknown field)"
    assert key not in str(caught.value)
