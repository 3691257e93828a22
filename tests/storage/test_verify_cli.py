"""``sp4n verify``: a clean store exits 0, a tampered one 1 with a finding per line, bad input 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from sp4n.adapters.storage.sqlite import SqliteUnitOfWork
from sp4n.cli import main
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lapor.db"
    store = SqliteUnitOfWork(path)
    with store:
        store.complaints.save(*walked("c-1", Status.closed), expected_version=0)
        store.commit()
    store.close()
    return path


def test_a_status_edited_in_the_state_row_exits_1_naming_the_complaint(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--url", f"sqlite:///{db}"]) == 0
    store = SqliteUnitOfWork(db)
    store._conn.execute("UPDATE sp4n_complaints SET status = 'submitted'")
    store.close()
    capsys.readouterr()
    assert main(["verify", "--url", f"sqlite:///{db}"]) == 1
    out = capsys.readouterr().out
    assert "FINDING laporan 'c-1'" in out  # the marker stays; the rest reads in the default language
    assert "status" in out


def test_a_checkpoint_is_written_only_for_a_store_that_verifies(db: Path, tmp_path: Path) -> None:
    cp = tmp_path / "cp.json"
    assert main(["verify", "--url", str(db), "--write-checkpoint", str(cp)]) == 0
    assert main(["verify", "--url", str(db), "--checkpoint", str(cp)]) == 0
    store = SqliteUnitOfWork(db)
    store._conn.execute("DELETE FROM sp4n_events WHERE sequence = 6")
    store.close()
    cp.unlink()
    assert main(["verify", "--url", str(db), "--write-checkpoint", str(cp)]) == 1
    assert not cp.exists()


@pytest.mark.parametrize("args", [["--url", "sqlite:///nowhere/x.db"], ["--checkpoint", "missing.json"]])
def test_bad_input_exits_2_with_one_line(
    db: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["verify", "--url", str(db), *args] if args[0] == "--checkpoint" else ["verify", *args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("sp4n verify: ")


def test_json_names_every_finding_and_the_checkpoint_only_when_clean(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert main(["verify", "--url", str(db), "--json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert (clean["complaints"], clean["events"], clean["findings"]) == (1, 6, [])
    assert clean["checkpoint"]["count"] == 6
    store = SqliteUnitOfWork(db)
    store._conn.execute("UPDATE sp4n_complaints SET version = 5")
    store.close()
    assert main(["verify", "--url", str(db), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["checkpoint"] is None
    assert {f["complaint_id"] for f in report["findings"]} == {"c-1"}
