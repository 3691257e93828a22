"""JetStream refusing a message is a retryable failure of the whole batch, never a silent loss (real server).

The publisher reads every acknowledgement of a batch itself; these tests make the server answer with an
error (a message over the stream's size limit) or not at all (no stream captures the subject).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from sp4n.adapters.streams import NatsJetStreamPublisher
from sp4n.exceptions import DeliveryError
from sp4n.notify.streams import StreamRecord
from sp4n.testing import nats_url


def _record(n: int, payload: bytes) -> StreamRecord:
    return StreamRecord(id=f"c-1:{n}", complaint_id="c-1", sequence=n, position=n, agency_token="a",
                        event_type="submit", payload=payload)  # fmt: skip


async def _admin(name: str, *, subjects: list[str] | None = None, max_msg_size: int = -1) -> None:
    """Creates the stream ``name`` capturing ``subjects``, or (no ``subjects``) deletes it."""
    import nats

    nc = await nats.connect(nats_url())
    try:
        js = nc.jetstream()
        if subjects is not None:
            await js.add_stream(name=name, subjects=subjects, max_msg_size=max_msg_size)
        else:
            await js.delete_stream(name)
    finally:
        await nc.close()


@pytest.fixture
def name() -> Iterator[str]:
    name = f"r{uuid.uuid4().hex[:10]}"
    yield name
    asyncio.run(_admin(name.upper()))


def test_a_message_the_stream_refuses_fails_the_batch_as_retryable(name: str) -> None:
    asyncio.run(_admin(name.upper(), subjects=[f"{name}.>"], max_msg_size=200))
    publisher = NatsJetStreamPublisher(nats_url(), stream=name.upper(), subject_prefix=name)
    try:
        with pytest.raises(DeliveryError) as raised:
            publisher.publish([_record(1, b"{}"), _record(2, b"x" * 1000), _record(3, b"{}")])
        assert raised.value.retryable
        assert raised.value.message("en") == "nats: 1 of 3 not stored (APIError)"
        publisher.publish([_record(4, b"{}")])  # the connection is still good for the next batch
    finally:
        publisher.close()


def test_a_subject_no_stream_captures_fails_the_batch_as_retryable(name: str) -> None:
    asyncio.run(_admin(name.upper(), subjects=[f"{name}-elsewhere.>"]))
    publisher = NatsJetStreamPublisher(nats_url(), stream=name.upper(), subject_prefix=name)
    try:
        with pytest.raises(DeliveryError) as raised:
            publisher.publish([_record(1, b"{}"), _record(2, b"{}")])
        assert raised.value.retryable
        assert raised.value.message("en") == "nats: 2 of 2 not stored (NoStreamResponseError)"
    finally:
        publisher.close()
