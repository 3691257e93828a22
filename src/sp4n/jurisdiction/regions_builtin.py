"""The official Kemendagri region lists built into sp4n, loaded on first use.

Two lists ship with the package (their decrees are public facts; the compilation they were converted from is
``cahyadsn/wilayah``, MIT License, whose notice ships in the package's licence files):

* ``"2025"`` — Kepmendagri No. 300.2.2-2138 Tahun 2025: 38 provinces, 514 kabupaten/kota, 7,285 kecamatan,
  83,762 desa/kelurahan (91,599 regions). The default.
* ``"2022"`` — Kepmendagri No. 100.1.1-6117 Tahun 2022 (34 provinces, before the Papua split into 91–96), for
  migrating codes stored under it (:mod:`sp4n.jurisdiction.regions_migrate`).

Each list is Python data (a private module holding a base64 LZMA payload), so the pure core reads it without
touching files, and importing sp4n loads neither: :func:`builtin_regions` decodes a list the first time it is
asked for and keeps it. A host with a newer official list loads it (``sp4n.adapters.loaders.load_regions``)
and names it the default with :func:`use_regions`.

>>> regions = builtin_regions()
>>> regions.version, len(regions)
('2025', 91599)
>>> regions["3404012001"].name, [r.name for r in regions.chain("34.04.01.2001")][:2]
('Balecatur', ['Daerah Istimewa Yogyakarta', 'Kabupaten Sleman'])
>>> DECREES["2022"]
'Kepmendagri No. 100.1.1-6117 Tahun 2022'
"""

from __future__ import annotations

import base64
import lzma
from collections.abc import Iterable

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction.regions import RegionRegistry

__all__ = [
    "BUILTIN_VERSIONS",
    "DECREES",
    "DEFAULT_VERSION",
    "SOURCE",
    "builtin_regions",
    "decode_regions",
    "default_regions",
    "encode_regions",
    "use_regions",
]

#: The decree each built-in list was issued by.
DECREES = {
    "2025": "Kepmendagri No. 300.2.2-2138 Tahun 2025",
    "2022": "Kepmendagri No. 100.1.1-6117 Tahun 2022",
}
BUILTIN_VERSIONS = tuple(DECREES)
#: The list used when none is named: the newest decree.
DEFAULT_VERSION = "2025"
#: Where the compiled lists come from (MIT License, copyright 2017-2025 Cahya DSN).
SOURCE = "https://github.com/cahyadsn/wilayah (db/wilayah.sql, db/archive/wilayah_2022.sql)"

_BLOCK = 8192  # compressed bytes decompressed at a time (about 50 kB of text)
_loaded: dict[str, RegionRegistry] = {}
_default: list[RegionRegistry] = []  # a host's own default, set by use_regions


def encode_regions(rows: Iterable[tuple[str, str]]) -> str:
    """The payload of a built-in list: base64 of LZMA-compressed lines ``N``, N codes, N names.

    Codes are sorted by depth, then code (parents before children, each depth one sorted run); the names
    follow in the same order. Columns compress far better than rows (codes are nearly sequential) and decode
    with ``str.split`` instead of a CSV parser.

    >>> payload = encode_regions([("34.04", "Kabupaten Sleman"), ("34", "DIY")])
    >>> regions = decode_regions(payload, version="t")
    >>> list(regions), regions.name_of("34.04")
    (['34', '34.04'], 'Kabupaten Sleman')
    """
    ordered = sorted(rows, key=lambda row: (len(row[0]), row[0]))
    text = "\n".join([str(len(ordered)), *(c for c, _ in ordered), *(n for _, n in ordered)])
    packed = lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)
    return base64.b64encode(packed).decode("ascii")


def _lines(packed: bytes) -> list[str]:
    """The lines of an LZMA stream, decompressed a block at a time: no 2 MB temporaries, so the allocator
    keeps no large freed blocks around (they would count as resident memory of the loaded list)."""
    decompressor, lines, tail = lzma.LZMADecompressor(), [], b""
    for start in range(0, len(packed), _BLOCK):
        block = tail + decompressor.decompress(packed[start : start + _BLOCK])
        cut = block.rfind(b"\n")
        if cut >= 0:
            lines += block[:cut].decode("utf-8").split("\n")
        tail = block[cut + 1 :]
    lines.append(tail.decode("utf-8"))
    return lines


def decode_regions(payload: str, *, version: str) -> RegionRegistry:
    """The registry a payload of :func:`encode_regions` holds (rows were checked when it was built)."""
    lines = _lines(base64.b64decode(payload))
    count = int(lines[0])
    codes, names = lines[1 : count + 1], lines[count + 1 :]
    del lines
    # A quarter of the names repeat (Sukamaju, Sidomulyo, …): one str per distinct name saves ~1.5 MB.
    distinct: dict[str, str] = {}
    names = list(map(distinct.setdefault, names, names))
    return RegionRegistry(dict(zip(codes, names, strict=True)), version, ordered=codes)


def builtin_regions(version: str = DEFAULT_VERSION) -> RegionRegistry:
    """A built-in list (``"2025"`` or ``"2022"``), decoded on the first call and kept.

    >>> builtin_regions("2019")
    Traceback (most recent call last):
    ...
    sp4n.exceptions.RuleViolation: version: '2019' bukan daftar wilayah bawaan (2025, 2022)
    """
    regions = _loaded.get(version)
    if regions is not None:
        return regions
    if version == "2025":
        from sp4n.jurisdiction import _regions_2025 as data  # noqa: PLC0415 - loaded on first use only
    elif version == "2022":
        from sp4n.jurisdiction import _regions_2022 as data  # type: ignore[no-redef]  # noqa: PLC0415
    else:
        raise RuleViolation(
            "version",
            "{version!r} is not a built-in region list ({names})",
            version=version,
            names=", ".join(DECREES),
        )
    regions = _loaded[version] = decode_regions(data.PAYLOAD, version=version)
    return regions


def default_regions() -> RegionRegistry:
    """The list used when none is given: the host's (:func:`use_regions`), else the built-in 2025 list."""
    return _default[0] if _default else builtin_regions()


def use_regions(regions: RegionRegistry | None) -> None:
    """Name ``regions`` (a newer official list a host loaded) the default; ``None`` restores the built-in.

    >>> mine = builtin_regions()
    >>> use_regions(mine); default_regions() is mine
    True
    >>> use_regions(None)
    """
    _default[:] = [] if regions is None else [regions]
