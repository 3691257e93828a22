"""A hypothesis state machine drives random actions by random actors against one complaint.

Allowed commands succeed; refused ones raise a typed error and change nothing. After every step: the
version equals the number of events, terminal statuses absorb, replay equals the current complaint, and no
reporter identity reaches public or agency views of anonim complaints.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sp4n.exceptions import InvalidTransition, NotPermitted, RuleViolation
from sp4n.lifecycle.access import allowed_actions, can
from sp4n.lifecycle.conditions import escalation_grounds
from sp4n.lifecycle.engine import apply, new_complaint, replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Actor, Channel, Complaint, ComplaintType, Role
from sp4n.lifecycle.redaction import REDACTABLE_FIELDS, plan_redaction, redacted_history, text_of
from sp4n.lifecycle.status import TERMINAL, WAITING, Action, Status
from sp4n.lifecycle.views import agency_event_view, agency_view, public_event_view, public_view
from sp4n.testing.lifecycle import (
    ACTORS,
    AGENCIES,
    FILES,
    NATIONAL_ADMIN,
    REPORTER,
    T0,
    a_complaint_in,
    escalable,
)
from sp4n.testing.strategies import (
    Command,
    commands,
    histories,
    permitted_commands,
    run_command,
    submitted,
)

_History = tuple[Complaint, list[Event]]


def _then(start: _History, action: Action, actor: Actor, **details: Any) -> _History:
    complaint, events = start
    after, event = apply(complaint, action, actor, complaint.updated_at + timedelta(hours=1), reason="alasan",
                         **details)  # fmt: skip
    return after, [*events, event]


def _information_request() -> _History:
    complaint, event = new_complaint(
        complaint_id="c-1", tracking_id="LAP-000000002", type=ComplaintType.permintaan_informasi,
        title="Salinan APBD", description="Mohon salinan APBD 2026", category="keuangan", region_code="34.04",
        channel=Channel.web, actor=REPORTER, at=T0,
    )  # fmt: skip
    return _then((complaint, [event]), Action.verify, NATIONAL_ADMIN, agency_id=AGENCIES[0])


#: Where the machine may begin besides a fresh submission: every status the library walks to, and the pasts
#: some actions need (a ground for Ombudsman RI, a co-handler, a file, a flag, a permintaan informasi), so
#: that every action, also those deep in the Ombudsman path, is taken in ordinary runs.
STARTS: list[_History] = [
    *(a_complaint_in(s) for s in Status if s not in TERMINAL),
    escalable(Status.forwarded),
    escalable(Status.closed),
    _then(a_complaint_in(Status.forwarded), Action.add_agency, NATIONAL_ADMIN, agency_id=AGENCIES[1]),
    _then(a_complaint_in(Status.forwarded), Action.add_information, REPORTER, attachments=(FILES[0],)),
    _then(a_complaint_in(Status.forwarded), Action.flag_redaction, NATIONAL_ADMIN),
    _information_request(),
]
_FIRST = st.one_of(submitted().map(lambda pair: (pair[0], [pair[1]])), st.sampled_from(STARTS))


class ComplaintLife(RuleBasedStateMachine):
    """One complaint, its history, and everyone trying to act on it."""

    def __init__(self) -> None:
        super().__init__()
        self.complaint: Complaint
        self.events: list[Event] = []
        self.terminal_at: int | None = None

    @initialize(first=_FIRST)
    def file(self, first: _History) -> None:
        self.complaint, events = first
        self.events = list(events)

    def _attempt(self, command: Command) -> None:
        before, permitted = self.complaint, can(self.complaint, command.action, command.actor)
        try:
            after, event = apply(
                before,
                command.action,
                command.actor,
                before.updated_at + command.after,
                reason=command.reason,
                **command.details,
            )
        except (InvalidTransition, NotPermitted):
            refused_by_can = not permitted
            assert refused_by_can, "can() said yes but apply refused the transition or the actor"
            assert self.complaint is before
            return
        except RuleViolation:
            # Only details or a reason can be wrong once the transition and the actor are fine.
            assert permitted
            assert self.complaint is before
            return
        assert permitted, "apply accepted a command can() refused"
        if command.action is Action.escalate:
            assert escalation_grounds(before), "escalated without a ground (UU 37/2008 Pasal 24)"
            assert before.reporter_ref is not None
            assert not before.is_anonim or after.disclosed_to_ombudsman
        assert (event.sequence, event.from_status, event.to_status) == (
            before.version + 1,
            before.status,
            after.status,
        )
        self.complaint = after
        self.events.append(event)

    @rule(command=commands())
    def anyone_tries_anything(self, command: Command) -> None:
        self._attempt(command)

    @precondition(lambda self: not self.complaint.status.is_terminal)
    @rule(data=st.data())
    def someone_entitled_acts(self, data: Any) -> None:
        self._attempt(data.draw(permitted_commands(self.complaint)))

    @precondition(lambda self: not self.complaint.status.is_terminal)
    @rule(data=st.data())
    def the_national_admin_masks_a_text(self, data: Any) -> None:
        # ``redact`` needs the history (which text, which span): the service's way, planned then applied.
        texts = [(e.sequence, f, t) for e in self.events for f in REDACTABLE_FIELDS if (t := text_of(e, f))]
        sequence, field, text = data.draw(st.sampled_from(texts))
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        plan = plan_redaction(self.events, sequence=sequence, field=field, start=start, end=end)
        at = self.complaint.updated_at
        after, event = apply(self.complaint, Action.redact, NATIONAL_ADMIN, at, reason="nama", **plan.details)
        self.events = [*redacted_history(self.events, plan), event]
        self.complaint = replay(self.events)
        assert (after.status, after.version) == (self.complaint.status, self.complaint.version)
        assert text_of(self.events[sequence - 1], field) == plan.masked_text

    @invariant()
    def version_counts_the_events(self) -> None:
        assert self.complaint.version == len(self.events) == self.events[-1].sequence

    @invariant()
    def terminal_statuses_absorb(self) -> None:
        if self.complaint.status.is_terminal:
            if self.terminal_at is None:
                self.terminal_at = len(self.events)
            assert len(self.events) == self.terminal_at
            assert self.events[-1].to_status is self.complaint.status
            assert all(allowed_actions(self.complaint, e.actor) == frozenset() for e in self.events)

    @invariant()
    def replay_equals_the_current_complaint(self) -> None:
        assert replay(self.events) == self.complaint

    @invariant()
    def the_machine_roles_keep_to_their_work(self) -> None:
        # The intake gateway only files; the timer only records breaches, auto-closes and auto-escalates.
        timer_work = {Action.record_breach, Action.close, Action.escalate, Action.information_lapsed}
        assert all(e.actor.role is not Role.intake for e in self.events[1:])
        assert all(e.action in timer_work for e in self.events if e.actor.role is Role.system)

    @invariant()
    def nothing_declines_twice_and_the_lead_is_never_a_co_handler(self) -> None:
        declined = [d.agency_id for d in self.complaint.declines]
        assert len(declined) == len(set(declined))
        assert self.complaint.agency_id not in self.complaint.co_agency_ids
        assert len(set(self.complaint.co_agency_ids)) == len(self.complaint.co_agency_ids)

    @invariant()
    def only_the_reporter_rates_and_only_on_close(self) -> None:
        rated = self.complaint.satisfaction
        assert rated is None or (self.complaint.status is not Status.in_progress and 1 <= rated <= 5)

    @invariant()
    def a_report_in_redaction_is_never_public(self) -> None:
        if self.complaint.in_redaction:
            assert public_view(self.complaint) is None
            assert all(public_event_view(e, self.complaint) is None for e in self.events)

    @invariant()
    def held_complaints_know_where_to_return(self) -> None:
        assert (self.complaint.status in WAITING) == (self.complaint.held_from is not None)

    @invariant()
    def anonim_reporters_stay_hidden(self) -> None:
        ref = self.complaint.reporter_ref
        if ref is None:
            return
        views: list[object] = [public_view(self.complaint)]
        views += [public_event_view(e, self.complaint) for e in self.events]
        if self.complaint.is_anonim:
            views.append(agency_view(self.complaint))
            views += [agency_event_view(e, self.complaint) for e in self.events]
        assert all(ref not in repr(v) for v in views)


TestComplaintLife = ComplaintLife.TestCase


@pytest.mark.parametrize(
    ("action", "from_status"),
    [
        (Action.hold, Status.submitted),
        (Action.resume, Status.on_hold),
        (Action.extend_information_deadline, None),
        (Action.publish_attachment, None),
        (Action.flag_redaction, None),
        (Action.clear_redaction, None),
    ],
    ids=str,
)
def test_the_machine_reaches_the_newer_actions(action: Action, from_status: Status | None) -> None:
    # The rules above draw from permitted_commands; each newer action must be among what they can reach.
    def took(events: list[Event]) -> bool:
        return any(e.action is action and from_status in (None, e.from_status) for e in events)

    found = find(
        histories(max_steps=8),
        took,
        settings=settings(max_examples=5000, database=None, phases=[Phase.generate]),
    )  # no shrinking: only reachability
    assert took(found)


@pytest.mark.parametrize("action", [a for a in Action if a not in {Action.submit, Action.redact}], ids=str)
def test_the_machine_takes_every_action_from_a_start_it_may_begin_at(action: Action) -> None:
    # ``someone_entitled_acts`` draws from permitted_commands: from one of STARTS (where the machine may
    # begin) it must be able to draw ``action`` with details the library accepts. ``redact`` has its own rule.
    def taken_from(start: _History) -> bool:
        try:
            find(
                permitted_commands(start[0]),
                lambda c: c.action is action and run_command(start[0], c) is not None,
                settings=settings(max_examples=300, database=None, phases=[Phase.generate]),
            )
        except NoSuchExample:
            return False
        return True

    candidates = [s for s in STARTS if any(action in allowed_actions(s[0], a) for a in ACTORS)]
    assert any(taken_from(s) for s in candidates), f"no start lets the machine take {action}"
