"""Sub-commands of ``sp4n`` for this part of the library (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add this module's sub-commands to the ``sp4n`` parser."""
    _ = (subparsers, argparse)
