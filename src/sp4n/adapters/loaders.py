"""Read routing data from files: region code lists (CSV) and routing policies (TOML, YAML or JSON).

This is the untrusted-input edge for :mod:`sp4n.jurisdiction`: pydantic checks the shape of a policy here,
then the pure domain values are built. Every error names the file, the rule and the field, and all of a
file's errors are reported together.

>>> doc = {"name": "demo", "rules": [{"id": "sd", "category": "pendidikan-dasar",
...        "target": {"level": "kabupaten_kota"}}, {"id": "x", "category": "c", "target": {"level": "desa"}}]}
>>> policy_from_dict(doc, source="demo.toml")
Traceback (most recent call last):
...
sp4n.exceptions.PolicyInvalid: demo.toml: aturan 'x' kolom target.level: harus 'provinsi' or 'kabupaten_kota'
"""

from __future__ import annotations

import csv
import errno
import json
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import attrs
import pydantic
import yaml

from sp4n.exceptions import ConfigurationError, PolicyInvalid, RuleViolation, Sp4nError
from sp4n.jurisdiction.agencies import Agency, AgencyKind, Contact, ContactChannel, Unit, UnitTier
from sp4n.jurisdiction.policy import Policy, Rule, Target
from sp4n.jurisdiction.provinces import WIB
from sp4n.jurisdiction.regions import RegionRegistry, parse_regions
from sp4n.lifecycle.model import Channel, ComplaintType
from sp4n.texts.rules import pydantic_rule

__all__ = [
    "PolicyProblem",
    "file_problem",
    "load_policy",
    "load_regions",
    "policy_from_dict",
    "policy_from_text",
]

#: Why a file cannot be read, in the catalogue's words (the system's own text is English only).
_FILE_PROBLEMS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a folder in the path is a file",
    errno.ENAMETOOLONG: "the name is too long",
}


def file_problem(err: BaseException) -> str:
    """What went wrong reading a file, as a rule the catalogue translates (else the error's type).

    >>> file_problem(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    'no such file'
    """
    if isinstance(err, OSError) and err.errno in _FILE_PROBLEMS:
        return _FILE_PROBLEMS[err.errno]
    return type(err).__name__


class _In(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class _TargetIn(_In):
    agency: str | None = None
    level: Literal["provinsi", "kabupaten_kota"] | None = None


class _RuleIn(_In):
    id: str = pydantic.Field(min_length=1)
    category: str = pydantic.Field(min_length=1)
    target: _TargetIn
    region: str | None = None
    types: list[ComplaintType] = []
    channels: list[Channel] = []
    after_decline_of: list[str] = []
    after_decline_match: Literal["all", "any"] = "all"
    priority: int = 0
    basis: str = ""


class _UnitIn(_In):
    id: str
    name: str
    tier: UnitTier = UnitTier.unit_kerja
    parent_id: str | None = None


class _ContactIn(_In):
    channel: ContactChannel
    value: str


class _AgencyIn(_In):
    id: str = pydantic.Field(min_length=1)
    name: str = pydantic.Field(min_length=1)
    kind: AgencyKind
    timezone: str = WIB
    parent_id: str | None = None
    units: list[_UnitIn] = []
    contacts: list[_ContactIn] = []


class _PolicyIn(_In):
    name: str = pydantic.Field(min_length=1)
    version: str = ""
    note: str = ""
    categories: list[str] = []
    agencies: list[_AgencyIn] = []
    rules: list[_RuleIn]


@attrs.frozen(kw_only=True)
class PolicyProblem:
    """One thing wrong in a policy file: the ``rule`` (or agency / top-level key), the ``field`` and why.

    :class:`~sp4n.exceptions.PolicyInvalid` carries every problem of a file.
    """

    rule: str
    field: str
    message: str


def _owner(doc: dict[str, Any], loc: tuple[int | str, ...]) -> tuple[str, str]:
    """``(rule or agency name, field path)`` for a pydantic error location like ``("rules", 3, "target")``."""
    if len(loc) >= 2 and loc[0] in ("rules", "agencies") and isinstance(loc[1], int):
        items = doc.get(str(loc[0])) or []
        # A YAML !!set or a mapping where a list belongs has no positions: name the entry by index only.
        item = items[loc[1]] if isinstance(items, list) and 0 <= loc[1] < len(items) else {}
        label = item.get("id") if isinstance(item, dict) else None
        owner = str(label) if label else f"{loc[0]}[{loc[1]}]"
        return owner, ".".join(str(p) for p in loc[2:]) or "(whole entry)"
    return "(policy)", ".".join(str(p) for p in loc) or "(document)"


def _problem(doc: dict[str, Any], loc: tuple[int | str, ...], message: str) -> PolicyProblem:
    owner, field = _owner(doc, loc)
    return PolicyProblem(rule=owner, field=field, message=message)


def _domain(checked: _PolicyIn) -> tuple[list[Rule], list[Agency], list[PolicyProblem]]:
    rules: list[Rule] = []
    agencies: list[Agency] = []
    problems: list[PolicyProblem] = []
    for raw in checked.rules:
        try:
            rules.append(Rule(**{**raw.model_dump(), "target": Target(**raw.target.model_dump())}))
        except RuleViolation as err:
            problems.append(PolicyProblem(rule=raw.id, field=err.field, message=err.rule))
    for raw_agency in checked.agencies:
        try:
            fields = raw_agency.model_dump(exclude={"units", "contacts"})
            units = [Unit(**u.model_dump()) for u in raw_agency.units]
            contacts = [Contact(**c.model_dump()) for c in raw_agency.contacts]
            agencies.append(Agency(**fields, units=units, contacts=contacts))
        except RuleViolation as err:
            problems.append(PolicyProblem(rule=raw_agency.id, field=err.field, message=err.rule))
    return rules, agencies, problems


def policy_from_dict(doc: dict[str, Any], *, source: str) -> Policy:
    """Validate a parsed policy document and build the :class:`~sp4n.jurisdiction.policy.Policy`."""
    try:
        checked = _PolicyIn.model_validate(doc)
    except pydantic.ValidationError as err:
        problems = [
            _problem(doc, tuple(e["loc"]), pydantic_rule(e["msg"], e.get("ctx"))) for e in err.errors()
        ]
        raise PolicyInvalid(source, problems) from err
    rules, agencies, problems = _domain(checked)
    if problems:
        raise PolicyInvalid(source, problems)
    try:
        return Policy(
            name=checked.name,
            version=checked.version,
            rules=rules,
            declared_categories=checked.categories,
            agencies=agencies,
        )
    except RuleViolation as err:
        raise PolicyInvalid(
            source, [PolicyProblem(rule="(policy)", field=err.field, message=err.rule)]
        ) from err


#: Larger files are refused before they are read (the full official region list is about 3 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024

_READERS: dict[str, Any] = {
    ".toml": tomllib.loads,
    ".yaml": yaml.safe_load,
    ".yml": yaml.safe_load,
    ".json": json.loads,
}


def _parse(path: Path) -> Any:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ConfigurationError(str(path), "a policy file must end in .toml, .yaml, .yml or .json")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ConfigurationError(
                str(path),
                "a policy file may not exceed {limit} bytes",
                limit=MAX_FILE_BYTES,
            )
        return reader(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigurationError(
            str(path), "cannot read the policy: {problem}", problem=file_problem(err)
        ) from None
    except (ValueError, RecursionError, yaml.YAMLError) as err:
        # ValueError covers undecodable bytes (not UTF-8) and bad JSON/TOML; RecursionError a nesting attack.
        # The parser's own words (which line, which character) stay as it wrote them.
        raise ConfigurationError(
            str(path), "cannot read the policy: {kind}: {error}", kind=type(err).__name__, error=err
        ) from None


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file (TOML, YAML or JSON by its suffix)."""
    path = Path(path)
    return _policy_of(_parse(path), str(path))


def _policy_of(doc: Any, source: str) -> Policy:
    if not isinstance(doc, dict):
        raise ConfigurationError(source, "the policy must be a table/mapping at the top level")
    return policy_from_dict(doc, source=source)


def policy_from_text(text: str, *, source: str) -> Policy:
    """Validate a policy given as text whose format is not known (a pipe): TOML, else YAML (JSON is YAML).

    >>> policy_from_text('{"name": "p", "rules": []}', source="<stdin>").name
    'p'
    """
    try:
        return _policy_of(tomllib.loads(text), source)
    except tomllib.TOMLDecodeError:
        pass  # not TOML: YAML also reads JSON
    try:
        return _policy_of(yaml.safe_load(text), source)
    except yaml.YAMLError as err:
        raise ConfigurationError(source, "cannot read the policy: neither TOML, YAML nor JSON") from err


def load_regions(path_or_lines: str | Path | Iterable[str], *, version: str) -> RegionRegistry:
    """Load an official code list (CSV ``kode,nama``) from a path or from lines, validating every row."""
    if isinstance(path_or_lines, (str, Path)):
        path = Path(path_or_lines)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ConfigurationError(
                    str(path),
                    "a region list may not exceed {limit} bytes",
                    limit=MAX_FILE_BYTES,
                )
            with path.open(encoding="utf-8", newline="") as handle:
                return parse_regions(handle, version=version, source=str(path))
        except Sp4nError:
            raise  # bad rows, named line by line
        except (OSError, ValueError, csv.Error) as err:  # ValueError: undecodable bytes, a NUL in the name
            # The official lists are UTF-8 CSV; Latin-1 or UTF-16 bytes, or a field over the csv module's
            # 128 KiB limit, are a bad file, said in one line.
            problem = file_problem(err) if isinstance(err, OSError) else f"{type(err).__name__}: {err}"
            raise ConfigurationError(
                str(path), "cannot read the region list: {problem}", problem=problem
            ) from None
    return parse_regions(path_or_lines, version=version, source="<lines>")
