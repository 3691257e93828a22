"""Policy diffs and the ``sp4n policy`` / ``sp4n region`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sp4n.cli import main
from sp4n.jurisdiction import Policy, Rule, Target, TargetLevel, diff_policies
from sp4n.lifecycle.model import ComplaintType
from sp4n.testing.servers import require_file

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".." / "shared" / "data"
EXAMPLE_POLICY = ROOT / "docs" / "examples" / "national-policy.toml"
KAB = Target(level=TargetLevel.kabupaten_kota)
PROV = Target(level=TargetLevel.provinsi)
REGIONS_CSV = (
    "kode,nama\n34,DI Yogyakarta\n34.04,Kabupaten Sleman\n34.04.01,Gamping\n34.04.01.2001,Balecatur\n"
)


def test_an_unchanged_policy_has_no_diff_even_when_rule_ids_change() -> None:
    old = Policy(name="p", rules=[Rule(id="a", category="sd", target=KAB)])
    new = Policy(name="p", rules=[Rule(id="renamed", category="sd", target=KAB)])
    assert diff_policies(old, new) == ()


def test_a_changed_nationwide_rule_is_one_change_and_a_new_regional_rule_is_one_more() -> None:
    old = Policy(name="p", rules=[Rule(id="a", category="sma", target=KAB)])
    new = Policy(
        name="p",
        rules=[
            Rule(id="a", category="sma", target=PROV),
            Rule(id="b", category="sma", region="34.04", target=PROV),
        ],
    )
    changes = diff_policies(old, new)
    assert [(c.category, c.region, c.old, c.new) for c in changes] == [
        ("sma", "", "kabupaten/kota government", "provincial government"),
        ("sma", "34.04", "kabupaten/kota government", "provincial government"),
    ]


def test_a_type_specific_change_names_the_types_it_affects() -> None:
    old = Policy(name="p", rules=[Rule(id="a", category="c", target=KAB)])
    new = Policy(name="p", rules=[*old.rules, Rule(id="b", category="c", types=["aspirasi"], target=PROV)])
    changes = diff_policies(old, new)
    assert {c.type for c in changes} == {ComplaintType.aspirasi}
    assert len(changes) == 5  # one per channel
    removed = diff_policies(new, Policy(name="p", rules=[]))
    assert {c.new for c in removed} == {None}


def test_policy_check_exits_non_zero_on_errors_and_reports_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regions = tmp_path / "wilayah.csv"
    regions.write_text(REGIONS_CSV, encoding="utf-8")
    policy = tmp_path / "p.toml"
    policy.write_text(
        'name = "p"\ncategories = ["listrik"]\n'
        '[[rules]]\nid = "sd"\ncategory = "sd"\ntarget = { level = "kabupaten_kota" }\n'
    )
    assert main(["policy", "check", str(policy), "--regions", str(regions), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [(f["kind"], f["category"], f["villages"]) for f in report["findings"]] == [("gap", "listrik", 1)]
    policy.write_text(
        'name = "p"\n[[rules]]\nid = "sd"\ncategory = "sd"\ntarget = { level = "kabupaten_kota" }\n'
    )
    assert main(["policy", "check", str(policy), "--regions", str(regions)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_policy_explain_prints_the_decision_and_why_others_lost(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "policy",
            "explain",
            str(EXAMPLE_POLICY),
            "--category",
            "listrik",
            "--region",
            "3404",
            "--declined",
            "pln",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "→ kementerian-esdm" in out
    assert "not listrik: pln already declined" in out


def test_policy_diff_lists_changed_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new.toml"
    text = EXAMPLE_POLICY.read_text(encoding="utf-8")
    new.write_text(
        text.replace(
            'category = "pendidikan-menengah"\ntarget = { level = "provinsi" }',
            'category = "pendidikan-menengah"\ntarget = { level = "kabupaten_kota" }',
        )
    )
    assert main(["policy", "diff", str(EXAMPLE_POLICY), str(new)]) == 1  # a change is a finding
    out = capsys.readouterr().out
    assert "pendidikan-menengah @ everywhere: provincial government → kabupaten/kota government" in out
    assert "1 change(s)" in out


def test_region_without_a_list_knows_the_province_and_says_lower_names_are_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["region", "3404012001", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["code"] == "34.04.01.2001"
    assert out["level"] == "desa"
    assert out["timezone"] == "Asia/Jakarta"
    assert [p["code"] for p in out["parent_chain"]] == ["34", "34.04", "34.04.01"]
    assert out["parent_chain"][0]["name"] == "Daerah Istimewa Yogyakarta"
    assert out["name"] is None
    assert "unknown" in out["note"]


def test_region_with_the_official_list_prints_names_and_refuses_unknown_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = require_file(DATA / "wilayah-2025.csv", "the full official region list (../shared/data)")
    assert main(["region", "51.03", "--regions", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["name"], out["timezone"], out["version"]) == ("Kabupaten Badung", "Asia/Makassar", "2025")
    assert main(["region", "34.69", "--regions", str(path)]) == 1


def test_malformed_input_is_exit_two_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["region", "99"]) == 2
    assert "no province 99" in capsys.readouterr().err
