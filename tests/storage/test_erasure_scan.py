"""After ``erase_reporter`` no personal value of the reporter is left anywhere sp4n stores data.

SQLite: every byte of the database file, its ``-wal`` and ``-shm`` after the erasure's checkpoint (with
``secure_delete`` on, freed pages are zeroed). PostgreSQL and MariaDB: every live row of every table of the
store, read back as text; what the server keeps beside live rows (dead tuples, undo, logs) is the
administrator's part, described in docs/adapters.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.service import create_service
from sp4n.testing.fakes import ManualClock, SequentialIds
from sp4n.testing.lifecycle import T0

UowFactory = Callable[[], SqlUnitOfWorkBase]
REPORTER = {
    "name": "Siti Aminah",
    "nik": "3404015506900001",
    "phone": "081234567890",
    "email": "siti@contoh.id",
}
VALUES = [b"Siti Aminah", b"Aminah", b"3404015506900001", b"81234567890", b"siti@contoh.id"]
_TABLES = (
    "complaints",
    "events",
    "log_head",
    "idempotency",
    "identities",
    "complaint_links",
    "schema_version",
)


def _file_with_many_reporters(uow: SqlUnitOfWorkBase) -> tuple[str, str]:
    service = create_service(uow=uow, clock=ManualClock(T0), ids=SequentialIds())
    form = {
        "type": "pengaduan", "title": "Jalan berlubang", "description": "Lubang besar di Jl. Godean",
        "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    }  # fmt: skip
    for n in range(20):  # other reporters, so that pages are shared and rewritten
        service.submit({**form, "reporter": {"name": f"Warga Nomor{n}", "phone": f"0813{n:08d}"}})
    receipt = service.submit({**form, "reporter": REPORTER}, idempotency_key="sms-1")
    for n in range(20, 40):
        service.submit({**form, "reporter": {"name": f"Warga Nomor{n}", "phone": f"0813{n:08d}"}})
    assert receipt.reporter_ref is not None
    service.erase_reporter({"reporter_ref": receipt.reporter_ref})
    return receipt.complaint_id, receipt.reporter_ref


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
    uow.close()


def _live_rows(uow: SqlUnitOfWorkBase) -> bytes:
    uow.rollback()
    cur = uow._conn.cursor()
    out = []
    for table in _TABLES:
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
