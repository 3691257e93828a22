"""Privacy over every rule and every event type: an anonim reporter stays hidden from everyone but
themself (above all from the agency), and nothing of a rahasia complaint reaches a public channel.

The rules under test are the defaults *and* a rule set that tells every audience about every trigger with a
template printing every placeholder, so no placeholder can smuggle identity out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sp4n.identity import ReporterIdentity
from sp4n.lifecycle.events import (
    BreachDetails,
    Details,
    DisposeDetails,
    EscalateDetails,
    Event,
    ForwardDetails,
    NoDetails,
    StoredEvent,
    SubmitDetails,
    details_type_for,
)
from sp4n.lifecycle.model import Actor, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.notify import (
    DEFAULT_RULES,
    Audience,
    Message,
    MessageRenderer,
    MessageTemplate,
    NextDeadline,
    NotificationRule,
    Recipient,
    Reminder,
    Templates,
    fold_facts,
)
from sp4n.notify.directory import StaticDirectory
from sp4n.notify.rules import AGENCY_AUDIENCES, PUBLIC_AUDIENCES
from sp4n.notify.templates import PLACEHOLDERS
from sp4n.testing.notify import story

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
EVERYTHING = " ".join(f"${p}" for p in sorted(PLACEHOLDERS))
TEMPLATES = Templates(
    {
        ("everything", lang): MessageTemplate(subject=EVERYTHING, body=EVERYTHING, sms=EVERYTHING)
        for lang in ("id", "en")
    }
)
ALL_TRIGGERS: list[Action | Reminder] = [*Action, *Reminder]
EVERY_RULE = tuple(
    NotificationRule(trigger=t, audience=a, template="everything") for t in ALL_TRIGGERS for a in Audience
)


def _r(id_: str, audience: Audience) -> Recipient:
    return Recipient(
        id=id_,
        audience=audience,
        channel="public" if audience is Audience.public else "email",
        address=f"{id_}@example.go.id",
    )


DIRECTORY = StaticDirectory(
    agencies={a: [_r(f"admin-{a}", Audience.agency_admin)] for a in ("ag-1", "ag-2")},
    units={(a, u): [_r(f"unit-{a}-{u}", Audience.unit)] for a in ("ag-1", "ag-2") for u in ("u1", "u2")},
    national=[_r("national", Audience.national_admin)],
    ombudsman=[_r("ombudsman", Audience.ombudsman)],
    public=[_r("feed", Audience.public)],
)

identities = st.builds(
    ReporterIdentity,
    id=st.just("rep-1"),
    name=st.from_regex(r"Nama[A-Z]{6,10}", fullmatch=True),
    nik=st.from_regex(r"[1-9][0-9]{15}", fullmatch=True),
    phone=st.from_regex(r"\+628[0-9]{9,10}", fullmatch=True),
    email=st.from_regex(r"pelapor[a-z]{4,8}@mail\.example", fullmatch=True),
)


class OneIdentity:
    def __init__(self, identity: ReporterIdentity) -> None:
        self.identity = identity

    def get(self, identity_id: str) -> ReporterIdentity | None:
        return self.identity if identity_id == self.identity.id else None


def _details(draw: st.DrawFn, action: Action) -> Details:
    cls = details_type_for(action)
    if cls is ForwardDetails:
        return ForwardDetails(
            agency_id=draw(st.sampled_from(["ag-1", "ag-2"])),
            anonim=draw(st.sampled_from([None, False, True])),
            rahasia=draw(st.sampled_from([None, False, True])),
        )
    if cls is DisposeDetails:
        return DisposeDetails(unit_ids=draw(st.lists(st.sampled_from(["u1", "u2"]), min_size=1, unique=True)))
    if cls is EscalateDetails:
        return EscalateDetails(ombudsman_ref=draw(st.none() | st.just("ORI-1")))
    if cls is BreachDetails:
        return BreachDetails(
            clock="follow_up", due_at=T0, overdue_by=timedelta(hours=draw(st.integers(1, 90)))
        )
    return NoDetails()


@st.composite
def histories(draw: st.DrawFn, identity: ReporterIdentity) -> list[Event]:
    """A submit with any flags, then any actions (every event type), reasons that may quote the reporter."""
    secrets = [v for v in (identity.name, identity.nik, identity.phone, identity.email) if v]
    reasons = st.none() | st.sampled_from(["Sudah ditangani", *[f"Menurut {s}, belum" for s in secrets]])
    anonim, rahasia = draw(st.booleans()), draw(st.booleans())
    events = story("c9", region_code="73.71", reporter_ref=identity.id, anonim=anonim, rahasia=rahasia)[:1]
    for n, action in enumerate(draw(st.lists(st.sampled_from(list(Action)[1:]), max_size=8)), start=2):
        events.append(
            Event(
                complaint_id="c9",
                sequence=n,
                occurred_at=T0 + timedelta(hours=n),
                action=action,
                actor=Actor(id="a-1", role=Role.agency_admin, agency_id="ag-1"),
                from_status=Status.forwarded,
                to_status=draw(st.sampled_from(list(Status))),
                reason=draw(reasons),
                details=_details(draw, action),
            )
        )
    return events


def _all_messages(events: list[Event], identity: ReporterIdentity) -> list[Message]:
    out: list[Message] = []
    for rules in (DEFAULT_RULES, EVERY_RULE):
        renderer = MessageRenderer(
            directory=DIRECTORY, identities=OneIdentity(identity), rules=rules, templates=TEMPLATES
        )
        for i, event in enumerate(events):
            stored = StoredEvent(position=i + 1, event=event, hash="h", prev_hash="p")
            out += renderer.for_event(stored, fold_facts(events, upto=event.sequence))
        facts = fold_facts(events, upto=len(events))
        for reminder in Reminder:
            deadline = NextDeadline(clock="follow_up", due_at=T0 + timedelta(days=3))
            out += renderer.for_reminder(reminder, facts, deadline=deadline, sequence=len(events))
    return out


def _leaks(message: Message, identity: ReporterIdentity) -> list[str]:
    text = " ".join((message.subject, message.body, message.sms, message.address, message.recipient_id))
    return [v for v in (identity.name, identity.nik, identity.phone, identity.email) if v and v in text]


@given(st.data())
def test_no_anonim_reporters_identity_or_contact_reaches_anyone_but_the_reporter(data: st.DataObject) -> None:
    identity = data.draw(identities)
    events = data.draw(histories(identity))
    facts = fold_facts(events, upto=len(events))
    messages = _all_messages(events, identity)
    if facts.agency_id is not None:  # the test is not vacuous: agencies were told things
        assert any(m.audience in AGENCY_AUDIENCES for m in messages)
    for m in messages:
        if facts.anonim and m.audience is not Audience.reporter:
            assert not _leaks(m, identity), (m.audience, m.template)


@given(st.data())
def test_nothing_about_a_rahasia_complaint_reaches_a_public_channel(data: st.DataObject) -> None:
    identity = data.draw(identities)
    events = data.draw(histories(identity))
    facts = fold_facts(events, upto=len(events))
    public = [m for m in _all_messages(events, identity) if m.audience in PUBLIC_AUDIENCES or m.public]
    if facts.rahasia:
        assert public == []
    else:
        assert public  # the every-rule set tells the public about everything that is not secret
    for m in public:
        assert not _leaks(m, identity)  # and a public channel never carries anyone's identity


@given(identities)
def test_a_non_anonymous_reporter_is_named_to_the_agency(identity: ReporterIdentity) -> None:
    # The counterpart of the privacy test: the filter hides identity because of the flag, not always.
    events = [e for e in _story_without_flags(identity)]
    messages = _all_messages(events, identity)
    name = identity.name or "?"
    assert any(name in m.body for m in messages if m.audience is Audience.agency_admin)


def _story_without_flags(identity: ReporterIdentity) -> list[Event]:
    submit = SubmitDetails(
        tracking_id="LAP-9",
        type="pengaduan",
        title="Lampu",
        description="Gelap",
        category="penerangan",
        channel="web",
        reporter_ref=identity.id,
    )
    return [
        Event(
            complaint_id="c9",
            sequence=1,
            occurred_at=T0,
            action=Action.submit,
            actor=Actor(id="rep", role=Role.reporter),
            from_status=None,
            to_status=Status.submitted,
            details=submit,
        ),
        Event(
            complaint_id="c9",
            sequence=2,
            occurred_at=T0,
            action=Action.verify,
            actor=Actor(id="adm", role=Role.national_admin),
            from_status=Status.submitted,
            to_status=Status.forwarded,
            details=ForwardDetails(agency_id="ag-1"),
        ),
    ]
