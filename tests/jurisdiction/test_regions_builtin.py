"""The built-in Kemendagri lists, checked against the independent copy in ../shared/data (read with csv here).

The reference is read with the standard library only, never through sp4n's loaders, so a bug in the
encoder, the decoder or the registry cannot hide behind the same code on both sides.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sp4n.adapters.loaders import load_regions
from sp4n.cli import main
from sp4n.commands import SubmitComplaint, parse_command
from sp4n.exceptions import InvalidCommand, RuleViolation, UnknownRegion
from sp4n.jurisdiction import (
    PROVINCES,
    ChangeKind,
    Level,
    RegionRegistry,
    builtin_migration,
    builtin_regions,
    default_regions,
    use_regions,
)
from sp4n.jurisdiction.codes import problem_with
from sp4n.jurisdiction.regions_builtin import decode_regions, encode_regions
from sp4n.testing.strategies import villages


class Rows(dict[str, str]):
    """Reference rows, code → name (a short repr keeps hypothesis's failure reports readable)."""

    def __repr__(self) -> str:
        return f"<{len(self)} reference rows>"


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference(reference_csv: Callable[[str], Path]) -> Callable[[str], Rows]:
    cache: dict[str, Rows] = {}

    def rows(year: str) -> Rows:
        if year not in cache:
            with reference_csv(year).open(encoding="utf-8", newline="") as handle:
                # Names are kept trimmed: a few rows of the compilation end in a space.
                cache[year] = Rows((code, name.strip()) for code, name in list(csv.reader(handle))[1:])
        return cache[year]

    return rows


@pytest.fixture(scope="module")
def ref25(reference: Callable[[str], Rows]) -> Rows:
    return reference("2025")


def _children_of(rows: Rows) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code in rows:
        out[code.rpartition(".")[0]].append(code)
    return {parent: sorted(codes) for parent, codes in out.items()}


# --- the data -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "count"), [("2025", 91_599), ("2022", 91_281)])
def test_each_built_in_list_is_exactly_the_official_list(
    year: str, count: int, reference: Callable[[str], Rows]
) -> None:
    regions = builtin_regions(year)
    assert (regions.version, len(regions)) == (year, count)
    assert {code: regions.name_of(code) for code in regions} == reference(year)


def test_importing_sp4n_and_its_command_line_loads_no_region_list() -> None:
    probe = (
        "import sys, sp4n, sp4n.jurisdiction, sp4n.commands, sp4n.cli, sp4n.testing;"
        "from sp4n.jurisdiction import regions_builtin as b;"
        "print(sorted(m for m in sys.modules if '_regions_' in m), len(b._loaded))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "0"]


def test_the_encoding_round_trips_any_rows() -> None:
    @settings(max_examples=30)
    @given(
        st.dictionaries(
            st.from_regex(r"\d{2}(\.\d{2}){0,3}", fullmatch=True),
            st.text(min_size=1).filter(lambda s: "\n" not in s and "\0" not in s and "\r" not in s),
        )
    )
    def check(rows: dict[str, str]) -> None:
        regions = decode_regions(encode_regions(rows.items()), version="t")
        assert {c: regions.name_of(c) for c in regions} == rows

    check()


def test_the_wheel_is_small_and_carries_the_notice_of_the_compilation(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder  # the build backend itself, as pip would run it

    wheel = Path(next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        notice = [n for n in names if n.endswith("licenses/LICENSES/wilayah-MIT.txt")]
        assert notice
        text = archive.read(notice[0]).decode()
    assert wheel.stat().st_size <= 1_500_000
    assert {"sp4n/jurisdiction/_regions_2025.py", "sp4n/jurisdiction/_regions_2022.py"} <= set(names)
    assert "Copyright (c) 2017 Cahya DSN" in text
    assert "Permission is hereby granted" in text
    assert any(n.endswith("licenses/NOTICE") for n in names)


# --- lookup, chain, children --------------------------------------------------------------------------------

_DIGIT_LEVEL = {"1": Level.kelurahan, "2": Level.desa, "3": Level.desa_adat}


def _expected_level(code: str) -> Level:
    depth = code.count(".")
    if depth == 0:
        return Level.provinsi
    if depth == 1:
        return Level.kota if int(code[3:5]) >= 71 else Level.kabupaten
    return Level.kecamatan if depth == 2 else _DIGIT_LEVEL[code[9]]


@settings(max_examples=200)
@given(data=st.data())
def test_a_looked_up_region_has_its_official_name_level_chain_and_zone(
    ref25: Rows, data: st.DataObject
) -> None:
    code = data.draw(st.sampled_from(sorted(ref25)))
    regions = builtin_regions()
    region = regions.get(code.replace(".", ""))  # dots are optional
    assert region is not None
    assert (region.code, region.name, region.level) == (code, ref25[code], _expected_level(code))
    assert region.timezone == PROVINCES[code[:2]].timezone
    parts = code.split(".")
    prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    assert [(r.code, r.name) for r in regions.chain(code)] == [(p, ref25[p]) for p in prefixes]
    assert regions.validate(code) == code


def test_children_are_exactly_the_regions_one_level_below_in_code_order(ref25: Rows) -> None:
    expected = _children_of(ref25)
    regions = builtin_regions()
    for parent in ["", "34", "34.04", "34.04.01", "91", "31.71.01", *sorted(ref25)[::997]]:
        got = [(r.code, r.name) for r in regions.children(parent)]
        assert got == [(c, ref25[c]) for c in expected.get(parent, [])], parent


@given(data=st.data())
def test_a_code_is_valid_exactly_when_the_official_list_has_it(ref25: Rows, data: st.DataObject) -> None:
    shaped = st.from_regex(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[123][0-9]{3})?)?)?", fullmatch=True)
    code = data.draw(st.one_of(shaped, st.sampled_from(sorted(ref25))))
    regions = builtin_regions()
    if code in ref25:
        assert regions.validate(code) == code
    elif problem_with(code) is None:
        with pytest.raises(UnknownRegion) as caught:
            regions.validate(code)
        assert (caught.value.field, caught.value.version) == ("region_code", "2025")
    else:
        with pytest.raises(RuleViolation):  # malformed (00, 70, …)
            regions.validate(code)


def test_a_host_can_load_a_newer_list_and_name_it_the_default(tmp_path: Path) -> None:
    path = tmp_path / "wilayah-2030.csv"
    path.write_text("kode,nama\n34,Daerah Istimewa Yogyakarta\n34.04,Kabupaten Sleman\n", encoding="utf-8")
    mine = load_regions(path, version="2030")
    use_regions(mine)
    try:
        assert default_regions() is mine
        with pytest.raises(InvalidCommand, match="not a region in the 2030 list"):
            parse_command(SubmitComplaint, {**SUBMIT, "region_code": "34.71"})
    finally:
        use_regions(None)
    assert default_regions() is builtin_regions("2025")


# --- search -------------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum() or ch == " ").lower()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("balecatur", "34.04.01.2001"),
        ("BALECATUR", "34.04.01.2001"),
        ("Bálecätur", "34.04.01.2001"),
        ("kota yogya", "34.71"),
        ("sleman", "34.04"),  # the kabupaten before the kecamatan and the villages of that name
        ("jakarta selatan", "31.74"),
        ("regapuu", "53.07.01.2021"),  # Regapu’u: the apostrophe is not needed
        ("papua barat daya", "96"),
    ],
)
def test_search_finds_what_people_type_best_first(query: str, first: str) -> None:
    found = builtin_regions().search(query)
    assert found
    assert found[0].code == first


@settings(max_examples=100)
@given(data=st.data())
def test_search_within_the_parent_finds_every_region_by_its_own_name(
    ref25: Rows, data: st.DataObject
) -> None:
    code = data.draw(st.sampled_from(sorted(c for c in ref25 if "." in c)))
    parent = code.rpartition(".")[0]
    same_name = [c for c in _children_of(ref25)[parent] if _plain(ref25[c]) == _plain(ref25[code])]
    found = builtin_regions().search(ref25[code], within=parent, limit=50)
    assert code in [r.code for r in found]
    assert all(r.code == parent or r.code.startswith(parent + ".") for r in found)
    below = [r.code for r in found if r.code != parent]  # the parent itself may share the name, ranked higher
    assert below[: len(same_name)] == sorted(same_name)  # whole names rank first


@settings(max_examples=50)
@given(query=st.sampled_from(["sari", "jaya", "makmur", "kota", "baru", "lor"]), limit=st.integers(1, 40))
def test_search_is_limited_ranked_and_every_hit_contains_the_query(query: str, limit: int) -> None:
    found = builtin_regions().search(query, limit=limit, level=Level.desa)
    assert 0 < len(found) <= limit
    assert all(query in _plain(r.name) and r.level is Level.desa for r in found)
    starts = [_plain(r.name).startswith(query) for r in found]
    assert starts == sorted(starts, reverse=True)  # names starting with it come before the others


@pytest.mark.usefixtures("english")
def test_search_refuses_text_without_letters_or_digits_and_an_unknown_area() -> None:
    with pytest.raises(RuleViolation, match="letter or a digit"):
        builtin_regions().search(" ,. ")
    with pytest.raises(UnknownRegion, match="within"):
        builtin_regions().search("sari", within="34.99")
    with pytest.raises(RuleViolation, match="within"):
        builtin_regions().search("sari", within="34-04")


# --- migration 2022 → 2025 ----------------------------------------------------------------------------------


def test_papua_codes_move_to_the_new_provinces_and_the_old_provinces_split() -> None:
    migration = builtin_migration()
    assert migration.change("91.01").new == ("93.01",)  # Kabupaten Merauke, now in Papua Selatan
    assert migration.change("9101011002").kind is ChangeKind.recoded
    assert migration.change("91").new == ("91", "93", "94", "95")
    assert migration.change("92").new == ("92", "96")
    assert migration.change("91").kind is ChangeKind.divided
    assert migration.change("34.04").kind is ChangeKind.unchanged  # KAB. SLEMAN = Kabupaten Sleman: spelling
    assert migration.change("11.01.04").kind is ChangeKind.renamed  # Labuhan Haji → Labuhanhaji
    assert migration.change("34.04.01.2001").kind is ChangeKind.unchanged
    with pytest.raises(UnknownRegion):
        migration.change("96.01")  # not a 2022 code


def test_every_migration_lands_on_real_2025_codes_of_the_same_name(reference: Callable[[str], Rows]) -> None:
    old, new = reference("2022"), reference("2025")
    kinds: dict[ChangeKind, int] = defaultdict(int)
    changed: set[str] = set()
    for change in builtin_migration().changes():
        kinds[change.kind] += 1
        assert change.old in old
        assert all(code in new for code in change.new)
        assert change.kind is not ChangeKind.unchanged
        if change.kind is ChangeKind.recoded and change.old.count(".") == 3:
            assert _plain(old[change.old]).replace(" ", "") == _plain(new[change.new[0]]).replace(" ", "")
        if change.kind is ChangeKind.removed:
            assert change.new == ()
            assert change.old not in new
            assert change.nearest is None or change.nearest in new
        changed.add(change.old)

    def spelled(name: str) -> str:  # the 2022 list writes "KAB. X" where 2025 writes "Kabupaten X"
        return _plain(name).replace("kab ", "kabupaten ").replace(" ", "")

    for code in old:
        if code in new and spelled(old[code]) != spelled(new[code]):
            assert code in changed, f"{code} was renamed but is not reported"
        if code not in changed:
            assert code in new, f"{code} is gone from 2025 but is not reported"
    assert kinds[ChangeKind.recoded] > 5000  # Papua's regions, with everything in them


# --- used by default ----------------------------------------------------------------------------------------

SUBMIT = {
    "type": "pengaduan",
    "title": "Jalan rusak",
    "description": "Berlubang",
    "category": "jalan",
    "channel": "web",
}


@settings(max_examples=30)
@given(code=villages(within="34.04"))
def test_intake_takes_every_real_village(code: str) -> None:
    assert parse_command(SubmitComplaint, {**SUBMIT, "region_code": code}).region_code == code


@pytest.mark.parametrize("code", ["34.99", "34.04.99", "34.04.01.2999", "97"])
def test_intake_refuses_a_well_formed_code_that_is_no_region(code: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        parse_command(SubmitComplaint, {**SUBMIT, "region_code": code})
    assert caught.value.field == "region_code"
    assert "is not a region in the 2025 list" in caught.value.rule


def test_the_service_refuses_an_unknown_region_and_writes_nothing() -> None:
    from sp4n.adapters.storage.memory import MemoryUnitOfWork
    from sp4n.service import create_service

    store = MemoryUnitOfWork()
    service = create_service(uow=store)
    with store:
        before = store.events.last_position()
    with pytest.raises(InvalidCommand) as caught:
        service.submit({**SUBMIT, "region_code": "34.04.01.2999"})
    assert caught.value.field == "region_code"
    with store:
        assert store.events.last_position() == before
    assert service.submit({**SUBMIT, "region_code": "34.04.01.2001"}).complaint_id


def test_the_service_resolver_names_real_governments_from_the_built_in_list_by_default() -> None:
    from datetime import UTC, datetime

    from sp4n.jurisdiction import Policy, Rule, Target, TargetLevel
    from sp4n.lifecycle import Actor, Role, new_complaint
    from sp4n.service.routing import policy_resolver

    policy = Policy(
        name="p", rules=[Rule(id="j", category="jalan", target=Target(level=TargetLevel.kabupaten_kota))]
    )
    choose = policy_resolver(policy)  # no registry given: the governments of the built-in 2025 list

    def filed(code: str) -> str | None:
        complaint, _ = new_complaint(
            complaint_id="c", tracking_id="222222222", type="pengaduan", title="t", description="d",
            category="jalan", channel="web", region_code=code, actor=Actor(id="i", role=Role.intake),
            at=datetime(2026, 3, 2, tzinfo=UTC),
        )  # fmt: skip
        return choose(complaint)

    assert filed("34.71.01.1001") == "pemkot-34.71"
    assert filed("93.01.01.1002") == "pemkab-93.01"  # Merauke, in Papua Selatan since the 2025 list
    assert filed("34.99") is None  # well formed but no region: no government is made up for it


# --- the command line ---------------------------------------------------------------------------------------


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main([*argv, "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_region_children_and_search_on_the_command_line(
    ref25: Rows, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _json(["region", "--children", "34.04.01"], capsys)
    assert [(r["code"], r["name"]) for r in out["regions"]] == [  # type: ignore[attr-defined]
        (c, ref25[c]) for c in _children_of(ref25)["34.04.01"]
    ]
    out = _json(["region", "--children"], capsys)
    assert len(out["regions"]) == 38  # type: ignore[arg-type]
    out = _json(["region", "--search", "kota yogya", "--limit", "3"], capsys)
    assert out["regions"][0] == {"code": "34.71", "name": "Kota Yogyakarta", "level": "kota"}  # type: ignore[index]
    out = _json(["region", "--migrate", "91.01"], capsys)
    assert (out["new"], out["kind"]) == (["93.01"], "recoded")
    out = _json(["region", "--dataset", "2022", "91.01"], capsys)
    assert (out["name"], out["version"]) == ("KAB. MERAUKE", "2022")


@pytest.mark.usefixtures("english")
def test_policy_check_covers_every_village_of_the_built_in_list(capsys: pytest.CaptureFixture[str]) -> None:
    main(["policy", "check", str(ROOT / "docs" / "examples" / "national-policy.toml")])
    assert "× 83762 villages (dataset 2025)" in capsys.readouterr().out


@pytest.mark.usefixtures("english")
def test_the_built_in_lists_are_registries() -> None:
    assert isinstance(builtin_regions("2022"), RegionRegistry)
    with pytest.raises(RuleViolation, match="not a built-in region list"):
        builtin_regions("2019")
