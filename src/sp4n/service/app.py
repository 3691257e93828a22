"""The :class:`Service`: the one face a host calls, composed of the application layer's collaborators.

Every call is handed on; the Service itself decides nothing:

* ``submit`` and ``erase_reporter`` → :class:`~sp4n.service.submit.Intake` (idempotency, identities);
* ``execute`` and one method per lifecycle action → :class:`~sp4n.service.actions.Actions` (the command
  table, routing);
* ``flag_redaction``, ``redact``, ``clear_redaction``, ``erase_redacted`` and ``redacted_original`` →
  :class:`~sp4n.service.redaction.Redactions`;
* ``run_due`` → :class:`~sp4n.service.timers.Timers`;
* the read side → :class:`~sp4n.service.queries.Queries`.

The three writers share one :class:`~sp4n.service.core.WritePath` (load → decide → save → commit → notify).
Build a Service with :func:`sp4n.service.create_service`, which supplies defaults for every part.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import ConfigDict

from sp4n import commands as cmd
from sp4n.identity import MaskedIdentity
from sp4n.lifecycle.attachments import Attachment
from sp4n.lifecycle.events import StoredEvent
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.lifecycle.status import Status
from sp4n.lifecycle.views import AgencyComplaint, PublicComplaint, PublicEvent, PublicStatus
from sp4n.ports import (
    AttachmentStore,
    Clock,
    Deadlines,
    EventNotifier,
    IdFactory,
    Resolver,
    TrackingNumbers,
    UnitOfWork,
)
from sp4n.service.actions import OMBUDSMAN_STEPS, Actions
from sp4n.service.attachments import AttachmentReads
from sp4n.service.core import Input, WritePath, checked_actor
from sp4n.service.pages import Pages
from sp4n.service.pseudonyms import recorded_in
from sp4n.service.queries import BackOfficeRecord, Queries
from sp4n.service.redaction import Redactions
from sp4n.service.submit import Intake, Receipt
from sp4n.service.timers import Timers

__all__ = ["Service"]


class _Step(cmd.Command):
    """Reads which Ombudsman step a request names; the step's own command checks every other field."""

    model_config = ConfigDict(extra="allow", frozen=True)
    step: Literal["ombudsman_receive", "record_lhp", "record_recommendation", "record_response", "conclude"]


class Service:
    """Commands, timers and queries over one unit of work. Build it with :func:`sp4n.service.create_service`.

    Args:
        uow: storage; the SQL and memory units of work may be shared by threads (each thread's block is its
            own), so one service serves a web server's worker threads.
        clock: stamps every decision.
        ids: complaint ids and reporter references.
        tracking: tracking numbers.
        deadlines: the SLA engine (next deadline on every write; what ``run_due`` must do).
        resolver: chooses the agency when a forward names none (``None``: forwards must name one).
        notifier: told of each event after its commit (``None``: nobody).
        skew_tolerance: how far this node's clock may lag a complaint's last change; within it a command is
            recorded at that change's instant, beyond it :class:`~sp4n.exceptions.ClockSkew` (retryable).
        attachments: where reporters' files are kept (``None``: :meth:`attachment` gives references only).
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdFactory,
        tracking: TrackingNumbers,
        deadlines: Deadlines,
        resolver: Resolver | None,
        notifier: EventNotifier | None,
        skew_tolerance: timedelta = timedelta(seconds=10),
        attachments: AttachmentStore | None = None,
    ) -> None:
        self._attachments = AttachmentReads(uow, attachments)
        write = WritePath(
            uow=uow, clock=clock, deadlines=deadlines, notifier=notifier, skew_tolerance=skew_tolerance
        )
        self._intake = Intake(write, ids=ids, tracking=tracking)
        self._actions = Actions(write, resolver=resolver)
        self._timers = Timers(write)
        self._redactions = Redactions(write)
        self._queries = Queries(uow)
        #: Paged lists with keyset cursors (:class:`~sp4n.service.pages.Pages`); views are the caller's.
        self.pages = Pages(uow)
        self.uow = uow
        self.clock = clock
        self.deadlines = deadlines

    # --- intake ----------------------------------------------------------------------------------------

    def submit(
        self,
        data: Input | cmd.SubmitComplaint,
        *,
        actor: Actor | None = None,
        idempotency_key: str | None = None,
    ) -> Receipt:
        """File a complaint. A retried request with the same ``idempotency_key`` returns the first receipt.

        ``actor`` is who the host authenticated (a reporter account, an SMS gateway as ``system``); without
        one, the reporter files as themselves if they gave identity, else the intake files as the system.
        A reporter account is linked to a random reference (the receipt's ``reporter_ref``): the account id
        itself is never recorded (:mod:`sp4n.service.pseudonyms`).

        Raises:
            InvalidCommand: the input broke a rule (nothing is written).
            IdempotencyConflict: the key was used before for a different request.
        """
        return self._intake.submit(data, actor, idempotency_key)

    def erase_reporter(self, data: Input | cmd.EraseReporter) -> None:
        """Replace a reporter's personal data with a tombstone (UU 27/2022); complaints stay verifiable."""
        self._intake.erase_reporter(data)

    # --- lifecycle actions -------------------------------------------------------------------------------

    def execute(self, command: cmd.Command, *, actor: Actor) -> Complaint:
        """Run any lifecycle command (already parsed) as ``actor``; returns the complaint after it, as
        ``actor`` may see it (an agency-side actor gets the agency view). So do the per-action methods.

        Raises:
            ComplaintNotFound: no complaint has the command's id.
            InvalidTransition: the action is not possible from the complaint's status.
            NotPermitted: the actor may not take the action.
            RuleViolation: the command breaks a rule of the lifecycle.
            ConcurrencyConflict: another command changed the complaint first.
        """
        return self._actions.execute(command, actor)

    def verify_and_forward(self, data: Input | cmd.VerifyAndForward, *, actor: Actor) -> Complaint:
        """Verifikasi: forward to the named agency, or to the one the resolver picks."""
        return self._actions.run(cmd.VerifyAndForward, data, actor)

    def dispose(self, data: Input | cmd.Dispose, *, actor: Actor) -> Complaint:
        """Disposisi to units."""
        return self._actions.run(cmd.Dispose, data, actor)

    def start(self, data: Input | cmd.Start, *, actor: Actor) -> Complaint:
        """A unit starts work."""
        return self._actions.run(cmd.Start, data, actor)

    def follow_up(self, data: Input | cmd.FollowUp, *, actor: Actor) -> Complaint:
        """Post the tindak lanjut."""
        return self._actions.run(cmd.FollowUp, data, actor)

    def reply(self, data: Input | cmd.Reply, *, actor: Actor) -> Complaint:
        """The reporter answers the follow-up (not satisfied)."""
        return self._actions.run(cmd.Reply, data, actor)

    def close(self, data: Input | cmd.Close, *, actor: Actor) -> Complaint:
        """Close (reporter satisfied)."""
        return self._actions.run(cmd.Close, data, actor)

    def hold(self, data: Input | cmd.Hold, *, actor: Actor) -> Complaint:
        """Tunda."""
        return self._actions.run(cmd.Hold, data, actor)

    def resume(self, data: Input | cmd.Resume, *, actor: Actor) -> Complaint:
        """Resume from a hold."""
        return self._actions.run(cmd.Resume, data, actor)

    def decline(self, data: Input | cmd.Decline, *, actor: Actor) -> Complaint:
        """Bukan wewenang."""
        return self._actions.run(cmd.Decline, data, actor)

    def reroute(self, data: Input | cmd.Reroute, *, actor: Actor) -> Complaint:
        """Send a declined complaint to another agency."""
        return self._actions.run(cmd.Reroute, data, actor)

    def archive(self, data: Input | cmd.Archive, *, actor: Actor) -> Complaint:
        """Arsipkan with a reason."""
        return self._actions.run(cmd.Archive, data, actor)

    def escalate(self, data: Input | cmd.Escalate, *, actor: Actor) -> Complaint:
        """Escalate to Ombudsman RI."""
        return self._actions.run(cmd.Escalate, data, actor)

    def overrule_decline(self, data: Input | cmd.OverruleDecline, *, actor: Actor) -> Complaint:
        """The national admin sends a declined complaint back to the agency that declined."""
        return self._actions.run(cmd.OverruleDecline, data, actor)

    def archive_duplicate(self, data: Input | cmd.ArchiveDuplicate, *, actor: Actor) -> Complaint:
        """The national admin archives a duplicate, linked to its canonical complaint."""
        return self._actions.run(cmd.ArchiveDuplicate, data, actor)

    def add_agency(self, data: Input | cmd.AddAgency, *, actor: Actor) -> Complaint:
        """The national admin adds a co-handling agency."""
        return self._actions.run(cmd.AddAgency, data, actor)

    def contribute(self, data: Input | cmd.Contribute, *, actor: Actor) -> Complaint:
        """A co-handling agency contributes to the follow-up."""
        return self._actions.run(cmd.Contribute, data, actor)

    def hand_back(self, data: Input | cmd.HandBack, *, actor: Actor) -> Complaint:
        """A unit hands the complaint back to its agency's admin."""
        return self._actions.run(cmd.HandBack, data, actor)

    def request_information(self, data: Input | cmd.RequestInformation, *, actor: Actor) -> Complaint:
        """The national admin or the agency asks the reporter for what is missing."""
        return self._actions.run(cmd.RequestInformation, data, actor)

    def add_information(self, data: Input | cmd.AddInformation, *, actor: Actor) -> Complaint:
        """The reporter adds information and file references (stored first in an ``AttachmentStore``)."""
        return self._actions.run(cmd.AddInformation, data, actor)

    def extend_information_deadline(
        self, data: Input | cmd.ExtendInformationDeadline, *, actor: Actor
    ) -> Complaint:
        """The agency extends a permintaan informasi's time limit once, by 7 working days, with written
        reasons (UU 14/2008 Pasal 22(8)); the reporter is notified."""
        return self._actions.run(cmd.ExtendInformationDeadline, data, actor)

    def publish_attachment(self, data: Input | cmd.PublishAttachment, *, actor: Actor) -> Complaint:
        """The handling agency or the national admin makes an attachment public."""
        return self._actions.run(cmd.PublishAttachment, data, actor)

    def attachment(
        self, complaint_id: str, storage_key: str, *, actor: Actor | None, content: bool = True
    ) -> tuple[Attachment, bytes | None]:
        """An attachment's reference and (with ``content``) its bytes, checked per reader
        (:mod:`sp4n.service.attachments`): the reporter, the handling and co-handling agencies and the
        national admin; anyone (``actor=None``) once it is published. Else
        :class:`~sp4n.exceptions.NotPermitted`."""
        if not content:
            return self._attachments.reference(complaint_id, storage_key, actor), None
        return self._attachments.content(complaint_id, storage_key, actor)

    # --- redaction (the national admin; sp4n.service.redaction) ---------------------------------------------

    def flag_redaction(self, complaint_id: str, *, actor: Actor, reason: str | None = None) -> Complaint:
        """Take a complaint off every public surface until its texts are masked (``clear_redaction``)."""
        return self._redactions.flag(complaint_id, reason, actor)

    def redact(
        self, complaint_id: str, *, sequence: int, field: str, reason: str, actor: Actor,
        start: int | None = None, end: int | None = None, span: str | None = None,
    ) -> Complaint:  # fmt: skip
        """Mask ``[start, end)``, or the first occurrence of ``span``, of text ``field`` (``reason``,
        ``details.title``, ``details.description``) of event ``sequence``, for every audience."""
        return self._redactions.redact(
            complaint_id, sequence=sequence, field=field, reason=reason, actor=actor, start=start, end=end,
            span=span,
        )  # fmt: skip

    def clear_redaction(self, complaint_id: str, *, actor: Actor, reason: str | None = None) -> Complaint:
        """End a redaction: the complaint may be public again (if otherwise published)."""
        return self._redactions.clear(complaint_id, reason, actor)

    def erase_redacted(self, complaint_id: str, *, actor: Actor) -> int:
        """Erase the kept originals of a complaint's redacted texts (national admin); how many."""
        return self._redactions.erase(complaint_id, actor)

    def redacted_original(self, complaint_id: str, sequence: int, field: str) -> str | None:
        """The original of a redacted text while kept, for a host's back office only (like
        :meth:`unscoped_record`, never for a user-facing path); ``None`` once erased."""
        return self._redactions.original(complaint_id, sequence, field)

    def reopen(self, data: Input | cmd.Reopen, *, actor: Actor) -> Complaint:
        """The reporter reopens a closed complaint within the reopen window."""
        return self._actions.run(cmd.Reopen, data, actor)

    def record_ombudsman_step(self, data: Input | cmd.Command, *, actor: Actor) -> Complaint:
        """Ombudsman RI records a step: an :class:`~sp4n.commands.OmbudsmanReceive`,
        :class:`~sp4n.commands.RecordLhp`, :class:`~sp4n.commands.RecordRecommendation`,
        :class:`~sp4n.commands.RecordResponse` or :class:`~sp4n.commands.Conclude` command (parsed, or a
        mapping with a ``step`` field naming the action: ``ombudsman_receive``, ``record_lhp``, ...)."""
        if isinstance(data, cmd.Command):
            return self._actions.execute(data, actor)
        fields = dict(cmd.parse_command(_Step, data).model_extra or {})
        step = cmd.parse_command(_Step, data).step
        return self._actions.run(OMBUDSMAN_STEPS[step], fields, actor)

    # --- timers ------------------------------------------------------------------------------------------

    def run_due(self, now: datetime | None = None, *, batch: int = 100) -> int:
        """Do what the timers require as of ``now``: claim overdue complaints, apply the SLA engine's due
        actions as the system, store the next deadline. Returns how many events were written.

        Raises:
            DueActionsFailed: some complaints could not be handled; every other one was (and is committed).
        """
        return self._timers.run_due(now, batch)

    # --- queries -----------------------------------------------------------------------------------------

    def get(self, complaint_id: str, *, actor: Actor) -> Complaint:
        """The complaint as ``actor`` may see it: the reporter their own, an agency (and the Ombudsman) the
        agency view, the national admin and the system all of it. Others get
        :class:`~sp4n.exceptions.NotPermitted`; an unknown id :class:`~sp4n.exceptions.ComplaintNotFound`."""
        return self._queries.get(complaint_id, self.recorded_actor(actor))

    def by_tracking(self, tracking_id: str, *, actor: Actor) -> Complaint:
        """The complaint for a tracking number as a person typed it, as ``actor`` may see it.

        A typo fails the check character and raises :class:`~sp4n.exceptions.RuleViolation` (field
        ``tracking_id``) — it is never resolved to another complaint. A valid number nobody holds raises
        :class:`~sp4n.exceptions.ComplaintNotFound`.
        """
        return self._queries.by_tracking(tracking_id, self.recorded_actor(actor))

    def public_by_tracking(self, tracking_id: str) -> PublicComplaint | PublicStatus | None:
        """What the public may see of a complaint: its text once published (verified, not rahasia, not
        archived), only its status otherwise, nothing when it is rahasia."""
        return self._queries.public_by_tracking(tracking_id)

    def history(self, complaint_id: str, *, actor: Actor) -> list[StoredEvent]:
        """The complaint's committed events, oldest first, as ``actor`` may see them."""
        return self._queries.history(complaint_id, self.recorded_actor(actor))

    def unscoped_record(self, complaint_id: str) -> BackOfficeRecord:
        """The whole complaint and its history with nothing redacted: for a host's back office (auditors,
        the data-protection officer), never for a user-facing path. Every other read is scoped."""
        return self._queries.unscoped_record(complaint_id)

    def public_history(self, tracking_id: str) -> list[PublicEvent]:
        """The steps the public may see (none for rahasia): what and when, never who or why."""
        return self._queries.public_history(tracking_id)

    def verify_history(self, complaint_id: str) -> None:
        """Raise :class:`~sp4n.exceptions.HistoryTampered` if the stored history was edited, deleted or
        reordered behind sp4n's back."""
        self._queries.verify_history(complaint_id)

    def by_agency(
        self, agency_id: str, *, actor: Actor, status: Status | str | None = None, limit: int = 100
    ) -> list[AgencyComplaint]:
        """An agency's complaints (optionally in one status), oldest first, as the agency may see them; read
        by that agency's admin, the national admin, the Ombudsman or the system."""
        return self._queries.by_agency(agency_id, self.recorded_actor(actor), status, limit)

    def overdue(self, as_of: datetime, *, actor: Actor, limit: int = 100) -> list[Complaint]:
        """Open complaints whose stored deadline is before ``as_of``, earliest first (no recomputation),
        those ``actor`` may read, as they may see them."""
        return self._queries.overdue(as_of, self.recorded_actor(actor), limit)

    def public_feed(self, limit: int = 100) -> list[PublicComplaint]:
        """The newest complaints the public may see, privacy-filtered (never rahasia, never a reporter)."""
        return self._queries.public_feed(limit)

    def my_complaints(self, *, actor: Actor, limit: int = 100) -> list[Complaint]:
        """The reporter ``actor``'s own complaints, newest first, whole (including who declined and why)."""
        return self._queries.my_complaints(self.recorded_actor(actor), limit)

    def recorded_actor(self, actor: Actor) -> Actor:
        """``actor`` as the record knows it: a reporter's account id becomes their ``reporter_ref`` (see
        :mod:`sp4n.service.pseudonyms`); staff unchanged. Every call taking an ``actor`` does this itself; a
        host that compares ids with complaints (``reporter_ref``) maps once, and mapping again is harmless."""
        return recorded_in(self.uow, checked_actor(actor))

    def reporter_identity(self, reporter_ref: str, *, actor: Actor) -> MaskedIdentity | None:
        """The reporter's identity, masked (``None`` if unknown); a tombstone shows as ``erased``. For the
        reporter themselves, the national admin and the system only."""
        return self._queries.reporter_identity(reporter_ref, self.recorded_actor(actor))
