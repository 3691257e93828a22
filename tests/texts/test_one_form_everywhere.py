"""One complaint, every surface: its deadline, tracking number and agency are written one way in the SMS, the
e-mail, the tracking page (with its timeline), the demo's timeline and the command line, in both languages.

The expected forms are written out by hand here (not computed by sp4n): a report filed in Kabupaten Badung
(WITA) and forwarded on Monday 2 March 2026 must get its agency's follow-up within 5 working days
(PermenPANRB 62/2018), so the limit ends at the close of Monday 9 March — written as offices write a closing
time, 23.59 of that day, never 00.00 of the next.
"""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from sp4n.adapters.system import ManualClock
from sp4n.cli import main
from sp4n.demo.report import read_ledger, timeline
from sp4n.demo.world import build_world
from sp4n.lifecycle.model import Actor, Role
from sp4n.notify import MessageRenderer
from sp4n.notify.directory import StaticDirectory
from sp4n.service import RenderFromLog, SlaDeadlineSource, UnitOfWorkReader, create_service
from sp4n.service.app import Service
from sp4n.texts import use_language
from sp4n.tracking import CounterTrackingNumbers
from sp4n.web import create_app

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 2 March 2026, 09.00 WITA
ADMIN = Actor(id="adm", role=Role.national_admin)

DEADLINE = {"id": "Senin, 9 Maret 2026 pukul 23.59 WITA", "en": "Monday, 9 March 2026, 23:59 WITA"}
AGENCY = "Pemerintah Provinsi Bali"
#: Every other way the same instant has been written somewhere (the forms this test exists to keep out).
WRONG_FORMS = ("24.00", "24:00", "00.00", "00:00", "10 Maret 2026", "10 March 2026", "2026-03-09", "UTC")


@pytest.fixture(scope="module")
def filed() -> tuple[Service, str]:
    clock = ManualClock(T0)
    svc = create_service(clock=clock, tracking=CounterTrackingNumbers(start=7))
    receipt = svc.submit(
        {"type": "pengaduan", "title": "Jalan berlubang", "description": "Di depan SD 2", "category": "jalan",
         "channel": "web", "region_code": "51.03",
         "reporter": {"name": "Siti", "phone": "+6281234567890", "email": "siti@example.org"}}
    )  # fmt: skip
    clock.advance(timedelta(hours=1))
    complaint_id = svc.by_tracking(receipt.tracking_id, actor=ADMIN).id
    svc.verify_and_forward({"complaint_id": complaint_id, "agency_id": "pemprov-51"}, actor=ADMIN)
    return svc, receipt.tracking_id


def _dashed(tracking_id: str) -> str:
    plain = tracking_id.replace("-", "")
    assert len(plain) == 9
    return f"{plain[:3]}-{plain[3:6]}-{plain[6:]}"


def _messages(svc: Service) -> dict[str, str]:
    """The reporter's SMS and e-mail about the forward, in the reporter's language (Indonesian, the default
    of a recipient whatever the switch says); the renderer is given no agency names."""
    reader = UnitOfWorkReader(svc.uow)
    renderer = MessageRenderer(
        directory=StaticDirectory(), identities=reader, deadlines=SlaDeadlineSource(reader)
    )
    forward = reader.read_since(0)[1]
    texts = {}
    for message in RenderFromLog(renderer, reader)(forward):
        if message.audience == "reporter":
            texts[message.channel] = message.sms if message.channel == "sms" else message.body
    return texts


def _page(svc: Service, tracking_id: str, language: str) -> str:
    with TestClient(create_app(svc)) as client:
        response = client.get(f"/lacak/{tracking_id.replace('-', '').lower()}?lang={language}")
    assert response.status_code == 200
    return str(response.text)


def _demo_timeline(svc: Service, language: str) -> str:
    with use_language(language):
        return "\n".join(timeline(svc, build_world(), read_ledger(svc)))


def _cli(language: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--lang", language, "sla", "deadline", "--from", "2026-03-02T02:00:00+00:00",
                       "--working-days", "5", "--region", "51.03"])  # fmt: skip
    assert status == 0
    return out.getvalue()


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_surface_writes_the_deadline_and_the_tracking_number_one_way(
    filed: tuple[Service, str], language: str
) -> None:
    svc, tracking_id = filed
    dashed = _dashed(tracking_id)
    with use_language(language):
        messages = _messages(svc)
    surfaces = {
        "page": _page(svc, tracking_id, language),
        "demo timeline": _demo_timeline(svc, language),
        "cli": _cli(language),
    }
    for name, shown in surfaces.items():
        assert DEADLINE[language] in shown, f"{name}: {shown}"
    for name, shown in {**surfaces, **messages}.items():
        found = [form for form in WRONG_FORMS if form in shown]
        assert not found, f"{name} writes {found}: {shown}"
    assert set(messages) == {"sms", "email"}
    for name in ("sms", "email"):
        assert DEADLINE["id"] in messages[name], messages[name]
        assert dashed in messages[name]
        assert tracking_id.replace("-", "") not in messages[name]
    for name in ("page", "demo timeline"):
        assert dashed in surfaces[name], name


def test_citizens_read_the_agencys_name_not_its_id(filed: tuple[Service, str]) -> None:
    svc, tracking_id = filed
    messages = _messages(svc)
    page = _page(svc, tracking_id, "id")
    for name, shown in {**messages, "page": page}.items():
        assert AGENCY in shown, name
        assert "pemprov-51" not in shown, name
