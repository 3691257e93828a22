"""The reminder runner: warns agencies of approaching deadlines and reporters of the coming auto-close.

Reminders are not events (nothing about the complaint changes), so they do not go through the outbox. A
host runs :func:`send_reminders` periodically (every few minutes, next to ``Service.run_due``). Each run:

1. asks storage for the complaints whose stored next deadline falls before
   :func:`~sp4n.sla.reminders.reminder_horizon` (``complaints.overdue(horizon)``: one indexed query, never a
   scan of every complaint; the stored deadline is the earliest pending one, so no complaint with a deadline
   inside the horizon is missed);
2. replays each one's clocks and asks :func:`~sp4n.sla.reminders.reminders_due` what is due at ``now``;
3. claims each reminder's key in a :class:`~sp4n.ports.SentReminders` store, then renders it with
   :meth:`MessageRenderer.for_reminder <sp4n.notify.messages.MessageRenderer>` (so the reminder rules, the
   templates and the privacy rules — nothing of an anonim reporter to an agency — are the same as for every
   other message) and sends it.

Claim-then-send makes a reminder **at most once** per deadline, across re-runs and across runners that share
one key store (threads, or processes on one SQLite file); a runner that dies between claim and send loses
that one reminder (a warning, not a decision: the breach notice and the auto-close still follow from
``run_due``). If every message of a reminder fails, or it cannot be rendered, the key is released and the
next run tries again. Message ids are keyed on the reminder, the clock and the due instant, so a receiver
can still drop a duplicate.

The national admin's breach notice is not a reminder: ``run_due`` records a ``record_breach`` event and the
outbox relay delivers it under the ``record_breach`` rule.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime

import attrs

from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.events import Event
from sp4n.lifecycle.model import Complaint, require_aware
from sp4n.notify.facts import fold_facts
from sp4n.notify.messages import MessageRenderer
from sp4n.notify.model import Message, NextDeadline
from sp4n.notify.rules import Reminder
from sp4n.ports import MessageSender, SentReminders, UnitOfWork
from sp4n.sla.reminders import DEFAULT_REMINDERS, ReminderDue, ReminderRule, reminder_horizon, reminders_due
from sp4n.sla.rules import SlaPolicy
from sp4n.sla.workdays import WorkingCalendar, indonesia_calendar

__all__ = ["ReminderPass", "send_reminders"]

_log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class ReminderPass:
    """What one :func:`send_reminders` did.

    ``complaints`` read; ``reminders`` claimed and sent now; ``already_sent`` due but sent before (or by
    another runner); ``delivered`` messages; ``failed`` messages that could not be sent, plus complaints
    whose reminders could not even be worked out or rendered (logged, then skipped).
    """

    complaints: int = 0
    reminders: int = 0
    already_sent: int = 0
    delivered: int = 0
    failed: int = 0

    def __add__(self, other: ReminderPass) -> ReminderPass:
        return ReminderPass(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in attrs.fields(ReminderPass)}
        )


def _kinds(rules: Sequence[ReminderRule]) -> None:
    known = {str(r) for r in Reminder}
    unknown = sorted({r.kind for r in rules} - known)
    if unknown:
        raise ConfigurationError(
            "reminder rules",
            "unknown kind(s) {names}; use {known}",
            names=", ".join(unknown),
            known=sorted(known),
        )


@attrs.frozen(kw_only=True)
class _Run:
    renderer: MessageRenderer
    sender: MessageSender
    sent: SentReminders
    rules: tuple[ReminderRule, ...]
    policy: SlaPolicy
    calendar: WorkingCalendar
    now: datetime

    def guarded(self, complaint: Complaint, history: list[Event]) -> ReminderPass:
        if not history:
            return ReminderPass()
        try:
            return self.complaint(complaint, history)
        except Exception as err:  # a poison complaint must not hold back everyone else's reminders
            _log.warning("reminders for complaint %s failed: %s", complaint.id, type(err).__name__)
            return ReminderPass(complaints=1, failed=1)

    def complaint(self, complaint: Complaint, history: list[Event]) -> ReminderPass:
        dues = reminders_due(
            complaint, history, self.now, rules=self.rules, policy=self.policy, calendar=self.calendar
        )
        result = ReminderPass(complaints=1)
        for due in dues:
            result += self.reminder(due, history)
        return result

    def deadline(self, due: ReminderDue) -> NextDeadline:
        rule = next((r for r in self.policy.rules if r.clock == due.clock), None)
        labels = {} if rule is None else {"label_id": rule.label_id, "label_en": rule.label_en}
        return NextDeadline(clock=due.clock, due_at=due.due_at, **labels)

    def reminder(self, due: ReminderDue, history: list[Event]) -> ReminderPass:
        if not self.sent.claim(due.complaint_id, due.key, due.due_at):
            return ReminderPass(already_sent=1)  # claimed first: a re-run costs no rendering
        try:
            messages = self.renderer.for_reminder(
                Reminder(due.kind),
                fold_facts(history, upto=history[-1].sequence),
                deadline=self.deadline(due),
                sequence=history[-1].sequence,
            )
        except BaseException:
            self.sent.release(due.complaint_id, due.key)
            raise
        delivered = sum(self.send(m) for m in messages)
        failed = len(messages) - delivered
        if messages and not delivered:
            self.sent.release(due.complaint_id, due.key)  # nothing went out: let the next run try again
        return ReminderPass(reminders=1, delivered=delivered, failed=failed)

    def send(self, message: Message) -> bool:
        try:
            self.sender.send(message)
        except Exception as err:  # one failing recipient must not stop the others' reminders
            # The type only: an error's text may quote the recipient's address (personal data).
            _log.warning("reminder %s not delivered: %s", message.id, type(err).__name__)
            return False
        return True


def send_reminders(
    uow: UnitOfWork,
    renderer: MessageRenderer,
    sender: MessageSender,
    now: datetime,
    *,
    sent: SentReminders,
    rules: Iterable[ReminderRule] = DEFAULT_REMINDERS,
    policy: SlaPolicy | None = None,
    calendar: WorkingCalendar | None = None,
    batch: int = 200,
) -> ReminderPass:
    """Send every reminder due at ``now`` that was not sent before (see the module docstring).

    Args:
        uow: storage, read in short blocks (give the runner its own, as the relay has).
        renderer: renders reminders (its directory, identities, rules and templates apply).
        sender: delivers each message; a failure is logged and counted, never raised.
        now: the instant to evaluate at (aware).
        sent: the keys already sent.
        rules: when to warn (default :data:`~sp4n.sla.reminders.DEFAULT_REMINDERS`).
        policy: the SLA policy the service's deadlines use (default: the national one).
        calendar: the working calendar the service's deadlines use (default: the national one).
        batch: complaints read per query.

    Raises:
        ConfigurationError: a rule names a kind that is not a :class:`~sp4n.notify.rules.Reminder`.
    """
    require_aware("now", now)
    chosen = tuple(rules)
    _kinds(chosen)
    cal = calendar or indonesia_calendar()
    run = _Run(
        renderer=renderer, sender=sender, sent=sent, rules=chosen, policy=policy or SlaPolicy(),
        calendar=cal, now=now,
    )  # fmt: skip
    horizon = reminder_horizon(now, chosen, calendar=cal, counting=run.policy.counting)
    total, limit = ReminderPass(), batch
    seen: set[str] = set()
    while True:
        with uow as u:
            found = u.complaints.overdue(horizon, limit)
            fresh = [c for c in found if c.id not in seen]
            histories = {c.id: [s.event for s in u.events.history(c.id)] for c in fresh}
        for complaint in fresh:
            total += run.guarded(complaint, histories[complaint.id])
        seen.update(c.id for c in fresh)
        if len(found) < limit:
            return total
        limit += batch
