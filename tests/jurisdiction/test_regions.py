"""Region lists: validation of every row, versions, the full 2025 list and the 2022→2025 diff."""

from __future__ import annotations

from collections import Counter

import pytest

from sp4n.exceptions import RegionListInvalid
from sp4n.jurisdiction import Level, RegionRegistry, diff_regions, parse_regions


@pytest.mark.usefixtures("english")
def test_every_bad_row_is_reported_with_its_line_number_in_one_error() -> None:
    lines = [
        "kode,nama",
        "34,DI Yogyakarta",
        "34.04,Kabupaten Sleman",
        "34.70,Nowhere",  # 70 is neither kabupaten nor kota
        "34.05.01,Orphan",  # parent 34.05 is missing
        "34.04,Sleman again",  # duplicate
        "99,Atlantis",  # not a province
        "34.04.01,",  # empty name
        "34.04.01.5001,Bad village digit",
        "3404,Sleman undotted duplicate",
    ]
    with pytest.raises(RegionListInvalid) as caught:
        parse_regions(lines, version="t", source="wilayah.csv")
    err = caught.value
    assert [p.line for p in err.problems] == [4, 5, 6, 7, 8, 9, 10]
    assert err.source == "wilayah.csv"
    assert "line 4" in str(err)
    assert "appears twice" in err.problems[2].problem
    assert "no parent 34.05" in err.problems[1].problem


def test_nothing_is_built_when_any_row_is_bad() -> None:
    with pytest.raises(RegionListInvalid):
        parse_regions(["34,DIY", "34.04,Sleman", "xx,bad"], version="t")


def test_codes_load_with_or_without_dots_and_keep_their_dataset_version() -> None:
    regions = parse_regions(
        ["34,DIY", "3404,Kabupaten Sleman", "340401,Gamping", "3404012001,Balecatur"], version="v9"
    )
    village = regions["34.04.01.2001"]
    assert village.version == "v9"
    assert village.parent == "34.04.01"
    assert regions["3404012001"] == village
    assert "34.04" in regions
    assert "3404" not in regions  # stored dotted; look-ups by item accept both
    assert regions.village_count("34") == 1


def test_an_unknown_code_is_a_key_error_naming_the_version() -> None:
    regions = parse_regions(["34,DIY"], version="2025")
    with pytest.raises(KeyError, match="2025"):
        regions["34.04"]


# --- the full official lists (skipped where ../shared/data is absent) ---------------------------------


def test_the_2025_list_has_the_official_counts_per_level(regions_2025: RegionRegistry) -> None:
    counts = Counter(regions_2025[code].level for code in regions_2025)
    assert len(regions_2025) == 91_599
    assert counts[Level.provinsi] == 38
    assert counts[Level.kabupaten] == 416
    assert counts[Level.kota] == 98
    assert counts[Level.kecamatan] == 7_285
    assert counts[Level.kelurahan] == 8_496
    # Desa adat are desa (Kepmendagri 300.2.2-2138/2025 counts them together).
    assert counts[Level.desa] + counts[Level.desa_adat] == 75_266
    assert regions_2025.village_count("") == 83_762


@pytest.mark.parametrize(
    ("code", "name", "level"),
    [
        ("36.03", "Kabupaten Tangerang", Level.kabupaten),
        ("51.03", "Kabupaten Badung", Level.kabupaten),
        ("34.04", "Kabupaten Sleman", Level.kabupaten),
        ("34", "Daerah Istimewa Yogyakarta", Level.provinsi),
        ("51", "Bali", Level.provinsi),
        ("13", "Sumatera Barat", Level.provinsi),
        ("34.04.01.2001", "Balecatur", Level.desa),
        ("13.71", "Kota Padang", Level.kota),
    ],
)
def test_the_pilot_regions_are_where_domain_md_says(
    regions_2025: RegionRegistry, code: str, name: str, level: Level
) -> None:
    region = regions_2025[code]
    assert (region.name, region.level, region.version) == (name, level, "2025")


# Keppres 41/1987, written out independently of provinces.py so that a slip in either shows.
_ZONES = {
    "Asia/Jakarta": "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36",
    "Asia/Pontianak": "61 62",
    "Asia/Makassar": "51 52 53 63 64 65 71 72 73 74 75 76",
    "Asia/Jayapura": "81 82 91 92 93 94 95 96",
}


def test_every_province_of_the_list_has_its_legal_time_zone(regions_2025: RegionRegistry) -> None:
    expected = {code: zone for zone, codes in _ZONES.items() for code in codes.split()}
    provinces = regions_2025.at_depth(1)
    assert len(provinces) == 38
    assert {p: regions_2025[p].timezone for p in provinces} == expected
    assert regions_2025["51.03.01"].timezone == "Asia/Makassar"  # a kecamatan follows its province


def test_the_2022_to_2025_diff_shows_papua_split_into_91_to_96(
    regions_2022: RegionRegistry, regions_2025: RegionRegistry
) -> None:
    diff = diff_regions(regions_2022, regions_2025)
    added_provinces = {r.code for r in diff.added if r.level is Level.provinsi}
    assert added_provinces == {"93", "94", "95", "96"}
    assert not [r for r in diff.removed if r.level is Level.provinsi]
    # Kabupaten Merauke moved from Papua (91.01) to Papua Selatan (93.01).
    assert "91.01" in {r.code for r in diff.removed}
    assert regions_2025["93.01"].name == "Kabupaten Merauke"
    assert all(r.version == "2025" for r in diff.added)
    assert all(r.version == "2022" for r in diff.removed)
    # The 2022 capitals ("KAB. JEMBER") are spelling, not renames.
    assert "35.09" not in {old.code for old, _ in diff.renamed}
    assert len(diff.added) == len(regions_2025) - len(regions_2022) + len(diff.removed)
