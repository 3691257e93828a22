"""Who hears what, in which language and local time, with ids that stay the same across retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from string import Template

import pytest

from sp4n.exceptions import ConfigurationError
from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import BreachDetails, Event, StoredEvent
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.notify import (
    Audience,
    ComplaintFacts,
    Message,
    MessageRenderer,
    MessageTemplate,
    NextDeadline,
    Recipient,
    Reminder,
    Templates,
    fold_facts,
)
from sp4n.notify.directory import StaticDirectory
from sp4n.notify.rules import DEFAULT_RULES, rules_for
from sp4n.notify.templates import PLACEHOLDERS
from sp4n.testing.notify import story

IDENTITY = ReporterIdentity(
    id="r1", name="Siti Aminah", nik="3404014101900001", phone="+6281234567890", email="siti@example.org"
)


class Identities:
    def __init__(self, *people: ReporterIdentity) -> None:
        self._people = {p.id: p for p in people}

    def get(self, identity_id: str) -> ReporterIdentity | None:
        return self._people.get(identity_id)


class FixedDeadline:
    def __init__(self, due_at: datetime) -> None:
        self.due_at = due_at

    def next_deadline(self, facts: ComplaintFacts, event: Event) -> NextDeadline | None:
        return NextDeadline(clock="follow_up", due_at=self.due_at)


def _r(id_: str, audience: str, channel: str = "email", **kw: str) -> Recipient:
    return Recipient(id=id_, audience=audience, channel=channel, address=f"{id_}@example.go.id", **kw)


DIRECTORY = StaticDirectory(
    agencies={
        "pemkab-sleman": [_r("sleman", "agency_admin")],
        "pemkot-makassar": [_r("makassar", "agency_admin", timezone="Asia/Makassar")],
    },
    units={("pemkab-sleman", "disdik"): [_r("disdik", "unit")]},
    national=[_r("lapor", "national_admin")],
    ombudsman=[_r("ombudsman", "ombudsman", language="en")],
    public=[_r("feed", "public", channel="public")],
)


def _render(events: list[Event], index: int, renderer: MessageRenderer | None = None) -> list[Message]:
    renderer = renderer or MessageRenderer(directory=DIRECTORY, identities=Identities(IDENTITY))
    stored = StoredEvent(position=100 + index, event=events[index], hash="h", prev_hash="p")
    return renderer.for_event(stored, fold_facts(events, upto=events[index].sequence))


def test_the_default_rules_tell_the_reporter_the_agency_its_units_the_admin_and_the_ombudsman() -> None:
    expected = {
        (Action.verify, Audience.reporter),
        (Action.follow_up, Audience.reporter),
        (Action.close, Audience.reporter),
        (Reminder.auto_close_warning, Audience.reporter),
        (Action.verify, Audience.agency_admin),
        (Reminder.deadline_approaching, Audience.agency_admin),
        (Action.dispose, Audience.unit),
        (Action.record_breach, Audience.national_admin),
        (Action.decline, Audience.national_admin),
        (Action.escalate, Audience.ombudsman),
    }
    assert expected <= {(r.trigger, r.audience) for r in DEFAULT_RULES}


def test_forwarding_tells_the_reporter_by_mail_and_sms_and_the_agency_admin() -> None:
    events = story("c1", reporter_ref="r1")
    messages = _render(events, 1)
    assert {(m.audience, m.channel, m.address) for m in messages} == {
        (Audience.reporter, "email", "siti@example.org"),
        (Audience.reporter, "sms", "+6281234567890"),
        (Audience.agency_admin, "email", "sleman@example.go.id"),
        (Audience.public, "public", "feed@example.go.id"),
    }
    to_agency = next(m for m in messages if m.audience is Audience.agency_admin)
    assert "LAP-c1" in to_agency.body
    assert "Siti Aminah" in to_agency.body


def test_disposition_tells_the_units_it_went_to() -> None:
    messages = _render(story("c1", reporter_ref="r1"), 2)
    assert [(m.audience, m.recipient_id) for m in messages] == [(Audience.unit, "disdik")]
    assert "disdik" in messages[0].body


def test_a_reply_tells_the_agency_admin_and_the_unit_that_followed_up() -> None:
    # A reply restarts the agency's follow-up clock: those who owe the new tindak lanjut hear of it.
    events = story("c1", reporter_ref="r1")[:5]  # submit ... the disdik unit's follow-up
    reply = Event(
        complaint_id="c1", sequence=6, occurred_at=events[-1].occurred_at + timedelta(days=1),
        action=Action.reply, actor=Actor(id="r1", role=Role.reporter), from_status=Status.followed_up,
        to_status=Status.in_progress, reason="Lubangnya masih ada",
    )  # fmt: skip
    messages = _render([*events, reply], 5)
    assert sorted((str(m.audience), m.recipient_id) for m in messages) == [
        ("agency_admin", "sleman"),
        ("unit", "disdik"),
    ]


def test_messages_are_in_bahasa_indonesia_by_default_and_english_on_request() -> None:
    events = story("c1", reporter_ref="r1")
    escalate = Event(
        complaint_id="c1",
        sequence=7,
        occurred_at=events[-1].occurred_at,
        action=Action.escalate,
        actor=Actor(id="rep", role=Role.reporter),
        from_status=Status.followed_up,
        to_status=Status.escalated,
        reason="Tidak ditanggapi",
    )
    reporter = _render(events, 4)
    assert "ditindaklanjuti" in reporter[0].body
    assert "Jalan sudah diperbaiki" in reporter[0].body
    ombudsman = _render([*events, escalate], 6)
    assert [m.language for m in ombudsman] == ["en"]
    assert "escalated to Ombudsman RI" in ombudsman[0].body


def test_the_next_deadline_is_written_in_the_recipients_local_time() -> None:
    due = datetime(2026, 3, 9, 16, 59, tzinfo=UTC)
    renderer = MessageRenderer(
        directory=DIRECTORY, identities=Identities(IDENTITY), deadlines=FixedDeadline(due)
    )
    sleman = _render(story("c1", reporter_ref="r1", region_code="34.04"), 1, renderer)
    assert any("9 Maret 2026 pukul 23.59 WIB" in m.body for m in sleman if m.audience is Audience.reporter)
    makassar = _render(story("c2", agency_id="pemkot-makassar", region_code="73.71"), 1, renderer)
    assert "10 Maret 2026 pukul 00.59 WITA" in makassar[0].body
    papua = _render(story("c3", reporter_ref="r1", region_code="91.71"), 1, renderer)
    assert "10 Maret 2026 pukul 01.59 WIT" in papua[0].sms


def test_a_breach_tells_the_national_admin_the_clock_the_due_time_and_the_overrun() -> None:
    events = story("c1")
    breach = Event(
        complaint_id="c1",
        sequence=4,
        occurred_at=events[2].occurred_at,
        action=Action.record_breach,
        actor=Actor(id="sys", role=Role.system),
        from_status=Status.disposed,
        to_status=Status.disposed,
        details=BreachDetails(
            clock="follow_up",
            due_at=datetime(2026, 3, 9, 16, 59, tzinfo=UTC),
            overdue_by=timedelta(days=1, hours=2),
        ),
    )
    (message,) = _render([*events[:3], breach], 3)
    assert message.audience is Audience.national_admin
    assert "tindak lanjut instansi" in message.body  # the national label of clock "follow_up"
    assert "1 hari 2 jam" in message.body
    assert "23.59 WIB" in message.body


def test_the_same_event_rendered_twice_gives_the_same_ids_and_different_recipients_different_ids() -> None:
    events = story("c1", reporter_ref="r1")
    first, second = _render(events, 1), _render(events, 1)
    assert [m.id for m in first] == [m.id for m in second]
    assert len({m.id for m in first}) == len(first)
    assert not {m.id for m in first} & {m.id for m in _render(events, 4)}


def test_an_erased_reporter_is_told_nothing() -> None:
    erased = ReporterIdentity(
        id="r1", name=None, nik=None, phone=None, email=None, erased_at=datetime(2026, 3, 3, tzinfo=UTC)
    )
    renderer = MessageRenderer(directory=DIRECTORY, identities=Identities(erased))
    assert _render(story("c1", reporter_ref="r1"), 4, renderer) == []


def test_a_reminder_warns_the_reporter_of_auto_close_with_an_id_keyed_on_the_deadline() -> None:
    renderer = MessageRenderer(directory=DIRECTORY, identities=Identities(IDENTITY))
    facts = fold_facts(story("c1", reporter_ref="r1"), upto=5)
    due = NextDeadline(clock="auto_close", due_at=datetime(2026, 3, 20, 16, 59, tzinfo=UTC))
    once = renderer.for_reminder(Reminder.auto_close_warning, facts, deadline=due, sequence=5)
    again = renderer.for_reminder(Reminder.auto_close_warning, facts, deadline=due, sequence=5)
    assert [m.id for m in once] == [m.id for m in again]
    assert len(once) == 2
    assert "ditutup otomatis pada Jumat, 20 Maret 2026 pukul 23.59 WIB" in once[0].body


def test_a_host_can_override_a_template_and_the_override_is_used() -> None:
    templates = Templates(
        {("closed", "id"): MessageTemplate(subject="Tuntas $tracking_id", body="b", sms="s")}
    )
    renderer = MessageRenderer(directory=DIRECTORY, identities=Identities(IDENTITY), templates=templates)
    assert _render(story("c1", reporter_ref="r1"), 5, renderer)[0].subject == "Tuntas LAP-c1"


def test_an_override_naming_an_unknown_placeholder_is_refused_at_registration() -> None:
    bad = MessageTemplate(subject="$tracking_id", body="$reporter_phone", sms="x")
    with pytest.raises(ConfigurationError, match="reporter_phone"):
        Templates({("arrived", "id"): bad})


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_built_in_template_uses_only_known_placeholders(language: str) -> None:
    templates = Templates()
    for name in templates.names():
        t = templates.get(name, language)
        for part in (t.subject, t.body, t.sms):
            assert isinstance(part, Template)
            assert set(part.get_identifiers()) <= PLACEHOLDERS


def test_every_rule_names_a_template_that_exists() -> None:
    names = Templates().names()
    assert all(r.template in names for r in DEFAULT_RULES)


def test_actions_without_a_rule_produce_no_messages() -> None:
    assert rules_for(Action.start) == []
    assert _render(story("c1", reporter_ref="r1"), 3) == []


def test_a_clock_is_named_by_its_own_label_then_the_national_one_then_its_bare_name() -> None:
    from sp4n.notify._context import clock_label

    due = datetime(2026, 3, 9, tzinfo=UTC)
    own = NextDeadline(
        clock="follow_up", due_at=due, label_id="tindak lanjut SOP dinas", label_en="agency SOP"
    )
    assert (clock_label(own, "id"), clock_label(own, "en")) == ("tindak lanjut SOP dinas", "agency SOP")
    national = NextDeadline(clock="follow_up", due_at=due)
    assert (clock_label(national, "id"), clock_label(national, "en")) == (
        "tindak lanjut instansi", "agency follow-up",
    )  # fmt: skip
    custom = NextDeadline(clock="site_visit", due_at=due)
    assert clock_label(custom, "id") == clock_label(custom, "en") == "site_visit"
