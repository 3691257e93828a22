"""Direct edits of a stored database, tried as an attacker with write access would: every one is found.

Each edit below is a kind of tampering run against a store of three complaints on SQLite, PostgreSQL and
MariaDB; :func:`verify_store` with the checkpoint taken before the edit must report it (100%). Edits that a
chain-consistent attacker can hide from the per-complaint checks (a deleted complaint, a cut tail with the
state row rewritten to match) are marked ``needs_checkpoint`` and must be found *only* with it: that is what
the published checkpoint is for.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._codec import canonical_json, complaint_from_dict, complaint_to_dict
from sp4n.adapters.storage._repos import ASSIGNMENTS, row_values
from sp4n.adapters.storage._sql import TABLES
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.storage.urls import connect_dsn
from sp4n.lifecycle._fold import replay
from sp4n.lifecycle.engine import apply
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.redaction import MASK, plan_redaction, redacted_history
from sp4n.lifecycle.seals import from_row, seal_digest
from sp4n.lifecycle.status import Action, Status
from sp4n.service.audit import take_checkpoint, verify_store
from sp4n.testing.lifecycle import NATIONAL_ADMIN, walked

UowFactory = Callable[[], SqlUnitOfWorkBase]
SERVERS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


_ATTACKERS: dict[int, Any] = {}


def _attacker(uow: SqlUnitOfWorkBase) -> Any:
    """A connection of the attacker's own, with the database driver and nothing of sp4n."""
    return _ATTACKERS[id(uow)]


def _run(uow: SqlUnitOfWorkBase, sql: str, *params: object) -> list[Any]:
    conn = _attacker(uow)
    cur = conn.cursor()
    cur.execute(sql.replace("{p}", uow.prefix).replace("?", uow.dialect.param), params)
    rows = cur.fetchall() if cur.description else []
    conn.commit()
    return list(rows)


def _event(uow: SqlUnitOfWorkBase, cid: str, seq: int) -> tuple[int, str, str, str]:
    sql = "SELECT position, hash, prev_hash, data FROM {p}events WHERE complaint_id = ? AND sequence = ?"
    row = _run(uow, sql, cid, seq)[0]
    return int(row[0]), str(row[1]), str(row[2]), str(row[3])


def _set_event(uow: SqlUnitOfWorkBase, position: int, **columns: object) -> None:
    sets = ", ".join(f"{name} = ?" for name in columns)
    _run(uow, f"UPDATE {{p}}events SET {sets} WHERE position = ?", *columns.values(), position)


def _sha(prev: str, text: str) -> str:
    """The chain hash an attacker computes for a stored row: over the row (format 1) or its sealed part."""
    data = json.loads(text)
    hashed = canonical_json(data["sealed"]) if "sealed" in data else text
    return hashlib.sha256((prev + "\n" + hashed).encode("ascii")).hexdigest()


def _with_reason(text: str, reason: str) -> str:
    """The row with its reason replaced, re-sealed as sp4n would seal it (format 2)."""
    data = json.loads(text)
    if "sealed" not in data:
        data["reason"] = reason
        return canonical_json(data)
    salt = "5a" * 16
    data["sealed"]["reason"] = "sha256:" + seal_digest(salt, reason)
    data["texts"]["reason"] = [salt, reason]
    return canonical_json(data)


def _with_text(text: str, field: str, value: str, salt: str | None = None) -> str:
    """The row with one text replaced beside the sealed part (the seal left alone; ``salt`` if given)."""
    data = json.loads(text)
    old_salt = data["texts"][field][0]
    data["texts"][field] = [old_salt if salt is None else salt, value]
    return canonical_json(data)


def _state_data(uow: SqlUnitOfWorkBase, cid: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_run(uow, "SELECT data FROM {p}complaints WHERE id = ?", cid)[0][0])
    return data


def _write_state(uow: SqlUnitOfWorkBase, cid: str, data: dict[str, Any], head: str) -> None:
    """Rewrite the whole state row consistently with ``data`` (every column, as sp4n itself would)."""
    values = row_values(complaint_from_dict(data), None, head)
    _run(uow, f"UPDATE {{p}}complaints SET {ASSIGNMENTS} WHERE id = ?", *values, cid)


# --- the edits ----------------------------------------------------------------------------------------------


def edit_event_text(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-1", 3)
    _set_event(uow, position, data=_with_reason(text, "diubah"))


def add_key_to_event_json(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-2", 2)
    _set_event(uow, position, data=text[:-1] + ',"zz":1}')


def edit_event_and_rehash_it(uow: SqlUnitOfWorkBase) -> None:
    position, _, prev, text = _event(uow, "c-1", 2)
    new = _with_reason(text, "diubah")
    _set_event(uow, position, data=new, hash=_sha(prev, new))


def edit_last_event_rehash_and_patch_head(uow: SqlUnitOfWorkBase) -> None:
    position, _, prev, text = _event(uow, "c-3", 6)
    new = _with_reason(text, "diubah")
    _set_event(uow, position, data=new, hash=_sha(prev, new))
    _write_state(uow, "c-3", _state_data(uow, "c-3"), _sha(prev, new))


def delete_middle_event(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "DELETE FROM {p}events WHERE complaint_id = ? AND sequence = ?", "c-1", 2)


def cut_tail_and_rewrite_state(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "DELETE FROM {p}events WHERE complaint_id = ? AND sequence = ?", "c-3", 6)
    rows = _run(uow, "SELECT data, hash FROM {p}events WHERE complaint_id = ? ORDER BY sequence", "c-3")
    rebuilt = replay(from_row(str(r[0]))[0] for r in rows)
    _write_state(uow, "c-3", complaint_to_dict(rebuilt), str(rows[-1][1]))


def swap_two_events(uow: SqlUnitOfWorkBase) -> None:
    a, b = _event(uow, "c-2", 2)[0], _event(uow, "c-2", 3)[0]
    for old, new in ((a, -1), (b, a), (-1, b)):
        _run(uow, "UPDATE {p}events SET position = ? WHERE position = ?", new, old)


def move_event_to_other_complaint(uow: SqlUnitOfWorkBase) -> None:
    _run(
        uow, "UPDATE {p}events SET complaint_id = ? WHERE complaint_id = ? AND sequence = ?", "c-9", "c-1", 4
    )


def set_status_column_closed(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "UPDATE {p}complaints SET status = ? WHERE id = ?", "closed", "c-1")


def remove_anonim_from_state_data(uow: SqlUnitOfWorkBase) -> None:
    data = _state_data(uow, "c-2")
    data["anonim"] = None
    _run(uow, "UPDATE {p}complaints SET data = ? WHERE id = ?", canonical_json(data), "c-2")


def close_in_state_row_consistently(uow: SqlUnitOfWorkBase) -> None:
    data = _state_data(uow, "c-1")
    data["status"] = "closed"
    head = _run(uow, "SELECT last_hash FROM {p}complaints WHERE id = ?", "c-1")[0][0]
    _write_state(uow, "c-1", data, str(head))


def flip_public_column(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "UPDATE {p}complaints SET public = 1 - public WHERE id = ?", "c-2")


def move_state_to_other_agency(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "UPDATE {p}complaints SET agency_id = ? WHERE id = ?", "pemkab-lain", "c-1")


def decrement_version_column(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "UPDATE {p}complaints SET version = version - 1 WHERE id = ?", "c-1")


def delete_state_row(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "DELETE FROM {p}complaints WHERE id = ?", "c-2")


def delete_history_keep_state(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "DELETE FROM {p}events WHERE complaint_id = ?", "c-2")


def delete_whole_complaint(uow: SqlUnitOfWorkBase) -> None:
    _run(uow, "DELETE FROM {p}events WHERE complaint_id = ?", "c-3")
    _run(uow, "DELETE FROM {p}complaints WHERE id = ?", "c-3")


def rechain_from_another_genesis(uow: SqlUnitOfWorkBase) -> None:
    prev = "f" * 64
    rows = _run(uow, "SELECT position, data FROM {p}events WHERE complaint_id = ? ORDER BY sequence", "c-1")
    for position, text in rows:
        digest = _sha(prev, str(text))
        _set_event(uow, int(position), hash=digest, prev_hash=prev)
        prev = digest
    _run(uow, "UPDATE {p}complaints SET last_hash = ? WHERE id = ?", prev, "c-1")


def edit_sealed_text_only(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-1", 1)
    _set_event(uow, position, data=_with_text(text, "details.description", "Lubang kecil di depan sekolah"))


def edit_salt_of_a_text(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-2", 1)
    title = json.loads(text)["texts"]["details.title"][1]
    _set_event(uow, position, data=_with_text(text, "details.title", title, salt="00" * 16))


def reseal_a_text_without_rehashing(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-3", 3)
    _set_event(uow, position, data=_with_reason(text, "diubah"))


def edit_masked_text(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-4", 1)
    _set_event(uow, position, data=_with_text(text, "details.description", f"Lubang {MASK}!"))


def put_the_original_back_behind_a_redaction(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-4", 1)
    sql = "SELECT salt, text FROM {p}redacted_texts WHERE complaint_id = ? AND sequence = 1"
    salt, original = _run(uow, sql, "c-4")[0]
    _set_event(uow, position, data=_with_text(text, "details.description", str(original), salt=str(salt)))


def put_the_original_back_without_its_salt(uow: SqlUnitOfWorkBase) -> None:
    position, _, _, text = _event(uow, "c-4", 1)
    original = _run(uow, "SELECT text FROM {p}redacted_texts WHERE complaint_id = ?", "c-4")[0][0]
    _set_event(uow, position, data=_with_text(text, "details.description", str(original)))


@attrs.frozen
class Edit:
    run: Callable[[SqlUnitOfWorkBase], None]
    names: frozenset[str]  # the complaints a finding must name ("" for the log)
    needs_checkpoint: bool = False


EDITS = {
    "edit_event_text": Edit(edit_event_text, frozenset({"c-1"})),
    "add_key_to_event_json": Edit(add_key_to_event_json, frozenset({"c-2"})),
    "edit_event_and_rehash_it": Edit(edit_event_and_rehash_it, frozenset({"c-1"})),
    "edit_last_event_rehash_and_patch_head": Edit(
        edit_last_event_rehash_and_patch_head, frozenset({""}), True
    ),
    "delete_middle_event": Edit(delete_middle_event, frozenset({"c-1"})),
    "cut_tail_and_rewrite_state": Edit(cut_tail_and_rewrite_state, frozenset({""}), True),
    "swap_two_events": Edit(swap_two_events, frozenset({"c-2"})),
    "move_event_to_other_complaint": Edit(move_event_to_other_complaint, frozenset({"c-1", "c-9"})),
    "set_status_column_closed": Edit(set_status_column_closed, frozenset({"c-1"})),
    "remove_anonim_from_state_data": Edit(remove_anonim_from_state_data, frozenset({"c-2"})),
    "close_in_state_row_consistently": Edit(close_in_state_row_consistently, frozenset({"c-1"})),
    "flip_public_column": Edit(flip_public_column, frozenset({"c-2"})),
    "move_state_to_other_agency": Edit(move_state_to_other_agency, frozenset({"c-1"})),
    "decrement_version_column": Edit(decrement_version_column, frozenset({"c-1"})),
    "delete_state_row": Edit(delete_state_row, frozenset({"c-2"})),
    "delete_history_keep_state": Edit(delete_history_keep_state, frozenset({"c-2"})),
    "delete_whole_complaint": Edit(delete_whole_complaint, frozenset({""}), True),
    "rechain_from_another_genesis": Edit(rechain_from_another_genesis, frozenset({"c-1"})),
    "edit_sealed_text_only": Edit(edit_sealed_text_only, frozenset({"c-1"})),
    "edit_salt_of_a_text": Edit(edit_salt_of_a_text, frozenset({"c-2"})),
    "reseal_a_text_without_rehashing": Edit(reseal_a_text_without_rehashing, frozenset({"c-3"})),
    "edit_masked_text": Edit(edit_masked_text, frozenset({"c-4"})),
    "put_the_original_back_behind_a_redaction": Edit(
        put_the_original_back_behind_a_redaction, frozenset({"c-4"})
    ),
    "put_the_original_back_without_its_salt": Edit(
        put_the_original_back_without_its_salt, frozenset({"c-4"})
    ),
}


def _connect(server: str, uow: SqlUnitOfWorkBase, request: pytest.FixtureRequest) -> Any:
    if server == "sqlite":
        assert isinstance(uow, SqliteUnitOfWork)
        return sqlite3.connect(uow.path)
    return connect_dsn(request.getfixturevalue(f"{server}_server"))[1]


@pytest.fixture(params=SERVERS)
def store(request: pytest.FixtureRequest) -> Iterator[SqlUnitOfWorkBase]:
    factory: UowFactory = request.getfixturevalue(f"{request.param}_factory")
    uow = factory()
    _ATTACKERS[id(uow)] = _connect(request.param, uow, request)
    stored = [
        walked("c-1", Status.followed_up),
        walked("c-2", Status.in_progress, anonim=True),
        walked("c-3", Status.closed),
    ]
    for complaint, events in stored:
        with uow:
            uow.complaints.save(complaint, events, expected_version=0)
            uow.commit()
    _redacted(uow, *walked("c-4", Status.forwarded))
    yield uow
    _ATTACKERS.pop(id(uow)).close()


def _redacted(uow: SqlUnitOfWorkBase, complaint: Complaint, events: list[Event]) -> None:
    """Store ``c-4`` with "besar di depan sekolah" masked in its description, as the service does."""
    with uow:
        uow.complaints.save(complaint, events, expected_version=0)
        uow.commit()
    plan = plan_redaction(events, sequence=1, field="details.description", span="besar di depan sekolah")
    with uow:
        first = uow.events.history("c-4")[0]
        _, redact = apply(
            complaint, Action.redact, NATIONAL_ADMIN, complaint.updated_at, reason="r", **plan.details
        )
        uow.redactions.mask(first, "details.description", plan.masked_text)
        masked = redacted_history(events, plan)
        uow.complaints.save(replay([*masked, redact]), [redact], expected_version=complaint.version)
        uow.commit()


def test_an_untouched_store_verifies_with_and_without_its_checkpoint(store: SqlUnitOfWorkBase) -> None:
    with store:
        cp = take_checkpoint(store)
        assert cp.count == 5 + 4 + 6 + 3
        assert verify_store(store) == []
        assert verify_store(store, since=cp) == []


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_direct_edit_is_found(store: SqlUnitOfWorkBase, name: str) -> None:
    edit = EDITS[name]
    with store:
        cp = take_checkpoint(store)
        store.rollback()
    edit.run(store)
    with store:
        without = verify_store(store)
        found = verify_store(store, since=cp)
    assert found, f"{name} went unnoticed"
    assert {p.complaint_id for p in found} >= edit.names
    if edit.needs_checkpoint:
        # Consistent enough to pass every per-complaint check: only the published checkpoint catches it.
        assert without == []
    else:
        assert {p.complaint_id for p in without} >= edit.names


def test_erasing_the_kept_originals_leaves_the_store_verifying_and_no_trace_in_live_rows(
    store: SqlUnitOfWorkBase,
) -> None:
    with store:
        cp = take_checkpoint(store)
        assert store.redactions.original("c-4", 1, "details.description") == "Lubang besar di depan sekolah"
        assert store.redactions.erase("c-4") == 1
        store.commit()
    rows = [repr(row) for table in TABLES for row in _run(store, f"SELECT * FROM {{p}}{table}")]
    assert not any("depan sekolah" in row for row in rows if "c-4" in row)
    assert any("depan sekolah" in row for row in rows)  # not vacuous: other complaints still say it
    with store:
        assert store.redactions.original("c-4", 1, "details.description") is None
        assert verify_store(store, since=cp) == []


def test_the_matrix_has_at_least_ten_kinds_of_edit() -> None:
    assert len(EDITS) >= 10
