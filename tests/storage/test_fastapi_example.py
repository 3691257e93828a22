"""The FastAPI pattern in docs/examples/fastapi_portal.py, driven as a portal's traffic would drive it:
concurrent requests through FastAPI's thread pool into one shared Service."""

from __future__ import annotations

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "fastapi_portal.py"
FORM = {
    "type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
    "category": "infrastruktur", "channel": "web", "region_code": "34.04",
    "reporter": {"name": "Siti", "phone": "0812 3456 7890"},
}  # fmt: skip


def _example() -> ModuleType:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    spec = importlib.util.spec_from_file_location("fastapi_portal", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_concurrent_requests_share_one_service_and_errors_map_to_http(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    app = _example().build_app(f"sqlite:///{tmp_path / 'portal.db'}")
    with TestClient(app) as client:

        def file(n: int) -> Any:
            return client.post(
                "/complaints", json={**FORM, "title": f"t{n}"}, headers={"Idempotency-Key": f"k{n}"}
            )

        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(file, range(80)))
        assert [r.status_code for r in responses] == [201] * 80
        numbers = {r.json()["tracking_id"] for r in responses}
        assert len(numbers) == 80
        replay = file(3)  # the same key again: the first receipt, nothing filed twice
        assert replay.json()["tracking_id"] == responses[3].json()["tracking_id"]

        bad = client.post("/complaints", json={**FORM, "title": ""})
        assert bad.status_code == 422
        assert bad.json()["error"] == "InvalidCommand"
        assert "Siti" not in bad.text
        assert "0812" not in bad.text
        assert client.get("/complaints/000000000").status_code == 422  # not a tracking number at all
        tracked = client.get(f"/complaints/{responses[0].json()['tracking_id']}")
        assert tracked.json()["status"] == "submitted"
        assert "Siti" not in tracked.text
