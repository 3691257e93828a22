"""PostgreSQL: a whole save in one statement (one round trip instead of three).

Data-modifying CTEs run exactly once and in one snapshot, so the state write, the log head bump and the
event inserts either all happen or — when the state write matched no row (a stale version, or a new
complaint that already exists) — none do, and the statement returns no rows. The log head row lock is
still held to commit, so positions stay in commit order (see ``_sqlrepos``).
"""

# S608 flags every f-string SQL. Here SQL is assembled only from this module's constants and a table
# prefix that check_prefix limited to [a-z0-9_]; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import attrs

from sp4n.ports import StoredEvent

__all__ = ["save_in_one_statement"]


class _Runner(Protocol):
    def run(self, sql: str, params: Sequence[Any] = ()) -> Any: ...


def save_in_one_statement(
    sql: _Runner,
    *,
    write: str,
    write_params: Sequence[Any],
    complaint_id: str,
    linked: list[StoredEvent],
    payloads: list[str],
) -> list[StoredEvent] | None:
    """Run ``write`` (an INSERT or UPDATE of the state row ending in ``RETURNING id``) and append ``linked``.

    Returns the stored events with their positions, or ``None`` when ``write`` touched no row (nothing was
    written at all).
    """
    count = len(linked)
    values = ", ".join(["(?::int, ?::int, ?, ?, ?)"] * count)
    statement = (
        f"WITH c AS ({write}), "
        "h AS (UPDATE {p}log_head SET position = position + ? WHERE id = 1 AND EXISTS (SELECT 1 FROM c)"
        " RETURNING position) "
        "INSERT INTO {p}events (position, complaint_id, sequence, hash, prev_hash, data) "
        "SELECT h.position - ? + v.ord, ?, v.seq, v.hash, v.prev, v.data "
        f"FROM h, (VALUES {values}) AS v(ord, seq, hash, prev, data) RETURNING sequence, position"
    )
    rows: list[Any] = []
    for ord_, (item, payload) in enumerate(zip(linked, payloads, strict=True), start=1):
        rows += [ord_, item.event.sequence, item.hash, item.prev_hash, payload]
    found = sql.run(statement, (*write_params, count, count, complaint_id, *rows)).fetchall()
    if not found:
        return None
    positions = {int(seq): int(pos) for seq, pos in found}
    return [attrs.evolve(item, position=positions[item.event.sequence]) for item in linked]
