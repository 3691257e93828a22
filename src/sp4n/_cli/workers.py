"""``sp4n relay`` and ``sp4n timers``: the two long-running workers beside the complaint service.

Both run until SIGTERM or SIGINT, finish the pass in hand, print a last health line and exit 0. Every
``--health-every`` seconds they print one health line to stdout (counts and the last error's *type*: never
complaint data). Secrets come from the environment, never from arguments (which ``ps`` shows to everyone):
``SP4N_WEBHOOK_SECRET``, ``SP4N_SMTP_PASSWORD``, ``SP4N_SMS_TOKEN``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sp4n.adapters.delivery.email import SmtpSender
from sp4n.adapters.delivery.sms import HttpSmsGateway
from sp4n.adapters.delivery.webhook import WebhookSender
from sp4n.adapters.storage.outbox import SqliteOutboxStore
from sp4n.adapters.storage.outbox_server import SqlOutboxStore
from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.exceptions import ConfigurationError, RuleViolation
from sp4n.notify.directory import StaticDirectory
from sp4n.notify.messages import MessageRenderer
from sp4n.notify.model import Recipient
from sp4n.ports import OutboxStore
from sp4n.service import (
    OutboxRelay,
    RenderFromLog,
    RetryPolicy,
    Subscription,
    UnitOfWorkReader,
    create_service,
)
from sp4n.texts import text

__all__ = ["register"]

log = logging.getLogger("sp4n.workers")

_MAX_DIRECTORY_BYTES = 4 * 1024 * 1024


def register(subparsers: Any) -> None:
    """Add ``sp4n relay`` and ``sp4n timers`` to the ``sp4n`` parser."""
    relay = subparsers.add_parser("relay", help=text("help.relay"))
    _common(relay)
    relay.add_argument("--directory", type=Path, metavar="FILE", help=text("help.relay.directory"))
    relay.add_argument(
        "--webhook",
        metavar="URL",
        help=text("help.relay.webhook"),
    )
    relay.add_argument("--smtp", metavar="HOST[:PORT]", help=text("help.relay.smtp"))
    relay.add_argument(
        "--mail-from", metavar="ADDRESS", default="lapor@localhost", help=text("help.relay.mail_from")
    )
    relay.add_argument("--smtp-user", metavar="USER", help=text("help.relay.smtp_user"))
    relay.add_argument("--starttls", action="store_true", help=text("help.relay.starttls"))
    relay.add_argument("--sms-gateway", metavar="URL", help=text("help.relay.sms"))
    relay.add_argument(
        "--window-hours", type=_positive, default=24.0, metavar="H",
        help=text("help.relay.window"),
    )  # fmt: skip
    relay.add_argument(
        "--lease-seconds", type=_positive, default=120.0, metavar="S", help=text("help.relay.lease")
    )
    relay.set_defaults(handler=_relay)
    timers = subparsers.add_parser("timers", help=text("help.timers"))
    _common(timers)
    timers.add_argument("--every", type=_positive, default=60.0, metavar="S", help=text("help.timers.every"))
    timers.set_defaults(handler=_timers)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True, help=text("help.workers.url"))
    parser.add_argument("--batch", type=_count, default=100, metavar="N", help=text("help.workers.batch"))
    parser.add_argument("--json", action="store_true", help=text("help.workers.json"))
    parser.add_argument("--health-every", type=_positive, default=60.0, metavar="S",
                        help=text("help.workers.health"))  # fmt: skip


def _positive(given: str) -> float:
    try:
        value = float(given)
    except ValueError:
        raise argparse.ArgumentTypeError(text("argparse.not_number", value=repr(given))) from None
    if not 0 < value <= 10**7:
        raise argparse.ArgumentTypeError(text("argparse.not_between", value=repr(given)))
    return value


def _count(given: str) -> int:
    if not given.isdigit() or not 1 <= int(given) <= 100_000:
        raise argparse.ArgumentTypeError(text("argparse.not_count", value=repr(given)))
    return int(given)


class _Lifetime:
    """SIGTERM/SIGINT end the worker after the pass in hand; ``tick`` prints a health line when one is due."""

    def __init__(
        self, args: argparse.Namespace, name: str, health: Callable[[], dict[str, object]],
        stopping: threading.Event | None = None,
    ) -> None:  # fmt: skip
        self.stopping = stopping if stopping is not None else threading.Event()
        self._name, self._every, self._health, self._json = name, args.health_every, health, args.json
        every = args.health_every
        self._next = time.monotonic() + every
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())

    def tick(self) -> bool:
        """Print the health line if it is due; True once the worker should stop."""
        if time.monotonic() >= self._next:
            self._next = time.monotonic() + self._every
            self.say("ok")
        return self.stopping.is_set()

    def say(self, state: str) -> None:
        """One health line: ``sp4n NAME: STATE key=value ...``, or with ``--json`` one JSON object."""
        health = self._health()
        if self._json:
            print(json.dumps({"worker": self._name, "state": state, **health}), flush=True)
        else:
            pairs = " ".join(f"{k}={'-' if v is None else v}" for k, v in health.items())
            print(f"sp4n {self._name}: {state} {pairs}", flush=True)


def _wait(stopping: threading.Event, seconds: float) -> None:
    stopping.wait(seconds)  # a wait ends at once on SIGTERM


def _outbox_store(url: str, lease: float) -> OutboxStore:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return SqliteOutboxStore(url, lease_seconds=lease)
    if scheme == "sqlite":
        return SqliteOutboxStore(rest.removeprefix("/") or ":memory:", lease_seconds=lease)
    return SqlOutboxStore(url)


def _recipients(source: str, rows: Any) -> list[Recipient]:
    if not isinstance(rows, list):
        raise ConfigurationError(source, "recipients must be a list of objects")
    found = []
    for row in rows:
        if not isinstance(row, dict) or not all(isinstance(v, str) and len(v) < 2000 for v in row.values()):
            raise ConfigurationError(source, "a recipient is an object of short strings")
        try:
            found.append(Recipient(**row))
        except (TypeError, ValueError) as err:
            raise ConfigurationError(source, "bad recipient: {error}", error=type(err).__name__) from None
    return found


def load_directory(path: Path) -> StaticDirectory:
    """Recipients from JSON: ``{"agencies": {id: [...]}, "units": {"agency/unit": [...]}, "national": [...],
    "ombudsman": [...], "public": [...]}``; each recipient ``{"id", "audience", "channel", "address"}``."""
    source = str(path)
    try:
        if path.stat().st_size > _MAX_DIRECTORY_BYTES:
            raise ConfigurationError(source, "the directory file is larger than 4 MiB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        raise ConfigurationError(
            source, "cannot read the directory: {error}", error=type(err).__name__
        ) from None
    if not isinstance(data, dict) or not set(data) <= {
        "agencies",
        "units",
        "national",
        "ombudsman",
        "public",
    }:
        raise ConfigurationError(
            source, "expected an object with agencies, units, national, ombudsman, public"
        )
    groups = {k: data.get(k, {}) for k in ("agencies", "units")}
    if not all(isinstance(g, dict) for g in groups.values()):
        raise ConfigurationError(source, "agencies and units map ids to lists of recipients")
    units = {tuple(k.split("/", 1)): _recipients(source, v) for k, v in groups["units"].items()}
    if any(len(k) != 2 for k in units):
        raise ConfigurationError(source, "a unit key is 'agency/unit'")
    return StaticDirectory(
        agencies={k: _recipients(source, v) for k, v in groups["agencies"].items()},
        units={(k[0], k[1]): v for k, v in units.items()},
        **{k: _recipients(source, data.get(k, [])) for k in ("national", "ombudsman", "public")},
    )


def _subscriptions(args: argparse.Namespace) -> list[Subscription]:
    subs = []
    if args.webhook is not None:
        secret = os.environ.get("SP4N_WEBHOOK_SECRET", "").encode()
        url = None if args.webhook == "address" else args.webhook
        subs.append(
            Subscription(name="webhook", sender=WebhookSender(url, secret=secret), channels={"webhook"})
        )
    if args.smtp is not None:
        host, _, port = args.smtp.partition(":")
        if not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise RuleViolation("--smtp", "give HOST or HOST:PORT")
        mailer = SmtpSender(
            host=host, port=int(port or 25), sender=args.mail_from, starttls=args.starttls,
            username=args.smtp_user, password=os.environ.get("SP4N_SMTP_PASSWORD"),
        )  # fmt: skip
        subs.append(Subscription(name="email", sender=mailer, channels={"email"}))
    if args.sms_gateway is not None:
        gateway = HttpSmsGateway(args.sms_gateway, token=os.environ.get("SP4N_SMS_TOKEN"))
        subs.append(Subscription(name="sms", sender=gateway, channels={"sms"}))
    if not subs:
        raise RuleViolation("sender", "give at least one of --webhook, --smtp, --sms-gateway")
    return subs


def _relay(args: argparse.Namespace) -> int:
    subs = _subscriptions(args)
    directory = load_directory(args.directory) if args.directory is not None else StaticDirectory()
    reader = UnitOfWorkReader(unit_of_work_from_url(args.url))
    stopping = threading.Event()
    relay = OutboxRelay(
        events=reader,
        render=RenderFromLog(MessageRenderer(directory=directory, identities=reader), reader),
        store=_outbox_store(args.url, args.lease_seconds),
        subscriptions=subs,
        retry=RetryPolicy(window=timedelta(hours=args.window_hours)),
        batch_size=args.batch,
        sleep=lambda seconds: _wait(stopping, seconds),
    )

    def health() -> dict[str, object]:
        t = relay.totals
        waiting = ",".join(f"{k}:{v}" for k, v in sorted(relay.waiting().items())) or None
        return {"events": t.events, "delivered": t.delivered, "dead_lettered": t.dead_lettered,
                "redriven": t.redriven, "waiting": waiting, "last_error": relay.last_error}  # fmt: skip

    life = _Lifetime(args, "relay", health, stopping)
    life.say("started")
    relay.run(stop=life.tick, idle_seconds=0.2)
    life.say("stopped")
    return 0


def _timers(args: argparse.Namespace) -> int:
    service = create_service(uow=unit_of_work_from_url(args.url))
    counts = {"runs": 0, "events": 0, "failures": 0}
    last_error: list[str | None] = [None]

    def health() -> dict[str, object]:
        return {"runs": counts["runs"], "events": counts["events"], "failed_runs": counts["failures"],
                "last_error": last_error[0]}  # fmt: skip

    life = _Lifetime(args, "timers", health)
    life.say("started")
    failures = 0
    while not life.tick():
        try:
            counts["events"] += service.run_due(batch=args.batch)
            failures = 0
        except Exception as err:
            failures += 1
            counts["failures"] += 1
            last_error[0] = type(err).__name__
            log.warning("timers: run failed with %s (%d in a row)", last_error[0], failures)
        counts["runs"] += 1
        life.stopping.wait(min(args.every * 2 ** min(failures, 6), 600.0) if failures else args.every)
    life.say("stopped")
    return 0
