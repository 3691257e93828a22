"""Time limits as data: value, unit, what starts, stops and pauses the clock, and the legal citation.

The national defaults, each with its citation, ship as :data:`NATIONAL_RULES`; agencies and categories
override a clock's value and unit with a :class:`RuleOverride` (e.g. an agency SOP's 2/5/14/60 working days).

>>> policy = SlaPolicy(overrides=(RuleOverride(clock="follow_up", value=14, agency_id="pemkab-sleman",
...                                            citation="SOP Pemkab Sleman"),))
>>> policy.rule_for("follow_up", agency_id="pemkab-sleman", category=None).value
14
>>> policy.rule_for("follow_up", agency_id="other", category=None).value
5
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

import attrs

from sp4n.exceptions import ConfigurationError
from sp4n.lifecycle.status import OPEN, WAITING, Action, Status
from sp4n.sla.counting import RAMADAN_HOURS, Counting, OfficeHours, SpecialHours

__all__ = [
    "NATIONAL_RULES",
    "NATIONAL_TYPE_RULES",
    "RAMADAN_HOURS",
    "ClockRule",
    "Counting",
    "Expiry",
    "OfficeHours",
    "RuleOverride",
    "SlaPolicy",
    "SpecialHours",
    "TimeUnit",
]


class TimeUnit(StrEnum):
    """How a limit is counted."""

    working_days = "working_days"
    calendar_days = "calendar_days"
    working_hours = "working_hours"


class Expiry(StrEnum):
    """What the system must do when a clock runs out."""

    breach = "breach"
    auto_close = "auto_close"
    lapse = "lapse"


def _actions(value: Iterable[Action]) -> frozenset[Action]:
    return frozenset(value)


def _statuses(value: Iterable[Status]) -> frozenset[Status]:
    return frozenset(value)


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


_ZONE_MAP = attrs.Factory(lambda p: dict(p.office_timezones), takes_self=True)  # built once per policy


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class ClockRule:
    """One legal time limit, as data.

    A start action (re)starts the clock when it leads into one of ``runs_in``; a stop action, or a step into
    a status outside ``runs_in``, stops it; a status in ``pauses_in`` pauses it. The agency's clocks run
    while LAPOR! and the agency handle the complaint (:data:`~sp4n.lifecycle.status.OPEN`); the Ombudsman
    clocks only while the reported party owes Ombudsman RI an answer.
    """

    clock: str
    value: int = attrs.field(validator=attrs.validators.ge(0))
    unit: TimeUnit = attrs.field(converter=TimeUnit)
    starts_on: frozenset[Action] = attrs.field(converter=_actions)
    stops_on: frozenset[Action] = attrs.field(converter=_actions)
    pauses_in: frozenset[Status] = attrs.field(default=WAITING, converter=_statuses)
    runs_in: frozenset[Status] = attrs.field(default=OPEN, converter=_statuses)
    #: Whose office calendar counts the clock: the handling agency's, or the national admin's (verification).
    office: str = attrs.field(default="agency", validator=attrs.validators.in_(("agency", "national")))
    on_expiry: Expiry = attrs.field(default=Expiry.breach, converter=Expiry)
    citation: str
    label_id: str = ""
    label_en: str = ""
    #: Actions that lengthen a running clock by ``extension`` units (UU 14/2008 Pasal 22(8), allowed once).
    extends_on: frozenset[Action] = attrs.field(default=frozenset(), converter=_actions)
    extension: int = attrs.field(default=0, validator=attrs.validators.ge(0))


@attrs.frozen(kw_only=True)
class RuleOverride:
    """Replace a clock's value (and optionally unit) for an agency, a category, a report type, or several."""

    clock: str
    value: int = attrs.field(validator=attrs.validators.ge(0))
    unit: TimeUnit | None = None
    agency_id: str | None = None
    category: str | None = None
    complaint_type: str | None = None
    citation: str

    def specificity(
        self, agency_id: str | None, category: str | None, complaint_type: str | None = None
    ) -> int:
        """-1 when it does not apply; else higher means more specific (agency, then category, then type)."""
        if self.agency_id is not None and self.agency_id != agency_id:
            return -1
        if self.category is not None and self.category != category:
            return -1
        if self.complaint_type is not None and self.complaint_type != complaint_type:
            return -1
        return (
            4 * (self.agency_id is not None)
            + 2 * (self.category is not None)
            + (self.complaint_type is not None)
        )


#: The national defaults, each citing its source (LAPOR!'s published limits, Perpres 76/2013, UU 37/2008,
#: Peraturan Ombudsman 58/2023). Tunda and a request for information pause every agency clock.
NATIONAL_RULES: tuple[ClockRule, ...] = (
    ClockRule(
        clock="verification",
        value=3,
        unit=TimeUnit.working_days,
        starts_on={Action.submit},
        stops_on={Action.verify, Action.archive, Action.archive_duplicate},
        office="national",
        citation=(
            "lapor.go.id FAQ; LAPOR! app (KemenPANRB): diteruskan ke instansi paling lambat 3 hari kerja; "
            "counted on the national admin's calendar (our choice: LAPOR! is run from Jakarta, WIB)"
        ),
        label_id="verifikasi dan penerusan",
        label_en="verification and forwarding",
    ),
    ClockRule(
        clock="follow_up",
        value=5,
        unit=TimeUnit.working_days,
        starts_on={Action.verify, Action.reroute, Action.overrule_decline, Action.reply, Action.reopen},
        stops_on={Action.follow_up, Action.decline},
        citation=(
            "LAPOR! app (KemenPANRB): koordinasi dan tindak lanjut instansi paling lambat 5 hari kerja; "
            "restarted for the agency a complaint is sent (back) to, and by the reporter's reply or reopen "
            "(our choice: each answer of the reporter owes a new tindak lanjut); "
            "extend_information_deadline adds 7 hari kerja once, before the limit ends (UU 14/2008 "
            "Pasal 22(8))"
        ),
        extends_on={Action.extend_information_deadline},
        extension=7,
        label_id="tindak lanjut instansi",
        label_en="agency follow-up",
    ),
    ClockRule(
        clock="reply_window",
        value=10,
        unit=TimeUnit.working_days,
        starts_on={Action.follow_up},
        stops_on={Action.reply, Action.close},
        on_expiry=Expiry.auto_close,
        citation=(
            "LAPOR! app (KemenPANRB): dianggap selesai 10 hari kerja setelah tindak lanjut tanpa balasan "
            "dari pelapor maupun administrator LAPOR!"
        ),
        label_id="masa tanggapan pelapor",
        label_en="reporter's reply window",
    ),
    ClockRule(
        clock="information_reply",
        value=10,
        unit=TimeUnit.working_days,
        starts_on={Action.request_information},
        stops_on={Action.add_information, Action.information_lapsed},
        pauses_in=frozenset(),
        runs_in={Status.awaiting_information},
        on_expiry=Expiry.lapse,
        citation=(
            "our choice (no LAPOR! rule found): the reporter answers a request for information within 10 "
            "working days, as LAPOR! gives the reporter 10 working days to answer a follow-up; unanswered, "
            "the complaint continues with what it has (information_lapsed)"
        ),
        label_id="kelengkapan dari pelapor",
        label_en="reporter's answer to a request for information",
    ),
    ClockRule(
        clock="hold_cap",
        value=10,
        unit=TimeUnit.working_days,
        starts_on={Action.hold},
        stops_on={Action.resume},
        pauses_in=frozenset(),
        runs_in={Status.on_hold},
        citation=(
            "our choice (no rule on Tunda found): a hold lasts at most 10 working days, then it is a breach "
            "of the agency (and, when the policy escalates on it, a ground for Ombudsman RI)"
        ),
        label_id="batas tunda",
        label_en="hold limit",
    ),
    ClockRule(
        clock="resolution",
        value=60,
        unit=TimeUnit.calendar_days,
        starts_on={Action.verify},
        stops_on={Action.close},
        # 60 days "setelah berkas pengaduan dinyatakan lengkap": waiting for the reporter's information pauses
        # it; the agency's own Tunda does not (a hold cannot buy the agency time).
        pauses_in={Status.awaiting_information},
        citation=(
            "Perpres 76/2013 (pengelolaan pengaduan pelayanan publik): diselesaikan paling lambat 60 hari "
            "setelah berkas pengaduan dinyatakan lengkap; our choice: verification declares it complete, a "
            "request for information pauses the 60 days to the exact instant and a pause gives back whole "
            "days, so the limit still ends at 24:00 local"
        ),
        label_id="penyelesaian pengaduan",
        label_en="resolution",
    ),
    ClockRule(
        clock="lhp_follow_up",
        value=30,
        unit=TimeUnit.working_days,
        starts_on={Action.record_lhp},
        stops_on={Action.record_response, Action.record_recommendation, Action.conclude},
        pauses_in=frozenset(),
        runs_in={Status.lhp_issued},
        citation=(
            "Peraturan Ombudsman 58/2023 Pasal 54(1): tindak lanjut LHP oleh terlapor 30 hari kerja; counted "
            "from when LAPOR! records the LHP (our choice: the receipt date is not known to LAPOR!)"
        ),
        label_id="tindak lanjut LHP Ombudsman RI",
        label_en="action on the Ombudsman's LHP",
    ),
    ClockRule(
        clock="recommendation_report",
        value=60,
        unit=TimeUnit.calendar_days,
        starts_on={Action.record_recommendation},
        stops_on={Action.record_response, Action.conclude},
        pauses_in=frozenset(),
        runs_in={Status.recommendation_issued},
        citation=(
            "UU 37/2008 Pasal 38(2): atasan terlapor menyampaikan laporan pelaksanaan Rekomendasi paling "
            "lambat 60 hari sejak diterimanya Rekomendasi; counted from when LAPOR! records it (our choice: "
            "the receipt date is not known to LAPOR!)"
        ),
        label_id="laporan pelaksanaan Rekomendasi Ombudsman RI",
        label_en="report on the Ombudsman's Rekomendasi",
    ),
)


#: National limits by report type, below any host override: a permintaan informasi gets 10 working days
#: (UU 14/2008 Pasal 22(7)), extended once by 7 (22(8): ``extend_information_deadline``, via ``extends_on``).
NATIONAL_TYPE_RULES: tuple[RuleOverride, ...] = (
    RuleOverride(
        clock="follow_up",
        value=10,
        unit=TimeUnit.working_days,
        complaint_type="permintaan_informasi",
        citation=(
            "UU 14/2008 Pasal 22(7): pemberitahuan tertulis paling lambat 10 hari kerja sejak diterimanya "
            "permintaan (perpanjangan 7 hari kerja, sekali, dengan alasan tertulis, Pasal 22(8)); our "
            "choice: the public body receives the request when LAPOR! forwards it"
        ),
    ),
)


def _check_policy(instance: SlaPolicy, _: attrs.Attribute[str], __: str) -> None:
    names = [r.clock for r in instance.rules]
    if len(set(names)) != len(names):
        raise ConfigurationError("sla policy", "two rules share a clock name")
    unknown = {o.clock for o in instance.overrides} - set(names) | set(instance.escalate_on) - set(names)
    if unknown:
        raise ConfigurationError("sla policy", "unknown clock(s): {names}", names=", ".join(sorted(unknown)))


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """Rules, their overrides, the counting convention and what triggers auto-escalation.

    ``escalate_on`` names the clocks whose breach makes the system escalate to Ombudsman RI (off by default).
    A deadline is counted on the handling office's local calendar: ``office_timezones`` maps an agency to its
    zone (``Agency.timezone``; a ministry in Jakarta handling a Papua complaint counts in WIB), and
    ``national_timezone`` is the national admin's (LAPOR! is run from Jakarta: WIB, our choice). An agency
    missing from the map counts in the zone of the complaint's region; ``default_timezone`` is used when a
    complaint has no region either.
    """

    rules: tuple[ClockRule, ...] = NATIONAL_RULES
    overrides: tuple[RuleOverride, ...] = ()
    type_rules: tuple[RuleOverride, ...] = NATIONAL_TYPE_RULES
    counting: Counting = attrs.field(factory=Counting)
    escalate_on: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    office_timezones: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    national_timezone: str = "Asia/Jakarta"
    default_timezone: str = attrs.field(default="Asia/Jakarta", validator=_check_policy)
    _zones: dict[str, str] = attrs.field(init=False, repr=False, eq=False, default=_ZONE_MAP)

    def office_timezone(self, agency_id: str | None) -> str | None:
        """The zone of ``agency_id``'s office, or ``None`` when the policy does not know it."""
        return self._zones.get(agency_id or "")

    def rule_for(
        self, clock: str, *, agency_id: str | None, category: str | None, complaint_type: str | None = None
    ) -> ClockRule:
        """The effective rule for ``clock``: the most specific host override (agency, then category, then
        report type), else the national rule for the report type, else the national rule."""
        base = next((r for r in self.rules if r.clock == clock), None)
        if base is None:
            raise ConfigurationError("sla policy", "unknown clock {clock!r}", clock=clock)
        facts = (agency_id, category, complaint_type)
        best = max(
            (o for o in self.overrides if o.clock == clock and o.specificity(*facts) >= 0),
            key=lambda o: o.specificity(*facts),
            default=None,
        ) or next((o for o in self.type_rules if o.clock == clock and o.specificity(*facts) >= 0), None)
        if best is None:
            return base
        return attrs.evolve(base, value=best.value, unit=best.unit or base.unit, citation=best.citation)
