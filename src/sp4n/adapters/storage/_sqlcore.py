"""Running one SQL text on every dialect: placeholder and prefix rendering, driver-error hooks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import attrs

from sp4n.adapters.storage._schema import Dialect

__all__ = ["Cursor", "Sql"]


class Cursor(Protocol):
    """The DB-API cursor surface we use."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> object: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> object: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@lru_cache(maxsize=512)
def _render(sql: str, param: str, prefix: str) -> str:
    rendered = sql.replace("{p}", prefix)
    return rendered if param == "?" else rendered.replace("?", param)


@attrs.define
class Sql:
    """Runs SQL for one unit of work, rendered for the dialect; ``is_duplicate`` classifies driver errors."""

    dialect: Dialect
    prefix: str
    cursor: Callable[[], Cursor]
    is_duplicate: Callable[[Exception], bool]
    translate: Callable[[Exception, str], None]

    def run(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        cur = self.cursor()
        try:
            cur.execute(_render(sql, self.dialect.param, self.prefix), params)
        except Exception as err:
            self.translate(err, sql.split(" ", 1)[0])
            raise
        return cur

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        cur = self.cursor()
        try:
            cur.executemany(_render(sql, self.dialect.param, self.prefix), rows)
        except Exception as err:
            self.translate(err, sql.split(" ", 1)[0])
            raise

    def insert(self, sql: str, params: Sequence[Any]) -> bool:
        """Run an INSERT; False when it hit a unique key (the transaction stays usable on every dialect)."""
        try:
            cur = self.run(sql + self.dialect.ignore_duplicate, params)
        except Exception as err:
            if self.is_duplicate(err):
                return False
            raise
        return cur.rowcount == 1
