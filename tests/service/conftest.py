"""Fixtures for the service tests: a service on each embedded adapter, with deterministic parts."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import strategies as st

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import BreachDetails, Event, NoDetails
from sp4n.lifecycle.model import Complaint
from sp4n.lifecycle.status import Action, Status
from sp4n.notify import Audience, Recipient
from sp4n.notify.directory import StaticDirectory
from sp4n.service import SYSTEM_ACTOR, Service, create_service
from sp4n.sla.timers import DueAction
from sp4n.testing.fakes import ManualClock, RecordingEventNotifier, SequentialIds, SequentialTrackingNumbers

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


def _mailbox(id_: str, audience: Audience) -> Recipient:
    return Recipient(id=id_, audience=audience, channel="email", address=f"{id_}@example.go.id")


#: Who hears about a Sleman complaint, each by e-mail: the agency admin, the disdik unit, the national
#: admin and Ombudsman RI (for the tests that read the messages a command leads to).
DIRECTORY = StaticDirectory(
    agencies={"pemkab-sleman": [_mailbox("admin", Audience.agency_admin)]},
    units={("pemkab-sleman", "disdik"): [_mailbox("disdik", Audience.unit)]},
    national=[_mailbox("national", Audience.national_admin)],
    ombudsman=[_mailbox("ombudsman", Audience.ombudsman)],
)


class CalendarDayDeadlines:
    """A small, plainly-stated SLA engine for service tests (calendar days, so expectations are obvious):
    3 days to forward, 5 days to follow up, auto-close 10 days after a follow-up nobody answered."""

    LIMITS: ClassVar[dict[str, tuple[Status, int]]] = {
        "verify": (Status.submitted, 3),
        "follow_up": (Status.forwarded, 5),
        "close": (Status.followed_up, 10),
    }

    def _running(self, complaint: Complaint, events: Sequence[Event]) -> tuple[str, datetime] | None:
        for clock, (status, days) in self.LIMITS.items():
            if complaint.status is status:
                since = max(
                    e.occurred_at for e in events if e.to_status is status and e.action != "record_breach"
                )
                return clock, since + timedelta(days=days)
        return None

    def next_due_at(self, complaint: Complaint, events: Sequence[Event]) -> datetime | None:
        running = self._running(complaint, events)
        if running is None:
            return None
        _clock, due = running
        breached = any(e.action is Action.record_breach and e.occurred_at >= due for e in events)
        return None if breached else due

    def due_actions(
        self, complaint: Complaint, events: Sequence[Event], now: datetime
    ) -> Sequence[DueAction]:
        due = self.next_due_at(complaint, events)
        running = self._running(complaint, events)
        if due is None or running is None or due > now:
            return ()
        clock = running[0]
        if clock == "close":
            closing = DueAction(
                action=Action.close, clock=clock, reason="10 days without an answer", details=NoDetails(),
                actor=SYSTEM_ACTOR,
            )  # fmt: skip
            return (closing,)
        details = BreachDetails(clock=clock, due_at=due, overdue_by=now - due)
        breach = DueAction(
            action=Action.record_breach, clock=clock, reason=f"{clock} limit passed", details=details,
            actor=SYSTEM_ACTOR,
        )  # fmt: skip
        return (breach,)


def make_submission(**changes: Any) -> dict[str, Any]:
    """A valid web submission, with ``changes`` applied."""
    data: dict[str, Any] = {
        "type": "pengaduan",
        "title": "Jalan berlubang di Godean",
        "description": "Lubang besar di Jl. Godean km 5, sudah dua bulan.",
        "category": "infrastruktur",
        "channel": "web",
        "region_code": "34.04",
        "reporter": {"name": "Siti Aminah", "nik": "3404015506900001", "phone": "081234567890"},
    }
    data.update(changes)
    return data


@pytest.fixture
def submission() -> Callable[..., dict[str, Any]]:
    """Factory of valid web submissions: ``submission(title=...)`` changes fields."""
    return make_submission


@pytest.fixture(params=["memory", "sqlite"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh unit of work on each embedded adapter."""
    if request.param == "memory":
        from sp4n.adapters.storage.memory import MemoryUnitOfWork

        yield MemoryUnitOfWork()
        return
    sqlite = pytest.importorskip("sp4n.adapters.storage.sqlite")
    uow = sqlite.SqliteUnitOfWork(tmp_path / "service.sqlite", synchronous="OFF")
    yield uow
    close = getattr(uow, "close", None)
    if close is not None:
        close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def notifier() -> RecordingEventNotifier:
    return RecordingEventNotifier()


@pytest.fixture
def service(storage: Any, clock: ManualClock, notifier: RecordingEventNotifier) -> Service:
    return create_service(
        uow=storage,
        clock=clock,
        ids=SequentialIds("id-"),
        tracking=SequentialTrackingNumbers(),
        sla=CalendarDayDeadlines(),
        resolver=lambda c: "pemkab-sleman" if "pemkab-sleman" not in c.declined_agencies else "pemprov-diy",
        notifier=notifier,
    )


# --- identity written the way people write it (for tests that quote a reporter in free text) ----------------
_CASES = st.sampled_from([str.upper, str.lower, str.title])  # identity spellings: letter case, digit gaps
_GAPS = st.sampled_from(["", " ", ".", "-", " - "])


@st.composite
def identity_spellings(draw: st.DrawFn, identity: ReporterIdentity) -> str:
    """One of ``identity``'s values written another way: a name (or one 3+-letter token of it) in any case
    with any spacing; a phone as 0812…, 812…, 62812…, +62 812… with spaces, dots or dashes; a NIK with
    separators; an e-mail in any case."""
    kind = draw(st.sampled_from([k for k in ("name", "phone", "nik", "email") if getattr(identity, k)]))
    value: str = getattr(identity, kind)
    if kind == "name":
        tokens = [t for t in value.split() if len(t) >= 3] or value.split()
        chosen = draw(st.sampled_from([tokens, *[[t] for t in tokens]]))
        return draw(st.sampled_from([" ", "  ", "\t", " \n "])).join(draw(_CASES)(t) for t in chosen)
    if kind == "email":
        return "".join(c.upper() if draw(st.booleans()) else c for c in value)
    digits = value.removeprefix("+62").removeprefix("62").removeprefix("0") if kind == "phone" else value
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=4)))
    parts = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    prefix = draw(st.sampled_from(["0", "62", "+62", "+62 ", "(+62) ", ""])) if kind == "phone" else ""
    return prefix + "".join(p + draw(_GAPS) for p in parts[:-1]) + parts[-1]
