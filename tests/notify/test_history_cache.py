"""The renderers' history cache: a complaint's first event starts its history without reading the log, and
whatever order events are asked in, the cached history is the log's, up to and including the event."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sp4n.lifecycle.events import StoredEvent
from sp4n.service.history_cache import HistoryCache
from sp4n.testing.notify import ListEventLog, story


class CountingLog(ListEventLog):
    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str] = []

    def history(self, complaint_id: str) -> list[StoredEvent]:
        self.reads.append(complaint_id)
        return super().history(complaint_id)


@given(order=st.permutations(range(12)))
def test_a_first_event_starts_its_history_without_a_read_and_histories_match_the_log(
    order: list[int],
) -> None:
    log = CountingLog()
    stories = [story(f"c{i}") for i in range(2)]
    log.append([e for s in stories for e in s])
    stored = log.read_since(0, 100)
    cache = HistoryCache(log, max_complaints=1)  # one complaint at a time: the other is read again
    for i in sorted(order[:6]) + order[6:]:  # in log order first, then in any order (a re-drive)
        event = stored[i].event
        afresh = [s.event for s in log.history(event.complaint_id) if s.event.sequence <= event.sequence]
        log.reads.clear()
        assert cache.upto(event) == afresh
        if event.sequence == 1:
            assert log.reads == []


def test_a_relay_reading_in_log_order_reads_no_history_at_all() -> None:
    log = CountingLog()
    stories = [story(f"c{i}") for i in range(3)]
    for step in range(6):  # interleaved, as real traffic is
        log.append([s[step] for s in stories])
    cache = HistoryCache(log)
    for s in log.read_since(0, 100):
        assert cache.upto(s.event)[-1] == s.event
    assert log.reads == []
