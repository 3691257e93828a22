"""``sp4n demo``: weeks of pilot-region traffic through the real service, stored in a SQLite file.

:func:`run_demo` builds the service with the SQLite adapter (the embedded default), a manual clock, sequential
ids and seeded tracking numbers, simulates the complaints (:mod:`sp4n.demo.simulate`) with the reminder runner
at the timer ticks, delivers the event log through the outbox relay (:mod:`sp4n.demo.notices`), and prints
the report (:mod:`sp4n.demo.report`, :mod:`sp4n.demo.notice_report`). The same seed gives the same output.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.system import ManualClock, SequentialIds
from sp4n.demo.notice_report import notifications, reporters
from sp4n.demo.notices import Delivered, ReminderTicks, deliver, demo_renderer
from sp4n.demo.report import breaches, compliance, read_ledger, timeline
from sp4n.demo.simulate import FIRST_DAY, Simulation, Stats
from sp4n.demo.world import World, build_world
from sp4n.exceptions import HistoryTampered, RuleViolation
from sp4n.service import SYSTEM_ACTOR, Service, SlaDeadlines, create_service, policy_resolver
from sp4n.sla.rules import SlaPolicy
from sp4n.sla.workdays import indonesia_calendar
from sp4n.texts import text
from sp4n.tracking import RandomTrackingNumbers

__all__ = ["DEFAULT_DB", "run_demo"]

#: Where ``sp4n demo`` writes unless told otherwise (recreated on every run).
DEFAULT_DB = "sp4n-demo.sqlite"
#: Most complaints one demo run accepts (a few minutes on a laptop).
MAX_COMPLAINTS = 200_000
#: Runs this large show a progress bar by default.
PROGRESS_FROM = 1000


def _fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def _storage(db: str) -> Iterator[SqliteUnitOfWork]:
    if db != ":memory:":
        _fresh(Path(db))
    # NORMAL in WAL mode survives an application crash; FULL (the adapter's default) would add an fsync per
    # command, which only slows a demo whose file is thrown away on the next run.
    uow = SqliteUnitOfWork(db, synchronous="NORMAL")
    try:
        yield uow
    finally:
        uow.close()


def run_demo(
    *,
    db: str = DEFAULT_DB,
    complaints: int = 300,
    seed: int = 2026,
    out: TextIO,
    err: TextIO | None,
    progress: bool | None = None,
) -> int:
    """Run the demo into ``db`` and print the four sections to ``out``; returns 0.

    Progress goes to ``err`` when ``progress`` is true, or by default for runs of 1,000 complaints or more.
    """
    show_progress = complaints >= PROGRESS_FROM if progress is None else progress
    if not 1 <= complaints <= MAX_COMPLAINTS:
        raise RuleViolation("complaints", "must be between 1 and {limit}", limit=MAX_COMPLAINTS)
    world = build_world()
    clock = ManualClock(FIRST_DAY)
    policy, calendar = SlaPolicy(), indonesia_calendar()
    with _storage(db) as uow:
        service = create_service(
            uow=uow,
            clock=clock,
            ids=SequentialIds("c-"),
            tracking=RandomTrackingNumbers(random.Random(seed)),
            resolver=policy_resolver(world.policy, world.registry),
            sla=SlaDeadlines(policy, calendar),
        )
        _header(out, db, complaints, seed, world)
        renderer = demo_renderer(world, uow, policy=policy, calendar=calendar)
        reminders = ReminderTicks(uow, renderer, policy=policy, calendar=calendar)
        simulation = Simulation(service, clock, world, calendar, seed=seed)
        simulation.on_tick = reminders
        stats = simulation.run(complaints, progress=err if show_progress else None)
        delivered = deliver(uow, renderer, clock.now)
        _report(out, service, world, stats, (delivered, reminders))
    return 0


def _verifies(service: Service, complaint_id: str) -> bool:
    try:
        service.verify_history(complaint_id)
    except HistoryTampered:
        return False
    return True


def _header(out: TextIO, db: str, complaints: int, seed: int, world: World) -> None:
    governments = ", ".join(a.name.removeprefix("Pemerintah ") for a in world.registry)
    print(text("demo.head", seed=seed, complaints=complaints, db=db), file=out)
    print(text("demo.pilots", names=governments), file=out)
    print(text("demo.period") + "\n", file=out)


def _report(
    out: TextIO, service: Service, world: World, stats: Stats, sent: tuple[Delivered, ReminderTicks]
) -> None:
    ledger = read_ledger(service)
    delivered, ticks = sent
    tracking = {cid: service.get(cid, actor=SYSTEM_ACTOR).tracking_id for cid in ledger.histories}
    events = sum(len(h) for h in ledger.histories.values())
    stored = text(
        "demo.stored", complaints=len(ledger.histories), events=events, timer_events=stats.timer_events,
        retries=stats.retries, replayed=stats.replayed,
    )  # fmt: skip
    print(stored + "\n", file=out)
    for section in (
        timeline(service, world, ledger),
        compliance(world, ledger),
        breaches(world, ledger, tracking),
        notifications(delivered, ticks.sender, *reporters(service, ledger), runs=ticks.runs),
    ):
        print("\n".join(section) + "\n", file=out)
    bad = [cid for cid in ledger.histories if not _verifies(service, cid)]
    total = len(ledger.histories)
    print(text("demo.history_check", good=total - len(bad), total=total), file=out)
