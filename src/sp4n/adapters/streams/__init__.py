"""Stream adapters: the :class:`sp4n.ports.EventPublisher` port on message brokers.

Agencies' case systems, dashboards and data warehouses subscribe to the complaint events on a broker;
:class:`sp4n.service.streams.StreamRelay` feeds these publishers from the outbox cursor.

* ``nats`` — ``NatsJetStreamPublisher``: NATS JetStream, ``Nats-Msg-Id`` = the event id, so the server drops
  redelivered copies (``sp4n[nats]``, nats-py);
* ``rabbitmq`` — ``RabbitMqPublisher``: a durable AMQP topic exchange, publisher confirms, persistent
  messages, ``message_id`` = the event id (``sp4n[rabbitmq]``, pika).

Both route by ``<prefix>.<agency>.<event type>`` (:meth:`sp4n.notify.streams.StreamRecord.subject`), and
import their client library only when constructed, so this package loads without either installed.
"""

from sp4n.adapters.streams.nats import NatsJetStreamPublisher
from sp4n.adapters.streams.rabbitmq import RabbitMqPublisher

__all__ = ["NatsJetStreamPublisher", "RabbitMqPublisher"]
