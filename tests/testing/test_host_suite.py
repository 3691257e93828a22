"""A host's own suite, run by pytest as the host would: the contract suites through the public face, under the
host's hypothesis profile, and the plugin's fixtures (enabled by the host's conftest.py: the plugin is opt-in,
so a pytest session that does not ask for it loads no sp4n at all)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HOST_SUITE = """
import pytest
from hypothesis import settings

from sp4n.testing import (
    MemoryOutboxStore,
    MemorySentReminders,
    MemoryUnitOfWork,
    OutboxStoreContract,
    SentRemindersContract,
    UnitOfWorkContract,
)

settings.register_profile("host", max_examples=5, deadline=None)
settings.load_profile("host")


class TestHostUnitOfWork(UnitOfWorkContract):
    @pytest.fixture
    def uow(self):
        return MemoryUnitOfWork()


class TestHostOutbox(OutboxStoreContract):
    @pytest.fixture
    def new_store(self):
        shared = MemoryOutboxStore()
        return lambda: shared


class TestHostReminderKeys(SentRemindersContract):
    @pytest.fixture
    def new_store(self):
        shared = MemorySentReminders()
        return lambda: shared


def test_routing_promises(sp4n_routing):
    assert sp4n_routing.gaps() == []


def test_the_region_fixture_is_the_built_in_list_without_any_variable(sp4n_regions):
    assert (sp4n_regions.version, sp4n_regions["34.04.01.2001"].name) == ("2025", "Balecatur")


class CountingUnitOfWork(MemoryUnitOfWork):
    entered = 0

    def __enter__(self):
        CountingUnitOfWork.entered += 1
        return super().__enter__()


def test_the_property_tests_draw_as_many_examples_as_the_host_profile_says():
    # Two units of work per example: 5 examples, not the 100 of hypothesis's own default profile.
    UnitOfWorkContract().test_any_identity_round_trips(CountingUnitOfWork())
    assert 0 < CountingUnitOfWork.entered <= 2 * 5
"""


CONFTEST = 'pytest_plugins = ["sp4n.testing.pytest_plugin"]\n'


def _host_run(folder: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    drop = {"SP4N_REGIONS", "SP4N_POLICY", "PYTEST_ADDOPTS", "CI"}
    env = {k: v for k, v in os.environ.items() if k not in drop} | env_extra
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "."],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_host_suite_runs_every_contract_and_skips_only_the_policy_fixtures(
    tmp_path: Path,
) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_host.py").write_text(HOST_SUITE, encoding="utf-8")
    done = _host_run(tmp_path)
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary.startswith("37 passed, 1 skipped"), summary


def test_under_ci_a_routing_fixture_without_its_file_fails_instead_of_skipping(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_host.py").write_text(
        "def test_routing_promises(sp4n_routing):\n    assert sp4n_routing.gaps() == []\n", encoding="utf-8"
    )
    done = _host_run(tmp_path, CI="true")
    assert done.returncode == 1, done.stdout
    assert "SP4N_POLICY" in done.stdout
    assert "CI=true" in done.stdout


def test_a_session_that_does_not_enable_the_plugin_loads_no_sp4n(tmp_path: Path) -> None:
    # The plugin is opt-in: an environment with sp4n installed pays nothing in its other pytest runs.
    (tmp_path / "test_other.py").write_text(
        "import sys\n\ndef test_nothing_of_sp4n_was_imported():\n"
        "    assert not [m for m in sys.modules if m == 'sp4n' or m.startswith('sp4n.')]\n",
        encoding="utf-8",
    )
    done = _host_run(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_strategies_without_hypothesis_name_the_extra_to_install() -> None:
    code = "import sys\nsys.modules['hypothesis'] = None\nimport sp4n.testing.strategies\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "pip install 'sp4n[test]'" in done.stderr.strip().splitlines()[-1]
