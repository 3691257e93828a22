"""``sp4n serve`` over the demo's database: a real process, a real port, the demo's complaints on show."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sp4n.cli import main
from sp4n.testing.servers import free_port
from sp4n.tracking import display


def test_serve_shows_the_demo_complaints(tmp_path: Path) -> None:
    db = tmp_path / "sp4n-demo.sqlite"
    assert main(["demo", "--db", str(db), "--complaints", "12"]) == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sp4n", "serve", "--url", f"sqlite:///{db}", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                feed = httpx.get(f"{base}/api/v1/complaints", params={"limit": 100}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError(server.stderr.read() if server.stderr else "no server")
        items = feed.json()["items"]
        assert items
        tracking = items[0]["tracking_id"]
        page = httpx.get(f"{base}/lacak/{tracking}", timeout=5)
        assert page.status_code == 200
        assert display(tracking) in page.text  # people read it in groups of three, as everywhere
        open311 = httpx.get(f"{base}/open311/v2/requests.json", params={"service_request_id": tracking})
        assert json.loads(open311.text)[0]["service_request_id"] == tracking
    finally:
        server.terminate()
        server.wait(10)
