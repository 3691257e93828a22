"""docs/lifecycle.md is generated from the code; it must never drift from it.

Regenerate after a deliberate change:
``SP4N_REGENERATE_DOCS=1 .venv/bin/pytest tests/lifecycle/test_docs_drift.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sp4n.lifecycle.access import RULES
from sp4n.lifecycle.docs import render_lifecycle_doc
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.table import edges
from sp4n.sla.docs import render_lifecycle_page
from sp4n.sla.rules import NATIONAL_RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md"


def test_docs_lifecycle_md_matches_what_the_code_generates() -> None:
    expected = render_lifecycle_page()
    if os.environ.get("SP4N_REGENERATE_DOCS") == "1":
        DOC.write_text(expected, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/lifecycle.md drifted from the code; regenerate it with "
        "SP4N_REGENERATE_DOCS=1 pytest tests/lifecycle/test_docs_drift.py"
    )


def test_the_generated_page_draws_every_transition_and_names_who_may_act() -> None:
    page = render_lifecycle_doc()
    for edge in edges():
        if not edge.internal:  # self-transitions (record_breach) are listed in the table, not drawn
            assert f"{edge.source} --> {edge.target}" in page
        assert f"| `{edge.source}` | `{edge.action}` |" in page
    for action in Action:
        if action is not Action.submit:
            assert RULES[action] in page
    for status in Status:
        assert f'state "{status.label}" as {status}' in page


def test_changing_the_rules_would_change_the_page() -> None:
    # Guards against a generator that ignores its inputs: the page depends on the permission rules.
    assert RULES[Action.verify] in render_lifecycle_doc()
    assert render_lifecycle_doc().count("| `") >= len(edges())


def test_the_action_table_names_who_and_the_clocks_each_action_moves() -> None:
    table = render_lifecycle_page().split("## Every action")[1]
    rows = {line.split(" | ")[0].strip("| `"): line for line in table.splitlines() if line.startswith("| `")}
    assert set(rows) == {str(a) for a in Action}
    for rule in NATIONAL_RULES:
        for action in rule.starts_on:
            assert f"starts {rule.clock}" in rows[action] or f", {rule.clock}" in rows[action]
    assert "starts follow_up" in rows["reopen"]
    assert "starts lhp_follow_up" in rows["record_lhp"]
    assert "pauses follow_up" in rows["hold"]
    assert "stops lhp_follow_up" in rows["record_response"]
    assert RULES[Action.reopen] in rows["reopen"]
