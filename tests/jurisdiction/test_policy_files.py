"""Policy files (TOML, YAML, JSON) are validated at the edge; every error names file, rule and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sp4n.adapters.loaders import load_policy, load_regions
from sp4n.exceptions import ConfigurationError, PolicyInvalid, RegionListInvalid
from sp4n.jurisdiction import (
    AgencyRegistry,
    Assigned,
    Policy,
    RegionRegistry,
    RoutingFacts,
    TargetLevel,
    UnitTier,
    check_policy,
    resolve,
)

TOML = """
name = "kab-sleman"
version = "1"

[[agencies]]
id = "pln"
name = "PT PLN (Persero)"
kind = "bumn"
units = [
  { id = "p", name = "Penghubung", tier = "penghubung" },
  { id = "up3", name = "UP3 Yogyakarta", parent_id = "p" },
]

[[rules]]
id = "sd"
category = "pendidikan-dasar"
target = { level = "kabupaten_kota" }

[[rules]]
id = "listrik"
category = "listrik"
region = "3404"
types = ["pengaduan"]
target = { agency = "pln" }
"""


def test_the_same_policy_loads_from_toml_yaml_and_json(tmp_path: Path) -> None:
    import tomllib

    import yaml

    doc = tomllib.loads(TOML)
    (tmp_path / "p.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    (tmp_path / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    loaded = [load_policy(tmp_path / name) for name in ("p.toml", "p.yaml", "p.json")]
    assert loaded[0] == loaded[1] == loaded[2]
    policy = loaded[0]
    assert policy.rule("listrik").region == "34.04"
    assert policy.rule("sd").target.level is TargetLevel.kabupaten_kota
    pln = policy.agencies[0]
    assert [u.id for u in pln.unit_path("up3")] == ["p", "up3"]
    assert pln.penghubung[0].tier is UnitTier.penghubung


@pytest.mark.usefixtures("english")
def test_every_error_names_the_file_the_rule_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        """
name = "bad"
[[rules]]
id = "one"
category = "c"
target = { level = "desa" }
[[rules]]
id = "two"
category = "c"
channels = ["pigeon"]
target = { agency = "x" }
[[rules]]
id = "three"
category = "c"
region = "34.70"
target = { agency = "x" }
""",
        encoding="utf-8",
    )
    with pytest.raises(PolicyInvalid) as caught:
        load_policy(path)
    err = caught.value
    assert err.source == str(path)
    assert [(p.rule, p.field) for p in err.problems] == [("one", "target.level"), ("two", "channels.0")]
    assert "rule 'one' field target.level" in str(err)


def test_domain_rules_are_reported_per_rule_after_the_shape_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    rules = [
        {"id": "both", "category": "c", "target": {"agency": "x", "level": "provinsi"}},
        {"id": "where", "category": "c", "region": "34.70", "target": {"agency": "x"}},
        {"id": "both", "category": "d", "target": {"agency": "x"}},
    ]
    path.write_text(json.dumps({"name": "bad", "rules": rules}), encoding="utf-8")
    with pytest.raises(PolicyInvalid) as caught:
        load_policy(path)
    assert [(p.rule, p.field) for p in caught.value.problems] == [
        ("both", "target"),
        ("where", "rule.region"),
    ]


@pytest.mark.usefixtures("english")
def test_unknown_keys_and_unreadable_files_are_configuration_errors(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text('name = "p"\nrules = []\npriorty = 3\n', encoding="utf-8")
    with pytest.raises(PolicyInvalid, match="priorty"):
        load_policy(path)
    with pytest.raises(ConfigurationError, match="cannot read"):
        load_policy(tmp_path / "missing.toml")
    with pytest.raises(ConfigurationError, match=r"\.toml"):
        load_policy(tmp_path / "policy.ini")


def test_a_region_file_with_bad_rows_names_the_file_and_every_line(tmp_path: Path) -> None:
    path = tmp_path / "wilayah.csv"
    path.write_text("kode,nama\n34,DIY\n34.70,X\n35.01,Y\n", encoding="utf-8")
    with pytest.raises(RegionListInvalid) as caught:
        load_regions(path, version="t")
    assert caught.value.source == str(path)
    assert [p.line for p in caught.value.problems] == [3, 4]


def test_the_example_national_policy_covers_every_village_of_2025_without_errors(
    example_policy: Policy, regions_2025: RegionRegistry, national_registry: AgencyRegistry
) -> None:
    assert len(example_policy.categories) >= 15
    report = check_policy(example_policy, regions_2025, national_registry)
    assert report.findings == ()


@pytest.mark.parametrize(
    ("category", "region", "agency"),
    [
        ("pendidikan-dasar", "34.04.01.2001", "pemkab-34.04"),  # SD in Sleman: the kabupaten
        ("pendidikan-menengah", "34.04.01.2001", "pemprov-34"),  # SMA: the province
        ("perguruan-tinggi", "51.71", "kemendiktisaintek"),
        ("jalan-nasional", "13.71", "kementerian-pu"),
        ("listrik", "36.03", "pln"),
        ("bpjs-kesehatan", "96", "bpjs-kesehatan"),
        ("adminduk", "36.71", "pemkot-36.71"),  # KTP/KK: the kota's Disdukcapil
        ("adminduk", "31.71", "pemprov-31"),  # Jakarta's cities are administrative
        ("kehutanan", "94.01", "pemprov-94"),
    ],
)
def test_the_example_policy_routes_as_uu_23_2014_divides_affairs(
    example_policy: Policy, national_registry: AgencyRegistry, category: str, region: str, agency: str
) -> None:
    decision = resolve(RoutingFacts(category=category, region_code=region), example_policy, national_registry)
    assert isinstance(decision, Assigned)
    assert decision.agency.id == agency
