"""The exceptions sp4n raises.

Every error is an :class:`Sp4nError` and also subclasses the builtin that fits, so a host may catch
either (``except NotPermitted`` or ``except PermissionError``). Errors carry their data as attributes.

>>> try:
...     raise RuleViolation("title", "must not be empty")
... except ValueError as err:
...     print(err.field, "-", err.rule)
title - must not be empty
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from sp4n.texts import Phrase, rule_text, text

__all__ = [
    "ClockSkew",
    "ComplaintNotFound",
    "ConcurrencyConflict",
    "ConfigurationError",
    "DeliveryError",
    "DueActionsFailed",
    "HistoryTampered",
    "IdempotencyConflict",
    "InvalidCommand",
    "InvalidTransition",
    "NotPermitted",
    "PolicyFieldProblem",
    "PolicyInvalid",
    "RegionListInvalid",
    "RegionRowProblem",
    "RuleViolation",
    "Sp4nError",
    "StorageUnavailable",
    "UnknownRegion",
    "UnsupportedYear",
]


class Sp4nError(Exception):
    """Root of every error sp4n raises on purpose.

    ``str(err)`` reads in the current language (:func:`sp4n.texts.use_language`, Indonesian by default);
    :meth:`message` gives any language. The attributes (``field``, ``rule`` ...) never change with it.
    """

    def message(self, language: str | None = None) -> str:  # in ``language``, the current one when None
        return super().__str__()

    def __str__(self) -> str:
        return self.message()


class RuleViolation(Sp4nError, ValueError):
    """Input broke a rule: ``field`` names what was wrong, ``rule`` says which rule (in English).

    A rule with ``{placeholders}`` takes their ``values`` as keywords, so that it reads in every language:

    >>> err = RuleViolation("name", "must have 1-{limit} characters", limit=200)
    >>> err.rule, str(err), err.message("en")
    ('must have 1-200 characters', 'name: harus 1-200 karakter', 'name: must have 1-200 characters')
    """

    def __init__(self, field: str, rule: str, /, **values: object) -> None:
        self.field = field
        self.rule_template = rule
        self.values = values
        self.rule = Phrase(rule, **values)
        super().__init__(f"{field}: {self.rule}")

    def rule_in(self, language: str | None = None) -> str:
        """The rule in ``language`` (English when it has no translation)."""
        return rule_text(self.rule_template, language, **self.values)

    def message(self, language: str | None = None) -> str:
        return text("error.rule", language, field=self.field, rule=self.rule_in(language))


class UnknownRegion(RuleViolation, LookupError):
    """A well-formed code that is not a region of the list ``version`` (never routed to a guessed agency)."""

    def __init__(self, field: str, code: str, version: str) -> None:
        super().__init__(field, "{code!r} is not a region in the {version} list", code=code, version=version)
        self.code = code
        self.version = version


class ConfigurationError(Sp4nError, ValueError):
    """A policy, calendar or adapter was configured wrongly (names the ``source`` and the problem)."""

    def __init__(self, source: str, problem: str, /, **values: object) -> None:
        self.source = source
        self._problem = problem, values
        self.problem = Phrase(problem, **values)
        super().__init__(f"{source}: {self.problem}")

    def message(self, language: str | None = None) -> str:
        problem, values = self._problem
        return text("error.rule", language, field=self.source, rule=rule_text(problem, language, **values))


def _label(kind: str, value: str, language: str | None) -> str:
    """A status's or action's label, a verb's wording (``"list overdue"``), or else the value itself."""
    for key in (f"{kind}.{value}", f"verb.{value}"):
        try:
            return text(key, language)
        except KeyError:
            continue
    return value


class InvalidTransition(Sp4nError, ValueError):
    """The action is not possible from the complaint's current status."""

    def __init__(self, action: str, status: str, rule: str = "", /, **values: object) -> None:
        self.action = action
        self.status = status
        self._rule = rule, values
        self.rule = Phrase(rule, **values)
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        english = language == "en"
        action = self.action if english else _label("action", self.action, language)
        status = self.status if english else _label("status", self.status, language)
        head = text("error.invalid_transition", language, action=action, status=status)
        rule, values = self._rule
        return f"{head}: {rule_text(rule, language, **values)}" if rule else head


class NotPermitted(Sp4nError, PermissionError):
    """The actor may not perform the action (``rule`` says which permission rule refused it).

    The message leaves the actor's id out (an account id may be a phone number or an e-mail address, and
    messages reach logs); it is kept in ``actor`` for the host, which knows who asked anyway.

    >>> err = NotPermitted("6281234567890", "close", "only the reporter may close")
    >>> err.message("en")
    'actor may not close: only the reporter may close'
    >>> str(NotPermitted("6281234567890", "reply", "only the reporter may reply"))
    'tidak diizinkan melakukan «Tanggapi»: hanya pelapor yang boleh menanggapi'
    """

    def __init__(self, actor: str, action: str, rule: str, /, **values: object) -> None:
        self.actor = actor
        self.action = action
        self._rule = rule, values
        self.rule = Phrase(rule, **values)
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        action = self.action if language == "en" else _label("action", self.action, language)
        rule, values = self._rule
        return text("error.not_permitted", language, action=action, rule=rule_text(rule, language, **values))


class ComplaintNotFound(Sp4nError, LookupError):
    """No complaint with that id or tracking number."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no complaint {key!r}")
        self.key = key

    def message(self, language: str | None = None) -> str:
        return text("error.not_found", language, key=self.key)


class ConcurrencyConflict(Sp4nError, RuntimeError):
    """A save expected a version that is no longer current: someone else wrote first. Nothing was written.

    ``cached``: the expected version came from this process's cache (a load for a change), not the database;
    the adapter dropped the stale copy, so one retry from the load asks the database (``Service`` retries).

    >>> err = ConcurrencyConflict("c-1", 3, None, cached=True)
    >>> err.cached, err.expected
    (True, 3)
    """

    def __init__(self, complaint_id: str, expected: int, actual: int | None, *, cached: bool = False) -> None:
        super().__init__(f"complaint {complaint_id!r}: expected version {expected}, found {actual}")
        self.complaint_id = complaint_id
        self.expected = expected
        self.actual = actual
        self.cached = cached

    def message(self, language: str | None = None) -> str:
        return text("error.concurrency", language, **vars(self))  # placeholders named as the attributes


class ClockSkew(Sp4nError, RuntimeError):
    """This node's clock is behind the complaint's last change by more than the tolerance: nothing was
    written. ``retryable`` is true: retry once the clock has caught up (or on a node whose clock is right).

    >>> err = ClockSkew("c-1", behind_seconds=42.0, tolerance_seconds=10.0)
    >>> err.retryable, err.behind_seconds
    (True, 42.0)
    """

    retryable = True

    def __init__(self, complaint_id: str, *, behind_seconds: float, tolerance_seconds: float) -> None:
        self.complaint_id = complaint_id
        self.behind_seconds = behind_seconds
        self.tolerance_seconds = tolerance_seconds
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        values = {"behind": self.behind_seconds, "tolerance": self.tolerance_seconds}
        return text("error.clock_skew", language, complaint_id=self.complaint_id, **values)


class IdempotencyConflict(Sp4nError, ValueError):
    """An idempotency key was reused for a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(f"idempotency key {key!r} was already used for a different request")
        self.key = key

    def message(self, language: str | None = None) -> str:
        return text("error.idempotency", language, key=self.key)


class HistoryTampered(Sp4nError, RuntimeError):
    """A stored history does not verify: an event was edited, deleted or reordered."""

    def __init__(self, complaint_id: str, sequence: int, problem: str, /, **values: object) -> None:
        self.complaint_id = complaint_id
        self.sequence = sequence
        self._problem = problem, values
        self.problem = Phrase(problem, **values)
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        problem = rule_text(self._problem[0], language, **self._problem[1])
        return text("error.tampered", language, **{**vars(self), "problem": problem})


class UnsupportedYear(Sp4nError, LookupError):
    """A calendar was asked about a year it has no data for; it never guesses."""

    def __init__(self, year: int, first: int, last: int) -> None:
        super().__init__(f"year {year} is outside the calendar's supported range {first}-{last}")
        self.year = year
        self.first = first
        self.last = last

    def message(self, language: str | None = None) -> str:
        return text("error.unsupported_year", language, **vars(self))


class DeliveryError(Sp4nError, RuntimeError):
    """A message sender could not deliver; ``retryable=False`` means retrying cannot help (HTTP 4xx).
    ``retry_after`` is how many seconds the receiver asked to be left alone (HTTP ``Retry-After``)."""

    def __init__(
        self, problem: str, /, *, retryable: bool, retry_after: float | None = None, **values: object
    ) -> None:
        self._problem = problem, values
        self.problem = Phrase(problem, **values)
        super().__init__(self.problem)
        self.retryable = retryable
        self.retry_after = retry_after

    def message(self, language: str | None = None) -> str:
        return rule_text(self._problem[0], language, **self._problem[1])


class DueActionsFailed(Sp4nError, RuntimeError):
    """``run_due`` did what was due on every complaint it could (``written`` events, committed) but not on
    ``failures``: ``(complaint_id, error type)`` pairs, retried on the next run.

    >>> err = DueActionsFailed(4, [("c-9", "UnsupportedYear")])
    >>> err.written, err.failures
    (4, (('c-9', 'UnsupportedYear'),))
    """

    def __init__(self, written: int, failures: Iterable[tuple[str, str]]) -> None:
        self.written = written
        self.failures = tuple(failures)
        super().__init__(self.message("en"))

    def message(self, language: str | None = None) -> str:
        names = ", ".join(f"{cid} ({kind})" for cid, kind in self.failures[:5])
        extra = len(self.failures) - 5
        more = text("error.due_more", language, count=extra) if extra > 0 else ""
        return text("error.due_failed", language, count=len(self.failures), names=names, more=more)


class StorageUnavailable(Sp4nError, ConnectionError):
    """The database could not be reached or dropped the connection; retrying later may succeed.

    ``committed`` says what became of the command: ``False`` — nothing was written, retry it; ``None`` — the
    connection dropped while COMMIT was in flight, so the outcome is unknown (a retry with the same
    idempotency key is safe). ``retryable`` is always true: the store itself is fine, the path to it is not.

    >>> err = StorageUnavailable("postgresql", "server closed the connection", committed=False)
    >>> isinstance(err, ConnectionError), err.retryable, err.committed
    (True, True, False)
    """

    retryable = True

    def __init__(
        self, store: str, problem: str, /, *, committed: bool | None = False, **values: object
    ) -> None:
        self.store = store
        self._problem = problem, values
        self.problem = Phrase(problem, **values)
        super().__init__(f"{store}: {self.problem}")
        self.committed = committed

    def message(self, language: str | None = None) -> str:
        problem, values = self._problem
        return text("error.rule", language, field=self.store, rule=rule_text(problem, language, **values))


class InvalidCommand(RuleViolation):
    """A command failed validation. ``field``/``rule`` name the first problem; ``problems`` lists all.

    A problem is ``(field, rule)`` or ``(field, rule, values)`` for a rule with placeholders; ``problems``
    holds them filled in, in English, and :meth:`problems_in` in any language.

    >>> err = InvalidCommand([("title", "must not be empty"), ("channel", "Field required")])
    >>> err.field, len(err.problems), err.problems_in("id")[1]
    ('title', 2, ('channel', 'wajib diisi'))
    """

    def __init__(self, problems: Sequence[tuple[str, str] | tuple[str, str, Mapping[str, object]]]) -> None:
        found = [(p[0], p[1], dict(p[2]) if len(p) == 3 else {}) for p in problems]
        field, rule, values = found[0]
        super().__init__(field, rule, **values)
        self._found = tuple(found)
        self.problems = tuple((f, Phrase(r, **v)) for f, r, v in found)

    def problems_in(self, language: str | None = None) -> tuple[tuple[str, str], ...]:
        """Every problem as (field, rule) with the rule in ``language``."""
        return tuple((f, rule_text(r, language, **v)) for f, r, v in self._found)


# The two list errors below carry the loaders' value types (``PolicyProblem``, ``BadRow``). They are typed by
# the attributes they read, so this module stays at the bottom of the import graph and imports no domain.


class PolicyFieldProblem(Protocol):
    """What :class:`PolicyInvalid` reads of one problem (``sp4n.adapters.loaders.PolicyProblem`` has it)."""

    @property
    def rule(self) -> str: ...  # the rule id, agency id or "(policy)"
    @property
    def field(self) -> str: ...
    @property
    def message(self) -> str: ...


class PolicyInvalid(ConfigurationError):
    """A policy file failed validation; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: Iterable[PolicyFieldProblem]) -> None:
        self.problems = tuple(problems)
        said = "; ".join(f"rule {p.rule!r} field {p.field}: {p.message}" for p in self.problems)
        super().__init__(source, "{problems}", problems=said)

    def message(self, language: str | None = None) -> str:
        found = [(p.rule, p.field, rule_text(p.message, language)) for p in self.problems]
        said = (text("error.policy_problem", language, rule=r, field=f, message=m) for r, f, m in found)
        return text("error.rule", language, field=self.source, rule="; ".join(said))


class RegionRowProblem(Protocol):
    """What :class:`RegionListInvalid` reads of one bad row (``sp4n.jurisdiction.regions.BadRow`` has it)."""

    @property
    def line(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def problem(self) -> str: ...


class RegionListInvalid(ConfigurationError):
    """A region list had bad rows; ``problems`` lists every one of them with its line number."""

    def __init__(self, source: str, problems: Iterable[RegionRowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(source, "{count} bad row(s): {first}{more}", **self._parts("en"))

    def _parts(self, language: str | None) -> dict[str, object]:
        rows = [(p.line, p.code, rule_text(p.problem, language)) for p in self.problems[:3]]
        first = "; ".join(text("error.region_row", language, line=n, code=c, problem=m) for n, c, m in rows)
        extra = len(self.problems) - 3
        more = text("error.region_more", language, count=extra) if extra > 0 else ""
        return {"count": len(self.problems), "first": first, "more": more}

    def message(self, language: str | None = None) -> str:
        rows = text("error.region_rows", language, **self._parts(language))
        return text("error.rule", language, field=self.source, rule=rows)
