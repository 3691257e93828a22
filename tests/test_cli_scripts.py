"""The command line in scripts: --version, --json everywhere a result is printed, - for stdin, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sp4n.cli import build_parser, commands, main
from sp4n.texts import use_language

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "docs" / "examples" / "national-policy.toml"
EXPLAIN = ["--category", "pendidikan-menengah", "--region", "34.04.01.2001"]


def _sp4n(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sp4n", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_version_prints_the_installed_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = _sp4n("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"sp4n {version}")


def test_help_lists_every_command_with_one_line_and_the_exit_codes() -> None:
    with use_language("en"):
        text = build_parser().format_help()
        leaves = list(commands(build_parser()))
    assert {name for name, _ in leaves} >= {
        "sp4n demo",
        "sp4n sla deadline",
        "sp4n policy diff",
        "sp4n region",
    }
    for name, help_line in leaves:
        assert help_line, f"{name} has no one-line help"
        assert any(line.split()[: len(name.split())] == name.split() for line in text.splitlines()), name
    assert "2 bad input" in text


def _leaf_parsers() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def walk(parser: object, prefix: str) -> None:
        import argparse

        assert isinstance(parser, argparse.ArgumentParser)
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[prefix] = [o for a in parser._actions for o in a.option_strings]
        for action in subs:
            for name, sub in action.choices.items():
                walk(sub, f"{prefix} {name}")

    walk(build_parser(), "sp4n")
    return found


def test_every_command_that_prints_a_result_takes_json() -> None:
    # The demo prints a report for people (its result is the SQLite file it writes), and serve answers HTTP
    # until stopped (its results are the JSON responses): the two exceptions.
    exempt = {"sp4n demo", "sp4n serve"}
    lacking = [
        name for name, options in _leaf_parsers().items() if "--json" not in options and name not in exempt
    ]
    assert not lacking


def test_policy_explain_json_names_the_agency_rule_and_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "explain", str(POLICY), *EXPLAIN, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["assigned"], out["agency_id"]) == (True, "pemprov-34")
    assert out["basis"]
    assert out["rule"]
    assert isinstance(out["others"], list)


def test_policy_diff_json_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = main(["policy", "diff", str(POLICY), str(POLICY), "--json"])
    assert (same, json.loads(capsys.readouterr().out)) == (0, {"changes": [], "count": 0})
    new = tmp_path / "new.toml"
    new.write_text(
        POLICY.read_text(encoding="utf-8").replace(
            'category = "pendidikan-menengah"\ntarget = { level = "provinsi" }',
            'category = "pendidikan-menengah"\ntarget = { level = "kabupaten_kota" }',
        ),
        encoding="utf-8",
    )
    assert main(["policy", "diff", str(POLICY), str(new), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1
    assert out["changes"][0]["category"] == "pendidikan-menengah"


def test_a_policy_piped_on_stdin_reads_like_the_file() -> None:
    from_file = _sp4n("policy", "explain", str(POLICY), *EXPLAIN, "--json")
    piped = _sp4n("policy", "explain", "-", *EXPLAIN, "--json", stdin=POLICY.read_text(encoding="utf-8"))
    assert (piped.returncode, piped.stdout) == (0, from_file.stdout)


def test_a_yaml_policy_on_stdin_is_read_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    doc = tomllib.loads(POLICY.read_text(encoding="utf-8"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(yaml.safe_dump(doc)))
    assert main(["policy", "explain", "-", *EXPLAIN]) == 0


def test_calendar_overrides_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = {"add": [{"date": "2026-07-01", "name": "Libur daerah", "source": "Pergub 1/2026"}]}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(overrides)))
    assert main(["calendar", "2026", "--overrides", "-", "--json"]) == 0
    assert "2026-07-01" in capsys.readouterr().out


def test_stdin_named_twice_is_bad_input_with_one_line() -> None:
    done = _sp4n("policy", "diff", "-", "-", stdin="")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "masukan standar" in done.stderr  # "standard input", in the default language
    in_english = _sp4n("--lang", "en", "policy", "diff", "-", "-", stdin="")
    assert (in_english.returncode, in_english.stderr.count("\n")) == (2, 1)
    assert "standard input" in in_english.stderr


def test_garbage_on_stdin_is_bad_input_with_one_line() -> None:
    regions = str(ROOT / "docs" / "examples" / "national-policy.toml")  # never read: the policy fails first
    done = _sp4n("policy", "check", "-", "--regions", regions, stdin="rules: [[[")
    assert done.returncode == 2
    assert done.stderr.startswith("sp4n policy: ")
    assert done.stderr.strip().count("\n") == 0
