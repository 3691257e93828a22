"""A host's own suite, run by pytest as the host would: the contract suites through the public face, under the
host's hypothesis profile, and the plugin's fixtures (registered by the installed ``sp4n`` entry point, with
no conftest.py)."""

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


def test_a_host_suite_runs_every_contract_and_the_routing_fixtures_skip_without_files(tmp_path: Path) -> None:
    (tmp_path / "test_host.py").write_text(HOST_SUITE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"SP4N_REGIONS", "SP4N_POLICY", "PYTEST_ADDOPTS"}}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_host.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary.startswith("35 passed, 1 skipped"), summary
