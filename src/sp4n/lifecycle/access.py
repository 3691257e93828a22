"""Who may do what to a complaint: the roles of PermenPANRB 5/2025 and the LAPOR! v3 admin guide.

Permissions are separate from the lifecycle: the machine says what *can* happen from a status, this module
says *who* may make it happen. :func:`can` and :func:`allowed_actions` combine both for UIs; ``apply``
raises :class:`~sp4n.exceptions.NotPermitted` naming the rule that refused.

>>> from datetime import datetime, UTC
>>> from sp4n.lifecycle.model import Complaint
>>> at = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
>>> c = Complaint(id="c1", tracking_id="LAP-1", type="pengaduan", title="Jalan rusak", description="...",
...               category="infrastruktur", channel="web", reporter_ref="r-1", submitted_at=at,
...               status="forwarded", agency_id="pemkab-sleman", version=2, updated_at=at)
>>> sorted(str(a) for a in allowed_actions(c, Actor(id="a", role="agency_admin", agency_id="pemkab-sleman")))
['archive', 'decline', 'dispose', 'follow_up', 'hold', 'request_information']
>>> can(c, Action.dispose, Actor(id="a", role="agency_admin", agency_id="pemkab-bantul"))
False
>>> permission_rule(c, Action.verify, Actor(id="r-1", role="reporter"))
'only the national admin may verify and forward a complaint'
"""

from __future__ import annotations

from collections.abc import Callable

from sp4n.exceptions import NotPermitted
from sp4n.lifecycle.conditions import blocked_by_past
from sp4n.lifecycle.model import Actor, Complaint, Role
from sp4n.lifecycle.status import Action, Status
from sp4n.lifecycle.table import actions_from, target

__all__ = [
    "RULES",
    "SUBMIT_ROLES",
    "allowed_actions",
    "can",
    "check_permitted",
    "may",
    "permission_rule",
]

_Check = Callable[[Complaint, Actor], bool]

#: Roles that may file a complaint: the reporter, or an intake on their behalf (the SMS 1708 / Twitter
#: gateway runs as ``intake``; the national admin keys in letters and walk-ins). The SLA timer (``system``)
#: may not: a machine that only counts time never files reports.
SUBMIT_ROLES: frozenset[Role] = frozenset({Role.reporter, Role.national_admin, Role.intake})


def _national_admin(_: Complaint, actor: Actor) -> bool:
    return actor.role is Role.national_admin


def _agency_admin(complaint: Complaint, actor: Actor) -> bool:
    return (
        actor.role is Role.agency_admin
        and complaint.agency_id is not None
        and actor.agency_id == complaint.agency_id
    )


def _working_unit(complaint: Complaint, actor: Actor) -> bool:
    if _agency_admin(complaint, actor):
        return True
    return (
        actor.role is Role.unit_officer
        and complaint.agency_id is not None
        and actor.agency_id == complaint.agency_id
        and actor.unit_id in complaint.unit_ids
    )


def _reporter(complaint: Complaint, actor: Actor) -> bool:
    return (
        actor.role is Role.reporter
        and complaint.reporter_ref is not None
        and actor.id == complaint.reporter_ref
    )


def _reporter_or_system(complaint: Complaint, actor: Actor) -> bool:
    # The system closes after 10 silent working days (LAPOR!'s auto-close); the table allows close only from
    # followed_up, so the system can never close a complaint nobody has answered.
    return _reporter(complaint, actor) or actor.role is Role.system


def _archiver(complaint: Complaint, actor: Actor) -> bool:
    # Before forwarding (no agency assigned) the national admin archives; a forwarded complaint belongs to
    # its agency, whose admin may archive it (LAPOR! v3 admin guide "Arsipkan").
    if complaint.agency_id is None:
        return _national_admin(complaint, actor)
    return complaint.status is Status.forwarded and _agency_admin(complaint, actor)


def _escalator(complaint: Complaint, actor: Actor) -> bool:
    # UU 25/2009 Pasal 46: the reporter may go to Ombudsman RI; the national admin and the SLA timers too,
    # except for an anonim reporter, whose identity only they may disclose (UU 37/2008 Pasal 24(2)).
    if _reporter(complaint, actor):
        return True
    return actor.role in (Role.national_admin, Role.system) and not complaint.is_anonim


def _co_agency(complaint: Complaint, actor: Actor) -> bool:
    # A co-handling agency's admin or one of its officers contributes; the lead agency owns the clocks.
    return (
        actor.role in (Role.agency_admin, Role.unit_officer)
        and actor.agency_id is not None
        and actor.agency_id in complaint.co_agency_ids
    )


def _disposed_unit(complaint: Complaint, actor: Actor) -> bool:
    return actor.role is Role.unit_officer and _working_unit(complaint, actor)


def _asker(complaint: Complaint, actor: Actor) -> bool:
    # The national admin asks for completeness (verification needs a complete report); once assigned, the
    # agency's admin asks too.
    return _national_admin(complaint, actor) or _agency_admin(complaint, actor)


def _ombudsman(_: Complaint, actor: Actor) -> bool:
    return actor.role is Role.ombudsman


def _system(_: Complaint, actor: Actor) -> bool:
    return actor.role is Role.system


def _holder(complaint: Complaint, actor: Actor) -> bool:
    # Tunda is the agency's (LAPOR! v3 admin guide); before forwarding no agency holds the report, so the
    # national admin, who verifies it, holds and resumes it (our choice: the original report asked for a hold
    # from submitted, and the national admin is the only one acting there).
    if complaint.agency_id is None and Status.submitted in (complaint.status, complaint.held_from):
        return _national_admin(complaint, actor)
    return _agency_admin(complaint, actor)


def _publisher(complaint: Complaint, actor: Actor) -> bool:
    # Attachments stay with the handling agency unless published: the agency handling it, or the national
    # admin (who moderates what LAPOR! shows the public), decides (our choice; no regulation names who).
    return _national_admin(complaint, actor) or _agency_admin(complaint, actor)


_CHECKS: dict[Action, tuple[_Check, str]] = {
    Action.verify: (_national_admin, "only the national admin may verify and forward a complaint"),
    Action.reroute: (_national_admin, "only the national admin may reroute a complaint"),
    Action.overrule_decline: (
        _national_admin,
        "only the national admin may overrule a decline (back to the agency that declined)",
    ),
    Action.archive_duplicate: (_national_admin, "only the national admin may archive a duplicate"),
    Action.add_agency: (_national_admin, "only the national admin may add a co-handling agency"),
    Action.contribute: (_co_agency, "only a co-handling agency's admin or officer may contribute"),
    Action.hand_back: (
        _disposed_unit,
        "only an officer of a unit the complaint was disposed to may hand it back to the agency's admin",
    ),
    Action.dispose: (_agency_admin, "only the assigned agency's admin may dispose"),
    Action.decline: (_agency_admin, "only the assigned agency's admin may decline (bukan wewenang)"),
    Action.hold: (
        _holder,
        "only the assigned agency's admin may hold; before forwarding, the national admin",
    ),
    Action.resume: (
        _holder,
        "only the assigned agency's admin may resume; before forwarding, the national admin",
    ),
    Action.start: (
        _working_unit,
        "only a unit the complaint was disposed to, or the agency's admin, may start",
    ),
    Action.follow_up: (
        _working_unit,
        "only a unit the complaint was disposed to, or the agency's admin, may follow up",
    ),
    Action.reply: (_reporter, "only the reporter may reply"),
    Action.close: (_reporter_or_system, "only the reporter (satisfied) or the system (auto-close) may close"),
    Action.archive: (
        _archiver,
        "only the national admin may archive before forwarding; after it, the assigned agency's admin "
        "while the complaint is forwarded",
    ),
    Action.escalate: (
        _escalator,
        "only the reporter, the national admin or the system may escalate; an anonim complaint only its "
        "reporter",
    ),
    Action.request_information: (
        _asker,
        "only the national admin or the assigned agency's admin may ask the reporter for information",
    ),
    Action.add_information: (_reporter, "only the reporter may add information"),
    Action.information_lapsed: (_system, "only the system records that a request for information lapsed"),
    Action.reopen: (_reporter, "only the reporter may reopen a closed complaint"),
    Action.ombudsman_receive: (_ombudsman, "only Ombudsman RI records that it received a report"),
    Action.record_lhp: (_ombudsman, "only Ombudsman RI records its LHP"),
    Action.record_recommendation: (_ombudsman, "only Ombudsman RI records its Rekomendasi"),
    Action.record_response: (_ombudsman, "only Ombudsman RI records the reported party's response"),
    Action.conclude: (_ombudsman, "only Ombudsman RI concludes its examination"),
    Action.record_breach: (_system, "only the system records a time-limit breach"),
    Action.extend_information_deadline: (
        _agency_admin,
        "only the assigned agency's admin may extend a permintaan informasi (UU 14/2008 Pasal 22(8))",
    ),
    Action.publish_attachment: (
        _publisher,
        "only the national admin or the assigned agency's admin may publish an attachment",
    ),
    # Masking a text for every audience is moderation of what LAPOR! keeps and shows: the operator's, like
    # verification (our choice; UU 27/2022 Pasal 16 asks the controller to correct and erase personal data).
    Action.flag_redaction: (_national_admin, "only the national admin may flag a complaint for redaction"),
    Action.redact: (_national_admin, "only the national admin may redact a text"),
    Action.clear_redaction: (_national_admin, "only the national admin may end a redaction"),
}

#: The permission rule of every action, as text (used in NotPermitted and in docs/lifecycle.md).
RULES: dict[Action, str] = {action: rule for action, (_, rule) in _CHECKS.items()}


def permission_rule(complaint: Complaint, action: Action, actor: Actor) -> str | None:
    """The rule that refuses ``actor`` doing ``action``, or ``None`` when permitted."""
    entry = _CHECKS.get(action)
    if entry is None:
        return (
            "use new_complaint() to create a complaint"
            if action is Action.submit
            else f"unknown action {action}"
        )
    check, rule = entry
    return None if check(complaint, actor) else rule


def may(complaint: Complaint, action: Action, actor: Actor) -> bool:
    """True when ``actor`` is permitted ``action`` on ``complaint`` (status not considered)."""
    return permission_rule(complaint, action, actor) is None


def check_permitted(complaint: Complaint, action: Action, actor: Actor) -> None:
    """Raise :class:`NotPermitted` (actor, action, rule) unless ``actor`` may do ``action``."""
    rule = permission_rule(complaint, action, actor)
    if rule is not None:
        raise NotPermitted(actor.id, str(action), rule)


def can(complaint: Complaint, action: Action, actor: Actor) -> bool:
    """True when ``action`` is possible from the complaint's status and past *and* ``actor`` may do it.

    Windows that depend on the time of the action (:func:`~sp4n.lifecycle.conditions.outside_window`) are
    checked by ``apply``, which knows the time.
    """
    if target(complaint.status, action, complaint.held_from) is None:
        return False
    if blocked_by_past(complaint, action) is not None:
        return False
    return may(complaint, action, actor)


def allowed_actions(complaint: Complaint, actor: Actor) -> frozenset[Action]:
    """Every action ``actor`` could take on ``complaint`` now (details still have to be valid)."""
    return frozenset(a for a in actions_from(complaint.status) if can(complaint, a, actor))
