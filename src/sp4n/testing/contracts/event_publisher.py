"""The contract every :class:`~sp4n.ports.EventPublisher` must keep, for ours and for a host's.

Subclass :class:`EventPublisherContract` and provide two fixtures: ``publisher``, a publisher on a fresh,
empty stream, and ``read_back``, a callable that returns what a subscriber of that stream got so far (as
:class:`~sp4n.testing.streams.Delivered`, in arrival order)::

    import pytest
    from sp4n.testing.contracts import EventPublisherContract
    from sp4n.testing.streams import Delivered, RecordingPublisher

    class TestRecording(EventPublisherContract):
        @pytest.fixture
        def publisher(self):
            return RecordingPublisher()

        @pytest.fixture
        def read_back(self, publisher):
            return lambda: [Delivered(r.id, r.subject("sp4n"), r.payload) for r in publisher.records]

The suite checks that an empty batch publishes nothing; that a batch arrives whole, in order, with each
record's id, payload and routing tokens; and that publishing a batch again (what the relay does after a
crash) adds nothing but copies with the same id and payload. Broker outages are adapter-specific and are
tested beside each adapter.
"""

from __future__ import annotations

from typing import Any

import pytest

from sp4n.notify.streams import StreamRecord
from sp4n.ports import EventPublisher
from sp4n.testing.streams import Delivered

__all__ = ["EventPublisherContract"]


def _record(
    complaint: str, sequence: int, agency: str = "pemkab-34_04", action: str = "verify"
) -> StreamRecord:
    payload = f'{{"id":"{complaint}:{sequence}","note":"Jalan rusak di Balecatur"}}'.encode()
    return StreamRecord(
        id=f"{complaint}:{sequence}",
        complaint_id=complaint,
        sequence=sequence,
        position=sequence,
        agency_token=agency,
        event_type=action,
        payload=payload,
    )


BATCH = [
    _record("c1", 1, "unassigned", "submit"),
    _record("c2", 1, "unassigned", "submit"),
    _record("c1", 2),
]


class EventPublisherContract:
    """Subclass it and provide ``publisher`` (on a fresh stream) and ``read_back`` (what a subscriber got)."""

    @pytest.fixture
    def publisher(self) -> Any:
        """Override in the subclass."""
        raise NotImplementedError("provide a `publisher` fixture")

    @pytest.fixture
    def read_back(self) -> Any:
        """Override in the subclass."""
        raise NotImplementedError("provide a `read_back` fixture")

    def test_it_is_an_event_publisher(self, publisher: EventPublisher) -> None:
        assert isinstance(publisher, EventPublisher)

    def test_an_empty_batch_publishes_nothing(self, publisher: EventPublisher, read_back: Any) -> None:
        publisher.publish([])
        assert read_back() == []

    def test_a_batch_arrives_whole_in_order_with_ids_payloads_and_routing(
        self, publisher: EventPublisher, read_back: Any
    ) -> None:
        publisher.publish(BATCH)
        got: list[Delivered] = read_back()
        assert [(d.id, d.payload) for d in got] == [(r.id, r.payload) for r in BATCH]
        for d, r in zip(got, BATCH, strict=True):
            assert d.subject.endswith(f".{r.agency_token}.{r.event_type}")

    def test_publishing_a_batch_again_adds_only_copies_with_the_same_id(
        self, publisher: EventPublisher, read_back: Any
    ) -> None:
        publisher.publish(BATCH[:2])
        publisher.publish(BATCH)  # a relay restarted after a crash publishes its last batch again
        got: list[Delivered] = read_back()
        assert {d.id for d in got} == {r.id for r in BATCH}
        payloads = {r.id: r.payload for r in BATCH}
        assert all(d.payload == payloads[d.id] for d in got)
        first_seen = list(dict.fromkeys(d.id for d in got))
        assert first_seen.index("c1:1") < first_seen.index("c1:2")  # a complaint's order holds
