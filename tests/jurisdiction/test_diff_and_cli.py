"""Policy diffs and the ``sp4n policy`` / ``sp4n region`` commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sp4n.cli import main
from sp4n.jurisdiction import Policy, Rule, Target, TargetLevel, diff_policies
from sp4n.lifecycle.model import ComplaintType

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


def test_region_uses_the_built_in_list_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["region", "3404012001", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["code"], out["name"], out["level"]) == ("34.04.01.2001", "Balecatur", "desa")
    assert out["timezone"] == "Asia/Jakarta"
    assert [(p["code"], p["name"]) for p in out["parent_chain"]] == [
        ("34", "Daerah Istimewa Yogyakarta"),
        ("34.04", "Kabupaten Sleman"),
        ("34.04.01", "Gamping"),
    ]
    assert out["version"] == "2025"


def test_region_with_the_official_list_prints_names_and_refuses_unknown_codes(
    capsys: pytest.CaptureFixture[str], reference_csv: Callable[[str], Path]
) -> None:
    path = reference_csv("2025")
    assert main(["region", "51.03", "--regions", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["name"], out["timezone"], out["version"]) == ("Kabupaten Badung", "Asia/Makassar", "2025")
    assert main(["--lang", "en", "region", "34.69", "--regions", str(path)]) == 2
    assert capsys.readouterr().err.strip() == "sp4n region: CODE: '34.69' is not a region in the 2025 list"
    assert main(["region", "34.69", "--regions", str(path)]) == 2  # the default: Bahasa Indonesia
    assert capsys.readouterr().err.strip() == "sp4n region: CODE: '34.69' bukan wilayah dalam daftar 2025"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["region", "99"], "CODE: '99' is not a region in the 2025 list"),
        (["region", "34.70"], "CODE: '34.70': kabupaten/kota digits must be"),
        (["region", "--children", "34.04.99"], "--children: '34.04.99' is not a region"),
        (["region", "--search", " .. "], "must contain a letter or a digit"),
        (["region", "--migrate", "96.01"], "'96.01' is not a region in the 2022 list"),
    ],
)
def test_malformed_or_unknown_input_is_exit_two_with_one_line(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", "en", *argv, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert says in captured.err
    assert captured.err.count("\n") == 1


def test_policy_explain_refuses_an_unknown_region_instead_of_inventing_its_government(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["policy", "explain", str(EXAMPLE_POLICY), "--category", "pendidikan-dasar", "--region", "34.99"]
    assert main(["--lang", "en", *argv]) == 2
    captured = capsys.readouterr()
    assert "Pemerintah Kota 34.99" not in captured.out + captured.err
    assert captured.err.strip() == "sp4n policy: --region: '34.99' is not a region in the 2025 list"


def test_policy_explain_names_the_real_government_from_the_built_in_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["policy", "explain", str(EXAMPLE_POLICY), "--category", "pendidikan-dasar", "--region", "3471"]
    assert main(argv) == 0
    assert "→ pemkot-34.71: Pemerintah Kota Yogyakarta" in capsys.readouterr().out
