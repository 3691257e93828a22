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

from collections.abc import Iterable
from typing import Protocol

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
    """Root of every error sp4n raises on purpose."""


class RuleViolation(Sp4nError, ValueError):
    """Input broke a rule: ``field`` names what was wrong, ``rule`` says which rule."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule


class UnknownRegion(RuleViolation, LookupError):
    """A well-formed code that is not a region of the list ``version`` (never routed to a guessed agency)."""

    def __init__(self, field: str, code: str, version: str) -> None:
        super().__init__(field, f"{code!r} is not a region in the {version} list")
        self.code = code
        self.version = version


class ConfigurationError(Sp4nError, ValueError):
    """A policy, calendar or adapter was configured wrongly (names the ``source`` and the problem)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class InvalidTransition(Sp4nError, ValueError):
    """The action is not possible from the complaint's current status."""

    def __init__(self, action: str, status: str, rule: str = "") -> None:
        text = f"cannot {action} a complaint that is {status}"
        super().__init__(f"{text}: {rule}" if rule else text)
        self.action = action
        self.status = status
        self.rule = rule


class NotPermitted(Sp4nError, PermissionError):
    """The actor may not perform the action (``rule`` says which permission rule refused it).

    The message leaves the actor's id out (an account id may be a phone number or an e-mail address, and
    messages reach logs); it is kept in ``actor`` for the host, which knows who asked anyway.

    >>> str(NotPermitted("6281234567890", "close", "only the reporter may close"))
    'actor may not close: only the reporter may close'
    """

    def __init__(self, actor: str, action: str, rule: str) -> None:
        super().__init__(f"actor may not {action}: {rule}")
        self.actor = actor
        self.action = action
        self.rule = rule


class ComplaintNotFound(Sp4nError, LookupError):
    """No complaint with that id or tracking number."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no complaint {key!r}")
        self.key = key


class ConcurrencyConflict(Sp4nError, RuntimeError):
    """A save expected a version that is no longer current: someone else wrote first. Nothing was written."""

    def __init__(self, complaint_id: str, expected: int, actual: int | None) -> None:
        super().__init__(f"complaint {complaint_id!r}: expected version {expected}, found {actual}")
        self.complaint_id = complaint_id
        self.expected = expected
        self.actual = actual


class ClockSkew(Sp4nError, RuntimeError):
    """This node's clock is behind the complaint's last change by more than the tolerance: nothing was
    written. ``retryable`` is true: retry once the clock has caught up (or on a node whose clock is right).

    >>> err = ClockSkew("c-1", behind_seconds=42.0, tolerance_seconds=10.0)
    >>> err.retryable, err.behind_seconds
    (True, 42.0)
    """

    retryable = True

    def __init__(self, complaint_id: str, *, behind_seconds: float, tolerance_seconds: float) -> None:
        super().__init__(
            f"complaint {complaint_id!r}: this clock is {behind_seconds:.3f} s behind its last change"
            f" (tolerance {tolerance_seconds:g} s); retry later"
        )
        self.complaint_id = complaint_id
        self.behind_seconds = behind_seconds
        self.tolerance_seconds = tolerance_seconds


class IdempotencyConflict(Sp4nError, ValueError):
    """An idempotency key was reused for a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(f"idempotency key {key!r} was already used for a different request")
        self.key = key


class HistoryTampered(Sp4nError, RuntimeError):
    """A stored history does not verify: an event was edited, deleted or reordered."""

    def __init__(self, complaint_id: str, sequence: int, problem: str) -> None:
        super().__init__(f"complaint {complaint_id!r} event {sequence}: {problem}")
        self.complaint_id = complaint_id
        self.sequence = sequence
        self.problem = problem


class UnsupportedYear(Sp4nError, LookupError):
    """A calendar was asked about a year it has no data for; it never guesses."""

    def __init__(self, year: int, first: int, last: int) -> None:
        super().__init__(f"year {year} is outside the calendar's supported range {first}-{last}")
        self.year = year
        self.first = first
        self.last = last


class DeliveryError(Sp4nError, RuntimeError):
    """A message sender could not deliver; ``retryable=False`` means retrying cannot help (HTTP 4xx).
    ``retry_after`` is how many seconds the receiver asked to be left alone (HTTP ``Retry-After``)."""

    def __init__(self, problem: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retryable = retryable
        self.retry_after = retry_after


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
        names = ", ".join(f"{cid} ({kind})" for cid, kind in self.failures[:5])
        more = f" and {len(self.failures) - 5} more" if len(self.failures) > 5 else ""
        super().__init__(f"due actions failed on {len(self.failures)} complaint(s): {names}{more}")


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

    def __init__(self, store: str, problem: str, *, committed: bool | None = False) -> None:
        super().__init__(f"{store}: {problem}")
        self.store = store
        self.problem = problem
        self.committed = committed


class InvalidCommand(RuleViolation):
    """A command failed validation. ``field``/``rule`` name the first problem; ``problems`` lists all.

    >>> err = InvalidCommand([("title", "must not be empty"), ("channel", "Field required")])
    >>> err.field, len(err.problems)
    ('title', 2)
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        field, rule = problems[0]
        super().__init__(field, rule)
        self.problems = tuple(problems)


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
        text = "; ".join(f"rule {p.rule!r} field {p.field}: {p.message}" for p in self.problems)
        super().__init__(source, text)


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
        first = "; ".join(f"line {p.line}: {p.code!r} {p.problem}" for p in self.problems[:3])
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(source, f"{len(self.problems)} bad row(s): {first}{more}")
