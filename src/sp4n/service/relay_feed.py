"""What feeds the relay: rendering from the log, reading through a unit of work, waking up on commit.

Re-exported by :mod:`sp4n.service` (and :mod:`sp4n.service.relay`); import them from there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import attrs

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import DuplicateDetails, Event, StoredEvent
from sp4n.listing import ComplaintSearch
from sp4n.notify.facts import fold_facts
from sp4n.notify.messages import MessageRenderer
from sp4n.notify.model import Message
from sp4n.ports import EventLog, UnitOfWork
from sp4n.service.history_cache import HistoryCache

__all__ = ["RelayWakeup", "RenderFromLog", "UnitOfWorkReader", "run_passes"]

_log = logging.getLogger(__name__)
#: Most duplicates whose reporters follow one complaint (a mass complaint is merged by hand long before).
_MAX_FOLLOWERS = 1000


class RenderFromLog:
    """Renders an event's messages with the facts folded from the complaint's history in the log.

    Histories are cached per complaint (least recently used first out, ``max_complaints``): the relay reads
    the log in order, so the next event of a cached complaint is appended instead of reading its history
    again. A complaint not cached, or a gap in its sequence, is read from the log afresh.

    ``followers`` (e.g. :meth:`UnitOfWorkReader.followers`) names the reporters of complaints archived as
    duplicates of a complaint: they hear what its reporter hears. It is asked only for events that notify a
    reporter, and remembered per complaint until the relay reads a newer ``archive_duplicate`` naming it.
    """

    def __init__(
        self,
        renderer: MessageRenderer,
        events: EventLog,
        *,
        max_complaints: int = 10_000,
        followers: Callable[[str], Sequence[str]] | None = None,
    ) -> None:
        self._renderer = renderer
        self._histories = HistoryCache(events, max_complaints)
        self._followers = followers
        self._known: dict[str, tuple[str, ...]] = {}
        self._max = max_complaints

    def __call__(self, stored: StoredEvent) -> list[Message]:
        facts = fold_facts(self._histories.upto(stored.event), upto=stored.event.sequence)
        if self._followers is not None:
            facts = attrs.evolve(facts, followers=self._following(stored.event))
        return self._renderer.for_event(stored, facts)

    def _following(self, event: Event) -> tuple[str, ...]:
        details = event.details
        if isinstance(details, DuplicateDetails):
            self._known.pop(details.duplicate_of, None)  # a new duplicate: ask again next time
        if self._followers is None or not self._renderer.tells_reporter(event.action):
            return ()
        known = self._known.get(event.complaint_id)
        if known is None:
            if len(self._known) >= self._max:
                self._known.clear()
            known = self._known[event.complaint_id] = tuple(self._followers(event.complaint_id))
        return known


class UnitOfWorkReader:
    """Reads the event log and identities through a unit of work of the relay's own, one short block per
    read (storage adapters require ``with uow:``). Give the relay its own ``uow`` (its own connection):
    it must never share a command's transaction.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def history(self, complaint_id: str) -> list[StoredEvent]:
        """The complaint's events, oldest first."""
        with self._uow as uow:
            return uow.events.history(complaint_id)

    def read_since(self, position: int, limit: int = 1000) -> list[StoredEvent]:
        """Up to ``limit`` events after log ``position``, in log order."""
        with self._uow as uow:
            return uow.events.read_since(position, limit)

    def last_position(self) -> int:
        """The position of the newest committed event (0: none)."""
        with self._uow as uow:
            return uow.events.last_position()

    def followers(self, complaint_id: str) -> list[str]:
        """The reporter refs of complaints archived as duplicates of ``complaint_id`` (oldest first)."""
        query = ComplaintSearch(duplicate_of=complaint_id, newest_first=False)
        with self._uow as uow:
            found = uow.complaints.search(query, limit=_MAX_FOLLOWERS)
        return [f.complaint.reporter_ref for f in found if f.complaint.reporter_ref is not None]

    def get(self, identity_id: str) -> ReporterIdentity | None:
        """The reporter identity (the renderer's :class:`~sp4n.ports.IdentityLookup`)."""
        with self._uow as uow:
            return uow.identities.get(identity_id)


class RelayWakeup:
    """The :class:`~sp4n.ports.EventNotifier` to hand the service: ``notify`` only sets a flag that wakes the
    relay, so a command never waits on (or fails because of) a mail server, webhook or SMS gateway: those are
    the relay's business.

    >>> w = RelayWakeup()
    >>> w.notify(None); w.wait(0)  # type: ignore[arg-type]
    True
    >>> w.wait(0)
    False
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def notify(self, stored: StoredEvent) -> None:
        """Wake the relay (whatever was committed: the relay reads the log itself)."""
        self._event.set()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a wake-up; True if there was one."""
        fired = self._event.wait(timeout)
        self._event.clear()
        return fired


def _default_backoff(failures: int) -> float:
    return float(min(30.0, 0.5 * 2 ** min(failures - 1, 10)))


def run_passes(
    run_once: Callable[[], int],
    *,
    stop: Callable[[], bool],
    idle_seconds: float,
    wakeup: RelayWakeup | None,
    sleep: Callable[[float], None],
    backoff: Callable[[int], float] = _default_backoff,
    on_error: Callable[[Exception], None] | None = None,
    standby: Callable[[], bool] | None = None,
    standby_seconds: float = 1.0,
) -> None:
    """The loop every relay runs: passes until ``stop()``; after a pass that did nothing (``run_once``
    returns how much it did), wait for a ``wakeup`` or ``idle_seconds``, whichever comes first.

    A pass that fails (a store or broker away, a lock held too long) never ends the loop: the error is logged
    by its type only (its text could carry complaint data), ``on_error`` is told, and the next pass waits
    ``backoff(n)`` seconds after the *n*-th failure in a row.

    When ``standby()`` is true after a pass that did nothing (its work was held by another relay), the loop
    sleeps instead, deaf to wake-ups, twice as long after each such pass in a row, from ``idle_seconds`` up to
    ``standby_seconds``: the holder is delivering, and a relay asking for its claim every few milliseconds
    would only take CPU and database round trips from it.
    """
    standbys = 0
    failures = 0
    while not stop():
        try:
            done = run_once()
        except Exception as err:  # a relay outlives its store's and receivers' outages
            failures += 1
            if on_error is not None:
                on_error(err)
            pause = backoff(failures)
            _log.warning("relay: pass failed with %s (%d in a row); next in %.2f s",
                         type(err).__name__, failures, pause)  # fmt: skip
            sleep(pause)
            continue
        failures = 0
        standbys = standbys + 1 if done == 0 and standby is not None and standby() else 0
        if standbys:
            sleep(min(standby_seconds, idle_seconds * 2.0 ** min(standbys - 1, 30)))
        elif done == 0:
            if wakeup is not None:
                wakeup.wait(idle_seconds)
            else:
                sleep(idle_seconds)
