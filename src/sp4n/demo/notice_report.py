"""Section 4 of the demo report: the notifications sent, samples of them, and the anonim check.

The privacy line is computed, not asserted: :func:`find_leaks` looks for every anonim reporter's name, NIK,
phone and e-mail, as the store holds them, in every message that went to anyone but the reporter (event
notices and reminders alike), and the section prints each one it finds as a failure.

>>> from sp4n.identity import ReporterIdentity
>>> from sp4n.testing.notify import RecordingSender
>>> siti = ReporterIdentity(id="r1", name="Siti Aminah", nik="3404014506900001", phone="+6281234567890",
...                         email=None)
>>> m = Message(id="m1", complaint_id="c1", sequence=2, position=2, trigger="verify", template="arrived",
...             audience="agency_admin", channel="email", recipient_id="admin", address="a@x.go.id",
...             language="id", tracking_id="LAP-1", subject="Laporan baru LAP-1",
...             body="Pelapor: Siti Aminah, hubungi 081234567890.", sms="")
>>> [(leak.complaint_id, leak.kind) for leak in find_leaks([m], {"c1": siti})]
[('c1', 'name'), ('c1', 'phone')]
>>> find_leaks([attrs.evolve(m, audience="reporter")], {"c1": siti})
[]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from sp4n.demo.notices import CHANNELS, Delivered, Tally
from sp4n.demo.report import Ledger
from sp4n.identity import ReporterIdentity, mask_name
from sp4n.notify import Audience, Message, fold_facts, sms_length
from sp4n.service import Service
from sp4n.texts import text

__all__ = ["Leak", "find_leaks", "identity_forms", "notifications", "reporters"]

_LABEL = {"email": "e-mail", "sms": "SMS"}


@attrs.frozen(kw_only=True)
class Leak:
    """A message to someone other than the reporter that quotes a hidden reporter's ``kind`` of data."""

    message_id: str
    complaint_id: str
    tracking_id: str
    audience: str
    kind: str


def identity_forms(identity: ReporterIdentity) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` for each personal value of ``identity`` (a phone also as 08… and 628…)."""
    if identity.name:
        yield "name", identity.name
    if identity.nik:
        yield "NIK", identity.nik
    if identity.phone:
        yield "phone", identity.phone
        if identity.phone.startswith("+62"):
            yield "phone", "0" + identity.phone[3:]
            yield "phone", identity.phone[1:]
    if identity.email:
        yield "e-mail", identity.email


def find_leaks(messages: Iterable[Message], hidden: Mapping[str, ReporterIdentity]) -> list[Leak]:
    """Every (message, kind) where a message not to the reporter quotes its complaint's hidden reporter.

    ``hidden`` maps a complaint id to the identity that must not leave the reporter (anonim complaints).
    """
    found = []
    for m in messages:
        identity = hidden.get(m.complaint_id)
        if m.audience is Audience.reporter or identity is None:
            continue
        text = "\n".join((m.subject, m.body, m.sms, m.address))
        kinds = dict.fromkeys(kind for kind, value in identity_forms(identity) if value in text)
        found += [
            Leak(message_id=m.id, complaint_id=m.complaint_id, tracking_id=m.tracking_id,
                 audience=str(m.audience), kind=kind)
            for kind in kinds
        ]  # fmt: skip
    return found


def reporters(service: Service, ledger: Ledger) -> tuple[dict[str, ReporterIdentity], set[str]]:
    """From the store: each complaint's reporter identity (where it has one), and the anonim complaints."""
    refs: dict[str, str] = {}
    anonim = set()
    for cid, history in ledger.histories.items():
        facts = fold_facts(history, upto=history[-1].sequence)  # flags are sticky: any event may set them
        if facts.anonim:
            anonim.add(cid)
        if facts.reporter_ref:
            refs[cid] = facts.reporter_ref
    with service.uow as uow:
        found = {cid: uow.identities.get(ref) for cid, ref in refs.items()}
    return {cid: identity for cid, identity in found.items() if identity is not None}, anonim


def _table(count: Counter[tuple[Audience, str, str]], kind: str) -> list[str]:
    rows = sorted({(a, t) for a, t, _ in count}, key=lambda row: (list(Audience).index(row[0]), row[1]))
    lines = []
    for audience, template in rows:
        cells = "".join(f"{count[(audience, template, c)]:>8}" for c in CHANNELS)
        lines.append(f"  {kind:<9} {audience:<15} {template:<22}{cells}")
    return lines


def _sample_sms(messages: Sequence[Message]) -> list[str]:
    sms = [m for m in messages if m.audience is Audience.reporter and m.channel == "sms"]
    chosen = next((m for m in sms if m.template == "forwarded"), sms[0] if sms else None)
    if chosen is None:
        return [text("demo.no_sms")]
    size = sms_length(chosen.sms)
    part = text("demo.part" if size.parts == 1 else "demo.parts")
    head = text(
        "demo.sms", template=chosen.template, parts=size.parts, part=part, encoding=size.encoding,
        length=len(chosen.sms),
    )  # fmt: skip
    return [head, f"    {chosen.sms}"]


def _sample_email(
    messages: Sequence[Message], identities: Mapping[str, ReporterIdentity], anonim: set[str]
) -> list[str]:
    mails = [m for m in messages if m.audience is Audience.agency_admin and m.channel == "email"]
    mails = sorted(mails, key=lambda m: (m.complaint_id not in anonim, m.template != "arrived"))
    if not mails:
        return [text("demo.no_email")]
    chosen = mails[0]
    line = chosen.body.splitlines()[0]
    identity = identities.get(chosen.complaint_id)
    if identity is not None and identity.name:  # a named reporter is visible to the agency; not to this page
        line = line.replace(identity.name, mask_name(identity.name))
    flag = text("demo.anonim_report") if chosen.complaint_id in anonim else ""
    return [
        text("demo.email", template=chosen.template, flag=flag),
        text("demo.subject", subject=chosen.subject),
        f"    {line}",
    ]


def _privacy(
    messages: Sequence[Message], identities: Mapping[str, ReporterIdentity], anonim: set[str]
) -> list[str]:
    """``messages`` must hold every message to anyone but the reporter (a :class:`Tally` keeps them)."""
    hidden = {cid: identities[cid] for cid in sorted(anonim) if cid in identities}
    others = sum(1 for m in messages if m.audience is not Audience.reporter)
    leaks = find_leaks(messages, hidden)
    verdict = "" if not leaks else text("demo.failure")
    leaked = len({x.message_id for x in leaks})
    lines = [
        text("demo.privacy", others=others, leaks=leaked, verdict=verdict),
        text("demo.checked", count=len(hidden)),
    ]
    lines += [
        text("demo.leak", message=x.message_id[:12], audience=x.audience, tracking=x.tracking_id, kind=x.kind)
        for x in leaks
    ]
    return lines


def notifications(
    delivered: Delivered,
    reminders: Tally,
    identities: Mapping[str, ReporterIdentity],
    anonim: set[str],
    *,
    runs: int,
) -> list[str]:
    """Section 4: counts per audience and template, two samples, and the anonim check.

    ``reminders`` tallies the messages of ``runs`` reminder runs; ``identities`` holds the reporter identity
    of each complaint that has one, ``anonim`` the anonim complaints' ids (both read from the store).
    """
    notices = delivered.messages()
    r = delivered.result
    _, audience, template = text("demo.table").split("|")
    per_channel = " · ".join(f"{_LABEL[c]} {len(delivered.by_channel[c])}" for c in CHANNELS)
    lines = [
        text("demo.notifications"),
        text(
            "demo.relay", events=delivered.events, delivered=r.delivered, per_channel=per_channel,
            dead=r.dead_lettered,
        ),
        text("demo.reminders", runs=runs, count=len(reminders)),
        f"  {'':<9} {audience:<15} {template:<22}" + "".join(f"{_LABEL[c]:>8}" for c in CHANNELS),
    ]  # fmt: skip
    lines += _table(delivered.counts(), text("demo.notice")) + _table(reminders.counts, text("demo.reminder"))
    everything = [*notices, *reminders.kept]
    lines += _sample_sms(notices) + _sample_email(everything, identities, anonim)
    lines += _privacy(everything, identities, anonim)
    return lines
