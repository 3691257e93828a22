"""Shared test configuration: hypothesis profiles sized for CI and for thorough local runs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sp4n.testing.servers import require_file
from sp4n.texts import use_language

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
# For .ci/mutation: one test run per mutant, so fewer examples, and the same ones every run (a mutant's
# verdict does not depend on the seed). A survivor is re-checked with the "ci" profile before it is called
# equivalent.
settings.register_profile(
    "mutation", max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def _reference_data() -> Path:
    """The independent copy of the official region lists: ../shared/data beside the checkout or its parent
    (a worktree sits one folder deeper). Tests compare the built-in lists against it."""
    root = Path(__file__).resolve().parents[1]
    candidates = [root.parent / "shared" / "data", root.parent.parent / "shared" / "data"]
    return next((p for p in candidates if p.is_dir()), candidates[0])


#: Where the reference CSVs ``wilayah-2025.csv`` and ``wilayah-2022.csv`` live.
REFERENCE_DATA = _reference_data()


@pytest.fixture(scope="session")
def reference_csv() -> Callable[[str], Path]:
    """The path of the reference CSV of one year (skips outside CI when the copy is absent)."""

    def path(year: str) -> Path:
        return require_file(
            REFERENCE_DATA / f"wilayah-{year}.csv", "the reference region list (../shared/data)"
        )

    return path


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The switch on English, for the program and for the command line (``SP4N_LANG``): for tests that read
    a message's or an output's English wording (what they check is the rule or the result, not the language;
    tests/texts checks the languages)."""
    monkeypatch.setenv("SP4N_LANG", "en")
    with use_language("en"):
        yield
