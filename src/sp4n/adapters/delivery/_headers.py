"""Header names every delivery channel shares (each channel imports these, never another channel)."""

from __future__ import annotations

__all__ = ["ID_HEADER"]

#: The message's stable id, sent with every delivery so a receiver (or a mail gateway) can drop a duplicate
#: after a retry.
ID_HEADER = "X-Sp4n-Message-Id"
