"""Search region names the way people type them: any case, without diacritics, a prefix or a part.

All names are folded once into one text, a name per line, and searched with ``str.find`` (C speed over the
91,599 names of the 2025 list), so a query costs a scan plus the work on its hits. Folding lowers the case,
drops diacritics and apostrophes (``Regapu’u`` → ``regapuu``), turns every other run of punctuation into
one space, and reads the 2022 list's ``KAB.`` as ``kabupaten``.

Hits are ranked: the whole name (or the name after ``Kabupaten``/``Kota``/``Provinsi``) first, then names
starting with the query, then a word starting with it, then any other part; higher levels before lower, then
shorter names, then code order.

>>> codes = ["34.04", "34.71", "34.04.01.2001"]
>>> index = NameIndex(codes, ["Kabupaten Sleman", "Kota Yogyakarta", "Balecatur"])
>>> [index.codes[i] for i in index.search("kota yogya")], [index.codes[i] for i in index.search("SLEMAN")]
(['34.71'], ['34.04'])
>>> fold("Regapu’u  Ndao-Ndao")
'regapuu ndao ndao'
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence

__all__ = ["NameIndex", "fold"]

_APOSTROPHES = re.compile(r"['’`ʼ]")
_NOT_WORD = re.compile(r"[^a-z0-9\n]+")
_EDGE_SPACES = re.compile(r" ?\n ?")
#: Words that name the level, not the place: "Kabupaten Sleman" is found by "sleman" as a whole name.
_LEVEL_WORDS = ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota ", "kab ")
_DEPTHS = {2: 1, 5: 2, 8: 3, 13: 4}
_LINE_BREAK = re.compile("\n")
_NAMES_PER_BLOCK = 2048
#: Kinds of hit, best first: the whole name, its start, a word's start, any other part.
_WHOLE, _START, _WORD, _PART = range(4)


def fold(text: str) -> str:
    """Lower case, no diacritics or apostrophes, punctuation runs as one space, ``kab.`` as kabupaten."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    plain = _NOT_WORD.sub(" ", _APOSTROPHES.sub("", plain.replace("kab.", "kabupaten ")))
    return _EDGE_SPACES.sub("\n", plain).strip(" ")


class NameIndex:
    """Folded names of ``codes`` (parallel sequences), searched by :meth:`search`."""

    __slots__ = ("_starts", "_text", "codes")

    def __init__(self, codes: Sequence[str], names: Sequence[str]) -> None:
        self.codes = codes
        # One text, a folded name per line: fold keeps line breaks, so line i is name i. The leading line
        # break makes "a name starts with q" one search for "\n" + q.
        # Folded a block of names at a time, and line starts read off the line breaks one by one: no
        # megabyte temporaries or 91,599 short-lived strings that the allocator would keep resident.
        blocks = (
            fold("\n".join(names[i : i + _NAMES_PER_BLOCK])) for i in range(0, len(names), _NAMES_PER_BLOCK)
        )
        self._text = "\n" + "\n".join(blocks) + "\n"
        self._starts = array("l", (m.end() for m in _LINE_BREAK.finditer(self._text)))

    def search(
        self, text: str, *, limit: int = 10, within: str = "", keep: Callable[[str], bool] | None = None
    ) -> list[int]:
        """Positions in ``codes`` of the best ``limit`` names containing ``text`` (ranked, see the module).

        ``within`` keeps codes inside an area (a dotted code); ``keep`` (a test on the code) keeps others
        out, e.g. all but one level. Other parts of names are searched only when starts of words gave fewer
        than ``limit`` names.
        """
        query = fold(text)
        if not query or "\n" in query:
            return []
        found: dict[int, tuple[int, int, int, int]] = {}
        for needle, kind in (("\n" + query, _START), (" " + query, _WORD), (query, _PART)):
            if kind == _PART and len(found) >= limit:
                break
            self._collect(needle, kind, found, within, keep)
        return [line for *_, line in heapq.nsmallest(limit, found.values())]

    def _collect(
        self,
        needle: str,
        kind: int,
        found: dict[int, tuple[int, int, int, int]],
        within: str,
        keep: Callable[[str], bool] | None,
    ) -> None:
        haystack, starts, codes = self._text, self._starts, self.codes
        prefix, skip = within + ".", 0 if kind == _PART else 1
        length = len(needle) - skip
        position = haystack.find(needle)
        while position != -1:
            at = position + skip  # where the query itself starts
            line = bisect_right(starts, at) - 1
            start, end = starts[line], starts[line + 1] - 1
            position = haystack.find(needle, end)  # one hit per name: go on from the end of this one
            code = codes[line]
            level = _DEPTHS[len(code)]
            if line in found or (keep is not None and not keep(code)):
                continue
            if within and code != within and not code.startswith(prefix):
                continue
            hit = kind
            if kind == _WORD and level <= 2 and haystack[start:at] in _LEVEL_WORDS:
                hit = _START  # "Kabupaten Sleman" for "sleman": the place's own name starts here
            if hit == _START and at + length == end:
                hit = _WHOLE
            found[line] = (hit, level, end - start, line)
