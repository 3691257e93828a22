"""Reading a complaint's attachments, checked per reader: who may have a file's reference and its bytes.

Attachments are private to the agency handling the complaint unless published (``publish_attachment``; they
may show faces, number plates, homes). A reader gets one when (our choice where no regulation names it):

* it is published and the complaint is public (:func:`~sp4n.lifecycle.views.is_published`): anyone, also
  nobody signed in;
* the reader is the complaint's reporter (their own files), the national admin, or the handling agency: the
  lead agency's admin, an officer of a unit it was disposed to, or a co-handling agency (as
  :func:`~sp4n.lifecycle.views.visible_to` says);
* otherwise (another reporter, Ombudsman RI, the timers) :class:`~sp4n.exceptions.NotPermitted`, which is
  also the answer for a key the complaint does not hold, so that a refusal never confirms a file exists.
"""

from __future__ import annotations

from sp4n.exceptions import ConfigurationError, NotPermitted
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.views import is_published, visible_to
from sp4n.ports import AttachmentStore, UnitOfWork
from sp4n.service.core import checked_actor
from sp4n.service.queries import checked_key

__all__ = ["AttachmentReads", "may_read_attachment"]


def may_read_attachment(complaint: Complaint, attachment: Attachment, actor: Actor | None) -> bool:
    """May ``actor`` (``None``: the public) read ``attachment`` of ``complaint``? (See the module.)"""
    if attachment.published and is_published(complaint):
        return True
    if actor is None:
        return False
    if actor.role is Role.national_admin:
        return True
    if actor.role is Role.reporter:
        return complaint.reporter_ref is not None and actor.id == complaint.reporter_ref
    if actor.role in (Role.agency_admin, Role.unit_officer):
        return visible_to(complaint, actor)
    return False


class AttachmentReads:
    """The service's attachment reads (:meth:`sp4n.service.Service.attachment`)."""

    def __init__(self, uow: UnitOfWork, store: AttachmentStore | None) -> None:
        self._uow = uow
        self._store = store

    def reference(self, complaint_id: str, storage_key: str, actor: Actor | None) -> Attachment:
        """The attachment's reference, when ``actor`` may read it (else :class:`NotPermitted`)."""
        complaint_id = checked_key("complaint_id", complaint_id)
        storage_key = checked_key("storage_key", storage_key)
        reader = None if actor is None else checked_actor(actor)
        with self._uow as uow:
            complaint = uow.complaints.get(complaint_id)
        found = next((a for a in complaint.attachments if a.storage_key == storage_key), None)
        if found is None or not may_read_attachment(complaint, found, reader):
            who = "public" if reader is None else reader.id
            raise NotPermitted(
                who, "read an attachment", "attachments are the handling agency's unless published"
            )
        return found

    def content(self, complaint_id: str, storage_key: str, actor: Actor | None) -> tuple[Attachment, bytes]:
        """The reference and the bytes (checked against the SHA-256 by the store)."""
        found = self.reference(complaint_id, storage_key, actor)
        if self._store is None:
            raise ConfigurationError("attachments", "no AttachmentStore was given to create_service")
        return found, self._store.get(found)
