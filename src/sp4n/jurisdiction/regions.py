"""Versioned region datasets: parse the official code list, look codes up, diff two versions.

The official list is a CSV ``kode,nama`` (dots optional). :func:`parse_regions` takes its *lines* (the pure
core opens no files; :func:`sp4n.adapters.loaders.load_regions` reads a path), checks every row and
reports all bad rows at once. Each :class:`Region` carries the ``version`` of the dataset it came from,
because codes change when regions split (e.g. Papua into 91–96 after the 2022 list).

>>> regions = parse_regions(["kode,nama", "34,DI Yogyakarta", "34.04,Kabupaten Sleman"], version="2025")
>>> sleman = regions["3404"]
>>> sleman.name, sleman.level.value, sleman.parent, sleman.timezone, sleman.version
('Kabupaten Sleman', 'kabupaten', '34', 'Asia/Jakarta', '2025')
"""

from __future__ import annotations

import csv
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import overload

import attrs

from sp4n.exceptions import RegionListInvalid, RuleViolation, UnknownRegion
from sp4n.jurisdiction.codes import (
    DOTTED_CODE,
    Level,
    ancestors,
    as_dotted,
    depth_of,
    level_of,
    normalize_code,
    read_code,
)
from sp4n.jurisdiction.provinces import PROVINCES
from sp4n.jurisdiction.regions_search import NameIndex, fold
from sp4n.texts import Phrase

__all__ = [
    "BadRow",
    "Region",
    "RegionDiff",
    "RegionRegistry",
    "RegionRun",
    "diff_regions",
    "parse_regions",
]


@attrs.frozen(kw_only=True)
class Region:
    """One region of a dataset ``version``: dotted ``code``, official ``name`` and derived facts."""

    code: str
    name: str
    version: str

    @property
    def level(self) -> Level:
        """provinsi, kabupaten, kota, kecamatan, kelurahan, desa or desa adat (from the code's digits)."""
        return level_of(self.code)

    @property
    def parent(self) -> str | None:
        """The parent's code; ``None`` for a province."""
        chain = ancestors(self.code)
        return chain[-1] if chain else None

    @property
    def timezone(self) -> str:
        """The IANA zone, which follows the province (Keppres 41/1987)."""
        return PROVINCES[self.code[:2]].timezone


class RegionRun(Sequence[Region]):
    """Regions of one list in code order (a picker's options): :class:`Region` values are made on access,
    so asking for the children of a code costs two binary searches whatever their number."""

    __slots__ = ("_names", "codes", "version")

    def __init__(self, codes: Sequence[str], names: Mapping[str, str], version: str) -> None:
        self.codes = codes
        self._names = names
        self.version = version

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> Region: ...
    @overload
    def __getitem__(self, index: slice) -> RegionRun: ...
    def __getitem__(self, index: int | slice) -> Region | RegionRun:
        if isinstance(index, slice):
            return RegionRun(self.codes[index], self._names, self.version)
        code = self.codes[index]
        return Region(code=code, name=self._names[code], version=self.version)

    def __iter__(self) -> Iterator[Region]:
        names, version = self._names, self.version
        return (Region(code=c, name=names[c], version=version) for c in self.codes)

    def __repr__(self) -> str:
        return f"RegionRun({list(self.codes)!r}, version={self.version!r})"

    def pairs(self) -> list[tuple[str, str]]:
        """``(code, name)`` of each region: what a picker's options need, without making ``Region`` values."""
        names = self._names
        return [(c, names[c]) for c in self.codes]


@attrs.frozen(kw_only=True)
class BadRow:
    """A row the loader refused: 1-based ``line`` in the source, the raw ``code`` and the ``problem``."""

    line: int
    code: str
    problem: str


class RegionRegistry:
    """The regions of one dataset version, by dotted code (read-only once built).

    Lookups accept codes with or without dots. Only names are stored; :class:`Region` values are made on
    demand, which keeps the full national list (91,599 rows) small and fast to load. ``ordered`` (optional)
    is every code sorted by depth, then code, as the built-in lists store them; it is derived when absent.

    Examples:
        >>> regions = parse_regions(["34,DIY", "34.04,Kabupaten Sleman", "34.04.01,Gamping",
        ...                          "34.04.02,Godean", "34.71,Kota Yogyakarta"], version="t")
        >>> [r.name for r in regions.children("34.04")]
        ['Gamping', 'Godean']
        >>> [r.code for r in regions.children("")]
        ['34']
        >>> [r.name for r in regions.chain("340401")]
        ['DIY', 'Kabupaten Sleman', 'Gamping']
    """

    __slots__ = ("_by_depth", "_names", "_search", "_sorted", "_villages", "version")

    def __init__(self, names: dict[str, str], version: str, *, ordered: Sequence[str] | None = None) -> None:
        self._names = names
        self.version = version
        self._villages: Counter[str] | None = None
        self._by_depth: dict[int, tuple[str, ...]] | None = None
        self._sorted: dict[int, Sequence[str]] | None = None if ordered is None else _split_depths(ordered)
        self._search: NameIndex | None = None  # built on the first search

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._names

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __getitem__(self, code: str) -> Region:
        dotted = normalize_code(code)
        try:
            return Region(code=dotted, name=self._names[dotted], version=self.version)
        except KeyError:
            raise KeyError(f"region {dotted} is not in dataset {self.version}") from None

    def get(self, code: str) -> Region | None:
        """The region, or ``None`` when the code is unknown or malformed (dots optional)."""
        name = self._names.get(code)
        if name is None:
            dotted = as_dotted(code)
            if dotted is None or (name := self._names.get(dotted)) is None:
                return None
            code = dotted
        return Region(code=code, name=name, version=self.version)

    def name_of(self, code: str) -> str | None:
        """The official name of a dotted code, ``None`` when unknown."""
        return self._names.get(code)

    def validate(self, code: str, field: str = "region_code") -> str:
        """The dotted code when it is a region of this version, else :class:`~sp4n.exceptions.UnknownRegion`.

        >>> regions = parse_regions(["34,DIY"], version="2025")
        >>> regions.validate("34")
        '34'
        >>> regions.validate("35")
        Traceback (most recent call last):
        ...
        sp4n.exceptions.UnknownRegion: region_code: '35' bukan wilayah dalam daftar 2025
        """
        dotted = normalize_code(code, field)
        if dotted not in self._names:
            raise UnknownRegion(field, dotted, self.version)
        return dotted

    def chain(self, code: str) -> tuple[Region, ...]:
        """The region and its ancestors, from the province down (unknown codes raise ``UnknownRegion``)."""
        dotted = self.validate(code, "code")
        return tuple(self._region(c) for c in (*ancestors(dotted), dotted) if c in self._names)

    def children(self, code: str = "") -> RegionRun:
        """The regions one level below ``code`` in code order; ``""`` gives the provinces (for pickers)."""
        dotted = code if code in self._names else self.validate(code, "code") if code else ""
        depth = len(dotted.split(".")) if dotted else 0
        codes = self._depth_sorted(depth + 1) if depth < 4 else ()
        if dotted and codes:
            # Dotted codes sort parent-first and "/" follows "." in ASCII: the children are one slice.
            codes = codes[bisect_left(codes, dotted + ".") : bisect_left(codes, dotted + "/")]
        return RegionRun(codes, self._names, self.version)

    def search(
        self, text: str, *, limit: int = 10, within: str = "", level: Level | None = None
    ) -> tuple[Region, ...]:
        """Regions whose name contains ``text`` (any case, no diacritics), best first, at most ``limit``.

        Whole names rank first, then prefixes, word prefixes and other parts; higher levels first.
        ``within`` (a code) and ``level`` narrow the search, e.g. to a picker's province.

        >>> regions = parse_regions(["34,DIY", "34.04,Kabupaten Sleman", "34.04.01,Gamping",
        ...                          "34.04.01.2001,Balecatur"], version="t")
        >>> [r.name for r in regions.search("bâlecatur")], regions.search("godean", within="34.04")
        (['Balecatur'], ())
        """
        if not fold(text):
            raise RuleViolation("text", "{text!r}: must contain a letter or a digit", text=text)
        if self._search is None:
            codes = [c for depth in (1, 2, 3, 4) for c in self._depth_sorted(depth)]
            self._search = NameIndex(codes, [self._names[c] for c in codes])
        area = self.validate(within, "within") if within else ""
        keep = None if level is None else (lambda code: level_of(code) is level)
        found = self._search.search(text, limit=limit, within=area, keep=keep)
        return tuple(self._region(self._search.codes[i]) for i in found)

    def _region(self, code: str) -> Region:
        return Region(code=code, name=self._names[code], version=self.version)

    def _depth_sorted(self, depth: int) -> Sequence[str]:
        if self._sorted is None:
            self._sorted = _split_depths(sorted(self._names, key=lambda c: (len(c), c)))
        return self._sorted[depth]

    def at_depth(self, depth: int) -> tuple[str, ...]:
        """Every code at one depth (1 provinsi … 4 village), in dataset order (computed once)."""
        if self._by_depth is None:
            groups: dict[int, list[str]] = {1: [], 2: [], 3: [], 4: []}
            for code in self._names:
                groups[depth_of(code)].append(code)
            self._by_depth = {d: tuple(codes) for d, codes in groups.items()}
        return self._by_depth[depth]

    def village_count(self, area: str) -> int:
        """How many villages lie in ``area`` (a dotted code; ``""`` is the whole country)."""
        if self._villages is None:
            counts: Counter[str] = Counter()
            for code in self._names:
                if len(code) == 13:
                    counts.update(("", code[:2], code[:5], code[:8], code))
            self._villages = counts
        return self._villages[area]


def _split_depths(ordered: Sequence[str]) -> dict[int, Sequence[str]]:
    """Codes sorted by (length, code) cut into one sorted run per depth (no copy when it is a list)."""
    cuts = [bisect_left(ordered, n, key=len) for n in (2, 5, 8, 13)] + [len(ordered)]
    return {d: ordered[cuts[d - 1] : cuts[d]] for d in (1, 2, 3, 4)}


def _is_header(number: int, row: list[str]) -> bool:
    return number == 1 and bool(row) and row[0].strip().lower() == "kode"


def _check_row(row: list[str], names: dict[str, str]) -> tuple[str, str] | str:
    """``(code, name)`` for a good row, else the problem (parents come before children in the list)."""
    if len(row) != 2 or not row[1].strip():
        return "must have exactly two columns, kode and a non-empty nama"
    code, problem = read_code(row[0].strip())
    if code is None:
        return problem or ""
    if code in names:
        return "appears twice"
    if len(code) == 2 and code not in PROVINCES:
        return "is not one of the 38 provinces"
    if len(code) > 2 and code[: code.rindex(".")] not in names:
        return Phrase("has no parent {parent} earlier in the list", parent=code[: code.rindex(".")])
    return code, row[1].strip()


def parse_regions(lines: Iterable[str], *, version: str, source: str = "<regions>") -> RegionRegistry:
    """Build a registry from CSV lines ``kode,nama``, validating every row.

    Raises :class:`~sp4n.exceptions.RegionListInvalid` naming ``source`` and listing every bad row with its
    line number.

    >>> parse_regions(["kode,nama", "34,DIY", "34.70,X", "99.01,Y"], version="t", source="x.csv")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.RegionListInvalid: x.csv: 2 baris salah: baris 3: '34.70' angka kabupaten/kota ...
    """
    names: dict[str, str] = {}
    problems: list[BadRow] = []
    good = DOTTED_CODE.fullmatch  # the common case: a dotted code obeying every rule, checked in one step
    for number, row in enumerate(csv.reader(lines), start=1):
        if len(row) == 2 and good(row[0]) and row[1].strip() and row[0] not in names:
            code = row[0]
            parent = code[: code.rindex(".")] if len(code) > 2 else None
            if parent in names or (parent is None and code in PROVINCES):
                names[code] = row[1].strip()
                continue
        if not row or _is_header(number, row):
            continue
        checked = _check_row(row, names)
        if isinstance(checked, str):
            problems.append(BadRow(line=number, code=row[0] if row else "", problem=checked))
        else:
            names[checked[0]] = checked[1]
    if problems:
        raise RegionListInvalid(source, problems)
    return RegionRegistry(names, version)


@attrs.frozen(kw_only=True)
class RegionDiff:
    """What changed between two dataset versions (codes sorted)."""

    old_version: str
    new_version: str
    added: tuple[Region, ...]
    removed: tuple[Region, ...]
    renamed: tuple[tuple[Region, Region], ...]


def _comparable(name: str) -> str:
    # The 2022 list spells "KAB. X" in capitals where 2025 writes "Kabupaten X": not a rename.
    words = name.casefold().replace("kab.", "kabupaten ").split()
    return " ".join(words)


def diff_regions(old: RegionRegistry, new: RegionRegistry) -> RegionDiff:
    """Codes added, removed and renamed from ``old`` to ``new`` (case and "KAB." spelling are ignored).

    >>> a = parse_regions(["91,Papua", "91.01,Merauke"], version="2022")
    >>> b = parse_regions(["91,PAPUA", "93,Papua Selatan", "93.01,Merauke"], version="2025")
    >>> d = diff_regions(a, b)
    >>> [r.code for r in d.added], [r.code for r in d.removed], d.renamed
    (['93', '93.01'], ['91.01'], ())
    """
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    renamed = [
        (old[code], new[code])
        for code in sorted(set(old) & set(new))
        if _comparable(old.name_of(code) or "") != _comparable(new.name_of(code) or "")
    ]
    return RegionDiff(
        old_version=old.version,
        new_version=new.version,
        added=tuple(new[c] for c in added),
        removed=tuple(old[c] for c in removed),
        renamed=tuple(renamed),
    )
