"""An anonim reporter quoted in free text, spelled any way, never reaches the agency side.

Titles, descriptions, the reporter's reply and escalation reasons, and an officer's hold reason quote the
reporter in generated spellings (any case and spacing of the name, every Indonesian phone form with spaces,
dots and dashes, a NIK with separators, an e-mail in any case). Everything an agency admin, a unit officer and
the Ombudsman receive — command results, reads, and every message rendered for them — is searched for each
spelling verbatim: 0 leaks. The reporter still sees their own words.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.identity import ReporterIdentity, new_identity
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Status
from sp4n.notify import DEFAULT_RULES, Audience, MessageRenderer, fold_facts
from sp4n.service import create_service
from sp4n.testing.fakes import ManualClock, SequentialIds

from .conftest import DIRECTORY, START, CalendarDayDeadlines, identity_spellings, make_submission
from .test_scoped import ADMIN, DISDIK, OMBUDSMAN, SLEMAN

IDENTITY = new_identity(
    "unused", name="Siti Aminah", nik="3404015506900001", phone="081234567890", email="Siti.Aminah@Contoh.id"
)
REPORTER = Actor(id="akun-1", role=Role.reporter)


def _quoted(spelling: str, text: str) -> bool:
    """Does ``text`` hold ``spelling`` as a whole word or number (not "siti" inside "position")?"""
    before = r"(?<![0-9])" if spelling[0].isdigit() else r"(?<![^\W\d_])"
    after = r"(?![0-9])" if spelling[-1].isdigit() else r"(?![^\W\d_])"
    return re.search(before + re.escape(spelling) + after, text) is not None


class _Identities:
    def __init__(self, identity: ReporterIdentity | None) -> None:
        self.identity = identity

    def get(self, identity_id: str) -> ReporterIdentity | None:
        return self.identity


@settings(max_examples=25, deadline=None)
@given(spelled=st.lists(identity_spellings(IDENTITY), min_size=6, max_size=6))
def test_no_spelling_of_an_anonim_reporter_reaches_the_agency_side(spelled: list[str]) -> None:
    spelled[0] = " ".join(spelled[0].split())  # a title is one line
    title, description, hold, reply, escalate, extra = spelled
    service = create_service(clock=ManualClock(START), ids=SequentialIds(), sla=CalendarDayDeadlines())
    reporter = {"name": IDENTITY.name, "nik": IDENTITY.nik, "phone": IDENTITY.phone, "email": IDENTITY.email}
    data = make_submission(
        anonim=True, title=f"Pungli KTP - {title}"[:200], description=f"Hubungi {description} / {extra}",
        reporter=reporter,
    )  # fmt: skip
    cid = service.submit(data, actor=REPORTER).complaint_id
    received: list[Any] = []
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    received.append(service.dispose({"complaint_id": cid, "unit_ids": ["disdik"]}, actor=SLEMAN))
    received.append(service.hold({"complaint_id": cid, "reason": f"tanya {hold}"}, actor=SLEMAN))
    received.append(service.resume({"complaint_id": cid}, actor=SLEMAN))
    received.append(service.follow_up({"complaint_id": cid, "reason": "Sudah"}, actor=DISDIK))
    service.reply({"complaint_id": cid, "reason": f"Belum, telp {reply}"}, actor=REPORTER)
    # an anonim reporter escalates only with consent that Ombudsman RI (never the agency) may know them
    service.escalate(
        {"complaint_id": cid, "reason": f"Saya {escalate}", "disclose_identity": True}, actor=REPORTER
    )
    assert (
        service.get(cid, actor=OMBUDSMAN).reporter_ref == service.unscoped_record(cid).complaint.reporter_ref
    )
    for reader in (SLEMAN, DISDIK):
        received.append(service.get(cid, actor=reader))
        received.append(service.history(cid, actor=reader))
    received.append(service.by_agency("pemkab-sleman", actor=SLEMAN))
    # every message the default rules send, rendered with the reporter's stored identity
    record = service.unscoped_record(cid)
    renderer = MessageRenderer(directory=DIRECTORY, identities=_Identities(IDENTITY), rules=DEFAULT_RULES)
    events = [s.event for s in record.history]
    for stored in record.history:
        messages = renderer.for_event(stored, fold_facts(events, upto=stored.event.sequence))
        # Ombudsman RI was told who they are: the reporter consented on escalation (UU 37/2008 Pasal 24(2)).
        ombudsman = [m for m in messages if m.audience is Audience.ombudsman]
        assert all(str(IDENTITY.name) in m.body for m in ombudsman)
        agency_side = (m for m in messages if m.audience not in (Audience.reporter, Audience.ombudsman))
        received.extend((m.subject, m.body, m.sms) for m in agency_side)
    text = repr(received)
    leaked = [s for s in spelled if _quoted(s, text)]
    assert leaked == []
    assert record.complaint.status is Status.escalated
    # the reporter still reads their own words
    assert (
        title
        in service.get(cid, actor=Actor(id=record.complaint.reporter_ref or "", role=Role.reporter)).title
    )
