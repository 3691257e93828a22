"""Attachments as references: media type, size, SHA-256 and the key under which a store keeps the bytes.

A complaint never holds the bytes of a photo or a video (the LAPOR! app takes both): it holds an
:class:`Attachment`, and an :class:`~sp4n.ports.AttachmentStore` keeps the content. What may be attached is
data, :data:`ATTACHMENT_LIMITS`, our choice (no regulation sets types or sizes). An attachment is private to
the agency handling the complaint unless ``published``: the public view lists only published ones.

>>> a = Attachment(media_type="image/jpeg", size=48_213, sha256="ab" * 32, storage_key="ab/abab.jpg")
>>> a.published
False
>>> Attachment(media_type="application/x-msdownload", size=10, sha256="ab" * 32,
...            storage_key="k")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sp4n.exceptions.RuleViolation: attachment.media_type: harus salah satu dari application/pdf, image/jpeg, ...
"""

from __future__ import annotations

import re

import attrs

from sp4n.exceptions import RuleViolation

__all__ = ["ATTACHMENT_LIMITS", "Attachment", "AttachmentLimits"]

_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")


@attrs.frozen(kw_only=True)
class AttachmentLimits:
    """What may be attached: media types, the largest size, and how many per complaint (our choice)."""

    media_types: frozenset[str] = frozenset({"image/jpeg", "image/png", "video/mp4", "application/pdf"})
    max_bytes: int = 25 * 1024 * 1024
    max_per_complaint: int = 10
    source: str = "our choice: photos and video as the LAPOR! app takes them, and PDF letters; 25 MB each"


#: The default limits (a host passes its own to the store and to ``apply``'s checks by replacing this value).
ATTACHMENT_LIMITS = AttachmentLimits()


def _check(instance: Attachment, _: attrs.Attribute[bool], __: bool) -> None:
    limits = ATTACHMENT_LIMITS
    if instance.media_type not in limits.media_types:
        allowed = ", ".join(sorted(limits.media_types))
        raise RuleViolation("attachment.media_type", "must be one of {allowed}", allowed=allowed)
    if not 0 < instance.size <= limits.max_bytes:
        raise RuleViolation("attachment.size", "must be 1 to {limit} bytes", limit=limits.max_bytes)
    if not _SHA256.fullmatch(instance.sha256):
        raise RuleViolation("attachment.sha256", "must be 64 lowercase hex digits")
    if not _KEY.fullmatch(instance.storage_key) or ".." in instance.storage_key:
        raise RuleViolation("attachment.storage_key", "must be a relative key without '..'")


@attrs.frozen(kw_only=True)
class Attachment:
    """A reference to stored content; ``published`` makes it visible in the public view."""

    media_type: str
    size: int
    sha256: str
    storage_key: str
    published: bool = attrs.field(default=False, validator=_check)
