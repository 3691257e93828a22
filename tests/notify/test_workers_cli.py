"""``sp4n relay`` and ``sp4n timers`` as long-running processes: they work, print a health line per interval,
stop gracefully on SIGTERM (exit 0, a last health line), and refuse bad arguments with exit 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.cli import main
from sp4n.lifecycle.status import Action
from sp4n.service import create_service
from sp4n.sla.timers import SYSTEM_ACTOR
from sp4n.testing.fakes import FixedClock, SequentialIds, SequentialTrackingNumbers
from sp4n.testing.notify import WebhookReceiver, commit_events, story

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
SECRET = b"kunci-rahasia"


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def _start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SP4N_WEBHOOK_SECRET": SECRET.decode()}
    return subprocess.Popen(
        [sys.executable, "-m", "sp4n", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stop(proc: subprocess.Popen[str]) -> tuple[int, list[str], str]:
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    return proc.returncode, out.splitlines(), err


def test_sp4n_relay_delivers_reports_health_and_stops_on_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "lapor.sqlite"
    uow = SqliteUnitOfWork(db)
    for i in range(5):
        commit_events(uow, story(f"c{i}"), upto=6)
    with WebhookReceiver(SECRET) as receiver:
        directory = tmp_path / "directory.json"
        hook = {"id": "sleman", "audience": "agency_admin", "channel": "webhook", "address": "x"}
        directory.write_text(json.dumps({"agencies": {"pemkab-sleman": [hook]}}), encoding="utf-8")
        proc = _start("relay", "--url", f"sqlite:///{db}", "--webhook", receiver.url,
                      "--directory", str(directory), "--health-every", "0.2")  # fmt: skip
        try:
            assert _wait(lambda: len(receiver.ids()) >= 5, timeout=30)
            time.sleep(0.5)  # a few health lines
        finally:
            code, lines, err = _stop(proc)
    assert code == 0, err
    assert len(receiver.ids()) == len(set(receiver.ids())) == 5  # one "arrived" per complaint, once
    assert lines[0].startswith("sp4n relay: started")
    assert any(line.startswith("sp4n relay: ok ") for line in lines)
    assert lines[-1].startswith("sp4n relay: stopped events=")
    assert "delivered=5" in lines[-1]


def test_sp4n_timers_applies_due_actions_reports_health_and_stops_on_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "lapor.sqlite"
    filed = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # long past every deadline by now
    svc = create_service(uow=SqliteUnitOfWork(db), clock=FixedClock(filed), ids=SequentialIds("c-"),
                         tracking=SequentialTrackingNumbers())  # fmt: skip
    receipt = svc.submit({"type": "pengaduan", "title": "Jalan berlubang", "description": "Jl. Godean km 5",
                          "category": "infrastruktur", "channel": "web", "region_code": "34.04",
                          "reporter": {"name": "Siti", "phone": "0812 3456 7890"}})  # fmt: skip
    proc = _start("timers", "--url", f"sqlite:///{db}", "--every", "0.1", "--health-every", "0.2")

    def breached() -> bool:
        return Action.record_breach in [
            s.event.action for s in svc.history(receipt.complaint_id, actor=SYSTEM_ACTOR)
        ]

    try:
        assert _wait(breached, timeout=30)
        time.sleep(0.4)
    finally:
        code, lines, err = _stop(proc)
    assert code == 0, err
    assert lines[0].startswith("sp4n timers: started")
    assert any(line.startswith("sp4n timers: ok runs=") for line in lines)
    assert lines[-1].startswith("sp4n timers: stopped runs=")
    assert "failed_runs=0" in lines[-1]


@pytest.mark.parametrize(
    "argv",
    [
        ["relay", "--url", "x.db"],  # no sender
        ["relay", "--url", "x.db", "--webhook", "http://127.0.0.1:9/", "--batch", "0"],
        ["relay", "--url", "x.db", "--smtp", "host:99999"],
        ["relay", "--url", "x.db", "--webhook", "http://h/", "--window-hours", "-1"],
        ["relay", "--url", "x.db", "--webhook", "http://h/", "--directory", "/nonexistent.json"],
        ["timers", "--url", "x.db", "--every", "nan"],
        ["timers", "--url", "ftp://x"],
    ],
)
def test_bad_worker_arguments_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(argv))
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) in (1, 2)  # argparse prints usage + one line; ours prints one line
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe{\x00}\x00",  # UTF-16
        b"[" * 100_000 + b"]" * 100_000,  # deep
        b'{"agencies": {"a": [{"id": 5}]}}',  # type
        b'{"agencies": {"a": [{"id": "x", "audience": "nobody", "channel": "e", "address": "a"}]}}',
        b'{"units": {"no-slash": []}}',
        b'{"surprise": []}',
    ],
)
def test_a_bad_directory_file_exits_2_with_one_line(
    content: bytes, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "directory.json"
    path.write_bytes(content)
    code = main(["relay", "--url", str(tmp_path / "x.db"), "--webhook", "http://127.0.0.1:9/",
                 "--directory", str(path)])  # fmt: skip
    assert code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
