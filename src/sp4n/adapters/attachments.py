"""A local-folder :class:`~sp4n.ports.AttachmentStore`: content-addressed files under one root folder.

Each content is kept once, at ``<sha256[:2]>/<sha256>`` under the root (the key carries no name the reporter
chose, so no path can be injected). Written to a temporary file and renamed, so a crash never leaves half a
file under a key. Reads check the SHA-256 again: a file changed on disk is refused, never served.

>>> import tempfile
>>> store = LocalFolderAttachments(tempfile.mkdtemp())
>>> ref = store.put(b"%PDF-1.7 surat", "application/pdf")
>>> (ref.size, ref.storage_key == f"{ref.sha256[:2]}/{ref.sha256}", store.get(ref))
(14, True, b'%PDF-1.7 surat')
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.attachments import ATTACHMENT_LIMITS, Attachment, AttachmentLimits

__all__ = ["LocalFolderAttachments"]


class LocalFolderAttachments:
    """Attachments as files under ``root`` (created if missing), within ``limits``."""

    def __init__(self, root: str | os.PathLike[str], limits: AttachmentLimits = ATTACHMENT_LIMITS) -> None:
        self._root = Path(root)
        self._root.mkdir(parents=True, exist_ok=True)
        self._limits = limits

    def put(self, content: bytes, media_type: str) -> Attachment:
        """Keep ``content`` (checked against the limits first); returns its reference."""
        if media_type not in self._limits.media_types:
            allowed = ", ".join(sorted(self._limits.media_types))
            raise RuleViolation("attachment.media_type", "must be one of {allowed}", allowed=allowed)
        if not 0 < len(content) <= self._limits.max_bytes:
            raise RuleViolation("attachment.size", "must be 1 to {limit} bytes", limit=self._limits.max_bytes)
        digest = hashlib.sha256(content).hexdigest()
        key = f"{digest[:2]}/{digest}"
        path = self._root / key
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(content)
            partial.replace(path)
        return Attachment(media_type=media_type, size=len(content), sha256=digest, storage_key=key)

    def get(self, attachment: Attachment) -> bytes:
        """The content, checked against the reference's SHA-256."""
        path = self._root / attachment.storage_key
        try:
            content = path.read_bytes()
        except OSError:
            raise RuleViolation("attachment.storage_key", "no such attachment in this store") from None
        if hashlib.sha256(content).hexdigest() != attachment.sha256:
            raise RuleViolation("attachment.sha256", "the stored content no longer matches its reference")
        return content
