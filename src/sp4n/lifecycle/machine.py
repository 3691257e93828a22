"""The complaint lifecycle, declared once with python-statemachine: the single source of truth.

Every status is a state (from :class:`~sp4n.lifecycle.status.Status`), every event is an
:class:`~sp4n.lifecycle.status.Action`. The class is *declarative*: the hot path never builds it; it uses the
table :mod:`sp4n.lifecycle.table` compiles from it at import, and a property test proves the two agree.

Refinements of LAPOR!'s canonical lifecycle (each explained in docs/lifecycle.md):

* ``hold`` from the states in which the assigned agency is working (forwarded, disposed, in_progress), and
  from ``submitted`` by the national admin (a report waiting on something outside it before verification);
* ``archive`` also from ``declined``: a report no agency is competent for may be archived by the
  national admin;
* ``escalate`` from every open state after forwarding, including ``on_hold`` and ``declined``, and from
  ``closed`` (within a window; :mod:`sp4n.lifecycle.conditions` says when it is allowed);
* ``reopen`` from ``closed`` back to ``in_progress`` (within a window);
* the national admin intervenes: ``reroute`` also a forwarded, disposed, in-progress or held complaint,
  ``overrule_decline`` sends a declined complaint back to the agency that declined, ``archive_duplicate`` at
  any open stage, ``add_agency`` a co-handling agency (whose officers then ``contribute``); the agency
  re-disposes (``dispose`` again), a unit hands the complaint back (``hand_back``) and decline is possible
  in progress;
* after escalation Ombudsman RI records receipt, its LHP or Rekomendasi, the reported party's response, and
  concludes; only ``archived`` and ``concluded`` are final;
* ``request_information`` waits for the reporter (``awaiting_information``); their ``add_information``, or the
  timer's ``information_lapsed``, returns where the request was made; ``add_information`` is otherwise an
  internal self-transition of every open state;
* ``extend_information_deadline`` (a permintaan informasi's one extension, UU 14/2008 Pasal 22(8)) and
  ``publish_attachment`` are internal self-transitions;
* ``record_breach`` is an internal self-transition of every state in which a clock can run;
* ``flag_redaction``, ``redact`` and ``clear_redaction`` (the national admin masking a span of a text) are
  internal self-transitions of every state that is not final.

>>> sorted(str(s.value) for s in ComplaintLifecycle.final_states)
['archived', 'concluded']
>>> machine = ComplaintLifecycle(ComplaintModel(Status.forwarded))
>>> machine.send("dispose")
>>> machine.model.status
<Status.disposed: 'disposed'>
"""

from __future__ import annotations

import functools
import operator

from statemachine import StateMachine
from statemachine.states import States
from statemachine.transition_list import TransitionList

from sp4n.lifecycle.status import Status

__all__ = ["GUARD_PREFIX", "ComplaintLifecycle", "ComplaintModel"]

#: Resume guards are named ``held_from_<status>``; the table compiler reads the status from the name.
GUARD_PREFIX = "held_from_"


class ComplaintModel:
    """The little a machine instance needs to know: where the complaint is and where it was held from."""

    def __init__(self, status: Status, held_from: Status | None = None) -> None:
        self.status = status
        self.held_from = held_from


_FINAL = frozenset({Status.archived, Status.concluded})


def _stays_in_every_open_state(states: States) -> TransitionList:
    """A self-transition of every status that is not final (a final status takes no transition at all)."""
    loops = [getattr(states, s.name).to.itself(internal=True) for s in Status if s not in _FINAL]
    together: TransitionList = functools.reduce(operator.or_, loops)
    return together


class ComplaintLifecycle(StateMachine):
    """Statuses and the actions between them (LAPOR!'s lifecycle, refined as documented above)."""

    _ = States.from_enum(
        Status,
        initial=Status.submitted,
        final=set(_FINAL),
    )

    verify = _.submitted.to(_.forwarded)
    start = _.disposed.to(_.in_progress)
    follow_up = _.forwarded.to(_.followed_up) | _.disposed.to(_.followed_up) | _.in_progress.to(_.followed_up)
    reply = _.followed_up.to(_.in_progress)
    close = _.followed_up.to(_.closed)
    hold = (
        _.forwarded.to(_.on_hold)
        | _.disposed.to(_.on_hold)
        | _.in_progress.to(_.on_hold)
        | _.submitted.to(_.on_hold)
    )
    resume = (
        _.on_hold.to(_.forwarded, cond="held_from_forwarded")
        | _.on_hold.to(_.disposed, cond="held_from_disposed")
        | _.on_hold.to(_.in_progress, cond="held_from_in_progress")
        | _.on_hold.to(_.submitted, cond="held_from_submitted")
    )
    dispose = _.forwarded.to(_.disposed) | _.disposed.to(_.disposed) | _.in_progress.to(_.disposed)
    decline = _.forwarded.to(_.declined) | _.disposed.to(_.declined) | _.in_progress.to(_.declined)
    reroute = (
        _.declined.to(_.forwarded)
        | _.forwarded.to(_.forwarded)
        | _.disposed.to(_.forwarded)
        | _.in_progress.to(_.forwarded)
        | _.on_hold.to(_.forwarded)
    )
    overrule_decline = _.declined.to(_.forwarded)
    hand_back = _.disposed.to(_.forwarded) | _.in_progress.to(_.forwarded)
    archive_duplicate = (
        _.submitted.to(_.archived)
        | _.forwarded.to(_.archived)
        | _.disposed.to(_.archived)
        | _.in_progress.to(_.archived)
        | _.followed_up.to(_.archived)
        | _.on_hold.to(_.archived)
        | _.declined.to(_.archived)
        | _.awaiting_information.to(_.archived)
    )
    add_agency = (
        _.forwarded.to.itself(internal=True)
        | _.disposed.to.itself(internal=True)
        | _.in_progress.to.itself(internal=True)
    )
    contribute = (
        _.forwarded.to.itself(internal=True)
        | _.disposed.to.itself(internal=True)
        | _.in_progress.to.itself(internal=True)
        | _.on_hold.to.itself(internal=True)
    )
    archive = _.submitted.to(_.archived) | _.forwarded.to(_.archived) | _.declined.to(_.archived)
    escalate = (
        _.forwarded.to(_.escalated)
        | _.disposed.to(_.escalated)
        | _.in_progress.to(_.escalated)
        | _.followed_up.to(_.escalated)
        | _.on_hold.to(_.escalated)
        | _.declined.to(_.escalated)
        | _.awaiting_information.to(_.escalated)
        | _.closed.to(_.escalated)
    )
    reopen = _.closed.to(_.in_progress)
    ombudsman_receive = _.escalated.to(_.examined_by_ombudsman)
    record_lhp = _.examined_by_ombudsman.to(_.lhp_issued)
    record_recommendation = _.lhp_issued.to(_.recommendation_issued) | _.answered_to_ombudsman.to(
        _.recommendation_issued
    )
    record_response = _.lhp_issued.to(_.answered_to_ombudsman) | _.recommendation_issued.to(
        _.answered_to_ombudsman
    )
    conclude = (
        _.examined_by_ombudsman.to(_.concluded)
        | _.lhp_issued.to(_.concluded)
        | _.recommendation_issued.to(_.concluded)
        | _.answered_to_ombudsman.to(_.concluded)
    )
    request_information = (
        _.submitted.to(_.awaiting_information)
        | _.forwarded.to(_.awaiting_information)
        | _.in_progress.to(_.awaiting_information)
    )
    add_information = (
        _.submitted.to.itself(internal=True)
        | _.forwarded.to.itself(internal=True)
        | _.disposed.to.itself(internal=True)
        | _.in_progress.to.itself(internal=True)
        | _.followed_up.to.itself(internal=True)
        | _.on_hold.to.itself(internal=True)
        | _.declined.to.itself(internal=True)
        | _.awaiting_information.to(_.submitted, cond="held_from_submitted")
        | _.awaiting_information.to(_.forwarded, cond="held_from_forwarded")
        | _.awaiting_information.to(_.in_progress, cond="held_from_in_progress")
    )
    information_lapsed = (
        _.awaiting_information.to(_.submitted, cond="held_from_submitted")
        | _.awaiting_information.to(_.forwarded, cond="held_from_forwarded")
        | _.awaiting_information.to(_.in_progress, cond="held_from_in_progress")
    )
    extend_information_deadline = (
        _.forwarded.to.itself(internal=True)
        | _.disposed.to.itself(internal=True)
        | _.in_progress.to.itself(internal=True)
        | _.on_hold.to.itself(internal=True)
    )
    publish_attachment = (
        _.submitted.to.itself(internal=True)
        | _.forwarded.to.itself(internal=True)
        | _.disposed.to.itself(internal=True)
        | _.in_progress.to.itself(internal=True)
        | _.followed_up.to.itself(internal=True)
        | _.closed.to.itself(internal=True)
        | _.on_hold.to.itself(internal=True)
        | _.declined.to.itself(internal=True)
        | _.awaiting_information.to.itself(internal=True)
    )
    record_breach = (
        _.submitted.to.itself(internal=True)
        | _.forwarded.to.itself(internal=True)
        | _.disposed.to.itself(internal=True)
        | _.in_progress.to.itself(internal=True)
        | _.followed_up.to.itself(internal=True)
        | _.on_hold.to.itself(internal=True)
        | _.declined.to.itself(internal=True)
        | _.awaiting_information.to.itself(internal=True)
        | _.lhp_issued.to.itself(internal=True)
        | _.recommendation_issued.to.itself(internal=True)
    )

    flag_redaction = _stays_in_every_open_state(_)
    redact = _stays_in_every_open_state(_)
    clear_redaction = _stays_in_every_open_state(_)

    def __init__(self, model: ComplaintModel) -> None:
        super().__init__(model=model, state_field="status", start_value=model.status)

    def held_from_submitted(self) -> bool:
        """Guard: return to submitted only if the national admin asked for information there."""
        return bool(self.model.held_from is Status.submitted)

    def held_from_forwarded(self) -> bool:
        """Guard: resume to forwarded only if that is where the hold began."""
        return bool(self.model.held_from is Status.forwarded)

    def held_from_disposed(self) -> bool:
        """Guard: resume to disposed only if that is where the hold began."""
        return bool(self.model.held_from is Status.disposed)

    def held_from_in_progress(self) -> bool:
        """Guard: resume to in_progress only if that is where the hold began."""
        return bool(self.model.held_from is Status.in_progress)
