"""The national admin's redaction through the service, on the memory store and SQLite.

A reporter wrote a phone number and a name into the description, the title and a reply. The national admin
flags the report (it leaves the public feed and the tracking lookup shows no text), masks each span, and
clears the flag. Every audience then reads ``[disamarkan]`` where the words were (reporter, agency, unit,
Ombudsman RI, national admin, public view, public feed, history, messages rendered afterwards), the history
verifies, the back-office read still gives the original until it is erased, and the store verifies after
the erasure too.
"""

from __future__ import annotations

from typing import Any

import pytest

from sp4n.exceptions import HistoryTampered, NotPermitted, RuleViolation
from sp4n.lifecycle.events import RedactDetails
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.redaction import MASK, text_digest
from sp4n.lifecycle.views import PublicComplaint, PublicStatus
from sp4n.notify import DEFAULT_RULES, Audience, MessageRenderer, fold_facts
from sp4n.service import Service
from sp4n.service.audit import verify_store
from sp4n.service.history_cache import HistoryCache
from sp4n.wire import codec as wire

from .conftest import DIRECTORY

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")
DISDIK = Actor(id="disdik-1", role=Role.unit_officer, agency_id="pemkab-sleman", unit_id="disdik")
OMBUDSMAN = Actor(id="ombudsman-ri", role=Role.ombudsman)
PHONE = "0812 9988 7766"

NAME = "Pak Kades Sutrisno"


def _file(service: Service, submission: Any) -> tuple[str, Actor]:
    data = submission(
        title=f"Pungli oleh {NAME}",
        description=f"Kepala desa {NAME} minta uang, hubungi saya di {PHONE} untuk bukti.",
    )
    receipt = service.submit(data, actor=Actor(id="akun-1", role=Role.reporter))
    cid = receipt.complaint_id
    reporter = Actor(id=receipt.reporter_ref or "", role=Role.reporter)
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.dispose({"complaint_id": cid, "unit_ids": ["disdik"]}, actor=SLEMAN)
    service.follow_up({"complaint_id": cid, "reason": "Sudah kami periksa."}, actor=DISDIK)
    service.reply({"complaint_id": cid, "reason": f"Belum selesai, telepon {PHONE}."}, actor=reporter)
    return cid, reporter


def _everything_read(service: Service, cid: str, reporter: Actor) -> str:
    """Every read of every audience, as one text."""
    seen: list[object] = []
    for actor in (reporter, SLEMAN, DISDIK, OMBUDSMAN, ADMIN):
        seen += [service.get(cid, actor=actor), service.history(cid, actor=actor)]
    complaint = service.get(cid, actor=ADMIN)
    seen += [service.public_by_tracking(complaint.tracking_id), service.public_feed()]
    seen += [service.public_history(complaint.tracking_id), service.unscoped_record(cid)]
    seen += [service.by_agency("pemkab-sleman", actor=SLEMAN), service.my_complaints(actor=reporter)]
    return repr(seen)


def _redact_all(service: Service, cid: str) -> None:
    reply = next(s.event.sequence for s in service.history(cid, actor=ADMIN) if s.event.action == "reply")
    for sequence, field, span in [
        (1, "details.title", NAME),
        (1, "details.description", NAME),
        (1, "details.description", PHONE),
        (reply, "reason", PHONE),
    ]:
        service.redact(cid, sequence=sequence, field=field, span=span, reason="data pribadi", actor=ADMIN)


def test_a_redaction_masks_the_span_for_every_audience_and_keeps_verifying(
    service: Service, submission: Any
) -> None:
    cid, reporter = _file(service, submission)
    assert PHONE in _everything_read(service, cid, reporter)  # not vacuous: the words were there
    service.flag_redaction(cid, actor=ADMIN, reason="nomor telepon dan nama")
    tracking = service.get(cid, actor=ADMIN).tracking_id
    assert isinstance(service.public_by_tracking(tracking), PublicStatus)  # status only, no text
    assert all(p.tracking_id != tracking for p in service.public_feed())

    _redact_all(service, cid)
    assert isinstance(service.public_by_tracking(tracking), PublicStatus)  # still flagged
    service.clear_redaction(cid, actor=ADMIN)
    public = service.public_by_tracking(tracking)
    assert isinstance(public, PublicComplaint)
    assert public.title == f"Pungli oleh {MASK}"
    assert public.description == f"Kepala desa {MASK} minta uang, hubungi saya di {MASK} untuk bukti."

    everything = _everything_read(service, cid, reporter)
    assert PHONE not in everything
    assert NAME not in everything
    assert MASK in everything
    service.verify_history(cid)
    with service.uow as uow:
        assert verify_store(uow) == []

    # the back office reads the original while it is kept; after the erasure nobody can, and it verifies
    assert service.redacted_original(cid, 1, "details.description") is not None
    assert PHONE in (service.redacted_original(cid, 1, "details.description") or "")
    assert service.erase_redacted(cid, actor=ADMIN) == 3  # title, description (first original), reply
    assert service.redacted_original(cid, 1, "details.description") is None
    service.verify_history(cid)
    with service.uow as uow:
        assert verify_store(uow) == []


def test_the_redact_event_records_the_span_and_digest_never_the_words(
    service: Service, submission: Any
) -> None:
    cid, _ = _file(service, submission)
    service.redact(cid, sequence=1, field="details.description", span=PHONE, reason="telepon", actor=ADMIN)
    last = service.history(cid, actor=ADMIN)[-1]
    details = last.event.details
    assert isinstance(details, RedactDetails)
    masked = service.get(cid, actor=ADMIN).description
    assert (details.sequence, details.field, details.masked_digest) == (
        1,
        "details.description",
        text_digest(masked),
    )
    assert details.end - details.start == len(PHONE)
    assert PHONE not in repr(last)


def test_messages_rendered_after_the_redaction_show_the_mask(service: Service, submission: Any) -> None:
    cid, _ = _file(service, submission)
    _redact_all(service, cid)
    record = service.unscoped_record(cid)
    renderer = MessageRenderer(directory=DIRECTORY, rules=DEFAULT_RULES)
    events = [s.event for s in record.history]
    rendered = [
        (m.audience, m.subject, m.body, m.sms)
        for stored in record.history
        for m in renderer.for_event(stored, fold_facts(events, upto=stored.event.sequence))
    ]
    assert {a for a, *_ in rendered} >= {Audience.agency_admin, Audience.unit}  # not vacuous
    assert PHONE not in repr(rendered)
    assert NAME not in repr(rendered)


def test_only_the_national_admin_redacts_and_nothing_is_written_on_refusal(
    service: Service, submission: Any
) -> None:
    cid, reporter = _file(service, submission)
    before = service.history(cid, actor=ADMIN)
    for actor in (reporter, SLEMAN, DISDIK, OMBUDSMAN):
        with pytest.raises(NotPermitted):
            service.redact(cid, sequence=1, field="details.title", span=NAME, reason="x", actor=actor)
        with pytest.raises(NotPermitted):
            service.flag_redaction(cid, actor=actor)
        with pytest.raises(NotPermitted):
            service.erase_redacted(cid, actor=actor)
    bad_spans: list[dict[str, Any]] = [{"span": "tidak ada"}, {"start": 5, "end": 500}, {"start": 3}, {}]
    for bad in bad_spans:
        with pytest.raises(RuleViolation):
            service.redact(cid, sequence=1, field="details.title", reason="x", actor=ADMIN, **bad)
    with pytest.raises(RuleViolation):
        service.redact(cid, sequence=2, field="details.description", span="x", reason="x", actor=ADMIN)
    assert service.history(cid, actor=ADMIN) == before
    assert service.redacted_original(cid, 1, "details.title") is None


def test_a_text_edited_behind_a_redaction_is_found(service: Service, submission: Any) -> None:
    cid, _ = _file(service, submission)
    service.redact(cid, sequence=1, field="details.description", span=PHONE, reason="telepon", actor=ADMIN)
    uow: Any = service.uow
    redactions = uow.redactions
    with uow:
        first = uow.events.history(cid)[0]
        # the original put back in place of the mask, its salt still absent
        redactions.mask(first, "details.description", first.event.details.description.replace(MASK, PHONE))
        uow.commit()
    with pytest.raises(HistoryTampered) as found:
        service.verify_history(cid)
    assert found.value.problem == "details.description does not match its redaction (edited)"


def test_the_relay_history_cache_reads_a_history_afresh_once_a_text_was_masked(
    service: Service, submission: Any
) -> None:
    cid, _ = _file(service, submission)
    with service.uow as uow:
        cache = HistoryCache(uow.events)
        assert PHONE in repr(cache.upto(uow.events.history(cid)[-1].event))  # cached, as it was
    service.redact(cid, sequence=1, field="details.description", span=PHONE, reason="telepon", actor=ADMIN)
    with service.uow as uow:
        redact = uow.events.history(cid)[-1].event
        seen = cache.upto(redact)
    assert seen[-1] == redact
    assert PHONE not in repr(seen[0])


def test_a_redact_event_travels_on_the_wire_without_the_words_or_the_salts(
    service: Service, submission: Any
) -> None:
    cid, _ = _file(service, submission)
    service.redact(cid, sequence=1, field="details.title", span=NAME, reason="nama", actor=ADMIN)
    stored = service.history(cid, actor=ADMIN)
    text = wire.event_to_json(stored[-1])
    assert '"kind":"redact"' in text
    assert wire.event_from_json(text).event == stored[-1].event
    first = wire.event_to_json(stored[0])
    assert f'"title":"Pungli oleh {MASK}"' in first  # the description still names them: not masked here
    assert all(s.salt is None or s.salt not in first for s in stored[0].seals or ())
