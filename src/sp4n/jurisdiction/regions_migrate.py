"""Migrate codes stored under an older region list (2022) to a newer one (2025): renames, moves, splits.

Kemendagri recodes regions when they split: after Kepmendagri 100.1.1-6117/2022, UU 14, 15 and 16/2022 and
UU 29/2022 split Papua (91) and Papua Barat (92) into Papua Selatan (93), Papua Tengah (94), Papua Pegunungan
(95) and Papua Barat Daya (96), so Kabupaten Merauke went from 91.01 to 93.01 with everything in it. The
decrees list regions, not the history between them, so the mapping is derived from the two lists:

* a code in both lists is **unchanged**, or **renamed** when its name differs (case, punctuation and the
  2022 spelling ``KAB.`` are ignored);
* a code only in the old list is **recoded** when exactly one new code of the same level and name appears
  where its parent went (for a kabupaten/kota: anywhere; below: inside the parent's new kabupaten);
* a code whose own regions now lie under several new codes is **divided** (Papua 91 → 91, 93, 94, 95);
* anything else is **removed**: ``new`` is empty and ``nearest`` names the closest ancestor that maps.

>>> change = builtin_migration().change("91.01.01.1002")
>>> change.kind.value, change.new
('recoded', ('93.01.01.1002',))
>>> builtin_migration().change("91").new
('91', '93', '94', '95')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from enum import StrEnum

import attrs

from sp4n.jurisdiction.codes import ancestors, depth_of, parent_of
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.regions_builtin import builtin_regions
from sp4n.jurisdiction.regions_search import fold

__all__ = ["ChangeKind", "RegionChange", "RegionMigration", "builtin_migration"]


class ChangeKind(StrEnum):
    """What happened to an old code (see the module)."""

    unchanged = "unchanged"
    renamed = "renamed"
    recoded = "recoded"
    divided = "divided"
    removed = "removed"


@attrs.frozen(kw_only=True)
class RegionChange:
    """Where ``old`` went: ``new`` codes (one unless split; none when removed) and the ``kind``."""

    old: str
    new: tuple[str, ...]
    kind: ChangeKind
    nearest: str | None = None  # for a removed code: the closest ancestor that maps (its first new code)


class RegionMigration:
    """The mapping from the ``old`` list to the ``new`` one, derived once on the first question."""

    def __init__(self, old: RegionRegistry, new: RegionRegistry) -> None:
        self.old, self.new = old, new
        self._single: dict[str, str] | None = None
        self._spread: dict[str, set[str]] = {}

    def _mapping(self) -> dict[str, str]:
        if self._single is None:
            self._single = self._derive()
            for code, target in self._single.items():
                for ancestor in ancestors(code):
                    self._spread.setdefault(ancestor, set()).add(target[: len(ancestor)])
        return self._single

    def _derive(self) -> dict[str, str]:
        old, new = self.old, self.new
        single = {code: code for code in old if code in new}
        # New codes of each (depth, folded name), placed under the kabupaten they lie in ("" for depth ≤ 2).
        added: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        for code in new:
            if code not in old:
                depth = depth_of(code)
                added[depth, code[:5] if depth > 2 else "", fold(new.name_of(code) or "")].append(code)
        for depth in (1, 2, 3, 4):
            for code in old.at_depth(depth):
                if code in single:
                    continue
                parent = parent_of(code)
                home = single.get(code[:5], "") if depth > 2 else ""
                found = added.get((depth, home, fold(old.name_of(code) or "")), [])
                if depth > 2 and parent in single:
                    found = [c for c in found if parent_of(c) == single[parent]] or found
                if len(found) == 1:
                    single[code] = found[0]
        return single

    def change(self, code: str) -> RegionChange:
        """Where one old code went (dots optional); a code not in the old list raises ``UnknownRegion``."""
        old_code = self.old.validate(code)
        mapping = self._mapping()
        target = mapping.get(old_code)
        spread = sorted(self._spread.get(old_code, set()) | ({target} if target else set()))
        if target is None and len(spread) == 1:
            target = spread[0]  # renamed and recoded at once: its own regions all went to one new code
        if len(spread) > 1:
            return RegionChange(old=old_code, new=tuple(spread), kind=ChangeKind.divided)
        if target is None:
            nearest = next((mapping[a] for a in reversed(ancestors(old_code)) if a in mapping), None)
            return RegionChange(old=old_code, new=(), kind=ChangeKind.removed, nearest=nearest)
        if target != old_code:
            kind = ChangeKind.recoded
        elif fold(self.old.name_of(old_code) or "") != fold(self.new.name_of(target) or ""):
            kind = ChangeKind.renamed
        else:
            kind = ChangeKind.unchanged
        return RegionChange(old=old_code, new=(target,), kind=kind)

    def changes(self) -> Iterator[RegionChange]:
        """Every old code that did not stay as it was, in the old list's order."""
        for code in self.old:
            change = self.change(code)
            if change.kind is not ChangeKind.unchanged:
                yield change


_builtin: list[RegionMigration] = []


def builtin_migration() -> RegionMigration:
    """The built-in 2022 → 2025 migration (both lists load on its first question)."""
    if not _builtin:
        _builtin.append(RegionMigration(builtin_regions("2022"), builtin_regions("2025")))
    return _builtin[0]
