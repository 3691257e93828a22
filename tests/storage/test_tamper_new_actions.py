"""Tampering with the newer actions' events: histories generated over the whole lifecycle (hold from
submitted, the UU 14/2008 extension, publishing an attachment among every other action), stored in SQLite,
then edited directly as an attacker with write access would. :func:`verify_store` finds every edit.

The edits and their helpers are the tamper matrix's (:mod:`tests.storage.test_tamper_matrix`); here they hit
the event of a newer action wherever the generated history has one.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.storage.test_tamper_matrix import _ATTACKERS, _event, _run, _set_event, _sha, _with_reason

from sp4n.adapters.storage._codec import canonical_json
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.engine import allowed_actions, replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.status import Action
from sp4n.service.audit import take_checkpoint, verify_store
from sp4n.testing.lifecycle import ACTORS
from sp4n.testing.strategies import Command, permitted_commands, run_command, submitted

ZERO, WEEK = timedelta(0), timedelta(days=7)
NEWER = frozenset({Action.hold, Action.resume, Action.extend_information_deadline, Action.publish_attachment})


@st.composite
def _histories(draw: st.DrawFn) -> list[Event]:
    """Valid histories that lean towards the newer actions whenever someone may take one."""
    complaint, first = draw(submitted())
    events = [first]
    for _ in range(draw(st.integers(2, 10))):
        if complaint.status.is_terminal:
            break
        newer = [(a, x) for a in ACTORS for x in sorted(allowed_actions(complaint, a)) if x in NEWER]
        lean = draw(st.booleans())
        if newer and lean:
            actor, action = draw(st.sampled_from(newer))
            unpublished = [f.storage_key for f in complaint.attachments if not f.published]
            details = {"storage_key": unpublished[0]} if action is Action.publish_attachment else {}
            after = draw(st.timedeltas(ZERO, WEEK))
            command = Command(action=action, actor=actor, after=after, reason="alasan", details=details)
        else:
            command = draw(permitted_commands(complaint))
        outcome = run_command(complaint, command)
        if outcome is not None:
            complaint, event = outcome
            events.append(event)
    return events


def _with_details(text: str) -> str:
    data = json.loads(text)
    event = data.get("sealed", data)  # chain format 2: the details are in the sealed part
    event["details"] = {**event["details"], "storage_key": "zz/elsewhere"}
    return canonical_json(data)


def _edit(uow: SqliteUnitOfWork, seq: int, how: str) -> None:
    position, _, prev, text = _event(uow, "c-t", seq)
    if how == "reason":
        _set_event(uow, position, data=_with_reason(text, "diubah"))
    elif how == "details":
        _set_event(uow, position, data=_with_details(text))
    elif how == "rehash":
        new = _with_reason(text, "diubah")
        _set_event(uow, position, data=new, hash=_sha(prev, new))
    else:
        _run(uow, "DELETE FROM {p}events WHERE position = ?", position)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    events=_histories().filter(lambda evs: any(e.action in NEWER for e in evs[1:])),
    how=st.sampled_from(["reason", "details", "rehash", "delete"]),
    data=st.data(),
)
def test_an_edit_of_a_newer_actions_event_is_found(events: list[Event], how: str, data: Any) -> None:
    events = [attrs.evolve(e, complaint_id="c-t") for e in events]
    target = data.draw(st.sampled_from([e for e in events[1:] if e.action in NEWER]))
    with tempfile.TemporaryDirectory() as folder:
        uow = SqliteUnitOfWork(Path(folder) / "sp4n.db")
        with uow:
            uow.complaints.save(replay(events), events, expected_version=0)
            uow.commit()
        with uow:
            checkpoint = take_checkpoint(uow)
            assert verify_store(uow, since=checkpoint) == []
            uow.rollback()
        _ATTACKERS[id(uow)] = sqlite3.connect(uow.path)
        try:
            _edit(uow, target.sequence, how)
        finally:
            _ATTACKERS.pop(id(uow)).close()
        with uow:
            found = verify_store(uow, since=checkpoint)
        uow.close()
    assert "c-t" in {p.complaint_id for p in found}, f"{how} of {target.action} went unnoticed"
