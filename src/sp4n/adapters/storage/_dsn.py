"""Parsing ``mysql://user:password@host:port/database`` into PyMySQL keyword arguments."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit


def mysql_connect_kwargs(dsn: str) -> dict[str, Any]:
    """PyMySQL ``connect`` arguments for a ``mysql://`` DSN.

    >>> mysql_connect_kwargs("mysql://root@127.0.0.1:3306/test")["database"]
    'test'
    """
    parts = urlsplit(dsn)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "database": parts.path.lstrip("/") or "test",
    }
