"""What the application service costs on top of the bare domain and storage.

Ours: full lifecycles (submit → verify → dispose → follow up → close) through ``create_service`` — untrusted
input validated by pydantic, the SLA engine's next deadline stored with every write, identity kept apart.
Baseline, in the same run and on the same adapter: the same steps with the pure lifecycle ``apply`` and
``uow.complaints.save`` called directly (no validation, no deadlines), i.e. the floor a host could reach by
hand. Both on the in-memory adapter and on a SQLite file (WAL, ``synchronous=FULL`` for both).

Target (ours): the service costs at most 3× the bare path per command on SQLite (the fsync dominates there),
and a command through the service stays under 2 ms on SQLite.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import emit, parse_args

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.lifecycle.engine import apply, new_complaint
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action
from sp4n.ports import UnitOfWork
from sp4n.service import create_service
from sp4n.testing.fakes import ManualClock, SequentialIds, SequentialTrackingNumbers

STEPS = 5  # commands per lifecycle
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
ADMIN = Actor(id="adm", role=Role.national_admin)
AGENCY = Actor(id="adm-sleman", role=Role.agency_admin, agency_id="pemkab-34.04")
FORM = {
    "type": "pengaduan",
    "title": "Jalan berlubang",
    "description": "Lubang besar di Jl. Godean km 5.",
    "category": "jalan",
    "channel": "web",
    "region_code": "34.04",
    "reporter": {"name": "Siti Aminah", "nik": "3404015506900001", "phone": "081234567890"},
}


def through_service(uow: UnitOfWork, n: int) -> None:
    clock = ManualClock(START)
    svc = create_service(uow=uow, clock=clock, ids=SequentialIds(), tracking=SequentialTrackingNumbers())
    for i in range(n):
        clock.advance(timedelta(minutes=1))
        receipt = svc.submit(FORM, idempotency_key=f"k-{i}")
        cid = receipt.complaint_id
        reporter = Actor(id=receipt.reporter_ref or "", role=Role.reporter)
        svc.verify_and_forward({"complaint_id": cid, "agency_id": "pemkab-34.04"}, actor=ADMIN)
        svc.dispose({"complaint_id": cid, "unit_ids": ["dpupr"]}, actor=AGENCY)
        svc.follow_up({"complaint_id": cid, "reason": "Sudah ditambal."}, actor=AGENCY)
        svc.close({"complaint_id": cid}, actor=reporter)


def bare(uow: UnitOfWork, n: int) -> None:
    ids, numbers = SequentialIds(), SequentialTrackingNumbers()
    at = START
    for _ in range(n):
        at += timedelta(minutes=1)
        reporter = Actor(id=ids.new_id(), role=Role.reporter)
        fields: dict[str, Any] = {k: v for k, v in FORM.items() if k != "reporter"}
        complaint, event = new_complaint(
            complaint_id=ids.new_id(), tracking_id=numbers.new(), actor=reporter, at=at, **fields
        )
        _commit(uow, complaint, event, 0)
        steps: list[tuple[Action, Actor, dict[str, Any]]] = [
            (Action.verify, ADMIN, {"agency_id": "pemkab-34.04"}),
            (Action.dispose, AGENCY, {"unit_ids": ("dpupr",)}),
            (Action.follow_up, AGENCY, {"reason": "Sudah ditambal."}),
            (Action.close, reporter, {}),
        ]
        for action, actor, details in steps:
            with uow:
                current = uow.complaints.get(complaint.id)
            complaint, event = apply(current, action, actor, at, **details)
            _commit(uow, complaint, event, current.version)


def _commit(uow: UnitOfWork, complaint: Any, event: Any, expected: int) -> None:
    with uow:
        uow.complaints.save(complaint, [event], expected_version=expected)
        uow.commit()


def _median_per_command(
    fn: Callable[[UnitOfWork, int], None], make: Callable[[], UnitOfWork], n: int, repeat: int
) -> float:
    samples = []
    for _ in range(repeat):
        uow = make()
        start = time.perf_counter()
        fn(uow, n)
        samples.append((time.perf_counter() - start) / (n * STEPS))
        close = getattr(uow, "close", None)
        if close is not None:
            close()
    return statistics.median(samples)


def main() -> None:
    args = parse_args(__doc__ or "")
    n = 5 if args.smoke else 200
    repeat = 1 if args.smoke else args.repeat
    result: dict[str, Any] = {"lifecycles": n, "commands_per_lifecycle": STEPS}
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def sqlite_file() -> UnitOfWork:
            return SqliteUnitOfWork(Path(tmp) / f"bench-{next(counter)}.sqlite", synchronous="FULL")

        for name, make in (("memory", MemoryUnitOfWork), ("sqlite", sqlite_file)):
            ours = _median_per_command(through_service, make, n, repeat)
            base = _median_per_command(bare, make, n, repeat)
            ratio = ours / base
            print(
                f"{name:>6}: service {ours * 1e6:8.1f} µs/command, "
                f"bare apply+save {base * 1e6:8.1f} µs/command, "
                f"service/bare = {ratio:.2f}×"
            )
            result[f"{name}_service_us_per_command"] = round(ours * 1e6, 1)
            result[f"{name}_bare_us_per_command"] = round(base * 1e6, 1)
            result[f"{name}_overhead_ratio"] = round(ratio, 2)
    result["target_sqlite_ratio_max"] = 3.0
    result["target_met"] = (
        result["sqlite_overhead_ratio"] <= 3.0 and result["sqlite_service_us_per_command"] < 2000
    )
    emit(result)


if __name__ == "__main__":
    main()
