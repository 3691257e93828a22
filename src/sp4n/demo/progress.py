"""Plain-text progress for long demo runs, on stderr."""

from __future__ import annotations

from datetime import date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

__all__ = ["Progress"]

_WIB = ZoneInfo("Asia/Jakarta")


class Progress:
    """Plain-text progress on stderr for large runs (a line per 5 %, or one updating line on a terminal)."""

    def __init__(self, out: TextIO | None, total: int) -> None:
        self._out = out
        self._total = total
        self._step = max(1, total // 20)
        self._tty = bool(out is not None and out.isatty())

    def update(self, done: int, at: datetime) -> None:
        """Show ``done`` of the total, and the simulated day ``at``."""
        if self._out is None or (done % self._step and done != self._total):
            return
        width = 30
        filled = width * done // max(self._total, 1)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{self._total} filed, simulated to {_day(at)}"
        self._out.write(("\r" + line) if self._tty else (line + "\n"))
        self._out.flush()

    def done(self) -> None:
        """End the updating line on a terminal."""
        if self._out is not None and self._tty:
            self._out.write("\n")


def _day(at: datetime) -> date:
    return at.astimezone(_WIB).date()
