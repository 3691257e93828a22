"""The SQL stores' rows for the audit (:func:`sp4n.lifecycle.audit.audit`), read as they are stored.

Event rows are handed over with their JSON text untouched, so an added key or a re-spaced document is seen.
A state row is decoded and checked against itself here, because its columns are this adapter's business:
every indexed column (status, agency, reporter ref, the public flag, ...) must be what the row's data says,
and the data must be in canonical form. An edited ``public`` column would otherwise publish a rahasia report
while the data still said rahasia.
"""

# ruff: noqa: S608 - SQL built from constants and a check_prefix'ed table prefix only

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sp4n.adapters.storage._codec import canonical_json, complaint_from_dict, complaint_to_dict, from_micros
from sp4n.adapters.storage._rows import COLUMNS, row_values
from sp4n.adapters.storage._sql import Sql
from sp4n.exceptions import Sp4nError
from sp4n.lifecycle.audit import EventRecord, StateRecord
from sp4n.lifecycle.model import Complaint

__all__ = ["event_records", "state_records"]

_PAGE = 1000


def _state(row: tuple[Any, ...]) -> StateRecord:
    cid, version, last_hash, data = str(row[0]), int(row[2]), str(row[9]), str(row[10])
    problems: list[str] = []
    complaint: Complaint | None = None
    try:
        complaint = complaint_from_dict(json.loads(data))
    except (ValueError, KeyError, TypeError, AttributeError, Sp4nError):
        problems.append("state row data is unreadable (edited)")
    if complaint is not None:
        if canonical_json(complaint_to_dict(complaint)) != data:
            problems.append("state row data is not in canonical form (edited)")
        due = None if row[8] is None else from_micros(int(row[8]))
        expected = row_values(complaint, due, last_hash)
        names = COLUMNS.split(", ")
        stored = (row[1], int(row[2]), row[3], row[4], row[5], int(row[6]), int(row[7]), row[8], row[9])
        differ = [n for n, a, b in zip(names, stored, expected, strict=False) if a != b]
        if differ:
            problems.append(f"state row columns {', '.join(differ)} differ from its data (edited)")
    return StateRecord(
        complaint_id=cid, version=version, last_hash=last_hash, complaint=complaint, problems=tuple(problems)
    )


def state_records(sql: Sql) -> Iterator[StateRecord]:
    """Every state row, in id order, a page at a time."""
    after = ""
    query = f"SELECT id, {COLUMNS} FROM {{p}}complaints WHERE id > ? ORDER BY id LIMIT ?"
    while rows := sql.run(query, (after, _PAGE)).fetchall():
        yield from (_state(tuple(r)) for r in rows)
        after = str(rows[-1][0])


def event_records(sql: Sql) -> Iterator[EventRecord]:
    """Every event row, in position order, a page at a time."""
    after = -(2**62)
    query = "SELECT position, complaint_id, sequence, hash, prev_hash, data FROM {p}events"
    query += " WHERE position > ? ORDER BY position LIMIT ?"
    while rows := sql.run(query, (after, _PAGE)).fetchall():
        for r in rows:
            yield EventRecord(
                position=int(r[0]), complaint_id=str(r[1]), sequence=int(r[2]), hash=str(r[3]),
                prev_hash=str(r[4]), payload=str(r[5]),
            )  # fmt: skip
        after = int(rows[-1][0])
