"""Statuses and actions of a complaint, with their Indonesian display labels.

Identifiers are English (house style); the labels are the words LAPOR! shows its users.

>>> Status.forwarded.label
'Diteruskan ke instansi'
>>> Action.decline.label
'Bukan wewenang'
>>> Status.closed in TERMINAL
True
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["OPEN", "TERMINAL", "Action", "Status"]


class Status(StrEnum):
    """Where a complaint stands (participles, as the house style asks)."""

    submitted = "submitted"
    forwarded = "forwarded"
    disposed = "disposed"
    in_progress = "in_progress"
    followed_up = "followed_up"
    closed = "closed"
    declined = "declined"
    archived = "archived"
    on_hold = "on_hold"
    escalated = "escalated"

    @property
    def label(self) -> str:
        """The Indonesian label LAPOR! uses for this status."""
        return _STATUS_LABELS[self]

    @property
    def is_terminal(self) -> bool:
        """True for statuses that absorb: nothing may happen after them."""
        return self in TERMINAL


class Action(StrEnum):
    """What can happen to a complaint (verbs). ``submit`` creates it; the others change it."""

    submit = "submit"
    verify = "verify"
    dispose = "dispose"
    start = "start"
    follow_up = "follow_up"
    reply = "reply"
    close = "close"
    hold = "hold"
    resume = "resume"
    decline = "decline"
    reroute = "reroute"
    archive = "archive"
    escalate = "escalate"
    record_breach = "record_breach"

    @property
    def label(self) -> str:
        """The Indonesian label for this action."""
        return _ACTION_LABELS[self]


_STATUS_LABELS: dict[Status, str] = {
    Status.submitted: "Belum Terverifikasi",
    Status.forwarded: "Diteruskan ke instansi",
    Status.disposed: "Didisposisikan",
    Status.in_progress: "Diproses",
    Status.followed_up: "Ditindaklanjuti",
    Status.closed: "Selesai",
    Status.declined: "Bukan wewenang",
    Status.archived: "Diarsipkan",
    Status.on_hold: "Ditunda",
    Status.escalated: "Dieskalasi ke Ombudsman RI",
}

_ACTION_LABELS: dict[Action, str] = {
    Action.submit: "Sampaikan laporan",
    Action.verify: "Verifikasi dan teruskan",
    Action.dispose: "Disposisi",
    Action.start: "Proses",
    Action.follow_up: "Tindak lanjut",
    Action.reply: "Tanggapi",
    Action.close: "Selesaikan",
    Action.hold: "Tunda",
    Action.resume: "Lanjutkan",
    Action.decline: "Bukan wewenang",
    Action.reroute: "Teruskan ulang",
    Action.archive: "Arsipkan",
    Action.escalate: "Eskalasi ke Ombudsman RI",
    Action.record_breach: "Catat pelanggaran batas waktu",
}

#: Statuses that absorb every action: closed (Selesai), archived (Diarsipkan) and escalated to Ombudsman RI.
TERMINAL: frozenset[Status] = frozenset({Status.closed, Status.archived, Status.escalated})
#: Statuses in which the complaint is still being handled.
OPEN: frozenset[Status] = frozenset(set(Status) - TERMINAL)
