"""Commands: pydantic models that check *untrusted* input at the edge, before the domain sees it.

Everything that arrives from a browser, an SMS gateway or another agency's system goes through
:func:`parse_command` first. It accepts a mapping, a JSON text or raw bytes, and either returns a frozen,
validated command or raises :class:`~sp4n.exceptions.InvalidCommand` — a
:class:`~sp4n.exceptions.RuleViolation` naming the first bad field and its rule (all problems are in
``problems``). The input value itself is never echoed, because it may be personal data (UU 27/2022 PDP). The
service turns commands into plain arguments; the domain never sees pydantic.

Rules every model shares: unknown fields are refused; strings are strict (no numbers or bytes taken for
text), stripped, bounded in length, and free of control, invisible bidi and lone surrogate characters
(:func:`sp4n.identity.has_unsafe_characters`; a line break is allowed only in long texts). Region codes
follow the one Kemendagri grammar (:func:`sp4n.jurisdiction.codes.problem_with`). Identifiers are short
ASCII tokens, so quotes, semicolons and other SQL or shell metacharacters never reach a query as an
identifier; free texts may contain them and are stored verbatim through bound parameters.

>>> cmd = parse_command(Dispose, b'{"complaint_id": "c-1", "unit_ids": ["disdik"]}')
>>> cmd.unit_ids
('disdik',)
>>> parse_command(Dispose, {"complaint_id": "c-1; DROP TABLE complaints", "unit_ids": ["disdik"]})
Traceback (most recent call last):
...
sp4n.exceptions.InvalidCommand: complaint_id: harus berupa pengenal (huruf, angka, . _ : -; paling banyak 64)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from sp4n.command_fields import (
    Contact,
    Identifier,
    IsoDate,
    Label,
    LongText,
    Nik,
    Note,
    RegionCode,
    Sha256,
    StorageKey,
    Title,
)
from sp4n.exceptions import InvalidCommand
from sp4n.lifecycle.model import CHANNELS_WITHOUT_REGION, Channel, ComplaintType
from sp4n.texts.rules import pydantic_rule

__all__ = [
    "AddAgency",
    "AddInformation",
    "Archive",
    "ArchiveDuplicate",
    "AttachmentRef",
    "Close",
    "Command",
    "Conclude",
    "Contribute",
    "Decline",
    "Dispose",
    "EraseReporter",
    "Escalate",
    "ExtendInformationDeadline",
    "FollowUp",
    "HandBack",
    "Hold",
    "OmbudsmanReceive",
    "OverruleDecline",
    "PublishAttachment",
    "RecordLhp",
    "RecordRecommendation",
    "RecordResponse",
    "Reopen",
    "Reply",
    "ReporterInput",
    "RequestInformation",
    "Reroute",
    "Resume",
    "Start",
    "SubmitComplaint",
    "VerifyAndForward",
    "parse_command",
]

#: Largest request body accepted (bytes): a description of 10,000 characters fits many times over.
MAX_BODY_BYTES = 256 * 1024


class Command(BaseModel):
    """Base of every command: frozen, unknown fields refused, booleans and strings strict."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ReporterInput(Command):
    """Who filed: all optional, validated again by :mod:`sp4n.identity` (NIK plausibility, phone format)."""

    name: Label | None = None
    nik: Nik | None = None
    phone: Contact | None = None
    email: Contact | None = None


def _region_required_schema(schema: dict[str, Any]) -> None:
    # The domain refuses a web or app report without a region; the schema says so, so that clients and
    # OpenAPI documents built from this model know it before they send.
    needs = sorted(str(c) for c in Channel if c not in CHANNELS_WITHOUT_REGION)
    schema["if"] = {"properties": {"channel": {"enum": needs}}, "required": ["channel"]}
    schema["then"] = {"required": ["region_code"], "properties": {"region_code": {"type": "string"}}}


class SubmitComplaint(Command):
    """A citizen's report (laporan). SMS 1708 and Twitter reports may leave out the region: most have none;
    web and app reports must name one (the generated JSON Schema says so with ``if``/``then``)."""

    model_config = ConfigDict(json_schema_extra=_region_required_schema)

    type: ComplaintType
    title: Title
    description: LongText
    category: Label
    channel: Channel
    region_code: RegionCode | None = None
    incident_date: IsoDate | None = None
    anonim: Annotated[bool, Field(strict=True)] = False
    rahasia: Annotated[bool, Field(strict=True)] = False
    reporter: ReporterInput | None = None


class _OnComplaint(Command):
    complaint_id: Identifier


class _Noted(_OnComplaint):
    reason: Note


class VerifyAndForward(_OnComplaint):
    """The national admin verifies and forwards; without ``agency_id`` the routing resolver chooses."""

    agency_id: Identifier | None = None
    title: Title | None = None
    category: Label | None = None
    anonim: Annotated[bool, Field(strict=True)] | None = None
    rahasia: Annotated[bool, Field(strict=True)] | None = None
    reason: Note | None = None


class Dispose(_OnComplaint):
    """Disposisi to one or more units of the agency (at most 20, each once)."""

    unit_ids: Annotated[tuple[Identifier, ...], Field(min_length=1, max_length=20)]
    reason: Note | None = None


class Start(_OnComplaint):
    """A unit starts working on the complaint (Diproses)."""

    reason: Note | None = None


class FollowUp(_Noted):
    """The tindak lanjut: what the agency did, in words the reporter reads."""


class Reply(_Noted):
    """The reporter is not satisfied and says why; the complaint goes back to the agency."""


class Close(_OnComplaint):
    """The reporter is satisfied (or the system closes after the silent period); the reporter may rate their
    satisfaction from 1 to 5."""

    reason: Note | None = None
    satisfaction: Annotated[int, Field(strict=True, ge=1, le=5)] | None = None


class Reopen(_Noted):
    """The reporter reopens a closed complaint (within the reopen window) and says what is still wrong."""


class Hold(_Noted):
    """Tunda: the agency pauses the complaint and says why."""


class Resume(_OnComplaint):
    """Work resumes where the hold began."""

    reason: Note | None = None


class Decline(_Noted):
    """Bukan wewenang: not this agency's authority; the reason helps the national admin reroute."""


class Reroute(_OnComplaint):
    """The national admin sends a declined, forwarded or in-progress complaint to another agency (or lets the
    resolver choose)."""

    agency_id: Identifier | None = None
    reason: Note | None = None


class OverruleDecline(_Noted):
    """The national admin sends a declined complaint back to the agency that declined, saying why."""


class ArchiveDuplicate(_OnComplaint):
    """The national admin archives a duplicate at any open stage, naming the canonical complaint."""

    duplicate_of: Identifier
    reason: Note


class AddAgency(_OnComplaint):
    """The national admin adds a co-handling agency (the lead agency keeps the clocks)."""

    agency_id: Identifier
    reason: Note | None = None


class Contribute(_Noted):
    """A co-handling agency's contribution to the lead agency's follow-up."""


class HandBack(_Noted):
    """A unit hands the complaint back to its agency's admin, saying why."""


class Archive(_Noted):
    """Arsipkan with a reason (too general, not about public service, wrong format, duplicate)."""


class Escalate(_OnComplaint):
    """Escalation to Ombudsman RI (UU 25/2009 Pasal 46); an anonim reporter sets ``disclose_identity`` to let
    Ombudsman RI (never the agency) know who they are (UU 37/2008 Pasal 24)."""

    ombudsman_ref: Label | None = None
    disclose_identity: Annotated[bool, Field(strict=True)] | None = None
    reason: Note | None = None


class OmbudsmanReceive(_OnComplaint):
    """Ombudsman RI records that it received the escalated report, with its registration number."""

    document_ref: Label | None = None
    reason: Note | None = None


class _Recorded(_OnComplaint):
    document_ref: Label | None = None
    reason: Note


class RecordLhp(_Recorded):
    """Ombudsman RI's LHP (Laporan Hasil Pemeriksaan): the reported party has 30 working days to act."""


class RecordRecommendation(_Recorded):
    """Ombudsman RI's Rekomendasi: the reported party reports within 60 days (UU 37/2008 Pasal 38(2))."""


class RecordResponse(_Recorded):
    """The reported party's response to the LHP or Rekomendasi, as Ombudsman RI records it."""


class Conclude(_Recorded):
    """Ombudsman RI concludes its examination of the report."""


class RequestInformation(_Noted):
    """The national admin or the agency asks the reporter for what is missing (their clock pauses)."""


class AttachmentRef(Command):
    """A file already kept by the ``AttachmentStore`` (its reference, never the bytes)."""

    media_type: Label
    size: Annotated[int, Field(strict=True, gt=0)]
    sha256: Sha256
    storage_key: StorageKey


class AddInformation(_OnComplaint):
    """The reporter adds information (and files) while the complaint is open, or answers a request."""

    reason: LongText
    attachments: Annotated[tuple[AttachmentRef, ...], Field(max_length=10)] = ()


class ExtendInformationDeadline(_Noted):
    """The agency extends a permintaan informasi's time limit once by 7 working days, with written reasons
    (UU 14/2008 Pasal 22(8)); the reporter is told."""


class PublishAttachment(_OnComplaint):
    """The handling agency or the national admin makes one attachment public (by its storage key)."""

    storage_key: StorageKey


class EraseReporter(Command):
    """An erasure request for a reporter's personal data (UU 27/2022)."""

    reporter_ref: Identifier


_C = TypeVar("_C", bound=Command)


#: What a field name in an error may look like; anything else came from the input and is not echoed.
_FIELD_PART = re.compile(r"[a-z][a-z_]{0,39}|[0-9]{1,4}")


def _field_name(loc: tuple[int | str, ...], kind: str) -> str:
    """The dotted field path of a problem, never echoing the input: an unknown key is ``(unknown field)``
    (it may be a NIK, a name, a newline or an ANSI escape), and any part that is not a plain field name or a
    list index shows as ``?``."""
    parts = [str(part) for part in loc]
    if kind == "extra_forbidden" and parts:
        parts[-1] = "(unknown field)"
    shown = [p if p == "(unknown field)" or _FIELD_PART.fullmatch(p) else "?" for p in parts]
    return ".".join(shown) or "body"


def _rule(error: Mapping[str, Any]) -> tuple[str, Mapping[str, object]]:
    """The rule of a pydantic error as (English template, values), so that it reads in every language."""
    rule = pydantic_rule(str(error["msg"]), error.get("ctx"))
    return rule.template, rule.values


_TOO_LARGE = ("body", "must be at most {limit} bytes", {"limit": MAX_BODY_BYTES})


def _decode(data: bytes | str) -> Any:
    # Text is measured as the UTF-8 it came as: a str body gets the same size limit as bytes.
    if isinstance(data, str):
        if len(data) > MAX_BODY_BYTES:
            raise InvalidCommand([_TOO_LARGE])
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 body carries one
            raise InvalidCommand([("body", "must be valid UTF-8")]) from None
    if len(data) > MAX_BODY_BYTES:
        raise InvalidCommand([_TOO_LARGE])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidCommand([("body", "must be valid UTF-8")]) from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # bad JSON, or a number of more than 4,300 digits
        raise InvalidCommand([("body", "must be a JSON object")]) from None


def parse_command(model: type[_C], data: Mapping[str, Any] | bytes | str | _C) -> _C:
    """Validate ``data`` as ``model``; raise :class:`InvalidCommand` naming the field and the rule.

    >>> parse_command(Hold, {"complaint_id": "c-1"})
    Traceback (most recent call last):
    ...
    sp4n.exceptions.InvalidCommand: reason: wajib diisi
    """
    if isinstance(data, model):
        return data
    raw = _decode(data) if isinstance(data, bytes | str) else data
    if not isinstance(raw, Mapping):
        raise InvalidCommand([("body", "must be a JSON object")])
    try:
        return model.model_validate(dict(raw))
    except ValidationError as err:
        problems = [(_field_name(e["loc"], e["type"]), *_rule(e)) for e in err.errors(include_input=False)]
        raise InvalidCommand(problems) from None
