"""Dialogue: the reporter adds information and files; the national admin or the agency asks for it, which
pauses the agency's clocks and starts the reporter's; no answer in time lets the complaint continue."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sp4n.adapters.attachments import LocalFolderAttachments
from sp4n.exceptions import NotPermitted, RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.engine import apply, replay
from sp4n.lifecycle.events import event_from_dict, event_to_dict
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.views import public_view
from sp4n.sla import ClockStatus, clock_states, due_actions
from sp4n.testing.lifecycle import AGENCY_ADMIN, NATIONAL_ADMIN, REPORTER, SYSTEM, a_complaint_in

A, S = Action, Status
WIB = timezone(timedelta(hours=7))
PHOTO = Attachment(media_type="image/jpeg", size=1024, sha256="a" * 64, storage_key="aa/" + "a" * 64)


@pytest.mark.parametrize(("source", "asker"), [(S.submitted, NATIONAL_ADMIN), (S.forwarded, AGENCY_ADMIN)])
def test_a_request_waits_for_the_reporter_and_the_answer_returns_where_it_was_asked(
    source: Status, asker: object
) -> None:
    complaint, events = a_complaint_in(source)
    asked, event = apply(complaint, A.request_information, asker, complaint.updated_at, reason="Foto lokasi?")  # type: ignore[arg-type]
    assert (asked.status, asked.held_from) == (S.awaiting_information, source)
    answered, answer = apply(
        asked, A.add_information, REPORTER, asked.updated_at, reason="Ini fotonya", attachments=[PHOTO]
    )
    assert (answered.status, answered.held_from, answered.attachments) == (source, None, (PHOTO,))
    assert replay([*events, event, answer]) == answered
    assert event_from_dict(event_to_dict(answer)) == answer


@pytest.mark.usefixtures("english")
def test_the_reporter_adds_information_while_open_and_files_stay_private_unless_published() -> None:
    complaint, _ = a_complaint_in(S.in_progress)
    with pytest.raises(NotPermitted):
        apply(complaint, A.add_information, AGENCY_ADMIN, complaint.updated_at, reason="x")
    with pytest.raises(RuleViolation) as err:
        apply(
            complaint, A.add_information, REPORTER, complaint.updated_at, reason="x", attachments=["foto.jpg"]
        )
    assert err.value.field == "details.attachments"
    public = Attachment(media_type="image/png", size=9, sha256="b" * 64, storage_key="bb/x", published=True)
    after, _ = apply(
        complaint,
        A.add_information,
        REPORTER,
        complaint.updated_at,
        reason="tambahan",
        attachments=[PHOTO, public],
    )
    assert after.status is S.in_progress
    shown = public_view(after)
    assert shown is not None
    assert shown.attachments == (public,)
    with pytest.raises(RuleViolation, match="at most 10"):
        apply(after, A.add_information, REPORTER, after.updated_at, reason="x", attachments=[PHOTO] * 9)


def test_a_request_pauses_the_agency_clock_starts_the_reporters_and_lapses_into_continuing() -> None:
    complaint, events = a_complaint_in(S.forwarded)
    at = datetime(2026, 1, 7, 9, tzinfo=WIB)  # Wednesday
    asked, event = apply(complaint, A.request_information, AGENCY_ADMIN, at, reason="Alamat lengkap?")
    events.append(event)
    states = {s.clock: s for s in clock_states(asked, events, at + timedelta(days=1))}
    assert states["follow_up"].status is ClockStatus.paused
    assert states["information_reply"].status is ClockStatus.running
    # Ten working days after Wednesday 7 January (Friday 16 January is Isra Mi'raj) end with Thursday 22.
    assert states["information_reply"].due_at == datetime(2026, 1, 23, 0, tzinfo=WIB)
    assert due_actions(asked, events, datetime(2026, 1, 22, 23, tzinfo=WIB)) == ()
    (lapse,) = due_actions(asked, events, datetime(2026, 1, 23, 8, tzinfo=WIB))
    assert lapse.action is A.information_lapsed
    assert "our choice" in lapse.reason
    going, _ = apply(
        asked, A.information_lapsed, SYSTEM, datetime(2026, 1, 23, 8, tzinfo=WIB), reason=lapse.reason
    )
    assert going.status is S.forwarded


@pytest.mark.usefixtures("english")
def test_the_local_folder_store_checks_type_size_and_content(tmp_path: Path) -> None:
    store = LocalFolderAttachments(tmp_path)
    ref = store.put(b"\xff\xd8\xff foto", "image/jpeg")
    assert store.put(b"\xff\xd8\xff foto", "image/jpeg") == ref  # the same content is kept once
    assert store.get(ref) == b"\xff\xd8\xff foto"
    for content, kind, field in [
        (b"MZ", "application/x-msdownload", "media_type"),
        (b"", "image/png", "size"),
    ]:
        with pytest.raises(RuleViolation) as err:
            store.put(content, kind)
        assert err.value.field == f"attachment.{field}"
    (tmp_path / ref.storage_key).write_bytes(b"diganti")
    with pytest.raises(RuleViolation, match="no longer matches"):
        store.get(ref)
    with pytest.raises(RuleViolation, match="relative key"):
        Attachment(media_type="image/png", size=1, sha256="c" * 64, storage_key="../etc/passwd")
