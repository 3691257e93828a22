"""Limits are data: national defaults with citations, overrides by agency and category, checked config."""

from __future__ import annotations

import pytest

from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.status import OPEN, WAITING, Action, Status
from sp4n.sla import NATIONAL_RULES, ClockRule, Expiry, OfficeHours, RuleOverride, SlaPolicy, TimeUnit


def test_the_national_defaults_are_the_limits_of_domain_md_with_their_sources() -> None:
    rules = {r.clock: r for r in NATIONAL_RULES}
    assert {k: (r.value, r.unit) for k, r in rules.items()} == {
        "verification": (3, TimeUnit.working_days),
        "follow_up": (5, TimeUnit.working_days),
        "reply_window": (10, TimeUnit.working_days),
        "resolution": (60, TimeUnit.calendar_days),
        "information_reply": (10, TimeUnit.working_days),
        "hold_cap": (10, TimeUnit.working_days),
        "lhp_follow_up": (30, TimeUnit.working_days),
        "recommendation_report": (60, TimeUnit.calendar_days),
    }
    assert rules["reply_window"].on_expiry is Expiry.auto_close
    assert "Perpres 76/2013" in rules["resolution"].citation
    assert "Peraturan Ombudsman 58/2023 Pasal 54" in rules["lhp_follow_up"].citation
    assert "UU 37/2008 Pasal 38(2)" in rules["recommendation_report"].citation
    agency_clocks = [r for r in NATIONAL_RULES if r.runs_in == OPEN and r.clock != "resolution"]
    assert all(r.citation and r.pauses_in >= WAITING for r in agency_clocks)
    assert "our choice" in rules["information_reply"].citation
    assert "our choice" in rules["hold_cap"].citation
    # The 60 days count from a complete file: only a wait for the reporter's information pauses them.
    assert rules["resolution"].pauses_in == {Status.awaiting_information}
    assert {Action.verify, Action.reroute, Action.reply, Action.reopen} <= rules["follow_up"].starts_on
    assert Action.decline in rules["follow_up"].stops_on


def test_the_most_specific_override_wins() -> None:
    policy = SlaPolicy(
        overrides=(
            RuleOverride(clock="follow_up", value=14, category="perizinan", citation="tier 3"),
            RuleOverride(clock="follow_up", value=2, agency_id="pu", citation="SOP PU"),
            RuleOverride(
                clock="follow_up", value=60, agency_id="pu", category="perizinan", citation="SOP PU izin"
            ),
        )
    )
    values = [
        policy.rule_for("follow_up", agency_id=a, category=c).value
        for a, c in [(None, None), (None, "perizinan"), ("pu", None), ("pu", "perizinan"), ("x", "perizinan")]
    ]
    assert values == [5, 14, 2, 60, 14]


def test_an_override_may_change_the_unit() -> None:
    policy = SlaPolicy(
        overrides=(
            RuleOverride(clock="verification", value=8, unit=TimeUnit.working_hours, citation="SOP 8 jam"),
        )
    )
    rule = policy.rule_for("verification", agency_id=None, category=None)
    assert (rule.value, rule.unit, rule.citation) == (8, TimeUnit.working_hours, "SOP 8 jam")


@pytest.mark.usefixtures("english")
def test_a_policy_naming_an_unknown_clock_or_repeating_one_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="unknown clock"):
        SlaPolicy(overrides=(RuleOverride(clock="nope", value=1, citation="x"),))
    with pytest.raises(ConfigurationError, match="unknown clock"):
        SlaPolicy(escalate_on={"nope"})
    with pytest.raises(ConfigurationError, match="share a clock name"):
        SlaPolicy(rules=(*NATIONAL_RULES, NATIONAL_RULES[0]))
    with pytest.raises(ConfigurationError):
        SlaPolicy().rule_for("nope", agency_id=None, category=None)


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="value"):
        ClockRule(clock="x", value=-1, unit="working_days", starts_on=(), stops_on=(), citation="x")


def test_office_hours_default_to_perpres_21_2023_and_parse_from_text() -> None:
    assert OfficeHours().days == ((450, 960),) * 4 + ((450, 990),)
    assert OfficeHours.parse("07:30-16:00,07:30-16:00,07:30-16:00,07:30-16:00,07:30-16:30") == OfficeHours()
    with pytest.raises(ConfigurationError):
        OfficeHours.parse("16:00-07:30")
    with pytest.raises(ConfigurationError):
        OfficeHours.parse("seven to four")


def test_a_public_information_request_gets_ten_working_days_unless_a_host_says_otherwise() -> None:
    policy = SlaPolicy()
    facts = {"agency_id": "pemkab-sleman", "category": "informasi"}
    info = policy.rule_for("follow_up", **facts, complaint_type="permintaan_informasi")
    assert (info.value, info.unit) == (10, TimeUnit.working_days)
    assert "UU 14/2008 Pasal 22" in info.citation
    assert policy.rule_for("follow_up", **facts, complaint_type="pengaduan").value == 5
    sop = RuleOverride(clock="follow_up", value=3, agency_id="pemkab-sleman", citation="SOP")
    assert (
        SlaPolicy(overrides=(sop,))
        .rule_for("follow_up", **facts, complaint_type="permintaan_informasi")
        .value
        == 3
    )
