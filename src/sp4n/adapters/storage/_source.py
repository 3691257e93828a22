"""Where a SQL unit of work gets its connection for one ``with`` block: a pool, one per thread, or the host's.

A :class:`Source` hands out a *handle* (whatever the adapter needs: a DB-API connection, or one with what
waits for its next round trip) at the block's first statement and takes it back when the block ends:

* :class:`Pool` — connections opened on demand up to ``max_size`` and reused (MariaDB, PostgreSQL);
* :class:`PerThread` — one connection per thread, kept for the thread's life (SQLite: a connection must not
  cross threads, and opening one is cheap, but not free);
* :class:`HostOwned` — the host's connection, in the host's transaction: sp4n never commits, rolls back past
  its own savepoint, or closes it.

A handle whose connection broke (the server dropped it) is given back with ``broken=True`` and never reused.

>>> opened = []
>>> pool = Pool(lambda: opened.append(object()) or opened[-1], lambda conn: None, max_size=2)
>>> first = pool.acquire(); pool.release(first, broken=False)
>>> pool.acquire() is first, len(opened)
(True, 1)
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, Protocol

from sp4n.exceptions import StorageUnavailable

__all__ = ["HostOwned", "PerThread", "Pool", "Source"]


class Source(Protocol):
    """Hands out connection handles for ``with`` blocks."""

    #: True when the host owns the transaction: sp4n works inside a savepoint and never commits.
    host_owned: bool

    def acquire(self) -> Any: ...

    def release(self, handle: Any, *, broken: bool) -> None: ...

    def close(self) -> None: ...


class Pool:
    """Up to ``max_size`` connections, opened on demand and reused; ``acquire`` waits ``timeout`` seconds for
    one to come back, then raises :class:`StorageUnavailable`."""

    host_owned = False

    def __init__(
        self,
        open_: Callable[[], Any],
        close: Callable[[Any], None],
        *,
        max_size: int = 10,
        timeout: float = 30.0,
        name: str = "pool",
    ) -> None:
        self._open, self._close = open_, close
        self._idle: list[Any] = []
        self._slots = threading.BoundedSemaphore(max_size)
        self._lock = threading.Lock()
        self._timeout = timeout
        self._name = name
        self._closed = False

    def adopt(self, handle: Any) -> None:
        """Keep ``handle`` (opened by the caller, not taken from the pool) as an idle connection."""
        with self._lock:
            self._idle.append(handle)

    def acquire(self) -> Any:
        if not self._slots.acquire(timeout=self._timeout):
            raise StorageUnavailable(
                self._name, "no connection came free within {timeout} s", timeout=self._timeout
            )
        with self._lock:
            if self._idle:
                return self._idle.pop()
        try:
            return self._open()
        except BaseException:
            self._slots.release()
            raise

    def release(self, handle: Any, *, broken: bool) -> None:
        try:
            if broken:
                # The server went away (restart, failover): the idle connections are as dead as this one,
                # so the next block opens a fresh one instead of retrying on another corpse.
                with self._lock:
                    idle, self._idle = self._idle, []
                for other in (handle, *idle):
                    self._close_quietly(other)
            elif self._closed:
                self._close_quietly(handle)
            else:
                with self._lock:
                    self._idle.append(handle)
        finally:
            self._slots.release()

    def close(self) -> None:
        """Close the idle connections; those in use are closed when they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for handle in idle:
            self._close_quietly(handle)

    def _close_quietly(self, handle: Any) -> None:
        # A broken connection may fail to close; it is dropped anyway.
        with contextlib.suppress(Exception):
            self._close(handle)


class PerThread:
    """One connection per thread, opened at the thread's first block and kept; a broken one is reopened."""

    host_owned = False

    def __init__(self, open_: Callable[[], Any], close: Callable[[Any], None]) -> None:
        self._open, self._close = open_, close
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def adopt(self, handle: Any) -> None:
        """Make ``handle`` (opened by the caller) this thread's connection."""
        self._local.handle = handle
        with self._lock:
            self._all.append(handle)

    def acquire(self) -> Any:
        handle = getattr(self._local, "handle", None)
        if handle is None:
            handle = self._open()
            self._local.handle = handle
            with self._lock:
                self._all.append(handle)
        return handle

    def release(self, handle: Any, *, broken: bool) -> None:
        if broken:
            self._local.handle = None
            with self._lock:
                self._all.remove(handle)
            self._close(handle)

    def close(self) -> None:
        """Close every thread's connection (call it when no thread uses the store any more)."""
        with self._lock:
            handles, self._all = self._all, []
        self._local = threading.local()
        for handle in handles:
            self._close(handle)


class HostOwned:
    """The host's connection: handed out as is, never closed; its transaction is the host's."""

    host_owned = True

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def acquire(self) -> Any:
        return self._handle

    def release(self, handle: Any, *, broken: bool) -> None:
        """Nothing to do: the host closes its connection."""

    def close(self) -> None:
        """Nothing to do: the host closes its connection."""
