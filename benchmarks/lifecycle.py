"""Lifecycle: our pure ``apply()`` against a python-statemachine built per command and pytransitions.

All contenders run the same workflow in the same process: submit -> verify -> dispose -> start ->
follow_up -> close (the five transitions after the submit are the "commands" timed per command):

- (a) ours: ``sp4n.lifecycle.engine.apply`` per command, which also checks permissions, validates details,
  builds the event and the new complaint (reported per transition command, and per whole workflow
  including ``submit``);
- (b) naive: the same ``ComplaintLifecycle`` class, bound to a model and built per command, then one
  ``send()`` (state change only: no permissions, no event);
- (c) pytransitions with one shared ``Machine`` built from our compiled table: ``add_model`` once per
  complaint, ``trigger`` per command, ``remove_model`` at the end (the target is judged on this, its best
  case); a stateless service that loads the complaint per command pays ``add_model`` + ``trigger`` +
  ``remove_model`` every time, reported as (c');
- (d) replay throughput: rebuilding 100,000 complaints of 6 events each with ``replay()`` (one complaint
  built per history), with ``evolve()`` folded event by event (one complaint per event) as a reference.

Targets: (a) >= 10x cheaper than (b) and cheaper than (c); (d) >= 200,000 events/s.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from _common import emit, median_seconds, parse_args
from transitions import Machine

from sp4n.lifecycle.engine import apply, evolve, new_complaint, replay
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.machine import ComplaintLifecycle, ComplaintModel
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.table import edges
from sp4n.testing.lifecycle import AGENCY_ADMIN, NATIONAL_ADMIN, REPORTER, UNIT_OFFICER

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
WORKFLOW: tuple[tuple[Action, Actor, dict[str, Any]], ...] = (
    (Action.verify, NATIONAL_ADMIN, {"agency_id": "pemkab-sleman"}),
    (Action.dispose, AGENCY_ADMIN, {"unit_ids": ("disdik",)}),
    (Action.start, UNIT_OFFICER, {}),
    (Action.follow_up, UNIT_OFFICER, {}),
    (Action.close, REPORTER, {}),
)
COMMANDS = len(WORKFLOW)


def _submitted(n: int) -> tuple[Complaint, Event]:
    return new_complaint(
        complaint_id=f"c-{n}", tracking_id=f"LAP-{n:09d}", type="pengaduan", title="Jalan rusak",
        description="Lubang di Jl. Godean km 5", category="infrastruktur", region_code="34.04",
        channel="web", actor=REPORTER, at=T0,
    )  # fmt: skip


def _history(n: int) -> list[Event]:
    complaint, event = _submitted(n)
    events = [event]
    for step, (action, actor, details) in enumerate(WORKFLOW, start=1):
        complaint, event = apply(complaint, action, actor, T0 + timedelta(hours=step), **details)
        events.append(event)
    return events


def ours(rounds: int) -> None:
    start, _ = _submitted(0)
    for _ in range(rounds):
        complaint = start
        for action, actor, details in WORKFLOW:
            complaint, _event = apply(complaint, action, actor, T0, **details)


def ours_with_submit(rounds: int) -> None:
    for n in range(rounds):
        complaint, _event = _submitted(n)
        for action, actor, details in WORKFLOW:
            complaint, _event = apply(complaint, action, actor, T0, **details)


def naive_statemachine(rounds: int) -> None:
    for _ in range(rounds):
        model = ComplaintModel(Status.submitted)
        for action, _actor, _details in WORKFLOW:
            ComplaintLifecycle(model).send(str(action))


class _PtModel:
    """A bare model; pytransitions attaches ``trigger`` and the state attribute when it is added."""

    state: str


def _pytransitions_machine() -> Any:
    plain = [e for e in edges() if e.guard is None and not e.internal]
    return Machine(
        model=None,
        states=[str(s) for s in Status],
        transitions=[
            {"trigger": str(e.action), "source": str(e.source), "dest": str(e.target)} for e in plain
        ],
        initial=str(Status.submitted),
        auto_transitions=False,
    )


def pytransitions_per_command(machine: Any, rounds: int) -> None:
    for _ in range(rounds):
        model: Any = _PtModel()
        model.state = str(Status.submitted)
        for action, _actor, _details in WORKFLOW:
            machine.add_model(model, initial=model.state)
            model.trigger(str(action))
            machine.remove_model(model)


def pytransitions(machine: Any, rounds: int) -> None:
    for _ in range(rounds):
        model: Any = _PtModel()
        machine.add_model(model)
        for action, _actor, _details in WORKFLOW:
            model.trigger(str(action))
        machine.remove_model(model)


def stepwise_fold(events: list[Event]) -> Complaint:
    """Reference: fold ``evolve`` event by event, building a complaint per event."""
    complaint: Complaint | None = None
    for event in events:
        complaint = evolve(complaint, event)
    assert complaint is not None
    return complaint


def _replay_rate(histories: list[list[Event]], fold: Any, repeat: int) -> float:
    seconds = median_seconds(lambda: [fold(h) for h in histories], repeat)
    return sum(len(h) for h in histories) / seconds


def main() -> None:
    args = parse_args(__doc__ or "")
    rounds = 200 if args.smoke else 20_000
    complaints = 300 if args.smoke else 100_000
    repeat = 1 if args.smoke else args.repeat
    machine = _pytransitions_machine()
    per = 1e6 / (rounds * COMMANDS)

    a_us = median_seconds(lambda: ours(rounds), repeat) * per
    a_full_us = median_seconds(lambda: ours_with_submit(rounds), repeat) * 1e6 / (rounds * (COMMANDS + 1))
    # Building a machine per command is slow: a tenth of the rounds gives a stable median sooner.
    b_rounds = rounds if args.smoke else rounds // 10
    b_us = median_seconds(lambda: naive_statemachine(b_rounds), repeat) * 1e6 / (b_rounds * COMMANDS)
    c_us = median_seconds(lambda: pytransitions(machine, rounds), repeat) * per
    c_load_us = (
        median_seconds(lambda: pytransitions_per_command(machine, b_rounds), repeat)
        * 1e6
        / (b_rounds * COMMANDS)
    )

    started = time.perf_counter()
    histories = [_history(n) for n in range(complaints)]
    built_s = time.perf_counter() - started
    assert all(replay(h) == stepwise_fold(h) for h in histories[:50])
    d_rate = _replay_rate(histories, replay, repeat)
    d_step = _replay_rate(histories[: max(complaints // 10, 50)], stepwise_fold, repeat)

    print(f"workflow: submit + {COMMANDS} commands; rounds={rounds}, repeat={repeat} (medians)")
    print(f"(a) ours apply()                    {a_us:8.2f} us/command ({a_full_us:.2f} us incl. submit)")
    print(
        f"(b) python-statemachine per command {b_us:8.2f} us/command  -> ours is {b_us / a_us:5.1f}x cheaper"
    )
    print(
        f"(c) pytransitions shared, trigger   {c_us:8.2f} us/command  -> ours is {c_us / a_us:5.1f}x cheaper"
    )
    print(f"(c') pytransitions add+trigger+rm   {c_load_us:8.2f} us/command  (model loaded per command)")
    print(f"(d) replay {complaints} complaints x 6 events: {d_rate:,.0f} events/s (evolve() event by event:")
    print(f"    {d_step:,.0f} events/s); building the histories with apply() took {built_s:.1f} s")
    emit(
        {
            "benchmark": "lifecycle",
            "smoke": args.smoke,
            "apply_us_per_command": round(a_us, 3),
            "apply_us_per_command_incl_submit": round(a_full_us, 3),
            "naive_statemachine_us_per_command": round(b_us, 3),
            "pytransitions_us_per_command": round(c_us, 3),
            "pytransitions_loaded_per_command_us": round(c_load_us, 3),
            "ratio_naive_statemachine_over_ours": round(b_us / a_us, 2),
            "ratio_pytransitions_over_ours": round(c_us / a_us, 2),
            "replay_events_per_s": round(d_rate),
            "stepwise_evolve_events_per_s": round(d_step),
            "replay_complaints": complaints,
            "target_10x_vs_naive_met": b_us / a_us >= 10,
            "target_cheaper_than_pytransitions_met": a_us < c_us,
            "target_replay_200k_met": d_rate >= 200_000,
            "median_of": repeat,
        }
    )


if __name__ == "__main__":
    main()
