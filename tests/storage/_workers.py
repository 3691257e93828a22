"""Subprocess workers for the fault tests (run as a script; importing it does nothing).

``writer URL PREFIX FIRST``: walks complaints FIRST, FIRST+1, ... to ``closed``, one transaction per step,
forever (until killed). ``racer URL PREFIX NAME ATTEMPTS``: toggles complaint ``race`` between held and
disposed ATTEMPTS times, printing the reason of every command that committed.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from itertools import count

from sp4n.adapters.storage.urls import unit_of_work_from_url
from sp4n.exceptions import ConcurrencyConflict
from sp4n.lifecycle.engine import apply, replay
from sp4n.lifecycle.status import Action, Status
from sp4n.testing.lifecycle import AGENCY_ADMIN, walked


def writer(url: str, prefix: str, first: int) -> None:
    uow = unit_of_work_from_url(url, prefix=prefix, migrate=True)
    for n in count(first):
        _, events = walked(f"w-{n}", Status.closed)
        for k in range(1, len(events) + 1):
            with uow:
                uow.complaints.save(replay(events[:k]), events[k - 1 : k], expected_version=k - 1)
                uow.commit()


def racer(url: str, prefix: str, name: str, attempts: int) -> None:
    uow = unit_of_work_from_url(url, prefix=prefix, migrate=True)
    for n in range(attempts):
        reason = f"{name}-{n}"
        try:
            with uow:
                current = uow.complaints.get("race")
                action = Action.resume if current.status is Status.on_hold else Action.hold
                at = current.updated_at + timedelta(seconds=1)
                new, event = apply(current, action, AGENCY_ADMIN, at, reason=reason)
                uow.complaints.save(new, [event], expected_version=current.version)
                uow.commit()
        except ConcurrencyConflict:
            continue
        # The parent test reads the accepted commands from stdout; a script's output is its print.
        print(reason, flush=True)  # noqa: T201


if __name__ == "__main__":
    mode, url, prefix, *rest = sys.argv[1:]
    if mode == "writer":
        writer(url, prefix, int(rest[0]))
    else:
        racer(url, prefix, rest[0], int(rest[1]))
