"""Server-side prepared statements for one PostgreSQL connection sp4n owns, by SQL text.

A statement sent as text is parsed and planned by the server every time; for the save (three data-modifying
CTEs) that was about 200 µs of the server's time per command, measured on one machine, more than the rest of
the round trip. So a statement seen a second time on a connection is prepared (``PREPARE name AS ...``, sent
in the same round trip, just before its first ``EXECUTE``) and then sent as ``EXECUTE name(values)``.

A name is trusted only once a round trip that prepared it came back without error; after an error it is
forgotten (a fresh name is used next time, so an ambiguous ``PREPARE`` can never clash), and a text the
server could not prepare (SQLSTATE class 42: it cannot tell a parameter's type, say) is sent as text from then
on. At most :data:`MAX_PREPARED` statements per connection, like psycopg's own cache.

>>> cache = PreparedStatements()
>>> cache.call("SELECT data FROM t WHERE id = %s AND n > %s")
('SELECT data FROM t WHERE id = %s AND n > %s', None)
>>> cache.call("SELECT data FROM t WHERE id = %s AND n > %s")
('EXECUTE sp4n_1(%s, %s)', 'PREPARE sp4n_1 AS SELECT data FROM t WHERE id = $1 AND n > $2')
>>> cache.answered(None)
>>> cache.call("SELECT data FROM t WHERE id = %s AND n > %s")
('EXECUTE sp4n_1(%s, %s)', None)
>>> [cache.call("CREATE TABLE t (n INT)")[1] for _ in range(3)]  # PREPARE takes no DDL
[None, None, None]
"""

from __future__ import annotations

import re

import attrs

__all__ = ["MAX_PREPARED", "PreparedStatements"]

#: Statements prepared per connection at most (psycopg's ``prepared_max`` default).
MAX_PREPARED = 100
#: What PREPARE accepts (DDL and transaction control are sent as text).
_PREPARABLE = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
#: A placeholder of psycopg's client-side binding, or an escaped ``%``.
_PLACEHOLDER = re.compile(r"%[s%]")


def _numbered(sql: str) -> tuple[str, int]:
    """``sql`` with its ``%s`` numbered ``$1``, ``$2``, ... (``%%`` as ``%``), and how many there are."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql), count


@attrs.define
class PreparedStatements:
    """Which SQL texts are prepared on one connection: each one's ``EXECUTE`` (``%s`` for its values)."""

    calls: dict[str, str] = attrs.Factory(dict)
    uses: dict[str, int] = attrs.Factory(dict)
    refused: set[str] = attrs.Factory(set)
    #: (text, its EXECUTE) of the PREPAREs in the round trip being assembled, trusted once it is answered.
    preparing: list[tuple[str, str]] = attrs.Factory(list)
    #: Names handed out: a PREPARE whose round trip failed leaves its name behind, so this stays bounded.
    counter: int = 0

    def call(self, sql: str) -> tuple[str, str | None]:
        """What to send for ``sql`` (still with ``%s`` for the values), and a PREPARE to send before it."""
        call = self.calls.get(sql)
        if call is not None:
            return call, None
        if len(self.uses) > 4 * MAX_PREPARED:  # texts seen once each (searches vary): start counting over
            self.uses.clear()
        uses = self.uses[sql] = self.uses.get(sql, 0) + 1
        if uses < 2 or sql in self.refused or self.counter >= 4 * MAX_PREPARED:
            return sql, None
        if not sql.lstrip().upper().startswith(_PREPARABLE):
            return sql, None
        if len(self.calls) + len(self.preparing) >= MAX_PREPARED:
            return sql, None
        self.counter += 1
        name = f"sp4n_{self.counter}"
        numbered, count = _numbered(sql)
        call = f"EXECUTE {name}({', '.join(['%s'] * count)})" if count else f"EXECUTE {name}"
        self.preparing.append((sql, call))
        return call, f"PREPARE {name} AS {numbered}"

    def answered(self, error: Exception | None) -> None:
        """The round trip carrying the pending PREPAREs came back; ``error`` is what it raised, if any."""
        preparing, self.preparing = self.preparing, []
        if error is None:
            self.calls.update(preparing)
        elif str(getattr(error, "sqlstate", "") or "").startswith("42"):  # the server could not prepare it
            self.refused.update(sql for sql, _ in preparing)
