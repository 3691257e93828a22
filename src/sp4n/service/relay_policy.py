"""The relay's rules for failure: which failures are worth retrying, how long to wait, when to give up.

Re-exported by :mod:`sp4n.service` (and :mod:`sp4n.service.relay`); import them from there.

* **Transient** (worth retrying): a :class:`~sp4n.exceptions.DeliveryError` marked ``retryable`` (timeouts,
  refused connections, HTTP 5xx, 408, 429, SMTP 4xx), any ``OSError``, and anything that is neither ours nor a
  plain programming error — a database driver's "connection lost" while rendering, above all. A transient
  failure never moves the cursor past the message: it waits, in order, and is retried with capped
  exponential backoff and jitter until the delivery window (default a day) has passed.
* **Permanent**: a ``DeliveryError`` with ``retryable=False`` (other HTTP 4xx, SMTP 5xx, a refused
  recipient), any other :class:`~sp4n.exceptions.Sp4nError` (an invalid address is a ``ConfigurationError``),
  and the builtin errors a bad template or bad data raises (``LookupError``, ``ValueError``, ``TypeError``,
  ``AttributeError``, ``ArithmeticError``): retrying the same message cannot help, so it becomes a dead letter
  at once.

>>> from sp4n.exceptions import DeliveryError
>>> is_transient(DeliveryError("HTTP 503", retryable=True))
True
>>> is_transient(DeliveryError("HTTP 404", retryable=False))
False
>>> is_transient(ConnectionRefusedError()), is_transient(KeyError("template"))
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

import attrs

from sp4n.exceptions import ConfigurationError, DeliveryError, Sp4nError
from sp4n.lifecycle.events import StoredEvent
from sp4n.notify.model import Message
from sp4n.ports import DeadLetter, MessageSender

__all__ = ["PassResult", "RetryPolicy", "Subscription", "TwoStepSender", "describe", "is_transient"]

WAITING = "waiting behind an earlier dead letter of this complaint"  # the error of a letter parked behind one
_DETERMINISTIC = (LookupError, ValueError, TypeError, AttributeError, ArithmeticError)


def is_transient(err: BaseException) -> bool:
    """Is ``err`` worth retrying later (see the module docstring)?"""
    if isinstance(err, DeliveryError):
        return err.retryable
    if isinstance(err, Sp4nError):
        return bool(getattr(err, "retryable", False))
    if isinstance(err, OSError):  # ConnectionError, TimeoutError, a socket that went away
        return True
    return not isinstance(err, _DETERMINISTIC)


def retry_after(err: BaseException) -> float:
    """Seconds the receiver asked us to wait (HTTP ``Retry-After``), 0 when it did not say."""
    return float(getattr(err, "retry_after", None) or 0.0)


def describe(err: BaseException, message: Message | None = None) -> str:
    """A short error text for a dead letter or a log line, with the recipient's address taken out (it is
    personal data). Without a message only the error's type is given: its text could quote anything."""
    if message is None:
        return type(err).__name__
    text = f"{type(err).__name__}: {err}"
    if message.address:
        text = text.replace(message.address, "<recipient>")
    return text[:500]


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How patiently a message that fails transiently is retried before it becomes a dead letter.

    Attributes:
        base_delay: seconds before the first retry.
        max_delay: the cap on the delay between retries; also how often dead letters are re-driven
            automatically.
        window: how long a message is retried (counted from its first failure, or from the start of an
            outage that is still going on) before it is dead-lettered.
        max_attempts: attempts in a row for a relay that retries in place (the stream relay, within one
            pass); the outbox relay makes one attempt per pass and waits outside its claim instead.
    """

    max_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    base_delay: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_delay: float = attrs.field(default=300.0, validator=attrs.validators.ge(0))
    window: timedelta = attrs.field(default=timedelta(days=1))

    @window.validator
    def _positive(self, _: object, value: timedelta) -> None:
        if value <= timedelta(0):
            raise ConfigurationError("window", "the delivery window must be positive")

    def delay(self, attempt: int, draw: float) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based); ``draw`` is uniform in [0, 1).

        Examples:
            >>> p = RetryPolicy(base_delay=1.0, max_delay=10.0)
            >>> [p.delay(n, 1.0) for n in (1, 2, 3, 4, 5, 60)]
            [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
            >>> p.delay(3, 0.0)
            2.0
        """
        ceiling: float = min(self.max_delay, self.base_delay * 2 ** min(attempt - 1, 60))
        return ceiling * (0.5 + draw / 2)


def _channels(value: Any) -> frozenset[str] | None:
    # Typed Any: the attrs mypy plugin turns a generic converter parameter (Iterable[str]) into an unsolvable
    # Iterable[_T_co], so callers could not pass a set.
    if isinstance(value, str):
        raise ConfigurationError("channels", "give a collection of channel names, not one string")
    return None if value is None else frozenset(value)


@attrs.define
class Hold:
    """A subscriber waiting to retry one message (``key``: its id, or ``event:<position>``)."""

    key: str
    cursor: int
    attempts: int
    first_failed: datetime
    due: datetime
    sent: set[str]


class HeldBack(Exception):
    """Internal to the relay: the batch stops at a message that waits for a retry."""


class LostClaim(Exception):
    """Internal to the relay: another relay took the subscriber over; send nothing more."""


@runtime_checkable
class TwoStepSender(Protocol):
    """A :class:`~sp4n.ports.MessageSender` that can post a message and wait for its answer in two steps
    (the webhook sender): ``begin(message)`` sends the request and returns a call that waits for the answer
    and raises as ``send`` would. The relay renders its next event in between, while the receiver works."""

    def send(self, message: Message) -> None: ...

    def begin(self, message: Message) -> Callable[[], object]: ...


@attrs.frozen(kw_only=True)
class Subscription:
    """A named :class:`~sp4n.ports.MessageSender` and the channels it takes (``None``: every message)."""

    name: str
    sender: MessageSender
    channels: frozenset[str] | None = attrs.field(default=None, converter=_channels)

    def accepts(self, message: Message) -> bool:
        """Does this subscriber deliver ``message``?"""
        return self.channels is None or message.channel in self.channels


@attrs.frozen(kw_only=True)
class PassResult:
    """What relay work did: events handled, messages delivered, dead letters written, dead letters re-driven
    (sent and resolved), and messages left waiting for a retry."""

    events: int = 0
    delivered: int = 0
    dead_lettered: int = 0
    redriven: int = 0
    waiting: int = 0

    def __add__(self, other: PassResult) -> PassResult:
        return PassResult(
            events=self.events + other.events,
            delivered=self.delivered + other.delivered,
            dead_lettered=self.dead_lettered + other.dead_lettered,
            redriven=self.redriven + other.redriven,
            waiting=self.waiting + other.waiting,
        )


def dead_letter(subscriber: str, m: Message, attempts: int, error: str, at: datetime) -> DeadLetter:
    """The dead letter of message ``m`` for ``subscriber``."""
    return DeadLetter(
        subscriber=subscriber, message_id=m.id, position=m.position or 0, complaint_id=m.complaint_id,
        sequence=m.sequence, attempts=attempts, error=error, failed_at=at,
    )  # fmt: skip


def render_failure(subscriber: str, stored: StoredEvent, err: Exception, at: datetime) -> DeadLetter:
    """The dead letter of an event that could not be rendered (``event:<position>``)."""
    # Only the type: a rendering error's text could quote personal data.
    return DeadLetter(
        subscriber=subscriber, message_id=f"event:{stored.position}", position=stored.position,
        complaint_id=stored.event.complaint_id, sequence=stored.event.sequence, attempts=1,
        error=f"{describe(err)} while rendering", failed_at=at,
    )  # fmt: skip


def again(dead: DeadLetter, error: str, at: datetime) -> DeadLetter:
    """``dead`` after one more failed attempt."""
    return attrs.evolve(dead, attempts=dead.attempts + 1, error=error, failed_at=at)
