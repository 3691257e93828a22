"""``sp4n demo`` runs end to end on a SQLite file, prints its three sections, and leaks no personal data."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest

from sp4n.cli import main
from sp4n.demo import run_demo


def _run(path: Path, complaints: int = 40, seed: int = 11) -> str:
    out = io.StringIO()
    assert run_demo(db=str(path), complaints=complaints, seed=seed, out=out, err=None) == 0
    return out.getvalue().replace(str(path), "<db>")


def test_the_demo_prints_a_timeline_a_compliance_table_and_the_breaches(tmp_path: Path) -> None:
    text = _run(tmp_path / "demo.sqlite")
    for heading in ("== 1. Timeline of complaint", "== 2. SLA compliance per agency", "== 3. Breaches:"):
        assert heading in text
    for government in ("Kabupaten Sleman", "Kabupaten Badung", "Kabupaten Tangerang"):
        assert government in text
    assert "History check: 40/40 complaints verify." in text


def test_the_demo_stores_its_complaints_in_the_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    _run(db, complaints=25)
    with sqlite3.connect(db) as conn:
        (count,) = conn.execute("SELECT count(*) FROM sp4n_complaints").fetchone()
    assert count == 25


def test_the_same_seed_gives_the_same_output_and_another_seed_another(tmp_path: Path) -> None:
    first = _run(tmp_path / "a.sqlite")
    assert _run(tmp_path / "a.sqlite") == first  # the file is recreated, not appended to
    assert _run(tmp_path / "b.sqlite", seed=12) != first


def test_the_demo_output_contains_no_unmasked_nik_phone_or_e_mail(tmp_path: Path) -> None:
    text = _run(tmp_path / "demo.sqlite", complaints=60)
    assert not re.search(r"\d{16}", text), "an unmasked NIK"
    assert not re.search(r"(\+62|\b0)8\d{7,}", text), "an unmasked phone number"
    assert "@" not in text
    assert "*" in text  # the timeline's reporter is shown, masked


def test_the_command_line_runs_the_demo_and_reports_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(tmp_path / "cli.sqlite"), "--complaints", "20", "--seed", "3"]) == 0
    assert "== 3. Breaches:" in capsys.readouterr().out
    assert main(["demo", "--db", str(tmp_path / "cli.sqlite"), "--complaints", "0"]) == 2
    assert "complaints" in capsys.readouterr().err


def test_large_runs_show_progress_on_stderr(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    run_demo(db=str(tmp_path / "big.sqlite"), complaints=60, seed=1, out=out, err=err, progress=True)
    lines = err.getvalue().splitlines()
    assert lines[-1].startswith("[" + "#" * 30 + "] 60/60 filed")
    assert len(lines) == 20


def test_small_runs_stay_quiet_by_default(tmp_path: Path) -> None:
    err = io.StringIO()
    run_demo(db=str(tmp_path / "small.sqlite"), complaints=10, seed=1, out=io.StringIO(), err=err)
    assert err.getvalue() == ""
