"""The compiled table and the python-statemachine class give the same answer everywhere.

The machine is the single definition; the table is what the hot path reads. For every status, action and
held_from (which decides the resume guards), a machine bound to a model must end where the table says, or
refuse exactly when the table has no target.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statemachine.exceptions import TransitionNotAllowed

from sp4n.lifecycle.machine import ComplaintLifecycle, ComplaintModel
from sp4n.lifecycle.status import TERMINAL, Action, Status
from sp4n.lifecycle.table import TABLE, actions_from, edges, target

EVENTS = [a for a in Action if a is not Action.submit]
HELD = [None, *Status]


def machine_outcome(status: Status, action: Action, held_from: Status | None) -> Status | None:
    model = ComplaintModel(status, held_from)
    machine = ComplaintLifecycle(model)
    try:
        machine.send(str(action))
    except TransitionNotAllowed:
        return None
    assert machine.current_state_value == model.status
    return Status(model.status)


@pytest.mark.parametrize(
    ("status", "action", "held_from"), list(itertools.product(Status, EVENTS, HELD)), ids=str
)
def test_table_and_machine_agree_on_every_status_action_and_guard(
    status: Status, action: Action, held_from: Status | None
) -> None:
    assert target(status, action, held_from) == machine_outcome(status, action, held_from)


@given(st.sampled_from(Status), st.sampled_from(EVENTS), st.sampled_from(HELD))
def test_a_machine_refusal_leaves_its_model_untouched(
    status: Status, action: Action, held_from: Status | None
) -> None:
    model = ComplaintModel(status, held_from)
    if target(status, action, held_from) is None:
        with pytest.raises(TransitionNotAllowed):
            ComplaintLifecycle(model).send(str(action))
        assert model.status is status


def test_the_table_lists_every_transition_the_machine_declares_and_no_other() -> None:
    declared = {
        (Status(t.source.value), Action(str(ev)), Status(t.target.value))
        for s in ComplaintLifecycle.states
        for t in s.transitions
        for ev in t.events
    }
    assert {(e.source, e.action, e.target) for e in edges()} == declared
    assert sum(len(g) for by in TABLE.values() for g in by.values()) == len(declared)


def test_terminal_statuses_have_no_way_out() -> None:
    for status in TERMINAL:
        assert actions_from(status) == frozenset()


def test_the_machine_rejects_the_submit_event_because_creation_is_not_a_transition() -> None:
    assert all(Action.submit not in actions_from(s) for s in Status)
