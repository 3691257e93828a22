"""The storage benchmark's further measurements: concurrent writers on PostgreSQL, the honest commit floor,
and the service layer's own cost on the memory store (imported by ``storage.py``)."""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PG_TABLE = "bench_floor"


class PostgresFloor:
    """What no store beats, as a runner timed in the same rounds as the stores: one row into a *logged* table
    committed in the same round trip (autocommit: the server commits the statement, with its WAL flush,
    before it answers)."""

    def __init__(self, dsn: str) -> None:
        import psycopg

        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute(f"DROP TABLE IF EXISTS {PG_TABLE}")
        self.conn.execute(f"CREATE TABLE {PG_TABLE} (id TEXT PRIMARY KEY, data TEXT)")
        self.next = 0

    def run(self, commits: int) -> None:
        for _ in range(commits):
            self.next += 1
            self.conn.execute(f"INSERT INTO {PG_TABLE} VALUES (%s, %s)", (str(self.next), "x" * 600))

    def counts(self, commits: int = 200) -> tuple[float, float]:
        """(WAL bytes, client CPU µs) per commit of :meth:`run`: counts beside its timing."""
        before, cpu = wal_lsn(self.conn), time.process_time()
        self.run(commits)
        cpu = time.process_time() - cpu
        return wal_bytes(self.conn, before) / commits, cpu / commits * 1e6

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {PG_TABLE}")
        self.conn.close()


def wal_lsn(conn: Any) -> str:
    """The server's current write-ahead log position."""
    return str(conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0])


def wal_bytes(conn: Any, since: str) -> float:
    """Write-ahead log bytes the server wrote since ``since`` (every session's: measure alone)."""
    return float(conn.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", (since,)).fetchone()[0])


def wal_pages_per_command(
    wal: Path,
    run: Callable[[], None],
    checkpoint: Callable[[str], object],
    commands: int,
    restore: int = 1000,
) -> float:
    """4 KiB pages a command adds to SQLite's write-ahead log (what its commit writes): deterministic, unlike
    the timings. ``checkpoint`` runs a PRAGMA on the store's own connection; ``restore`` is the store's
    own checkpoint threshold, set again afterwards."""
    checkpoint("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint("PRAGMA wal_autocheckpoint=0")
    run()
    pages = (wal.stat().st_size - 32) / (4096 + 24) / commands  # a 32-byte header, then 24 + 4096 per frame
    checkpoint(f"PRAGMA wal_autocheckpoint={restore}")
    return pages


def _writer(kind: str, dsn: str, tag: str, lifecycles: int, sync: tuple[Any, Any, Any]) -> None:
    """One writer process: ``lifecycles`` lifecycles of its own complaints, timed after ``go``."""
    ready, go, out = sync
    from storage import lifecycle, run_eventsourcing, run_ours

    cases = [lifecycle(i, tag) for i in range(lifecycles)]
    run: Callable[[], None]
    if kind == "ours":
        from sp4n.adapters.storage.postgres import PostgresUnitOfWork

        store: Any = PostgresUnitOfWork(dsn, prefix="bench_w_", pool_size=1)

        def run() -> None:
            run_ours(store, cases)
    else:
        from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(dsn)
        datastore = PostgresDatastore(
            dbname=str(info.get("dbname", "test")), host=str(info.get("host", "127.0.0.1")),
            port=str(info.get("port", 5432)), user=str(info.get("user", "postgres")),
            password=str(info.get("password", "")), originator_id_type="text", pool_size=1,
        )  # fmt: skip
        recorder = PostgresApplicationRecorder(datastore, events_table_name="bench_w_es_events")

        def run() -> None:
            run_eventsourcing(recorder, cases)

    ready.wait()
    go.wait()
    start = time.perf_counter()
    run()
    out.put(time.perf_counter() - start)


def writers_postgres(dsn: str, lifecycles: int, counts: tuple[int, ...] = (1, 2, 4)) -> dict[str, Any]:
    """Commands per second with N concurrent writer processes, ours and eventsourcing's recorder."""
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
    from psycopg.conninfo import conninfo_to_dict

    from sp4n.adapters.storage._sql import TABLES
    from sp4n.adapters.storage.postgres import PostgresUnitOfWork

    setup = PostgresUnitOfWork(dsn, prefix="bench_w_", migrate=True)
    info = conninfo_to_dict(dsn)
    datastore = PostgresDatastore(
        dbname=str(info.get("dbname", "test")), host=str(info.get("host", "127.0.0.1")),
        port=str(info.get("port", 5432)), user=str(info.get("user", "postgres")),
        password=str(info.get("password", "")), originator_id_type="text",
    )  # fmt: skip
    PostgresApplicationRecorder(datastore, events_table_name="bench_w_es_events").create_table()
    ctx = multiprocessing.get_context("spawn")
    result: dict[str, Any] = {}
    try:
        for n in counts:
            for kind in ("ours", "eventsourcing"):
                ready, go, out = ctx.Barrier(n + 1), ctx.Barrier(n + 1), ctx.Queue()
                procs = [
                    ctx.Process(
                        target=_writer, args=(kind, dsn, f"{kind[0]}{n}w{w}", lifecycles, (ready, go, out))
                    )
                    for w in range(n)
                ]
                for p in procs:
                    p.start()
                ready.wait()
                go.wait()
                seconds = [out.get(timeout=600) for _ in procs]
                for p in procs:
                    p.join()
                result[f"{kind}_{n}"] = n * lifecycles * 5 / max(seconds)  # commands per second, all writers
    finally:
        cur = setup._cursor()
        for table in TABLES:
            cur.execute(f"DROP TABLE IF EXISTS bench_w_{table}")
        setup.close()
        with datastore.transaction(commit=True) as c:
            c.execute("DROP TABLE IF EXISTS bench_w_es_events")
        datastore.close()
    return result


def service_cost(lifecycles: int, repeat: int) -> dict[str, float]:
    """µs per command through ``Service`` on the memory store, and per bare ``apply`` + ``save``."""
    from sp4n.adapters.storage.memory import MemoryUnitOfWork
    from sp4n.lifecycle.engine import apply, new_complaint
    from sp4n.lifecycle.status import Action
    from sp4n.service import create_service
    from sp4n.service.deadlines import NoDeadlines
    from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers
    from sp4n.testing.lifecycle import AGENCIES, AGENCY_ADMIN, NATIONAL_ADMIN, REPORTER, UNIT_OFFICER, UNITS

    at = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    form = {"type": "pengaduan", "title": "Jalan berlubang", "description": "Lubang besar", "channel": "web",
            "category": "infrastruktur", "region_code": "34.04"}  # fmt: skip

    def through_service() -> None:
        svc = create_service(uow=MemoryUnitOfWork(), clock=FixedClock(at), ids=SequentialIds("c-"),
                             tracking=SequentialTrackingNumbers(), sla=NoDeadlines())  # fmt: skip
        for _ in range(lifecycles):
            cid = svc.submit(form, actor=REPORTER).complaint_id
            svc.verify_and_forward({"complaint_id": cid, "agency_id": AGENCIES[0]}, actor=NATIONAL_ADMIN)
            svc.dispose({"complaint_id": cid, "unit_ids": [UNITS[0]]}, actor=AGENCY_ADMIN)
            svc.follow_up({"complaint_id": cid, "reason": "alasan"}, actor=UNIT_OFFICER)
            svc.close({"complaint_id": cid, "reason": "alasan"}, actor=REPORTER)

    steps: list[tuple[Action, Any, dict[str, Any]]] = [
        (Action.verify, NATIONAL_ADMIN, {"agency_id": AGENCIES[0]}),
        (Action.dispose, AGENCY_ADMIN, {"unit_ids": [UNITS[0]]}),
        (Action.follow_up, UNIT_OFFICER, {}),
        (Action.close, REPORTER, {}),
    ]

    def bare() -> None:
        uow = MemoryUnitOfWork()
        for n in range(lifecycles):
            complaint, event = new_complaint(
                complaint_id=f"c-{n}", tracking_id=f"T{n}", type="pengaduan", title="Jalan berlubang",
                description="Lubang besar", category="infrastruktur", region_code="34.04", channel="web",
                actor=REPORTER, at=at,
            )  # fmt: skip
            with uow:
                uow.complaints.save(complaint, [event], expected_version=0)
                uow.commit()
            for action, actor, details in steps:
                with uow:
                    current = uow.complaints.get(complaint.id, for_change=True)
                    complaint, event = apply(current, action, actor, at + timedelta(hours=1), reason="alasan",
                                             **details)  # fmt: skip
                    uow.complaints.save(complaint, [event], expected_version=current.version)
                    uow.commit()

    samples: dict[str, list[float]] = {"service": [], "bare": []}
    for _ in range(repeat):
        for name, fn in (("service", through_service), ("bare", bare)):
            start = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - start) / (5 * lifecycles) * 1e6)
    return {f"{k}_us_per_command": statistics.median(v) for k, v in samples.items()}
