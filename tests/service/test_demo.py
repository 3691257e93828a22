"""``sp4n demo`` runs end to end on a SQLite file, prints its four sections, and leaks no personal data."""

from __future__ import annotations

import io
import re
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from sp4n.adapters.storage.memory import MemoryUnitOfWork
from sp4n.cli import main
from sp4n.demo import run_demo
from sp4n.demo.notice_report import find_leaks, notifications
from sp4n.demo.notices import Delivered, ReminderTicks, Tally
from sp4n.identity import ReporterIdentity
from sp4n.notify import Message, MessageRenderer
from sp4n.notify.directory import StaticDirectory
from sp4n.service import PassResult
from sp4n.sla.rules import SlaPolicy
from sp4n.sla.workdays import indonesia_calendar


def _run(path: Path, complaints: int = 40, seed: int = 11) -> str:
    out = io.StringIO()
    assert run_demo(db=str(path), complaints=complaints, seed=seed, out=out, err=None) == 0
    return out.getvalue().replace(str(path), "<db>")


@pytest.mark.usefixtures("english")
def test_the_demo_prints_a_timeline_a_compliance_table_and_the_breaches(tmp_path: Path) -> None:
    text = _run(tmp_path / "demo.sqlite")
    for heading in ("== 1. Timeline of complaint", "== 2. SLA compliance per agency", "== 3. Breaches:"):
        assert heading in text
    for government in ("Kabupaten Sleman", "Kabupaten Badung", "Kabupaten Tangerang"):
        assert government in text
    assert "History check: 40/40 complaints verify." in text


def _section(text: str) -> list[str]:
    lines = text.split("== 4. Notifications ==\n", 1)[1].split("\n\n", 1)[0]
    return lines.splitlines()


_ROW = re.compile(r"^  (notice|reminder)\s+(\w+)\s+(\w+)\s+(\d+)\s+(\d+)$")


def _counts(section: list[str]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for line in section:
        if found := _ROW.match(line):
            kind, audience, _template, email, sms = found.groups()
            counts[(kind, audience)] += int(email) + int(sms)
    return counts


@pytest.mark.usefixtures("english")
def test_the_demo_reports_notices_to_reporters_and_agencies_reminders_and_no_leak(tmp_path: Path) -> None:
    section = _section(_run(tmp_path / "demo.sqlite", complaints=60))
    counts = _counts(section)
    assert counts[("notice", "reporter")] > 0
    assert counts[("notice", "agency_admin")] > 0
    assert counts[("reminder", "reporter")] + counts[("reminder", "agency_admin")] > 0
    text = "\n".join(section)
    assert "0 dead letters" in text
    privacy = re.search(r"Privacy: (\d+) messages to agencies/officials: (\d+) carry", text)
    assert privacy is not None
    # The count covers every message to anyone but the reporter, event notices and reminders alike.
    assert int(privacy[1]) == sum(n for (_, audience), n in counts.items() if audience != "reporter") > 0
    assert privacy[2] == "0"
    assert "FAILURE" not in text
    assert "LEAK" not in text
    checked = re.search(r"checked against the (\d+) anonim reporters", text)
    assert checked is not None
    assert int(checked[1]) > 0


@pytest.mark.usefixtures("english")
def test_the_sample_sms_shows_its_tracking_number_and_parts_and_the_e_mail_hides_the_reporter(
    tmp_path: Path,
) -> None:
    section = _section(_run(tmp_path / "demo.sqlite", complaints=60))
    head = next(i for i, line in enumerate(section) if line.startswith("  Sample SMS to a reporter ("))
    assert re.search(r"; \d+ parts?, gsm7, \d+ characters\):$", section[head])
    # The tracking number as the timeline writes it, the agency by its name (never an id such as pemprov-34).
    sms = re.fullmatch(
        r"    LAPOR! Laporan ([0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}) diteruskan ke ([^.]+)\. .*",
        section[head + 1],
    )
    assert sms is not None, section[head + 1]
    assert sms.group(2).startswith(("Pemerintah", "Kabupaten", "Kota", "Provinsi")), sms.group(2)
    mail = next(
        i for i, line in enumerate(section) if line.startswith("  Sample e-mail to an agency admin (")
    )
    assert "anonim report" in section[mail]
    assert section[mail + 1].startswith("    Subject: Laporan baru ")
    assert "Pelapor: Anonim." in section[mail + 2]


_AGENCY_MAIL = Message(
    id="m1", complaint_id="c-1", sequence=2, position=2, trigger="verify", template="arrived",
    audience="agency_admin", channel="email", recipient_id="admin:pemkab-34.04",
    address="admin@pemkab-34.04.go.id", language="id", tracking_id="ABCDEFGHJ",
    subject="Laporan baru ABCDEFGHJ", body="Pelapor: Anonim.", sms="",
)  # fmt: skip


def _message(**changes: Any) -> Message:
    return attrs.evolve(_AGENCY_MAIL, **changes)


_SITI = ReporterIdentity(
    id="r-1", name="Siti Aminah", nik="3404014506900001", phone="+6281234567890", email="siti@surel.example"
)


@pytest.mark.usefixtures("english")
def test_a_planted_leak_to_an_agency_is_found_in_any_form_and_reported_as_a_failure() -> None:
    hidden = {"c-1": _SITI}
    clean = _message()
    assert find_leaks([clean], hidden) == []
    planted = [
        _message(id="m2", body="Pelapor: Siti Aminah."),
        _message(id="m3", sms="Hubungi 081234567890"),  # the store's +62 number, as written locally
        _message(id="m4", subject="NIK 3404014506900001", audience="national_admin"),
        _message(id="m5", body="siti@surel.example", audience="unit"),
    ]
    kinds = [(leak.message_id, leak.kind) for leak in find_leaks([clean, *planted], hidden)]
    assert kinds == [("m2", "name"), ("m3", "phone"), ("m4", "NIK"), ("m5", "e-mail")]
    # The reporter may read their own data; another complaint's reporter is not this one's.
    assert find_leaks([_message(audience="reporter", body="Siti Aminah")], hidden) == []
    assert find_leaks([_message(complaint_id="c-2", body="Siti Aminah")], hidden) == []

    email = Tally()
    for message in (clean, *planted):
        email.send(message)
    delivered = Delivered(by_channel={"email": email, "sms": Tally()}, events=5, result=PassResult())
    lines = notifications(delivered, Tally(), {"c-1": _SITI}, {"c-1"}, runs=0)
    privacy = next(line for line in lines if "Privacy:" in line)
    assert "5 messages to agencies/officials: 4 carry" in privacy
    assert "FAILURE" in privacy
    leaks = [line for line in lines if "LEAK:" in line]
    assert len(leaks) == 4
    assert not any(v in "\n".join(lines) for v in ("Siti Aminah", "3404014506900001", "081234567890"))


def test_the_reminder_runner_runs_at_midnight_wib_on_working_days_only() -> None:
    renderer = MessageRenderer(directory=StaticDirectory())
    ticks = ReminderTicks(MemoryUnitOfWork(), renderer, policy=SlaPolicy(), calendar=indonesia_calendar())
    wib = ZoneInfo("Asia/Jakarta")
    assert ticks.due(datetime(2026, 3, 2, 0, 0, tzinfo=wib))  # Monday
    assert not ticks.due(datetime(2026, 3, 2, 1, 0, tzinfo=wib))
    assert not ticks.due(datetime(2026, 3, 1, 0, 0, tzinfo=wib))  # Sunday
    assert not ticks.due(datetime(2026, 3, 18, 0, 0, tzinfo=wib))  # cuti bersama Idul Fitri
    assert ticks.due(datetime(2026, 3, 1, 17, 0, tzinfo=ZoneInfo("UTC")))  # = Monday 00:00 WIB


def test_the_demo_stores_its_complaints_in_the_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    _run(db, complaints=25)
    with sqlite3.connect(db) as conn:
        (count,) = conn.execute("SELECT count(*) FROM sp4n_complaints").fetchone()
    assert count == 25


@pytest.mark.usefixtures("english")
def test_the_same_seed_gives_the_same_output_and_another_seed_another(tmp_path: Path) -> None:
    first = _run(tmp_path / "a.sqlite")
    again = _run(tmp_path / "a.sqlite")
    assert again == first  # the file is recreated, not appended to
    assert _section(again) == _section(first)
    other = _run(tmp_path / "b.sqlite", seed=12)
    assert other != first
    assert _section(other) != _section(first)


def test_the_demo_output_contains_no_unmasked_nik_phone_or_e_mail(tmp_path: Path) -> None:
    text = _run(tmp_path / "demo.sqlite", complaints=60)
    assert not re.search(r"\d{16}", text), "an unmasked NIK"
    assert not re.search(r"(\+62|\b0)8\d{7,}", text), "an unmasked phone number"
    assert "@" not in text
    assert "*" in text  # the timeline's reporter is shown, masked


@pytest.mark.usefixtures("english")
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
