"""A discrete-event simulation of weeks of LAPOR! traffic through the real application service.

Citizens file complaints between 2 March and 10 April 2026, across the Idul Fitri leave (16–24 March 2026:
libur nasional 19, 21, 22 March and cuti bersama 18, 20, 23, 24 March, per the SKB of three ministers).
Officers act only on working days of their office's calendar; each agency has its own pace, so some miss
their limits. The SLA timers (``run_due``, then ``on_tick``) run every simulated hour. Everything random
comes from one seeded generator, and the service gets a manual clock, sequential ids and seeded tracking
numbers: a seed always gives the same run.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import attrs

from sp4n.adapters.system import ManualClock
from sp4n.demo.progress import Progress
from sp4n.demo.world import CATEGORIES, ORIGINS, Category, World, invent_person
from sp4n.exceptions import Sp4nError
from sp4n.lifecycle.model import Actor, Role
from sp4n.service import SYSTEM_ACTOR, Service
from sp4n.sla.workdays import WorkingCalendar

__all__ = ["FIRST_DAY", "LAST_FILING_DAY", "Simulation", "Stats"]

WIB = ZoneInfo("Asia/Jakarta")
FIRST_DAY = datetime(2026, 3, 2, tzinfo=WIB)
LAST_FILING_DAY = datetime(2026, 4, 11, tzinfo=WIB)
#: The simulation runs on until every reply window can have closed.
END = datetime(2026, 5, 29, tzinfo=WIB)
#: Mean follow-up time (working days) of each pilot government: some are quicker than others.
PACE = {
    "pemkab-34.04": 2.2,
    "pemkab-51.03": 3.0,
    "pemkab-36.03": 4.2,
    "pemprov-34": 2.8,
    "pemprov-51": 3.2,
    "pemprov-13": 3.8,
}
_OPEN, _CLOSE, _OFFICE_HOURS = time(8), time(16), 8.0
_CHANNELS = (("web", 0.45), ("app", 0.25), ("sms", 0.2), ("twitter", 0.1))


@attrs.define
class Stats:
    """Counts the run reports."""

    submitted: int = 0
    retries: int = 0
    replayed: int = 0
    refused: int = 0
    timer_events: int = 0


@attrs.frozen(kw_only=True)
class Fate:
    """What will happen to one complaint (drawn when it is filed)."""

    category: Category
    archive: bool
    decline: bool
    hold: bool
    verify_days: float
    follow_days: float
    reporter: str


class Simulation:
    """Drives ``service`` through simulated weeks; :meth:`run` returns the statistics."""

    #: Called after ``run_due`` at every timer tick, as a host's timer worker would run its reminders.
    on_tick: Callable[[datetime], None] | None = None

    def __init__(
        self, service: Service, clock: ManualClock, world: World, calendar: WorkingCalendar, *, seed: int
    ) -> None:
        self.service = service
        self.clock = clock
        self.world = world
        self.calendar = calendar
        self.rng = random.Random(seed)
        self.seed = seed
        self.stats = Stats()
        self._queue: list[tuple[datetime, int, str, str]] = []
        self._order = 0
        self._fates: dict[str, Fate] = {}
        self._steps: dict[str, Callable[[str, datetime], None]] = {
            "verify": self._verify,
            "dispose": self._dispose,
            "reroute": self._reroute,
            "start": self._start,
            "hold": self._hold,
            "resume": self._resume,
            "follow_up": self._follow_up,
            "close": self._reporter_close,
            "reply": self._reporter_reply,
        }

    # --- scheduling -----------------------------------------------------------------------------------

    def _push(self, when: datetime, complaint_id: str, step: str) -> None:
        self._order += 1
        heapq.heappush(self._queue, (when.astimezone(UTC), self._order, complaint_id, step))

    def later(self, at: datetime, zone: str, working_days: float) -> datetime:
        """The instant ``working_days`` of office time after ``at`` (08:00-16:00 local on working days)."""
        tz = ZoneInfo(zone)
        local = at.astimezone(tz)
        hours = max(working_days, 0.0) * _OFFICE_HOURS
        day, start = local.date(), max(local, datetime.combine(local.date(), _OPEN, tzinfo=tz))
        if not self.calendar.is_working_day(day) or local.time() >= _CLOSE:
            day = self.calendar.add_working_days(day, 1)
            start = datetime.combine(day, _OPEN, tzinfo=tz)
        while True:
            left = (datetime.combine(day, _CLOSE, tzinfo=tz) - start).total_seconds() / 3600
            if hours <= left:
                result = start + timedelta(hours=hours)
                return max(result, at + timedelta(minutes=5)).astimezone(UTC)
            hours -= left
            day = self.calendar.add_working_days(day, 1)
            start = datetime.combine(day, _OPEN, tzinfo=tz)

    def _zone(self, complaint_id: str) -> str:
        agency_id = self.service.get(complaint_id, actor=SYSTEM_ACTOR).agency_id
        return "Asia/Jakarta" if agency_id is None else self.world.agency(agency_id).timezone

    # --- the run --------------------------------------------------------------------------------------

    def run(self, count: int, progress: TextIO | None = None) -> Stats:
        """File ``count`` complaints, play every step and timer until the end, and return the counts."""
        span = (LAST_FILING_DAY - FIRST_DAY).total_seconds()
        filings = sorted(FIRST_DAY + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(count))
        for n, at in enumerate(filings):
            self._push(at, f"#{n}", "file")
        tick = FIRST_DAY.astimezone(UTC)
        report = Progress(progress, count)
        while self._queue:
            when, _, complaint_id, step = heapq.heappop(self._queue)
            while tick <= when:
                self._timers(tick)
                tick += timedelta(hours=1)
            self.clock.set(when)
            if step == "file":
                self._file(when)
                report.update(self.stats.submitted, when)
            else:
                self._act(complaint_id, step, when)
        while tick <= END.astimezone(UTC):
            self._timers(tick)
            tick += timedelta(hours=1)
        report.done()
        return self.stats

    def _timers(self, at: datetime) -> None:
        self.clock.set(at)
        self.stats.timer_events += self.service.run_due(at)
        if self.on_tick is not None:
            self.on_tick(at)

    def _act(self, complaint_id: str, step: str, when: datetime) -> None:
        try:
            self._steps[step](complaint_id, when)
        except Sp4nError:
            # The world moved on (a timer closed it, the reporter already answered): people then do nothing.
            self.stats.refused += 1

    # --- filing ---------------------------------------------------------------------------------------

    def _draw_fate(self, origin: str) -> Fate:
        rng = self.rng
        choices = [c for c in CATEGORIES if c.kabupaten or origin != "36.03"]
        category = rng.choice(choices)
        can_decline = category.kabupaten and origin in ("34.04", "51.03")
        return Fate(
            category=category,
            archive=rng.random() < 0.04,
            decline=can_decline and rng.random() < 0.12,
            hold=rng.random() < 0.06,
            verify_days=rng.triangular(0.1, 4.5, 0.8),
            follow_days=rng.triangular(0.3, 2.2, 0.9),
            reporter=rng.choices(["close", "reply", "silent"], weights=[45, 15, 40])[0],
        )

    def _payload(self, origin: str, fate: Fate, channel: str) -> dict[str, Any]:
        person = invent_person(self.rng, origin)
        reporter: dict[str, Any] | None = attrs.asdict(person)  # web and app forms: name, NIK, phone, e-mail
        if channel == "sms":
            reporter = {"phone": person.phone}  # SMS 1708 carries a number, no NIK
        elif channel == "twitter":
            reporter = None
        return {
            "type": self.rng.choices(["pengaduan", "aspirasi", "permintaan_informasi"], weights=[80, 12, 8])[
                0
            ],
            "title": self.rng.choice(fate.category.titles),
            "description": f"Laporan warga tentang {fate.category.id.replace('-', ' ')} di wilayah {origin}.",
            "category": fate.category.id,
            "channel": channel,
            "region_code": origin,
            "anonim": self.rng.random() < 0.15,
            "rahasia": self.rng.random() < 0.05,
            "reporter": reporter,
        }

    def _file(self, when: datetime) -> None:
        origin = self.rng.choice(ORIGINS)
        fate = self._draw_fate(origin)
        channel = self.rng.choices([c for c, _ in _CHANNELS], weights=[w for _, w in _CHANNELS])[0]
        payload = self._payload(origin, fate, channel)
        key = f"{channel}-{self.seed}-{self.stats.submitted}" if channel == "sms" else None
        receipt = self.service.submit(payload, idempotency_key=key)
        self.stats.submitted += 1
        if key is not None and self.rng.random() < 0.1:
            # The SMS gateway did not see our answer and sends the same message again.
            self.stats.retries += 1
            self.stats.replayed += self.service.submit(payload, idempotency_key=key).replayed
        self._fates[receipt.complaint_id] = fate
        self._push(self.later(when, "Asia/Jakarta", fate.verify_days), receipt.complaint_id, "verify")

    # --- steps ----------------------------------------------------------------------------------------

    def _verify(self, cid: str, when: datetime) -> None:
        fate = self._fates[cid]
        if fate.archive:
            self.service.archive(
                {"complaint_id": cid, "reason": "Duplikat laporan sebelumnya"}, actor=self.world.admin
            )
            return
        agency_id = self.service.verify_and_forward({"complaint_id": cid}, actor=self.world.admin).agency_id
        zone = self.world.agency(agency_id or "").timezone
        self._push(self.later(when, zone, self.rng.uniform(0.1, 0.8)), cid, "dispose")

    def _dispose(self, cid: str, when: datetime) -> None:
        complaint = self.service.get(cid, actor=SYSTEM_ACTOR)
        agency_id = complaint.agency_id or ""
        admin = self.world.agency_admin(agency_id)
        zone = self._zone(cid)
        if self._fates[cid].decline and not complaint.declines:
            reason = "Bukan wewenang: urusan pemerintah provinsi"
            self.service.decline({"complaint_id": cid, "reason": reason}, actor=admin)
            self._push(self.later(when, "Asia/Jakarta", self.rng.uniform(0.2, 1.5)), cid, "reroute")
            return
        unit = self._fates[cid].category.unit
        self.service.dispose({"complaint_id": cid, "unit_ids": [unit]}, actor=admin)
        self._push(self.later(when, zone, self.rng.uniform(0.05, 0.5)), cid, "start")

    def _reroute(self, cid: str, when: datetime) -> None:
        self.service.reroute(
            {"complaint_id": cid, "reason": "Diteruskan ke pemerintah provinsi"}, actor=self.world.admin
        )
        self._push(self.later(when, self._zone(cid), self.rng.uniform(0.1, 0.8)), cid, "dispose")

    def _officer(self, cid: str) -> Actor:
        agency_id = self.service.get(cid, actor=SYSTEM_ACTOR).agency_id or ""
        return self.world.officer(agency_id, self._fates[cid].category.unit)

    def _start(self, cid: str, when: datetime) -> None:
        self.service.start({"complaint_id": cid}, actor=self._officer(cid))
        fate, zone = self._fates[cid], self._zone(cid)
        if fate.hold:
            self._push(self.later(when, zone, 0.5), cid, "hold")
        else:
            self._push(self.later(when, zone, self._pace(cid) * fate.follow_days), cid, "follow_up")

    def _pace(self, cid: str) -> float:
        return PACE.get(self.service.get(cid, actor=SYSTEM_ACTOR).agency_id or "", 3.0)

    def _hold(self, cid: str, when: datetime) -> None:
        admin = self.world.agency_admin(self.service.get(cid, actor=SYSTEM_ACTOR).agency_id or "")
        self.service.hold({"complaint_id": cid, "reason": "Menunggu hasil survei lapangan"}, actor=admin)
        self._push(self.later(when, self._zone(cid), self.rng.uniform(1.5, 4.0)), cid, "resume")

    def _resume(self, cid: str, when: datetime) -> None:
        admin = self.world.agency_admin(self.service.get(cid, actor=SYSTEM_ACTOR).agency_id or "")
        self.service.resume({"complaint_id": cid, "reason": "Survei selesai"}, actor=admin)
        self._push(self.later(when, self._zone(cid), self.rng.uniform(0.5, 2.0)), cid, "follow_up")

    def _follow_up(self, cid: str, when: datetime) -> None:
        note = "Sudah ditindaklanjuti oleh petugas; mohon konfirmasi."
        self.service.follow_up({"complaint_id": cid, "reason": note}, actor=self._officer(cid))
        complaint = self.service.get(cid, actor=SYSTEM_ACTOR)
        answer = self._fates[cid].reporter
        if complaint.reporter_ref is None or answer == "silent":
            return
        self._push(when + timedelta(hours=self.rng.uniform(3, 120)), cid, answer)

    def _reporter(self, cid: str) -> Actor:
        return Actor(id=self.service.get(cid, actor=SYSTEM_ACTOR).reporter_ref or "", role=Role.reporter)

    def _reporter_close(self, cid: str, when: datetime) -> None:
        self.service.close(
            {"complaint_id": cid, "reason": "Terima kasih, sudah selesai."}, actor=self._reporter(cid)
        )

    def _reporter_reply(self, cid: str, when: datetime) -> None:
        reason = "Belum selesai, masalah masih terjadi."
        self.service.reply({"complaint_id": cid, "reason": reason}, actor=self._reporter(cid))
        # After one reply the reporter either accepts the second follow-up or stays silent.
        self._fates[cid] = attrs.evolve(self._fates[cid], reporter=self.rng.choice(["close", "silent"]))
        self._push(self.later(when, self._zone(cid), self.rng.uniform(0.5, 3.0)), cid, "follow_up")
