"""Shared helpers for benchmark scripts: timing with medians and the JSON last line."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any


def parse_args(description: str) -> argparse.Namespace:
    """Every benchmark takes ``--smoke`` (tiny sizes, for CI) and ``--repeat``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: prove the script runs")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions; the median is reported")
    return parser.parse_args()


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def emit(result: dict[str, Any]) -> None:
    """Print the result as one JSON object on the last line."""
    print(json.dumps(result, sort_keys=True))
