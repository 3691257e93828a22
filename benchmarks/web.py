"""What the web kit costs over HTTP, against a bare Starlette endpoint on the same rows and the same driver.

Setup, per database (a SQLite file; PostgreSQL when a server answers at ``SP4N_POSTGRES_DSN``): 100,000 stored
complaints (bulk-loaded as benchmarks/storage.py does) plus 100 filed through the service with their events.
Both apps run under uvicorn on loopback, each in a process of its own; this process sends requests one after
another (keep-alive), after a warm-up, one to each app in turn (the order alternating), in 4 rounds: a burst
of other work on a shared machine then hits both sides alike.

* ``GET /open311/v2/requests.json`` (a page of 50 of the bulk complaints, newest first, in a date window) vs
  a bare Starlette route that runs the same keyset SQL with the same driver and returns the same fields;
* the tracking page ``/lacak/{tracking}`` of the 100 (verified and forwarded, so published: the page shows
  the timeline) vs a bare route that reads the complaint and its events and renders the status and timeline.
  The kit keeps each page it wrote per complaint version and checks the version with one statement per
  request (the bare route runs two); ``tracking_uncached`` is the same app keeping nothing, so every request
  reads and writes the page afresh;
* ``POST /api/v1/complaints`` over HTTP vs ``Service.submit`` in process, on the same kind of storage; beside
  them the same body POSTed to a bare Starlette route that only reads it (the HTTP floor), which gives the
  best ratio any HTTP front could reach here (``post_ratio_ceiling``).

Targets: p99 of each GET ≤ 1.5× the bare endpoint's; HTTP POST throughput ≥ 60 % of the in-process service's.
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from _common import emit, parse_args
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from sp4n.adapters.storage import SqlUnitOfWorkBase
from sp4n.adapters.storage._codec import to_micros
from sp4n.adapters.storage.postgres import PostgresUnitOfWork
from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.adapters.system import ManualClock
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import TERMINAL, Status
from sp4n.service import create_service
from sp4n.testing.servers import free_port
from sp4n.web import Open311Service, WebConfig, create_app
from sp4n.web.config import KeptPerVersion
from storage import PG_DSN, T0, _drop, load_postgres, load_sqlite

FORM = {
    "type": "pengaduan",
    "title": "Jalan berlubang",
    "description": "Lubang besar di Jl. Godean km 5.",
    "category": "infrastruktur",
    "channel": "web",
    "region_code": "34.04",
}
WINDOW = {"start_date": "2026-01-04T00:00:00Z", "end_date": "2026-01-05T02:00:00Z", "page_size": "50"}
FILED_AT = T0 + timedelta(days=3)
AGENCY = "pemkab-34.04"
ADMIN = Actor(id="admin", role=Role.national_admin)
HERE = Path(__file__).resolve().parent


def serve(factory: str, env: dict[str, str]) -> tuple[str, Callable[[], None]]:
    """Run ``web:<factory>`` under uvicorn in a process of its own (its GIL is not the client's)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(HERE),
        "--factory",
        f"web:{factory}",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/none", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)

    def stop() -> None:
        server.terminate()
        server.wait(10)

    return url, stop


def ours() -> Any:
    """The web kit over ``BENCH_URL`` (the uvicorn factory ``web:ours``)."""
    uow = unit_of_work_from_url(os.environ["BENCH_URL"], prefix=os.environ["BENCH_PREFIX"])
    services = [Open311Service(code="infrastruktur", name="Infrastruktur", group="infrastruktur")]
    return create_app(create_service(uow=uow), WebConfig(open311_services=services))


def ours_uncached() -> Any:
    """The web kit keeping no written tracking page (the uvicorn factory ``web:ours_uncached``)."""
    app = ours()
    app.state.tracking_pages = KeptPerVersion[str](max_items=0)
    return app


def bare() -> Any:
    """The bare Starlette baseline over the same database (the uvicorn factory ``web:bare``)."""
    url, prefix = os.environ["BENCH_URL"], os.environ["BENCH_PREFIX"]
    if url.startswith("sqlite:///"):
        return Bare(lambda: sqlite3.connect(url.removeprefix("sqlite:///")), prefix, "?").app()
    import psycopg

    return Bare(lambda: psycopg.connect(url), prefix, "%s").app()


def paired(
    ours: tuple[str, list[str]], bare: tuple[str, list[str]], params: dict[str, str] | None, warmup: int
) -> tuple[list[float], list[float]]:
    """Milliseconds per request of each app, one request to each in turn (the order alternating), after
    ``warmup`` unmeasured pairs: a burst of other work on a shared machine hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    with httpx.Client(base_url=ours[0], timeout=30) as a, httpx.Client(base_url=bare[0], timeout=30) as b:
        sides = ((a, ours[1], times[0]), (b, bare[1], times[1]))
        for n in range(warmup + len(ours[1])):
            for http, paths, out in sides if n % 2 == 0 else sides[::-1]:
                path = paths[n % len(paths)]
                start = time.perf_counter()
                r = http.get(path, params=params)
                elapsed = (time.perf_counter() - start) * 1000
                assert r.status_code == 200, (path, r.status_code, r.text[:200])
                if n >= warmup:
                    out.append(elapsed)
    return times


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] if len(samples) >= 2 else samples[0]


# --- the bare baseline: Starlette, the same driver, the same rows ----------------------------------------


class Bare:
    """The same two reads with SQL written by hand on the driver (sqlite3 or psycopg)."""

    def __init__(self, connect: Callable[[], Any], prefix: str, param: str) -> None:
        self.connect, self.prefix, self.param = connect, prefix, param

    def app(self) -> Starlette:
        conn = self.connect()
        p, q = self.prefix, self.param
        page_sql = (
            f"SELECT due_at, data FROM {p}complaints WHERE public = 1 AND submitted_at >= {q} "
            f"AND submitted_at < {q} ORDER BY submitted_at DESC, id DESC LIMIT {q}"
        )
        one_sql = f"SELECT id, data FROM {p}complaints WHERE tracking_id = {q}"
        events_sql = f"SELECT data FROM {p}events WHERE complaint_id = {q} ORDER BY position"

        def rows(sql: str, args: tuple[Any, ...]) -> list[Any]:
            cur = conn.cursor()
            cur.execute(sql, args)
            found = cur.fetchall()
            if hasattr(conn, "commit"):
                conn.commit()
            return list(found)

        async def requests(request: Request) -> JSONResponse:
            start = to_micros(datetime.fromisoformat(request.query_params["start_date"]))
            end = to_micros(datetime.fromisoformat(request.query_params["end_date"]))
            out = []
            for due, data in rows(page_sql, (start, end, int(request.query_params["page_size"]))):
                c = json.loads(data)
                status = Status(c["status"])
                out.append(
                    {
                        "service_request_id": c["tracking_id"],
                        "status": "closed" if status in TERMINAL else "open",
                        "status_notes": status.label,
                        "service_name": c["category"],
                        "service_code": c["category"],
                        "description": c["description"],
                        "agency_responsible": c["agency_id"] or "",
                        "service_notice": "",
                        "requested_datetime": c["submitted_at"],
                        "updated_datetime": c["updated_at"],
                        "expected_datetime": due,
                        "address": "",
                        "address_id": "",
                        "zipcode": "",
                        "lat": None,
                        "long": None,
                        "media_url": "",
                    }
                )
            return JSONResponse(out)

        async def track(request: Request) -> HTMLResponse:
            [(cid, data)] = rows(one_sql, (request.path_params["tracking"],))
            c = json.loads(data)
            steps = "".join(
                f"<tr><td>{e['occurred_at']}</td><td>{e['action']}</td><td>{e['to_status']}</td></tr>"
                # a sealed row (chain format 2) holds the event's fields under "sealed"
                for e in (json.loads(d).get("sealed", {}) for (d,) in rows(events_sql, (cid,)))
            )
            return HTMLResponse(
                f"<h1>{html.escape(c['title'])}</h1><p>{Status(c['status']).label}</p><table>{steps}</table>"
            )

        async def echo(request: Request) -> JSONResponse:  # the HTTP floor of a POST: read the body, answer
            await request.body()
            return JSONResponse({"v": 1}, status_code=201)

        routes = [Route("/requests.json", requests), Route("/lacak/{tracking}", track)]
        return Starlette(routes=[*routes, Route("/echo", echo, methods=["POST"])])


# --- one database ---------------------------------------------------------------------------------------


def measure(
    name: str,
    url: str,
    prefix: str,
    load: Callable[[SqlUnitOfWorkBase, int], None],
    sizes: tuple[int, int, int],
) -> dict[str, float]:
    """Both GETs and the POST on one database; ``sizes`` are (complaints, requests per round, posts)."""
    total, requests, posts = sizes
    setup = unit_of_work_from_url(url, prefix=prefix, migrate=True)  # a server store's schema is explicit
    started = time.perf_counter()
    load(setup, total)
    svc = create_service(uow=setup, clock=ManualClock(FILED_AT))
    receipts = [svc.submit(FORM) for _ in range(100)]
    for receipt in receipts:  # published, so that the page shows the timeline, not the status alone
        svc.verify_and_forward({"complaint_id": receipt.complaint_id, "agency_id": AGENCY}, actor=ADMIN)
    tracking = [r.tracking_id for r in receipts]
    print(f"{name}: {total:,} complaints loaded in {time.perf_counter() - started:.1f} s")
    env = {"BENCH_URL": url, "BENCH_PREFIX": prefix}
    ours_url, stop_ours = serve("ours", env)
    uncached_url, stop_uncached = serve("ours_uncached", env)
    bare_url, stop_bare = serve("bare", env)
    warm = max(10, requests // 10)
    try:
        result: dict[str, float] = {}
        setup.close()  # nothing held open while the servers read
        pages = [f"/lacak/{t}" for t in tracking]
        for what, app_url, ours_paths, bare_paths, params in (
            ("requests", ours_url, ["/open311/v2/requests.json"], ["/requests.json"], WINDOW),
            ("tracking", ours_url, pages, pages, None),
            ("tracking_uncached", uncached_url, pages, pages, None),
        ):
            ours: list[float] = []
            base: list[float] = []
            for _ in range(4):
                mine, theirs = paired((app_url, ours_paths), (bare_url, bare_paths), params, warm)
                ours, base = ours + mine, base + theirs
            result[f"{name}_{what}_p99_ms"] = round(p99(ours), 3)
            result[f"{name}_{what}_bare_p99_ms"] = round(p99(base), 3)
            result[f"{name}_{what}_median_ms"] = round(statistics.median(ours), 3)
            result[f"{name}_{what}_bare_median_ms"] = round(statistics.median(base), 3)
            result[f"{name}_{what}_p99_ratio"] = round(p99(ours) / p99(base), 3)
            result[f"{name}_{what}_median_ratio"] = round(
                statistics.median(ours) / statistics.median(base), 3
            )
        result.update(post_throughput(name, ours_url, url, prefix, posts, bare_url=bare_url))
        return result
    finally:
        stop_ours()
        stop_uncached()
        stop_bare()


def post_throughput(name: str, url: str, db: str, prefix: str, n: int, *, bare_url: str) -> dict[str, float]:
    """Filings per second: HTTP POST vs ``Service.submit`` in process (same storage), one of each in turn
    (the order alternating), so that a burst of other work on a shared machine hits both alike. Beside
    them, the same body POSTed to a bare Starlette route that only reads it and answers: the HTTP floor
    (client, server, loopback) that any filing over HTTP pays on top of the submit itself."""
    svc = create_service(uow=unit_of_work_from_url(db, prefix=prefix))
    spent = [0.0, 0.0, 0.0]
    with httpx.Client(base_url=url, timeout=30) as http, httpx.Client(base_url=bare_url, timeout=30) as bare:

        def over_http() -> None:
            assert http.post("/api/v1/complaints", json=FORM).status_code == 201

        def in_process() -> None:
            svc.submit(FORM)

        def floor() -> None:
            assert bare.post("/echo", json=FORM).status_code == 201

        sides = ((0, over_http), (1, in_process), (2, floor))
        warmup = max(5, n // 10)
        for k in range(warmup + n):
            for side, submit in sides if k % 2 == 0 else sides[::-1]:
                start = time.perf_counter()
                submit()
                if k >= warmup:
                    spent[side] += time.perf_counter() - start
    http_rate, local_rate, floor_ms = n / spent[0], n / spent[1], spent[2] / n * 1e3
    return {
        f"{name}_post_http_per_s": round(http_rate, 1),
        f"{name}_post_inprocess_per_s": round(local_rate, 1),
        f"{name}_post_ratio": round(http_rate / local_rate, 3),
        f"{name}_post_http_floor_ms": round(floor_ms, 3),
        # the best ratio any HTTP front could reach: the submit's own time over that time plus the floor
        f"{name}_post_ratio_ceiling": round((1 / local_rate) / (1 / local_rate + floor_ms / 1e3), 3),
    }


def main() -> None:
    args = parse_args(__doc__ or "")
    sizes = (2_000, 30, 20) if args.smoke else (100_000, 500, 500)
    result: dict[str, Any] = {"complaints": sizes[0]}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'web.db'}"
        result.update(measure("sqlite", url, "sp4n_", load_sqlite, sizes))
    try:
        import psycopg

        psycopg.connect(PG_DSN, connect_timeout=3).close()
    except Exception as err:
        print(f"postgres: not reachable ({type(err).__name__}); sqlite only")
    else:
        prefix = f"bench_web_{os.getpid()}_"
        try:
            result.update(measure("postgres", PG_DSN, prefix, load_postgres, sizes))
        finally:
            _drop(PostgresUnitOfWork(PG_DSN, prefix=prefix, migrate=None))  # whatever version is there
    result["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    emit(result)


if __name__ == "__main__":
    main()
