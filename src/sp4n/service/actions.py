"""Lifecycle commands: which action each command runs, and the routing a forward may need.

:data:`ACTIONS` is the whole table from a parsed command to a lifecycle action and the command fields that
become its details. :class:`Actions` parses untrusted input into the command, asks the routing
:data:`~sp4n.ports.Resolver` for an agency when a forward names none, and runs the step through the
:class:`~sp4n.service.core.WritePath` (load → decide → save → commit → notify).

>>> from sp4n import commands as cmd
>>> ACTIONS[cmd.Dispose]
(<Action.dispose: 'dispose'>, ('unit_ids',))
>>> cmd.Reroute in ROUTED
True
"""

from __future__ import annotations

from sp4n import commands as cmd
from sp4n.exceptions import InvalidTransition, RuleViolation
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.conditions import INFORMATION_EXTENSION_SOURCE
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.lifecycle.status import Action
from sp4n.lifecycle.views import scoped_view
from sp4n.ports import Resolver
from sp4n.service.core import Input, Step, WritePath, checked_actor
from sp4n.service.pseudonyms import recorded_in
from sp4n.service.queries import scrub_for
from sp4n.texts import Phrase

__all__ = ["ACTIONS", "OMBUDSMAN_STEPS", "ROUTED", "Actions"]

# Command class → (action, the command fields that become ``apply`` details).
ACTIONS: dict[type[cmd.Command], tuple[Action, tuple[str, ...]]] = {
    cmd.VerifyAndForward: (Action.verify, ("agency_id", "title", "category", "anonim", "rahasia")),
    cmd.Dispose: (Action.dispose, ("unit_ids",)),
    cmd.Start: (Action.start, ()),
    cmd.FollowUp: (Action.follow_up, ()),
    cmd.Reply: (Action.reply, ()),
    cmd.Close: (Action.close, ("satisfaction",)),
    cmd.Reopen: (Action.reopen, ()),
    cmd.Hold: (Action.hold, ()),
    cmd.Resume: (Action.resume, ()),
    cmd.Decline: (Action.decline, ()),
    cmd.Reroute: (Action.reroute, ("agency_id",)),
    cmd.Archive: (Action.archive, ()),
    cmd.OverruleDecline: (Action.overrule_decline, ()),
    cmd.ArchiveDuplicate: (Action.archive_duplicate, ("duplicate_of",)),
    cmd.AddAgency: (Action.add_agency, ("agency_id",)),
    cmd.Contribute: (Action.contribute, ()),
    cmd.HandBack: (Action.hand_back, ()),
    cmd.RequestInformation: (Action.request_information, ()),
    cmd.AddInformation: (Action.add_information, ("attachments",)),
    cmd.Escalate: (Action.escalate, ("ombudsman_ref", "disclose_identity")),
    cmd.OmbudsmanReceive: (Action.ombudsman_receive, ("document_ref",)),
    cmd.RecordLhp: (Action.record_lhp, ("document_ref",)),
    cmd.RecordRecommendation: (Action.record_recommendation, ("document_ref",)),
    cmd.RecordResponse: (Action.record_response, ("document_ref",)),
    cmd.Conclude: (Action.conclude, ("document_ref",)),
    cmd.ExtendInformationDeadline: (Action.extend_information_deadline, ()),
    cmd.PublishAttachment: (Action.publish_attachment, ("storage_key",)),
}
#: The steps Ombudsman RI records, by action name (``Service.record_ombudsman_step``).
OMBUDSMAN_STEPS: dict[str, type[cmd.Command]] = {
    str(Action.ombudsman_receive): cmd.OmbudsmanReceive,
    str(Action.record_lhp): cmd.RecordLhp,
    str(Action.record_recommendation): cmd.RecordRecommendation,
    str(Action.record_response): cmd.RecordResponse,
    str(Action.conclude): cmd.Conclude,
}
#: Commands that forward to an agency: without ``agency_id`` the resolver chooses.
ROUTED = (cmd.VerifyAndForward, cmd.Reroute)


class Actions:
    """Runs lifecycle commands (the service's ``execute`` and one method per action).

    Args:
        write: the shared write path.
        resolver: chooses the agency when a forward names none (``None``: forwards must name one).
    """

    def __init__(self, write: WritePath, *, resolver: Resolver | None) -> None:
        self._write = write
        self._resolver = resolver

    def execute(self, command: cmd.Command, actor: Actor) -> Complaint:
        """Run a parsed lifecycle command as ``actor`` (see :meth:`sp4n.service.Service.execute`)."""
        if type(command) not in ACTIONS:
            raise RuleViolation("command", "must be a parsed lifecycle command (sp4n.commands)")
        actor = recorded_in(self._write.uow, checked_actor(actor))
        action, detail_names = ACTIONS[type(command)]
        details = {n: getattr(command, n) for n in detail_names if getattr(command, n) is not None}
        if "attachments" in details:  # the command carries checked references; the domain its own values
            details["attachments"] = tuple(Attachment(**a.model_dump()) for a in details["attachments"])
        complaint_id: str = getattr(command, "complaint_id")  # noqa: B009 - every lifecycle command has it
        reason: str | None = getattr(command, "reason", None)

        def plan(current: Complaint) -> Step:
            if isinstance(command, ROUTED) and "agency_id" not in details:
                details["agency_id"] = self._route(current)
            if action is Action.extend_information_deadline:
                self._check_extension_in_time(current)
            return Step(action=action, actor=actor, reason=reason, details=details)

        # The actor gets what they may see of the result (an agency admin's dispose names no anonim reporter).
        result = self._write.change(complaint_id, plan)
        with self._write.uow as uow:
            scrub = scrub_for(uow, result, actor)
        return scoped_view(result, actor, acted=True, scrub=scrub)

    def run(self, model: type[cmd.Command], data: Input | cmd.Command, actor: Actor) -> Complaint:
        """Parse ``data`` as a ``model`` command (untrusted input is checked here) and execute it."""
        return self.execute(cmd.parse_command(model, data), actor)

    def _check_extension_in_time(self, complaint: Complaint) -> None:
        """Refuse an extension once the follow-up's time is up, even before the timer recorded the breach.

        UU 14/2008 Pasal 22(8) extends the 10 working days "paling lambat 7 hari kerja berikutnya": an
        extension is given within them. The pure lifecycle knows only a *recorded* breach; here the deadline
        engine says whether one is due now (the timer would record it on its next run).
        """
        write = self._write
        history = [s.event for s in write.uow.events.history(complaint.id)]
        due = write.deadlines.due_actions(complaint, history, write.clock.now())
        if any(a.action is Action.record_breach and a.clock == "follow_up" for a in due):
            raise InvalidTransition(
                str(Action.extend_information_deadline),
                str(complaint.status),
                Phrase(
                    "the 10 working days have passed: extend before they end ({source})",
                    source=INFORMATION_EXTENSION_SOURCE,
                ),
            )

    def _route(self, complaint: Complaint) -> str:
        agency = None if self._resolver is None else self._resolver(complaint)
        if agency is None:
            raise RuleViolation("agency_id", "no agency was named and the routing policy found none")
        return agency
