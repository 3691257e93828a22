"""Finding the servers (databases, message brokers) and the shared data files integration tests run against.

On a developer's machine a test that needs PostgreSQL, MariaDB, NATS or RabbitMQ skips when none answers;
under CI (``CI=true``) it fails instead, because CI must exercise every adapter against a real server.
Addresses come from ``SP4N_POSTGRES_DSN`` / ``SP4N_MARIADB_DSN`` / ``SP4N_NATS_URL`` / ``SP4N_RABBITMQ_URL``
or default to the loopback servers.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

__all__ = [
    "free_port",
    "in_ci",
    "mariadb_dsn",
    "nats_url",
    "postgres_dsn",
    "rabbitmq_url",
    "require_file",
    "require_server",
]

POSTGRES_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
MARIADB_DEFAULT = "mysql://root@127.0.0.1:3306/test"
NATS_DEFAULT = "nats://127.0.0.1:4222"
RABBITMQ_DEFAULT = "amqp://guest:guest@127.0.0.1:5672/%2F"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a receiver or server a test starts.

    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def in_ci() -> bool:
    """True under ``CI=true`` (or ``1``/``yes``): missing servers and inputs fail instead of skipping."""
    return _in_ci()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_server(name: str, problem: Exception) -> None:
    """Skip (outside CI) or fail (in CI) because server ``name`` is unreachable."""
    message = f"{name} is not reachable: {problem}"
    if _in_ci():
        pytest.fail(f"{message} (CI=true: server tests must run)")
    pytest.skip(message)


def require_file(path: Path, what: str) -> Path:
    """``path`` if it exists; else skip (outside CI) or fail (under ``CI=true``, where it must be present)."""
    if not path.exists():
        message = f"{what} is absent: {path}"
        if _in_ci():
            pytest.fail(f"{message} (CI=true: this input must be present)")
        pytest.skip(message)
    return path


def postgres_dsn() -> str:
    """A DSN of a reachable PostgreSQL server (skips or fails as :func:`require_server` says)."""
    dsn = os.environ.get("SP4N_POSTGRES_DSN", POSTGRES_DEFAULT)
    try:
        import psycopg  # noqa: PLC0415 - optional dependency, imported only when a test asks

        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as err:
        require_server("PostgreSQL", err)
    return dsn


def mariadb_dsn() -> str:
    """A DSN of a reachable MariaDB/MySQL server (skips or fails as :func:`require_server` says)."""
    dsn = os.environ.get("SP4N_MARIADB_DSN", MARIADB_DEFAULT)
    try:
        import pymysql  # noqa: PLC0415 - optional dependency

        from sp4n.adapters.storage.mariadb import mysql_connect_kwargs  # noqa: PLC0415

        conn = pymysql.connect(**mysql_connect_kwargs(dsn), connect_timeout=3)
        conn.close()
    except Exception as err:
        require_server("MariaDB", err)
    return dsn


def _answers(url: str, default_port: int) -> None:
    """Raise unless something accepts a TCP connection at ``url``'s host and port."""
    import socket  # noqa: PLC0415 - only when a test asks
    from urllib.parse import urlsplit  # noqa: PLC0415

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=3):
        pass


def nats_url() -> str:
    """The URL of a reachable NATS server with JetStream (skips or fails as :func:`require_server` says)."""
    url = os.environ.get("SP4N_NATS_URL", NATS_DEFAULT)
    try:
        _answers(url, 4222)
    except Exception as err:
        require_server("NATS", err)
    return url


def rabbitmq_url() -> str:
    """The AMQP URL of a reachable RabbitMQ (skips or fails as :func:`require_server` says)."""
    url = os.environ.get("SP4N_RABBITMQ_URL", RABBITMQ_DEFAULT)
    try:
        import pika  # noqa: PLC0415 - optional dependency

        pika.BlockingConnection(pika.URLParameters(url)).close()
    except Exception as err:
        require_server("RabbitMQ", err)
    return url
