"""A signed-in reporter's account id never enters the record; erasure cuts the account off its complaints."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.adapters.storage.memory import MemoryStore, MemoryUnitOfWork
from sp4n.exceptions import NotPermitted, RuleViolation
from sp4n.identity import new_identity
from sp4n.lifecycle.engine import new_complaint
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import Service, create_service
from sp4n.service.pseudonyms import UNLINKED
from sp4n.testing.fakes import ManualClock, SequentialIds
from sp4n.testing.lifecycle import T0

from .conftest import make_submission

ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-sleman")


def _walk_to_information(service: Service, cid: str) -> None:
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-sleman"}, actor=ADMIN)
    service.request_information({"complaint_id": cid, "reason": "Foto?"}, actor=SLEMAN)


@settings(max_examples=25, deadline=None)
@given(account=st.from_regex(r"\A(\+62|0)8[1-9][0-9]{8,10}\Z") | st.emails())
def test_no_stored_row_holds_the_account_id_of_a_signed_in_reporter(account: str) -> None:
    store = MemoryStore()
    service = create_service(uow=MemoryUnitOfWork(store), clock=ManualClock(T0), ids=SequentialIds())
    me = Actor(id=account, role=Role.reporter)
    receipt = service.submit(make_submission(), actor=me, idempotency_key="k-1")
    _walk_to_information(service, receipt.complaint_id)
    service.add_information({"complaint_id": receipt.complaint_id, "reason": "Terlampir"}, actor=me)
    assert service.submit(make_submission(), actor=me, idempotency_key="k-1").replayed
    # everything but the account link itself: state rows, the log, idempotency rows, identities
    kept = repr((store.rows, store.log, store.idempotency, store.identities))
    assert account not in kept
    assert store.accounts == {account: receipt.reporter_ref}
    by_reporter = {s.event.actor.id for s in store.log if s.event.actor.role is Role.reporter}
    assert by_reporter == {receipt.reporter_ref}
    service.erase_reporter({"reporter_ref": receipt.reporter_ref})
    assert store.accounts == {}


def test_after_erasure_the_account_owns_nothing_and_a_new_filing_starts_a_new_reference() -> None:
    service = create_service(clock=ManualClock(T0), ids=SequentialIds())
    me = Actor(id="081234567890", role=Role.reporter)
    first = service.submit(make_submission(reporter={"name": "Siti"}), actor=me)
    _walk_to_information(service, first.complaint_id)
    service.erase_reporter({"reporter_ref": first.reporter_ref})
    assert service.recorded_actor(me).id == UNLINKED
    with pytest.raises(NotPermitted) as refused:
        service.add_information({"complaint_id": first.complaint_id, "reason": "Ini saya"}, actor=me)
    assert me.id not in str(refused.value)  # the refusal names the stand-in, never the phone number
    second = service.submit(make_submission(), actor=me)
    assert second.reporter_ref not in (None, first.reporter_ref, me.id)
    assert [c.id for c in service.my_complaints(actor=me)] == [second.complaint_id]


def test_mapping_twice_changes_nothing_and_staff_are_not_mapped() -> None:
    service = create_service(clock=ManualClock(T0), ids=SequentialIds())
    me = Actor(id="0812-akun", role=Role.reporter)
    ref = service.submit(make_submission(), actor=me).reporter_ref
    once = service.recorded_actor(me)
    assert once.id == ref
    assert service.recorded_actor(once) == once
    assert service.recorded_actor(ADMIN) is ADMIN
    with pytest.raises(RuleViolation) as caught:  # the stand-in is never linked as an account
        service.submit(make_submission(), actor=Actor(id=UNLINKED, role=Role.reporter))
    assert caught.value.field == "actor.id"


def test_a_history_written_before_accounts_were_linked_still_serves_and_verifies() -> None:
    # An earlier sp4n stored a signed-in reporter's identity, complaint and events under the account id.
    account = "081298765432"
    uow = MemoryUnitOfWork()
    complaint, event = new_complaint(
        complaint_id="old-1", tracking_id="LAP-OLD-1", type="pengaduan", title="Jalan",
        description="Lubang di Jl. Godean", category="jalan", channel="web", region_code="34.04",
        reporter_ref=account, actor=Actor(id=account, role=Role.reporter), at=T0,
    )  # fmt: skip
    with uow:
        uow.identities.put(new_identity(account, name="Budi"))
        uow.complaints.save(complaint, [event], expected_version=0, due_at=None)
        uow.commit()
    service = create_service(uow=uow, clock=ManualClock(T0), ids=SequentialIds())
    me = Actor(id=account, role=Role.reporter)
    assert [c.id for c in service.my_complaints(actor=me)] == ["old-1"]
    service.verify_history("old-1")
    # a new filing by that reporter joins their existing reference (no second one, no link row)
    assert service.submit(make_submission(), actor=me).reporter_ref == account
    assert uow.store.accounts == {}


def test_a_signed_in_reporter_who_gives_no_details_files_and_owns_it_with_no_identity_stored() -> None:
    store = MemoryStore()
    service = create_service(uow=MemoryUnitOfWork(store), clock=ManualClock(T0), ids=SequentialIds())
    me = Actor(id="081234567890", role=Role.reporter)
    form = {k: v for k, v in make_submission().items() if k != "reporter"}
    receipt = service.submit(form, actor=me)
    assert [c.id for c in service.my_complaints(actor=me)] == [receipt.complaint_id]
    assert store.identities == {}  # nothing given, nothing kept (an empty identity is refused)
    with pytest.raises(RuleViolation):  # a reporter block with nothing in it is still bad input
        service.submit({**form, "reporter": {}}, actor=me)
