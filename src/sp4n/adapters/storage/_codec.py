"""How rows encode values: complaint ↔ JSON-safe dict, canonical JSON, instants as epoch microseconds.

Events use :func:`sp4n.lifecycle.events.event_to_dict` / :func:`~sp4n.lifecycle.events.event_from_dict`;
complaints use :func:`complaint_to_dict` / :func:`complaint_from_dict` here. Instants are stored in UTC.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Complaint
>>> c = Complaint(id="c1", tracking_id="LPR-1", type="pengaduan", title="Jalan rusak",
...               description="Lubang besar", category="infrastruktur", channel="web",
...               submitted_at=datetime(2026, 3, 2, tzinfo=UTC), status="submitted", version=1,
...               updated_at=datetime(2026, 3, 2, tzinfo=UTC))
>>> complaint_from_dict(complaint_to_dict(c)) == c
True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import attrs

from sp4n.lifecycle._encoded import MAX_ENTRIES, TEXTS, instant_text
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.events import presorted_json
from sp4n.lifecycle.history import canonical_json
from sp4n.lifecycle.model import Complaint, DeclineRecord, PrivacyFlag, Role
from sp4n.lifecycle.status import Status

__all__ = [
    "canonical_json",
    "complaint_from_dict",
    "complaint_json",
    "complaint_to_dict",
    "from_micros",
    "to_micros",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(value: datetime) -> int:
    """Microseconds since the Unix epoch (an aware instant as a sortable integer column).

    >>> to_micros(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC))
    1000000
    """
    if type(value) is datetime:  # a subclass may subtract otherwise: computed each time
        known = _MICROS.get(value)
        if known is not None:
            return known
    delta = value - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    # Kept only from UTC instants, which compare equal only to the same instant (as in _encoded).
    if type(value) is datetime and value.tzinfo is UTC:
        if len(_MICROS) >= MAX_ENTRIES:
            _MICROS.clear()
        _MICROS[value] = micros
    return micros


#: Epoch microseconds of recent UTC instants (a save converts the submission instant and the deadline).
_MICROS: dict[datetime, int] = {}


def from_micros(value: int) -> datetime:
    """The UTC instant ``value`` microseconds after the epoch (inverse of :func:`to_micros`)."""
    seconds, micros = divmod(value, 1_000_000)
    return datetime.fromtimestamp(seconds, UTC).replace(microsecond=micros)


def _flag(flag: PrivacyFlag | None) -> dict[str, str] | None:
    if flag is None:
        return None
    return {"set_at": _iso(flag.set_at), "set_by": flag.set_by, "set_by_role": str(flag.set_by_role)}


def _unflag(data: Mapping[str, str] | None) -> PrivacyFlag | None:
    if data is None:
        return None
    return PrivacyFlag(
        set_by=data["set_by"], set_by_role=Role(data["set_by_role"]), set_at=_parse(data["set_at"])
    )


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def complaint_to_dict(c: Complaint) -> dict[str, Any]:
    """A JSON-safe dict of every field of ``c`` (instants as ISO 8601 in UTC).

    Keys are in sorted order at every level, so :func:`complaint_json` encodes it without sorting.
    """
    return {
        "agency_id": c.agency_id,
        "anonim": _flag(c.anonim),
        "archive_reason": c.archive_reason,
        "attachments": [_attachment(a) for a in c.attachments],
        "breached_clocks": list(c.breached_clocks),
        "category": c.category,
        "channel": str(c.channel),
        "closed_at": None if c.closed_at is None else _iso(c.closed_at),
        "co_agency_ids": list(c.co_agency_ids),
        "declines": [
            {"actor_id": d.actor_id, "agency_id": d.agency_id, "at": _iso(d.at), "reason": d.reason}
            for d in c.declines
        ],
        "description": c.description,
        "disclosed_to_ombudsman": c.disclosed_to_ombudsman,
        "duplicate_of": c.duplicate_of,
        "held_from": None if c.held_from is None else str(c.held_from),
        "id": c.id,
        # Only when set: rows written before the flag existed stay in canonical form for the audit.
        **({"in_redaction": True} if c.in_redaction else {}),
        "incident_date": None if c.incident_date is None else c.incident_date.isoformat(),
        "information_extended": c.information_extended,
        "ombudsman_ref": c.ombudsman_ref,
        "rahasia": _flag(c.rahasia),
        "region_code": c.region_code,
        "replies": c.replies,
        "reporter_ref": c.reporter_ref,
        "satisfaction": c.satisfaction,
        "status": str(c.status),
        "submitted_at": _iso(c.submitted_at),
        "title": c.title,
        "tracking_id": c.tracking_id,
        "type": str(c.type),
        "unit_ids": list(c.unit_ids),
        "updated_at": _iso(c.updated_at),
        "version": c.version,
    }


def _attachment(a: Attachment) -> dict[str, Any]:
    return dict(sorted(attrs.asdict(a).items()))


def complaint_json(c: Complaint) -> str:
    """``canonical_json(complaint_to_dict(c))``: a state row per command, so written directly in key order
    from cached texts (:mod:`sp4n.lifecycle._encoded`) when every field has its declared type."""
    try:
        return _complaint_text(c)
    except Exception:  # a field of another type: the general encoder writes (or refuses) it as ever
        return presorted_json(complaint_to_dict(c))


def _int(value: object) -> int:
    if type(value) is not int:  # bool and int subclasses print otherwise in an f-string
        raise TypeError(type(value).__name__)
    return value


def _bool(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise TypeError(type(value).__name__)


#: The texts of the non-empty id tuples (units, co-handling agencies, breached clocks), by value.
_LISTS: dict[tuple[str, ...], str] = {}
_EMPTY: tuple[()] = ()


def _strings(values: tuple[str, ...]) -> str:
    if values is _EMPTY:
        return "[]"
    text = _LISTS.get(values)
    if text is None:
        text = presorted_json(list(values))
        # Only exact tuples of exact strings are kept: a hit is then a value of the same characters.
        if type(values) is tuple and all(type(v) is str for v in values):
            if len(_LISTS) >= MAX_ENTRIES:
                _LISTS.clear()
            _LISTS[values] = text
    return text


def _complaint_text(c: Complaint) -> str:
    # Each part is presorted_json of complaint_to_dict's value for its key (the encoding test compares).
    t, at, n = TEXTS, instant_text, "null"
    anonim = n if c.anonim is None else presorted_json(_flag(c.anonim))
    rahasia = n if c.rahasia is None else presorted_json(_flag(c.rahasia))
    files = "[]" if c.attachments is _EMPTY else presorted_json([_attachment(a) for a in c.attachments])
    declines = "[]" if c.declines is _EMPTY else presorted_json(complaint_to_dict(c)["declines"])
    marked = ',"in_redaction":true' if c.in_redaction else ""
    incident = None if c.incident_date is None else c.incident_date.isoformat()
    disclosed, extended = c.disclosed_to_ombudsman, c.information_extended
    disclosed_text = "false" if disclosed is False else _bool(disclosed)
    extended_text = "false" if extended is False else _bool(extended)
    replies, version = c.replies, c.version
    if type(replies) is not int or type(version) is not int:
        raise TypeError("not an int")
    return (
        f'{{"agency_id":{t[c.agency_id]},"anonim":{anonim},"archive_reason":{t[c.archive_reason]}'
        f',"attachments":{files},"breached_clocks":{_strings(c.breached_clocks)},"category":{t[c.category]}'
        f',"channel":{t[str(c.channel)]},"closed_at":{n if c.closed_at is None else at(c.closed_at)}'
        f',"co_agency_ids":{_strings(c.co_agency_ids)},"declines":{declines}'
        f',"description":{t[c.description]},"disclosed_to_ombudsman":{disclosed_text}'
        f',"duplicate_of":{t[c.duplicate_of]}'
        f',"held_from":{n if c.held_from is None else t[str(c.held_from)]},"id":{t[c.id]}{marked}'
        f',"incident_date":{t[incident]},"information_extended":{extended_text}'
        f',"ombudsman_ref":{t[c.ombudsman_ref]},"rahasia":{rahasia},"region_code":{t[c.region_code]}'
        f',"replies":{replies},"reporter_ref":{t[c.reporter_ref]}'
        f',"satisfaction":{n if c.satisfaction is None else _int(c.satisfaction)}'
        f',"status":{t[str(c.status)]},"submitted_at":{at(c.submitted_at)},"title":{t[c.title]}'
        f',"tracking_id":{t[c.tracking_id]},"type":{t[str(c.type)]},"unit_ids":{_strings(c.unit_ids)}'
        f',"updated_at":{at(c.updated_at)},"version":{version}}}'
    )


def complaint_from_dict(data: Mapping[str, Any]) -> Complaint:
    """Rebuild a :class:`Complaint` from :func:`complaint_to_dict`'s output."""
    kwargs = dict(data)
    kwargs["incident_date"] = (
        None if data["incident_date"] is None else date.fromisoformat(data["incident_date"])
    )
    kwargs["anonim"] = _unflag(data["anonim"])
    kwargs["rahasia"] = _unflag(data["rahasia"])
    kwargs["submitted_at"] = _parse(data["submitted_at"])
    kwargs["updated_at"] = _parse(data["updated_at"])
    kwargs["held_from"] = None if data["held_from"] is None else Status(data["held_from"])
    kwargs["unit_ids"] = tuple(data["unit_ids"])
    kwargs["declines"] = tuple(
        DeclineRecord(
            agency_id=d["agency_id"], actor_id=d["actor_id"], at=_parse(d["at"]), reason=d["reason"]
        )
        for d in data["declines"]
    )
    # Rows written before these fields existed read as the defaults (nothing breached, no reply, ...).
    kwargs["breached_clocks"] = tuple(data.get("breached_clocks", ()))
    closed_at = data.get("closed_at")
    kwargs["closed_at"] = None if closed_at is None else _parse(closed_at)
    kwargs["co_agency_ids"] = tuple(data.get("co_agency_ids", ()))
    kwargs["attachments"] = tuple(Attachment(**a) for a in data.get("attachments", ()))
    kwargs["information_extended"] = bool(data.get("information_extended", False))
    kwargs["in_redaction"] = bool(data.get("in_redaction", False))
    return Complaint(**kwargs)
