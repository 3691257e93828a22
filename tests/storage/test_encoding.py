"""The write path's fast encoders write exactly the canonical text; the SQLite checkpoint threshold applies.

The oracle is the standard library's ``json.dumps`` with the canonical options, not the encoders under test:
the state row's data must stay in canonical form (the audit re-encodes and compares) and a chain hash covers
canonical JSON (a byte of difference breaks every published checkpoint).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.adapters.storage import _codec
from sp4n.adapters.storage._codec import complaint_json, complaint_to_dict, to_micros
from sp4n.adapters.storage.sqlite import CHECKPOINT_PAGES, SqliteUnitOfWork
from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.events import canonical_json, event_to_dict
from sp4n.lifecycle.model import DeclineRecord, PrivacyFlag, Role
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked
from sp4n.testing.strategies import complaints, histories, hostile_text


def _oracle(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


_FLAG = PrivacyFlag(set_by="u-1", set_by_role=Role.reporter, set_at=datetime(2026, 1, 5, 3, tzinfo=UTC))


@settings(max_examples=150, deadline=None)
@given(
    complaint=complaints(max_steps=8),
    text=hostile_text(60),
    flagged=st.booleans(),
    in_redaction=st.booleans(),
    attached=st.booleans(),
)
def test_a_state_row_is_the_canonical_json_of_its_complaint(
    complaint: Any, text: str, flagged: bool, in_redaction: bool, attached: bool
) -> None:
    # Every optional part set at once as well: the flags, a decline, an attachment, the redaction mark.
    extra: dict[str, Any] = {"title": text, "in_redaction": in_redaction}
    if flagged:
        extra |= {"anonim": _FLAG, "rahasia": _FLAG, "declines": (
            DeclineRecord(agency_id="ag-1", actor_id="u-2", at=complaint.submitted_at, reason=text),
        )}  # fmt: skip
    if attached:
        extra["attachments"] = (
            Attachment(media_type="image/png", size=10, sha256="ab" * 32, storage_key="k", published=True),
        )
    changed = attrs.evolve(complaint, **extra)
    assert complaint_json(changed) == _oracle(complaint_to_dict(changed))


@settings(max_examples=100, deadline=None)
@given(events=histories(max_steps=8))
def test_canonical_json_is_what_json_dumps_writes_with_the_canonical_options(events: list[Any]) -> None:
    for event in events:
        data = event_to_dict(event)
        assert canonical_json(data) == _oracle(data)


def test_canonical_json_refuses_what_json_refuses() -> None:
    with pytest.raises(ValueError, match="Out of range float"):
        canonical_json({"a": float("nan")})
    with pytest.raises(TypeError, match="not JSON serializable"):
        canonical_json({"a": object()})


def test_the_sqlite_store_checkpoints_at_its_threshold(tmp_path: Path) -> None:
    default = SqliteUnitOfWork(tmp_path / "a.db")
    own = SqliteUnitOfWork(tmp_path / "b.db", checkpoint_pages=250)
    try:
        assert default._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == CHECKPOINT_PAGES
        assert own._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 250
        # A plain connection to the same file keeps SQLite's own default: the setting is sp4n's connection's.
        other = sqlite3.connect(tmp_path / "b.db")
        assert other.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        other.close()
    finally:
        default.close()
        own.close()


@pytest.mark.parametrize("bad", [0, -5, True, 2.5, "4000"])
def test_a_checkpoint_threshold_that_is_not_a_positive_int_is_refused(tmp_path: Path, bad: object) -> None:
    with pytest.raises(ConfigurationError, match="checkpoint_pages"):
        SqliteUnitOfWork(tmp_path / "c.db", checkpoint_pages=bad)  # type: ignore[arg-type]
    assert not (tmp_path / "c.db").exists()  # refused before the file is created


@pytest.mark.parametrize(
    "change",
    [
        {"version": True},
        {"replies": 2.0},
        {"satisfaction": False},
        {"disclosed_to_ombudsman": 1},
        {"information_extended": None},
        {"title": 5},
        {"agency_id": ("ag-1",)},
        {"unit_ids": ["u-1"]},
        {"breached_clocks": "ab"},
        {"declines": []},
    ],
)
def test_a_field_of_another_type_is_written_as_the_general_encoder_writes_it(change: dict[str, Any]) -> None:
    # The direct writer takes only the declared types; anything else goes the general way, to the same text.
    complaint, _ = walked("c-1", Status.disposed)
    changed = attrs.evolve(complaint, **change)
    assert complaint_json(changed) == _oracle(complaint_to_dict(changed))


def test_epoch_microseconds_are_kept_only_for_utc_instants() -> None:
    london = ZoneInfo("Europe/London")
    first = datetime(2026, 10, 25, 1, 30, tzinfo=london)
    second = first.replace(fold=1)  # equal to ``first`` (same zone) yet an hour later
    at = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert to_micros(at) == to_micros(first) == 1_792_888_200_000_000
    assert to_micros(second) == to_micros(first) + 3_600_000_000
    assert at in _codec._MICROS
    assert first not in _codec._MICROS or _codec._MICROS[first] == to_micros(at)


def test_an_id_list_is_cached_only_as_a_tuple_of_strings() -> None:
    complaint, _ = walked("c-1", Status.disposed)
    for units in (("u-1", "u-2"), ["u-1", "u-2"], ("u-1", None)):
        changed = attrs.evolve(complaint, unit_ids=units)  # type: ignore[arg-type]
        assert complaint_json(changed) == _oracle(complaint_to_dict(changed))
    assert all(type(k) is tuple and all(type(v) is str for v in k) for k in _codec._LISTS)
