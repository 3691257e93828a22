"""Driver errors written for people: on one line, and without the value the database refused."""

from __future__ import annotations

import re

__all__ = ["one_line", "refusal"]


def one_line(err: BaseException) -> str:
    """A driver's message on one line (libpq's span several; the CLI prints one line per error)."""
    return " ".join(str(err).split())


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")


def refusal(err: BaseException) -> str:
    """What the database refused, without the refused value.

    Drivers quote the value in their messages (MariaDB: ``Incorrect string value: '\\xF0...' for column``;
    PostgreSQL: ``invalid input syntax for type integer: "..."``), and the value may be a reporter's name,
    NIK or phone number, which must not reach an error message or a log (UU 27/2022 on personal data). Kept:
    the message up to its first colon, with anything quoted and any digits replaced by ``…``.
    """
    if isinstance(err, UnicodeError):
        return "text that cannot be encoded"
    args = err.args
    text = str(args[1]) if len(args) == 2 and isinstance(args[0], int) else str(err)  # PyMySQL: (code, text)
    head = _QUOTED.sub("…", " ".join(text.split()).split(":", 1)[0])
    return re.sub(r"['\"`]|\d+", "…", head)[:80] or "a value"
