"""The CLI contract: `sp4n sla deadline` and `sp4n calendar`, JSON keys, and exit status 2 on bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sp4n.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_deadline_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys,
        "sla",
        "deadline",
        "--from",
        "2025-03-27T10:00:00+07:00",
        "--working-days",
        "3",
        "--region",
        "34.04",
        "--json",
    )
    assert status == 0
    data = json.loads(out)
    assert data["due_date"] == "2025-04-10"
    assert data["deadline"] == "2025-04-11T00:00:00+07:00"
    assert data["timezone"] == "Asia/Jakarta"
    assert [d["date"] for d in data["skipped"]][:2] == ["2025-03-28", "2025-03-29"]
    assert data["skipped"][0]["kind"] == "cuti_bersama"
    assert data["skipped"][0]["name"] == "Cuti Bersama Hari Suci Nyepi"
    assert data["calendar_version"].startswith("holidays-")


@pytest.mark.parametrize(
    ("region", "zone", "due"),
    [
        ("34", "Asia/Jakarta", "2026-03-06"),
        ("3404", "Asia/Jakarta", "2026-03-06"),
        ("61.71", "Asia/Pontianak", "2026-03-06"),
        ("73.71.01.1001", "Asia/Makassar", "2026-03-09"),
        ("94", "Asia/Jayapura", "2026-03-09"),
    ],
)
def test_the_zone_follows_the_province_of_the_region(
    capsys: pytest.CaptureFixture[str], region: str, zone: str, due: str
) -> None:
    _, out, _ = _run(
        capsys,
        "sla",
        "deadline",
        "--from",
        "2026-03-03T16:30:00Z",
        "--working-days",
        "3",
        "--region",
        region,
        "--json",
    )
    data = json.loads(out)
    assert (data["timezone"], data["due_date"]) == (zone, due)


def test_calendar_days_are_supported(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(
        capsys,
        "sla",
        "deadline",
        "--from",
        "2026-03-17T09:00+07:00",
        "--calendar-days",
        "60",
        "--region",
        "31",
        "--json",
    )
    data = json.loads(out)
    assert (data["due_date"], data["unit"], data["skipped"]) == ("2026-05-16", "calendar_days", [])


def test_text_output_is_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys,
        "sla",
        "deadline",
        "--from",
        "2025-08-14T10:00+08:00",
        "--working-days",
        "3",
        "--region",
        "51",
        "--lang",
        "en",
    )
    assert status == 0
    assert "collective leave — Independence Day Joint Holiday" in out


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--from", "2026-03-03T10:00", "--working-days", "3", "--region", "34"], "timezone-aware"),
        (["--from", "tomorrow", "--working-days", "3", "--region", "34"], "ISO 8601"),
        (["--from", "2026-03-03T10:00+07:00", "--working-days", "3", "--region", "99"], "no province 99"),
        (
            ["--from", "2026-03-03T10:00+07:00", "--working-days", "3", "--region", "3x"],
            "not a Kemendagri code",
        ),
        (
            ["--from", "2045-03-03T10:00+07:00", "--working-days", "3", "--region", "34"],
            "outside the calendar",
        ),
        (
            ["--from", "2045-03-03T10:00+07:00", "--calendar-days", "60", "--region", "34"],
            "outside the calendar",
        ),
        (
            ["--from", "2026-03-03T10:00+07:00", "--working-days", "-1", "--region", "34"],
            "must not be negative",
        ),
        (
            ["--from", "2026-03-03T10:00+07:00", "--calendar-days", "-1", "--region", "34"],
            "must not be negative",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem(
    capsys: pytest.CaptureFixture[str], argv: list[str], problem: str
) -> None:
    status, out, err = _run(capsys, "--lang", "en", "sla", "deadline", *argv)
    assert status == 2
    assert out == ""
    assert problem in err
    assert err.count("\n") == 1


def test_argparse_errors_also_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["sla", "deadline", "--from", "2026-03-03T10:00+07:00", "--region", "34"])
    assert info.value.code == 2
    capsys.readouterr()


def test_calendar_lists_a_years_non_working_days_with_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "calendar", "2025", "--json")
    assert status == 0
    days = {d["date"]: d for d in json.loads(out)["days"]}
    assert days["2025-08-18"]["kind"] == "cuti_bersama"
    assert days["2025-03-31"]["kind"] == "libur_nasional"
    assert len(days) == 28
    status, text, _ = _run(capsys, "calendar", "2026")
    assert "2026-03-20 Jumat cuti bersama: Cuti Bersama Hari Raya Idul Fitri" in text
    status, text, _ = _run(capsys, "--lang", "en", "calendar", "2026")
    assert "2026-03-20 Friday collective leave: Eid al-Fitr Joint Holiday" in text


def test_calendar_refuses_an_unsupported_year(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "calendar", "1999")
    assert status == 2
    assert "1999" in err


def test_overrides_file_changes_the_calendar_and_its_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "overrides.json"
    path.write_text(
        json.dumps({"add": [{"date": "2026-03-05", "name": "Libur daerah", "source": "SE 1/2026"}]})
    )
    _, out, _ = _run(
        capsys,
        "sla",
        "deadline",
        "--from",
        "2026-03-03T10:00+07:00",
        "--working-days",
        "3",
        "--region",
        "34",
        "--overrides",
        str(path),
        "--json",
    )
    data = json.loads(out)
    assert data["due_date"] == "2026-03-09"
    assert "+overrides:" in data["calendar_version"]
    assert any(d["kind"] == "override" for d in data["skipped"])
    _, out, _ = _run(capsys, "calendar", "2026", "--overrides", str(path), "--json")
    assert any(d["date"] == "2026-03-05" and d["kind"] == "override" for d in json.loads(out)["days"])
    path.write_text("{not json")
    status, _, err = _run(capsys, "calendar", "2026", "--overrides", str(path))
    assert status == 2
    assert "overrides" in err


def test_regions_file_checks_the_full_code(
    capsys: pytest.CaptureFixture[str], reference_csv: Callable[[str], Path]
) -> None:
    regions = str(reference_csv("2025"))
    base = [
        "sla",
        "deadline",
        "--from",
        "2026-03-03T10:00+07:00",
        "--working-days",
        "3",
        "--regions",
        regions,
    ]
    status, out, _ = _run(capsys, *base, "--region", "34.04.01.2001", "--json")
    assert status == 0
    assert json.loads(out)["region"] == "34.04.01.2001"
    status, _, err = _run(capsys, *base, "--region", "34.04.01.2999")
    assert status == 2
    assert "34.04.01.2999" in err
