"""Keyset search over the state table, alike on every storage adapter (:class:`sp4n.ports.ComplaintSearch`).

The filters on indexed columns (agency, reporter, tracking number, status, public, submission and due
instants) run in SQL; category and region are read from the complaint document, so they filter batches of
rows in Python (:func:`matches`, which the memory adapter applies to everything). The order is total (the
sort instant, then the id), so "strictly after the last item seen" resumes a list exactly even while other
complaints are filed.
"""

# S608: SQL here is assembled only from this module's constants; every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sp4n.adapters.storage._codec import complaint_from_dict, from_micros, to_micros
from sp4n.adapters.storage._rules import check_instant, is_public
from sp4n.adapters.storage._sql import Sql
from sp4n.lifecycle.model import Complaint
from sp4n.ports import ComplaintSearch, Listed

__all__ = ["AGENCY_OR_CO_AGENCY", "SqlSearch", "in_order", "matches", "sql_search"]

#: The lead agency's complaints and those it co-handles (``{p}complaint_links``, kept by every save that adds
#: or drops a co-handling agency); two parameters, both the agency id.
AGENCY_OR_CO_AGENCY = (
    "(agency_id = ? OR id IN (SELECT complaint_id FROM {p}complaint_links WHERE kind = 'co_agency' "
    "AND other_id = ?))"
)


#: A found row's id, version, last hash and data to its complaint.
RowDecoder = Callable[[str, int, str, str], Complaint]


def _in_region(code: str | None, region: str) -> bool:
    return code is not None and (code == region or code.startswith(region + "."))


def _check(query: ComplaintSearch) -> None:
    for name in ("submitted_from", "submitted_before", "overdue_as_of"):
        value = getattr(query, name)
        if value is not None:
            check_instant(name, value)


def _matches_document(query: ComplaintSearch, listed: Listed) -> bool:
    c = listed.complaint
    return (query.category is None or c.category == query.category) and (
        query.region_code is None or _in_region(c.region_code, query.region_code)
    )


def matches(query: ComplaintSearch, listed: Listed) -> bool:
    """Whether ``listed`` is in the search's list (every filter, the keyset aside)."""
    c, due = listed.complaint, listed.due_at
    checks = (
        query.agency_id is None or query.agency_id in c.agencies_involved,
        query.duplicate_of is None or c.duplicate_of == query.duplicate_of,
        query.reporter_ref is None or c.reporter_ref == query.reporter_ref,
        query.tracking_id is None or c.tracking_id == query.tracking_id,
        query.status is None or c.status is query.status,
        not query.public_only or is_public(c),
        query.submitted_from is None or c.submitted_at >= query.submitted_from,
        query.submitted_before is None or c.submitted_at < query.submitted_before,
        query.overdue_as_of is None or (due is not None and due < query.overdue_as_of),
    )
    return all(checks) and _matches_document(query, listed)


def in_order(
    query: ComplaintSearch, found: Iterable[Listed], after: tuple[datetime, str] | None, limit: int
) -> list[Listed]:
    """``found`` (already matching) in the search's order, strictly after ``after``, at most ``limit``."""
    _check(query)

    def key(item: Listed) -> tuple[datetime, str]:
        return query.sort_instant(item), item.complaint.id

    rows = sorted(found, key=key, reverse=query.newest_first)
    if after is not None:
        rows = [r for r in rows if (key(r) < after if query.newest_first else key(r) > after)]
    return rows[:limit]


def _where(query: ComplaintSearch) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.agency_id is not None:
        where.append(AGENCY_OR_CO_AGENCY)
        params += [query.agency_id, query.agency_id]
    if query.duplicate_of is not None:
        where.append(
            "id IN (SELECT complaint_id FROM {p}complaint_links WHERE kind = 'duplicate_of' AND other_id = ?)"
        )
        params.append(query.duplicate_of)
    for column in ("reporter_ref", "tracking_id"):
        if (value := getattr(query, column)) is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if query.status is not None:
        where.append("status = ?")
        params.append(str(query.status))
    if query.public_only:
        where.append("public = 1")
    if query.submitted_from is not None:
        where.append("submitted_at >= ?")
        params.append(to_micros(query.submitted_from))
    if query.submitted_before is not None:
        where.append("submitted_at < ?")
        params.append(to_micros(query.submitted_before))
    if query.overdue_as_of is not None:
        where.append("due_at IS NOT NULL AND due_at < ?")
        params.append(to_micros(query.overdue_as_of))
    return where, params


def _decode_row(_id: str, _version: int, _last_hash: str, data: str) -> Complaint:
    return complaint_from_dict(json.loads(data))


def sql_search(
    sql: Sql,
    query: ComplaintSearch,
    after: tuple[datetime, str] | None,
    limit: int,
    decode: RowDecoder = _decode_row,
) -> list[Listed]:
    """The search on a SQL state table (SQLite, PostgreSQL, MariaDB); ``decode`` turns a row's id, version,
    last hash and data into its complaint (a repository may serve one it decoded before)."""
    _check(query)
    column = "due_at" if query.overdue_as_of is not None else "submitted_at"
    op, direction = ("<", "DESC") if query.newest_first else (">", "ASC")
    where, params = _where(query)
    filtered = query.category is not None or query.region_code is not None
    batch = max(4 * limit, 200) if filtered else limit
    found: list[Listed] = []
    key = None if after is None else (to_micros(after[0]), after[1])
    while len(found) < limit:
        clauses, values = list(where), list(params)
        if key is not None:
            clauses.append(f"({column} {op} ? OR ({column} = ? AND id {op} ?))")
            values += [key[0], key[0], key[1]]
        text = (
            f"SELECT {column}, id, due_at, version, last_hash, data FROM {{p}}complaints"
            f" WHERE {' AND '.join(clauses) or '1 = 1'}"
            f" ORDER BY {column} {direction}, id {direction} LIMIT ?"
        )
        rows = sql.run(text, (*values, batch)).fetchall()
        for _, complaint_id, due, version, last_hash, data in rows:
            complaint = decode(str(complaint_id), int(version), str(last_hash), data)
            listed = Listed(complaint, None if due is None else from_micros(due))
            if _matches_document(query, listed):
                found.append(listed)
        if len(rows) < batch:
            break
        key = (int(rows[-1][0]), str(rows[-1][1]))
    return found[:limit]


class SqlSearch:
    """The repositories' ``search`` for the SQL adapters (mixed into their complaint repository)."""

    _sql: Sql

    def _decoded_row(self, complaint_id: str, version: int, last_hash: str, data: str) -> Complaint:
        """The complaint a found row holds (:class:`~._repos.SqlComplaints` keeps decoded ones)."""
        return _decode_row(complaint_id, version, last_hash, data)

    def search(
        self, query: ComplaintSearch, after: tuple[datetime, str] | None = None, limit: int = 100
    ) -> list[Listed]:
        """See :meth:`sp4n.ports.ComplaintRepository.search`."""
        return sql_search(self._sql, query, after, limit, self._decoded_row)
