"""After ``erase_reporter`` no personal value of the reporter is left anywhere sp4n stores data.

SQLite: every byte of the database file, its ``-wal`` and ``-shm`` after the erasure's checkpoint (with
``secure_delete`` on, freed pages are zeroed). PostgreSQL and MariaDB: every live row of every table of the
store, read back as text; what the server keeps beside live rows (dead tuples, undo, logs) is the
administrator's part, described in docs/adapters.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import create_service
from sp4n.testing.fakes import ManualClock, SequentialIds
from sp4n.testing.lifecycle import T0

UowFactory = Callable[[], SqlUnitOfWorkBase]
#: The adversarial case: the reporter signs in with their phone number, so the account id is personal data.
ACCOUNT = "081234567890"
REPORTER = {
    "name": "Siti Aminah Ḥasanah",  # a non-ASCII letter, so that the JSON-escaped spelling is a distinct one
    "nik": "3404015506900001",
    "phone": ACCOUNT,
    "email": "siti@contoh.id",
}
ADMIN = Actor(id="adm-1", role=Role.national_admin)
SLEMAN = Actor(id="sleman-admin", role=Role.agency_admin, agency_id="pemkab-34.04")


def _spellings(value: str) -> set[bytes]:
    """``value`` as a store may hold it: UTF-8, JSON-escaped (ASCII-only canonical JSON), UTF-16."""
    return {
        value.encode("utf-8"),
        json.dumps(value)[1:-1].encode("ascii"),
        value.encode("utf-16-le"),
        value.encode("utf-16-be"),
    }


#: Every personal value of the reporter, whole and in parts (a surname alone, the number without its 0 or
#: with +62), in every spelling; the account id is the phone number.
VALUES = sorted(
    {
        b
        for v in ("Siti Aminah Ḥasanah", "Aminah", "Ḥasanah", "3404015506900001", "81234567890",
                  "+6281234567890", "siti@contoh.id", ACCOUNT)
        for b in _spellings(v)
    }
)  # fmt: skip


def _file_with_many_reporters(uow: SqlUnitOfWorkBase) -> tuple[str, str]:
    service = create_service(uow=uow, clock=ManualClock(T0), ids=SequentialIds())
    form = {
        "type": "pengaduan", "title": "Jalan berlubang", "description": "Lubang besar di Jl. Godean",
        "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    }  # fmt: skip
    for n in range(20):  # other reporters, so that pages are shared and rewritten
        service.submit({**form, "reporter": {"name": f"Warga Nomor{n}", "phone": f"0813{n:08d}"}})
    signed_in = Actor(id=ACCOUNT, role=Role.reporter)
    receipt = service.submit({**form, "reporter": REPORTER}, actor=signed_in, idempotency_key="sms-1")
    cid = receipt.complaint_id
    # the signed-in reporter acts on their complaint: their events carry the reference, never the account id
    service.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-34.04"}, actor=ADMIN)
    service.request_information({"complaint_id": cid, "reason": "Foto lokasi?"}, actor=SLEMAN)
    service.add_information({"complaint_id": cid, "reason": "Foto terlampir"}, actor=signed_in)
    for n in range(20, 40):
        service.submit({**form, "reporter": {"name": f"Warga Nomor{n}", "phone": f"0813{n:08d}"}})
    assert receipt.reporter_ref is not None
    assert [c.id for c in service.my_complaints(actor=signed_in)] == [cid]
    service.erase_reporter({"reporter_ref": receipt.reporter_ref})
    # erased: the account owns nothing any more, and the history still verifies
    assert service.my_complaints(actor=signed_in) == []
    service.verify_history(cid)
    return cid, receipt.reporter_ref


def test_no_byte_of_an_erased_reporter_is_left_in_the_sqlite_files(tmp_path: Path) -> None:
    uow = SqliteUnitOfWork(tmp_path / "lapor.db")
    _file_with_many_reporters(uow)
    assert not uow.erasure_pending
    files = [p for p in tmp_path.iterdir() if p.name.startswith("lapor.db")]
    assert {p.name for p in files} >= {"lapor.db"}
    found = {(p.name, v) for p in files for v in VALUES if v in p.read_bytes()}
    assert found == set()
    # the test is not vacuous: another reporter's values are still there to be found
    assert any(b"Nomor39" in p.read_bytes() for p in files)
    uow.close()


def test_without_the_checkpoint_the_wal_would_still_hold_the_nik(tmp_path: Path) -> None:
    # The counterpart: what the erasure's checkpoint removes was really there.
    uow = SqliteUnitOfWork(tmp_path / "lapor.db")
    uow._after_erasure = lambda handle: None  # type: ignore[method-assign]
    _file_with_many_reporters(uow)
    files = [p for p in tmp_path.iterdir() if p.name.startswith("lapor.db")]
    assert any(b"3404015506900001" in p.read_bytes() for p in files)
    assert any(ACCOUNT.encode() in p.read_bytes() for p in files)  # the account link was there too
    uow.close()


def _live_rows(uow: SqlUnitOfWorkBase) -> bytes:
    uow.rollback()
    cur = uow._conn.cursor()
    out = []
    for table in TABLES:
        cur.execute(f"SELECT * FROM {uow.prefix}{table}")
        out += [repr(row) for row in cur.fetchall()]
    uow._conn.commit()
    return "\n".join(out).encode("utf-8", "backslashreplace")


@pytest.mark.parametrize(
    "server",
    [
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ],
)
def test_no_live_row_of_a_server_store_holds_an_erased_reporter(
    server: str, request: pytest.FixtureRequest
) -> None:
    factory: UowFactory = request.getfixturevalue(f"{server}_factory")
    uow = factory()
    _file_with_many_reporters(uow)
    rows = _live_rows(uow)
    assert [v for v in VALUES if v in rows] == []
    assert b"Nomor39" in rows


def test_no_byte_of_an_erased_redacted_text_is_left_in_the_sqlite_files(tmp_path: Path) -> None:
    uow = SqliteUnitOfWork(tmp_path / "lapor.db")
    service = create_service(uow=uow, clock=ManualClock(T0), ids=SequentialIds())
    secret = "Pak Kades SutrisnoḤ 0812-9988-7766"
    form = {
        "type": "pengaduan", "title": "Pungli", "description": f"Kades {secret} minta uang",
        "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    }  # fmt: skip
    cid = service.submit(form).complaint_id
    for n in range(20):  # other complaints, so that pages are shared and rewritten
        service.submit({**form, "description": f"Laporan warga nomor {n}"})
    service.redact(cid, sequence=1, field="details.description", span=secret, reason="nama", actor=ADMIN)
    assert service.erase_redacted(cid, actor=ADMIN) == 1
    assert not uow.erasure_pending
    files = [p for p in tmp_path.iterdir() if p.name.startswith("lapor.db")]
    found = {(p.name, v) for p in files for v in _spellings(secret) if v in p.read_bytes()}
    assert found == set()
    assert any(b"Laporan warga nomor 19" in p.read_bytes() for p in files)  # not vacuous
    service.verify_history(cid)
    uow.close()
