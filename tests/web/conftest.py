"""A real loopback HTTP server (uvicorn in a thread) over a seeded service, shared by the web tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import httpx
import pytest
import uvicorn
from fastapi import Request

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.adapters.system import ManualClock
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import Service, create_service
from sp4n.testing import FixedGeocoder
from sp4n.testing.servers import free_port
from sp4n.web import Open311Service, WebConfig, create_app

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
AGENCY = "pemkab-34.04"
ADMIN = Actor(id="adm", role=Role.national_admin)
AGENCY_ADMIN = Actor(id="adm-sleman", role=Role.agency_admin, agency_id=AGENCY)
SERVICES = (
    Open311Service(code="jalan-rusak", name="Jalan rusak", group="jalan"),
    Open311Service(code="pendidikan-dasar", name="Pendidikan dasar", group="pendidikan"),
)
OTHER_AGENCY = "pemkot-34.71"
ACTORS = {
    "admin": ADMIN,
    "sleman": AGENCY_ADMIN,
    "yogya": Actor(id="adm-yogya", role=Role.agency_admin, agency_id=OTHER_AGENCY),
    "r-1": Actor(id="r-1", role=Role.reporter),
}


def authenticate(request: Request) -> Actor | None:
    """Test auth: the bearer token names the actor."""
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    return ACTORS.get(token)


#: Sleman's bounding box, roughly; anything else is outside.
SLEMAN = FixedGeocoder("34.04", (-7.9, 110.2, -7.5, 110.5))


@attrs.define
class Live:
    url: str
    service: Service
    clock: ManualClock
    seeded: dict[str, str]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)


def _submit(svc: Service, title: str, category: str, **extra: Any) -> str:
    body = {"type": "pengaduan", "title": title, "description": "Berlubang di depan sekolah",
            "category": category, "channel": "web", "region_code": "34.04", **extra}  # fmt: skip
    return svc.submit(body).tracking_id


def seed(svc: Service, clock: ManualClock) -> dict[str, str]:
    """Three complaints: one forwarded and in progress, one rahasia, one just filed."""
    forwarded = _submit(svc, "Jalan Godean rusak", "jalan-rusak")
    cid = svc.by_tracking(forwarded, actor=ADMIN).id
    clock.advance(timedelta(hours=2))
    svc.verify_and_forward({"complaint_id": cid, "agency_id": AGENCY}, actor=ADMIN)
    secret = _submit(svc, "Pungli di kantor", "pendidikan-dasar", rahasia=True)
    clock.advance(timedelta(hours=1))
    fresh = _submit(svc, "Sekolah tanpa guru", "pendidikan-dasar")
    return {"forwarded": forwarded, "rahasia": secret, "fresh": fresh}


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    clock = ManualClock(T0)
    path = tmp_path_factory.mktemp("web") / "web.sqlite"
    # A SQLite connection belongs to its thread: the tests read through their own, the server opens one in
    # its thread (as ``sp4n serve`` does), both on the same file.
    svc = create_service(uow=SqliteUnitOfWork(str(path)), clock=clock)
    seeded = seed(svc, clock)
    config = WebConfig(
        authenticate=authenticate,
        open311_services=SERVICES,
        open311_api_key=lambda key: Actor(id="open311-app", role=Role.intake) if key == "k-123" else None,
        geocoder=SLEMAN,
        open311_window_days=3650,  # the seeded complaints are in 2026, the server's clock is today's
    )
    port = free_port()
    holder: dict[str, uvicorn.Server] = {}
    ready = threading.Event()

    def run() -> None:
        served = create_service(uow=SqliteUnitOfWork(str(path)), clock=clock)
        app = create_app(served, config)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                               lifespan="off"))  # fmt: skip
        holder["server"] = server
        ready.set()
        server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    server = holder["server"]
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield Live(f"http://127.0.0.1:{port}", svc, clock, seeded)
    server.should_exit = True
    thread.join(5)
