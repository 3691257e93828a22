"""The pure core stays pure: no clock, no ids, no I/O, no pydantic (docs: architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sp4n"
PURE_PACKAGES = ["lifecycle", "jurisdiction", "sla"]
PURE_MODULES = ["model.py", "events.py", "exceptions.py", "access.py", "views.py"]
ALLOWED_THIRD_PARTY = {"attrs", "statemachine", "holidays", "sp4n"}
FORBIDDEN_CALLS = {"now", "utcnow", "today", "uuid4", "uuid1", "time", "open"}
STDLIB_IO = {"sqlite3", "socket", "smtplib", "urllib", "http", "subprocess", "requests", "httpx", "pydantic"}


def _pure_files() -> list[Path]:
    files = [p for pkg in PURE_PACKAGES for p in (SRC / pkg).rglob("*.py")]
    files += [SRC / m for m in PURE_MODULES if (SRC / m).exists()]
    return sorted(files)


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_core_imports_nothing_that_does_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = _imports(tree)
    assert not imported & STDLIB_IO, f"{path.name} imports I/O or pydantic: {imported & STDLIB_IO}"
    import sys

    third_party = {m for m in imported if m not in sys.stdlib_module_names}
    assert third_party <= ALLOWED_THIRD_PARTY, f"{path.name} imports {third_party - ALLOWED_THIRD_PARTY}"


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_core_never_reads_the_clock_or_makes_ids(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    calls |= {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & FORBIDDEN_CALLS, f"{path.name} calls {calls & FORBIDDEN_CALLS}"
