"""Bad input never crashes the command line: every command (the demo and the long-running workers aside: they
have their own tests), driven with hypothesis-generated arguments and files (bad encodings, sizes, depths,
types, ranges), ends with exit 0, 1 or 2, never a traceback, and a bad input (2) says so in one line."""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"

#: Each command with its well-formed skeleton; FILE marks where a generated file goes.
COMMANDS: dict[str, list[str]] = {
    "sla deadline": ["sla", "deadline", "--from", "2026-03-13T17:26:00+08:00", "--working-days", "3",
                     "--region", "51.03"],
    "calendar": ["calendar", "2026"],
    "policy check": ["policy", "check", "FILE", "--regions", "FILE"],
    "policy diff": ["policy", "diff", "FILE", "FILE"],
    "policy explain": ["policy", "explain", "FILE", "--category", "pendidikan-dasar", "--region", "34.04"],
    "region": ["region", "34.04"],
}  # fmt: skip
OPTIONS: dict[str, list[str]] = {
    "sla deadline": ["--from", "--working-days", "--calendar-days", "--region", "--regions", "--overrides",
                     "--cutoff", "--lang", "--json"],
    "calendar": ["--overrides", "--json"],
    "policy check": ["--regions", "--json"],
    "policy diff": ["--regions"],
    "policy explain": ["--category", "--region", "--type", "--channel", "--declined", "--regions"],
    "region": ["--regions", "--json"],
}  # fmt: skip

HOSTILE = st.sampled_from(
    ["9999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+00:00", "2026-03-13T17:26:00", "0", "-5", "99999",
     "3650000", "9" * 400, "34", "34.99", "99", "34.04.01.2001", "nan", "inf", "1e309", "\x00", "", " ",
     "--json", "-", "FILE", "é" * 50, "\ud800"]
)  # fmt: skip
VALUES = st.one_of(HOSTILE, st.text(max_size=20), st.integers(-(10**30), 10**30).map(str))

NESTED = "[" * 50_000 + "]" * 50_000
CONTENTS = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"\xff\xfe" + "kode,nama\n34,DIY\n".encode("utf-16-le"),  # UTF-16
            "kode,nama\n34,YOGYAKARTA \xe9\n".encode("latin-1"),  # Latin-1
            b"kode,nama\n34," + b"A" * 140_000 + b"\n",  # a field over 128 KiB
            b"kode,nama\n34,DIY\n34.04,KAB. SLEMAN\n",
            NESTED.encode(),
            ('{"add": ' + NESTED + "}").encode(),
            b'{"add": [{"date": "2026-06-02", "name": 5, "source": "x"}]}',
            b'{"add": [{"date": "99999-06-02", "name": "x", "source": "x"}]}',
            b"!!set {a, b}\n",
            b"agencies: !!set {a, b}\n",
            b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
            b'categories = ["x"]\n[[rules]]\nid = 5\n',
            b'{"skb": [{"year": 99999999999999999999, "source": "x"}]}',
            b"1" * 5000,
            (EXAMPLES / "national-policy.toml").read_bytes(),
        ]
    ),
)
SUFFIXES = st.sampled_from([".json", ".toml", ".yaml", ".csv", ".txt"])


@st.composite
def invocations(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, bytes]]]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    argv = list(COMMANDS[name])
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["replace", "add", "drop"]))
        if action == "replace" and argv:
            argv[draw(st.integers(0, len(argv) - 1))] = draw(VALUES)
        elif action == "add":
            argv += [draw(st.sampled_from(OPTIONS[name])), draw(VALUES)]
        elif len(argv) > 1:
            del argv[draw(st.integers(1, len(argv) - 1))]
    files = [(draw(SUFFIXES), draw(CONTENTS)) for _ in range(argv.count("FILE"))]
    return argv, files


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO('{"add": [1e309]}')  # "-" reads standard input
    with contextlib.ExitStack() as stack:
        stack.callback(setattr, sys, "stdin", stdin)
        stack.enter_context(contextlib.redirect_stderr(err))
        stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        try:
            code = main(argv)
        except SystemExit as exited:  # argparse's own exits (bad arguments, --help)
            code = exited.code if isinstance(exited.code, int) else 2
    return code, err.getvalue()


@settings(max_examples=300)
@given(case=invocations())
def test_no_command_ever_ends_in_a_traceback_and_bad_input_is_one_line(
    case: tuple[list[str], list[tuple[str, bytes]]],
) -> None:
    argv, files = case
    with tempfile.TemporaryDirectory() as tmp:
        paths = iter(Path(tmp) / f"f{i}{suffix}" for i, (suffix, _) in enumerate(files))
        argv = [str(next(paths)) if a == "FILE" else a for a in argv]
        for i, (suffix, content) in enumerate(files):
            (Path(tmp) / f"f{i}{suffix}").write_bytes(content)
        code, err = _run(argv)  # any exception but SystemExit fails the test: a traceback
    assert code in (0, 1, 2)
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(
    ("argv", "content"),
    [
        (["sla", "deadline", "--from", "9999-12-31T23:00:00+00:00", "--working-days", "3", "--region",
          "34"], None),
        (["sla", "deadline", "--from", "2026-01-01T00:00:00+00:00", "--calendar-days", "3650000", "--region",
          "34"], None),
        (["calendar", "0"], None),
        (["calendar", "-5"], None),
        (["calendar", "99999"], None),
        (["calendar", "2026", "--overrides", "FILE.json"], ('{"add": ' + NESTED + "}").encode()),
        (["calendar", "2026", "--overrides", "FILE.json"],
         b'{"add": [{"date": "2026-06-02", "name": 5, "source": "x"}]}'),
        (["region", "34", "--regions", "FILE.csv"], "kode,nama\n34,YOGYAKARTA \xe9\n".encode("latin-1")),
        (["region", "34", "--regions", "FILE.csv"], "kode,nama\n34,DIY\n".encode("utf-16")),
        (["region", "34", "--regions", "FILE.csv"], b"kode,nama\n34," + b"A" * 140_000 + b"\n"),
        (["policy", "check", "FILE.json", "--regions", "x.csv"], NESTED.encode()),
        (["policy", "check", "FILE.yaml", "--regions", "x.csv"], b"agencies: !!set {a, b}\n"),
    ],
)  # fmt: skip
def test_the_reported_cases_exit_2_with_one_line(
    argv: list[str], content: bytes | None, tmp_path: Path
) -> None:
    (tmp_path / "x.csv").write_text("kode,nama\n34,DIY\n", encoding="utf-8")
    argv = [str(tmp_path / a) if a.startswith(("FILE", "x.csv")) else a for a in argv]
    if content is not None:
        next(Path(a) for a in argv if "FILE" in a).write_bytes(content)
    code, err = _run(argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert json.dumps(err)  # printable
