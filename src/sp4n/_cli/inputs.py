"""Files named on the command line, where ``-`` means standard input (so a script can pipe one in).

At most one argument of a command may be ``-``: standard input can be read once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from sp4n.adapters.loaders import file_problem, load_policy, load_regions, policy_from_text
from sp4n.exceptions import ConfigurationError, RuleViolation
from sp4n.jurisdiction.policy import Policy
from sp4n.jurisdiction.regions import RegionRegistry

__all__ = ["STDIN", "check_one_stdin", "policy", "read_text", "regions"]

#: Largest file read from the command line (the full official region list is about 3 MB).
MAX_BYTES = 64 * 1024 * 1024

#: The file name that means standard input.
STDIN = "-"
_SOURCE = "<stdin>"


def check_one_stdin(values: Iterable[object]) -> None:
    """Refuse a command line that names standard input twice."""
    if sum(1 for v in values if v == STDIN or (isinstance(v, list) and STDIN in v)) > 1:
        raise RuleViolation("-", "standard input can be read once: name at most one file as -")


def read_text(name: str | Path, what: str) -> tuple[str, str]:
    """The text of file ``name`` (standard input for ``-``) and the name to quote in messages."""
    if str(name) == STDIN:
        text = sys.stdin.read(MAX_BYTES + 1)
        if len(text) > MAX_BYTES:
            raise ConfigurationError(
                _SOURCE, "the {what} may not exceed {limit} bytes", what=what, limit=MAX_BYTES
            )
        return text, _SOURCE
    shown = str(name).encode("utf-8", "backslashreplace").decode()  # printable even with a lone surrogate
    try:
        if Path(name).stat().st_size > MAX_BYTES:
            raise ConfigurationError(
                shown, "the {what} may not exceed {limit} bytes", what=what, limit=MAX_BYTES
            )
        return Path(name).read_text(encoding="utf-8"), str(name)
    except OSError as err:
        raise ConfigurationError(
            shown, "cannot read the {what}: {problem}", what=what, problem=file_problem(err)
        ) from err
    except UnicodeDecodeError:  # Latin-1, UTF-16...: every input file is UTF-8
        raise ConfigurationError(shown, "cannot read the {what}: not UTF-8 text", what=what) from None
    except ValueError:  # a NUL or a lone surrogate in the name: no file has it
        raise ConfigurationError(shown, "cannot read the {what}: not a usable file name", what=what) from None


def policy(name: str) -> Policy:
    """A routing policy from a file (format by suffix) or from standard input (TOML, YAML or JSON)."""
    if name == STDIN:
        return policy_from_text(sys.stdin.read(), source=_SOURCE)
    return load_policy(name)


def regions(name: str) -> RegionRegistry:
    """An official code list (CSV ``kode,nama``); the dataset version is the year in the file's name."""
    if name == STDIN:
        return load_regions(sys.stdin.read().splitlines(), version="stdin")
    year = re.search(r"\d{4}", Path(name).stem)
    return load_regions(name, version=year.group(0) if year else Path(name).stem)
