"""What an actor may see: the search its lists are narrowed to, and the view each complaint is shown in.

The rules are the lifecycle views' (:mod:`sp4n.lifecycle.views`), applied here because the web layer hands
complaints to people:

* nobody signed in (``None``): the public view of a published complaint, never a rahasia one; a tracking
  number of a report not (or no longer) published shows its status only (:func:`public_status_doc`);
* a reporter: their own complaints, whole; someone else's is "not found" (its existence is not confirmed);
* an agency admin or unit officer: the complaints its agency leads or co-handles, anonim reporters redacted;
* the national admin, Ombudsman RI and the system: every complaint, in the agency view (redacted).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from sp4n.exceptions import ComplaintNotFound
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.views import PublicStatus, agency_view, public_view, reporter_view
from sp4n.notify.model import NextDeadline
from sp4n.ports import ComplaintSearch
from sp4n.wire import agency_complaint_to_doc, public_complaint_to_doc, reporter_complaint_to_doc

__all__ = ["AGENCY_ROLES", "public_status_doc", "scoped", "view_doc"]

AGENCY_ROLES = frozenset({Role.agency_admin, Role.unit_officer})


def scoped(search: ComplaintSearch, actor: Actor | None) -> ComplaintSearch:
    """``search`` narrowed to what ``actor`` may list."""
    if actor is None:
        return attrs.evolve(search, public_only=True)
    if actor.role is Role.reporter:
        return attrs.evolve(search, reporter_ref=actor.id)
    if actor.role in AGENCY_ROLES:
        return attrs.evolve(search, agency_id=actor.agency_id)
    return search


def view_doc(
    complaint: Complaint,
    actor: Actor | None,
    *,
    due_at: datetime | None = None,
    next_deadline: NextDeadline | None = None,
) -> dict[str, Any]:
    """The JSON-ready document of ``complaint`` as ``actor`` may see it (``ComplaintNotFound`` if not)."""
    if actor is None:
        view = public_view(complaint)
        if view is None:
            raise ComplaintNotFound(complaint.tracking_id)
        return public_complaint_to_doc(view, due_at=due_at, next_deadline=next_deadline).model_dump(
            mode="json"
        )
    if actor.role is Role.reporter:
        if complaint.reporter_ref != actor.id:
            raise ComplaintNotFound(complaint.tracking_id)
        return reporter_complaint_to_doc(
            reporter_view(complaint), due_at=due_at, next_deadline=next_deadline
        ).model_dump(mode="json")
    if actor.role in AGENCY_ROLES and actor.agency_id not in complaint.agencies_involved:
        raise ComplaintNotFound(complaint.tracking_id)
    return agency_complaint_to_doc(
        agency_view(complaint), due_at=due_at, next_deadline=next_deadline
    ).model_dump(mode="json")


def public_status_doc(view: PublicStatus) -> dict[str, Any]:
    """The JSON-ready answer for a report that is not published (``kind`` "status"): where it stands, no
    text, no agency, no reporter."""
    return {
        "v": 1,
        "kind": "status",
        "tracking_id": view.tracking_id,
        "status": str(view.status),
        "status_label": view.status_label,
        "submitted_at": _utc_iso(view.submitted_at),
        "updated_at": _utc_iso(view.updated_at),
    }


def _utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
