"""Where a block's connection comes from: the pool's bound and reuse, one connection per thread."""

from __future__ import annotations

import itertools
import threading

import pytest

from sp4n.adapters.storage._source import PerThread, Pool
from sp4n.exceptions import StorageUnavailable


class Conn:
    _ids = itertools.count()

    def __init__(self) -> None:
        self.id = next(self._ids)
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_a_pool_reuses_what_comes_back_and_never_a_broken_connection() -> None:
    pool = Pool(Conn, Conn.close, max_size=2)
    first = pool.acquire()
    pool.release(first, broken=False)
    assert pool.acquire() is first
    pool.release(first, broken=True)
    assert first.closed
    assert pool.acquire() is not first


def test_a_broken_connection_takes_the_idle_ones_with_it() -> None:
    pool = Pool(Conn, Conn.close, max_size=3)
    a, b, c = pool.acquire(), pool.acquire(), pool.acquire()
    pool.release(a, broken=False)
    pool.release(b, broken=False)
    pool.release(c, broken=True)  # the server restarted: a and b died with c
    assert [a.closed, b.closed, c.closed] == [True, True, True]
    assert pool.acquire() not in (a, b, c)


@pytest.mark.usefixtures("english")
def test_a_full_pool_makes_the_next_caller_wait_then_says_storage_unavailable() -> None:
    pool = Pool(Conn, Conn.close, max_size=1, timeout=0.05)
    held = pool.acquire()
    with pytest.raises(StorageUnavailable, match="no connection came free"):
        pool.acquire()
    pool.release(held, broken=False)
    assert pool.acquire() is held  # the slot came back with it


def test_a_failed_open_gives_its_slot_back() -> None:
    def refuse() -> Conn:
        raise OSError("connection refused")

    pool = Pool(refuse, Conn.close, max_size=1, timeout=0.05)
    for _ in range(3):  # a leaked slot would turn the second attempt into a timeout
        with pytest.raises(OSError, match="refused"):
            pool.acquire()


def test_per_thread_gives_each_thread_its_own_connection_and_closes_them_all() -> None:
    source = PerThread(Conn, Conn.close)
    seen: list[Conn] = []

    def take() -> None:
        conn = source.acquire()
        assert source.acquire() is conn  # the same one for the thread's next block
        seen.append(conn)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({c.id for c in seen}) == 4
    source.close()
    assert all(c.closed for c in seen)
