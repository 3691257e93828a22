"""Search region names the way people type them: any case, without diacritics, a prefix or a part.

All names are folded once into one text, a name per line, and searched with ``str.find`` (C speed over the
91,599 names of the 2025 list), so a query costs a scan plus the work on its hits. Folding lowers the case,
drops diacritics and apostrophes (``Regapu’u`` → ``regapuu``), turns every other run of punctuation into
one space, and reads the 2022 list's ``KAB.`` as ``kabupaten``.

Hits are ranked: the whole name (or the name after ``Kabupaten``, ``Kota`` or ``… Administrasi``), then names
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
        # One scan: a hit right after a line break starts a name, after a space starts a word. Other hits
        # rank last, so they are only noted (a position each) and placed when the better ones are too few.
        found: dict[int, tuple[int, int, int, int]] = {}
        haystack, others, find = self._text, [], self._text.find
        position = find(query)
        while position != -1:
            before = haystack[position - 1]
            if before == "\n":
                self._place(position, len(query), _START, found, within=within, keep=keep)
            elif before == " ":
                self._place(position, len(query), _WORD, found, within=within, keep=keep)
            else:
                others.append(position)
            position = find(query, position + 1)
        if len(found) < limit:
            for position in others:
                self._place(position, len(query), _PART, found, within=within, keep=keep)
        return [line for *_, line in heapq.nsmallest(limit, found.values())]

    def _place(
        self,
        at: int,
        length: int,
        kind: int,
        found: dict[int, tuple[int, int, int, int]],
        *,
        within: str,
        keep: Callable[[str], bool] | None,
    ) -> None:
        """Record the name holding a hit at ``at`` (its best hit wins), unless the filters keep it out."""
        starts = self._starts
        line = bisect_right(starts, at) - 1
        if line in found and found[line][0] <= kind:
            return
        code = self.codes[line]
        if keep is not None and not keep(code):
            return
        if within and code != within and not code.startswith(within + "."):
            return
        start, end = starts[line], starts[line + 1] - 1
        level = _DEPTHS[len(code)]
        if kind == _WORD and level <= 2 and self._text[start:at] in _LEVEL_WORDS:
            kind = _START  # "Kabupaten Sleman" for "sleman": the place's own name starts here
        if kind == _START and at + length == end:
            kind = _WHOLE
        found[line] = (kind, level, end - start, line)
