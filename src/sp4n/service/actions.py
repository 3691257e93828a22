"""The lifecycle actions of the application service, one thin method each (split from ``sp4n.service.facade``).

Each method parses its untrusted input into the command model and hands it to ``execute``; the table maps a
command to its action and to the command fields that become ``apply`` details.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sp4n import commands as cmd
from sp4n.lifecycle.model import Actor, Complaint
from sp4n.lifecycle.status import Action

__all__ = ["ACTIONS", "ROUTED", "ActionMethods", "Input"]

#: What untrusted input may arrive as: a mapping (parsed JSON, a form), JSON text, or raw bytes.
Input = Mapping[str, Any] | bytes | str

# Command class → (action, the command fields that become ``apply`` details).
ACTIONS: dict[type[cmd.Command], tuple[Action, tuple[str, ...]]] = {
    cmd.VerifyAndForward: (Action.verify, ("agency_id", "title", "category", "anonim", "rahasia")),
    cmd.Dispose: (Action.dispose, ("unit_ids",)),
    cmd.Start: (Action.start, ()),
    cmd.FollowUp: (Action.follow_up, ()),
    cmd.Reply: (Action.reply, ()),
    cmd.Close: (Action.close, ()),
    cmd.Hold: (Action.hold, ()),
    cmd.Resume: (Action.resume, ()),
    cmd.Decline: (Action.decline, ()),
    cmd.Reroute: (Action.reroute, ("agency_id",)),
    cmd.Archive: (Action.archive, ()),
    cmd.Escalate: (Action.escalate, ("ombudsman_ref",)),
}
#: Commands that forward to an agency: without ``agency_id`` the resolver chooses.
ROUTED = (cmd.VerifyAndForward, cmd.Reroute)


class ActionMethods:
    """One method per lifecycle action; :class:`sp4n.service.facade.Service` provides ``execute``."""

    def execute(self, command: cmd.Command, *, actor: Actor) -> Complaint:
        """Run a parsed lifecycle command as ``actor`` (implemented by the service)."""
        raise NotImplementedError

    def _run(self, model: type[cmd.Command], data: Input | cmd.Command, actor: Actor) -> Complaint:
        return self.execute(cmd.parse_command(model, data), actor=actor)

    def verify_and_forward(self, data: Input | cmd.VerifyAndForward, *, actor: Actor) -> Complaint:
        """Verifikasi: forward to the named agency, or to the one the resolver picks."""
        return self._run(cmd.VerifyAndForward, data, actor)

    def dispose(self, data: Input | cmd.Dispose, *, actor: Actor) -> Complaint:
        """Disposisi to units."""
        return self._run(cmd.Dispose, data, actor)

    def start(self, data: Input | cmd.Start, *, actor: Actor) -> Complaint:
        """A unit starts work."""
        return self._run(cmd.Start, data, actor)

    def follow_up(self, data: Input | cmd.FollowUp, *, actor: Actor) -> Complaint:
        """Post the tindak lanjut."""
        return self._run(cmd.FollowUp, data, actor)

    def reply(self, data: Input | cmd.Reply, *, actor: Actor) -> Complaint:
        """The reporter answers the follow-up (not satisfied)."""
        return self._run(cmd.Reply, data, actor)

    def close(self, data: Input | cmd.Close, *, actor: Actor) -> Complaint:
        """Close (reporter satisfied)."""
        return self._run(cmd.Close, data, actor)

    def hold(self, data: Input | cmd.Hold, *, actor: Actor) -> Complaint:
        """Tunda."""
        return self._run(cmd.Hold, data, actor)

    def resume(self, data: Input | cmd.Resume, *, actor: Actor) -> Complaint:
        """Resume from a hold."""
        return self._run(cmd.Resume, data, actor)

    def decline(self, data: Input | cmd.Decline, *, actor: Actor) -> Complaint:
        """Bukan wewenang."""
        return self._run(cmd.Decline, data, actor)

    def reroute(self, data: Input | cmd.Reroute, *, actor: Actor) -> Complaint:
        """Send a declined complaint to another agency."""
        return self._run(cmd.Reroute, data, actor)

    def archive(self, data: Input | cmd.Archive, *, actor: Actor) -> Complaint:
        """Arsipkan with a reason."""
        return self._run(cmd.Archive, data, actor)

    def escalate(self, data: Input | cmd.Escalate, *, actor: Actor) -> Complaint:
        """Escalate to Ombudsman RI."""
        return self._run(cmd.Escalate, data, actor)
