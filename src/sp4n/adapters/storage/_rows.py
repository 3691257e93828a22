"""The state row of a complaint: its columns, their values, and the UPDATE that writes only what changed.

Every column after ``id`` is derived from the complaint (the audit recomputes them from the row's data, so a
column edited by hand is found). An UPDATE that sets a column rewrites every index on it, even to the same
value (SQLite deletes and re-inserts the index entry, dirtying a page that the commit then writes), so a
save whose previous state is known sets only the columns whose value differs from it: a command usually
changes the version, status, deadline, hash and data, and leaves the tracking number, reporter, agency,
visibility and submission instant alone.

>>> update_statement(CHANGING).split(" SET ")[1]
'version = ?, status = ?, due_at = ?, last_hash = ?, data = ? WHERE id = ? AND version = ? AND last_hash = ?'
"""

# S608: SQL here is built from this module's constant column names only.
# ruff: noqa: S608

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sp4n.adapters.storage._codec import complaint_json, to_micros
from sp4n.adapters.storage._rules import due_for_storage, is_public
from sp4n.lifecycle.model import Complaint

__all__ = [
    "ASSIGNMENTS",
    "CHANGING",
    "COLUMNS",
    "changed_columns",
    "row_values",
    "update_for",
    "update_statement",
]

#: The state row's columns after ``id``, in the order :func:`row_values` gives their values.
COLUMNS = (
    "tracking_id, version, status, agency_id, reporter_ref, public, submitted_at, due_at, last_hash, data"
)
_NAMES = tuple(COLUMNS.split(", "))
#: ``column = ?, ...`` for an UPDATE of every column in :data:`COLUMNS`.
ASSIGNMENTS = ", ".join(f"{c} = ?" for c in _NAMES)
#: The positions (in :data:`COLUMNS`) written by every update: the version, status, deadline, hash and data.
CHANGING = (1, 2, 7, 8, 9)
#: The positions written only when they differ from the previous state's.
_STEADY = (0, 3, 4, 5, 6)


def row_values(complaint: Complaint, due_at: datetime | None, last_hash: str) -> tuple[Any, ...]:
    """The state row's values for :data:`COLUMNS` (the audit recomputes them from the row's data)."""
    due = due_for_storage(complaint, due_at)
    return (
        complaint.tracking_id,
        complaint.version,
        str(complaint.status),
        complaint.agency_id,
        complaint.reporter_ref,
        1 if is_public(complaint) else 0,
        to_micros(complaint.submitted_at),
        None if due is None else to_micros(due),
        last_hash,
        complaint_json(complaint),
    )


def _steady_values(complaint: Complaint) -> tuple[Any, ...]:
    """The values at :data:`_STEADY` that ``complaint`` has (no JSON: cheap)."""
    public = 1 if is_public(complaint) else 0
    return (complaint.tracking_id, complaint.agency_id, complaint.reporter_ref, public,
            to_micros(complaint.submitted_at))  # fmt: skip


def changed_columns(values: tuple[Any, ...], previous: Complaint | None) -> tuple[int, ...]:
    """The positions of ``values`` an update must write over a row holding ``previous`` (every column when
    the previous state is not known)."""
    if previous is None:
        return _ALL
    differ = 0
    for bit, (i, was) in enumerate(zip(_STEADY, _steady_values(previous), strict=True)):
        if values[i] != was:
            differ |= 1 << bit
    return _WRITTEN[differ]


_ALL = tuple(range(len(_NAMES)))
#: The columns an update writes, by which of the _STEADY columns differ (bit n: the n-th of them).
_WRITTEN = tuple(
    tuple(sorted((*CHANGING, *(c for n, c in enumerate(_STEADY) if bits >> n & 1)))) for bits in range(32)
)

#: A getter of the values at each set of columns an update may write (a comprehension costs more).
_PICK = {columns: itemgetter(*columns) for columns in (_ALL, *_WRITTEN)}


def update_for(values: tuple[Any, ...], previous: Complaint | None) -> tuple[str, tuple[Any, ...]]:
    """The UPDATE over a row holding ``previous`` (:func:`changed_columns`) and the values it sets; its
    other parameters, the id, the expected version and the hash, follow them."""
    columns = changed_columns(values, previous)
    return update_statement(columns), tuple(_PICK[columns](values))


@lru_cache(maxsize=64)
def update_statement(columns: tuple[int, ...] | None = None) -> str:
    """The UPDATE of ``columns`` (positions in :data:`COLUMNS`; all of them when ``None``) of the row at an
    expected version and hash; its parameters are those columns' values, then the id, the version and the
    hash."""
    assignments = ASSIGNMENTS if columns is None else ", ".join(f"{_NAMES[i]} = ?" for i in columns)
    return f"UPDATE {{p}}complaints SET {assignments} WHERE id = ? AND version = ? AND last_hash = ?"
