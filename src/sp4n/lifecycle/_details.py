"""Validation of the details each action carries, turning keyword arguments into typed event details.

Every refusal is a :class:`~sp4n.exceptions.RuleViolation` naming the field (``details.<name>``) and the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.attachments import ATTACHMENT_LIMITS, Attachment
from sp4n.lifecycle.events import (
    BreachDetails,
    CloseDetails,
    CoAgencyDetails,
    Details,
    DisposeDetails,
    DuplicateDetails,
    EscalateDetails,
    ForwardDetails,
    InformationDetails,
    NoDetails,
    OmbudsmanDetails,
    PublishDetails,
    RedactDetails,
)
from sp4n.lifecycle.model import CHANNELS_WITHOUT_REGION, Channel, Complaint, require_aware
from sp4n.lifecycle.status import Action
from sp4n.region_codes import problem_with

__all__ = [
    "CHANNELS_WITHOUT_REGION",
    "REDACTABLE_FIELDS",
    "SATISFACTION_SCALE",
    "build_details",
    "incident_date",
    "optional_text",
    "region_code",
    "text",
]


def text(field: str, value: object) -> str:
    """``value`` stripped; refuses anything that is not a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise RuleViolation(field, "must be a non-empty text")
    return value.strip()


def optional_text(field: str, value: object) -> str | None:
    """Like :func:`text` but ``None`` passes through."""
    return None if value is None else text(field, value)


def _optional_bool(field: str, value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise RuleViolation(field, "must be true, false or absent")
    return value


def region_code(value: str | None, channel: Channel) -> str | None:
    """A dotted Kemendagri code (:mod:`sp4n.region_codes`, the one grammar); web and app reports must name one
    (they always ask for a place)."""
    if value is None:
        if channel not in CHANNELS_WITHOUT_REGION:
            raise RuleViolation(
                "region_code", "required for reports from the {channel} channel", channel=channel
            )
        return None
    problem = problem_with(value) if isinstance(value, str) else "must be a string"
    if problem is not None:
        raise RuleViolation("region_code", "{value!r}: {problem}", value=value, problem=problem)
    return value


def incident_date(value: date | None, at: datetime) -> date | None:
    """An incident cannot happen after the report; compared in WIT (UTC+9), Indonesia's latest local date."""
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise RuleViolation("incident_date", "must be a date (not a datetime)")
    if value > (at.astimezone(UTC) + timedelta(hours=9)).date():
        raise RuleViolation("incident_date", "must not be after the day the report is submitted")
    return value


def _flag(field: str, value: object, already: bool) -> bool | None:
    wanted = _optional_bool(field, value)
    if wanted is False and already:
        # Perpres 76/2013 requires the reporter's identity be kept confidential: once set, never lifted.
        raise RuleViolation(field, "a privacy flag once set is never lifted")
    return wanted


def _forward(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> ForwardDetails:
    if "agency_id" not in data:
        raise RuleViolation(
            "details.agency_id", "{action} must name the agency it forwards to", action=action
        )
    agency = text("details.agency_id", data["agency_id"])
    if action is Action.reroute:
        if agency == complaint.agency_id:
            raise RuleViolation("details.agency_id", "reroute must name a different agency")
        if agency in complaint.declined_agencies:
            raise RuleViolation(
                "details.agency_id",
                "{agency} already declined this complaint (bukan wewenang)",
                agency=agency,
            )
    return ForwardDetails(
        agency_id=agency,
        title=optional_text("details.title", data.get("title")),
        category=optional_text("details.category", data.get("category")),
        anonim=_flag("details.anonim", data.get("anonim"), complaint.is_anonim),
        rahasia=_flag("details.rahasia", data.get("rahasia"), complaint.is_rahasia),
    )


def _duplicate(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> DuplicateDetails:
    if "duplicate_of" not in data:
        raise RuleViolation("details.duplicate_of", "archive_duplicate must name the canonical complaint")
    canonical = text("details.duplicate_of", data["duplicate_of"])
    if canonical == complaint.id:
        raise RuleViolation("details.duplicate_of", "a complaint is not a duplicate of itself")
    return DuplicateDetails(duplicate_of=canonical)


def _co_agency(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> CoAgencyDetails:
    if "agency_id" not in data:
        raise RuleViolation("details.agency_id", "add_agency must name the agency")
    agency = text("details.agency_id", data["agency_id"])
    if agency in complaint.agencies_involved:
        raise RuleViolation("details.agency_id", "{agency} already handles this complaint", agency=agency)
    if agency in complaint.declined_agencies:
        raise RuleViolation(
            "details.agency_id", "{agency} already declined this complaint (bukan wewenang)", agency=agency
        )
    return CoAgencyDetails(agency_id=agency)


def _information(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> InformationDetails:
    raw = data.get("attachments", ())
    if isinstance(raw, str) or not isinstance(raw, Iterable):
        raise RuleViolation("details.attachments", "must be a list of attachment references")
    files = tuple(raw)
    if not all(isinstance(a, Attachment) for a in files):
        raise RuleViolation("details.attachments", "must be Attachment references (store the bytes first)")
    limit = ATTACHMENT_LIMITS.max_per_complaint
    if len(complaint.attachments) + len(files) > limit:
        raise RuleViolation(
            "details.attachments", "a complaint holds at most {limit} attachments", limit=limit
        )
    return InformationDetails(attachments=files)


def _dispose(_: Complaint, action: Action, data: Mapping[str, Any]) -> DisposeDetails:
    raw = data.get("unit_ids")
    if raw is None or isinstance(raw, str) or not isinstance(raw, Iterable):
        raise RuleViolation("details.unit_ids", "dispose needs a list of one or more unit ids")
    units = tuple(text("details.unit_ids", u) for u in raw)
    if not units:
        raise RuleViolation("details.unit_ids", "dispose needs one or more units")
    if len(set(units)) != len(units):
        raise RuleViolation("details.unit_ids", "each unit may be named only once")
    # The contract's converter=tuple makes mypy infer a generic Iterable; the value is a tuple[str, ...].
    return DisposeDetails(unit_ids=units)


def _escalate(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> EscalateDetails:
    disclose = _optional_bool("details.disclose_identity", data.get("disclose_identity"))
    if complaint.is_anonim and not disclose:
        # UU 37/2008 Pasal 24: Ombudsman RI needs the reporter's identity; 24(2) lets it stay confidential.
        raise RuleViolation(
            "details.disclose_identity",
            "an anonim reporter must consent to disclose their identity to Ombudsman RI "
            "(never to the agency)",
        )
    return EscalateDetails(
        ombudsman_ref=optional_text("details.ombudsman_ref", data.get("ombudsman_ref")),
        disclose_identity=disclose,
    )


#: The reporter's satisfaction rating at close: 1 (very dissatisfied) to 5 (very satisfied), our choice.
SATISFACTION_SCALE = range(1, 6)


def _close(_: Complaint, action: Action, data: Mapping[str, Any]) -> CloseDetails:
    rating = data.get("satisfaction")
    if rating is not None and (type(rating) is not int or rating not in SATISFACTION_SCALE):
        raise RuleViolation("details.satisfaction", "must be a whole number from 1 to 5")
    return CloseDetails(satisfaction=rating)


def _ombudsman(_: Complaint, action: Action, data: Mapping[str, Any]) -> OmbudsmanDetails:
    return OmbudsmanDetails(document_ref=optional_text("details.document_ref", data.get("document_ref")))


def _breach(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> BreachDetails:
    for name in ("clock", "due_at", "overdue_by"):
        if name not in data:
            raise RuleViolation(f"details.{name}", "record_breach needs clock, due_at and overdue_by")
    due_at = data["due_at"]
    if not isinstance(due_at, datetime):
        raise RuleViolation("details.due_at", "must be a datetime")
    require_aware("details.due_at", due_at)
    overdue = data["overdue_by"]
    if not isinstance(overdue, timedelta) or overdue <= timedelta(0):
        raise RuleViolation("details.overdue_by", "must be a positive timedelta")
    agency = optional_text("details.agency_id", data.get("agency_id"))
    return BreachDetails(
        clock=text("details.clock", data["clock"]),
        due_at=due_at.astimezone(UTC),
        overdue_by=overdue,
        agency_id=agency if agency is not None else complaint.agency_id,
    )


def _publish(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> PublishDetails:
    key = text("details.storage_key", data.get("storage_key"))
    if not any(a.storage_key == key and not a.published for a in complaint.attachments):
        raise RuleViolation("details.storage_key", "must name an unpublished attachment of this complaint")
    return PublishDetails(storage_key=key)


#: The free texts of an event a redaction may mask (the ones reporters and officers write).
REDACTABLE_FIELDS = ("reason", "details.title", "details.description")


def _whole(field: str, value: object, least: int) -> int:
    if type(value) is not int or value < least:
        raise RuleViolation(field, "must be a whole number of at least {least}", least=least)
    return value


def _redact(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> RedactDetails:
    sequence = _whole("details.sequence", data.get("sequence"), 1)
    if sequence > complaint.version:
        raise RuleViolation("details.sequence", "must name an earlier event of this complaint")
    field = data.get("field")
    if field not in REDACTABLE_FIELDS:
        raise RuleViolation("details.field", "must be one of reason, details.title, details.description")
    start = _whole("details.start", data.get("start"), 0)
    end = _whole("details.end", data.get("end"), start + 1)
    digest = data.get("masked_digest")
    if not isinstance(digest, str) or len(digest) != 64 or digest.strip("0123456789abcdef"):
        raise RuleViolation("details.masked_digest", "must be a SHA-256 in lowercase hex")
    return RedactDetails(sequence=sequence, field=str(field), start=start, end=end, masked_digest=digest)


_Builder = Callable[[Complaint, Action, Mapping[str, Any]], Details]
_BUILDERS: dict[Action, tuple[_Builder, frozenset[str]]] = {
    Action.verify: (_forward, frozenset({"agency_id", "title", "category", "anonim", "rahasia"})),
    Action.reroute: (_forward, frozenset({"agency_id", "title", "category", "anonim", "rahasia"})),
    Action.dispose: (_dispose, frozenset({"unit_ids"})),
    Action.archive_duplicate: (_duplicate, frozenset({"duplicate_of"})),
    Action.add_agency: (_co_agency, frozenset({"agency_id"})),
    Action.add_information: (_information, frozenset({"attachments"})),
    Action.escalate: (_escalate, frozenset({"ombudsman_ref", "disclose_identity"})),
    Action.close: (_close, frozenset({"satisfaction"})),
    Action.ombudsman_receive: (_ombudsman, frozenset({"document_ref"})),
    Action.record_lhp: (_ombudsman, frozenset({"document_ref"})),
    Action.record_recommendation: (_ombudsman, frozenset({"document_ref"})),
    Action.record_response: (_ombudsman, frozenset({"document_ref"})),
    Action.conclude: (_ombudsman, frozenset({"document_ref"})),
    Action.record_breach: (_breach, frozenset({"clock", "due_at", "overdue_by", "agency_id"})),
    Action.publish_attachment: (_publish, frozenset({"storage_key"})),
    Action.redact: (_redact, frozenset({"sequence", "field", "start", "end", "masked_digest"})),
}
_NO_DETAILS = NoDetails()


def build_details(complaint: Complaint, action: Action, data: Mapping[str, Any]) -> Details:
    """Validate ``data`` for ``action`` and return the typed details its event carries."""
    builder, known = _BUILDERS.get(action, (None, frozenset()))
    unknown = sorted(set(data) - known)
    if unknown:
        raise RuleViolation(f"details.{unknown[0]}", "{action} takes no such detail", action=action)
    if builder is None:
        return _NO_DETAILS
    return builder(complaint, action, data)
