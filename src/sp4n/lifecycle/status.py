"""Statuses and actions of a complaint, with their display labels.

Identifiers are English (house style); the labels are the words LAPOR! shows its users, in the current
language (Bahasa Indonesia unless switched: ``sp4n.texts``, where each label's two wordings are).

>>> Status.forwarded.label
'Diteruskan ke instansi'
>>> Action.decline.label
'Bukan wewenang'
>>> Status.archived in TERMINAL
True
>>> Status.closed in TERMINAL  # a reporter may still reopen or go to Ombudsman RI within a window
False
"""

from __future__ import annotations

from enum import StrEnum

from sp4n.texts import text

__all__ = ["AGENCY_DONE", "OPEN", "QUIET", "TERMINAL", "WAITING", "WITH_OMBUDSMAN", "Action", "Status"]


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
    awaiting_information = "awaiting_information"
    escalated = "escalated"
    examined_by_ombudsman = "examined_by_ombudsman"
    lhp_issued = "lhp_issued"
    recommendation_issued = "recommendation_issued"
    answered_to_ombudsman = "answered_to_ombudsman"
    concluded = "concluded"

    @property
    def label(self) -> str:
        """The label LAPOR! shows for this status, in the current language (``sp4n.texts``)."""
        return text(f"status.{self.value}")

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
    reopen = "reopen"
    ombudsman_receive = "ombudsman_receive"
    record_lhp = "record_lhp"
    record_recommendation = "record_recommendation"
    record_response = "record_response"
    conclude = "conclude"
    overrule_decline = "overrule_decline"
    archive_duplicate = "archive_duplicate"
    add_agency = "add_agency"
    contribute = "contribute"
    hand_back = "hand_back"
    request_information = "request_information"
    add_information = "add_information"
    information_lapsed = "information_lapsed"
    extend_information_deadline = "extend_information_deadline"
    publish_attachment = "publish_attachment"
    flag_redaction = "flag_redaction"
    redact = "redact"
    clear_redaction = "clear_redaction"

    @property
    def label(self) -> str:
        """The label of this action in the current language (its wordings: ``sp4n.texts.labels``)."""
        return text(f"action.{self.value}")


#: Statuses that absorb every action: archived (Diarsipkan) and concluded by Ombudsman RI. ``closed`` is not
#: among them: the reporter may reopen it or take it to Ombudsman RI within a window (lifecycle.conditions).
TERMINAL: frozenset[Status] = frozenset({Status.archived, Status.concluded})
#: Statuses in which Ombudsman RI holds the complaint (UU 37/2008; Peraturan Ombudsman 58/2023).
WITH_OMBUDSMAN: frozenset[Status] = frozenset(
    {
        Status.escalated,
        Status.examined_by_ombudsman,
        Status.lhp_issued,
        Status.recommendation_issued,
        Status.answered_to_ombudsman,
    }
)
#: Statuses that wait and remember where to return (``held_from``): Tunda, and a request for information.
WAITING: frozenset[Status] = frozenset({Status.on_hold, Status.awaiting_information})
#: Statuses in which no timer can ever act (nothing is due): the final ones and ``closed``, whose clocks all
#: stopped at the close (a reopen or an escalation, both by people, starts new ones).
QUIET: frozenset[Status] = TERMINAL | {Status.closed}
#: Statuses in which LAPOR! and the agencies handle the complaint (their clocks may run).
OPEN: frozenset[Status] = frozenset(set(Status) - TERMINAL - WITH_OMBUDSMAN - {Status.closed})
#: Statuses in which the agency's handling is over: its clocks stop on entering one of them.
AGENCY_DONE: frozenset[Status] = frozenset(set(Status) - OPEN)
