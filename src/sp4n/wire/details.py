"""Event details and attachment references to wire documents and back (used by :mod:`sp4n.wire.codec`).

Each details class of :mod:`sp4n.lifecycle.events` has one document whose ``kind`` names it; attachments
travel as :class:`~sp4n.wire.models.AttachmentDoc` references (never the bytes).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import attrs

from sp4n.lifecycle.attachments import Attachment
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
    SubmitDetails,
)
from sp4n.wire import models as m

__all__ = [
    "attachment_from_doc",
    "attachment_to_doc",
    "attachments_from_docs",
    "attachments_to_docs",
    "details_from_doc",
    "details_to_doc",
]


def attachment_to_doc(attachment: Attachment) -> m.AttachmentDoc:
    """An attachment reference as a document."""
    return m.AttachmentDoc(**attrs.asdict(attachment, recurse=False))


def attachment_from_doc(doc: m.AttachmentDoc) -> Attachment:
    """The attachment reference a document describes."""
    return Attachment(**doc.model_dump())


def attachments_to_docs(attachments: tuple[Attachment, ...]) -> tuple[m.AttachmentDoc, ...]:
    """Attachment references as documents, in order."""
    return tuple(attachment_to_doc(a) for a in attachments)


def attachments_from_docs(docs: tuple[m.AttachmentDoc, ...]) -> tuple[Attachment, ...]:
    """The attachment references the documents describe, in order."""
    return tuple(attachment_from_doc(d) for d in docs)


_DETAIL_DOCS: dict[type[Any], type[m.DetailsDoc]] = {
    SubmitDetails: m.SubmitDetailsDoc,
    ForwardDetails: m.ForwardDetailsDoc,
    DisposeDetails: m.DisposeDetailsDoc,
    EscalateDetails: m.EscalateDetailsDoc,
    CloseDetails: m.CloseDetailsDoc,
    DuplicateDetails: m.DuplicateDetailsDoc,
    CoAgencyDetails: m.CoAgencyDetailsDoc,
    InformationDetails: m.InformationDetailsDoc,
    OmbudsmanDetails: m.OmbudsmanDetailsDoc,
    BreachDetails: m.BreachDetailsDoc,
    NoDetails: m.NoDetailsDoc,
    PublishDetails: m.PublishDetailsDoc,
    RedactDetails: m.RedactDetailsDoc,
}
_DETAILS_OF: dict[type[Any], type[Details]] = {doc: cls for cls, doc in _DETAIL_DOCS.items()}


def details_to_doc(details: Details) -> m.DetailsDoc:
    """An event's details as the document of its kind."""
    fields = attrs.asdict(details, recurse=False)
    if isinstance(details, BreachDetails):
        fields["due_at"] = details.due_at.astimezone(UTC)
    if isinstance(details, InformationDetails):
        fields["attachments"] = attachments_to_docs(details.attachments)
    return _DETAIL_DOCS[type(details)](**fields)


def details_from_doc(doc: m.DetailsDoc) -> Details:
    """The details a document describes."""
    if isinstance(doc, m.InformationDetailsDoc):
        return InformationDetails(attachments=attachments_from_docs(doc.attachments))
    return _DETAILS_OF[type(doc)](**doc.model_dump(exclude={"kind"}))
