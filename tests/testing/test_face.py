"""sp4n.testing's public face: one import for a host's suite, a fake tabled for every port, strategies in
one module, and a plain install (no pytest, no hypothesis) still able to import it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import sp4n.testing
from sp4n import ports

TESTING = Path(sp4n.testing.__file__).parent
#: Ports that need no fake of their own: a value, and the repositories a unit of work hands out.
#: Values and repositories reached through the unit of work, not ports a test swaps on its own.
NOT_FAKED = {"DeadLetter", "ComplaintRepository", "IdentityStore", "ComplaintSearch", "Listed"}


def _table(doc: str) -> dict[str, list[str]]:
    """The docstring's port → fake table: every ``Port`` of the first column → the fakes named beside it."""
    rows = [line for line in doc.splitlines() if line.startswith("``")]
    table: dict[str, list[str]] = {}
    for row in rows:
        port_cell, fake_cell = re.split(r"\s{2,}", row, maxsplit=1)
        fakes = re.findall(r":class:`(\w+)`", fake_cell)
        for port in re.findall(r"``(\w+)``", port_cell):
            table[port] = fakes
    return table


def test_the_face_tables_a_fake_for_every_port_and_exports_it() -> None:
    table = _table(sp4n.testing.__doc__ or "")
    assert set(table) == set(ports.__all__) - NOT_FAKED
    named = {fake for fakes in table.values() for fake in fakes}
    assert named <= set(sp4n.testing.__all__)


def test_every_public_name_resolves_once_and_callables_are_documented() -> None:
    assert len(sp4n.testing.__all__) == len(set(sp4n.testing.__all__))
    for name in sp4n.testing.__all__:
        value = getattr(sp4n.testing, name)
        if callable(value):
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"


def test_the_face_offers_the_strategies_and_every_contract_suite() -> None:
    from sp4n.testing import contracts, strategies

    assert set(strategies.__all__) <= set(sp4n.testing.__all__)
    assert set(contracts.__all__) <= set(sp4n.testing.__all__)


def _imports_hypothesis(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "hypothesis" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "hypothesis":
            return True
    return False


def test_hypothesis_strategies_live_in_one_module() -> None:
    users = {str(p.relative_to(TESTING)) for p in TESTING.rglob("*.py") if _imports_hypothesis(p)}
    # The unit-of-work contract runs property tests (given, settings); it draws from strategies.py.
    assert users == {"strategies.py", "contracts/unit_of_work.py"}


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_plain_install_imports_the_fakes_and_runs_the_demo_without_pytest_or_hypothesis() -> None:
    out = _run(
        "import sys\n"
        "sys.modules['hypothesis'] = sys.modules['pytest'] = None  # as if not installed\n"
        "import sp4n.demo, sp4n.testing\n"
        "print('ManualClock' in sp4n.testing.__all__, 'histories' in sp4n.testing.__all__)\n"
    )
    assert out.split() == ["True", "False"]


def test_the_pytest_plugin_loads_without_hypothesis() -> None:
    out = _run(
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "import sp4n.testing.pytest_plugin as plugin\n"
        "print(sorted(plugin.__all__))\n"
    )
    assert "sp4n_routing" in out
